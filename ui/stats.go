package ui

import (
	"time"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// stats is what the panels show of one mirror: the tracker's statistics
// plus the last result, the last failure and the last known answers that
// not every probe carries (TLS, sumdb support).
type stats struct {
	probe.Stats
	LastResult   *probe.Result
	LastFailure  *probe.Result
	TLS          *probe.TLSInfo
	SumDBSupport *bool
}

// seen is what the model remembers of a mirror beyond the tracker's
// window statistics, updated in O(1) per result.
type seen struct {
	last, failure       probe.Result
	hasLast, hasFailure bool
	round               uint64 // newest scheduler round seen
	tls                 *probe.TLSInfo
	sumdb               *bool
	// sumdbCheck is the newest result that asked /sumdb/<name>/supported
	// (the scheduler asks only in some rounds), kept for
	// probe.Result.KeepSumDB.
	sumdbCheck    probe.Result
	hasSumDBCheck bool
}

// historyFrom returns the tracker's window size from the config.
func historyFrom(cfg *config.Config) int {
	if cfg != nil && cfg.Probe.History > 0 {
		return cfg.Probe.History
	}
	return History
}

// healthConfig maps the config's probe section to the tracker's thresholds.
func healthConfig(cfg *config.Config) probe.HealthConfig {
	if cfg == nil {
		return probe.DefaultHealthConfig()
	}
	return probe.HealthConfigFrom(cfg.Probe)
}

// retrack replaces the tracker with one of the config's health thresholds
// and window, replaying each shown mirror's recent results into it, so that
// a config change takes effect without losing the history. Health changes
// found by the replay are not logged: nothing happened to the mirrors.
func (m *Model) retrack() {
	old := m.track
	m.track = probe.NewTracker(healthConfig(m.cfg), historyFrom(m.cfg))
	for _, mm := range m.list {
		for _, r := range old.Recent(mm.ID, historyFrom(m.cfg)) {
			m.track.Add(r)
		}
	}
}

// record adds a result: to the tracker (which may report a health change)
// and to what the model remembers per mirror.
func (m *Model) record(r probe.Result) *probe.Event {
	s := m.seen[r.MirrorID]
	if s == nil {
		s = &seen{}
		m.seen[r.MirrorID] = s
	}
	if r.Round != 0 && r.Round < s.round {
		return nil // a late result of an older round: newer data is already in
	}
	s.round = max(s.round, r.Round)
	ev := m.track.Add(r)
	s.last, s.hasLast = r, true
	if !r.OK() {
		s.failure, s.hasFailure = r, true
	}
	if r.TLS != nil {
		s.tls = r.TLS
	}
	if r.SumDBSupported != nil {
		s.sumdb = r.SumDBSupported
	}
	if r.SumDBChecked {
		s.sumdbCheck, s.hasSumDBCheck = r, true
	}
	return ev
}

// stats returns the statistics of the mirror with id.
func (m *Model) stats(id string) stats {
	st := stats{Stats: m.track.Stats(id)}
	if s := m.seen[id]; s != nil {
		st.TLS, st.SumDBSupport = s.tls, s.sumdb
		if s.hasLast {
			st.LastResult = &s.last
		}
		if s.hasFailure {
			st.LastFailure = &s.failure
		}
	}
	return st
}

// recentTotals returns the total times of the last n results of id, and
// which failed, oldest first.
func (m *Model) recentTotals(id string, n int) ([]time.Duration, []bool) {
	rs := m.track.Recent(id, n)
	ds := make([]time.Duration, len(rs))
	failed := make([]bool, len(rs))
	for i, r := range rs {
		ds[i], failed[i] = r.Phases.Total, !r.OK()
	}
	return ds, failed
}

// lastProbe is the last probe of mirror id as the judges take it: with
// the last checksum database check (for the database named db) and
// version query check kept while the mirror answers. An earlier check
// says what the mirror answers only while it answers: one that stalls or
// fails now would do the same to those requests (advisor judges it by its
// class).
func (m *Model) lastProbe(id, db string) (probe.Result, bool) {
	s := m.seen[id]
	if s == nil || !s.hasLast {
		return probe.Result{}, false
	}
	r := s.last
	if answers := r.Class == probe.ClassOK || r.Class == probe.ClassNotFound; s.hasSumDBCheck && answers {
		r.KeepSumDB(s.sumdbCheck, db)
	}
	return r, true
}

// queryCaveat is advisor.QueryCaveat for mirror mm from its last probe
// (lastProbe): what fails through a mirror that serves pinned downloads
// but not version queries; ok false for any other mirror.
func (m *Model) queryCaveat(mm mirrors.Mirror) (advisor.Text, bool) {
	r, ok := m.lastProbe(mm.ID, m.judgeDB().Name)
	if !ok {
		return advisor.Text{}, false
	}
	e := mirrors.NewEntry(mm)
	return advisor.QueryCaveat(e, advisor.Measurements{Probes: map[string]probe.Result{e.Key(): r}})
}

// measurements is what the model has measured, as advisor judges chains
// with it: each shown mirror's last probe (keeping the last checksum
// database check, for the database named db, while the mirror answers),
// under its id and its
// URLKey (how chain entries name it), and the direct database checks.
func (m *Model) measurements(db string) advisor.Measurements {
	ms := advisor.Measurements{Probes: make(map[string]probe.Result, 2*len(m.list)), Reach: m.reach}
	for _, mm := range m.list {
		r, ok := m.lastProbe(mm.ID, db)
		if !ok {
			continue
		}
		ms.Probes[mm.ID] = r
		ms.Probes[mirrors.URLKey(mm.URL)] = r
	}
	return ms
}
