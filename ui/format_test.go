package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/probe"
)

// The screens name a probe class by its machine name in English and by a
// translated label in Chinese, for every class.
func TestClassTextTranslated(t *testing.T) {
	classes := []probe.Class{probe.ClassOK, probe.ClassDNS, probe.ClassRefused, probe.ClassConnectTimeout,
		probe.ClassTLS, probe.ClassTLSTimeout, probe.ClassStall, probe.ClassNotFound, probe.ClassHTTP4xx,
		probe.ClassHTTP5xx, probe.ClassProtocol, probe.ClassReset}
	for _, c := range classes {
		if got := classText(i18n.EN, c); got != string(c) {
			t.Errorf("English %s: %q", c, got)
		}
		zh := classText(i18n.ZH, c)
		if zh == string(c) || zh == c.Label(i18n.EN) {
			t.Errorf("Chinese %s: %q is not translated", c, zh)
		}
	}
	if got := classText(i18n.ZH, probe.Class("new\x1b[31m")); got != "new" {
		t.Errorf("an unknown class is shown sanitized: %q", got)
	}
}

// A cut line ends after a whole word, with "…", in at most w cells; a
// styled line keeps its styles; a first word longer than half the width
// is cut inside.
func TestCutAtWord(t *testing.T) {
	cases := []struct {
		in   string
		w    int
		want string
	}{
		{"short", 10, "short"},
		{"connection reset by peer while reading", 20, "connection reset by…"},
		{"https://mirrors.example.com/goproxy/ answered 500", 30, "https://mirrors.example.com/…"},
		{"averyveryverylongwordwithoutspaces here", 12, "averyveryve…"},
		{"证书 已过期 请更新", 10, "证书 已过…"},
	}
	for _, c := range cases {
		got := cutAtWord(c.in, c.w)
		if got != c.want || widthOf(got) > c.w {
			t.Errorf("cutAtWord(%q, %d) = %q (%d cells), want %q", c.in, c.w, got, widthOf(got), c.want)
		}
	}
	styled := "\x1b[31mconnection reset by peer\x1b[m"
	if got := cutAtWord(styled, 20); ansi.Strip(got) != "connection reset by…" || !strings.HasPrefix(got, "\x1b[31m") {
		t.Errorf("styled: %q", got)
	}
}

// At 80x24 the detail of a failing mirror shows its last failure's reason
// and the whole curl command: the table scrolls to make room.
func TestDetailShowsLastFailureAt80x24(t *testing.T) {
	h := newHarness(t, true)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.m.tableSel = 0 // proxy.golang.org: DNS failures
	v := h.view()
	for _, want := range []string{"last failure", "dns failure", "curl -sS", "/rsc.io/quote/@v/v1.5.2.info'", "▸ 1 proxy.golang.org"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q at 80x24:\n%s", want, v)
		}
	}
}
