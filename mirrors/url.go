package mirrors

import (
	"net/url"
	"strings"
)

// RedactURL returns u with any password replaced by "xxxxx" and any bare
// user name (a token) replaced likewise, so that credentials are never shown
// or logged. A value that does not parse as a URL is returned with everything
// before an '@' in its authority replaced.
func RedactURL(u string) string {
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
			host = "xxxxx@" + host[i+1:]
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
		p.User = url.UserPassword(p.User.Username(), "xxxxx")
	} else {
		p.User = url.User("xxxxx")
	}
	s := p.String()
	if !strings.Contains(u, "://") {
		s = strings.TrimPrefix(s, "https://")
	}
	return s
}

// RedactList returns a go env list value fit to show: credentials in each
// entry of a GOPROXY-like list (entries split at ',' and '|') and of a
// GOPRIVATE, GONOPROXY, GONOSUMDB or GOINSECURE pattern list (split at
// ',') are replaced as RedactURL does. Values without '@' are returned as
// they are.
func RedactList(v string) string {
	if !strings.Contains(v, "@") {
		return v
	}
	var b strings.Builder
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == ',' || v[i] == '|' {
			b.WriteString(RedactURL(v[start:i]))
			if i < len(v) {
				b.WriteByte(v[i])
			}
			start = i + 1
		}
	}
	return b.String()
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
