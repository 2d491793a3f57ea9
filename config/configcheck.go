package config

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// problem is a semantic error in a config and the path of the key it is
// about (keyPath form), for positioning.
type problem struct {
	path string
	err  error
}

// valueError is an error about one part of a key's string value.
type valueError struct {
	err error
	at  int // 1 + the byte offset of the faulty part in the value
}

func (e *valueError) Error() string              { return e.err.Error() }
func (e *valueError) Unwrap() error              { return e.err }
func (e *valueError) Message(l i18n.Lang) string { return l.Error(e.err) }
func (e *valueError) valueOffset() int           { return e.at }
func (e *profileError) valueOffset() int         { return e.at }

// profileError is a profile value the chain model rejects; its message is
// localised through the chain model's own Message when it has one.
type profileError struct {
	name, key string
	err       error
	// at, when > 0, is 1 + the byte offset in the value of the faulty
	// part (the entry of a GOPROXY list), for the error position.
	at int
}

func (e *profileError) Error() string { return e.Message(i18n.EN) }

func (e *profileError) Unwrap() error { return e.err }

// Message renders the error in language l.
func (e *profileError) Message(l i18n.Lang) string {
	inner := l.Error(e.err)
	if m, ok := e.err.(interface{ Message(i18n.Lang) string }); ok {
		inner = m.Message(l)
	}
	return l.T("profile %q: %s: %s", e.name, e.key, inner)
}

// withMirrors returns cat with the config mirrors added (ids and URLs only
// matter), for checking profiles before LoadCatalog.
func withMirrors(cat *mirrors.Catalog, ms []Mirror) *mirrors.Catalog {
	out := cat.Clone()
	for _, m := range ms {
		out.Mirrors = append(out.Mirrors, mirrors.Mirror{ID: m.ID, URL: mirrors.URLWithScheme(strings.TrimSpace(m.URL)), Weight: 1, Source: mirrors.SourceConfig})
	}
	return out
}

// Validate checks a config that was not read by Load (Load
// checks its result already): mirror URLs and ids, weights, hidden ids,
// language, profiles and probe settings.
func (c *Config) Validate() error {
	if p := c.check(nil); p != nil {
		return p.err
	}
	return nil
}

// check returns the first problem of c. has says whether the file set a
// key (nil: nothing known), so that an explicit `weight = 0` is told from
// an absent weight.
func (c *Config) check(has func(string) bool) *problem {
	if has == nil {
		has = func(string) bool { return false }
	}
	if err := mirrors.CheckLanguage(c.Language); err != nil {
		return &problem{"language", err}
	}
	builtin := mirrors.Builtin()
	ids, p := c.checkMirrors(builtin, has)
	if p != nil {
		return p
	}
	known := func(id string) bool {
		_, ok := builtin.ByID(id)
		return ok || ids[strings.ToLower(id)]
	}
	for _, id := range slices.Sorted(maps.Keys(c.Weights)) {
		w := c.Weights[id]
		if !known(id) {
			return &problem{keyPath("weights", id), i18n.Errorf("[weights]: unknown mirror %q", id)}
		}
		if badWeight(w) || w == 0 {
			return &problem{keyPath("weights", id), i18n.Errorf("mirror %q: weight %v: want a number > 0", id, w)}
		}
	}
	for i, id := range c.Hidden {
		if !known(id) {
			return &problem{keyPath("hidden", fmt.Sprintf("#%d", i)), i18n.Errorf("hidden: unknown mirror %q", id)}
		}
	}
	if p := c.checkProfiles(withMirrors(builtin, c.Mirrors)); p != nil {
		return p
	}
	if p := c.Relay.check(); p != nil {
		return p
	}
	if p := c.Relay.checkPoolIDs(known, withMirrors(builtin, c.Mirrors)); p != nil {
		return p
	}
	return c.Probe.check()
}

// checkMirrors checks the [[mirror]] tables: ids, URLs and weights. It
// returns their ids, lowercased.
func (c *Config) checkMirrors(builtin *mirrors.Catalog, has func(string) bool) (map[string]bool, *problem) {
	ids := map[string]bool{}
	for i, m := range c.Mirrors {
		at := func(key string) string { return keyPath("mirror", fmt.Sprintf("#%d", i), key) }
		if m.ID == "" {
			return nil, &problem{at("id"), i18n.Errorf("[[mirror]] number %d: id is missing", i+1)}
		}
		if err := mirrors.CheckMirrorID(m.ID); err != nil {
			return nil, &problem{at("id"), err}
		}
		if b, ok := builtin.ByID(m.ID); ok {
			return nil, &problem{at("id"), i18n.Errorf("mirror %q: the id is taken by the built-in mirror %q; choose another", m.ID, b.ID)}
		}
		if ids[strings.ToLower(m.ID)] {
			return nil, &problem{at("id"), i18n.Errorf("mirror %q: duplicate id", m.ID)}
		}
		ids[strings.ToLower(m.ID)] = true
		if p := checkMirrorURL(m, at); p != nil {
			return nil, p
		}
		if badWeight(m.Weight) || has(at("weight")) && m.Weight == 0 {
			return nil, &problem{at("weight"), i18n.Errorf("mirror %q: weight %v: want a number > 0", m.ID, m.Weight)}
		}
		if m.Weight != 0 && c.Weights != nil {
			if _, dup := c.Weights[m.ID]; dup {
				return nil, &problem{keyPath("weights", m.ID), i18n.Errorf("mirror %q: weight set both in its [[mirror]] and in [weights]", m.ID)}
			}
		}
	}
	return ids, nil
}

// checkMirrorURL checks the url of a [[mirror]] (at gives a key's path)
// with the gate; a ',' or '|' in it is pointed at where it stands.
func checkMirrorURL(m Mirror, at func(key string) string) *problem {
	err := mirrors.CheckMirrorURL(m.ID, m.URL)
	if err == nil {
		return nil
	}
	if i := strings.IndexAny(m.URL, ",|"); i >= 0 && mirrors.CheckText(m.URL) == nil {
		return &problem{at("url"), &valueError{err: err, at: i + 1}}
	}
	return &problem{at("url"), err}
}

// checkProfiles checks each profile's name and values with the gate, where
// ids of cat (the built-in and the config's mirrors) stand for their URLs.
func (c *Config) checkProfiles(cat *mirrors.Catalog) *problem {
	for _, name := range slices.Sorted(maps.Keys(c.Profiles)) {
		p := c.Profiles[name]
		if err := mirrors.CheckProfileName(name); err != nil {
			return &problem{keyPath("profile", name), err}
		}
		if strings.TrimSpace(p.GOPROXY) == "" && strings.TrimSpace(p.GOSUMDB) == "" && strings.TrimSpace(p.GOPRIVATE) == "" {
			return &problem{keyPath("profile", name), i18n.Errorf("profile %q sets nothing: give goproxy, gosumdb or goprivate", name)}
		}
		for _, kv := range []struct{ key, v string }{{"goproxy", p.GOPROXY}, {"gosumdb", p.GOSUMDB}, {"goprivate", p.GOPRIVATE}} {
			if strings.ContainsAny(kv.v, "\r\n\x00") {
				return &problem{path: keyPath("profile", name, kv.key), err: i18n.Errorf("profile %q: %s cannot contain a newline or NUL (go env -w refuses it)", name, kv.key)}
			}
		}
		if strings.TrimSpace(p.GOPROXY) != "" {
			if _, err := mirrors.CheckChain(p.GOPROXY, cat); err != nil {
				pe := &profileError{name: name, key: "goproxy", err: err}
				var ce *mirrors.ChainError
				if errors.As(err, &ce) && ce.Offset >= 0 {
					pe.at = ce.Offset + 1
				}
				return &problem{keyPath("profile", name, "goproxy"), pe}
			}
		}
		if p.GOSUMDB != "" {
			// A URL go accepts but cannot reach is config check's warning.
			if err := mirrors.CheckSumDB(p.GOSUMDB); err != nil && !mirrors.IsForceable(err) {
				return &problem{path: keyPath("profile", name, "gosumdb"), err: &profileError{name: name, key: "gosumdb", err: err}}
			}
		}
		if err := mirrors.CheckPatternList("", p.GOPRIVATE); err != nil {
			return &problem{path: keyPath("profile", name, "goprivate"), err: &profileError{name: name, key: "goprivate", err: err}}
		}
	}
	return nil
}

// MaxProbeConcurrency is the largest [probe] concurrency the config
// takes: each probe holds up to four connections.
const MaxProbeConcurrency = 1024

func (p *ProbeConfig) check() *problem {
	at := func(key string) string { return keyPath("probe", key) }
	for _, d := range []struct {
		key string
		v   Duration
	}{{"interval", p.Interval}, {"timeout", p.Timeout}, {"degraded_p95", p.DegradedP95}} {
		if _, err := mirrors.CheckDuration(d.v.String()); err != nil {
			return &problem{at(d.key), err} // set in code: decoding judged the file's
		}
	}
	if p.Interval.Duration < 100*time.Millisecond {
		return &problem{at("interval"), i18n.Errorf("probe.interval %v: want at least 100ms, to stay polite to mirrors", p.Interval.Duration)}
	}
	path, version, ok := strings.Cut(p.Canary, "@")
	if !ok {
		return &problem{at("canary"), i18n.Errorf("probe.canary %q: want module@version, e.g. %q", p.Canary, DefaultCanary)}
	}
	if err := module.Check(path, version); err != nil {
		return &problem{at("canary"), i18n.Errorf("probe.canary %q: %v", p.Canary, err)}
	}
	for _, n := range []struct {
		key string
		v   int
	}{{"history", p.History}, {"down_after", p.DownAfter}, {"up_after", p.UpAfter}} {
		if n.v < 1 {
			return &problem{at(n.key), i18n.Errorf("probe.%s %d: want at least 1", n.key, n.v)}
		}
	}
	// 0 is automatic: one probe per mirror at once, at most 256
	// (probe.MaxConcurrency).
	if p.Concurrency < 0 || p.Concurrency > MaxProbeConcurrency {
		return &problem{at("concurrency"), i18n.Errorf("probe.concurrency %d: want 0 (automatic: every mirror at once, at most 256) or 1 to %d", p.Concurrency, MaxProbeConcurrency)}
	}
	if p.History > 100000 {
		return &problem{at("history"), i18n.Errorf("probe.history %d: want at most 100000", p.History)}
	}
	if math.IsNaN(p.DegradedLoss) || p.DegradedLoss < 0 || p.DegradedLoss > 1 {
		return &problem{at("degraded_loss"), i18n.Errorf("probe.degraded_loss %v: want a fraction from 0 to 1", p.DegradedLoss)}
	}
	return nil
}

// badWeight reports a weight no ranking can use: negative, NaN or infinite.
func badWeight(w float64) bool { return w < 0 || math.IsNaN(w) || math.IsInf(w, 0) }
