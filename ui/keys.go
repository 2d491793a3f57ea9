package ui

import (
	"charm.land/bubbles/v2/key"

	"github.com/goproxytui/goproxytui/i18n"
)

// KeyMap is every key binding of the TUI. Build it with DefaultKeyMap; the
// help texts are English and translated when help is drawn.
type KeyMap struct {
	Up, Down, Tab, ShiftTab key.Binding
	Toggle                  key.Binding // enter/space: add/remove the mirror in the chain
	MoveUp, MoveDown        key.Binding // K/J, shift+up/down: move the chain entry
	WeightUp, WeightDown    key.Binding
	Pipe, Comma             key.Binding // separator after the entry
	Order                   key.Binding // order the chain by ranking
	Switch                  key.Binding // 1–9: one-key switch
	Apply, Undo             key.Binding
	ProbeNow, Pause         key.Binding
	SumDB, Private, NewMir  key.Binding
	NoProxy, NoSumDB        key.Binding // x, X: edit GONOPROXY, GONOSUMDB
	Relay                   key.Binding // R: start/stop the in-process relay
	Theme, Filter, Sort     key.Binding
	Help, Quit              key.Binding
	CloseKeys               key.Binding // ? or esc in the key list: close it
	// The triage, the event log file, curl to the clipboard, and the
	// first-run guide's keys.
	Triage, SaveLog, CopyCurl key.Binding
	TriageView                key.Binding // tab in the triage view: effective/pending
	Scroll                    key.Binding // help only: up/down scroll the guide and triage
	GuideApply, GuideSkip     key.Binding
	// Dialog and input keys.
	Confirm, Cancel, Keep, Take key.Binding
	Submit, Escape, NextField   key.Binding
}

// DefaultKeyMap returns the TUI's key bindings.
func DefaultKeyMap() KeyMap {
	b := func(help string, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Up:         b("↑/k", i18n.N("cursor up"), "up", "k"),
		Down:       b("↓/j", i18n.N("cursor down"), "down", "j"),
		Tab:        b("tab", i18n.N("next panel"), "tab"),
		ShiftTab:   b("shift+tab", i18n.N("previous panel"), "shift+tab"),
		Toggle:     b("enter/space", i18n.N("add/remove in chain"), "enter", "space"),
		MoveUp:     b("K/⇧↑", i18n.N("move entry up"), "K", "shift+up"),
		MoveDown:   b("J/⇧↓", i18n.N("move entry down"), "J", "shift+down"),
		WeightUp:   b("+", i18n.N("weight up (saved)"), "+", "="),
		WeightDown: b("-", i18n.N("weight down (saved)"), "-"),
		Pipe:       b("|", i18n.N("`|`: next on any error"), "|"),
		Comma:      b(",", i18n.N("`,`: next on 404/410 only"), ","),
		Order:      b("o", i18n.N("order chain by ranking"), "o"),
		Switch:     b("1-9", i18n.N("N-th mirror first + apply"), "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Apply:      b("a", i18n.N("apply (confirm)"), "a"),
		Undo:       b("u", i18n.N("undo last apply"), "u"),
		ProbeNow:   b("r", i18n.N("probe now"), "r"),
		Pause:      b("p", i18n.N("pause/resume probing"), "p"),
		SumDB:      b("s", i18n.N("edit GOSUMDB"), "s"),
		Private:    b("P", i18n.N("edit GOPRIVATE"), "P"),
		NoProxy:    b("x", i18n.N("edit GONOPROXY"), "x"),
		NoSumDB:    b("X", i18n.N("edit GONOSUMDB"), "X"),
		NewMir:     b("n", i18n.N("add custom mirror"), "n"),
		Relay:      b("R", i18n.N("start/stop the relay"), "R"),
		Theme:      b("t", i18n.N("cycle theme"), "t"),
		Filter:     b("/", i18n.N("filter mirrors"), "/"),
		Sort:       b("S", i18n.N("sort by latency/name"), "S"),
		Help:       b("?", i18n.N("all keys"), "?"),
		CloseKeys:  b("?/esc", i18n.N("close"), "?", "esc"),
		Triage:     b("T", i18n.N("triage: doctor's findings"), "T"),
		SaveLog:    b("w", i18n.N("save event log to a file"), "w"),
		CopyCurl:   b("c", i18n.N("copy curl command (OSC 52)"), "c"),
		TriageView: b("tab", i18n.N("effective/pending values"), "tab"),
		Scroll:     b("↑↓/jk", i18n.N("scroll"), "up", "down", "k", "j"),
		GuideApply: b("enter", i18n.N("apply the proposal"), "enter"),
		GuideSkip:  b("esc", i18n.N("skip to the dashboard"), "esc"),
		Quit:       b("q", i18n.N("quit"), "q", "ctrl+c"),
		Confirm:    b("y/enter", i18n.N("yes"), "y", "enter"),
		Cancel:     b("n/esc", i18n.N("no"), "n", "esc"),
		Keep:       b("k", i18n.N("keep my edits"), "k"),
		Take:       b("t", i18n.N("take the outside change"), "t"),
		Submit:     b("enter", i18n.N("accept"), "enter"),
		Escape:     b("esc", i18n.N("cancel"), "esc"),
		NextField:  b("tab", i18n.N("next field"), "tab"),
	}
}

// localized returns bindings with their help text in language l.
func localized(l i18n.Lang, bs ...key.Binding) []key.Binding {
	out := make([]key.Binding, len(bs))
	for i, b := range bs {
		h := b.Help()
		b.SetHelp(h.Key, l.T(h.Desc))
		out[i] = b
	}
	return out
}

// helpKeys implements help.KeyMap for the current mode of the model.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// helpFor returns the keys to show: those of the open dialog or input,
// else the focused component's short help combined with the root's own
// keys, and the full map.
func (m Model) helpFor() helpKeys {
	k, l := m.keys, m.lang
	m.layout(m.height) // the components' keys and language
	switch {
	case m.dialog != nil:
		return helpKeys{short: m.dialog.ShortHelp()}
	case m.input != nil:
		return helpKeys{short: m.input.ShortHelp()}
	}
	hk := m.screenHelp()
	if m.keyList.open {
		// The list covers the screen: its own keys only.
		hk.short = append(m.keyList.ShortHelp(), localized(l, k.Quit)...)
	}
	return hk
}

// screenHelp is the help of the screen shown (the guide, the triage or
// the dashboard's focused panel).
func (m *Model) screenHelp() helpKeys {
	k, l := m.keys, m.lang
	switch m.screen {
	case screenGuide:
		own := localized(l, k.Help, k.Quit)
		return helpKeys{short: append(m.guide.ShortHelp(), own[1:]...), full: append(m.guide.FullHelp(), own)}
	case screenTriage:
		short := append(m.triage.ShortHelp(), localized(l, k.SaveLog, k.ProbeNow, k.Switch, k.Help, k.Quit)...)
		return helpKeys{short: short, full: [][]key.Binding{short}}
	}
	var short []key.Binding
	switch m.focus {
	case focusChain:
		short = append(localized(l, k.Help), m.editor.ShortHelp()...)
		short = append(short, localized(l, k.Apply, k.Undo, k.Tab, k.Quit)...)
	default:
		short = localized(l, k.Help, k.Switch, k.Toggle, k.Apply, k.Undo, k.Order, k.Triage)
		short = append(short, m.relay.ShortHelp()...)
		short = append(short, localized(l, k.Tab, k.Filter, k.Quit)...)
	}
	full := [][]key.Binding{
		localized(l, k.Up, k.Down, k.Tab, k.ShiftTab, k.Filter, k.Sort, k.Help, k.Quit),
		m.editor.FullHelp()[0],
		localized(l, k.Switch, k.Apply, k.Undo, k.SumDB, k.Private, k.NoProxy, k.NoSumDB, k.NewMir, k.ProbeNow, k.Pause, k.Theme),
		append(localized(l, k.Triage, k.SaveLog, k.CopyCurl), m.relay.ShortHelp()...),
	}
	return helpKeys{short: short, full: full}
}
