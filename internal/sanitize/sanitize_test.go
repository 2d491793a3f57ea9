package sanitize

import (
	"strings"
	"testing"
	"unicode"
)

func TestText(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		nl   bool
		want string
	}{
		{"plain", 0, false, "plain"},
		{"\x1b[31mred\x1b[0m", 0, false, "red"},
		{"\x1b]0;pwned title\x07after", 0, false, "after"},
		{"\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", 0, false, "link"},
		{"a\x1bcb", 0, false, "ab"},
		{"bell\x07 nul\x00 del\x7f", 0, false, "bell nul del"},
		{"line1\nline2\tx\r", 0, false, "line1 line2 x "},
		{"line1\nline2", 0, true, "line1\nline2"},
		{"\u202eevil", 0, false, "evil"},
		{"bad\xffutf8", 0, false, "bad\ufffdutf8"},
		{"\u00c2\u009b31mx", 0, false, "\u00c2x"},
		{"你好世界", 2, false, "你好…"},
		{"abc", 3, false, "abc"},
		{"\x1b[", 0, false, ""},
		{"\x1b", 0, false, ""},
	}
	for _, c := range cases {
		if got := Text(c.in, c.max, c.nl); got != c.want {
			t.Errorf("Text(%q, %d, %v) = %q, want %q", c.in, c.max, c.nl, got, c.want)
		}
	}
}

func TestLine(t *testing.T) {
	if got := Line("  404 page\n\n not \x1b[1mfound  ", 0); got != "404 page not found" {
		t.Errorf("Line = %q", got)
	}
	if got := Line("abcdef", 3); got != "abc…" {
		t.Errorf("Line cap = %q", got)
	}
}

func FuzzText(f *testing.F) {
	f.Add("\x1b[31mred\x1b]0;t\x07\u202e\x00")
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s, 0, true)
		for _, r := range out {
			if r != '\n' && (unicode.IsControl(r) || isBidi(r)) {
				t.Fatalf("control %U survived in %q -> %q", r, s, out)
			}
		}
		if strings.ContainsRune(out, 0x1b) {
			t.Fatalf("ESC survived")
		}
		if i, r := FirstControl(Text(s, 0, false)); i >= 0 {
			t.Fatalf("FirstControl finds %U at %d in Text(%q)", r, i, s)
		}
		if i, _ := FirstControl(s); i < 0 && Text(s, 0, false) != s {
			t.Fatalf("FirstControl finds nothing in %q, which Text changes to %q", s, Text(s, 0, false))
		}
	})
}

func TestFirstControl(t *testing.T) {
	for _, c := range []struct {
		in   string
		at   int
		want rune
	}{
		{"goproxy.cn", -1, 0},
		{"中文 ok", -1, 0},
		{"goproxy.cn\u009b31m", 10, 0x9b},
		{"https://\u202egoproxy.cn", 8, 0x202e},
		{"x\x1b]0;pwned\a", 1, 0x1b},
		{"a\x7f", 1, 0x7f},
		{"a\tb", 1, '\t'},
		{"ok\xff", 2, 0xfffd},
	} {
		if at, r := FirstControl(c.in); at != c.at || r != c.want {
			t.Errorf("FirstControl(%q) = %d, %U; want %d, %U", c.in, at, r, c.at, c.want)
		}
	}
}
