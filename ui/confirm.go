package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// dialogKind says what a dialog asks.
type dialogKind int

const (
	dialogApply    dialogKind = iota // apply the pending changes?
	dialogQuit                       // quit with unapplied edits?
	dialogConflict                   // outside change while editing: keep or take?
	dialogSwitch                     // a one-key switch the simulation warns about: write anyway?
	dialogPattern                    // a pattern list with a pattern that matches nothing: keep it?
	dialogRestore                    // quitting with the own relay in GOPROXY: restore the chain it replaced?
)

// dialog is an open question; while it is open it gets every key. It reads
// the answer (update) and draws itself (lines); the root does what the
// answer asks (handleDialogKey).
type dialog struct {
	common  common
	kind    dialogKind
	title   string
	lines   []string
	changes []envcfg.Change
	// dialogSwitch: the chain to take and the status while it is written.
	chain  mirrors.Chain
	status string
	// dialogPattern: the pattern list's key and value to take.
	key, value string
}

// fileValue is the go env file's current value of key (what go env -w
// replaces), or the effective value when the file's content is unknown.
func (m *Model) fileValue(key string) (string, bool) {
	if m.env.File != nil {
		v, ok := m.env.File[key]
		return v, ok
	}
	v := m.env.Get(key)
	return v.Value, v.Source == envcfg.SourceFile
}

// changeLines says exactly what each change does: "KEY: old → new".
func (m *Model) changeLines(ch []envcfg.Change) []string {
	var out []string
	for _, c := range ch {
		old, oldSet := m.fileValue(c.Key)
		out = append(out, m.diffText(envcfg.Diff{Key: c.Key, Old: old, OldSet: oldSet, New: c.Value, NewSet: !c.Unset}))
		if slices.Contains(patternKeys[:], c.Key) {
			if w := patternWarning(m.lang, c.Key, c.Value); w != "" {
				out = append(out, m.st.Warning.Render("  "+w))
			}
		}
		if v := m.env.Get(c.Key); v.Source == envcfg.SourceEnv {
			out = append(out, m.st.Warning.Render("  "+m.lang.T("! the OS environment sets %s: the new value will not be in effect where it is set", c.Key)))
		}
	}
	return out
}

// askApply opens the apply confirmation with the exact change per key.
func (m *Model) askApply() {
	ch := m.pendingChanges()
	if len(ch) == 0 {
		m.setStatus(m.lang.T("nothing to apply"))
		return
	}
	lines := m.changeLines(ch)
	if m.env.EnvFile != "" {
		lines = append(lines, m.st.Subtle.Render(m.lang.T("written to %s with go env -w; u undoes", m.env.EnvFile)))
	}
	m.dialog = &dialog{kind: dialogApply, title: m.lang.T("Apply these changes?"), lines: lines, changes: ch}
}

// quit quits, or asks first when edits are unapplied.
func (m *Model) quit() tea.Cmd {
	ch := m.pendingChanges()
	if len(ch) == 0 {
		return m.restoreOrQuit()
	}
	m.dialog = &dialog{kind: dialogQuit, title: m.lang.T("Quit and lose these unapplied edits?"), lines: m.changeLines(ch)}
	return nil
}

// conflictDialog asks whether to keep the pending edits or take an outside
// change.
func (m *Model) conflictDialog(outside []envcfg.Diff) *dialog {
	var lines []string
	lines = append(lines, m.lang.T("Changed outside:"))
	for _, d := range outside {
		lines = append(lines, "  "+m.diffText(d))
	}
	lines = append(lines, m.lang.T("Your unapplied edits:"))
	for _, l := range m.changeLines(m.pendingChanges()) {
		lines = append(lines, "  "+l)
	}
	return &dialog{kind: dialogConflict, title: m.lang.T("The go env file changed while you have unapplied edits"), lines: lines}
}

// dialogAnswer is the answer a key gives to the open question.
type dialogAnswer int

const (
	answerNone dialogAnswer = iota // not an answer: the question stays
	answerYes
	answerNo
	answerKeep // conflict: keep my edits
	answerTake // conflict: take the outside change
)

// update reads the answer a key gives.
func (d *dialog) update(msg tea.KeyPressMsg) dialogAnswer {
	k := d.common.KeyMap
	if d.kind == dialogConflict {
		switch {
		case key.Matches(msg, k.Keep), key.Matches(msg, k.Escape):
			return answerKeep
		case key.Matches(msg, k.Take):
			return answerTake
		}
		return answerNone
	}
	switch {
	case key.Matches(msg, k.Confirm), d.kind == dialogQuit && msg.String() == "ctrl+c":
		return answerYes
	case key.Matches(msg, k.Cancel):
		return answerNo
	}
	return answerNone
}

// ShortHelp is the question's answers.
func (d *dialog) ShortHelp() []key.Binding {
	k := d.common.KeyMap
	switch d.kind {
	case dialogConflict:
		return localized(d.common.Lang, k.Keep, k.Take)
	case dialogRestore:
		// Its answers differ from a yes/no question's: n quits too.
		return localized(d.common.Lang,
			key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", i18n.N("restore and quit"))),
			key.NewBinding(key.WithKeys("n"), key.WithHelp("n", i18n.N("quit, keep GOPROXY"))),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", i18n.N("stay"))))
	}
	return localized(d.common.Lang, k.Confirm, k.Cancel)
}

// FullHelp lists the question's answers.
func (d *dialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// SetSize sets the width and height the question is drawn in.
func (d *dialog) SetSize(width, height int) { d.common.Width, d.common.Height = width, height }

// handleDialogKey does what the answer to the open question asks.
func (m Model) handleDialogKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	d := m.dialog
	if d.kind == dialogRestore {
		return m.updateRestoreDialog(msg)
	}
	switch d.update(msg) {
	case answerKeep:
		m.dialog = nil
		m.setStatus(m.lang.T("kept your edits; the header shows the new effective values"))
		m.logEvent(evInfo, m.status)
	case answerTake:
		m.dialog = nil
		m.takeEnv(m.env, true)
		m.setStatus(m.lang.T("took the outside change; your edits are dropped"))
		m.logEvent(evInfo, m.status)
	case answerNo:
		m.dialog = nil
	case answerYes:
		m.dialog = nil
		return m, m.answerYes(d)
	}
	return m, nil
}

// answerYes does what question d asked, answered yes.
func (m *Model) answerYes(d *dialog) tea.Cmd {
	switch d.kind {
	case dialogQuit:
		return m.restoreOrQuit()
	case dialogSwitch:
		m.editor.chain, m.editor.sel, m.editor.edited = d.chain, 0, true
		return m.apply(d.changes, d.status)
	case dialogPattern:
		for i, k := range patternKeys {
			if k == d.key {
				m.pats[i] = d.value
			}
		}
		m.setStatus(m.lang.T("%s edited: press a to apply", d.key))
		return nil
	}
	return m.apply(d.changes, m.lang.T("applying…"))
}

// render draws the question in width w: the title, what it is about and
// the answers.
func (d *dialog) render(w int) []string {
	st, l := d.common.Styles, d.common.Lang
	lines := []string{st.Accent.Render(d.title)}
	lines = append(lines, d.lines...)
	switch d.kind {
	case dialogConflict:
		lines = append(lines, st.Bold.Render(l.T("k keep my edits · t take the outside change")))
	case dialogRestore:
		lines = append(lines, st.Bold.Render(l.T("y/enter restore and quit · n quit, keep GOPROXY · esc stay")))
	default:
		lines = append(lines, st.Bold.Render(l.T("y/enter yes · n/esc no")))
	}
	var out []string
	for _, l := range lines {
		// Wrap, never cut: the user confirms exact values. Continuation
		// lines are indented under their first line.
		for i, p := range strings.Split(wrapText(l, w-4, ",|"), "\n") {
			if i > 0 {
				p = "    " + p
			}
			out = append(out, p)
		}
	}
	return out
}
