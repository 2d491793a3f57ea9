package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Quitting while GOPROXY goes through this TUI's own relay: the relay
// stops with the TUI, and GOPROXY would name a port nothing listens on
// (go gets 'connection refused' and goes on after '|', every time). The
// quit asks whether to restore the chain the relay replaced first; yes is
// the default.

// restoreOrQuit quits, or, when the effective GOPROXY starts with the
// running in-process relay, opens the dialog that asks whether to
// restore the chain behind it first.
func (m *Model) restoreOrQuit() tea.Cmd {
	c, err := mirrors.ParseChain(m.applied, m.cat)
	if err != nil || len(c.Entries) == 0 || !m.ownRelay(c.Entries[0]) {
		return tea.Quit
	}
	rest := mirrors.Chain{Entries: c.Entries[1:]}
	ch := []envcfg.Change{{Key: "GOPROXY", Value: rest.Normalized().String()}}
	l := m.lang
	lines := []string{l.T("GOPROXY goes through this TUI's relay, which stops when it quits: go would then get 'connection refused' from it before every download")}
	lines = append(lines, m.changeLines(ch)...)
	m.dialog = &dialog{kind: dialogRestore, title: l.T("Restore the chain the relay replaced?"), lines: lines, changes: ch}
	return nil
}

// updateRestoreDialog handles a key of the restore dialog: y, enter or
// ctrl+c restore and quit once written; n quits leaving GOPROXY as it is;
// esc stays.
func (m Model) updateRestoreDialog(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	d := m.dialog
	switch {
	case key.Matches(msg, m.keys.Confirm), msg.String() == "ctrl+c":
		m.dialog = nil
		cmd := m.apply(d.changes, m.lang.T("restoring the chain the relay replaced…"))
		if cmd == nil {
			return m, tea.Quit // not available: quit all the same
		}
		m.quitAfterApply = true
		return m, cmd
	case msg.String() == "n":
		m.dialog = nil
		return m, tea.Quit
	case key.Matches(msg, m.keys.Escape):
		m.dialog = nil
	}
	return m, nil
}

// quitIfRestored quits after the restore of the chain the relay replaced
// is written (an apply the restore dialog started); a failed write keeps
// the TUI open, saying why.
func quitIfRestored(mm tea.Model, cmd tea.Cmd, msg AppliedMsg) (tea.Model, tea.Cmd) {
	m := mm.(Model)
	if !m.quitAfterApply {
		return mm, cmd
	}
	m.quitAfterApply = false
	if msg.Err != nil {
		return m, cmd
	}
	return m, tea.Quit
}
