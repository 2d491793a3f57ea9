package ui

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// triageView is the triage (T): advisor.Doctor's findings over the go
// env values, the chain and the last probe of each mirror, recomputed by
// the root (refreshTriage) whenever one of them changes while it is open.
type triageView struct {
	pager
	findings []advisor.Finding
	at       time.Time // when the findings were made
	pending  bool      // diagnose the pending edits instead of the effective values
	// ids are the mirrors whose probes the findings read: a result of
	// another mirror changes nothing.
	ids map[string]bool
	// waiting names the chain's mirrors without a probe yet: the doctor
	// would count them as failing, so the findings wait for them.
	waiting []string
	// since is the probe round at which the triage began waiting for a
	// mirror (by id); after waitRounds more rounds without its result the
	// doctor goes on without it (as "not probed") instead of waiting
	// forever: a mirror the scheduler does not measure (one the --demo
	// fleet does not simulate, named by an outside go env -w) never gets
	// one. unprobed names those mirrors.
	since    map[string]uint64
	unprobed []string
}

// triageAction is what a key pressed in the triage asks of the root.
type triageAction int

const (
	triageDone     triageAction = iota // handled here (or ignored: it acts on hidden panels)
	triageClose                        // back to the dashboard
	triageNoEdits                      // tab without pending edits: nothing to switch to
	triageRootKeys                     // a dashboard key that also works here
)

// update handles a key; dirty says whether there are pending edits to
// diagnose, total counts the triage's lines (for scrolling). The
// dashboard keys that also work here (quit, help, probe now, pause,
// one-key switch, undo, theme, save log) are left to the root.
func (t *triageView) update(msg tea.KeyPressMsg, dirty bool, total func() int) triageAction {
	k := t.common.KeyMap
	switch {
	case key.Matches(msg, k.Triage), key.Matches(msg, k.Escape):
		return triageClose
	case key.Matches(msg, k.Up):
		t.off = max(0, t.off-1)
	case key.Matches(msg, k.Down):
		t.scroll(1, total())
	case key.Matches(msg, k.TriageView):
		if !dirty {
			return triageNoEdits
		}
		t.pending = !t.pending
		t.off = 0
	case key.Matches(msg, k.Quit), key.Matches(msg, k.Help), key.Matches(msg, k.ProbeNow),
		key.Matches(msg, k.Pause), key.Matches(msg, k.Switch), key.Matches(msg, k.Undo),
		key.Matches(msg, k.Theme), key.Matches(msg, k.SaveLog):
		return triageRootKeys
	}
	return triageDone
}

// ShortHelp is the triage's part of the help bar.
func (t *triageView) ShortHelp() []key.Binding {
	k := t.common.KeyMap
	return localized(t.common.Lang, k.Triage, k.Scroll, k.TriageView)
}

// FullHelp lists the triage's keys.
func (t *triageView) FullHelp() [][]key.Binding { return [][]key.Binding{t.ShortHelp()} }

// waitRounds is how many probe rounds the triage waits for a mirror's
// first result.
const waitRounds = 2

// doctorSnapshot is the snapshot the doctor diagnoses: the effective go
// env, or with pending set the effective go env with the unapplied edits
// written to the go env file (a key the OS environment sets keeps its
// value: the edit would not be in effect either).
func (m *Model) doctorSnapshot(pending bool) envcfg.Snapshot {
	s := m.env
	if !pending {
		return s
	}
	s.Vars = maps.Clone(s.Vars)
	s.File = maps.Clone(s.File)
	if s.File == nil {
		s.File = map[string]string{}
	}
	for _, c := range m.pendingChanges() {
		v := s.Vars[c.Key]
		if c.Unset {
			delete(s.File, c.Key)
		} else {
			s.File[c.Key] = c.Value
		}
		if v.Source == envcfg.SourceEnv {
			continue
		}
		v.Name = c.Key
		if c.Unset {
			// go falls back to go.env or its default; the default of the
			// keys the TUI edits is what go.env ships for GOPROXY/GOSUMDB.
			v.Value, v.Source = defaultOf(c.Key), envcfg.SourceDefault
		} else {
			v.Value, v.Source = c.Value, envcfg.SourceFile
		}
		s.Vars[c.Key] = v
	}
	return s
}

// defaultOf is the go command's default of an edited key.
func defaultOf(k string) string {
	switch k {
	case "GOPROXY":
		return "https://proxy.golang.org,direct"
	case "GOSUMDB":
		return mirrors.SumGolangOrg
	}
	return ""
}

// doctorInputIDs builds the doctor's input from what the model knows: the
// snapshot, the catalog, the last probe of each chain entry's mirror (with
// the last known sumdb answer when that probe did not ask), of the other
// mirrors a fix may use, what a relay in the chain says of itself, the
// checksum database checks and the proxy variables. It also returns the
// ids of the mirrors it read and the labels of the chain's mirrors it has
// no probe of.
func (m *Model) doctorInputIDs(pending bool) (advisor.DoctorInput, map[string]bool, []string) {
	var waiting []string
	ids := map[string]bool{}
	in := advisor.DoctorInput{
		Lang:     m.lang,
		Snapshot: m.doctorSnapshot(pending),
		Catalog:  m.cat,
		Probes:   map[string]probe.Result{},
		SumDB:    m.reach,
		ProxyEnv: m.opt.ProxyEnv,
	}
	plan := advisor.DoctorPlan(in.Snapshot, m.cat)
	db := m.judgeDB().Name
	for _, pm := range plan.Mirrors {
		mm, ok := m.mirrorByKey(pm.ID)
		if !ok {
			mm, ok = m.mirrorByKey(mirrors.URLKey(pm.URL))
		}
		if !ok {
			waiting = append(waiting, pm.Name) // shown (and probed) once the model takes the chain
			continue
		}
		ids[mm.ID] = true
		r, ok := m.probeFor(mm.ID, db)
		if !ok {
			waiting = append(waiting, mm.ID)
			continue
		}
		in.Probes[pm.ID] = r
	}
	// A relay in GOPROXY: what it said about itself, and the config's
	// relay address (a relay there that does not answer is not running).
	in.Relays, in.RelayListen = m.relayChecks(plan), m.cfg.Relay.ListenAddr()
	// The dashboard measures the catalog's other mirrors too: a fix may
	// use those that work now (advisor.SpareChecks, and a relay's
	// upstreams: advisor.RelayUpstreamChecks), as doctor's does. They are
	// never waited for.
	for _, sm := range append(advisor.RelayUpstreamChecks(in), advisor.SpareChecks(in)...) {
		mm, ok := m.mirrorByKey(sm.ID)
		if !ok {
			mm, ok = m.mirrorByKey(mirrors.URLKey(sm.URL))
		}
		if !ok {
			continue
		}
		r, ok := m.probeFor(mm.ID, db)
		if !ok {
			continue
		}
		ids[mm.ID] = true
		in.Probes[sm.ID] = r
	}
	return in, ids, waiting
}

// probeFor is mirror id's probe in the doctor's input: the one the
// dashboard judges with (lastProbe), so that triage and the chain line
// say the same of it, with the last known answer about the checksum
// database when none was kept.
func (m *Model) probeFor(id, db string) (probe.Result, bool) {
	r, ok := m.lastProbe(id, db)
	if ok && r.SumDBSupported == nil {
		r.SumDBSupported = m.seen[id].sumdb
	}
	return r, ok
}

// refreshTriage recomputes the findings and asks for the checksum database
// checks they need.
func (m *Model) refreshTriage() tea.Cmd {
	if !m.envOK {
		return nil
	}
	if m.triage.pending && !m.dirty() {
		m.triage.pending = false
	}
	in, ids, waiting := m.doctorInputIDs(m.triage.pending)
	m.triage.ids, m.triage.waiting = ids, m.triage.stillWaiting(waiting, m.maxRound)
	m.triage.at = m.now()
	if len(m.triage.waiting) > 0 {
		m.triage.findings = nil
		return nil
	}
	m.triage.findings = advisor.Doctor(in)
	return m.checkSumDB(advisor.SumDBChecks(in))
}

// stillWaiting is the part of waiting (mirror ids or labels without a
// probe) the triage still waits for at probe round now: a mirror waited
// for since waitRounds rounds is given up on and listed in unprobed. It
// records when each wait began.
func (t *triageView) stillWaiting(waiting []string, now uint64) []string {
	since := map[string]uint64{}
	var out, gaveUp []string
	for _, id := range waiting {
		r, ok := t.since[id]
		if !ok {
			r = now
		}
		since[id] = r
		if now >= r+waitRounds {
			gaveUp = append(gaveUp, id)
		} else {
			out = append(out, id)
		}
	}
	t.since, t.unprobed = since, gaveUp
	return out
}

// severityText is a severity in words, for people.
func severityText(l i18n.Lang, s advisor.Severity) string {
	switch s {
	case advisor.SeverityError:
		return l.T("error")
	case advisor.SeverityWarning:
		return l.T("warning")
	}
	return l.T("info")
}

// triageData is what the triage shows of the root's data.
type triageData struct {
	envOK    bool // the go env values are read
	dirty    bool // there are pending edits
	checking bool // checksum database checks are under way
}

// triageLines renders the findings in width w.
func (m *Model) triageLines(w int) []string {
	t := m.triage
	t.common = m.shared()
	t.common.Width = w
	return t.lines(triageData{envOK: m.envOK, dirty: m.dirty(), checking: len(m.reachAsked) > 0})
}

// lines renders the findings at the triage's width.
func (t *triageView) lines(d triageData) []string {
	l, st, w := t.common.Lang, t.common.Styles, t.common.Width
	if !d.envOK {
		return []string{st.Subtle.Render(l.T("reading go env…"))}
	}
	var out []string
	if len(t.waiting) > 0 {
		// Without a probe the doctor would call a mirror failing: no
		// findings until every mirror of the chain is measured.
		msg := l.T("Doctor: waiting for the first probe of %s (r probes now)", strings.Join(t.waiting, ", "))
		return wrap(st.Bold.Render(msg), w)
	}
	var nErr, nWarn, nInfo int
	for _, f := range t.findings {
		switch f.Severity {
		case advisor.SeverityError:
			nErr++
		case advisor.SeverityWarning:
			nWarn++
		default:
			nInfo++
		}
	}
	what := l.T("the effective go env")
	if t.pending {
		what = l.T("the pending edits (not applied)")
	}
	head := l.T("Doctor on %s at %s — errors: %d · warnings: %d · notes: %d", what, t.at.Format("15:04:05"), nErr, nWarn, nInfo)
	out = append(out, wrap(st.Bold.Render(head), w)...)
	if len(t.unprobed) > 0 {
		out = append(out, wrap(st.Warning.Render(l.T("no probe of %s arrived in %d rounds: diagnosed as not probed", strings.Join(t.unprobed, ", "), waitRounds)), w)...)
	}
	if d.dirty {
		hint := l.T("tab: diagnose the pending edits")
		if t.pending {
			hint = l.T("tab: diagnose the effective go env")
		}
		out = append(out, st.Subtle.Render(hint))
	}
	if d.checking {
		out = append(out, st.Subtle.Render(l.T("checking the checksum database directly…")))
	}
	indent := func(label, s string) {
		for i, p := range wrap(s, w-4-widthOf(label)) {
			if i == 0 {
				out = append(out, "    "+st.Subtle.Render(label)+p)
			} else {
				out = append(out, "    "+strings.Repeat(" ", widthOf(label))+p)
			}
		}
	}
	for _, f := range t.findings {
		out = append(out, "")
		sev := severityText(l, f.Severity)
		switch f.Severity {
		case advisor.SeverityError:
			sev = st.Error.Render("✗ " + sev)
		case advisor.SeverityWarning:
			sev = st.Warning.Render("! " + sev)
		default:
			sev = st.Subtle.Render("· " + sev)
		}
		first := sev + " " + st.Subtle.Render(f.Code) + " "
		msg := sanitize.Line(f.Message, 2000)
		// Wrapped 4 cells narrower: continuation lines are indented.
		for i, p := range wrap(first+msg, w-4) {
			if i > 0 {
				p = "    " + p
			}
			out = append(out, p)
		}
		if f.Why != "" {
			indent(l.T("why: "), sanitize.Line(f.Why, 2000))
		}
		if f.Fix != "" {
			indent(l.T("fix: "), sanitize.Line(f.Fix, 2000))
		}
	}
	return out
}

// eventLogText is the event log as plain text for a file: a heading with
// the effective values, then one line per event, oldest first, with date,
// time and zone. No ANSI, no control characters, credentials redacted (the
// events hold redacted values only).
func (m *Model) eventLogText() string {
	l := m.lang
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", l.T("goproxytui event log, saved %s", m.now().Format("2006-01-02 15:04:05 MST")))
	if m.envOK {
		for _, k := range []string{"GOPROXY", "GOSUMDB", "GOPRIVATE"} {
			v := m.env.Get(k)
			if k == "GOPRIVATE" && v.Value == "" {
				continue
			}
			fmt.Fprintf(&b, "%s=%s (%s)\n", k, sanitize.Line(envcfg.RedactValue(v.Value), 2000), l.T(v.Source.Label()))
		}
	}
	b.WriteString("\n")
	if len(m.events) == 0 {
		fmt.Fprintf(&b, "%s\n", l.T("no events yet"))
	}
	for _, e := range m.events {
		sym := "·"
		switch e.Kind {
		case evHealth:
			sym = m.healthSymbol(e.To)
		case evOutside:
			sym = "»"
		case evApply:
			sym = "✓"
		case evError:
			sym = "✗"
		}
		text := sanitize.Line(e.Text, 4000) // also strips the styles
		fmt.Fprintf(&b, "%s %s %s\n", e.Time.Format("2006-01-02 15:04:05 MST"), sym, text)
	}
	return b.String()
}

// saveLog asks Deps.SaveLog to write the event log to a file named after
// the time.
func (m *Model) saveLog() tea.Cmd {
	if m.deps.SaveLog == nil {
		m.setError(m.lang.T("saving the event log is not available"))
		return nil
	}
	name := "goproxytui-events-" + m.now().Format("20060102-150405") + ".txt"
	m.setStatus(m.lang.T("saving the event log…"))
	return m.deps.SaveLog(name, m.eventLogText())
}

// copyCurl copies the selected mirror's reproducing curl command to the
// clipboard with OSC 52.
func (m *Model) copyCurl() tea.Cmd {
	mm, ok := m.detailMirror()
	if !ok {
		m.setError(m.lang.T("no mirror selected"))
		return nil
	}
	m.setStatus(m.lang.T("copied the curl command of %s (OSC 52: if your terminal does not support it, copy it from the detail panel)", mm.ID))
	return tea.SetClipboard(m.curlCommand(mm))
}
