package envcfg

import "testing"

func TestShellQuoteAndShellWord(t *testing.T) {
	for _, tc := range []struct{ in, quoted, word string }{
		{"https://goproxy.cn,direct", "'https://goproxy.cn,direct'", "https://goproxy.cn,direct"},
		{"a|b", "'a|b'", "'a|b'"},
		{"it's", `'it'\''s'`, `'it'\''s'`},
		{"", "''", "''"},
		{"sum.golang.org https://x", "'sum.golang.org https://x'", "'sum.golang.org https://x'"},
	} {
		if got := ShellQuote(tc.in); got != tc.quoted {
			t.Errorf("ShellQuote(%q) = %s, want %s", tc.in, got, tc.quoted)
		}
		if got := ShellWord(tc.in); got != tc.word {
			t.Errorf("ShellWord(%q) = %s, want %s", tc.in, got, tc.word)
		}
	}
}
