package ui

import (
	"slices"
	"strings"
	"time"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// maxEvents caps the event log.
const maxEvents = 500

// eventKind says what an event line is about; it picks the symbol and style.
type eventKind int

const (
	evInfo eventKind = iota
	evHealth
	evOutside
	evApply
	evError
)

// event is one line of the event log.
type event struct {
	Time time.Time
	Kind eventKind
	// From and To are the old and new health of a health event.
	From, To mirrors.Health
	Text     string
	// A health event's mirror, and for coalesced changes (a flapping
	// mirror) how many there were since when.
	Mirror  string
	Changes int
	Since   time.Time
}

// Coalescing: a health change of a mirror that changed within
// flapWindow, among the last flapLookback events, replaces that event
// with one line counting the changes, so that a flapping mirror takes one
// line of the log instead of pushing everything else out of it.
const (
	flapWindow   = 10 * time.Minute
	flapLookback = 8
)

// logEvent adds a line to the event log (newest first).
func (m *Model) logEvent(k eventKind, text string) {
	m.logEventAt(m.now(), k, text)
}

func (m *Model) logEventAt(t time.Time, k eventKind, text string) {
	m.events = append(m.events, event{Time: t, Kind: k, Text: text})
	if len(m.events) > maxEvents {
		m.events = m.events[len(m.events)-maxEvents:]
	}
	if m.eventsOff > 0 {
		m.eventsOff++ // keep the view where the user scrolled it
	}
}

// logHealth logs a health change reported by the tracker.
func (m *Model) logHealth(e *probe.Event) {
	t := e.Time
	if t.IsZero() {
		t = m.now()
	}
	to := m.healthWord(e.To)
	if e.Cause != "" {
		to = e.Message(m.lang) // "down: 2 consecutive dns failures: …"
	}
	text := m.lang.T("%s: %s → %s", e.MirrorID, m.healthWord(e.From), to)
	ev := event{Time: t, Kind: evHealth, From: e.From, To: e.To, Text: text, Mirror: e.MirrorID, Changes: 1, Since: t}
	for i := len(m.events) - 1; i >= max(0, len(m.events)-flapLookback); i-- {
		p := m.events[i]
		if p.Kind != evHealth || p.Mirror != e.MirrorID || t.Sub(p.Time) > flapWindow || p.From == mirrors.HealthUnknown {
			continue
		}
		ev.Changes, ev.Since = p.Changes+1, p.Since
		ev.Text = m.lang.T("%s is flapping: %d health changes since %s, now %s", e.MirrorID, ev.Changes, p.Since.Format("15:04:05"), to)
		m.events = slices.Delete(slices.Clone(m.events), i, i+1)
		if m.eventsOff > 0 && len(m.events)-i < m.eventsOff {
			m.eventsOff--
		}
		break
	}
	m.events = append(m.events, ev)
	if len(m.events) > maxEvents {
		m.events = m.events[len(m.events)-maxEvents:]
	}
}

// diffText says what changed in one key: "GOPROXY: old → new".
func (m *Model) diffText(d envcfg.Diff) string {
	return m.lang.T("%s: %s → %s", d.Key, m.valueOrUnset(d.Old, d.OldSet), m.valueOrUnset(d.New, d.NewSet))
}

func (m *Model) valueOrUnset(v string, set bool) string {
	if !set {
		return m.lang.T("(unset)")
	}
	if v == "" {
		return `""`
	}
	return envcfg.RedactValue(v)
}

// eventLines renders the log newest first, at most h lines of width w.
func (m *Model) eventLines(w, h int) []string {
	var out []string
	if len(m.events) == 0 {
		return []string{m.st.Subtle.Render(m.lang.T("no events yet"))}
	}
	for i := len(m.events) - 1 - m.eventsOff; i >= 0 && len(out) < h; i-- {
		e := m.events[i]
		sym, style := "·", paint{}
		switch e.Kind {
		case evHealth:
			sym, style = m.healthSymbol(e.To), m.pt.health[e.To]
		case evOutside:
			sym, style = "»", m.pt.warning
		case evApply:
			sym, style = "✓", m.pt.success
		case evError:
			sym, style = "✗", m.pt.error
		}
		line := m.pt.subtle.P(e.Time.Format("15:04:05")) + " " + style.P(sym) + " " + e.Text
		if m.focus != focusEvents {
			out = append(out, cutAtWord(line, w))
			continue
		}
		// The focused log shows each event whole, its lines after the
		// first indented under the text.
		for j, p := range wrap(line, w) {
			if j > 0 {
				p = strings.Repeat(" ", eventIndent) + strings.TrimLeft(p, " ")
			}
			out = append(out, truncate(p, w))
		}
	}
	return out[:min(len(out), h)]
}

// eventIndent is the width of an event line's time and symbol ("15:04:05 ✓ ").
const eventIndent = 11
