package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// keyList is the list of every key (?): it covers the body, and while it
// is open keys do not act on what it hides.
type keyList struct {
	pager
	open bool
}

// keyListAction is what a key pressed in the key list asks of the root.
type keyListAction int

const (
	keyListDone keyListAction = iota
	keyListQuit
	keyListHint // a key the list does not take: say how to close it
)

// update handles a key while the list is open; total counts the list's
// lines (for scrolling: at 80x24 it is longer than the screen).
func (k *keyList) update(msg tea.KeyPressMsg, total func() int) keyListAction {
	km := k.common.KeyMap
	switch {
	case key.Matches(msg, km.CloseKeys):
		k.open, k.off = false, 0
	case key.Matches(msg, km.Up):
		k.off = max(0, k.off-1)
	case key.Matches(msg, km.Down):
		k.scroll(1, total())
	case key.Matches(msg, km.Quit):
		return keyListQuit
	default:
		return keyListHint
	}
	return keyListDone
}

// ShortHelp is the key list's part of the help bar.
func (k *keyList) ShortHelp() []key.Binding {
	return localized(k.common.Lang, k.common.KeyMap.CloseKeys, k.common.KeyMap.Scroll)
}

// FullHelp lists the key list's keys.
func (k *keyList) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// fullHelpLines lists every binding of the full key map in as many columns
// as fit in w.
func (m *Model) fullHelpLines(w int) []string {
	k := m.keyList
	k.common = m.shared()
	k.common.Width = w
	return k.lines(m.helpFor().FullHelp())
}

// lines lists the bindings of groups in as many columns as fit in the key
// list's width, then what the separators mean.
func (k *keyList) lines(groups [][]key.Binding) []string {
	st, w := k.common.Styles, k.common.Width
	var keys, descs []string
	kw, dw := 0, 0
	for _, group := range groups {
		for _, b := range group {
			h := b.Help()
			keys, descs = append(keys, h.Key), append(descs, h.Desc)
			kw, dw = max(kw, widthOf(h.Key)), max(dw, widthOf(h.Desc))
		}
	}
	dw = min(dw, 26)
	colW := min(kw+1+dw, w) + 2
	cols := max(1, w/colW)
	// The columns share the whole width: descriptions cut at 26 cells
	// get the room there is (translations are often longer).
	colW = max(colW, w/cols)
	dw = max(1, colW-kw-3)
	rows := (len(keys) + cols - 1) / cols
	lines := make([]string, rows)
	for i := range keys {
		r, c := i%rows, i/rows
		cell := st.Help.FullKey.Render(fit(keys[i], kw)) + " " + st.Help.FullDesc.Render(truncate(descs[i], dw))
		if c < cols-1 {
			cell = fit(cell, colW)
		}
		lines[r] += cell
	}
	lines = append(lines, "")
	return append(lines, strings.Split(wrapText(st.Subtle.Render(k.common.Lang.T("Separators: `,` after an entry falls through to the next only on 404/410 (not found); `|` falls through on any error. go has no timeout: a stalling mirror hangs it.")), w, " "), "\n")...)
}
