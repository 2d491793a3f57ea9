package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
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

// cutAtWord cuts s (which may hold ANSI styles) to w cells like truncate,
// but after the last whole word (or separator: , | /) that fits, so a cut
// line does not end in the middle of a word; text with wide characters
// (Chinese) may be cut beside any of them. When the words that fit take
// less than half of w, it is cut inside the word.
func cutAtWord(s string, w int) string {
	if w <= 0 || widthOf(s) <= w {
		return truncate(s, w)
	}
	plain := ansi.Strip(s)
	head := ansi.Truncate(plain, w-1, "") // what fits beside the "…"
	rest := plain[len(head):]
	keep := head
	next, _ := utf8.DecodeRuneInString(rest)
	last, _ := utf8.DecodeLastRuneInString(head)
	if next != ' ' && !isWide(next) && !isWide(last) {
		i := strings.LastIndexAny(head, " ,|/")
		if i < 0 {
			return truncate(s, w)
		}
		keep = head[:i+1]
	}
	n := widthOf(strings.TrimRight(keep, " "))
	if n < w/2 {
		return truncate(s, w)
	}
	return ansi.Truncate(s, n+1, "…")
}

// isWide reports whether r takes two cells.
func isWide(r rune) bool { return r >= 0x1100 && ansi.StringWidth(string(r)) == 2 }

// fit truncates s to w cells and pads it with spaces to exactly w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := widthOf(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = widthOf(s)
	}
	if n < w {
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

// classText names a probe class on the screen: the machine name in
// English (as --json shows it, and short enough for the columns), the
// person's label (probe.Class.Label) in another language.
func classText(l i18n.Lang, c probe.Class) string {
	if l == i18n.EN {
		return string(c)
	}
	return c.Label(l)
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

// wrapAtMost wraps s to width w in at most n lines (all of them when
// all), the last one cut at a word.
func wrapAtMost(s string, w, n int, all bool) []string {
	ls := wrap(s, w)
	if all || len(ls) <= n {
		return ls
	}
	return append(ls[:n-1], cutAtWord(strings.Join(ls[n-1:], " "), w))
}

// wrapText is ansi.Wrap, but text with wide characters (Chinese) may also
// break before and after each of them: ansi.Wrap breaks only at spaces
// and breakpoints, so a Chinese sentence moved whole to the next line and
// left the line before it half empty. The text is read grapheme by
// grapheme with ansi.DecodeSequence; escape sequences are copied and take
// no width.
func wrapText(s string, w int, breakpoints string) string {
	if !hasWide(s) {
		return ansi.Wrap(s, w, breakpoints)
	}
	var lines []string
	var cur strings.Builder
	curW, brk, brkW := 0, -1, 0 // width, byte offset and width of the last break opportunity
	prev, prevW := rune(0), 0   // the character before this one, and its width
	var state byte
	for s != "" {
		seq, rw, n, next := ansi.DecodeSequence(s, state, nil)
		state, s = next, s[n:]
		r, _ := utf8.DecodeRuneInString(seq)
		if rw == 0 && r != ' ' && r != '\n' { // an escape sequence or a mark: no width
			cur.WriteString(seq)
			continue
		}
		if r == '\n' {
			lines, curW, brk = append(lines, cur.String()), 0, -1
			cur.Reset()
			continue
		}
		if r == ' ' && curW+1 > w {
			// A space at the end of a line is the break itself.
			lines, curW, brk = append(lines, cur.String()), 0, -1
			cur.Reset()
			prev, prevW = r, 1
			continue
		}
		// A break between prev and r: after a space or a breakpoint, or
		// on either side of a wide character; never before closing or
		// after opening punctuation, nor before a space.
		if curW > 0 && r != ' ' && !strings.ContainsRune(noBreakBefore, r) && !strings.ContainsRune(noBreakAfter, prev) &&
			(prev == ' ' || strings.ContainsRune(breakpoints, prev) || rw == 2 || prevW == 2) {
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
		cur.WriteString(seq)
		curW += rw
		prev, prevW = r, rw
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
		if isWide(r) {
			return true
		}
	}
	return false
}

// widthOf is the width of s in terminal cells: ANSI styles ignored, wide
// characters counted as two. Text made only of the characters the TUI
// draws itself (ASCII, Latin, box drawing, blocks, arrows, a few symbols)
// is measured per code point (ansi.StringWidthWc, about ten times faster:
// every line of every frame is measured); anything else (CJK, emoji,
// combining marks) per grapheme, as lipgloss measures it
// (ansi.StringWidth).
func widthOf(s string) int {
	for _, r := range s {
		if r >= 0x300 && !narrow(r) {
			return ansi.StringWidth(s)
		}
	}
	return ansi.StringWidthWc(s)
}

// narrow reports whether r is one cell wide in every terminal the TUI
// cares about and is no combining mark: the symbols the TUI draws.
func narrow(r rune) bool {
	switch {
	case r >= 0x2010 && r <= 0x2027, // dashes, quotes, …
		r >= 0x2190 && r <= 0x21ff,                         // arrows
		r >= 0x2500 && r <= 0x25fc,                         // box drawing, blocks, geometric shapes
		r == 0x2713, r == 0x2717, r == 0x270e, r == 0x27f3: // ✓ ✗ ✎ ⟳
		return true
	}
	return false
}
