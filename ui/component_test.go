package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// At 80x24 the key list is longer than the body: the cursor keys scroll
// it to its last line (what the separators mean), and closing it starts
// the next one at the top.
func TestKeyListScrollsAt80x24(t *testing.T) {
	h := newHarness(t, true)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}, "?")
	if !h.m.keyList.open || !strings.Contains(h.view(), "Keys (? to close)") {
		t.Fatalf("? did not open the key list:\n%s", h.view())
	}
	// The key bar offers what works while the list covers the screen.
	lines := strings.Split(h.view(), "\n")
	if bar := lines[len(lines)-1]; !strings.Contains(bar, "?/esc close") || !strings.Contains(bar, "scroll") || strings.Contains(bar, "N-th mirror") {
		t.Errorf("key bar of the key list: %q", bar)
	}
	const last = "hangs it."
	if strings.Contains(h.view(), last) {
		t.Fatalf("the key list fits at 80x24: this test checks nothing\n%s", h.view())
	}
	total := len(h.m.fullHelpLines(80))
	for range total {
		h.send("j")
	}
	v := h.view()
	if !strings.Contains(v, last) || h.m.keyList.off == 0 {
		t.Fatalf("scrolled to the end (offset %d) but the last line is not shown:\n%s", h.m.keyList.off, v)
	}
	if strings.Contains(h.m.status, "closes the key list") {
		t.Errorf("j in the key list answered with %q", h.m.status)
	}
	off := h.m.keyList.off
	h.send("k")
	if h.m.keyList.off != off-1 {
		t.Errorf("k: offset %d → %d", off, h.m.keyList.off)
	}
	h.send("esc", "?")
	if h.m.keyList.off != 0 || !strings.Contains(h.view(), "cursor up") {
		t.Errorf("reopened at offset %d:\n%s", h.m.keyList.off, h.view())
	}
}

// ? opens the key list from the first-run guide too, listing the guide's
// keys; closing it returns to the guide, nothing applied.
func TestKeyListOpensFromGuide(t *testing.T) {
	g := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 80, 24, true)
	g.rounds(scenario(), 0, 2)
	g.send("?")
	v := g.view()
	if !g.m.keyList.open || !strings.Contains(v, "Keys (? to close)") || !strings.Contains(v, "apply the proposal") || !strings.Contains(v, "skip to the dashboard") {
		t.Fatalf("? in the guide:\n%s", v)
	}
	g.send("enter") // the list covers the guide: enter does not apply
	g.send("?")
	if g.m.keyList.open || g.m.screen != screenGuide || count(g.callNames(), "Apply") != 0 {
		t.Errorf("after closing: open %v, screen %v, calls %v", g.m.keyList.open, g.m.screen, g.callNames())
	}
}

// With no proposal (every mirror hidden) the guide's key bar offers no
// enter: it would apply nothing.
func TestGuideKeyBarWithoutProposal(t *testing.T) {
	h := guideWithoutMirrors(t)
	v := h.view()
	if !h.m.guide.ready || h.m.guide.rec.Usable {
		t.Fatalf("ready %v usable %v", h.m.guide.ready, h.m.guide.rec.Usable)
	}
	if strings.Contains(v, "enter apply") || !strings.Contains(v, "esc skip to the dashboard") {
		t.Errorf("key bar without a proposal:\n%s", v)
	}
}

// While the guide measures, a mirror whose last probe failed is marked ✗
// even when its health (from earlier answers) is still good, and it does
// not count as answered.
func TestGuideMarksLastFailure(t *testing.T) {
	g := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 100, 30, true)
	rs := scenario()
	g.rounds(rs, 0, 1) // every mirror once: the guide waits for a second round
	g.send(ProbeResultMsg{Result: result("huawei", 1, probe.ClassHTTP5xx, 20*time.Millisecond)})
	if g.m.guide.ready {
		t.Fatal("the guide proposed after one round and a half")
	}
	if h := g.m.track.Health("huawei"); h == mirrors.HealthDown {
		t.Fatalf("huawei is down after one failure: the test needs a failure beside a good health")
	}
	v := g.view()
	if strings.Contains(v, "✓ huawei") || !strings.Contains(v, "✗ huawei http_5xx") {
		t.Errorf("huawei's last probe failed:\n%s", v)
	}
	// proxy.golang.org fails DNS: 6 of the 7 mirrors answered.
	if !strings.Contains(v, "Probing: 6 of 7 mirrors answered") {
		t.Errorf("answered count:\n%s", v)
	}
}

// t saves the theme to the config (as weights are), except over a broken
// config file.
func TestThemeKeySavesConfig(t *testing.T) {
	h := newHarness(t, false)
	h.send("t")
	if !slices.Contains(h.callNames(), "SaveConfig") || h.lastCall("SaveConfig").cfg.Theme != h.m.theme || h.m.theme != "dark" {
		t.Fatalf("t: theme %q, calls %v", h.m.theme, h.callNames())
	}
	if h.m.cfg.Theme != "dark" {
		t.Errorf("the model's config has theme %q", h.m.cfg.Theme)
	}
	b := newHarness(t, false)
	b.send(ConfigChangedMsg{Err: &config.Error{File: "config.toml", Line: 1, Col: 1, Msg: "broken"}}, "t")
	if slices.Contains(b.callNames(), "SaveConfig") || b.m.theme != "dark" {
		t.Errorf("t over a broken config: theme %q, calls %v", b.m.theme, b.callNames())
	}
}

// Every component's lines fit the width it renders at, in English and
// Chinese, from the narrowest supported screen to a wide one.
func TestComponentLinesFitTheirWidth(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		h := startedRelay(t)
		h.m.lang = lang
		h.deliverStats()
		h.m.triage.findings = nil
		h.m.refreshTriage()
		h.m.guideStep()
		for _, w := range []int{MinWidth, 80, 100, WideWidth, 200} {
			h.send(tea.WindowSizeMsg{Width: w, Height: 40})
			renders := map[string][]string{
				"guide":    h.m.guideLines(w),
				"triage":   h.m.triageLines(w),
				"key list": h.m.fullHelpLines(w),
				"relay":    h.m.relayLines(w, 30),
				"chain":    h.m.chainLines(w, true),
			}
			if h.m.dialog == nil {
				t.Fatal("the relay's offer to go in front of GOPROXY is not open")
			}
			d := *h.m.dialog
			d.common = h.m.shared()
			renders["question"] = d.render(w)
			for name, lines := range renders {
				if len(lines) == 0 {
					t.Errorf("%s %d: %s renders nothing", lang, w, name)
				}
				for _, l := range lines {
					if n := widthOf(l); n > w {
						t.Errorf("%s %d: %s line is %d cells: %q", lang, w, name, n, l)
					}
				}
			}
		}
	}
}

// An event too long for its line is cut after a word; with the event log
// focused it is shown whole, wrapped.
func TestEventLineCutAtWordAndWholeWhenFocused(t *testing.T) {
	h := newHarness(t, true)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 40})
	text := "the mirror answered with a very long explanation of why it cannot serve this module today, ending with THE-END"
	h.m.logEvent(evError, text)
	lines := h.m.eventLines(80, 5)
	first := ansi.Strip(lines[0])
	if !strings.HasSuffix(first, "…") || strings.Contains(first, "THE-END") {
		t.Fatalf("unfocused event line %q", first)
	}
	if cut := strings.TrimSuffix(first[strings.Index(first, "the mirror"):], "…"); !strings.HasPrefix(text, cut) || text[len(cut)] != ' ' {
		t.Errorf("the cut %q does not end at a word", cut)
	}
	h.send("tab", "tab", "tab")
	if h.m.focus != focusEvents {
		t.Fatalf("focus %v", h.m.focus)
	}
	var joined []string
	for _, l := range h.m.eventLines(80, 10) {
		if widthOf(l) > 80 {
			t.Errorf("wrapped event line over 80 cells: %q", l)
		}
		joined = append(joined, strings.TrimSpace(ansi.Strip(l)))
	}
	if all := strings.Join(joined, " "); !strings.Contains(all, text) {
		t.Errorf("the focused event log lacks the whole text:\n%s", strings.Join(joined, "\n"))
	}
}
