package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/probe"
)

// Minimum terminal size; below it the TUI says what it needs.
const (
	MinWidth  = 60
	MinHeight = 16
	// WideWidth is the width from which panels sit side by side.
	WideWidth = 120
)

// Layout. The dashboard's panels are methods returning their lines for a
// width (tableLines, chainLines, detailLines, eventLines, relayLines),
// drawn by panel() with a title rule that shows focus; compactBody and
// wideBody arrange them. A full-screen component (the key list, the
// first-run guide, the triage: see component.go) replaces the body in
// render, and a question (dialog) or text input is overlaid on it; while
// one is open it receives every key (handleKey).

// render draws the whole screen as exactly height lines of width cells.
func (m *Model) render() string {
	w, h := m.width, m.height
	if w < MinWidth || h < MinHeight {
		msg := m.lang.T("goproxytui needs a terminal of at least %dx%d (now %dx%d)", MinWidth, MinHeight, w, h)
		return ansi.Wrap(msg, max(1, w), "")
	}
	header := m.headerLines(w)
	foot := m.footerLines(w)
	bodyH := max(1, h-len(header)-len(foot))
	var body []string
	if w >= WideWidth {
		body = m.wideBody(w, bodyH)
	} else {
		body = m.compactBody(w, bodyH)
	}
	m.layout(bodyH)
	switch m.screen {
	case screenGuide:
		body = m.guide.view(m.lang.T("Welcome to goproxytui: first run"), m.guide.lines(m.guideData()))
	case screenTriage:
		body = m.triage.view(m.lang.T("Triage (T or esc to close)"), m.triageLines(w))
	}
	if m.keyList.open && m.dialog == nil && m.input == nil {
		body = m.keyList.view(m.lang.T("Keys (? to close)"), m.fullHelpLines(w))
	}
	if m.dialog != nil {
		body = overlay(body, m.boxed(m.dialog.render(min(w-4, 100)), w), bodyH)
	} else if m.input != nil {
		body = overlay(body, m.boxed(m.input.render(min(w-4, 100)), w), bodyH)
	}
	lines := make([]string, 0, h)
	lines = append(lines, header...)
	lines = append(lines, body...)
	lines = append(lines, foot...)
	for i := range lines {
		lines[i] = fit(lines[i], w)
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// bodyHeight is the height render gives the body.
func (m *Model) bodyHeight() int {
	return max(1, m.height-len(m.headerLines(m.width))-len(m.footerLines(m.width)))
}

// footerLines: the status line (or the config error) and the help.
func (m *Model) footerLines(w int) []string {
	var out []string
	if m.cfgErr != nil {
		// The message (wrapped, at most 2 lines), then the offending line
		// and its caret: 4 lines at most.
		text := strings.Split(m.configErrText(), "\n")
		head := wrap(m.lang.T("config error (still using the last good config): %s", text[0]), w)
		for _, l := range append(head[:min(2, len(head))], text[1:min(3, len(text))]...) {
			out = append(out, m.st.Error.Render(truncate(l, w)))
		}
	}
	switch {
	case m.status != "" && m.statusErr:
		out = append(out, m.st.Error.Render(cutAtWord(m.status, w)))
	case m.status != "":
		out = append(out, m.st.Subtle.Render(cutAtWord(m.status, w)))
	default:
		out = append(out, "")
	}
	hm := *m.help
	hm.SetWidth(w)
	hk := m.helpFor()
	out = append(out, hm.ShortHelpView(hk.ShortHelp()))
	return out
}

// panel draws a titled panel of exactly h lines and width w, its title
// heavy when f has focus.
func (m *Model) panel(title string, f focus, content []string, w, h int) []string {
	return drawPanel(m.st, title, m.focus == f, content, w, h)
}

// compactBody stacks the panels: table, chain, and below them the detail
// or the event log (whichever has focus; the detail otherwise). The focused
// panel gets the room it needs first.
func (m *Model) compactBody(w, h int) []string {
	chain := m.chainLines(w, h >= 24)
	chainH := min(len(chain)+1, max(3, h*2/5))
	rows := len(m.rows())
	tableH := min(rows+2, max(4, h-chainH-5))
	if m.focus == focusDetail || m.focus == focusEvents {
		tableH = min(tableH, max(4, h-chainH-12))
	} else if m.relayShown() {
		// The relay's figures need about 7 lines; the table scrolls.
		tableH = min(tableH, max(4, h-chainH-8))
	} else {
		// The detail shows the last failure's reason and the whole curl
		// command; the table scrolls to make room for them.
		tableH = min(tableH, max(4, h-chainH-m.detailNeed(w)-1))
	}
	bottomH := h - chainH - tableH
	var out []string
	out = append(out, m.panel(m.tableTitle(), focusTable, m.tableLines(w, tableH-1), w, tableH)...)
	out = append(out, m.panel(m.chainTitle(), focusChain, chain, w, chainH)...)
	switch {
	case m.focus == focusEvents:
		out = append(out, m.panel(m.lang.T("Events"), focusEvents, m.eventLines(w, bottomH-1), w, bottomH)...)
	case m.focus != focusDetail && m.relayShown():
		// The relay's figures while it runs; tab to the detail shows the
		// mirror's.
		out = append(out, m.panel(m.lang.T("Relay"), -1, m.relayLines(w, bottomH-1), w, bottomH)...)
	default:
		out = append(out, m.panel(m.lang.T("Detail"), focusDetail, m.detailFill(w, bottomH-1), w, bottomH)...)
	}
	return out
}

// wideBody puts the table and the detail on the left, the chain and the
// event log on the right. Each column gives its content-sized panels what
// they need and the rest to the one that has more to show: the detail
// (its recent probes) on the left; on the right the event log while it is
// short gives the room below it to the probe feed (every mirror's latest
// results), so a tall screen is not left half empty.
func (m *Model) wideBody(w, h int) []string {
	lw := w * 60 / 100
	rw := w - lw - 1
	rows := len(m.rows())
	tableH := min(rows+2, max(5, h*3/5))
	left := m.panel(m.tableTitle(), focusTable, m.tableLines(lw, tableH-1), lw, tableH)
	left = append(left, m.panel(m.lang.T("Detail"), focusDetail, m.detailFill(lw, h-tableH-1), lw, h-tableH)...)
	chain := m.chainLines(rw, true)
	chainH := min(len(chain)+1, h/2)
	right := m.panel(m.chainTitle(), focusChain, chain, rw, chainH)
	rest := h - chainH
	if m.relayShown() && rest > 6 {
		lines := m.relayLines(rw, max(4, rest/2)-1)
		relayH := min(len(lines)+1, rest-6)
		right = append(right, m.panel(m.lang.T("Relay"), -1, lines, rw, relayH)...)
		rest -= relayH
	}
	eventsH := min(max(len(m.events)-m.eventsOff+1, 6), rest)
	if rest-eventsH < 5 {
		eventsH = rest
	}
	right = append(right, m.panel(m.lang.T("Events"), focusEvents, m.eventLines(rw, eventsH-1), rw, eventsH)...)
	if feedH := rest - eventsH; feedH > 0 {
		right = append(right, m.panel(m.lang.T("Probe feed"), -1, m.feedLines(rw, feedH-1), rw, feedH)...)
	}
	out := make([]string, h)
	for i := range out {
		out[i] = fit(left[i], lw) + " " + fit(right[i], rw)
	}
	return out
}

// feedLines are the newest n probe results of all mirrors shown, newest
// first.
func (m *Model) feedLines(w, n int) []string {
	type item struct {
		r  probe.Result
		id string
	}
	var all []item
	for _, mm := range m.list {
		for _, r := range m.track.Recent(mm.ID, n) {
			all = append(all, item{r, mm.ID})
		}
	}
	slices.SortStableFunc(all, func(a, b item) int { return b.r.Start.Compare(a.r.Start) })
	var out []string
	for _, it := range all[:min(n, len(all))] {
		out = append(out, m.probeLine(it.r, it.id, w))
	}
	if len(out) == 0 {
		out = append(out, m.st.Subtle.Render(m.lang.T("no probe yet")))
	}
	return out
}

// chainTitle is the chain panel's title: "pending" only while the panel
// shows unapplied edits (of GOPROXY or GOSUMDB).
func (m *Model) chainTitle() string {
	if m.editedKeys()["GOPROXY"] || m.editedKeys()["GOSUMDB"] {
		return m.lang.T("Chain (pending)")
	}
	return m.lang.T("Chain")
}

func (m *Model) tableTitle() string {
	t := m.lang.T("Mirrors")
	if m.sortBy != sortCatalog {
		t += " · " + m.lang.T("sorted by %s", m.sortName())
	}
	if m.filter != "" {
		t += " · " + m.lang.T("filter %q", m.filter)
	}
	return t
}

// boxed frames lines in the dialog style, centred in width w.
func (m *Model) boxed(lines []string, w int) []string {
	box := m.st.Dialog.Render(strings.Join(lines, "\n"))
	out := strings.Split(box, "\n")
	pad := max(0, (w-widthOf(out[0]))/2)
	for i := range out {
		out[i] = strings.Repeat(" ", pad) + out[i]
	}
	return out
}

// overlay replaces the lower middle of body with box.
func overlay(body, box []string, h int) []string {
	out := append([]string(nil), body...)
	for len(out) < h {
		out = append(out, "")
	}
	start := max(0, (h-len(box))/2)
	for i, l := range box {
		if start+i < len(out) {
			out[start+i] = l
		}
	}
	return out
}
