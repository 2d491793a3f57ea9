package ui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/goproxytui/goproxytui/mirrors"
)

// paint is a style reduced to the escape sequences around its text, for
// the cells drawn hundreds of times per frame: lipgloss.Style.Render costs
// microseconds, concatenation nanoseconds. Only for styles without width,
// padding, margins or borders, on single-line text.
type paint struct{ pre, post string }

func mkPaint(s lipgloss.Style) paint {
	pre, post, _ := strings.Cut(s.Render("X"), "X")
	return paint{pre, post}
}

// P paints text.
func (p paint) P(text string) string { return p.pre + text + p.post }

// paints are the painted forms of the hot styles, rebuilt with the styles.
type paints struct {
	subtle, success, warning, error paint
	health                          map[mirrors.Health]paint
}

func newPaints(m *Model) *paints {
	p := &paints{
		subtle: mkPaint(m.st.Subtle), success: mkPaint(m.st.Success),
		warning: mkPaint(m.st.Warning), error: mkPaint(m.st.Error),
		health: map[mirrors.Health]paint{},
	}
	for _, h := range []mirrors.Health{mirrors.HealthUnknown, mirrors.HealthHealthy, mirrors.HealthDegraded, mirrors.HealthDown} {
		p.health[h] = mkPaint(m.healthStyle(h))
	}
	return p
}
