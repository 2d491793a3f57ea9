// Package metrics exposes goproxytui's measurements to Prometheus: a
// Monitor that keeps each mirror's latest probe result, window statistics
// and health and is a prometheus.Collector using blackbox_exporter's metric
// names where they mean the same (probe_success, probe_http_duration_seconds
// by phase, ...) plus goproxytui's own (goproxytui_mirror_health, failure
// classes, sumdb support, loss, latency quantiles); a Relay collector fed by
// package relay as its Observer; and the exporter's HTTP handler (/metrics,
// /probe?target= for Prometheus' multi-target pattern, and an index page).
// No metric or label ever holds a credential: URLs are shown without their
// user information.
package metrics

import (
	"net/url"
	"strings"
	"sync"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// failureClasses are the classes goproxytui_probe_failures_total counts,
// every one exposed from the start (at 0) so that rate() and increase()
// see a mirror's first failure.
var failureClasses = []probe.Class{
	probe.ClassDNS, probe.ClassRefused, probe.ClassConnectTimeout, probe.ClassTLS, probe.ClassTLSTimeout,
	probe.ClassStall, probe.ClassNotFound, probe.ClassHTTP4xx, probe.ClassHTTP5xx, probe.ClassProtocol, probe.ClassReset,
}

// Monitor keeps what the exporter exposes about the mirrors: the latest
// probe result of each, its statistics and health over a bounded window (a
// probe.Tracker: the same hysteresis as the TUI) and counters since the
// start. It is safe for concurrent use: a probe loop calls Add while
// Prometheus scrapes Collect.
type Monitor struct {
	mu      sync.Mutex
	tracker *probe.Tracker
	sumdb   string // the checksum database asked about ("" for any)
	order   []string
	byID    map[string]*mirrorState
}

// mirrorState is one mirror's part of a Monitor.
type mirrorState struct {
	id, url  string // url without credentials
	last     probe.Result
	has      bool // last is set
	probes   uint64
	failures map[probe.Class]uint64
}

// NewMonitor returns an empty Monitor whose health uses hc and whose
// statistics cover the last history results of each mirror (0:
// probe.DefaultHistory). sumdb is the checksum database name whose support
// goproxytui_sumdb_supported reports ("" for whatever the probes asked).
func NewMonitor(hc probe.HealthConfig, history int, sumdb string) *Monitor {
	if history <= 0 {
		history = probe.DefaultHistory
	}
	return &Monitor{tracker: probe.NewTracker(hc, history), sumdb: sumdb, byID: map[string]*mirrorState{}}
}

// SetMirrors declares the mirrors to expose, in this order: a mirror with
// no result yet shows as health "unknown"; one no longer listed is
// forgotten.
func (m *Monitor) SetMirrors(ms []mirrors.Mirror) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keep := map[string]bool{}
	m.order = m.order[:0]
	for _, mi := range ms {
		if keep[mi.ID] {
			continue
		}
		keep[mi.ID] = true
		m.order = append(m.order, mi.ID)
		st := m.state(mi.ID)
		st.url = LabelURL(mi.URL)
	}
	for id := range m.byID {
		if !keep[id] {
			delete(m.byID, id)
			m.tracker.Forget(id)
		}
	}
}

// state returns the state of id, made when missing; m.mu is held.
func (m *Monitor) state(id string) *mirrorState {
	st := m.byID[id]
	if st == nil {
		st = &mirrorState{id: id, failures: map[probe.Class]uint64{}}
		m.byID[id] = st
		found := false
		for _, o := range m.order {
			found = found || o == id
		}
		if !found {
			m.order = append(m.order, id)
		}
	}
	return st
}

// Add records a probe result and returns the health change it caused, if
// any. A result without the sumdb check keeps the previous check's answer
// (the scheduler asks only every few rounds).
func (m *Monitor) Add(r probe.Result) *probe.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.state(r.MirrorID)
	if st.url == "" {
		st.url = LabelURL(r.URL)
	}
	if st.has {
		r.KeepSumDB(st.last, m.sumdb)
	}
	st.last, st.has = r, true
	st.probes++
	if !r.OK() {
		st.failures[r.Class]++
	}
	return m.tracker.Add(r)
}

// LabelURL is a mirror URL as a label shows it: without user information
// (neither name nor password: a token is often the name), query or
// fragment.
func LabelURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" && u.Scheme != "file" {
		s := mirrors.RedactURL(raw)
		if scheme, rest, ok := strings.Cut(s, "://"); ok {
			if at := strings.LastIndex(rest, "@"); at >= 0 && !strings.Contains(rest[:at], "/") {
				rest = rest[at+1:]
			}
			s = scheme + "://" + rest
		} else if at := strings.LastIndex(s, "@"); at >= 0 && !strings.Contains(s[:at], "/") {
			s = s[at+1:]
		}
		return s
	}
	u.User = nil
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	return u.String()
}
