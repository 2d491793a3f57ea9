package mirrors

import (
	"net/url"

	"github.com/goproxytui/goproxytui/i18n"
)

// SumDBURLWarning returns a warning when a GOSUMDB value that ParseSumDB
// accepts names a URL the go command cannot use — it parses the URL but
// fails every request to it: a scheme other than https, http or file
// (`ftp://…`, or none), an http(s) URL without host (`sum.golang.org
// https://`), credentials over plain http. It is nil for usable values and
// for values ParseSumDB rejects (the validation reports those). The URL is
// shown with its credentials redacted.
func SumDBURLWarning(value string) error {
	db, err := ParseSumDB(value)
	if err != nil || db.URL == "" {
		return nil
	}
	u, err := url.Parse(db.URL)
	if err != nil {
		return nil
	}
	why := ""
	switch {
	case u.Scheme == "":
		why = i18n.N("it has no scheme: write https://")
	case u.Scheme == "file":
		return nil
	case u.Scheme != "https" && u.Scheme != "http":
		why = i18n.N("the go command fetches it only over https, http or file")
	case u.Host == "":
		why = i18n.N("it has no host")
	case u.Scheme == "http" && u.User != nil:
		why = i18n.N("the go command refuses to send credentials over plain http")
	}
	if why == "" {
		return nil
	}
	return i18n.Errorf("GOSUMDB URL %q: the go command accepts the value but cannot reach the checksum database there (%w), so every download of a module not in go.sum fails", RedactURL(db.URL), &i18n.Msg{Format: why})
}
