package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/themes"
)

// handleKey routes a key press: to the open question, else to the open
// text input (which gets every key), else to the key list, the guide or
// the triage while one is open, else to the dashboard's keys.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.keyList.open || m.screen != screenDashboard {
		m.layout(m.bodyHeight()) // a full-screen component scrolls in the body
	} else {
		m.layout(m.height) // the other components need their keys only
	}
	if m.dialog != nil {
		return m.handleDialogKey(msg)
	}
	if m.input != nil {
		return m.updateInput(msg)
	}
	m.status, m.statusErr = "", false
	switch {
	case m.keyList.open:
		return m, m.handleKeyListKey(msg)
	case m.screen == screenGuide:
		return m, m.handleGuideKey(msg)
	case m.screen == screenTriage:
		if done, cmd := m.handleTriageKey(msg); done {
			return m, cmd
		}
	}
	for _, h := range [...]func(*Model, tea.KeyPressMsg) (tea.Cmd, bool){
		(*Model).handleNavKey, (*Model).handleChainKey, (*Model).handleEnvKey, (*Model).handleToolKey,
	} {
		if cmd, ok := h(&m, msg); ok {
			return m, cmd
		}
	}
	return m, nil
}

// handleNavKey: quitting, the key list, panels, the cursor, the table's
// filter and order.
func (m *Model) handleNavKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(), true
	case key.Matches(msg, k.Help):
		m.keyList.open = !m.keyList.open
	case key.Matches(msg, k.Escape):
		m.refilter("")
	case key.Matches(msg, k.Tab):
		m.focus = (m.focus + 1) % numFocus
	case key.Matches(msg, k.ShiftTab):
		m.focus = (m.focus + numFocus - 1) % numFocus
	case key.Matches(msg, k.Up):
		m.moveCursor(-1)
	case key.Matches(msg, k.Down):
		m.moveCursor(1)
	case key.Matches(msg, k.Filter):
		return m.openInput(inputFilter), true
	case key.Matches(msg, k.Sort):
		m.sortBy = (m.sortBy + 1) % 3
		m.tableSel = 0
		m.setStatus(m.lang.T("sorted by %s", m.sortName()))
	default:
		return nil, false
	}
	return nil, true
}

// handleChainKey: the chain editor's keys. They act on the entry selected
// in the chain panel, or on the chain entry of the mirror selected in the
// table (targetEntry).
func (m *Model) handleChainKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	edit, ok := m.editor.update(msg)
	switch edit {
	case editToggle:
		m.toggle()
	case editMoveUp:
		m.moveEntry(-1)
	case editMoveDown:
		m.moveEntry(1)
	case editWeightUp:
		return m.changeWeight(weightStep), true
	case editWeightDown:
		return m.changeWeight(-weightStep), true
	case editPipe:
		m.setSep(mirrors.SepPipe)
	case editComma:
		m.setSep(mirrors.SepComma)
	case editOrder:
		m.order()
	}
	return nil, ok
}

// handleEnvKey: the keys that change go env (apply, undo, one-key switch)
// or edit a value first (GOSUMDB, the pattern lists, a custom mirror).
func (m *Model) handleEnvKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Switch):
		return m.switchTo(int(msg.Code - '0')), true
	case key.Matches(msg, k.Apply):
		m.askApply()
		return nil, true
	case key.Matches(msg, k.Undo):
		return m.undo(), true
	case key.Matches(msg, k.SumDB):
		return m.openInput(inputSumDB), true
	case key.Matches(msg, k.Private):
		return m.openInput(inputPrivate), true
	case key.Matches(msg, k.NoProxy):
		return m.openInput(inputNoProxy), true
	case key.Matches(msg, k.NoSumDB):
		return m.openInput(inputNoSumDB), true
	case key.Matches(msg, k.NewMir):
		return m.openInput(inputMirror), true
	}
	return nil, false
}

// handleToolKey: probing, the relay, the theme, the triage, the event log
// file and the curl command.
func (m *Model) handleToolKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.ProbeNow):
		return m.probeNow(), true
	case key.Matches(msg, k.Pause):
		return m.togglePause(), true
	case key.Matches(msg, k.Relay):
		return m.toggleRelay(msg), true
	case key.Matches(msg, k.Theme):
		return m.cycleTheme(), true
	case key.Matches(msg, k.Triage):
		return m.openTriage(), true
	case key.Matches(msg, k.SaveLog):
		return m.saveLog(), true
	case key.Matches(msg, k.CopyCurl):
		return m.copyCurl(), true
	}
	return nil, false
}

// undo asks Deps.Undo to restore the values before the last apply.
func (m *Model) undo() tea.Cmd {
	if m.deps.Undo == nil {
		m.setError(m.lang.T("undo is not available"))
		return nil
	}
	if m.applying {
		m.setStatus(m.lang.T("an apply is already running"))
		return nil
	}
	m.applying = true
	m.setStatus(m.lang.T("undoing…"))
	return m.deps.Undo()
}

// probeNow asks for a probe round at once.
func (m *Model) probeNow() tea.Cmd {
	if m.deps.ProbeNow == nil {
		m.setError(m.lang.T("probing is not available"))
		return nil
	}
	m.setStatus(m.lang.T("probing now…"))
	return m.deps.ProbeNow()
}

// togglePause pauses or resumes the probing.
func (m *Model) togglePause() tea.Cmd {
	if m.deps.SetPaused == nil {
		m.setError(m.lang.T("pausing is not available"))
		return nil
	}
	m.paused = !m.paused
	return m.deps.SetPaused(m.paused)
}

// cycleTheme switches to the next theme and saves it to the config, as
// weights are, so the next start shows it too (unless --theme says
// otherwise).
func (m *Model) cycleTheme() tea.Cmd {
	if m.opt.NoColor {
		// The terminal gets no colour: cycling would only rename it.
		m.setStatus(m.lang.T("NO_COLOR is set: the screen stays monochrome"))
		return nil
	}
	m.theme = themes.Next(m.theme)
	m.restyle()
	m.setStatus(m.lang.T("theme: %s", m.theme))
	if m.cfgErr != nil {
		// Saving would overwrite the user's broken file with the last
		// good config: the theme holds for this run only.
		return nil
	}
	cfg := cloneConfig(m.cfg)
	cfg.Theme = m.theme
	m.cfg = cfg
	if m.deps.SaveConfig == nil {
		return nil
	}
	return m.deps.SaveConfig(cloneConfig(cfg))
}

// openTriage shows the triage. A relay in the chain is asked again: its
// upstreams' health is part of the findings.
func (m *Model) openTriage() tea.Cmd {
	m.screen = screenTriage
	m.triage.off = 0
	m.relay.asked = nil
	return m.detectRelays()
}

func (m *Model) sortName() string {
	switch m.sortBy {
	case sortLatency:
		return m.lang.T("latency (p50)")
	case sortName:
		return m.lang.T("name")
	}
	return m.lang.T("catalog order")
}

// refilter sets the table's filter, keeping the selected mirror selected
// when it is still shown (clearing a filter jumped to the first row).
func (m *Model) refilter(f string) {
	sel, ok := m.selectedMirror()
	m.filter, m.tableSel = f, 0
	if ok {
		m.tableSel = max(0, slices.IndexFunc(m.rows(), func(x mirrors.Mirror) bool { return x.ID == sel.ID }))
	}
}

// moveCursor moves the cursor of the focused panel.
func (m *Model) moveCursor(d int) {
	switch m.focus {
	case focusChain:
		m.editor.sel = max(0, min(len(m.editor.chain.Entries)-1, m.editor.sel+d))
	case focusEvents:
		m.eventsOff = max(0, min(len(m.events)-1, m.eventsOff+d))
	default:
		m.tableSel = max(0, min(len(m.rows())-1, m.tableSel+d))
	}
}

// handleKeyListKey: while the key list covers the screen, keys do not
// act on what it hides.
func (m *Model) handleKeyListKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.keyList.update(msg, func() int { return len(m.fullHelpLines(m.width)) }) {
	case keyListQuit:
		return m.quit()
	case keyListHint:
		m.setStatus(m.lang.T("? or esc closes the key list"))
	}
	return nil
}

// handleGuideKey routes a key to the guide and does what it asks.
func (m *Model) handleGuideKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.guide.update(msg, func() int { return len(m.guideLines(m.width)) }) {
	case guideTake:
		return m.guideApply()
	case guideLeave:
		return m.guideSkip()
	case guideQuit:
		return tea.Quit
	case guideKeys:
		m.keyList.open = true
	}
	return nil
}

// handleTriageKey routes a key to the triage; done is false for the
// dashboard keys that also work there, which handleKey then runs.
func (m *Model) handleTriageKey(msg tea.KeyPressMsg) (done bool, cmd tea.Cmd) {
	switch m.triage.update(msg, m.dirty(), func() int { return len(m.triageLines(m.width)) }) {
	case triageClose:
		m.screen = screenDashboard
	case triageNoEdits:
		m.setStatus(m.lang.T("no unapplied edits: the triage shows the effective go env"))
	case triageRootKeys:
		return false, nil
	}
	return true, nil
}
