package ui

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// detailLines renders the detail panel of the selected mirror in width w.
func (m *Model) detailLines(w int) []string {
	l := m.lang
	mm, ok := m.detailMirror()
	if !ok {
		return []string{m.st.Subtle.Render(l.T("no mirror selected"))}
	}
	mm = m.cat.Localize(mm, l)
	s := m.stats(mm.ID)
	head := m.st.Bold.Render(mm.ID) + " " + m.st.Subtle.Render(mirrors.RedactURL(mm.URL))
	if mm.Operator != "" || mm.Region != "" {
		head += m.st.Subtle.Render(" · " + strings.Trim(mm.Operator+" · "+mm.Region, " ·"))
	}
	lines := []string{head}
	if mm.Note != "" {
		lines = append(lines, m.st.Subtle.Render(mm.Note))
	}
	r := s.LastResult
	if r == nil {
		lines = append(lines, m.st.Subtle.Render(l.T("no probe yet")))
		return append(lines, wrap(m.curlLine(mm), w)...)
	}
	status := m.st.Success.Render(string(r.Class))
	if !r.OK() {
		status = m.st.Error.Render(string(r.Class))
	}
	info := l.T("last probe %s", r.Start.Format("15:04:05")) + " " + status
	if r.Status != 0 {
		info += fmt.Sprintf(" %d", r.Status)
	}
	if r.RemoteAddr != "" {
		info += m.st.Subtle.Render(" " + l.T("from %s", r.RemoteAddr))
	}
	lines = append(lines, info)
	if r.ViaProxy != "" {
		lines = append(lines, m.st.Warning.Render(l.T("through proxy %s: DNS and connect time that proxy", r.ViaProxy)))
	}
	lines = append(lines, m.waterfall(r.Phases, w)...)
	for _, n := range r.NoteMessages(l) {
		lines = append(lines, m.st.Warning.Render("! "+n))
	}
	if t := r.TLS; t != nil {
		lines = append(lines, strings.Join(nonEmpty(t.Version, t.ALPN, t.CipherSuite), " · "))
		if t.Issuer != "" {
			lines = append(lines, l.T("issuer %s", t.Issuer))
		}
		if !t.LeafNotAfter.IsZero() {
			exp := l.T("cert: leaf expires %s, chain %s (%d days)", t.LeafNotAfter.Format("2006-01-02"), t.ChainNotAfter.Format("2006-01-02"), t.DaysLeft)
			if t.DaysLeft < 14 {
				exp = m.st.Warning.Render("! " + exp)
			}
			lines = append(lines, exp)
		}
		if t.VerifyError != "" {
			lines = append(lines, m.st.Error.Render(l.T("certificate not verified: %s", t.VerifyError)))
		}
	}
	if f := s.LastFailure; f != nil {
		fl := l.T("last failure %s %s", f.Start.Format("15:04:05"), string(f.Class))
		if reason := f.Message(l); reason != "" {
			fl += ": " + reason
		}
		for i := range lines {
			lines[i] = truncate(lines[i], w)
		}
		// The reason is wrapped, never cut: it is what triage is about.
		for i, p := range wrap(fl, w-2) {
			if i > 0 {
				p = "  " + p
			}
			lines = append(lines, m.st.Error.Render(p))
		}
		if f.Body != "" {
			lines = append(lines, truncate(m.st.Subtle.Render(firstLine(f.Body)), w))
		}
	} else {
		for i := range lines {
			lines[i] = truncate(lines[i], w)
		}
	}
	// The curl command is wrapped, never cut, so it can be copied.
	return append(lines, wrap(m.curlLine(mm), w)...)
}

// detailFill is the detail panel in h lines: the detail, then, in the
// room left (tall terminals, the wide layout), the selected mirror's recent
// probes, newest first, so that the panel's height is used for history
// instead of staying blank.
func (m *Model) detailFill(w, h int) []string {
	lines := m.detailLines(w)
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
		r := rs[i]
		class := m.pt.success.P(string(r.Class))
		if !r.OK() {
			class = m.pt.error.P(string(r.Class))
		}
		line := m.pt.subtle.P(r.Start.Format("15:04:05")) + " " + fitRight(ms(r.Phases.Total), 7) + " " + class
		if r.Status != 0 {
			line += fmt.Sprintf(" %d", r.Status)
		}
		lines = append(lines, truncate(line, w))
	}
	return lines
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
	return mirrors.DefaultCanary
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
