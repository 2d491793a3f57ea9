package ui

import (
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
	switch {
	case key.Matches(msg, k.Quit):
		return m, m.quit()
	case key.Matches(msg, k.Help):
		m.fullHelp = !m.fullHelp
	case key.Matches(msg, k.Escape):
		m.fullHelp = false
		m.filter = ""
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
	case key.Matches(msg, k.NewMir):
		return m, m.openInput(inputMirror)
	case key.Matches(msg, k.Filter):
		return m, m.openInput(inputFilter)
	case key.Matches(msg, k.Theme):
		m.theme = themes.Next(m.theme)
		m.restyle()
		m.setStatus(m.lang.T("theme: %s", m.theme))
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
