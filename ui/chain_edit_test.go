package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Digit keys: a stable number per mirror, the mirror put at the head (not
// one more entry per press), healthy fallbacks kept with '|', and no chain
// written that the simulation says hangs or fails without asking.
func TestSwitchIsSafe(t *testing.T) {
	t.Run("repeated presses keep one entry per mirror", func(t *testing.T) {
		h := newHarness(t, true)
		h.send("3", "3", "2", "3")
		if want := ioURL + "|" + cnURL + ",direct"; h.gp() != want || h.m.applied != want {
			t.Errorf("chain %q applied %q, want %q", h.gp(), h.m.applied, want)
		}
		if n := count(h.callNames(), "Apply"); n != 4 {
			t.Errorf("%d applies, want 4", n)
		}
	})
	t.Run("the status names the fallbacks left out", func(t *testing.T) {
		h := newHarness(t, true)
		h.m.deps.Apply = func(ch []envcfg.Change) tea.Cmd {
			h.f.calls = append(h.f.calls, call{name: "Apply", changes: ch})
			return func() tea.Msg { return nil } // still running
		}
		h.send("3")
		if !strings.Contains(h.m.status, "switching to goproxy.io (left out, failing now: aliyun)") {
			t.Errorf("status %q", h.m.status)
		}
	})
	t.Run("a stalling mirror is refused", func(t *testing.T) {
		h := newHarness(t, true)
		h.send("4") // aliyun stalls
		if slices.Contains(h.callNames(), "Apply") || h.m.dialog != nil {
			t.Fatalf("calls %v dialog %v", h.callNames(), h.m.dialog)
		}
		if !strings.Contains(h.m.status, "not switched to aliyun: go would HANG: aliyun never answers") || !h.m.statusErr {
			t.Errorf("status %q", h.m.status)
		}
		if h.gp() != startGP {
			t.Errorf("chain changed: %q", h.gp())
		}
	})
	t.Run("a chain go would fail on is refused", func(t *testing.T) {
		h := newHarness(t, true)
		h.f.env = snapshot("https://proxy.golang.org", "sum.golang.org", "")
		h.send(EnvMsg{Snapshot: h.f.env}, "1")
		if slices.Contains(h.callNames(), "Apply") || h.m.dialog != nil {
			t.Fatalf("calls %v dialog %v", h.callNames(), h.m.dialog)
		}
		if !strings.Contains(h.m.status, "not switched to proxy.golang.org: go would FAIL") {
			t.Errorf("status %q", h.m.status)
		}
	})
	t.Run("a down mirror asks, saying why", func(t *testing.T) {
		h := newHarness(t, true)
		h.send("1") // proxy.golang.org: dns failures
		if slices.Contains(h.callNames(), "Apply") || h.m.dialog == nil || h.m.dialog.kind != dialogSwitch {
			t.Fatalf("calls %v dialog %v", h.callNames(), h.m.dialog)
		}
		v := h.view()
		for _, want := range []string{"Switch to proxy.golang.org anyway?", "go would use goproxy.cn, after proxy.golang.org fails on every request", "GOPROXY: " + startGP} {
			if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
				t.Errorf("dialog lacks %q:\n%s", want, v)
			}
		}
		h.send("n")
		if slices.Contains(h.callNames(), "Apply") || h.gp() != startGP {
			t.Errorf("n: calls %v chain %q", h.callNames(), h.gp())
		}
		h.send("1", "y")
		if want := "https://proxy.golang.org|" + cnURL + ",direct"; h.lastCall("Apply").changes[0].Value != want {
			t.Errorf("y applied %v, want %s", h.lastCall("Apply").changes, want)
		}
	})
	t.Run("a mirror without a probe asks", func(t *testing.T) {
		h := newHarness(t, false)
		h.send("3")
		if h.m.dialog == nil || !strings.Contains(h.view(), "goproxy.io was not probed") {
			t.Fatalf("no question:\n%s", h.view())
		}
	})
	t.Run("numbers survive a sort", func(t *testing.T) {
		h := newHarness(t, true)
		h.send("S", "S") // by name: aliyun first
		if mm, _ := h.m.selectedMirror(); mm.ID != "aliyun" {
			t.Fatalf("first row %s", mm.ID)
		}
		if !strings.Contains(h.view(), "▸ 4 aliyun") {
			t.Errorf("aliyun is not shown with its number 4:\n%s", h.view())
		}
		h.send("2")
		if c := h.lastCall("Apply"); c.changes[0].Value != cnURL+",direct" {
			t.Errorf("2 after a sort applied %v", c.changes)
		}
	})
}

// The chain panel's title says "pending" only with unapplied edits, which
// also show what go does now with the effective GOPROXY.
func TestPendingTitleAndNow(t *testing.T) {
	h := newHarness(t, true)
	v := h.view()
	if strings.Contains(v, "Chain (pending)") || !strings.Contains(v, "─ Chain ─") || strings.Contains(v, "go does now") {
		t.Fatalf("no edits:\n%s", v)
	}
	h.send("1")               // proxy.golang.org is down: a question, nothing edited
	h.send("n", "j", "enter") // goproxy.cn removed: the stalling aliyun is first
	v = h.view()
	for _, want := range []string{"Chain (pending)", "go would HANG: aliyun never answers", "go does now: uses goproxy.cn"} {
		if !strings.Contains(v, want) {
			t.Errorf("with edits, the view lacks %q:\n%s", want, v)
		}
	}
}

// Mirrors named on the command line come first and are selected, at
// 80x24 and at 200x50.
func TestExtraMirrorsFirst(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
		m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow,
			Extra: []mirrors.Mirror{{ID: "corp.example", URL: "https://corp.example", Source: mirrors.SourceArg}}}, f.deps())
		h := &harness{t: t, f: f, m: m}
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]}, EnvMsg{Snapshot: f.env})
		for _, r := range scenario() {
			h.send(ProbeResultMsg{Result: r})
		}
		if mm, _ := h.m.selectedMirror(); mm.ID != "corp.example" || !strings.Contains(h.view(), "▸ 1 corp.example") {
			t.Errorf("%dx%d: selected %s:\n%s", size[0], size[1], mm.ID, h.view())
		}
	}
}

// o orders the chain by ranking and each separator stays with the mirror
// it follows: aliyun's '|' (fall through on its errors) goes with it.
func TestOrderKeepsSeparators(t *testing.T) {
	h := newHarness(t, true)
	h.f.env = snapshot(aliyunURL+"|"+cnURL+","+ioURL+",direct", "sum.golang.org", "")
	h.send(EnvMsg{Snapshot: h.f.env}, "o")
	// goproxy.cn is the fastest, goproxy.io next, aliyun (stalling) last.
	if want := cnURL + "," + ioURL + "," + aliyunURL + "|direct"; h.gp() != want {
		t.Errorf("o: %q, want %q", h.gp(), want)
	}
	if !strings.Contains(h.m.status, "each separator stays after its mirror") {
		t.Errorf("status %q", h.m.status)
	}
	// Without direct the last mirror has no separator: the one moved away
	// from the end takes the separator of the new last one.
	h = newHarness(t, true)
	h.f.env = snapshot(aliyunURL+"|"+ioURL+","+cnURL, "sum.golang.org", "")
	h.send(EnvMsg{Snapshot: h.f.env}, "o")
	if want := cnURL + "|" + ioURL + "," + aliyunURL; h.gp() != want {
		t.Errorf("o without direct: %q, want %q", h.gp(), want)
	}
}

// x and X edit GONOPROXY and GONOSUMDB like P edits GOPRIVATE; a pattern
// with a URL scheme (it matches no module path) is taken only after a
// question that shows the warning, and the apply dialog repeats it.
func TestPatternEditors(t *testing.T) {
	h := newHarness(t, true)
	h.send("x", "type:[")
	if h.m.input == nil || h.m.input.err == "" || !strings.Contains(h.view(), "Edit GONOPROXY") {
		t.Fatalf("bad glob not flagged:\n%s", h.view())
	}
	h.send("enter") // refused while invalid
	if h.m.input == nil {
		t.Fatal("an invalid GONOPROXY was accepted")
	}
	h.send("backspace", "type:corp.example/*", "enter")
	if h.m.input != nil || h.m.pats[1] != "corp.example/*" {
		t.Fatalf("GONOPROXY = %q", h.m.pats[1])
	}
	h.send("X", "type:https://corp.example/*", "enter")
	if h.m.dialog == nil || h.m.dialog.kind != dialogPattern {
		t.Fatalf("no question for a scheme pattern:\n%s", h.view())
	}
	flat := func() string { return strings.Join(strings.Fields(h.view()), " ") }
	if v := flat(); !strings.Contains(v, "Keep GONOSUMDB with a pattern that matches no module path?") || !strings.Contains(v, "has a URL scheme") {
		t.Errorf("question:\n%s", h.view())
	}
	h.send("n")
	if h.m.pats[2] != "" {
		t.Fatalf("n took GONOSUMDB %q", h.m.pats[2])
	}
	h.send("X", "type:https://corp.example/*", "enter", "y")
	if h.m.pats[2] != "https://corp.example/*" {
		t.Fatalf("y did not take GONOSUMDB: %q", h.m.pats[2])
	}
	h.send("a")
	if v := flat(); !strings.Contains(v, "GONOPROXY: (unset) → corp.example/*") || !strings.Contains(v, "GONOSUMDB: (unset) → https://corp.example/*") || !strings.Contains(v, "has a URL scheme") {
		t.Errorf("apply dialog:\n%s", h.view())
	}
	h.send("y")
	want := []envcfg.Change{{Key: "GONOPROXY", Value: "corp.example/*"}, {Key: "GONOSUMDB", Value: "https://corp.example/*"}}
	if got := h.lastCall("Apply").changes; !slices.Equal(got, want) {
		t.Errorf("applied %v, want %v", got, want)
	}
	if h.m.dirty() {
		t.Errorf("still pending after the apply: %v", h.m.pendingChanges())
	}
	if !strings.Contains(h.view(), "GONOPROXY=corp.example/*") {
		t.Errorf("header lacks GONOPROXY:\n%s", h.view())
	}
}

// The one-key switch ends its chain as advisor builds every chain: when
// the last mirror before direct answers /sumdb/<name>/supported with an
// error, '|' goes before direct (after ',' go would stop at that error
// and the checksum database would be unavailable), so the dashboard's
// ',direct' hint never calls the switch's own chain wrong.
func TestSwitchEndsChainByTheDirectRule(t *testing.T) {
	h := newHarness(t, true)
	h.send("3", "2") // goproxy.cn first, goproxy.io after it
	if want := cnURL + "|" + ioURL + ",direct"; h.gp() != want {
		t.Fatalf("chain %q, want %q", h.gp(), want)
	}
	r := result("goproxy.io", 40, probe.ClassOK, 40*time.Millisecond)
	r.SumDBChecked, r.SumDBName, r.SumDBStatus = true, "sum.golang.org", 500
	h.send(ProbeResultMsg{Result: r})
	cn, ok := h.m.cat.ByID("goproxy.cn")
	if !ok {
		t.Fatal("no goproxy.cn in the catalog")
	}
	c, _ := h.m.switchChain(cn)
	if want := cnURL + "|" + ioURL + "|direct"; c.String() != want {
		t.Errorf("switch chain %q, want %q: goproxy.io's /supported answers 500", c.String(), want)
	}
	if i, sep, ok := advisor.WantSepBeforeDirect(c, h.m.judgeDB(), h.m.chainMeasurements(c, h.m.judgeDB().Name)); !ok || c.Entries[i].Sep != sep {
		t.Errorf("the dashboard's ',direct' rule wants %c after entry %d of %q", sep, i, c.String())
	}
}
