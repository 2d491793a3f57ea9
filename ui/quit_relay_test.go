package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Quitting while GOPROXY goes through the TUI's own relay asks whether to
// restore the chain the relay replaced; yes (the default) writes it and
// then quits.
func TestQuitWithOwnRelayRestoresTheReplacedChain(t *testing.T) {
	h := startedRelay(t)
	h.send("y") // the relay in front of GOPROXY
	if h.gp() != ownRelayURL+"|"+startGP {
		t.Fatalf("chain %q", h.gp())
	}
	h.f.calls = nil
	h.send("q")
	if h.quits() || h.m.dialog == nil || h.m.dialog.kind != dialogRestore || !strings.Contains(h.view(), "Restore the chain the relay replaced?") {
		t.Fatalf("no restore question; dialog %+v", h.m.dialog)
	}
	// The footer offers the dialog's own answers, not a yes/no's.
	if v := h.view(); !strings.Contains(v, "esc stay") || strings.Contains(v, "n/esc no") {
		t.Errorf("footer of the restore question:\n%s", v)
	}
	h.send("enter")
	if c := h.lastCall("Apply"); len(c.changes) != 1 || c.changes[0].Key != "GOPROXY" || c.changes[0].Value != startGP {
		t.Fatalf("restore wrote %+v, want GOPROXY=%s", c.changes, startGP)
	}
	if !quitsAmong(h.lastCmd) {
		t.Error("did not quit once the chain was restored")
	}
}

// quitsAmong reports whether cmd is tea.Quit or a batch that holds it.
func quitsAmong(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		return slices.ContainsFunc(msg, quitsAmong)
	}
	return false
}

// n quits and leaves GOPROXY as it is; esc stays; without the relay in
// GOPROXY q quits at once.
func TestQuitWithOwnRelayOtherAnswers(t *testing.T) {
	h := startedRelay(t)
	h.send("y")
	h.f.calls = nil
	h.send("q", "esc")
	if h.quits() || h.m.dialog != nil {
		t.Fatalf("esc: quits %v, dialog %+v", h.quits(), h.m.dialog)
	}
	h.send("q", "n")
	if !h.quits() || slices.Contains(h.callNames(), "Apply") {
		t.Errorf("n: quits %v, calls %v", h.quits(), h.callNames())
	}

	h = startedRelay(t)
	h.send("n") // the relay not put in front of GOPROXY
	h.send("q")
	if !h.quits() {
		t.Error("q with the relay outside GOPROXY did not quit at once")
	}
}
