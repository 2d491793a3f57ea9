// Package sanitize makes untrusted text (server error bodies, headers,
// certificate names) safe to put on a terminal. Escape sequences are
// removed by github.com/charmbracelet/x/ansi's parser (ansi.Strip); this
// package adds what that parser leaves in: invalid UTF-8, C0 and C1 control
// characters, the C1 CSI introducer and bidirectional marks.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text removes terminal escape sequences (CSI, OSC, DCS, ...) and every other
// control character from s, turns invalid UTF-8 into U+FFFD, and keeps at most
// max runes (max <= 0: no cap), adding "…" when it cut. Newlines and tabs
// become single spaces unless keepNewlines is set, in which case "\n" is kept.
func Text(s string, max int, keepNewlines bool) string {
	s = ansi.Strip(strings.ReplaceAll(validUTF8(s), c1CSI, "\x1b["))
	var b strings.Builder
	n := 0
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
		case r == '\n' || r == '\t' || r == '\r':
			r = ' '
		case unicode.IsControl(r) || isBidi(r):
			continue
		}
		if max > 0 && n >= max {
			b.WriteString("…")
			return b.String()
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// c1CSI is the one-rune form of ESC [ (U+009B): ansi.Strip reads it only as
// a raw byte, which is not UTF-8, so it is rewritten to ESC [ first.
const c1CSI = "\u009b"

// validUTF8 replaces each byte of s that is not part of valid UTF-8 by
// U+FFFD: ansi.Strip would drop it silently.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r) // utf8.RuneError for an invalid byte
		i += size
	}
	return b.String()
}

// Line is Text on one line: runs of white space fold into one space, the
// ends are trimmed, and at most max runes are kept (max <= 0: no cap).
func Line(s string, max int) string {
	return Text(strings.Join(strings.Fields(Text(s, 0, false)), " "), max, false)
}

// FirstControl returns the byte offset and rune of the first character of
// s that Text would drop or replace other than white space: an escape, a
// C0 or C1 control (tab and newline included), DEL, a bidirectional control,
// or invalid UTF-8 (utf8.RuneError); -1 when s has none, so that s is safe
// to show as it is.
func FirstControl(s string) (int, rune) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i, r
			}
		case unicode.IsControl(r) || r == 0x7f || isBidi(r):
			return i, r
		}
	}
	return -1, 0
}

// isBidi reports bidirectional controls that can reorder what a terminal shows.
func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
