package relay

import (
	"slices"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/internal/stats"
	"github.com/goproxytui/goproxytui/probe"
)

// AttemptRecord is one attempt of a request at one mirror.
type AttemptRecord struct {
	Mirror string      `json:"mirror"` // label: catalog id, redacted URL, or "direct:<sumdb name>"
	Class  probe.Class `json:"class"`  // "ok", "not_found", "stall", "http_5xx", ... (probe's classes)
	Status int         `json:"status,omitempty"`
	MS     float64     `json:"ms"`
	Hedge  bool        `json:"hedge,omitempty"`   // started as a hedge
	Reason string      `json:"reason,omitempty"`  // why it failed (English, sanitised, no credentials)
	Lost   bool        `json:"lost,omitempty"`    // cut short because the request had ended
	TTFBMS float64     `json:"ttfb_ms,omitempty"` // time to the response headers
	// Down: the mirror was down (circuit open) and asked on short
	// deadlines; Trial: a down mirror asked to see whether it is back.
	Down  bool `json:"down,omitempty"`
	Trial bool `json:"trial,omitempty"`
}

// RequestRecord is one request the relay answered. Its fields are stable:
// the --log JSON lines, the TUI's relay panel and package metrics read them.
type RequestRecord struct {
	Time     time.Time       `json:"time"`
	Path     string          `json:"path"`
	Kind     Kind            `json:"kind,omitempty"` // "" for paths the relay does not serve
	Status   int             `json:"status"`
	Bytes    int64           `json:"bytes"`
	Duration time.Duration   `json:"-"`
	MS       float64         `json:"ms"`
	Mirror   string          `json:"served_by,omitempty"` // "" when no mirror served
	Attempts []AttemptRecord `json:"attempts,omitempty"`  // the winner last
	Hedges   int             `json:"hedges,omitempty"`    // hedges fired
	Hedged   bool            `json:"hedged"`
	Error    string          `json:"error,omitempty"`
	// FromCache: every mirror failed and this machine's module cache
	// served the file (Mirror is CacheMirror); Partial: a @v/list or
	// @latest made of what the cache holds, the mirrors may know more.
	FromCache bool `json:"from_cache,omitempty"`
	Partial   bool `json:"partial,omitempty"`
}

// Failover reports whether a mirror failed before one served (or none did).
func (r RequestRecord) Failover() bool {
	for _, a := range r.Attempts {
		if a.Class != probe.ClassOK && !a.Lost {
			return true
		}
	}
	return false
}

// Observer sees every request the relay answered, after the answer. It is
// called on the request's goroutine: it must be quick and must not keep
// rec.Attempts (copy what it keeps). Package metrics implements it.
type Observer interface {
	OnRequest(rec RequestRecord)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(RequestRecord)

// OnRequest calls f.
func (f ObserverFunc) OnRequest(rec RequestRecord) { f(rec) }

// record converts an attempt for the records.
func (a *result) record() AttemptRecord {
	return AttemptRecord{
		Mirror: a.t.up.ID, Class: a.class, Status: a.status, Hedge: a.hedge, Reason: a.reason, Lost: a.aborted,
		MS: ms(a.total), TTFBMS: ms(a.ttfb), Down: a.t.down, Trial: a.t.trial,
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// record finishes a request record and hands it to the statistics and the
// observers.
func (r *Relay) record(rec RequestRecord) {
	rec.MS = ms(rec.Duration)
	rec.Hedged = rec.Hedges > 0
	r.stats.add(rec)
	for _, o := range r.opts.Observers {
		o.OnRequest(rec)
	}
}

// MirrorStats are one mirror's numbers in a Stats snapshot.
type MirrorStats struct {
	ID       string
	Served   int     // requests it answered
	Share    float64 // Served / all served requests, 0..1
	Attempts int     // attempts sent to it
	Failures int     // attempts that failed (not found excluded)
	Health   string  // "healthy", "down", ... (probe's hysteresis)
}

// Stats is a snapshot of the relay's traffic since it started.
type Stats struct {
	Requests      int     // answered requests (every path)
	Served        int     // answered 200 by a mirror
	NotFound      int     // answered 404/410
	Errors        int     // answered 502 (every mirror failed) or refused
	Failovers     int     // requests where a mirror failed before one served
	Hedges        int     // hedges fired
	Invalid       int     // attempts whose 200 answer was not the file asked for (class invalid)
	FromCache     int     // answered from this machine's module cache (every mirror failed)
	Partial       int     // of those, lists and @latest holding only what the cache has
	Attempts      int     // upstream requests sent
	ExtraRequests int     // upstream requests beyond one per request
	RatePerSec    float64 // requests per second over the last 10 s
	P50, P95      time.Duration
	Mirrors       []MirrorStats   // in upstream order
	Recent        []RequestRecord // the last requests, newest last
}

// recentN is how many requests Stats keeps; latN how many durations the
// percentiles are over.
const (
	recentN = 50
	latN    = 1024
)

// statsAgg accumulates Stats.
type statsAgg struct {
	mu     sync.Mutex
	s      Stats
	byID   map[string]*MirrorStats
	order  []string
	lat    []time.Duration // ring of answered requests' durations
	latPos int
	times  []time.Time // ring of the last request times, for the rate
	recent []RequestRecord
}

func newStatsAgg() *statsAgg { return &statsAgg{byID: map[string]*MirrorStats{}} }

func (a *statsAgg) mirror(id string) *MirrorStats {
	m := a.byID[id]
	if m == nil {
		m = &MirrorStats{ID: id}
		a.byID[id] = m
		a.order = append(a.order, id)
	}
	return m
}

func (a *statsAgg) add(rec RequestRecord) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := &a.s
	s.Requests++
	switch {
	case rec.Status == 200 && rec.FromCache:
		s.Served++
	case rec.Status == 200:
		s.Served++
		a.mirror(rec.Mirror).Served++
	case rec.Status == 404 || rec.Status == 410:
		s.NotFound++
	default:
		s.Errors++
	}
	if rec.Failover() {
		s.Failovers++
	}
	s.Hedges += rec.Hedges
	if rec.FromCache {
		s.FromCache++
		if rec.Partial {
			s.Partial++
		}
	}
	s.Attempts += len(rec.Attempts)
	if len(rec.Attempts) > 1 {
		s.ExtraRequests += len(rec.Attempts) - 1
	}
	for _, at := range rec.Attempts {
		if at.Class == ClassInvalid {
			s.Invalid++
		}
		m := a.mirror(at.Mirror)
		m.Attempts++
		if at.Class != probe.ClassOK && at.Class != probe.ClassNotFound && !at.Lost {
			m.Failures++
		}
	}
	if rec.Status == 200 {
		if len(a.lat) < latN {
			a.lat = append(a.lat, rec.Duration)
		} else {
			a.lat[a.latPos] = rec.Duration
			a.latPos = (a.latPos + 1) % latN
		}
	}
	a.times = append(a.times, rec.Time)
	if len(a.times) > 4096 {
		a.times = slices.Delete(a.times, 0, len(a.times)-4096)
	}
	kept := rec
	kept.Attempts = slices.Clone(rec.Attempts)
	a.recent = append(a.recent, kept)
	if len(a.recent) > recentN {
		a.recent = slices.Delete(a.recent, 0, len(a.recent)-recentN)
	}
}

// Stats returns a snapshot of the relay's numbers.
func (r *Relay) Stats() Stats {
	a := r.stats
	a.mu.Lock()
	s := a.s
	lat := slices.Clone(a.lat)
	now := time.Now()
	n := 0
	for i := len(a.times) - 1; i >= 0 && now.Sub(a.times[i]) <= 10*time.Second; i-- {
		n++
	}
	s.RatePerSec = float64(n) / 10
	s.Recent = slices.Clone(a.recent)
	ids := map[string]bool{}
	for _, u := range r.opts.Upstreams {
		ids[u.ID] = true
		s.Mirrors = append(s.Mirrors, *a.mirror(u.ID))
	}
	for _, id := range a.order {
		if !ids[id] {
			s.Mirrors = append(s.Mirrors, *a.byID[id])
		}
	}
	a.mu.Unlock()
	for i := range s.Mirrors {
		m := &s.Mirrors[i]
		if s.Served > 0 {
			m.Share = float64(m.Served) / float64(s.Served)
		}
		m.Health = r.health.State(m.ID).String()
	}
	slices.Sort(lat)
	s.P50, s.P95 = stats.Percentile(lat, 50), stats.Percentile(lat, 95)
	return s
}
