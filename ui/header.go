package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/envcfg"
)

// headerLines renders the header: title and probing state, the effective
// values with their sources, shadowing warnings and the pending edits.
func (m *Model) headerLines(w int) []string {
	l := m.lang
	state := m.st.Success.Render(l.T("⟳ probing live"))
	if m.paused {
		state = m.st.Warning.Render(l.T("probing paused"))
	}
	if m.opt.Interval > 0 && !m.paused { // "paused every 30s" would contradict itself
		state += m.st.Subtle.Render(" " + l.T("every %s", m.opt.Interval.String()))
	}
	title := m.st.Accent.Render("goproxytui")
	if m.opt.Demo {
		title += " " + m.st.Warning.Render(l.T("DEMO"))
		if m.opt.EnvFile != "" {
			// The path is shortened in its middle, so that its start and
			// the file name stay readable.
			label := " " + l.T("env file %s", "")
			room := w - widthOf(title) - widthOf(label) - widthOf(state) - 1
			title += m.st.Subtle.Render(label + middle(m.opt.EnvFile, max(room, 12)))
		}
	}
	lines := []string{spread(title, state, w)}
	if !m.envOK {
		msg := l.T("reading go env…")
		if m.envErr != nil {
			msg = l.T("go env unreadable: %s", l.Error(m.envErr))
		}
		return append(lines, m.st.Subtle.Render(msg))
	}
	// kv is KEY=value (source) and any warning; the value is shortened
	// in its middle to fit room cells with its key and source, never cut
	// at its end (room < 0: not shortened).
	kvFit := func(k string, room int) string {
		v := m.env.Get(k)
		val := v.Value
		if val == "" {
			val = `""`
		}
		val = envcfg.RedactValue(val)
		src := " (" + m.lang.T(v.Source.Label()) + ")"
		if room >= 0 {
			val = middle(val, max(room-widthOf(k)-1-widthOf(src), 16))
		}
		s := m.st.Header.Key.Render(k+"=") + m.st.Header.Value.Render(val) + m.st.Header.Source.Render(src)
		if v.Source == envcfg.SourceEnv {
			s += " " + m.st.Header.Shadow.Render(l.T("! set by the OS environment: go env -w does not change it here"))
			if v.Shadowed != nil {
				s += m.st.Subtle.Render(" " + l.T("(go env file: %s)", envcfg.RedactValue(*v.Shadowed)))
			}
		}
		return s
	}
	kv := func(k string) string { return kvFit(k, -1) }
	lines = append(lines, truncate(kvFit("GOPROXY", w), w))
	second := kv("GOSUMDB")
	for _, k := range patternKeys {
		if p := m.env.Get(k); p.Value != "" {
			second += "  " + kv(k)
		}
	}
	lines = append(lines, truncate(second, w))
	if ch := m.pendingChanges(); len(ch) > 0 {
		var parts []string
		for _, c := range ch {
			v := c.Value
			if c.Unset {
				v = l.T("(unset)")
			}
			parts = append(parts, c.Key+"="+envcfg.RedactValue(v))
		}
		lines = append(lines, truncate(m.st.Header.Modified.Render(l.T("✎ modified — not applied (a to apply):"))+" "+strings.Join(parts, "  "), w))
	}
	return lines
}

// spread puts left and right on one line of width w.
func spread(left, right string, w int) string {
	lw, rw := widthOf(left), widthOf(right)
	if lw+1+rw > w {
		// The right part (the probing state) is kept whole; the left part
		// (title and env file path) gives way.
		if rw+10 > w {
			return truncate(left+" "+right, w)
		}
		left = truncate(left, w-rw-1)
		lw = widthOf(left)
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}

// middle shortens plain text s to at most w cells by replacing its middle
// with "…", keeping its start and its end (a path's file name, a chain's
// last entries).
func middle(s string, w int) string {
	n := widthOf(s)
	if n <= w || w < 3 {
		return s
	}
	head := (w - 1) / 2
	tail := w - 1 - head
	return ansi.Truncate(s, head, "") + "…" + ansi.TruncateLeft(s, n-tail, "")
}
