package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/mirrors"
)

// truncate cuts s (which may hold ANSI styles and wide characters) to w
// terminal cells.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if widthOf(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// fit truncates s to w cells and pads it with spaces to exactly w.
func fit(s string, w int) string {
	s = truncate(s, w)
	if n := widthOf(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// fitRight is fit with the text aligned right.
func fitRight(s string, w int) string {
	s = truncate(s, w)
	if n := widthOf(s); n < w {
		s = strings.Repeat(" ", w-n) + s
	}
	return s
}

// ms formats a duration for a narrow column: "38ms", "1.2s", "—" for none.
func ms(d time.Duration) string {
	switch {
	case d <= 0:
		return "—"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < 100*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return fmt.Sprintf("%ds", int(d.Seconds()))
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws the last w durations scaled to their maximum; a failed
// probe is drawn as "×".
func sparkline(ds []time.Duration, failed []bool, w int) string {
	if len(ds) > w {
		failed = failed[len(ds)-w:]
		ds = ds[len(ds)-w:]
	}
	var hi time.Duration
	for i, d := range ds {
		if !failed[i] && d > hi {
			hi = d
		}
	}
	var b strings.Builder
	for i := len(ds); i < w; i++ {
		b.WriteByte(' ')
	}
	for i, d := range ds {
		if failed[i] {
			b.WriteString("×")
			continue
		}
		k := 0
		if hi > 0 {
			k = int(int64(d) * int64(len(sparks)-1) / int64(hi))
		}
		b.WriteRune(sparks[k])
	}
	return b.String()
}

// healthSymbol is a single-width symbol per health state, chosen outside
// the East Asian ambiguous-width ranges so that it stays one cell in CJK
// terminals, and distinct so the table reads without colour.
func (m *Model) healthSymbol(h mirrors.Health) string {
	switch h {
	case mirrors.HealthHealthy:
		return "✓"
	case mirrors.HealthDegraded:
		return "!"
	case mirrors.HealthDown:
		return "✗"
	}
	return "?"
}

func (m *Model) healthStyle(h mirrors.Health) lipgloss.Style {
	switch h {
	case mirrors.HealthHealthy:
		return m.st.Health.Healthy
	case mirrors.HealthDegraded:
		return m.st.Health.Degraded
	case mirrors.HealthDown:
		return m.st.Health.Down
	}
	return m.st.Health.Unknown
}

func (m *Model) healthWord(h mirrors.Health) string {
	switch h {
	case mirrors.HealthHealthy:
		return m.lang.T("healthy")
	case mirrors.HealthDegraded:
		return m.lang.T("degraded")
	case mirrors.HealthDown:
		return m.lang.T("down")
	}
	return m.lang.T("unknown")
}

// sepText shows a separator the way the chain panel draws it.
func sepText(s mirrors.Sep) string {
	switch s {
	case mirrors.SepPipe:
		return "|"
	case mirrors.SepComma:
		return ","
	}
	return ""
}

// wrap breaks s (which may hold ANSI styles) into lines of at most w
// cells, at spaces or after separators where it can.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	if widthOf(s) <= w {
		return []string{s}
	}
	return strings.Split(wrapText(s, w, ",|/"), "\n")
}

// wrapText is ansi.Wrap, but text with wide characters (Chinese) may also
// break before and after each of them: ansi.Wrap breaks only at spaces
// and breakpoints, so a Chinese sentence moved whole to the next line and
// left the line before it half empty.
func wrapText(s string, w int, breakpoints string) string {
	if !hasWide(s) {
		return ansi.Wrap(s, w, breakpoints)
	}
	var lines []string
	var cur strings.Builder
	curW, brk, brkW := 0, -1, 0 // width, byte offset and width of the last break opportunity
	prev := rune(0)             // the rune before r
	for i := 0; i < len(s); {
		if s[i] == 0x1b { // an escape sequence: copied, no width
			n := escLen(s[i:])
			cur.WriteString(s[i : i+n])
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\n' {
			lines, curW, brk = append(lines, cur.String()), 0, -1
			cur.Reset()
			continue
		}
		rw := ansi.StringWidth(string(r))
		if r == ' ' && curW+1 > w {
			// A space at the end of a line is the break itself.
			lines, curW, brk = append(lines, cur.String()), 0, -1
			cur.Reset()
			prev = r
			continue
		}
		// A break between prev and r: after a space or a breakpoint, or
		// on either side of a wide character; never before closing or
		// after opening punctuation, nor before a space.
		if curW > 0 && r != ' ' && !strings.ContainsRune(noBreakBefore, r) && !strings.ContainsRune(noBreakAfter, prev) &&
			(prev == ' ' || strings.ContainsRune(breakpoints, prev) || rw == 2 || ansi.StringWidth(string(prev)) == 2) {
			brk, brkW = cur.Len(), curW
		}
		for curW+rw > w && curW > 0 {
			line := cur.String()
			if brk <= 0 {
				brk, brkW = len(line), curW // nowhere to break: cut here
			}
			lines = append(lines, strings.TrimRight(line[:brk], " "))
			rest := line[brk:]
			cur.Reset()
			cur.WriteString(rest)
			curW, brk = curW-brkW, -1
		}
		cur.WriteRune(r)
		curW += rw
		prev = r
	}
	return strings.Join(append(lines, cur.String()), "\n")
}

// Chinese punctuation that does not start a line, and that does not end
// one.
const (
	noBreakBefore = "，。、：；！？）》」』”’"
	noBreakAfter  = "（《「『“‘"
)

// hasWide reports whether s holds a character two cells wide.
func hasWide(s string) bool {
	for _, r := range s {
		if r >= 0x1100 && ansi.StringWidth(string(r)) == 2 {
			return true
		}
	}
	return false
}

// escLen is the length of the escape sequence at the start of s (CSI or
// OSC; any other escape counts as its first two bytes).
func escLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		j := 2
		for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
			j++
		}
		return min(j+1, len(s))
	case ']':
		j := 2
		for j < len(s) && s[j] != 0x07 && !(s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\') {
			j++
		}
		if j < len(s) && s[j] == 0x1b {
			j++
		}
		return min(j+1, len(s))
	}
	return 2
}

// widthOf is the width of s in terminal cells (ANSI styles ignored, wide
// characters counted as two). It counts the runes the TUI draws itself
// (ASCII, box drawing, blocks, arrows, a few symbols) in one pass and hands
// anything else (CJK, emoji, combining marks, unknown escapes) to
// lipgloss.Width, which segments graphemes properly but is much slower.
func widthOf(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b { // skip CSI (ESC [ … final) and OSC (ESC ] … BEL or ST)
			if i+1 >= len(s) {
				return lipgloss.Width(s)
			}
			switch s[i+1] {
			case '[':
				j := i + 2
				for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
					j++
				}
				i = j + 1
			case ']':
				j := i + 2
				for j < len(s) && s[j] != 0x07 && !(s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\') {
					j++
				}
				if j < len(s) && s[j] == 0x1b {
					j++
				}
				i = j + 1
			default:
				return lipgloss.Width(s)
			}
			continue
		}
		if c < 0x80 {
			if c >= 0x20 && c != 0x7f {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !narrow(r) {
			return lipgloss.Width(s)
		}
		n++
		i += size
	}
	return n
}

// narrow reports whether r is one cell wide in every terminal the TUI
// cares about and is no combining mark: the symbols the TUI draws.
func narrow(r rune) bool {
	switch {
	case r >= 0xa0 && r < 0x300, // Latin-1, Latin Extended (·, ×)
		r >= 0x2010 && r <= 0x2027,                         // dashes, quotes, …
		r >= 0x2190 && r <= 0x21ff,                         // arrows
		r >= 0x2500 && r <= 0x25fc,                         // box drawing, blocks, geometric shapes
		r == 0x2713, r == 0x2717, r == 0x270e, r == 0x27f3: // ✓ ✗ ✎ ⟳
		return true
	}
	return false
}
