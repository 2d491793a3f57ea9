package ui

import (
	"errors"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// handleProbe records a probe result; pure CPU.
func (m *Model) handleProbe(msg ProbeResultMsg) {
	if r := msg.Result.Round; r > m.maxRound {
		m.maxRound = r
		m.rounds++
	}
	if ev := m.record(msg.Result); ev != nil {
		m.logHealth(ev)
	}
}

// handleEnv takes a fresh read of the go env values (our own read).
func (m Model) handleEnv(msg EnvMsg) (tea.Model, tea.Cmd) {
	if msg.Err != nil {
		m.envErr = msg.Err
		m.setError(m.lang.T("reading go env failed: %s", m.lang.Error(msg.Err)))
		m.logEvent(evError, m.status)
		return m, nil
	}
	m.takeEnv(msg.Snapshot, !m.envOK || !m.dirty())
	return m, nil
}

// handleEnvChanged reacts to an outside change of the go env file: the
// header follows at once; unapplied edits are never silently dropped: the
// user chooses to keep them or take the outside change.
func (m Model) handleEnvChanged(msg EnvChangedMsg) (tea.Model, tea.Cmd) {
	if msg.Err != nil || msg.Event.Err != nil {
		err := msg.Err
		if err == nil {
			err = msg.Event.Err
		}
		m.logEvent(evError, m.lang.T("watching go env: %s", m.lang.Error(err)))
		return m, nil
	}
	if m.ownWrite(msg.Event.Changes) {
		// The watcher saw our own apply: take the values, nothing to ask.
		m.recent = nil
		if msg.Snapshot.Vars != nil {
			m.takeEnv(msg.Snapshot, !m.dirty())
		}
		return m, nil
	}
	for _, d := range msg.Event.Changes {
		m.logEvent(evOutside, m.lang.T("changed outside: %s", m.diffText(d)))
	}
	if len(msg.Event.Changes) == 0 {
		m.logEvent(evOutside, m.lang.T("go env file changed outside: %s", msg.Event.Path))
	}
	if msg.Snapshot.Vars == nil {
		return m, nil
	}
	if !m.dirty() {
		m.takeEnv(msg.Snapshot, true)
		return m, nil
	}
	m.takeEnv(msg.Snapshot, false)
	// Ask only when the outside change touched a key whose edit is still
	// pending (it may equal the edit): keys not edited simply followed it.
	pending := m.editedKeys()
	conflict := len(msg.Event.Changes) == 0 && len(pending) > 0 // unknown changes: ask
	for _, d := range msg.Event.Changes {
		conflict = conflict || pending[d.Key]
	}
	if conflict {
		m.dialog = m.conflictDialog(msg.Event.Changes)
	}
	return m, nil
}

// handleConfigChanged takes a reloaded config, or shows its error and keeps
// the last good one.
func (m Model) handleConfigChanged(msg ConfigChangedMsg) (tea.Model, tea.Cmd) {
	if msg.Err != nil {
		m.cfgErr = msg.Err
		// The footer shows the error (with its line and caret) until the
		// config is good again.
		m.logEvent(evError, m.lang.T("config error: %s", firstLine(m.configErrText())))
		return m, nil
	}
	m.cfgErr = nil
	what, retrack := "", false
	if msg.Config != nil && config.Equal(msg.Config, m.cfg) {
		// Our own save (weights, a custom mirror, the first-run guide)
		// comes back through the watcher: nothing changed.
		return m, nil
	}
	if msg.Config != nil {
		what = m.configDiff(m.cfg, msg.Config)
		old := m.cfg
		m.cfg = msg.Config
		// The wiring restarts the scheduler with the new [probe] table;
		// the header and the health thresholds follow.
		if iv := probe.SchedulerConfigFrom(msg.Config.Probe).Interval; m.opt.Interval > 0 && iv > 0 {
			m.opt.Interval = iv
		}
		retrack = healthConfig(old) != healthConfig(m.cfg) || historyFrom(old) != historyFrom(m.cfg)
	}
	if msg.Catalog != nil {
		m.cat = msg.Catalog
	}
	m.rebuildList()
	if retrack {
		m.retrack()
	}
	m.editor.chain = m.withWeights(m.editor.chain)
	if what == "" {
		m.logEvent(evOutside, m.lang.T("config reloaded"))
	} else {
		m.logEvent(evOutside, m.lang.T("config reloaded: %s", what))
	}
	return m, nil
}

// configErrText renders the config error in the user's language: a
// positioned *config.Error as file:line:col, the line and a caret;
// another error prefixed with the config's path.
func (m *Model) configErrText() string {
	var ce *config.Error
	if errors.As(m.cfgErr, &ce) {
		return ce.Text(m.lang)
	}
	if m.opt.ConfigPath != "" {
		return m.opt.ConfigPath + ": " + m.lang.Error(m.cfgErr)
	}
	return m.lang.Error(m.cfgErr)
}

// weightOr1 is w, or 1 (the default) when unset.
func weightOr1(w float64) float64 {
	if w <= 0 {
		return 1
	}
	return w
}

// configDiff says in a few words what changed between two configs: custom
// mirrors added or removed, weights, hidden mirrors, theme.
func (m *Model) configDiff(a, b *config.Config) string {
	l := m.lang
	var parts []string
	ids := func(c *config.Config) map[string]bool {
		out := map[string]bool{}
		for _, cm := range c.Mirrors {
			out[cm.ID] = true
		}
		return out
	}
	ia, ib := ids(a), ids(b)
	for _, id := range slices.Sorted(maps.Keys(ib)) {
		if !ia[id] {
			parts = append(parts, l.T("mirror %s added", id))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(ia)) {
		if !ib[id] {
			parts = append(parts, l.T("mirror %s removed", id))
		}
	}
	keys := slices.Sorted(maps.Keys(a.Weights))
	for k := range b.Weights {
		if _, ok := a.Weights[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		wa, wb := a.Weights[k], b.Weights[k]
		if wa != wb {
			parts = append(parts, l.T("weight of %s %s → %s", k, fmtWeight(weightOr1(wa)), fmtWeight(weightOr1(wb))))
		}
	}
	if !slices.Equal(a.Hidden, b.Hidden) {
		parts = append(parts, l.T("hidden mirrors: %s", strings.Join(b.Hidden, ", ")))
	}
	if a.Theme != b.Theme {
		parts = append(parts, l.T("theme %s", b.Theme))
	}
	return strings.Join(parts, "; ")
}

// handleApplied reports an apply or undo and takes the values after it.
func (m Model) handleApplied(msg AppliedMsg) (tea.Model, tea.Cmd) {
	inflight := m.inflight
	m.applying, m.inflight = false, nil
	if msg.Undo && errors.Is(msg.Err, envcfg.ErrNothingToUndo) {
		// Not a failure: u pressed once more than there were applies.
		m.setStatus(m.lang.T("nothing to undo"))
		return m, nil
	}
	if msg.Err != nil {
		f := i18n.N("apply failed: %s")
		if msg.Undo {
			f = i18n.N("undo failed: %s")
		}
		m.setError(m.lang.T(f, m.lang.Error(msg.Err)))
		m.logEvent(evError, m.status)
		return m, nil
	}
	r := msg.Report
	m.recent = r.Diffs
	for _, d := range r.Diffs {
		if msg.Undo {
			m.logEvent(evApply, m.lang.T("undone: %s", m.diffText(d)))
		} else {
			m.logEvent(evApply, m.lang.T("applied: %s", m.diffText(d)))
		}
	}
	switch {
	case len(r.Diffs) == 0 && msg.Undo:
		m.setStatus(m.lang.T("nothing to undo"))
	case len(r.Diffs) == 0:
		m.setStatus(m.lang.T("nothing changed: the go env file already held these values"))
	case msg.Undo:
		m.setStatus(m.lang.T("undone"))
	default:
		m.setStatus(m.lang.T("applied"))
	}
	for _, ne := range r.NotEffective {
		m.setError(m.lang.T("%s is written but not in effect: the OS environment sets %s=%s", ne.Key, ne.Key, envcfg.RedactValue(ne.Effective)))
		m.logEvent(evError, m.status)
	}
	for _, w := range r.Warnings {
		m.logEvent(evError, m.lang.Error(w))
	}
	if r.After.Vars == nil {
		if m.deps.ReadEnv != nil {
			return m, m.deps.ReadEnv()
		}
		return m, nil
	}
	// Keys this apply wrote take their new values; other pending edits
	// stay, and keys not edited follow the file.
	keepSumDB, keepPats, keepChain, edited := m.sumdb, m.pats, m.editor.chain, m.editedKeys()
	m.takeEnv(r.After, true)
	applied := func(k string) bool {
		return slices.ContainsFunc(inflight, func(c envcfg.Change) bool { return c.Key == k }) ||
			slices.ContainsFunc(r.Diffs, func(d envcfg.Diff) bool { return d.Key == k })
	}
	if edited["GOSUMDB"] && !applied("GOSUMDB") {
		m.sumdb = keepSumDB
	}
	for i, k := range patternKeys {
		if edited[k] && !applied(k) {
			m.pats[i] = keepPats[i]
		}
	}
	if edited["GOPROXY"] && !applied("GOPROXY") {
		m.editor.chain = keepChain
	}
	return m, nil
}

// ownWrite reports whether the changes the watcher saw are exactly those
// of the apply in flight or of the last one: the watcher reports our own
// writes too, and they must not count as outside changes.
func (m *Model) ownWrite(changes []envcfg.Diff) bool {
	if len(changes) == 0 {
		return false
	}
	for _, d := range changes {
		mine := slices.ContainsFunc(m.inflight, func(c envcfg.Change) bool {
			return c.Key == d.Key && c.Unset == !d.NewSet && (c.Unset || c.Value == d.New)
		}) || slices.ContainsFunc(m.recent, func(r envcfg.Diff) bool {
			return r.Key == d.Key && r.NewSet == d.NewSet && r.New == d.New
		})
		if !mine {
			return false
		}
	}
	return true
}

// chainErrText renders a GOPROXY parse error in l.
func chainErrText(l i18n.Lang, err error) string {
	var ce *mirrors.ChainError
	if errors.As(err, &ce) {
		return ce.Message(l)
	}
	return l.Error(err)
}

func firstLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
