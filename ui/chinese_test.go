package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

func TestGuideAndTriageInChinese(t *testing.T) {
	f := &fakeDeps{env: snapshot(newcomerGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.ZH, Catalog: mirrors.Builtin(), Now: fixedNow, FirstRun: true}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}, EnvMsg{Snapshot: f.env})
	h.rounds(scenario(), 0, 2)
	v := h.view()
	if !strings.Contains(v, "欢迎使用 goproxytui：首次运行") || !strings.Contains(v, "建议") {
		t.Errorf("zh guide:\n%s", v)
	}
	h.send("esc", "T")
	if v := h.view(); !strings.Contains(v, "故障排查") {
		t.Errorf("zh triage:\n%s", v)
	}
	for _, l := range strings.Split(h.view(), "\n") {
		if w := widthOf(l); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
}
