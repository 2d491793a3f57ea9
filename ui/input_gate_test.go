package ui

import (
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/sanitize"
)

// The TUI's editors judge a value as use, add and config check do: the
// same bad values are refused with the same words (the CLI's side of this
// table is cli's gate tests). A pattern use refuses without --force is a
// warning here (submit asks to confirm). A C0 control or ESC never gets
// into a field: the text input drops it as it is typed or pasted.
func TestEditorsRefuseWhatTheGateRefuses(t *testing.T) {
	cases := []struct {
		kind      inputKind
		name, val string
		want      string
	}{
		{inputPrivate, "", "alice:s3cret@corp.example.com/*", "holds a user name or credentials"},
		{inputNoProxy, "", "git@github.com:org/repo", "holds a user name or credentials"},
		{inputNoSumDB, "", "corp.example.com\u202e", "control character U+202E"},
		{inputPrivate, "", "corp.example/[x", "syntax error"},
		{inputSumDB, "", "a b c", "too many fields"},
		{inputSumDB, "", "sum.golang.org\x1b[2J", "control character U+001B"},
		{inputSumDB, "", "nosuch.example", "invalid GOSUMDB"},
		{inputMirror, "corp", "https://:443", "no host"},
		{inputMirror, "corp", "ftp://x.example", "invalid proxy URL scheme"},
		{inputMirror, "corp", "direct", "is a GOPROXY keyword, not a URL"},
		{inputMirror, "corp", "https://a.example,off", "GOPROXY splits its entries at ',' and '|'"},
		{inputMirror, "corp", "https://a.example:99999", "port 99999: want a number from 1 to 65535"},
		{inputMirror, "di rect", "https://a.example", "an id cannot contain spaces"},
		{inputMirror, "corp", "http://u:s3cret@x.example", "credentials over plain http"},
		{inputMirror, "corp", "https://x.example/\x1b[2J", "control character U+001B"},
		{inputMirror, "corp", "https://\u202egoproxy.cn", "control character U+202E"},
		{inputMirror, "x\x1b]0;pwned\a", "https://x.example", "control character U+001B"},
		{inputMirror, "corp\u202e", "https://x.example", "control character U+202E"},
	}
	h := newHarness(t, true)
	for _, c := range cases {
		m := h.m
		m.openInput(c.kind)
		m.input.fields[0].SetValue(c.val)
		if c.kind == inputMirror {
			m.input.fields[0].SetValue(c.name)
			m.input.fields[1].SetValue(c.val)
		}
		m.validateInput()
		if strings.ContainsAny(c.name+c.val, "\x1b\a") {
			for _, f := range m.input.fields {
				if i, r := sanitize.FirstControl(f.Value()); i >= 0 {
					t.Errorf("editor %d, %q %q: the field holds %U", c.kind, c.name, c.val, r)
				}
			}
			continue
		}
		got := m.input.err
		if c.kind != inputMirror && c.kind != inputSumDB && got == "" {
			got = m.input.warn
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("editor %d, %q %q: error %q, want one saying %q", c.kind, c.name, c.val, got, c.want)
		}
		if strings.Contains(m.input.err, "s3cret") {
			t.Errorf("editor %d, %q: the error shows the password: %q", c.kind, c.val, m.input.err)
		}
	}
	t.Logf("%d values tried in the editors", len(cases))
}
