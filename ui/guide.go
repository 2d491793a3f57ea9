package ui

import (
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// screen is what the body of the screen shows.
type screen int

const (
	screenDashboard screen = iota
	screenGuide            // first-run guide (Options.FirstRun)
	screenTriage           // doctor's findings (T)
)

// When the guide has measured enough to propose: every mirror answered
// guideResults times, or every mirror once and guideRounds probe rounds
// went by (a stalling mirror takes a whole timeout per probe).
const (
	guideResults = 2
	guideRounds  = 3
	// guideWindow is how many recent results per mirror the proposal is
	// made from.
	guideWindow = 10
)

// guideView is the first-run guide: it waits for a few probe rounds, then
// proposes advisor.Recommend's chain and GOSUMDB, frozen on the results it
// was made from (only checksum database checks arriving later refine it).
// The root feeds it (guideStep) and acts on what its keys ask
// (guideAction).
type guideView struct {
	pager
	probeAsked bool                // Deps.ProbeNow sent once every mirror answered
	ready      bool                // enough measured: rec is the proposal
	cands      []advisor.Candidate // what rec was made from
	rec        advisor.Recommendation
}

// guideAction is what a key pressed in the guide asks of the root.
type guideAction int

const (
	guideStay  guideAction = iota // nothing, or a scroll
	guideTake                     // apply the proposal
	guideLeave                    // skip to the dashboard
	guideQuit
	guideKeys // open the key list
)

// update handles a key; total counts the guide's lines (for scrolling).
// Every other key waits until the guide is left: nothing is written
// without enter or esc.
func (g *guideView) update(msg tea.KeyPressMsg, total func() int) guideAction {
	k := g.common.KeyMap
	switch {
	case key.Matches(msg, k.GuideApply):
		return guideTake
	case key.Matches(msg, k.GuideSkip):
		return guideLeave
	case key.Matches(msg, k.Quit):
		return guideQuit
	case key.Matches(msg, k.Help):
		return guideKeys
	case key.Matches(msg, k.Up):
		g.off = max(0, g.off-1)
	case key.Matches(msg, k.Down):
		g.scroll(1, total())
	}
	return guideStay
}

// ShortHelp is the guide's part of the help bar: enter only once there is
// a proposal to apply.
func (g *guideView) ShortHelp() []key.Binding {
	k := g.common.KeyMap
	if g.ready && g.rec.Usable {
		return localized(g.common.Lang, k.GuideApply, k.GuideSkip, k.Scroll)
	}
	return localized(g.common.Lang, k.GuideSkip, k.Scroll)
}

// FullHelp lists the guide's keys.
func (g *guideView) FullHelp() [][]key.Binding { return [][]key.Binding{g.ShortHelp()} }

// guideProgress counts the mirrors with at least one and at least
// guideResults results, and those with at least one answer (a result that
// is not a failure).
func (m *Model) guideProgress() (once, enough, answered, total int) {
	for _, mm := range m.list {
		rs := m.track.Recent(mm.ID, guideResults)
		if len(rs) >= 1 {
			once++
		}
		if len(rs) >= guideResults {
			enough++
		}
		if slices.ContainsFunc(rs, func(r probe.Result) bool { return r.OK() }) {
			answered++
		}
	}
	return once, enough, answered, len(m.list)
}

// guideStep moves the guide on after a probe result or a check: asks for
// a second round at once when the first is complete, proposes when enough
// is measured, and asks for the checksum database checks the proposal
// depends on. Pure: the I/O is in the returned commands.
func (m *Model) guideStep() tea.Cmd {
	var cmds []tea.Cmd
	if !m.guide.ready {
		once, enough, _, total := m.guideProgress()
		if total > 0 && once == total && !m.guide.probeAsked && m.deps.ProbeNow != nil {
			m.guide.probeAsked = true
			cmds = append(cmds, m.deps.ProbeNow())
		}
		// No mirror to measure (all hidden): propose at once (nothing).
		if total > 0 && (once < total || (enough < total && m.rounds < guideRounds)) {
			return tea.Batch(cmds...)
		}
		m.guide.ready = true
		m.guide.cands = nil
		for _, mm := range m.list {
			m.guide.cands = append(m.guide.cands, advisor.Candidate{Mirror: mm, Results: m.track.Recent(mm.ID, guideWindow)})
		}
	}
	m.guide.rec = advisor.Recommend(m.recommendInput())
	var urls []string
	for _, name := range m.guide.rec.SumDBChecks {
		urls = append(urls, "https://"+name)
	}
	if c := m.checkSumDB(urls); c != nil {
		cmds = append(cmds, c)
	}
	return tea.Batch(cmds...)
}

// recommendInput is the guide's input to advisor.Recommend.
func (m *Model) recommendInput() advisor.RecommendInput {
	in := advisor.RecommendInput{
		Lang:       m.lang,
		Candidates: m.guide.cands,
		DirectLast: m.cfg.Recommend.DirectLast,
		SumDB:      map[string]advisor.Reach{},
	}
	if m.envOK {
		in.CurrentGOSUMDB = m.env.Get("GOSUMDB").Value
	}
	for _, name := range []string{mirrors.SumGolangOrg, mirrors.SumGolangCN} {
		if r, ok := m.reach["https://"+name]; ok {
			in.SumDB[name] = r
		}
	}
	return in
}

// checkSumDB asks for the direct checks of the URLs not yet answered or
// asked; nil when there is nothing to ask or no Deps.CheckSumDB.
func (m *Model) checkSumDB(urls []string) tea.Cmd {
	if m.deps.CheckSumDB == nil {
		return nil
	}
	var ask []string
	for _, u := range urls {
		if _, ok := m.reach[u]; ok || m.reachAsked[u] {
			continue
		}
		ask = append(ask, u)
	}
	if len(ask) == 0 {
		return nil
	}
	asked := maps.Clone(m.reachAsked)
	if asked == nil {
		asked = map[string]bool{}
	}
	for _, u := range ask {
		asked[u] = true
	}
	m.reachAsked = asked
	return m.deps.CheckSumDB(ask)
}

// handleSumDBChecked takes the answers of Deps.CheckSumDB; the guide and
// the triage view are refreshed by Update.
func (m *Model) handleSumDBChecked(msg SumDBCheckedMsg) {
	reach := maps.Clone(m.reach)
	if reach == nil {
		reach = map[string]advisor.Reach{}
	}
	asked := maps.Clone(m.reachAsked)
	for u, r := range msg.Reach {
		reach[u] = r
		delete(asked, u)
	}
	m.reach, m.reachAsked = reach, asked
}

// guideChanges are the go env changes that make the proposal effective:
// the values that differ from the effective ones, or that an OS variable
// sets (then go env -w writes the file and the report says it is not in
// effect).
func (m *Model) guideChanges() []envcfg.Change {
	rec := m.guide.rec
	var ch []envcfg.Change
	for _, kv := range [][2]string{{"GOPROXY", rec.GOPROXY}, {"GOSUMDB", rec.GOSUMDB}} {
		v := m.env.Get(kv[0])
		if v.Value != kv[1] || v.Source == envcfg.SourceEnv {
			ch = append(ch, envcfg.Change{Key: kv[0], Value: kv[1]})
		}
	}
	return ch
}

// guideApply applies the proposal (one key) and saves the config, so the
// guide does not come back.
func (m *Model) guideApply() tea.Cmd {
	l := m.lang
	switch {
	case !m.guide.ready:
		m.setStatus(l.T("still measuring: the proposal follows in a few seconds (esc skips)"))
		return nil
	case !m.guide.rec.Usable:
		m.setError(l.T("no mirror answered well enough: nothing to apply (esc skips to the dashboard)"))
		return nil
	case !m.envOK:
		m.setError(l.T("the go env values are not read yet: nothing can be applied"))
		return nil
	case m.deps.Apply == nil:
		m.setError(l.T("applying is not available"))
		return nil
	}
	ch := m.guideChanges()
	m.screen = screenDashboard
	m.logEvent(evInfo, l.T("first-run guide: proposal taken (GOPROXY=%s GOSUMDB=%s)", m.guide.rec.Display, mirrors.RedactURL(m.guide.rec.GOSUMDB)))
	if len(ch) == 0 {
		m.setStatus(l.T("your go env already holds the proposed values: nothing to change"))
		return m.saveGuideConfig()
	}
	apply := m.apply(ch, l.T("applying the proposal…"))
	return tea.Batch(apply, m.saveGuideConfig())
}

// guideSkip leaves the guide for the dashboard without touching go env,
// and saves the config so the guide does not come back.
func (m *Model) guideSkip() tea.Cmd {
	m.screen = screenDashboard
	m.setStatus(m.lang.T("guide skipped: go env unchanged; a config file is saved so the guide does not come back"))
	m.logEvent(evInfo, m.lang.T("first-run guide skipped"))
	return m.saveGuideConfig()
}

// saveGuideConfig writes the current (default) config: its existence is
// what tells the next start that this is not the first run.
func (m *Model) saveGuideConfig() tea.Cmd {
	m.opt.FirstRun = false
	if m.deps.SaveConfig == nil {
		return nil
	}
	m.guideSaving = true
	return m.deps.SaveConfig(cloneConfig(m.cfg))
}

// guideData is what the guide shows of the root's data: the measuring
// progress and one row per mirror while it measures; the go env changes
// the proposal amounts to and the checksum database checks under way.
type guideData struct {
	answered, enough, total int
	rows                    []guideRow
	envOK                   bool
	changes                 []string // the lines of the changes (changeLines)
	checking                []string // checksum database URLs being checked
	// verdicts say what go would do through the proposal, per operation,
	// as the dashboard's chain line says it (verdictNotes).
	verdicts []string
}

// guideRow is a mirror while the guide measures: a painted symbol and a
// text.
type guideRow struct{ sym, text string }

// guideData collects what the guide shows.
func (m *Model) guideData() guideData {
	l := m.lang
	var d guideData
	_, d.enough, d.answered, d.total = m.guideProgress()
	if !m.guide.ready {
		for _, mm := range m.list {
			s := m.seen[mm.ID]
			if s == nil || !s.hasLast {
				d.rows = append(d.rows, guideRow{m.st.Subtle.Render("·"), mm.ID + " " + m.st.Subtle.Render(l.T("waiting"))})
				continue
			}
			text := mm.ID + " " + classText(l, s.last.Class)
			if !s.last.OK() {
				// The last probe failed: whatever the health, no ✓.
				d.rows = append(d.rows, guideRow{m.pt.error.P(m.healthSymbol(mirrors.HealthDown)), text})
				continue
			}
			h := m.track.Health(mm.ID)
			text += " " + ms(s.last.Phases.Total)
			d.rows = append(d.rows, guideRow{m.pt.health[h].P(m.healthSymbol(h)), text})
		}
		return d
	}
	if rec := m.guide.rec; rec.Usable {
		d.verdicts = m.verdictNotes(judged{c: rec.Chain, v: rec.Verdicts, meas: m.chainMeasurements(rec.Chain, m.judgeDB().Name)}, true)
	}
	d.envOK = m.envOK
	if m.envOK {
		d.changes = m.changeLines(m.guideChanges())
	}
	d.checking = slices.Sorted(maps.Keys(m.reachAsked))
	return d
}

// guideLines renders the guide in width w.
func (m *Model) guideLines(w int) []string {
	g := m.guide
	g.common = m.shared()
	g.common.Width = w
	return g.lines(m.guideData())
}

// lines renders the guide at its width.
func (g *guideView) lines(d guideData) []string {
	l, st, w := g.common.Lang, g.common.Styles, g.common.Width
	var out []string
	para := func(s string) { out = append(out, wrap(s, w)...) }
	bullet := func(sym, s string) { out = append(out, bulleted(sym, s, w)...) }
	para(l.T("No goproxytui config file yet: this short guide measures the Go module mirrors from this machine and proposes a GOPROXY chain and a GOSUMDB. Nothing is written until you press a key."))
	out = append(out, "")
	if !g.ready {
		para(st.Accent.Render(l.T("Probing: %d of %d mirrors answered, %d measured twice…", d.answered, d.total, d.enough)))
		for _, r := range d.rows {
			bullet(r.sym, r.text)
		}
		return out
	}
	rec := g.rec
	if !rec.Usable {
		para(st.Error.Render(l.T("No chain to propose: no mirror answered well enough.")))
		para(l.T("esc: on to the dashboard, go env unchanged"))
	} else {
		out = append(out, st.Bold.Render(l.T("What I propose")))
		out = append(out, wrap("GOPROXY="+rec.Display, w)...)
		out = append(out, wrap(st.Subtle.Render("  = "+chainLabels(rec.Chain)), w)...)
		out = append(out, wrap("GOSUMDB="+mirrors.RedactURL(rec.GOSUMDB), w)...)
		for _, v := range d.verdicts {
			out = append(out, wrap(v, w)...)
		}
		switch {
		case !d.envOK:
			para(st.Subtle.Render(l.T("reading go env…")))
		case len(d.changes) == 0:
			para(st.Subtle.Render(l.T("nothing to write: your go env already holds these values")))
		default:
			out = append(out, st.Bold.Render(l.T("enter writes (go env -w):")))
			for _, c := range d.changes {
				bullet(" ", c)
			}
		}
		para(st.Accent.Render(l.T("enter: apply · esc: skip, go env unchanged · either way a config file is saved, so this guide does not come back")))
	}
	return append(out, g.findingLines(d)...)
}

// findingLines are the guide's "What I found" and "Why" parts: each
// mirror's verdict, then the reasons not already said per mirror.
func (g *guideView) findingLines(d guideData) []string {
	l, st, w := g.common.Lang, g.common.Styles, g.common.Width
	out := []string{"", st.Bold.Render(l.T("What I found"))}
	bullet := func(sym, s string) { out = append(out, bulleted(sym, s, w)...) }
	// Said already: per mirror, and in the verdicts under the proposal.
	perMirror := map[string]bool{}
	if q := g.rec.Verdicts.Query; g.rec.Usable {
		perMirror[sanitize.Line(q.Why.In(l), 1000)] = true
		perMirror[sanitize.Line(q.Detail.In(l), 1000)] = true
	}
	for _, ch := range g.rec.Choices {
		text := sanitize.Line(ch.Reason.In(l), 1000)
		perMirror[text] = true
		if ch.QueryCaveat.Format != "" {
			// Usable for pinned builds only: the same words as the row's
			// mark in the dashboard's detail.
			text += " — " + st.Warning.Render(partialMark+" "+sanitize.Line(ch.QueryCaveat.In(l), 1000))
		}
		sym := st.Subtle.Render("·")
		switch {
		case ch.Chosen:
			sym = st.Success.Render("✓")
		case ch.Health() == mirrors.HealthDown || ch.Stalled():
			sym = st.Error.Render("✗")
		}
		bullet(sym, text)
	}
	var why []string
	for _, r := range g.rec.Reasons {
		if r = sanitize.Line(r, 1000); !perMirror[r] {
			why = append(why, r)
		}
	}
	if len(why) > 0 {
		out = append(out, "", st.Bold.Render(l.T("Why")))
		for _, r := range why {
			bullet("-", r)
		}
	}
	if len(d.checking) > 0 {
		out = append(out, wrap(st.Subtle.Render(l.T("checking the checksum database directly: %s…", strings.Join(d.checking, ", "))), w)...)
	}
	return out
}

// bulleted wraps s to width w after a one-cell symbol and a space, the
// lines after the first indented under the text.
func bulleted(sym, s string, w int) []string {
	var out []string
	for i, p := range wrap(s, w-2) {
		if i == 0 {
			out = append(out, sym+" "+p)
		} else {
			out = append(out, "  "+p)
		}
	}
	return out
}

// chainLabels writes a chain with mirror ids for URLs: "goproxy.cn |
// tencent , direct" (credentials redacted).
func chainLabels(c mirrors.Chain) string {
	var b strings.Builder
	for i, e := range c.Entries {
		if i > 0 {
			b.WriteString(" " + sepText(c.Entries[i-1].Sep) + " ")
		}
		b.WriteString(e.Label())
	}
	return b.String()
}
