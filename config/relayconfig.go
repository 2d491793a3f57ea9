package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// DefaultRelayPort is the port `goproxytui relay` listens on by default, on
// 127.0.0.1, so that a GOPROXY naming the relay stays valid across restarts.
// 7390 is registered to no well-known service and lies below every
// operating system's ephemeral port range.
const DefaultRelayPort = 7390

// RelayConfig is the [relay] section: how `goproxytui relay` routes
// requests over its upstream mirrors. Zero fields take the relay's
// defaults (see package relay), so an absent section means "the chain's
// order, no pools, hedge auto".
type RelayConfig struct {
	// Listen is the address to listen on ("" = 127.0.0.1:DefaultRelayPort).
	Listen string `toml:"listen"`
	// Hedge is "auto" (the mirror's recent p95 time to first byte, clamped),
	// "off", or a fixed Go duration ("300ms"). "" = auto.
	Hedge string `toml:"hedge"`
	// Pools group upstream mirrors that share traffic by weight. Each pool
	// is a list of "ID" or "ID:WEIGHT" (a mirror id of the catalog or the
	// config; WEIGHT a number > 0, default the mirror's [weights] weight).
	// A pool takes the priority of its first member in the chain; chain
	// mirrors in no pool are pools of one. Members not in the relay's chain
	// are ignored. An id that itself ends in ":NUMBER" (a host:port) must
	// be written with its weight: "127.0.0.1:8080:1".
	Pools [][]string `toml:"pools"`
	// Attempt and request limits (0 = the relay's defaults).
	TTFBTimeout    Duration `toml:"ttfb_timeout"`    // per attempt, request sent → headers
	IdleTimeout    Duration `toml:"idle_timeout"`    // per attempt, longest pause in a body
	RequestTimeout Duration `toml:"request_timeout"` // per request, all attempts (not .zip)
	ZipTimeout     Duration `toml:"zip_timeout"`     // per .zip request, all attempts
}

// PoolMember is one parsed entry of a relay pool.
type PoolMember struct {
	ID     string
	Weight float64 // 0: not given (the mirror's own weight applies)
}

// ParsePoolMember parses "ID" or "ID:WEIGHT": the text after the last ':'
// is a weight when it is a number.
func ParsePoolMember(s string) (PoolMember, error) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if w, err := strconv.ParseFloat(s[i+1:], 64); err == nil {
			if w <= 0 || math.IsNaN(w) || math.IsInf(w, 0) {
				return PoolMember{}, i18n.Errorf("relay pool member %q: weight %v: want a number > 0", s, s[i+1:])
			}
			if s[:i] == "" {
				return PoolMember{}, i18n.Errorf("relay pool member %q: the mirror id is missing", s)
			}
			return PoolMember{ID: s[:i], Weight: w}, nil
		}
	}
	if s == "" {
		return PoolMember{}, i18n.Errorf("relay pool member %q: the mirror id is missing", s)
	}
	return PoolMember{ID: s}, nil
}

// ParseHedge parses a hedge setting: "" or "auto" (auto true), "off" (d 0,
// auto false) or a duration > 0.
func ParseHedge(s string) (d time.Duration, auto bool, err error) {
	switch strings.TrimSpace(s) {
	case "", "auto":
		return 0, true, nil
	case "off":
		return 0, false, nil
	}
	d, err = mirrors.CheckDuration(s)
	if err != nil {
		return 0, false, i18n.Errorf("hedge: %w; or auto, off", err)
	}
	return d, false, nil
}

// Validate checks the section on its own (ids are checked against the
// catalog when the relay starts, as its chain decides which apply).
func (r *RelayConfig) Validate() error {
	if p := r.check(); p != nil {
		return p.err
	}
	return nil
}

func (r *RelayConfig) check() *problem {
	at := func(key string) string { return keyPath("relay", key) }
	if _, _, err := ParseHedge(r.Hedge); err != nil {
		return &problem{at("hedge"), err} // says "hedge: …"
	}
	for _, d := range []struct {
		key string
		v   Duration
	}{{"ttfb_timeout", r.TTFBTimeout}, {"idle_timeout", r.IdleTimeout}, {"request_timeout", r.RequestTimeout}, {"zip_timeout", r.ZipTimeout}} {
		if _, err := mirrors.CheckDuration(d.v.String()); d.v.Duration != 0 && err != nil { // 0: the default
			return &problem{at(d.key), err}
		}
	}
	if strings.TrimSpace(r.Listen) != "" {
		if err := mirrors.CheckListen(r.Listen); err != nil {
			return &problem{at("listen"), i18n.Errorf("relay.listen: %w", err)}
		}
	}
	seen := map[string]bool{}
	for i, pool := range r.Pools {
		if len(pool) == 0 {
			return &problem{at("pools"), i18n.Errorf("relay.pools: pool %d is empty", i+1)}
		}
		for j, s := range pool {
			m, err := ParsePoolMember(s)
			if err != nil {
				return &problem{keyPath("relay", "pools", fmt.Sprintf("#%d", i), fmt.Sprintf("#%d", j)), err}
			}
			k := strings.ToLower(m.ID)
			if seen[k] {
				return &problem{at("pools"), i18n.Errorf("relay.pools: mirror %q is in two pools", m.ID)}
			}
			seen[k] = true
		}
	}
	return nil
}

// checkPoolIDs refuses a pool member that names no mirror of the catalog
// or the config (known), naming the nearest id of cat after a typo.
func (r *RelayConfig) checkPoolIDs(known func(string) bool, cat *mirrors.Catalog) *problem {
	for i, pool := range r.Pools {
		for j, s := range pool {
			m, err := ParsePoolMember(s)
			if err != nil || known(m.ID) {
				continue
			}
			return &problem{keyPath("relay", "pools", fmt.Sprintf("#%d", i), fmt.Sprintf("#%d", j)), i18n.Errorf("relay.pools: %w", cat.UnknownMirror(m.ID))}
		}
	}
	return nil
}

// ListenAddr returns Listen, or the default loopback address.
func (r RelayConfig) ListenAddr() string {
	if strings.TrimSpace(r.Listen) != "" {
		return strings.TrimSpace(r.Listen)
	}
	return fmt.Sprintf("127.0.0.1:%d", DefaultRelayPort)
}
