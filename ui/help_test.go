package ui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestHelpListsTriageLogAndCurlKeys(t *testing.T) {
	h := newHarness(t, false)
	h.send(tea.WindowSizeMsg{Width: 160, Height: 50}, "?")
	v := h.view()
	for _, want := range []string{`T +triage: doctor's findings`, `w +save event log to a file`, `c +copy curl command \(OSC 52\)`} {
		if !regexp.MustCompile(want).MatchString(v) {
			t.Errorf("full help lacks %q:\n%s", want, v)
		}
	}
	h.send("?", "T")
	if v := h.view(); !strings.Contains(v, "tab effective/pending values") || !strings.Contains(v, "↑↓/jk scroll") {
		t.Errorf("triage key bar:\n%s", v)
	}
	g := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 100, 30, true)
	// Nothing to apply while it measures: enter is not offered.
	if v := g.view(); strings.Contains(v, "enter apply the proposal") || !strings.Contains(v, "esc skip to the dashboard") {
		t.Errorf("guide key bar while measuring:\n%s", v)
	}
	g.rounds(scenario(), 0, 2)
	if v := g.view(); !strings.Contains(v, "enter apply the proposal") || !strings.Contains(v, "esc skip to the dashboard") {
		t.Errorf("guide key bar:\n%s", v)
	}
}
