package ui

// Adapters over APIs of other packages that have not landed yet (team
// CONTRACT.md). Each function here has the contract's shape; when the real
// one lands, its body becomes a one-line call and the local version goes.

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// ConfigT is mirrors.Config (placeholder until mirrors/config.go lands).
type ConfigT struct {
	Theme, Language string
	Mirrors         []mirrors.Mirror
	Weights         map[string]float64
	Canary          string
}

var errBadSumDB = i18n.Errorf("want off, a database name, name+key, or name+key URL")

func errBadPattern(p string) error { return i18n.Errorf("bad pattern %q", p) }

func defaultConfig() *ConfigT { return &ConfigT{} }

// cloneConfig copies cfg deeply enough for the edits the TUI makes (custom
// mirrors, weights), so a command never shares a map with the model.
func cloneConfig(cfg *ConfigT) *ConfigT {
	c := *cfg
	c.Mirrors = slices.Clone(cfg.Mirrors)
	c.Weights = make(map[string]float64, len(cfg.Weights))
	for k, v := range cfg.Weights {
		c.Weights[k] = v
	}
	return &c
}

func configAddMirror(cfg *ConfigT, m mirrors.Mirror) { cfg.Mirrors = append(cfg.Mirrors, m) }

func configWeights(cfg *ConfigT) map[string]float64 { return cfg.Weights }

func configSetWeight(cfg *ConfigT, key string, w float64) {
	if cfg.Weights == nil {
		cfg.Weights = map[string]float64{}
	}
	cfg.Weights[key] = w
}

func configCanary(cfg *ConfigT) string {
	if cfg != nil && cfg.Canary != "" {
		return cfg.Canary
	}
	return "golang.org/x/text@v0.3.7"
}

// verdictKind is mirrors.VerdictKind.
type verdictKind int

const (
	verdictServed verdictKind = iota
	verdictFailed
	verdictHangs
)

// verdict is mirrors.Verdict.
type verdict struct {
	Kind  verdictKind
	Index int
	Tried []int
}

// simulate is mirrors.Simulate: what the go command does with chain c when
// entry i behaves as outcome(i, e).
func simulate(c mirrors.Chain, outcome func(i int, e mirrors.Entry) mirrors.Outcome) verdict {
	v := verdict{Index: -1}
	lastErr, lastNF := -1, -1
	for i, e := range c.Entries {
		v.Tried = append(v.Tried, i)
		switch e.Kind {
		case mirrors.KindDirect:
			v.Kind, v.Index = verdictServed, i
			return v
		case mirrors.KindOff:
			v.Kind, v.Index = verdictFailed, i
			return v
		}
		switch outcome(i, e) {
		case mirrors.OutcomeOK:
			v.Kind, v.Index = verdictServed, i
			return v
		case mirrors.OutcomeHang:
			v.Kind, v.Index = verdictHangs, i
			return v
		case mirrors.OutcomeNotFound:
			lastNF = i
		default:
			lastErr = i
			if e.Sep != mirrors.SepPipe {
				v.Kind, v.Index = verdictFailed, i
				return v
			}
		}
	}
	v.Kind, v.Index = verdictFailed, cmp.Or(max(lastErr, -1), lastNF)
	if lastErr >= 0 {
		v.Index = lastErr
	}
	return v
}

// routeKind is mirrors.RouteKind.
type routeKind int

const (
	routeViaProxy routeKind = iota
	routeDirect
	routeUnavailable
	routeOff
)

// sumdbRoute is mirrors.SumDBRoute.
type sumdbRoute struct {
	Kind  routeKind
	Index int
	URL   string
}

// sumDB is mirrors.SumDB.
type sumDB struct {
	Off            bool
	Name, Key, URL string
}

// parseSumDB is mirrors.ParseSumDB.
func parseSumDB(s string) (sumDB, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return sumDB{Off: true}, nil
	}
	if s == "" {
		s = "sum.golang.org"
	}
	f := strings.Fields(s)
	if len(f) > 2 {
		return sumDB{}, errBadSumDB
	}
	name, key, _ := strings.Cut(f[0], "+")
	db := sumDB{Name: name, Key: key}
	if name == "sum.golang.google.cn" {
		db.Name, db.URL = "sum.golang.org", "https://sum.golang.google.cn"
	}
	if key == "" && db.Name != "sum.golang.org" {
		return sumDB{}, errBadSumDB
	}
	if len(f) == 2 {
		db.URL = f[1]
	}
	return db, nil
}

// routeSumDB is mirrors.RouteSumDB.
func routeSumDB(c mirrors.Chain, db sumDB, supported func(i int, e mirrors.Entry) mirrors.Outcome) sumdbRoute {
	if db.Off {
		return sumdbRoute{Kind: routeOff, Index: -1}
	}
	if db.URL != "" {
		return sumdbRoute{Kind: routeDirect, Index: -1, URL: db.URL}
	}
	direct := sumdbRoute{Kind: routeDirect, Index: -1, URL: "https://" + db.Name}
	for i, e := range c.Entries {
		if e.Kind != mirrors.KindProxy {
			return direct
		}
		switch supported(i, e) {
		case mirrors.OutcomeOK:
			return sumdbRoute{Kind: routeViaProxy, Index: i, URL: strings.TrimRight(e.Label(), "/") + "/sumdb/" + db.Name}
		case mirrors.OutcomeNotFound:
		default:
			if e.Sep != mirrors.SepPipe {
				return sumdbRoute{Kind: routeUnavailable, Index: i}
			}
		}
	}
	return direct
}

// rank is mirrors.Rank: proxies ordered by score, best first; direct and off
// stay last.
func rank(c mirrors.Chain, stats mirrors.StatsSource) mirrors.Chain {
	out := mirrors.Chain{Entries: slices.Clone(c.Entries)}
	n := len(out.Entries)
	tailStart := n
	for i, e := range out.Entries {
		if e.Kind != mirrors.KindProxy {
			tailStart = i
			break
		}
	}
	seps := make([]mirrors.Sep, n)
	for i, e := range out.Entries {
		seps[i] = e.Sep
	}
	score := func(e mirrors.Entry) float64 {
		st, ok := stats.MirrorStats(e.Key())
		if !ok || st.Samples == 0 {
			return 1e9
		}
		s := float64(st.P50.Milliseconds()+1) * (1 + 4*st.Loss)
		switch st.Health {
		case mirrors.HealthDown:
			s *= 1000
		case mirrors.HealthDegraded:
			s *= 10
		}
		return s / max(e.Weight, 0.01)
	}
	slices.SortStableFunc(out.Entries[:tailStart], func(a, b mirrors.Entry) int { return cmp.Compare(score(a), score(b)) })
	for i := range out.Entries {
		out.Entries[i].Sep = seps[i]
	}
	return out
}

// checkPatterns is mirrors.CheckPatterns: an error for a bad glob, warnings
// for patterns that will likely not do what the user wants.
func checkPatterns(list string) ([]string, error) {
	var warn []string
	for _, p := range strings.Split(list, ",") {
		if p == "" {
			continue
		}
		if _, err := path.Match(p, ""); err != nil {
			return nil, errBadPattern(p)
		}
		if strings.TrimSpace(p) != p {
			warn = append(warn, "pattern has spaces: "+p)
		}
		if strings.ToLower(p) != p {
			warn = append(warn, "pattern has capitals: "+p)
		}
	}
	return warn, nil
}

// stats is what the table shows of one mirror (probe.Stats).
type stats struct {
	Health        mirrors.Health
	Last          time.Duration
	P50, P95      time.Duration
	Loss          float64
	Samples       int
	LastResult    *probe.Result
	LastFailure   *probe.Result
	ConsecFail    int
	SumDBSupport  *bool
	recentTotals  []time.Duration
	recentFailure []bool
}

// tracker is probe.Tracker: per-mirror history and health.
type tracker struct {
	history int
	hist    map[string][]probe.Result
	health  map[string]mirrors.Health
}

func newTracker(history int) *tracker {
	return &tracker{history: history, hist: map[string][]probe.Result{}, health: map[string]mirrors.Health{}}
}

// Add records r and returns the health change it causes, if any.
func (t *tracker) Add(r probe.Result) *probe.Event {
	h := append(t.hist[r.MirrorID], r)
	if len(h) > t.history {
		h = h[len(h)-t.history:]
	}
	t.hist[r.MirrorID] = h
	old := t.health[r.MirrorID]
	nw := old
	fails := 0
	for i := len(h) - 1; i >= 0 && !h[i].OK(); i-- {
		fails++
	}
	switch {
	case fails >= 2:
		nw = mirrors.HealthDown
	case r.OK() && r.Phases.Total > time.Second:
		nw = mirrors.HealthDegraded
	case r.OK():
		nw = mirrors.HealthHealthy
	}
	if nw == old {
		return nil
	}
	t.health[r.MirrorID] = nw
	cause := string(r.Class)
	if r.Reason != "" {
		cause += ": " + r.Reason
	}
	return &probe.Event{Time: r.Start.Add(r.Phases.Total), MirrorID: r.MirrorID, From: old, To: nw, Cause: cause}
}

// Recent returns the last n results of id, oldest first.
func (t *tracker) Recent(id string, n int) []probe.Result {
	h := t.hist[id]
	if len(h) > n {
		h = h[len(h)-n:]
	}
	return h
}

// stats summarises id's history.
func (t *tracker) stats(id string) stats {
	h := t.hist[id]
	s := stats{Health: t.health[id], Samples: len(h)}
	if len(h) == 0 {
		return s
	}
	var ok []time.Duration
	fails := 0
	for i := range h {
		r := &h[i]
		s.recentTotals = append(s.recentTotals, r.Phases.Total)
		s.recentFailure = append(s.recentFailure, !r.OK())
		if r.OK() {
			ok = append(ok, r.Phases.Total)
		} else {
			fails++
			s.LastFailure = r
		}
		if r.SumDBSupported != nil {
			s.SumDBSupport = r.SumDBSupported
		}
	}
	s.LastResult = &h[len(h)-1]
	s.Last = s.LastResult.Phases.Total
	s.Loss = float64(fails) / float64(len(h))
	for i := len(h) - 1; i >= 0 && !h[i].OK(); i-- {
		s.ConsecFail++
	}
	if len(ok) > 0 {
		slices.Sort(ok)
		s.P50 = ok[(len(ok)-1)*50/100]
		s.P95 = ok[(len(ok)-1)*95/100]
	}
	return s
}

// MirrorStats implements mirrors.StatsSource.
func (t *tracker) MirrorStats(key string) (mirrors.MirrorStats, bool) {
	if _, ok := t.hist[key]; !ok {
		return mirrors.MirrorStats{}, false
	}
	s := t.stats(key)
	return mirrors.MirrorStats{Health: s.Health, P50: s.P50, P95: s.P95, Loss: s.Loss, Samples: s.Samples}, true
}
