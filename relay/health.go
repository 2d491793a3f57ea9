package relay

import (
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Health is the upstreams' health: a probe.Tracker (the probe package's
// classes and hysteresis: down after DownAfter consecutive failures, up
// again after UpAfter successes) fed by the relay's background probes and
// by every attempt of live traffic, made safe for concurrent use.
type Health struct {
	mu     sync.Mutex
	t      *probe.Tracker
	events []probe.Event // recent health changes, newest last
	notify chan struct{} // closed and replaced by every Add
	// trials: when each down mirror went down or was last tried
	// (half-open); measuring: mirrors with an attempt measuring them;
	// lastFail: each mirror's newest failure.
	trials    map[string]time.Time
	measuring map[string]bool
	lastFail  map[string]Failure
}

// Failure is a mirror's newest failure, from a probe or an attempt.
type Failure struct {
	Time   time.Time   `json:"time"`
	Class  probe.Class `json:"class"`
	Reason string      `json:"reason,omitempty"`
}

// maxEvents bounds Health's event log.
const maxEvents = 64

// NewHealth returns a tracker with the given thresholds and history
// (results kept per mirror; <= 0: probe.DefaultHistory).
func NewHealth(cfg probe.HealthConfig, history int) *Health {
	return &Health{t: probe.NewTracker(cfg, history), notify: make(chan struct{}),
		trials: map[string]time.Time{}, measuring: map[string]bool{}, lastFail: map[string]Failure{}}
}

// Changed returns a channel closed at the next Add (for a panel that
// redraws on news, and tests that wait for a result).
func (h *Health) Changed() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.notify
}

// Add records a probe result or a live attempt; it returns the health
// change it caused, or nil.
func (h *Health) Add(r probe.Result) *probe.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	ev := h.t.Add(r)
	close(h.notify)
	h.notify = make(chan struct{})
	if !r.OK() {
		h.lastFail[r.MirrorID] = Failure{Time: r.Start.Add(r.Phases.Total), Class: r.Class, Reason: r.Reason}
	}
	if ev != nil && ev.To == mirrors.HealthDown {
		h.trials[r.MirrorID] = time.Now()
	}
	if ev != nil {
		if len(h.events) == maxEvents {
			h.events = append(h.events[:0], h.events[1:]...)
		}
		h.events = append(h.events, *ev)
	}
	return ev
}

// observe records a live attempt of upstream id.
func (h *Health) observe(id, url string, start time.Time, class probe.Class, status int, ttfb, total time.Duration, reason string) {
	h.Add(probe.Result{
		MirrorID: id, URL: mirrors.RedactURL(url), Start: start, Class: class, Status: status, Reason: reason,
		Phases: probe.Phases{TTFB: ttfb, Total: total},
	})
}

// State returns a mirror's health.
func (h *Health) State(id string) mirrors.Health {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.t.Health(id)
}

// Stats returns a mirror's statistics.
func (h *Health) Stats(id string) probe.Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.t.Stats(id)
}

// Events returns the recent health changes, oldest first.
func (h *Health) Events() []probe.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]probe.Event(nil), h.events...)
}

// LastFailure returns a mirror's newest failure (ok false if none).
func (h *Health) LastFailure(id string) (Failure, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f, ok := h.lastFail[id]
	return f, ok
}

// claimTrial reports whether a down mirror is due a trial request (after
// went down or its last trial at least after ago) and, if so, takes it:
// one request at a time tries it (half-open).
func (h *Health) claimTrial(id string, after time.Duration) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	last, ok := h.trials[id]
	if !ok {
		h.trials[id] = now
		return false
	}
	if now.Sub(last) < after {
		return false
	}
	h.trials[id] = now
	return true
}

// trialPassed: a trial answered; the next request may try it at once, so
// that it is back after UpAfter successes.
func (h *Health) trialPassed(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.trials[id] = time.Time{}
}

// claimMeasure takes a mirror's measuring slot (one attempt at a time).
func (h *Health) claimMeasure(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.measuring[id] {
		return false
	}
	h.measuring[id] = true
	return true
}

func (h *Health) releaseMeasure(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.measuring, id)
}
