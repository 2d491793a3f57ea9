package envcfg

import (
	"errors"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// validateValue checks one value with the chain model's validators, which
// follow the go command's own parsing, and the gate's refusals that hold
// whatever --force says (control characters, credentials in a pattern).
// The errors already name the key: a *mirrors.ChainError for GOPROXY
// (render it with its Message method), an i18n message for the others.
func validateValue(key, value string) error {
	switch key {
	case "GOPROXY":
		if err := mirrors.CheckText(value); err != nil {
			return i18n.Errorf("%s: %w", key, err)
		}
		if _, err := mirrors.ParseChain(value, nil); err != nil {
			return err
		}
	case "GOSUMDB":
		if err := mirrors.CheckSumDB(value); err != nil && !mirrors.IsForceable(err) {
			var r *mirrors.Refusal
			if errors.As(err, &r) {
				return i18n.Errorf("%s: %w", key, err)
			}
			return err
		}
	case "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE":
		if err := mirrors.CheckPatternList(key, value); err != nil && !mirrors.IsForceable(err) {
			var r *mirrors.Refusal
			if errors.As(err, &r) {
				return err // names the key already
			}
			return i18n.Errorf("invalid %s: %w", key, err)
		}
	}
	return nil
}
