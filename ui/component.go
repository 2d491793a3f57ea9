package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/themes"
)

// Composition. The root Model owns the data every panel reads (mirrors,
// probes, go env values, config) and the message handling; the parts of
// the screen with their own state and keys are components: the first-run
// guide (guideView), the triage (triageView), the key list (keyList), the
// relay panel (relayPanel), the chain editor (chainEditor), the open
// question (dialog) and the open text input (input). Each holds
// a copy of common, given by the root's layout before it draws or routes
// a key, implements component, and renders its lines at a width from its
// own state and a small value of the root's data (guideData, triageData,
// the chain's entry marks, the relay's outside entries). A full-screen
// component handles its keys in its update method and returns what it
// asks of the root (guideAction, triageAction, keyListAction); the root
// routes a key to the open question or input, then the open full-screen
// component, then its own key groups (handleNavKey, handleChainKey,
// handleEnvKey, handleToolKey), and its help bar combines the focused
// component's short help with its own keys (helpFor).

// common is what the root shares with every component: the size it gives
// the component, the styles, the key map and the language. Components hold
// a copy; the pointers are replaced, never changed in place.
type common struct {
	Width, Height int
	Styles        *themes.Styles
	KeyMap        *KeyMap
	Lang          i18n.Lang
}

// component is a part of the screen with its own state, keys and
// rendering.
type component interface {
	help.KeyMap
	SetSize(width, height int)
}

var (
	_ component = (*guideView)(nil)
	_ component = (*triageView)(nil)
	_ component = (*keyList)(nil)
	_ component = (*relayPanel)(nil)
	_ component = (*chainEditor)(nil)
	_ component = (*dialog)(nil)
	_ component = (*input)(nil)
)

// shared returns what the root shares with its components, at the width
// of the screen and the height of the body (between the header and the
// footer) when that is known.
func (m *Model) shared() common {
	return common{Width: m.width, Height: m.height, Styles: m.st, KeyMap: m.keys, Lang: m.lang}
}

// layout hands the components the current size (the body's height h),
// styles and language.
func (m *Model) layout(h int) {
	c := m.shared()
	c.Height = h
	m.guide.common = c
	m.triage.common = c
	m.keyList.common = c
	m.relay.common = c
	m.editor.common = c
	if m.dialog != nil {
		d := *m.dialog // model copies share the pointer: a copy takes c
		d.common = c
		m.dialog = &d
	}
	if m.input != nil {
		in := *m.input // shares the fields, which it does not change
		in.common = c
		m.input = &in
	}
}

// pager is a full-screen component's scrolling: its content lines are
// shown from off on in a titled panel of the body's height.
type pager struct {
	common
	off int // first line shown
}

// SetSize sets the width and height the pager draws in.
func (p *pager) SetSize(width, height int) { p.Width, p.Height = width, height }

// scroll moves the first line shown by d, keeping the last page full for
// total content lines.
func (p *pager) scroll(d, total int) {
	p.off = max(0, min(p.off+d, max(0, total-p.Height+1)))
}

// view draws content in a titled panel of the pager's size, from the
// scroll offset (clamped so the last page stays full).
func (p *pager) view(title string, content []string) []string {
	lines, off := scrolled(content, p.off, p.Height-1)
	p.off = off
	return drawPanel(p.Styles, title, false, lines, p.Width, p.Height)
}

// scrolled is lines from off on, off clamped so the last page stays full;
// it returns the clamped offset too.
func scrolled(lines []string, off, h int) ([]string, int) {
	off = max(0, min(off, len(lines)-h))
	return lines[off:], off
}

// drawPanel draws a titled panel of exactly h lines and width w: a title
// rule (heavy when focused) and content lines (cut to fit).
func drawPanel(st *themes.Styles, title string, focused bool, content []string, w, h int) []string {
	if h <= 0 {
		return nil
	}
	ts := st.Panel.Title
	mark := "─"
	if focused {
		ts = st.Panel.FocusedTitle
		mark = "━"
	}
	head := ts.Render(mark+" "+title+" ") + st.Subtle.Render(strings.Repeat(mark, max(0, w-widthOf(title)-3)))
	out := []string{truncate(head, w)}
	for i := 0; i < h-1; i++ {
		if i < len(content) {
			out = append(out, fit(content[i], w))
		} else {
			out = append(out, strings.Repeat(" ", w))
		}
	}
	return out
}
