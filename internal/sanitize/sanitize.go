// Package sanitize makes untrusted text (server error bodies, headers,
// certificate names) safe to put on a terminal.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text removes terminal escape sequences (CSI, OSC, DCS, ...) and every other
// control character from s, turns invalid UTF-8 into U+FFFD, and keeps at most
// max runes (max <= 0: no cap), adding "…" when it cut. Newlines and tabs
// become single spaces unless keepNewlines is set, in which case "\n" is kept.
func Text(s string, max int, keepNewlines bool) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b: // ESC: drop the whole sequence
			i += escLen(s[i:])
			continue
		case r == 0x9b: // C1 CSI
			i += size + csiBody(s[i+size:])
			continue
		case r == '\n' && keepNewlines:
		case r == '\n' || r == '\t' || r == '\r':
			r = ' '
		case r == utf8.RuneError && size == 1:
			r = unicode.ReplacementChar
		case unicode.IsControl(r) || r == 0x7f || isBidi(r):
			i += size
			continue
		}
		i += size
		if max > 0 && n >= max {
			b.WriteString("…")
			return b.String()
		}
		b.WriteRune(r)
		n++
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

// escLen returns the length of the escape sequence at the start of s (s[0] == ESC).
func escLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[': // CSI: parameters and intermediates, then a final byte 0x40–0x7e
		return 2 + csiBody(s[2:])
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \)
		for j := 2; j < len(s); j++ {
			if s[j] == 0x07 {
				return j + 1
			}
			if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
		}
		return len(s)
	default: // two-byte sequence (ESC c, ESC 7, ...), or ESC + intermediates + final
		j := 1
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) {
			j++
		}
		return j
	}
}

// csiBody returns the length of a CSI sequence's body: parameter bytes
// (0x30–0x3f) and intermediate bytes (0x20–0x2f) up to and including the final
// byte (0x40–0x7e). A malformed sequence ends at the first other byte.
func csiBody(s string) int {
	for j := 0; j < len(s); j++ {
		c := s[j]
		switch {
		case c >= 0x40 && c <= 0x7e:
			return j + 1
		case c >= 0x20 && c <= 0x3f:
		default:
			return j
		}
	}
	return len(s)
}
