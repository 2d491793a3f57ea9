package mirrors

import (
	"path"
	"strings"
	"unicode"

	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/i18n"
)

// PatternIssue is a warning about one pattern of a GOPRIVATE, GONOPROXY,
// GONOSUMDB or GOINSECURE list: the go command accepts it, but it probably
// does not do what its author meant.
type PatternIssue struct {
	Index   int    // 0-based position in the comma-separated list, empty items counted
	Pattern string // the item as written, credentials redacted
	Code    string // machine-readable: "space", "upper-case", "scheme", "userinfo", "colon"
	Reason  string // English; Msg is the same, translatable
	Msg     *i18n.Msg
}

// Message returns the warning in language l.
func (p PatternIssue) Message(l i18n.Lang) string { return localize(l, p.Msg, p.Reason) }

// CheckPatterns validates a comma-separated list of module path patterns as
// the go command reads them (module.MatchPrefixPatterns): each item is a
// path.Match glob matched against the leading path elements of a module
// path; empty items and a trailing '/' are ignored. A glob with a syntax
// error is an error (go would silently never match it). Warnings: spaces
// (go does not trim them, so " corp.example.com" matches nothing), upper case
// (matching is case-sensitive), a URL scheme (patterns are module paths),
// a user name or credentials before the host ("alice:pw@corp.example.com/*")
// and a ':' (a port, or scp-style "git@github.com:org/repo"): module paths
// have none of these.
func CheckPatterns(list string) ([]PatternIssue, error) {
	var issues []PatternIssue
	warn := func(i int, item, code string, m *i18n.Msg) {
		issues = append(issues, PatternIssue{Index: i, Pattern: item, Code: code, Reason: m.Error(), Msg: m})
	}
	for i, raw := range strings.Split(list, ",") {
		glob := strings.TrimSuffix(raw, "/")
		if glob == "" {
			continue
		}
		item := redactPattern(RedactURL(raw)) // never shown with its credentials
		if _, err := path.Match(glob, ""); err != nil {
			return issues, i18n.Errorf("pattern %d %q: %w", i+1, item, i18n.Errorf("syntax error in pattern: the go command would never match it"))
		}
		if strings.ContainsFunc(item, unicode.IsSpace) {
			warn(i, item, "space", newMsg(i18n.N("pattern %q contains white space: the go command does not trim it, so the pattern matches nothing"), item))
		}
		if strings.ContainsFunc(item, unicode.IsUpper) {
			warn(i, item, "upper-case", newMsg(i18n.N("pattern %q has upper case letters: matching is case-sensitive, so it only matches module paths spelled exactly so"), item))
		}
		_, afterScheme, hasScheme := strings.Cut(raw, "://")
		if !hasScheme {
			afterScheme = raw
		}
		first, _, _ := strings.Cut(afterScheme, "/")
		switch {
		case hasScheme:
			warn(i, item, "scheme", newMsg(i18n.N("pattern %q has a URL scheme: patterns are module path prefixes like corp.example.com/*, so it matches nothing"), item))
		case strings.Contains(first, "@"):
			warn(i, item, "userinfo", newMsg(i18n.N("pattern %q holds a user name or credentials: patterns are module path prefixes like corp.example.com/*, so it matches nothing (and would write the password into the go env file)"), item))
		case strings.Contains(raw, ":"):
			warn(i, item, "colon", newMsg(i18n.N("pattern %q has ':': module paths never do (no port, no git@host:path), so it matches nothing"), item))
		}
	}
	return issues, nil
}

// PatternConfirmation returns, when the pattern list for key (GOPRIVATE,
// GONOPROXY, GONOSUMDB or GOINSECURE) has a pattern that can match no
// module path — one with a URL scheme, white space, a user name or a ':' —
// the warning to show before writing it anyway ("GONOPROXY: pattern ...
// matches nothing"), else nil. The CLI refuses such a list unless --force; the
// TUI's confirm dialog shows the warning (render it with i18n.Lang.Error).
// Credentials are redacted. A list CheckPatterns rejects gives nil: the
// validation reports it. An empty key leaves the key out of the message
// (for callers that name it already).
func PatternConfirmation(key, list string) error {
	issues, err := CheckPatterns(list)
	if err != nil {
		return nil
	}
	var err2 error
	for _, is := range issues {
		if is.Code == "upper-case" {
			continue
		}
		switch {
		case err2 == nil && key == "":
			err2 = is.Msg
		case err2 == nil:
			err2 = i18n.Errorf("%s: %w", key, is.Msg)
		default:
			err2 = i18n.Errorf("%w; %w", err2, is.Msg)
		}
	}
	return err2
}

// MatchPatterns reports whether the module path matches the comma-separated
// pattern list, exactly as the go command decides it for GOPRIVATE,
// GONOPROXY, GONOSUMDB and GOINSECURE.
func MatchPatterns(list, modulePath string) bool {
	return module.MatchPrefixPatterns(list, modulePath)
}
