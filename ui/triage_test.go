package ui

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/probe"
)

// findingCodes lists the triage's finding codes with their subjects.
func findingCodes(m Model) []string {
	var out []string
	for _, f := range m.triage.findings {
		out = append(out, f.Code+":"+f.Subject)
	}
	return out
}

func TestTriageLive(t *testing.T) {
	h := newHarness(t, true)
	h.send("T")
	if h.m.screen != screenTriage || !strings.Contains(h.view(), "Triage (T or esc to close)") {
		t.Fatalf("T:\n%s", h.view())
	}
	codes := findingCodes(h.m)
	// aliyun stalls in the last rounds: after goproxy.cn's , that is not
	// reached; goproxy.cn serves.
	for _, want := range []string{"mirror-ok:goproxy.cn", "chain-ok:GOPROXY"} {
		if !slices.Contains(codes, want) {
			t.Errorf("findings %v lack %s", codes, want)
		}
	}
	if v := h.view(); !strings.Contains(v, "info mirror-ok goproxy.cn answers") {
		t.Errorf("view:\n%s", v)
	}
	// goproxy.cn starts answering 502: the next round shows it.
	h.send(ProbeResultMsg{Result: result("goproxy.cn", 30, probe.ClassHTTP5xx, 20*time.Millisecond)})
	codes = findingCodes(h.m)
	if !slices.Contains(codes, "mirror-failing:goproxy.cn") || slices.Contains(codes, "mirror-ok:goproxy.cn") {
		t.Errorf("after goproxy.cn's 502: %v", codes)
	}
	if !strings.Contains(h.view(), "warning mirror-failing goproxy.cn fails") {
		t.Errorf("view:\n%s", h.view())
	}
	h.send("esc")
	for _, k := range []string{"T", "esc"} {
		h.send("T")
		if h.m.screen != screenTriage {
			t.Fatal("T did not reopen")
		}
		h.send(k)
		if h.m.screen != screenDashboard {
			t.Errorf("%s did not close the triage", k)
		}
	}
	if len(h.f.calls) != 0 {
		t.Errorf("triage called Deps: %v", h.callNames())
	}
}

func TestTriagePendingAndChecks(t *testing.T) {
	h := newHarness(t, true)
	h.f.reach = map[string]advisor.Reach{"https://sum.golang.org": {URL: "https://sum.golang.org", Class: probe.ClassDNS, Reason: "no such host"}}
	h.send("T", "tab")
	if h.m.triage.pending || !strings.Contains(h.m.status, "no unapplied edits") {
		t.Errorf("tab without edits: pending %v, status %q", h.m.triage.pending, h.m.status)
	}
	// Edit the chain down to direct, then diagnose the pending edits.
	h.send("esc", "tab", "enter", "enter")
	if h.gp() != "direct" {
		t.Fatalf("chain %q", h.gp())
	}
	h.send("T", "tab")
	if !h.m.triage.pending || !slices.Contains(findingCodes(h.m), "goproxy-direct:GOPROXY") {
		t.Fatalf("pending: %v %v", h.m.triage.pending, findingCodes(h.m))
	}
	// direct reaches sum.golang.org directly: the triage asked for it.
	asked := h.checks()
	// sum.golang.org unreachable: the fix needs to know about its alias.
	if want := [][]string{{"https://sum.golang.org"}, {"https://sum.golang.google.cn"}}; !reflect.DeepEqual(asked, want) {
		t.Errorf("CheckSumDB calls %v, want %v", asked, want)
	}
	if !slices.Contains(findingCodes(h.m), "sumdb-unreachable:GOSUMDB") {
		t.Errorf("no sumdb-unreachable after the check: %v", findingCodes(h.m))
	}
	if !strings.Contains(h.view(), "the pending edits (not applied)") {
		t.Errorf("view:\n%s", h.view())
	}
	h.send("tab")
	if h.m.triage.pending || slices.Contains(findingCodes(h.m), "goproxy-direct:GOPROXY") {
		t.Errorf("back to effective: %v", findingCodes(h.m))
	}
	// Keys for the hidden panels do nothing; r and 1-9 still work.
	before := h.gp()
	h.send("enter", "K", "|", "a", "r")
	if h.gp() != before || h.m.dialog != nil || count(h.callNames(), "ProbeNow") != 1 {
		t.Errorf("keys in triage: chain %q, dialog %v, calls %v", h.gp(), h.m.dialog != nil, h.callNames())
	}
}

// Every line of the triage fits its width: a finding's continuation lines
// are indented, so they are wrapped 4 cells narrower (they were cut with
// "…", losing words of the message).
func TestTriageLinesFit(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, w := range []int{60, 80, 100, 140} {
			h := newHarness(t, true)
			h.m.lang = lang
			h.send(tea.WindowSizeMsg{Width: w, Height: 40})
			// goproxy.cn fails under ',': long error findings.
			h.send(ProbeResultMsg{Result: result("goproxy.cn", 30, probe.ClassHTTP5xx, 20*time.Millisecond)}, "T")
			for _, l := range h.m.triageLines(w) {
				if n := widthOf(l); n > w {
					t.Errorf("%s %d: line of %d cells: %q", lang, w, n, l)
				}
			}
		}
	}
}
