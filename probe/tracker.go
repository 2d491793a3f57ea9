package probe

import (
	"slices"
	"sort"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/stats"
	"github.com/goproxytui/goproxytui/mirrors"
)

// DefaultHistory is how many results a Tracker keeps per mirror.
const DefaultHistory = 300

// Window is how many results per mirror a Tracker keeps for rounds of
// probes: the configured history (DefaultHistory when 0), or the number of
// rounds when fewer are asked (rounds > 0). Statistics are over that
// window, so memory is bounded however many rounds run.
func Window(rounds, history int) int {
	if history <= 0 {
		history = DefaultHistory
	}
	if rounds > 0 && rounds < history {
		return rounds
	}
	return history
}

// HealthConfig sets the thresholds of the health state machine.
type HealthConfig struct {
	// DownAfter consecutive failures make a mirror down (default 2).
	DownAfter int
	// UpAfter consecutive successes bring a down mirror back (default 2).
	// A mirror of unknown health is healthy after its first success.
	UpAfter int
	// DegradedLoss: a loss over it (0..1, over the window) makes a working
	// mirror degraded (default 0.1).
	DegradedLoss float64
	// DegradedP95: a p95 of total time over it makes a working mirror
	// degraded (default 2 s).
	DegradedP95 time.Duration
	// MinSamples is how many results the p95 threshold needs before it
	// applies, and the fewest results the loss threshold divides by
	// (default 5): one early failure in 2 probes weighs 1/5, not 50 %, and
	// the same loss rule holds for every mirror however many results it
	// has (a mirror was "healthy" at 1 failure in 3 beside one "degraded"
	// at 1 in 5).
	MinSamples int
}

// DefaultHealthConfig returns the default thresholds.
func DefaultHealthConfig() HealthConfig {
	return HealthConfig{DownAfter: 2, UpAfter: 2, DegradedLoss: 0.1, DegradedP95: 2 * time.Second, MinSamples: 5}
}

func (c HealthConfig) withDefaults() HealthConfig {
	d := DefaultHealthConfig()
	if c.DownAfter <= 0 {
		c.DownAfter = d.DownAfter
	}
	if c.UpAfter <= 0 {
		c.UpAfter = d.UpAfter
	}
	if c.DegradedLoss <= 0 {
		c.DegradedLoss = d.DegradedLoss
	}
	if c.DegradedP95 <= 0 {
		c.DegradedP95 = d.DegradedP95
	}
	if c.MinSamples <= 0 {
		c.MinSamples = d.MinSamples
	}
	return c
}

// leaveDegraded is the share of a threshold a mirror must get back under to
// leave the degraded state (hysteresis: no flapping around the threshold).
const leaveDegraded = 0.8

// Durations summarises a series of times over the window, successful probes
// only. All are 0 when there was no success.
type Durations struct {
	Last, Min, P50, P95, Max, Mean time.Duration
	// Jitter is the mean absolute difference between consecutive samples.
	Jitter time.Duration
}

// Stats are a mirror's statistics over its recent window.
type Stats struct {
	Durations           // of total time
	TTFB      Durations // of first-byte time
	Samples   int       // results in the window
	OKs       int       // successful results in the window
	Loss      float64   // failed share of the window, 0..1
	// ConsecFail and ConsecOK count the current streak (one of them is 0).
	ConsecFail, ConsecOK int
	LastSuccess          time.Time // zero if none yet
	LastClass            Class     // of the newest result ("" if none)
	Health               mirrors.Health
}

// SinceSuccess returns the time since the last success at now, or -1 if
// there was none.
func (s Stats) SinceSuccess(now time.Time) time.Duration {
	if s.LastSuccess.IsZero() {
		return -1
	}
	return now.Sub(s.LastSuccess)
}

// Tracker keeps each mirror's recent results, statistics and health. It is
// not safe for concurrent use: one goroutine (the TUI's Update, the CLI's
// loop) owns it. Add is cheap: no sorting, no allocation in the steady state.
type Tracker struct {
	cfg     HealthConfig
	history int
	byID    map[string]*series
	byKey   map[string]string // URLKey of a mirror's URL → id
}

// series is one mirror's window.
type series struct {
	ring        []Result // circular, len ≤ history
	samples     []sample // the times of ring, same indexes: compact for Stats
	head        int      // index of the oldest result when full
	totals      []time.Duration
	ttfbs       []time.Duration // sorted, successful results only
	oks         int
	consecFail  int
	consecOK    int
	streakClass Class // class of every failure of the current streak, "" if mixed
	lastSuccess time.Time
	health      mirrors.Health
}

// sample is what Stats needs of a result.
type sample struct {
	total, ttfb time.Duration
	ok          bool
}

// NewTracker returns a tracker with the given thresholds keeping history
// results per mirror (DefaultHistory if <= 0).
func NewTracker(cfg HealthConfig, history int) *Tracker {
	if history <= 0 {
		history = DefaultHistory
	}
	return &Tracker{cfg: cfg.withDefaults(), history: history, byID: map[string]*series{}, byKey: map[string]string{}}
}

// Add records a result and returns the health change it caused, or nil.
func (t *Tracker) Add(r Result) *Event {
	s := t.byID[r.MirrorID]
	if s == nil {
		s = &series{ring: make([]Result, 0, min(t.history, 16)), totals: make([]time.Duration, 0, 16), ttfbs: make([]time.Duration, 0, 16)}
		t.byID[r.MirrorID] = s
		if r.URL != "" {
			t.byKey[mirrors.URLKey(r.URL)] = r.MirrorID
		}
	}
	if len(s.ring) == t.history {
		old := &s.ring[s.head]
		if old.OK() {
			s.totals = remove(s.totals, old.Phases.Total)
			s.ttfbs = remove(s.ttfbs, old.Phases.TTFB)
			s.oks--
		}
		*old = r
		s.samples[s.head] = sample{r.Phases.Total, r.Phases.TTFB, r.OK()}
		s.head = (s.head + 1) % t.history
	} else {
		s.ring = append(s.ring, r)
		s.samples = append(s.samples, sample{r.Phases.Total, r.Phases.TTFB, r.OK()})
	}
	if r.OK() {
		s.totals = insert(s.totals, r.Phases.Total)
		s.ttfbs = insert(s.ttfbs, r.Phases.TTFB)
		s.oks++
		s.consecOK++
		s.consecFail = 0
		s.lastSuccess = r.Start.Add(r.Phases.Total)
	} else {
		if s.consecFail == 0 {
			s.streakClass = r.Class
		} else if s.streakClass != r.Class {
			s.streakClass = ""
		}
		s.consecFail++
		s.consecOK = 0
	}
	return t.transition(s, r)
}

// insert adds d to the sorted slice xs: a binary search and one memmove.
func insert(xs []time.Duration, d time.Duration) []time.Duration {
	i, _ := slices.BinarySearch(xs, d)
	return slices.Insert(xs, i, d)
}

// remove deletes one d from the sorted slice xs.
func remove(xs []time.Duration, d time.Duration) []time.Duration {
	i, found := slices.BinarySearch(xs, d)
	if !found {
		return xs
	}
	return slices.Delete(xs, i, i+1)
}

func (s *series) loss() float64 {
	if len(s.ring) == 0 {
		return 0
	}
	return float64(len(s.ring)-s.oks) / float64(len(s.ring))
}

// transition applies the health state machine after a result.
func (t *Tracker) transition(s *series, r Result) *Event {
	c := t.cfg
	from := s.health
	to := from
	var cause *i18n.Msg
	switch {
	case !r.OK() && s.consecFail >= c.DownAfter:
		to = mirrors.HealthDown
		if s.streakClass != "" {
			cause = msg(i18n.N("%d consecutive %s failures: %w"), s.consecFail, string(s.streakClass), r.reasonErr())
		} else {
			cause = msg(i18n.N("%d consecutive failures, the last %s: %w"), s.consecFail, string(r.Class), r.reasonErr())
		}
	case from == mirrors.HealthDown && r.OK() && s.consecOK < c.UpAfter:
		// Still down until UpAfter successes in a row.
	case from == mirrors.HealthDown && !r.OK(), from == mirrors.HealthUnknown && !r.OK():
		// Not enough failures yet to say down; no success to say up.
	default:
		to, cause = t.quality(s, from)
		if to == mirrors.HealthHealthy && from != mirrors.HealthHealthy && cause == nil {
			switch from {
			case mirrors.HealthDown:
				cause = msg(i18n.N("%d consecutive successes"), s.consecOK)
			case mirrors.HealthUnknown:
				cause = msg(i18n.N("first successful probe: %s"), r.Phases.Total.Round(time.Millisecond).String())
			}
		}
	}
	if to == from {
		return nil
	}
	s.health = to
	if cause == nil {
		cause = msg(i18n.N("state changed"))
	}
	return &Event{Time: r.Start.Add(r.Phases.Total), MirrorID: r.MirrorID, From: from, To: to, Cause: cause.Error(), msg: cause}
}

// quality decides between healthy and degraded for a working mirror, with
// hysteresis: entering degraded takes a threshold, leaving it takes getting
// back under leaveDegraded of it.
func (t *Tracker) quality(s *series, from mirrors.Health) (mirrors.Health, *i18n.Msg) {
	c := t.cfg
	lossLimit, p95Limit := c.DegradedLoss, c.DegradedP95
	if from == mirrors.HealthDegraded {
		lossLimit *= leaveDegraded
		p95Limit = time.Duration(float64(p95Limit) * leaveDegraded)
	}
	loss := s.loss()
	judged := float64(len(s.ring)-s.oks) / float64(max(len(s.ring), c.MinSamples, 1))
	p95 := stats.Percentile(s.totals, 95)
	switch {
	case judged > lossLimit:
		if from == mirrors.HealthDegraded {
			return from, nil
		}
		return mirrors.HealthDegraded, msg(i18n.N("loss %.0f%% over the last %d probes (threshold %.0f%%)"), loss*100, len(s.ring), c.DegradedLoss*100)
	case len(s.totals) >= c.MinSamples && p95 > p95Limit:
		if from == mirrors.HealthDegraded {
			return from, nil
		}
		return mirrors.HealthDegraded, msg(i18n.N("p95 %s over the threshold %s"), p95.Round(time.Millisecond).String(), c.DegradedP95.String())
	}
	if from == mirrors.HealthDegraded {
		return mirrors.HealthHealthy, msg(i18n.N("loss %.0f%% and p95 %s back under the thresholds"), loss*100, p95.Round(time.Millisecond).String())
	}
	return mirrors.HealthHealthy, nil
}

func msg(format string, args ...any) *i18n.Msg { return &i18n.Msg{Format: format, Args: args} }

// reasonErr is the reason as an error, so that a message quoting it is
// translated with it.
func (r Result) reasonErr() error {
	if r.msg != nil {
		return r.msg
	}
	return &i18n.Msg{Format: "%s", Args: []any{r.Reason}}
}

// Stats returns a mirror's statistics (zero Stats for an unknown id).
func (t *Tracker) Stats(id string) Stats {
	s := t.byID[id]
	if s == nil {
		return Stats{}
	}
	st := Stats{
		Samples: len(s.ring), OKs: s.oks, Loss: s.loss(),
		ConsecFail: s.consecFail, ConsecOK: s.consecOK,
		LastSuccess: s.lastSuccess, Health: s.health,
	}
	st.Durations = summarize(s, s.totals, false)
	st.TTFB = summarize(s, s.ttfbs, true)
	if n := len(s.ring); n > 0 {
		st.LastClass = s.at(n - 1).Class
	}
	return st
}

// at returns the i-th result of the window, oldest first.
func (s *series) at(i int) *Result {
	return &s.ring[(s.head+i)%len(s.ring)]
}

// summarize computes Durations from the sorted values and, for last, mean
// and jitter, the window in order (one pass, no allocation).
func summarize(s *series, sorted []time.Duration, ttfb bool) Durations {
	var d Durations
	if len(sorted) == 0 {
		return d
	}
	d.Min, d.Max = sorted[0], sorted[len(sorted)-1]
	d.P50, d.P95 = stats.Percentile(sorted, 50), stats.Percentile(sorted, 95)
	var sum, jsum time.Duration
	var prev time.Duration
	n, jn := 0, 0
	n0 := len(s.samples)
	for i := range n0 {
		x := &s.samples[(s.head+i)%n0]
		if !x.ok {
			continue
		}
		v := x.total
		if ttfb {
			v = x.ttfb
		}
		if n > 0 {
			diff := v - prev
			if diff < 0 {
				diff = -diff
			}
			jsum += diff
			jn++
		}
		sum += v
		prev = v
		n++
	}
	d.Last = prev
	d.Mean = sum / time.Duration(n)
	if jn > 0 {
		d.Jitter = jsum / time.Duration(jn)
	}
	return d
}

// Recent returns up to n of a mirror's newest results, oldest first (n <= 0:
// the whole window).
func (t *Tracker) Recent(id string, n int) []Result {
	s := t.byID[id]
	if s == nil {
		return nil
	}
	total := len(s.ring)
	if n <= 0 || n > total {
		n = total
	}
	out := make([]Result, 0, n)
	for i := total - n; i < total; i++ {
		out = append(out, *s.at(i))
	}
	return out
}

// Health returns a mirror's health state.
func (t *Tracker) Health(id string) mirrors.Health {
	if s := t.byID[id]; s != nil {
		return s.health
	}
	return mirrors.HealthUnknown
}

// IDs returns the ids of the mirrors with results, sorted.
func (t *Tracker) IDs() []string {
	ids := make([]string, 0, len(t.byID))
	for id := range t.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Forget drops a mirror's history (when it leaves the fleet).
func (t *Tracker) Forget(id string) {
	delete(t.byID, id)
	for k, v := range t.byKey {
		if v == id {
			delete(t.byKey, k)
		}
	}
}

// MirrorStats implements mirrors.StatsSource: key is a mirror id or the
// URLKey of its URL (mirrors.Entry.Key).
func (t *Tracker) MirrorStats(key string) (mirrors.MirrorStats, bool) {
	id := key
	if _, ok := t.byID[id]; !ok {
		if id, ok = t.byKey[key]; !ok {
			if id, ok = t.byKey[mirrors.URLKey(key)]; !ok {
				return mirrors.MirrorStats{}, false
			}
		}
	}
	s := t.byID[id]
	return mirrors.MirrorStats{
		Health:  s.health,
		P50:     stats.Percentile(s.totals, 50),
		P95:     stats.Percentile(s.totals, 95),
		Loss:    s.loss(),
		Samples: len(s.ring),
	}, true
}

var _ mirrors.StatsSource = (*Tracker)(nil)

// Message returns the event in language l: "down: 2 consecutive tls
// failures: certificate has expired (on 2026-01-02)".
func (e Event) Message(l i18n.Lang) string {
	cause := e.Cause
	if e.msg != nil {
		cause = l.Error(e.msg)
	}
	return l.T(eventFormat(e.To), cause)
}

// String is Message in English.
func (e Event) String() string { return e.Message(i18n.EN) }

// eventFormat returns the translatable "<state>: <cause>" of a state.
func eventFormat(h mirrors.Health) string {
	switch h {
	case mirrors.HealthHealthy:
		return i18n.N("healthy: %s")
	case mirrors.HealthDegraded:
		return i18n.N("degraded: %s")
	case mirrors.HealthDown:
		return i18n.N("down: %s")
	}
	return i18n.N("unknown: %s")
}
