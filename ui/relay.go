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
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/relay"
)

// The relay in the TUI: one key (R) starts and stops an
// in-process relay (Deps.StartRelay, Deps.StopRelay: the wiring owns the
// listener and its goroutines), its figures come every second from
// Deps.RelayStats (relay.Stats, the snapshot --log and the metrics are
// made from), and a loopback GOPROXY entry that answers with
// relay.RelayHeader is shown as an outside relay (Deps.DetectRelay).

// RelayStartedMsg reports the end of Deps.StartRelay: the relay's GOPROXY
// URL and its upstreams' labels, or why it did not start.
type RelayStartedMsg struct {
	URL       string
	Upstreams []string
	Err       error
}

// RelayStoppedMsg reports the end of Deps.StopRelay, with the relay's last
// figures.
type RelayStoppedMsg struct {
	Stats relay.Stats
	Err   error
}

// RelayStatsMsg carries a snapshot of the running relay's figures (the
// answer to Deps.RelayStats).
type RelayStatsMsg struct {
	Stats relay.Stats
	gen   int // the relay run it belongs to (set by the model's tick)
}

// RelayDetectedMsg reports the end of Deps.DetectRelay: whether the URL
// answered as a goproxytui relay, with its status (relay.StatusPath: its
// upstreams and their health) when it did; Err says why it gave none when
// it did not answer at all ("" when it answered).
type RelayDetectedMsg struct {
	URL    string
	Relay  bool
	Status relay.Status
	Err    string
}

// relayTickMsg asks for the next figures of relay run gen.
type relayTickMsg struct{ gen int }

// relayInterval is how often the relay panel's figures are refreshed.
const relayInterval = time.Second

// relayState is the in-process relay as the model knows it, and what it
// found out about the chain's loopback entries.
type relayState struct {
	running bool
	busy    bool // a start or a stop is on its way
	url     string
	ups     []string
	stats   relay.Stats
	has     bool // stats (of the running or the last run) are there
	gen     int  // counts runs: ticks and figures of an old run are dropped
	// outside[URLKey] says whether that loopback entry answered as a
	// relay; asked the URLs a detection was started for. Both replaced,
	// never changed in place (models are copied).
	outside map[string]bool
	asked   map[string]bool
	// checks[URLKey] is each detection's answer, for the triage's relay
	// findings (advisor.DoctorInput.Relays); replaced like outside.
	checks map[string]advisor.RelayCheck
}

// relayPanel is the relay panel: the in-process relay as the model knows
// it and what it found out about the chain's loopback entries (relayState,
// kept up to date by the root's handleRelay), drawn at a width.
type relayPanel struct {
	common common
	relayState
}

// SetSize sets the panel's width and height.
func (p *relayPanel) SetSize(width, height int) { p.common.Width, p.common.Height = width, height }

// ShortHelp is the relay panel's part of the help bar.
func (p *relayPanel) ShortHelp() []key.Binding {
	return localized(p.common.Lang, p.common.KeyMap.Relay)
}

// FullHelp lists the relay panel's keys.
func (p *relayPanel) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// relayAction is what the relay key asks of the root.
type relayAction int

const (
	relayWait  relayAction = iota // a start or a stop is on its way
	relayStart                    // start the relay
	relayStop                     // stop the running relay
)

// update handles the relay key (R): start when stopped, stop when
// running, wait while either is on its way.
func (p *relayPanel) update(msg tea.KeyPressMsg) (relayAction, bool) {
	if !key.Matches(msg, p.common.KeyMap.Relay) {
		return relayWait, false
	}
	switch {
	case p.busy:
		return relayWait, true
	case p.running:
		p.busy = true
		return relayStop, true
	}
	p.busy = true
	return relayStart, true
}

// toggleRelay is the R key: start the relay over the pending chain's
// mirrors, or stop the running one.
func (m *Model) toggleRelay(msg tea.KeyPressMsg) tea.Cmd {
	l := m.lang
	if m.deps.StartRelay == nil || m.deps.StopRelay == nil {
		m.setError(l.T("the relay is not available"))
		return nil
	}
	switch act, _ := m.relay.update(msg); act {
	case relayWait:
		m.setStatus(l.T("the relay is starting or stopping…"))
		return nil
	case relayStop:
		m.setStatus(l.T("stopping the relay…"))
		return m.deps.StopRelay()
	}
	c, alt, ok := m.relayStartChain()
	switch {
	case !ok:
		m.relay.busy = false // nothing was started
		m.setError(l.T("the relay is not started: no mirror answers now, and a relay without one answers 502 to every request"))
		return nil
	case alt:
		m.setStatus(l.T("starting the relay over the mirrors that answer now (%s): none of the chain's does…", chainLabels(c)))
	default:
		m.setStatus(l.T("starting the relay…"))
	}
	return m.deps.StartRelay(c.String(), m.sumdb)
}

// relayStartChain is the chain the relay is started over: relayChain,
// unless every mirror of it fails or hangs now as measured (advisor's
// measurements, the judge's); then, with alt, the mirrors shown that
// answer now, at most three in list order, '|' between them and ','
// before direct. ok is false when no mirror answers now: a relay would
// only answer 502.
func (m *Model) relayStartChain() (c mirrors.Chain, alt, ok bool) {
	c = m.relayChain()
	meas := m.measurements(m.judgeDB().Name)
	for _, e := range c.Entries {
		if fs, known := meas.Files(e); e.Kind == mirrors.KindProxy && (!known || fs.Info == mirrors.OutcomeOK) {
			return c, false, true
		}
	}
	var ups []mirrors.Entry
	for _, mm := range m.list {
		e := mirrors.NewEntry(mm)
		if fs, known := meas.Files(e); known && fs.Info == mirrors.OutcomeOK && len(ups) < 3 {
			e.Sep = mirrors.SepPipe
			ups = append(ups, e)
		}
	}
	if len(ups) == 0 {
		return c, false, false
	}
	ups[len(ups)-1].Sep = mirrors.SepComma
	return mirrors.Chain{Entries: append(ups, mirrors.Entry{Kind: mirrors.KindDirect})}.Normalized(), true, true
}

// relayChain is the chain the relay forwards to and falls back to: the
// pending one (go's default when it is empty), without relays.
func (m *Model) relayChain() mirrors.Chain {
	c := m.editor.chain
	if len(c.Entries) == 0 {
		c, _ = mirrors.ParseChain(defaultOf("GOPROXY"), m.cat)
	}
	var out mirrors.Chain
	for _, e := range c.Entries {
		if !m.isRelay(e) {
			out.Entries = append(out.Entries, e)
		}
	}
	return out.Normalized()
}

// handleRelay takes the relay's messages.
func (m Model) handleRelay(msg tea.Msg) (tea.Model, tea.Cmd) {
	l := m.lang
	r := &m.relay
	switch msg := msg.(type) {
	case RelayStartedMsg:
		r.busy = false
		if msg.Err != nil {
			m.setError(l.T("the relay did not start: %s", l.Error(msg.Err)))
			m.logEvent(evError, m.status)
			return m, nil
		}
		r.running, r.url, r.ups = true, msg.URL, msg.Upstreams
		r.stats, r.has = relay.Stats{}, false
		r.gen++
		m.setStatus(l.T("relay serving on %s from %s", msg.URL, strings.Join(msg.Upstreams, ", ")))
		m.logEvent(evInfo, m.status)
		m.askRelayInFront()
		return m, relayTick(r.gen)
	case RelayStoppedMsg:
		c, err := mirrors.ParseChain(m.applied, m.cat)
		named := err == nil && len(c.Entries) > 0 && m.ownRelay(c.Entries[0])
		r.busy, r.running = false, false
		r.gen++
		r.stats, r.has = msg.Stats, true
		if msg.Err != nil {
			m.setError(l.T("the relay stopped with an error: %s", l.Error(msg.Err)))
		} else {
			m.setStatus(l.T("relay stopped after %d requests", msg.Stats.Requests))
		}
		if named {
			m.status += " — " + l.T("GOPROXY still names it: go gets 'connection refused' at once and goes on after '|' (u undoes)")
		}
		m.logEvent(evInfo, m.status)
		return m, nil
	case relayTickMsg:
		if msg.gen != r.gen || !r.running || m.deps.RelayStats == nil {
			return m, nil
		}
		get, gen := m.deps.RelayStats(), msg.gen
		return m, func() tea.Msg {
			out := get()
			if s, ok := out.(RelayStatsMsg); ok {
				s.gen = gen
				return s
			}
			return out
		}
	case RelayStatsMsg:
		if msg.gen != r.gen || !r.running {
			return m, nil
		}
		r.stats, r.has = msg.Stats, true
		return m, relayTick(r.gen)
	case RelayDetectedMsg:
		was := r.outside[mirrors.URLKey(msg.URL)]
		out := maps.Clone(r.outside)
		if out == nil {
			out = map[string]bool{}
		}
		out[mirrors.URLKey(msg.URL)] = msg.Relay
		r.outside = out
		checks := maps.Clone(r.checks)
		if checks == nil {
			checks = map[string]advisor.RelayCheck{}
		}
		checks[mirrors.URLKey(msg.URL)] = advisor.RelayCheck{IsRelay: msg.Relay, Status: msg.Status, Err: msg.Err}
		r.checks = checks
		if msg.Relay && !was { // asked again each round: said once
			m.logEvent(evInfo, l.T("%s answers as a goproxytui relay", mirrors.RedactURL(msg.URL)))
		}
	}
	return m, nil
}

func relayTick(gen int) tea.Cmd {
	return tea.Tick(relayInterval, func(time.Time) tea.Msg { return relayTickMsg{gen: gen} })
}

// askRelayInFront asks, once the relay runs, whether to put it in front of
// GOPROXY ("relay|the chain it replaces", as relay --apply writes), unless
// GOPROXY starts with it already.
func (m *Model) askRelayInFront() {
	if c, err := mirrors.ParseChain(m.applied, m.cat); err == nil && len(c.Entries) > 0 && m.ownRelay(c.Entries[0]) {
		return
	}
	l := m.lang
	ch := []envcfg.Change{{Key: "GOPROXY", Value: relay.ApplyValue(m.relay.url, m.relayChain().String())}}
	lines := []string{l.T("go then asks the relay, which fails over, hedges and never hangs; while the relay is down go gets 'connection refused' at once and, after '|', uses the chain behind it")}
	// What go would do through it, as the chain line will say it.
	if c, err := mirrors.ParseChain(ch[0].Value, m.cat); err == nil {
		lines = append(lines, m.verdictNotes(m.judge(c), true)...)
	}
	lines = append(lines, m.changeLines(ch)...)
	m.dialog = &dialog{kind: dialogApply, title: l.T("Put the relay in front of GOPROXY?"), lines: lines, changes: ch}
}

// ownRelay reports whether entry e is the running in-process relay.
func (m *Model) ownRelay(e mirrors.Entry) bool {
	return m.relay.running && e.Kind == mirrors.KindProxy && sameRelayURL(e.Resolved(), m.relay.url)
}

// isRelay reports whether entry e is a relay: the running in-process one,
// or a loopback URL that answered as a goproxytui relay.
func (m *Model) isRelay(e mirrors.Entry) bool {
	if e.Kind != mirrors.KindProxy {
		return false
	}
	return m.ownRelay(e) || m.relay.outside[mirrors.URLKey(e.Resolved())]
}

// sameRelayURL compares two relay URLs, taking localhost for 127.0.0.1.
func sameRelayURL(a, b string) bool {
	norm := func(s string) string {
		return strings.Replace(mirrors.URLKey(s), "localhost:", "127.0.0.1:", 1)
	}
	return norm(a) == norm(b)
}

// reaskRelays forgets that the outside relays were asked, so that
// detectRelays asks them again (each probe round: their upstreams' health
// is in the verdict and the triage); other loopback entries stay asked.
func (m *Model) reaskRelays() bool {
	var again bool
	asked := maps.Clone(m.relay.asked)
	for k, isRelay := range m.relay.outside {
		if isRelay && asked[k] {
			delete(asked, k)
			again = true
		}
	}
	if again {
		m.relay.asked = asked
	}
	return again
}

// detectRelays starts a detection for each loopback entry of the pending
// and the effective chain not asked about yet (the own relay needs none).
func (m *Model) detectRelays() tea.Cmd {
	if m.deps.DetectRelay == nil {
		return nil
	}
	var cmds []tea.Cmd
	applied, _ := mirrors.ParseChain(m.applied, m.cat)
	for _, e := range append(append([]mirrors.Entry(nil), m.editor.chain.Entries...), applied.Entries...) {
		u := e.Resolved()
		k := mirrors.URLKey(u)
		if e.Kind != mirrors.KindProxy || m.relay.asked[k] || m.ownRelay(e) || !relay.MaybeRelayURL(u) {
			continue
		}
		asked := maps.Clone(m.relay.asked)
		if asked == nil {
			asked = map[string]bool{}
		}
		asked[k] = true
		m.relay.asked = asked
		cmds = append(cmds, m.deps.DetectRelay(u))
	}
	return tea.Batch(cmds...)
}

// relayVerdict says what go does when entry e, a relay, serves it: the
// relay's upstreams it serves from and those it skips, with why (the
// probes' class, or the relay's own health). An outside relay's upstreams
// are those its status named when it was last asked (each probe round).
func (m *Model) relayVerdict(e mirrors.Entry) string {
	l := m.lang
	ups, health, known := m.relayUpstreams(e)
	if !known {
		return m.st.Chain.OK.Render(l.T("go uses the relay at %s (a goproxytui relay outside this TUI: its upstreams are not shown here)", mirrors.RedactURL(e.Resolved())))
	}
	var serving, skipped []string
	meas := m.measurements(m.judgeDB().Name)
	for _, id := range ups {
		why := ""
		if mm, ok := m.mirrorByKey(id); ok {
			// The judge's view of the upstream (its last probe), as the
			// chain line and doctor take it.
			if fs, known := meas.Files(mirrors.NewEntry(mm)); known && fs.Info != mirrors.OutcomeOK && fs.Info != mirrors.OutcomeNotFound {
				why = "down"
				if r, ok := m.lastProbe(mm.ID, ""); ok {
					why = classText(l, r.Class)
				}
			}
		}
		if why == "" && health[id] == mirrors.HealthDown.String() {
			why = "down"
		}
		if why != "" {
			skipped = append(skipped, l.T("%s is skipped: %s", id, why))
		} else {
			serving = append(serving, id)
		}
	}
	s := l.T("go uses the relay")
	switch {
	case len(serving) > 0:
		s += "; " + l.T("the relay serves from %s", strings.Join(serving, ", "))
	default:
		s += "; " + l.T("every upstream of the relay is failing: it answers 502 at once, naming each failure")
	}
	if len(skipped) > 0 {
		s += ", " + strings.Join(skipped, ", ")
	}
	if len(serving) == 0 {
		return m.st.Chain.Fail.Render(s)
	}
	return m.st.Chain.OK.Render(s)
}

// relayUpstreams returns the upstreams of relay entry e in priority order
// with their health as the relay knows it: the in-process relay's from its
// figures, an outside relay's from its status; known false for an outside
// relay without one.
func (m *Model) relayUpstreams(e mirrors.Entry) (ids []string, health map[string]string, known bool) {
	health = map[string]string{}
	if m.ownRelay(e) {
		for _, ms := range m.relay.stats.Mirrors {
			health[ms.ID] = ms.Health
		}
		return m.relay.ups, health, true
	}
	c, ok := m.relay.checks[mirrors.URLKey(e.Resolved())]
	if !ok || !c.IsRelay || len(c.Status.Upstreams) == 0 {
		return nil, nil, false
	}
	for _, u := range c.Status.ByPriority() {
		ids = append(ids, u.ID)
		health[u.ID] = u.Health
	}
	return ids, health, true
}

// relayShown reports whether the relay panel is drawn: the relay runs or
// ran, or the chain has an outside relay.
func (m *Model) relayShown() bool {
	if m.relay.running || m.relay.has {
		return true
	}
	for _, e := range m.editor.chain.Entries {
		if m.isRelay(e) {
			return true
		}
	}
	return false
}

// relayLines is the relay panel in w cells and n lines.
func (m *Model) relayLines(w, n int) []string {
	var outside []mirrors.Entry
	for _, e := range m.editor.chain.Entries {
		if m.isRelay(e) {
			outside = append(outside, e)
		}
	}
	p := m.relay
	p.common = m.shared()
	return p.lines(w, n, outside)
}

// lines is the relay panel: state, rate and counts, latency of the
// answered requests, each mirror's share, then the last requests (newest
// first) as far as n lines go; without a relay of its own, what the
// outside relays of the chain said.
func (p *relayPanel) lines(w, n int, outside []mirrors.Entry) []string {
	l, sty := p.common.Lang, p.common.Styles
	r := &p.relayState
	var out []string
	switch {
	case r.running:
		out = append(out, sty.Success.Render(l.T("relay %s: serving", r.url)))
	case r.has:
		out = append(out, sty.Subtle.Render(l.T("relay %s: stopped (R starts it again)", r.url)))
	default:
		for _, e := range outside {
			u := mirrors.RedactURL(e.Resolved())
			if c, ok := r.checks[mirrors.URLKey(e.Resolved())]; ok && c.IsRelay && c.Status.Relay != "" {
				st := c.Status
				out = append(out, wrap(sty.Text.Render(l.T("outside relay %s: %d requests · %d served · %d errors · %d hedges, as it said when last asked", u, st.Requests, st.Served, st.Errors, st.Hedges)), w)...)
				if st.Invalid > 0 || st.FromCache > 0 {
					out = append(out, wrap(sty.Text.Render(l.T("%d wrong files refused · %d served from this machine's module cache (%d partial)", st.Invalid, st.FromCache, st.Partial)), w)...)
				}
				continue
			}
			out = append(out, sty.Text.Render(l.T("outside relay %s: its figures are not known here (R starts one in this TUI)", u)))
		}
		return out
	}
	st := r.stats
	out = append(out, wrap(l.T("%.1f req/s · %d requests · %d served · %d not found · %d errors · %d failovers · %d hedges",
		st.RatePerSec, st.Requests, st.Served, st.NotFound, st.Errors, st.Failovers, st.Hedges), w)...)
	extra := 0.0
	if st.Requests > 0 {
		extra = 100 * float64(st.ExtraRequests) / float64(st.Requests)
	}
	out = append(out, wrap(l.T("answered p50 %s · p95 %s · %d upstream requests (+%.0f%%)", ms(st.P50), ms(st.P95), st.Attempts, extra), w)...)
	if st.Invalid > 0 || st.FromCache > 0 {
		out = append(out, wrap(l.T("%d wrong files refused · %d served from this machine's module cache (%d partial)", st.Invalid, st.FromCache, st.Partial), w)...)
	}
	var shares []string
	for _, mst := range st.Mirrors {
		s := fmt.Sprintf("%s %.0f%%", mst.ID, 100*mst.Share)
		if mst.Failures > 0 {
			s += " " + l.T("(%d failed)", mst.Failures)
		}
		if mst.Health == mirrors.HealthDown.String() {
			s += " " + sty.Error.Render(l.T("down"))
		}
		shares = append(shares, s)
	}
	if len(shares) > 0 {
		out = append(out, wrap(l.T("share: %s", strings.Join(shares, " · ")), w)...)
	}
	for i := len(st.Recent) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, p.requestLine(st.Recent[i], w))
	}
	if len(st.Recent) == 0 && len(out) < n {
		out = append(out, sty.Subtle.Render(l.T("no request yet: go uses the relay once GOPROXY names it")))
	}
	return out
}

// requestLine is one of the last requests: time, status, duration,
// the mirror that served it, the path, and hedge or failover marks.
func (p *relayPanel) requestLine(rec relay.RequestRecord, w int) string {
	l, sty := p.common.Lang, p.common.Styles
	by := sanitize.Line(rec.Mirror, 200)
	if by == "" {
		by = "—"
	}
	// The path is the client's, as it sent it: any program or web page
	// that reaches the relay chooses it, escapes included.
	path := sanitize.Line(rec.Path, 1000)
	s := fmt.Sprintf("%s %3d %6s %-12s %s", rec.Time.Format("15:04:05"), rec.Status, ms(rec.Duration), by, path)
	var marks []string
	if rec.Hedged {
		marks = append(marks, l.T("hedged"))
	}
	if rec.Failover() {
		marks = append(marks, l.T("failover"))
	}
	if rec.FromCache {
		marks = append(marks, l.T("from cache"))
	}
	if rec.Partial {
		marks = append(marks, l.T("partial"))
	}
	if len(marks) > 0 {
		s += " [" + strings.Join(marks, ", ") + "]"
	}
	style := sty.Text
	if rec.Status != 200 && rec.Status != 404 && rec.Status != 410 {
		style = sty.Error
	}
	return style.Render(truncate(s, w))
}

// relayChecks is what the triage tells the doctor about the loopback
// entries of the plan (advisor.RelayEntries), by entry key: the running
// in-process relay's status from its own figures, an outside one's from
// its detection; entries not detected yet are left out.
func (m *Model) relayChecks(plan advisor.Plan) map[string]advisor.RelayCheck {
	out := map[string]advisor.RelayCheck{}
	for _, pm := range advisor.RelayEntries(plan) {
		if m.relay.running && sameRelayURL(pm.URL, m.relay.url) {
			out[pm.ID] = advisor.RelayCheck{IsRelay: true, Status: m.ownRelayStatus()}
		} else if c, ok := m.relay.checks[mirrors.URLKey(pm.URL)]; ok {
			out[pm.ID] = c
		}
	}
	return out
}

// ownRelayStatus is the in-process relay's status as its figures tell it:
// its upstreams in chain order (each its own priority: the TUI's relay has
// the chain's mirrors, not the config's pools) with their health.
func (m *Model) ownRelayStatus() relay.Status {
	st := relay.Status{Relay: "goproxytui", Requests: m.relay.stats.Requests, Served: m.relay.stats.Served,
		Errors: m.relay.stats.Errors, Hedges: m.relay.stats.Hedges}
	health := map[string]string{}
	for _, ms := range m.relay.stats.Mirrors {
		health[ms.ID] = ms.Health
	}
	for i, id := range m.relay.ups {
		h := health[id]
		if h == "" {
			h = mirrors.HealthUnknown.String()
		}
		u := relay.UpstreamStatus{ID: id, Pool: i, Weight: 1, Health: h}
		if mm, ok := m.cat.ByID(id); ok {
			u.URL = mirrors.RedactURL(mm.URL)
		} else {
			u.URL = id // a mirror named by URL is labelled by its redacted URL
		}
		st.Upstreams = append(st.Upstreams, u)
	}
	return st
}
