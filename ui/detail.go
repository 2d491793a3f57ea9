package ui

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// detailPart is a group of detail lines with a priority: when the panel
// is short, the parts of the lowest priority are left out first.
type detailPart struct {
	prio  int // higher stays longer
	lines []string
	short []string // what replaces lines when there is no room for them (nil: nothing)
}

// Priorities of the detail's parts. The head (which mirror) always stays,
// and the curl command (what to run to see for oneself) in one line at
// least; then the last probe's outcome and its failure (the whole curl
// command goes down to its first line before the failure's reason goes),
// the phases in one line, the note and TLS facts, and the waterfall only
// when there is room for it.
const (
	prioKeep = 100 - iota*10
	prioStatus
	prioFailure
	prioPhases
	prioCert
	prioNote
	prioWaterfall
)

// detailLines renders the detail panel of the selected mirror in width w,
// every part included.
func (m *Model) detailLines(w int) []string {
	return m.detailFit(w, 1<<30)
}

// detailFit renders the detail panel in at most h lines of width w: the
// parts in their order, leaving out the least important ones until the
// rest fits; the curl line (wrapped, never cut) is always last.
func (m *Model) detailFit(w, h int) []string {
	parts := m.detailParts(w)
	total := 0
	for _, p := range parts {
		total += len(p.lines)
	}
	for prio := prioWaterfall; total > h && prio < prioKeep; prio += 10 {
		for i := len(parts) - 1; i >= 0 && total > h; i-- {
			p := parts[i]
			if p.prio != prio || p.lines == nil {
				continue
			}
			total += len(p.short) - len(p.lines)
			parts[i].lines = p.short
			if prio == prioWaterfall {
				// The phases in one line replace the waterfall.
				for j, q := range parts {
					if q.prio == prioPhases {
						parts[j].lines = m.phasesLine(w)
						total += len(parts[j].lines)
					}
				}
			}
		}
	}
	var out []string
	for _, p := range parts {
		out = append(out, p.lines...)
	}
	return out
}

// detailNeed is how many lines of width w the detail needs for what it
// should always show: the parts down to the last failure's reason, and
// the whole curl command.
func (m *Model) detailNeed(w int) int {
	n := 0
	for _, p := range m.detailParts(w) {
		if p.prio >= prioFailure {
			n += len(p.lines)
		}
	}
	return n
}

// detailParts are the detail's parts in display order.
func (m *Model) detailParts(w int) []detailPart {
	l := m.lang
	mm, ok := m.detailMirror()
	if !ok {
		return []detailPart{{prio: prioKeep, lines: []string{m.st.Subtle.Render(l.T("no mirror selected"))}}}
	}
	mm = m.cat.Localize(mm, l)
	s := m.stats(mm.ID)
	head := m.st.Bold.Render(mm.ID) + " " + m.st.Subtle.Render(mirrors.RedactURL(mm.URL))
	if mm.Operator != "" || mm.Region != "" {
		head += m.st.Subtle.Render(" · " + strings.Trim(mm.Operator+" · "+mm.Region, " ·"))
	}
	cut := func(ls ...string) []string { return m.detailCut(w, ls...) }
	parts := []detailPart{{prio: prioKeep, lines: cut(head)}}
	if mm.Note != "" {
		parts = append(parts, detailPart{prio: prioNote, lines: cut(m.st.Subtle.Render(mm.Note))})
	}
	// The curl command is wrapped, so it can be copied, and cut to its
	// first line only when the last failure's reason needs the room (c
	// copies it whole; the focused detail has room for it).
	cl := m.curlLine(mm)
	curl := detailPart{prio: prioFailure, lines: wrap(cl, w), short: []string{cutAtWord(cl, w)}}
	r := s.LastResult
	if r == nil {
		return append(parts, detailPart{prio: prioStatus, lines: []string{m.st.Subtle.Render(l.T("no probe yet"))}}, curl)
	}
	status := m.st.Success.Render(classText(l, r.Class))
	if !r.OK() {
		status = m.st.Error.Render(classText(l, r.Class))
	}
	info := l.T("last probe %s", r.Start.Format("15:04:05")) + " " + status
	if r.Status != 0 {
		info += fmt.Sprintf(" %d", r.Status)
	}
	if r.RemoteAddr != "" {
		info += m.st.Subtle.Render(" " + l.T("from %s", r.RemoteAddr))
	}
	st := detailPart{prio: prioStatus, lines: cut(info)}
	if r.ViaProxy != "" {
		st.lines = append(st.lines, cut(m.st.Warning.Render(l.T("through proxy %s: DNS and connect time that proxy", r.ViaProxy)))...)
	}
	if t, ok := m.queryCaveat(mm); ok {
		// Wrapped, not cut: what fails, and the status, is at the end.
		st.lines = append(st.lines, wrap(m.st.Warning.Render(partialMark+" "+l.T("usable for pinned builds (a complete go.mod); %s", t.In(l))), w)...)
	}
	parts = append(parts, st, detailPart{prio: prioWaterfall, lines: m.waterfall(r.Phases, w)}, detailPart{prio: prioPhases})
	var notes []string
	for _, n := range r.NoteMessages(l) {
		notes = append(notes, m.st.Warning.Render("! "+n))
	}
	if len(notes) > 0 {
		parts = append(parts, detailPart{prio: prioFailure, lines: cut(notes...)})
	}
	if r.TLS != nil {
		parts = append(parts, m.tlsParts(r.TLS, w)...)
	}
	if f := s.LastFailure; f != nil {
		parts = append(parts, m.failurePart(f, w))
	}
	return append(parts, curl)
}

// detailCut fits the detail's lines ls to width w: too long, they are cut
// at a word, except in the focused detail (tab), which shows them whole.
func (m *Model) detailCut(w int, ls ...string) []string {
	if m.focus == focusDetail {
		var out []string
		for _, l := range ls {
			out = append(out, wrap(l, w)...)
		}
		return out
	}
	for i := range ls {
		ls[i] = cutAtWord(ls[i], w)
	}
	return ls
}

// tlsParts are the detail's TLS facts: version, ALPN, cipher suite and
// issuer; the certificate's expiry and a verification error.
func (m *Model) tlsParts(t *probe.TLSInfo, w int) []detailPart {
	l := m.lang
	tl := []string{strings.Join(nonEmpty(t.Version, t.ALPN, t.CipherSuite), " · ")}
	if t.Issuer != "" {
		tl = append(tl, l.T("issuer %s", t.Issuer))
	}
	parts := []detailPart{{prio: prioNote, lines: m.detailCut(w, tl...)}}
	var cert []string
	if !t.LeafNotAfter.IsZero() {
		exp := l.T("cert: %s (leaf %s, chain %s)", probe.CertExpiry(l, t.DaysLeft), t.LeafNotAfter.Format("2006-01-02"), t.ChainNotAfter.Format("2006-01-02"))
		if t.DaysLeft < 14 {
			exp = m.st.Warning.Render("! " + exp)
		}
		cert = append(cert, exp)
	}
	if t.VerifyError != "" {
		cert = append(cert, m.st.Error.Render(l.T("certificate not verified: %s", t.VerifyError)))
	}
	if len(cert) > 0 {
		parts = append(parts, detailPart{prio: prioCert, lines: m.detailCut(w, cert...)})
	}
	return parts
}

// failurePart is the last failure: its time, class and reason (wrapped,
// never cut: it is what triage is about), and the first line of the
// answer's body.
func (m *Model) failurePart(f *probe.Result, w int) detailPart {
	l := m.lang
	fl := l.T("last failure %s %s", f.Start.Format("15:04:05"), classText(l, f.Class))
	if reason := f.Message(l); reason != "" {
		fl += ": " + reason
	}
	var fls []string
	for i, p := range wrap(fl, w-2) {
		if i > 0 {
			p = "  " + p
		}
		fls = append(fls, m.st.Error.Render(p))
	}
	if f.Body != "" {
		fls = append(fls, m.detailCut(w, m.st.Subtle.Render(firstLine(f.Body)))...)
	}
	return detailPart{prio: prioFailure, lines: fls}
}

// phasesLine is the last probe's phases in one line (wrapped), for a
// detail panel too short for the waterfall.
func (m *Model) phasesLine(w int) []string {
	s := m.stats("")
	if mm, ok := m.detailMirror(); ok {
		s = m.stats(mm.ID)
	}
	if s.LastResult == nil {
		return nil
	}
	p, l := s.LastResult.Phases, m.lang
	var parts []string
	for _, ph := range []struct {
		name string
		d    time.Duration
	}{{l.T("dns"), p.DNS}, {l.T("connect"), p.Connect}, {l.T("tls"), p.TLS}, {l.T("first byte"), p.TTFB}, {l.T("transfer"), p.Transfer}, {l.T("total"), p.Total}} {
		if ph.d > 0 {
			parts = append(parts, ph.name+" "+ms(ph.d))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return wrap(strings.Join(parts, " · "), w)
}

// detailFill is the detail panel in h lines: the detail fitted to h, then,
// in the room left (tall terminals, the wide layout), the selected
// mirror's recent probes, newest first, so that the panel's height is used
// for history instead of staying blank.
func (m *Model) detailFill(w, h int) []string {
	lines := m.detailFit(w, h)
	room := h - len(lines) - 2 // a blank line and the title
	mm, ok := m.detailMirror()
	if !ok || room < 2 {
		return lines
	}
	rs := m.track.Recent(mm.ID, room)
	if len(rs) < 2 {
		return lines
	}
	lines = append(lines, "", m.st.Bold.Render(m.lang.T("recent probes")))
	for i := len(rs) - 1; i >= 0; i-- {
		lines = append(lines, m.probeLine(rs[i], "", w))
	}
	return lines
}

// probeLine is one probe result in a line: time, total, class, status,
// and the mirror when id is not "".
func (m *Model) probeLine(r probe.Result, id string, w int) string {
	class := m.pt.success.P(classText(m.lang, r.Class))
	if !r.OK() {
		class = m.pt.error.P(classText(m.lang, r.Class))
	}
	line := m.pt.subtle.P(r.Start.Format("15:04:05")) + " " + fitRight(ms(r.Phases.Total), 7) + " "
	if id != "" {
		line += fit(id, 18) + " "
	}
	line += class
	if r.Status != 0 {
		line += fmt.Sprintf(" %d", r.Status)
	}
	return truncate(line, w)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// waterfall draws the phases of one probe as bars on a common time axis,
// each starting where the previous one ended, with its duration.
func (m *Model) waterfall(p probe.Phases, w int) []string {
	l := m.lang
	phases := []struct {
		name string
		d    time.Duration
		st   func(...string) string
	}{
		{l.T("dns"), p.DNS, m.st.Waterfall.DNS.Render},
		{l.T("connect"), p.Connect, m.st.Waterfall.Connect.Render},
		{l.T("tls"), p.TLS, m.st.Waterfall.TLS.Render},
		{l.T("first byte"), p.TTFB, m.st.Waterfall.TTFB.Render},
		{l.T("transfer"), p.Transfer, m.st.Waterfall.Transfer.Render},
	}
	total := p.Total
	var sum time.Duration
	for _, ph := range phases {
		sum += ph.d
	}
	total = max(total, sum)
	nameW := 0
	for _, ph := range phases {
		nameW = max(nameW, widthOf(ph.name))
	}
	barW := max(4, w-nameW-9)
	var out []string
	var at time.Duration
	for _, ph := range phases {
		if ph.d == 0 {
			continue
		}
		start, n := 0, 1
		if total > 0 {
			start = int(int64(at) * int64(barW) / int64(total))
			n = max(1, int(int64(ph.d)*int64(barW)/int64(total)))
		}
		start = min(start, barW-1)
		n = min(n, barW-start)
		bar := strings.Repeat(" ", start) + ph.st(strings.Repeat("█", n))
		out = append(out, fit(ph.name, nameW)+" "+fitRight(ms(ph.d), 7)+" "+bar)
		at += ph.d
	}
	out = append(out, fit(l.T("total"), nameW)+" "+fitRight(ms(p.Total), 7))
	return out
}

// canary is the module@version the probes fetch.
func (m *Model) canary() string {
	if m.cfg != nil && m.cfg.Probe.Canary != "" {
		return m.cfg.Probe.Canary
	}
	return config.DefaultCanary
}

// curlLine is curlCommand as the detail panel shows it.
func (m *Model) curlLine(mm mirrors.Mirror) string {
	return m.st.Subtle.Render(m.curlCommand(mm))
}

// curlCommand is a curl command that repeats the probe's request, with
// credentials redacted and timings printed: plain text, for the detail
// panel and the clipboard.
func (m *Model) curlCommand(mm mirrors.Mirror) string {
	mod, ver, _ := strings.Cut(m.canary(), "@")
	esc, err := module.EscapePath(mod)
	if err != nil {
		esc = mod
	}
	base := strings.TrimRight(mirrors.RedactURL(mm.URL), "/")
	if !strings.Contains(base, "://") {
		base = "https://" + base
	}
	u := base + "/" + esc + "/@v/" + ver + ".info"
	return "curl -sS -o /dev/null -w '" +
		"dns %{time_namelookup} connect %{time_connect} tls %{time_appconnect} ttfb %{time_starttransfer} total %{time_total} http %{http_code}\\n' '" + u + "'"
}
