package advisor

// The doctor's checks of the environment: OS variables hiding the go env
// file, an HTTPS proxy in effect, and GOPRIVATE-style pattern lists.

import (
	"net/url"
	"path"
	"strings"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
)

func (d *doctor) shadowing() {
	for _, k := range envcfg.Keys {
		v, ok := d.in.Snapshot.Vars[k]
		if !ok || v.Shadowed == nil {
			continue
		}
		d.add(SeverityWarning, "env-shadowed", k,
			T("%s is set in the OS environment to %q, which hides %q from the go env file", k, envcfg.RedactValue(v.Value), envcfg.RedactValue(*v.Shadowed)),
			T("the go command prefers a non-empty OS variable: go env -w and goproxytui use change the file, which takes no effect in shells that set %s (remove it from your shell profile too)", k),
			"unset "+k)
	}
}

// proxyEnv notes an HTTPS proxy in effect when some URL go would reach
// (a mirror of the chain, or the checksum database's own URL when go goes
// there directly) goes through it: net/http reaches loopback hosts and
// hosts in NO_PROXY directly, whatever HTTPS_PROXY says.
func (d *doctor) proxyEnv() {
	k, v := "", ""
	for _, u := range d.reachedURLs() {
		if pu, err := url.Parse(u); err == nil && pu.Scheme == "https" {
			if k, v = envcfg.ProxyFor(d.in.ProxyEnv, pu); k != "" {
				break
			}
		}
	}
	if k == "" {
		return
	}
	msg := T("%s=%s is in effect: go reaches https mirrors and the checksum database through that proxy", k, mirrors.RedactURL(v))
	for _, nk := range []string{"NO_PROXY", "no_proxy"} {
		if nv := d.in.ProxyEnv[nk]; nv != "" {
			msg = T("%s=%s is in effect: go reaches https mirrors and the checksum database through that proxy, except hosts in %s=%s", k, mirrors.RedactURL(v), nk, nv)
			break
		}
	}
	d.add(SeverityInfo, "https-proxy", k, msg,
		T("if that proxy is slow or blocks a host, every build suffers; the probes' DNS and connect times measure the proxy, not the mirrors"),
		"")
}

// reachedURLs are the URLs go would send requests to: the chain's mirrors,
// and the checksum database's own URL when go would go there directly.
func (d *doctor) reachedURLs() []string {
	var out []string
	for _, m := range d.plan.Mirrors {
		out = append(out, m.URL)
	}
	db := d.plan.SumDB
	if d.plan.SumDBErr != nil || db.Off || d.plan.ChainErr != nil && db.URL == "" {
		return out
	}
	if r := d.route(d.plan.Chain); r.Kind == mirrors.Direct {
		out = append(out, r.URL)
	}
	return out
}

func (d *doctor) patterns() {
	private := d.in.Snapshot.Get("GOPRIVATE").Value
	for _, k := range []string{"GOPRIVATE", "GONOPROXY", "GONOSUMDB"} {
		v := d.in.Snapshot.Get(k)
		if v.Value == "" || k != "GOPRIVATE" && v.Value == private {
			continue // empty, or GOPRIVATE's value go falls back to
		}
		issues, err := mirrors.CheckPatterns(v.Value)
		why := T("modules the pattern was meant to cover are treated as public: fetched through the mirrors and checked against the public checksum database, which leaks their paths and fails for private code")
		cleaned := cleanPatterns(v.Value)
		fix := ""
		if cleaned != v.Value {
			fix = setFix(v, cleaned)
			if cleaned == "" {
				fix = unsetFix(v)
			}
		}
		if err != nil {
			d.add(SeverityError, "goprivate-invalid", k, Text{Format: "%s: %s", Args: []any{k, err}}, why, fix)
			continue
		}
		for _, is := range issues {
			d.add(SeverityWarning, "goprivate-pattern", k, Text{Format: "%s: %s", Args: []any{k, is}}, why, fix)
		}
	}
}

// cleanPatterns fixes what can be fixed in a pattern list: spaces trimmed,
// URL schemes and credentials dropped, the first path element (a domain name, always lower
// case in module paths) lower-cased, invalid globs and empty items dropped.
func cleanPatterns(list string) string {
	var out []string
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(p)
		if _, rest, ok := strings.Cut(p, "://"); ok {
			p = rest
		}
		p = mirrors.StripUserinfo(p) // a module path has no user:password@
		first, rest, has := strings.Cut(p, "/")
		p = strings.ToLower(first)
		if has {
			p += "/" + rest
		}
		if p == "" {
			continue
		}
		if _, err := path.Match(strings.TrimSuffix(p, "/"), ""); err != nil {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, ",")
}
