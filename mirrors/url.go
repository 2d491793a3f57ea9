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
	p, err := url.Parse(withScheme(strings.TrimSpace(u)))
	if err != nil {
		return strings.ToLower(strings.TrimRight(u, "/"))
	}
	if p.Scheme == "file" {
		return "file://" + strings.TrimRight(p.Path, "/")
	}
	return strings.ToLower(p.Scheme) + "://" + strings.ToLower(p.Host) + strings.TrimRight(p.EscapedPath(), "/")
}
