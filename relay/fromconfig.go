package relay

import (
	"fmt"
	"net"
	"strings"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// WithoutSelf drops the relay itself from its upstreams (after --apply the
// effective GOPROXY starts with it): forwarding to itself would loop.
func WithoutSelf(c mirrors.Chain, url string, addr net.Addr) mirrors.Chain {
	self := map[string]bool{mirrors.URLKey(url): true}
	if ta, ok := addr.(*net.TCPAddr); ok && ta.IP.IsLoopback() {
		self[mirrors.URLKey(fmt.Sprintf("http://localhost:%d", ta.Port))] = true
		self[mirrors.URLKey(fmt.Sprintf("http://127.0.0.1:%d", ta.Port))] = true
	}
	var out mirrors.Chain
	for _, e := range c.Entries {
		if e.Kind == mirrors.KindProxy && self[mirrors.URLKey(e.Resolved())] {
			continue
		}
		out.Entries = append(out.Entries, e)
	}
	return out
}

// PrivateUpstreams are the config mirrors marked private: the only ones
// that get GOPRIVATE/GONOPROXY paths.
func PrivateUpstreams(cfg *config.Config) []Upstream {
	var out []Upstream
	for _, m := range cfg.Mirrors {
		if m.Private {
			u := m.URL
			if !strings.Contains(u, "://") {
				u = "https://" + u
			}
			out = append(out, Upstream{ID: m.ID, URL: u, Weight: 1})
		}
	}
	return out
}

// ConfigHedge is the hedge policy of a [relay] hedge value ("auto", "off"
// or a duration; see config.ParseHedge). A value that does not parse gives
// no hedging and the error.
func ConfigHedge(text string) (HedgePolicy, error) {
	d, auto, err := config.ParseHedge(text)
	switch {
	case err != nil:
		return HedgePolicy{Mode: HedgeOff}, err
	case auto:
		return HedgePolicy{Mode: HedgeAuto}, nil
	case d > 0:
		return HedgePolicy{Mode: HedgeFixed, Delay: d}, nil
	}
	return HedgePolicy{Mode: HedgeOff}, nil
}

// ConfigOptions are the options of a relay over ups that the config
// decides: its private mirrors, its [relay] limits and the health tracker
// of its [probe] settings. The caller adds the go env's values.
func ConfigOptions(cfg *config.Config, ups []Upstream, hedge HedgePolicy) Options {
	return Options{
		Upstreams: ups, Private: PrivateUpstreams(cfg), Hedge: hedge,
		TTFBTimeout: cfg.Relay.TTFBTimeout.Duration, IdleTimeout: cfg.Relay.IdleTimeout.Duration,
		RequestTimeout: cfg.Relay.RequestTimeout.Duration, ZipTimeout: cfg.Relay.ZipTimeout.Duration,
		Health: NewHealth(probe.HealthConfigFrom(cfg.Probe), cfg.Probe.History),
	}
}
