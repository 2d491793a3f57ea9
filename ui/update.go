package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/themes"
)

// handleKey dispatches a key press: to the open dialog, else to the open
// text input (which gets every key), else to the dashboard's bindings.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.dialog != nil {
		return m.updateDialog(msg)
	}
	if m.input != nil {
		return m.updateInput(msg)
	}
	k := m.keys
	m.status, m.statusErr = "", false
	if m.fullHelp {
		// The key list covers the screen: keys do not act on what it hides.
		switch {
		case key.Matches(msg, k.Help), key.Matches(msg, k.Escape):
			m.fullHelp = false
		case key.Matches(msg, k.Quit):
			return m, m.quit()
		default:
			m.setStatus(m.lang.T("? or esc closes the key list"))
		}
		return m, nil
	}
	switch m.screen {
	case screenGuide:
		return m.handleGuideKey(msg)
	case screenTriage:
		if done, cmd := m.handleTriageKey(msg); done {
			return m, cmd
		}
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m, m.quit()
	case key.Matches(msg, k.Help):
		m.fullHelp = !m.fullHelp
	case key.Matches(msg, k.Escape):
		m.fullHelp = false
		m.refilter("")
	case key.Matches(msg, k.Tab):
		m.focus = (m.focus + 1) % numFocus
	case key.Matches(msg, k.ShiftTab):
		m.focus = (m.focus + numFocus - 1) % numFocus
	case key.Matches(msg, k.Up):
		m.moveCursor(-1)
	case key.Matches(msg, k.Down):
		m.moveCursor(1)
	case key.Matches(msg, k.Toggle):
		m.toggle()
	case key.Matches(msg, k.MoveUp):
		m.moveEntry(-1)
	case key.Matches(msg, k.MoveDown):
		m.moveEntry(1)
	case key.Matches(msg, k.WeightUp):
		return m, m.changeWeight(weightStep)
	case key.Matches(msg, k.WeightDown):
		return m, m.changeWeight(-weightStep)
	case key.Matches(msg, k.Pipe):
		m.setSep(mirrors.SepPipe)
	case key.Matches(msg, k.Comma):
		m.setSep(mirrors.SepComma)
	case key.Matches(msg, k.Order):
		m.order()
	case key.Matches(msg, k.Switch):
		return m, m.switchTo(int(msg.Code - '0'))
	case key.Matches(msg, k.Apply):
		m.askApply()
	case key.Matches(msg, k.Undo):
		if m.deps.Undo == nil {
			m.setError(m.lang.T("undo is not available"))
			return m, nil
		}
		if m.applying {
			m.setStatus(m.lang.T("an apply is already running"))
			return m, nil
		}
		m.applying = true
		m.setStatus(m.lang.T("undoing…"))
		return m, m.deps.Undo()
	case key.Matches(msg, k.ProbeNow):
		if m.deps.ProbeNow == nil {
			m.setError(m.lang.T("probing is not available"))
			return m, nil
		}
		m.setStatus(m.lang.T("probing now…"))
		return m, m.deps.ProbeNow()
	case key.Matches(msg, k.Pause):
		if m.deps.SetPaused == nil {
			m.setError(m.lang.T("pausing is not available"))
			return m, nil
		}
		m.paused = !m.paused
		return m, m.deps.SetPaused(m.paused)
	case key.Matches(msg, k.SumDB):
		return m, m.openInput(inputSumDB)
	case key.Matches(msg, k.Private):
		return m, m.openInput(inputPrivate)
	case key.Matches(msg, k.NoProxy):
		return m, m.openInput(inputNoProxy)
	case key.Matches(msg, k.NoSumDB):
		return m, m.openInput(inputNoSumDB)
	case key.Matches(msg, k.Relay):
		return m, m.toggleRelay()
	case key.Matches(msg, k.NewMir):
		return m, m.openInput(inputMirror)
	case key.Matches(msg, k.Filter):
		return m, m.openInput(inputFilter)
	case key.Matches(msg, k.Theme) && m.opt.NoColor:
		// The terminal gets no colour: cycling would only rename it.
		m.setStatus(m.lang.T("NO_COLOR is set: the screen stays monochrome"))
	case key.Matches(msg, k.Theme):
		m.theme = themes.Next(m.theme)
		m.restyle()
		m.setStatus(m.lang.T("theme: %s", m.theme))
	case key.Matches(msg, k.Triage):
		m.screen = screenTriage
		m.triage.off = 0
		// A relay in the chain is asked again: its upstreams' health is
		// part of the findings.
		m.relay.asked = nil
		return m, m.detectRelays()
	case key.Matches(msg, k.SaveLog):
		return m, m.saveLog()
	case key.Matches(msg, k.CopyCurl):
		return m, m.copyCurl()
	case key.Matches(msg, k.Sort):
		m.sortBy = (m.sortBy + 1) % 3
		m.tableSel = 0
		m.setStatus(m.lang.T("sorted by %s", m.sortName()))
	}
	return m, nil
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
		m.chainSel = max(0, min(len(m.chain.Entries)-1, m.chainSel+d))
	case focusEvents:
		m.eventsOff = max(0, min(len(m.events)-1, m.eventsOff+d))
	default:
		m.tableSel = max(0, min(len(m.rows())-1, m.tableSel+d))
	}
}

// handleGuideKey: the guide's keys; every other key waits until the
// guide is left (nothing is written without enter or esc).
func (m Model) handleGuideKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.GuideApply):
		return m, m.guideApply()
	case key.Matches(msg, k.GuideSkip):
		return m, m.guideSkip()
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Up):
		m.guide.off = max(0, m.guide.off-1)
	case key.Matches(msg, k.Down):
		m.guide.off = min(m.guide.off+1, max(0, len(m.guideLines(m.width))-m.bodyHeight()+1))
	}
	return m, nil
}

// handleTriageKey handles the triage view's own keys; done is false for
// the dashboard keys that also work here (quit, help, probe now, pause,
// one-key switch, undo, theme, save log), which handleKey then runs.
// Keys that act on the hidden panels do nothing.
func (m *Model) handleTriageKey(msg tea.KeyPressMsg) (done bool, cmd tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Triage), key.Matches(msg, k.Escape):
		m.screen = screenDashboard
	case key.Matches(msg, k.Up):
		m.triage.off = max(0, m.triage.off-1)
	case key.Matches(msg, k.Down):
		m.triage.off = min(m.triage.off+1, max(0, len(m.triageLines(m.width))-m.bodyHeight()+1))
	case key.Matches(msg, k.TriageView):
		if m.dirty() {
			m.triage.pending = !m.triage.pending
			m.triage.off = 0
		} else {
			m.setStatus(m.lang.T("no unapplied edits: the triage shows the effective go env"))
		}
	case key.Matches(msg, k.Quit), key.Matches(msg, k.Help), key.Matches(msg, k.ProbeNow),
		key.Matches(msg, k.Pause), key.Matches(msg, k.Switch), key.Matches(msg, k.Undo),
		key.Matches(msg, k.Theme), key.Matches(msg, k.SaveLog):
		return false, nil
	}
	return true, nil
}
