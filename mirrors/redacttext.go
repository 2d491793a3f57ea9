package mirrors

import (
	"regexp"
	"strings"
)

// userinfoRE matches the credentials of a URL in free text.
var userinfoRE = regexp.MustCompile(`://[^/@\s"'` + "`" + `]+@`)

// bareUserinfoRE matches "user:password@" without a scheme, as in a
// pattern pasted from a URL ("alice:pw@corp.example.com/*"), after the
// start, white space, a quote, '=', ',' or '|'.
var bareUserinfoRE = regexp.MustCompile(`(^|[\s"'=,|` + "`" + `])([^\s"'/@:,|=` + "`" + `]+):[^\s"'/@,|` + "`" + `]+@`)

// urlInText matches a URL in free text, up to white space, a quote or an
// angle bracket.
var urlInText = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>` + "`" + `]+`)

// RedactText hides the credentials of the URLs in free text — a line of
// the config file, the go command's stderr, which quotes the URLs it
// failed on (Get "https://alice:pw@host/...") — as RedactURL does:
// user:xxxxx@ or, for a bare token, xxxxx@; and "user:password@" written
// without a scheme as user:xxxxx@. A URL with a query goes through
// RedactURL whole, for the secrets a query may carry.
func RedactText(s string) string {
	s = urlInText.ReplaceAllStringFunc(s, func(u string) string {
		if !strings.Contains(u, "?") {
			return u
		}
		// Punctuation after a URL in a sentence ("…?a=b: 404") is the
		// sentence's, not the query value's.
		trimmed := strings.TrimRight(u, ":,.;)]")
		return RedactURL(trimmed) + u[len(trimmed):]
	})
	s = bareUserinfoRE.ReplaceAllString(s, "${1}${2}:xxxxx@")
	return userinfoRE.ReplaceAllStringFunc(s, func(m string) string {
		info := strings.TrimSuffix(strings.TrimPrefix(m, "://"), "@")
		if user, _, ok := strings.Cut(info, ":"); ok {
			return "://" + user + ":xxxxx@"
		}
		return "://xxxxx@"
	})
}
