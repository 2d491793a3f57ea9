package mirrors

import (
	"net/url"
	"strings"
)

// redacted is what a hidden credential is shown as.
const redacted = "xxxxx"

// RedactURL returns u fit to show or log: a password is replaced by
// "xxxxx", a bare user name (a token) likewise, and so is every value of
// the query string, since mirrors that authenticate by URL take their
// tokens there ("?token=…", "?key=…"). A value that does not parse as a URL
// has everything before an '@' in its authority replaced. A '?' in a value
// with no scheme and no '=' after it is a path.Match wildcard of a pattern
// (GOPRIVATE=corp.example/a?c), not a query, and is kept.
func RedactURL(u string) string {
	if !strings.ContainsAny(u, "@?") {
		return u
	}
	return redactQuery(redactUserinfo(u))
}

// redactUserinfo replaces the credentials before the host of u.
func redactUserinfo(u string) string {
	if !strings.Contains(u, "@") {
		return u
	}
	p, err := url.Parse(withScheme(u))
	if err != nil || p.User == nil {
		// Not parseable: cut the userinfo by hand.
		scheme, rest, ok := strings.Cut(u, "://")
		if !ok {
			scheme, rest = "", u
		}
		host, path, _ := strings.Cut(rest, "/")
		if i := strings.LastIndex(host, "@"); i >= 0 {
			host = redacted + "@" + host[i+1:]
		}
		out := host
		if path != "" || strings.Contains(rest, "/") {
			out += "/" + path
		}
		if ok {
			out = scheme + "://" + out
		}
		return out
	}
	if _, has := p.User.Password(); has {
		p.User = url.UserPassword(p.User.Username(), redacted)
	} else {
		p.User = url.User(redacted)
	}
	s := p.String()
	if !strings.Contains(u, "://") {
		s = strings.TrimPrefix(s, "https://")
	}
	return s
}

// redactQuery replaces every value of u's query string (up to a '#'):
// "k=v" becomes "k=xxxxx" and a bare "v" becomes "xxxxx".
func redactQuery(u string) string {
	base, query, ok := strings.Cut(u, "?")
	if !ok {
		return u
	}
	query, fragment, hasFragment := strings.Cut(query, "#")
	if !strings.Contains(base, "://") && !strings.Contains(query, "=") {
		return u // a glob's '?' wildcard
	}
	items := strings.Split(query, "&")
	for i, it := range items {
		if it == "" {
			continue
		}
		if k, _, hasValue := strings.Cut(it, "="); hasValue {
			items[i] = k + "=" + redacted
		} else {
			items[i] = redacted
		}
	}
	out := base + "?" + strings.Join(items, "&")
	if hasFragment {
		out += "#" + fragment
	}
	return out
}

// RedactList returns a go env value fit to show, with credentials hidden
// as RedactURL hides them in each of its entries: the entries of a
// GOPROXY-like list (split at ',' and '|'), of a GOPRIVATE, GONOPROXY,
// GONOSUMDB or GOINSECURE pattern list (split at ','), and the fields of a
// GOSUMDB value "name+key URL" (split at spaces). This is the one redactor
// of go env values: every face that shows one calls it.
func RedactList(v string) string {
	if !strings.ContainsAny(v, "@?") {
		return v
	}
	var b strings.Builder
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || isListSeparator(v[i]) {
			b.WriteString(RedactURL(v[start:i]))
			if i < len(v) {
				b.WriteByte(v[i])
			}
			start = i + 1
		}
	}
	return b.String()
}

// isListSeparator reports whether c separates the entries of a go env
// value that RedactList reads.
func isListSeparator(c byte) bool {
	return c == ',' || c == '|' || c == ' ' || c == '\t'
}

// StripUserinfo returns a URL without scheme, or a pattern pasted from one
// ("carol:pw@git.corp.example/*"), without the "user:password@" before its
// first '/'.
func StripUserinfo(s string) string {
	host, _, _ := strings.Cut(s, "/")
	if i := strings.LastIndex(host, "@"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// withScheme adds https:// to a URL written without a scheme, as the go
// command does for GOPROXY entries containing '.', ':' or '/'.
func withScheme(u string) string {
	if strings.Contains(u, "://") {
		return u
	}
	return "https://" + u
}

// URLKey is the form under which two URLs of one mirror compare equal: the
// scheme (https when missing), the lower-cased host, and the path without a
// trailing slash; no credentials, query or fragment. Catalog matching and
// statistics keys use it.
func URLKey(u string) string {
	if k, ok := fastURLKey(u); ok {
		return k
	}
	p, err := url.Parse(withScheme(strings.TrimSpace(u)))
	if err != nil {
		return strings.ToLower(strings.TrimRight(u, "/"))
	}
	if p.Scheme == "file" {
		return "file://" + strings.TrimRight(p.Path, "/")
	}
	return strings.ToLower(p.Scheme) + "://" + strings.ToLower(p.Host) + strings.TrimRight(p.EscapedPath(), "/")
}

// fastURLKey is URLKey without url.Parse for the common case — an http or
// https URL of plain ASCII with no userinfo, escapes, query or fragment —
// since catalog lookups compute it for every mirror (FuzzURLKey checks that
// both paths agree). ok is false when the slow path must decide.
func fastURLKey(u string) (key string, ok bool) {
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~:/", c) >= 0:
		default:
			return "", false // '@', '%', '?', '#', spaces, non-ASCII, ...: url.Parse decides
		}
	}
	scheme, rest, found := strings.Cut(u, "://")
	if !found {
		if strings.Contains(u, ":") {
			return "", false // "host:port" and "a:b" parse in surprising ways
		}
		scheme, rest = "https", u
	}
	scheme = strings.ToLower(scheme)
	if scheme != "https" && scheme != "http" {
		return "", false
	}
	if strings.Contains(rest, ":") {
		return "", false // ports: url.Parse validates them
	}
	host, path, slash := strings.Cut(rest, "/")
	if host == "" || strings.Contains(path, "//") {
		return "", false
	}
	if slash {
		path = "/" + path
	}
	return scheme + "://" + strings.ToLower(host) + strings.TrimRight(path, "/"), true
}
