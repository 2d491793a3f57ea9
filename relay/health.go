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
}

// maxEvents bounds Health's event log.
const maxEvents = 64

// NewHealth returns a tracker with the given thresholds and history
// (results kept per mirror; <= 0: probe.DefaultHistory).
func NewHealth(cfg probe.HealthConfig, history int) *Health {
	return &Health{t: probe.NewTracker(cfg, history), notify: make(chan struct{})}
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
