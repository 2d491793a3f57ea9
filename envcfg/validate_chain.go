package envcfg

import (
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// validateValue checks one value with the chain model's validators, which
// follow the go command's own parsing. The errors already name the key: a
// *mirrors.ChainError for GOPROXY (render it with its Message method), an
// i18n message for the others.
func validateValue(key, value string) error {
	switch key {
	case "GOPROXY":
		if _, err := mirrors.ParseChain(value, nil); err != nil {
			return err
		}
	case "GOSUMDB":
		if _, err := mirrors.ParseSumDB(value); err != nil {
			return err
		}
	case "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE":
		if _, err := mirrors.CheckPatterns(value); err != nil {
			return i18n.Errorf("invalid %s: %w", key, err)
		}
	}
	return nil
}
