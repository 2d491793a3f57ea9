package envcfg

import (
	"net"
	"net/url"
	"strings"
)

// ProxyFor says which HTTP(S) proxy the go command's requests to u go
// through under the proxy variables env (HTTPS_PROXY, https_proxy,
// HTTP_PROXY, http_proxy, NO_PROXY, no_proxy; unset ones absent or empty),
// by net/http's ProxyFromEnvironment rules: the upper-case variable wins,
// https URLs use HTTPS_PROXY and http URLs HTTP_PROXY, and localhost,
// loopback addresses and hosts NO_PROXY matches ("*", an IP, a CIDR, a
// domain with its subdomains, ".domain" for its subdomains only, each with
// an optional port) are reached directly. It returns the variable's name
// and value, or "" and "" when the request goes direct.
func ProxyFor(env map[string]string, u *url.URL) (key, proxy string) {
	pick := func(keys ...string) (string, string) {
		for _, k := range keys {
			if v := env[k]; v != "" {
				return k, v
			}
		}
		return "", ""
	}
	switch u.Scheme {
	case "https":
		key, proxy = pick("HTTPS_PROXY", "https_proxy")
	case "http":
		key, proxy = pick("HTTP_PROXY", "http_proxy")
	}
	if proxy == "" {
		return "", ""
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
	}
	if host == "localhost" {
		return "", ""
	}
	ip := net.ParseIP(host)
	if ip != nil && ip.IsLoopback() {
		return "", ""
	}
	_, noProxy := pick("NO_PROXY", "no_proxy")
	for p := range strings.SplitSeq(noProxy, ",") {
		if noProxyMatches(strings.ToLower(strings.TrimSpace(p)), host, port, ip) {
			return "", ""
		}
	}
	return key, proxy
}

// noProxyMatches says whether the NO_PROXY entry p (lower case, trimmed)
// covers host:port (ip is host parsed, nil for a name), as
// golang.org/x/net/http/httpproxy matches it.
func noProxyMatches(p, host, port string, ip net.IP) bool {
	if p == "" {
		return false
	}
	if p == "*" {
		return true
	}
	if _, cidr, err := net.ParseCIDR(p); err == nil {
		return ip != nil && cidr.Contains(ip)
	}
	phost, pport, err := net.SplitHostPort(p)
	if err != nil {
		phost, pport = p, ""
	} else if phost == "" {
		return false // malformed: ignored
	}
	phost = strings.TrimSuffix(strings.TrimPrefix(phost, "["), "]")
	if pport != "" && pport != port {
		return false
	}
	if pip := net.ParseIP(phost); pip != nil {
		return ip != nil && pip.Equal(ip)
	}
	if strings.HasPrefix(phost, "*.") {
		phost = phost[1:] // "*.domain" is ".domain"
	}
	if !strings.HasPrefix(phost, ".") {
		// "domain.com" matches itself and its subdomains.
		return host == phost || strings.HasSuffix(host, "."+phost)
	}
	return strings.HasSuffix(host, phost)
}
