package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Weight steps of + and -. Weights are ranking inputs (not part of GOPROXY),
// so they are saved to the config at once instead of waiting for apply.
const (
	weightStep = 0.5
	weightMin  = 0.5
	weightMax  = 5
)

// chainEditor is the chain panel's editor: the pending chain, its
// selected entry and whether it was edited since it was taken from go env,
// with the edits that need nothing else. The root embeds it (m.editor.chain is
// the pending chain everywhere), resolves which entry a key acts on
// (targetEntry) and says what happened.
type chainEditor struct {
	common common
	chain  mirrors.Chain // pending chain
	sel    int           // selected entry
	edited bool          // edited since it was taken from go env
}

// SetSize sets the editor's width and height.
func (e *chainEditor) SetSize(width, height int) { e.common.Width, e.common.Height = width, height }

// ShortHelp is the chain editor's part of the help bar.
func (e *chainEditor) ShortHelp() []key.Binding {
	k := e.common.KeyMap
	return localized(e.common.Lang, k.Toggle, k.MoveUp, k.Pipe, k.Comma, k.WeightUp)
}

// FullHelp lists the chain editor's keys.
func (e *chainEditor) FullHelp() [][]key.Binding {
	k := e.common.KeyMap
	return [][]key.Binding{localized(e.common.Lang, k.Toggle, k.MoveUp, k.MoveDown, k.WeightUp, k.WeightDown, k.Pipe, k.Comma, k.Order)}
}

// chainEdit is an edit a key asks of the chain editor.
type chainEdit int

const (
	editNone chainEdit = iota
	editToggle
	editMoveUp
	editMoveDown
	editWeightUp
	editWeightDown
	editPipe
	editComma
	editOrder
)

// update maps a key to the edit it asks for; ok is false for a key that
// is not the editor's. The root resolves the entry it acts on.
func (e *chainEditor) update(msg tea.KeyPressMsg) (edit chainEdit, ok bool) {
	k := e.common.KeyMap
	for _, b := range []struct {
		key  key.Binding
		edit chainEdit
	}{
		{k.Toggle, editToggle}, {k.MoveUp, editMoveUp}, {k.MoveDown, editMoveDown},
		{k.WeightUp, editWeightUp}, {k.WeightDown, editWeightDown},
		{k.Pipe, editPipe}, {k.Comma, editComma}, {k.Order, editOrder},
	} {
		if key.Matches(msg, b.key) {
			return b.edit, true
		}
	}
	return editNone, false
}

// insert puts entry en at position p (clamped before direct or off). The
// new entry takes the separator of the entry before it, so a chain of `|`
// stays a chain of `|`. It returns where it went.
func (e *chainEditor) insert(en mirrors.Entry, p int) int {
	p = min(p, terminalIndex(e.chain))
	if p > 0 && e.chain.Entries[p-1].Sep != mirrors.SepNone {
		en.Sep = e.chain.Entries[p-1].Sep
	} else if p == 0 && len(e.chain.Entries) > 0 && e.chain.Entries[0].Sep != mirrors.SepNone {
		en.Sep = e.chain.Entries[0].Sep
	}
	e.chain.Entries = slices.Insert(slices.Clone(e.chain.Entries), p, en)
	e.chain = e.chain.Normalized()
	return p
}

// removeEntry deletes entry i.
func (e *chainEditor) removeEntry(i int) {
	e.chain.Entries = slices.Delete(slices.Clone(e.chain.Entries), i, i+1)
	e.chain = e.chain.Normalized()
	e.edited = true
	e.sel = max(0, min(e.sel, len(e.chain.Entries)-1))
}

// swap moves entry i by d (-1 up, +1 down) and returns where it went; ok
// is false when it cannot move there (direct and off stay last). The
// separator after an entry travels with it: it says what happens when
// that entry fails.
func (e *chainEditor) swap(i, d int) (j int, ok bool) {
	j = i + d
	t := terminalIndex(e.chain)
	if i >= t || j < 0 || j >= t {
		return i, false
	}
	es := slices.Clone(e.chain.Entries)
	si, sj := es[i].Sep, es[j].Sep
	if si == mirrors.SepNone {
		si = mirrors.SepComma
	}
	if sj == mirrors.SepNone {
		sj = mirrors.SepComma
	}
	es[i].Sep, es[j].Sep = si, sj
	es[i], es[j] = es[j], es[i]
	e.chain = mirrors.Chain{Entries: es}.Normalized()
	return j, true
}

// setSepAt sets the separator after entry i.
func (e *chainEditor) setSepAt(i int, s mirrors.Sep) {
	es := slices.Clone(e.chain.Entries)
	es[i].Sep = s
	e.chain = mirrors.Chain{Entries: es}
}

// setWeightAt sets entry i's ranking weight and returns the new entries.
func (e *chainEditor) setWeightAt(i int, w float64) []mirrors.Entry {
	es := slices.Clone(e.chain.Entries)
	es[i].Weight = w
	e.chain = mirrors.Chain{Entries: es}
	return es
}

// entryMirror finds the shown mirror a chain entry stands for.
func (m *Model) entryMirror(e mirrors.Entry) (mirrors.Mirror, bool) {
	if e.Kind != mirrors.KindProxy {
		return mirrors.Mirror{}, false
	}
	if e.MirrorID != "" {
		if mm, ok := m.mirrorByKey(e.MirrorID); ok {
			return mm, true
		}
	}
	return m.mirrorByKey(mirrors.URLKey(e.URL))
}

// chainIndexOf returns the index of mirror mm in the pending chain, or -1.
func (m *Model) chainIndexOf(mm mirrors.Mirror) int {
	return slices.IndexFunc(m.editor.chain.Entries, func(e mirrors.Entry) bool {
		em, ok := m.entryMirror(e)
		return ok && em.ID == mm.ID
	})
}

// targetEntry is the chain entry the editing keys act on: the selected one
// in the chain panel, else the chain entry of the mirror selected in the
// table; -1 when there is none.
func (m *Model) targetEntry() int {
	if m.focus == focusChain {
		if m.editor.sel >= 0 && m.editor.sel < len(m.editor.chain.Entries) {
			return m.editor.sel
		}
		return -1
	}
	if mm, ok := m.selectedMirror(); ok {
		return m.chainIndexOf(mm)
	}
	return -1
}

// terminalIndex is the index of the first direct/off entry, or len.
func terminalIndex(c mirrors.Chain) int {
	for i, e := range c.Entries {
		if e.Kind != mirrors.KindProxy {
			return i
		}
	}
	return len(c.Entries)
}

// insertEntry puts mirror mm's entry, with its weight from the config,
// at position p (see chainEditor.insert).
func (m *Model) insertEntry(mm mirrors.Mirror, p int) int {
	e := mirrors.NewEntry(mm)
	if w, ok := m.cfg.Weights[e.Key()]; ok && w > 0 {
		e.Weight = w
	}
	return m.editor.insert(e, p)
}

// toggle adds the selected table mirror to the chain or removes it; in the
// chain panel it removes the selected entry.
func (m *Model) toggle() {
	if m.focus == focusChain {
		if i := m.targetEntry(); i >= 0 {
			label := m.editor.chain.Entries[i].Label()
			m.editor.removeEntry(i)
			m.setStatus(m.lang.T("removed %s from the chain", label))
		}
		return
	}
	mm, ok := m.selectedMirror()
	if !ok {
		return
	}
	if i := m.chainIndexOf(mm); i >= 0 {
		m.editor.removeEntry(i)
		m.setStatus(m.lang.T("removed %s from the chain", mm.ID))
		return
	}
	m.editor.sel = m.insertEntry(mm, len(m.editor.chain.Entries))
	m.setStatus(m.lang.T("added %s to the chain", mm.ID))
}

// moveEntry moves the target entry by d (-1 up, +1 down). The separator
// after an entry travels with it: it says what happens when that entry
// fails. direct and off stay last.
func (m *Model) moveEntry(d int) {
	i := m.targetEntry()
	if i < 0 {
		m.setStatus(m.lang.T("select a chain entry first"))
		return
	}
	if j, ok := m.editor.swap(i, d); ok && m.focus == focusChain {
		m.editor.sel = j
	}
}

// setSep sets the separator after the target entry.
func (m *Model) setSep(s mirrors.Sep) {
	i := m.targetEntry()
	if i < 0 {
		m.setStatus(m.lang.T("select a chain entry first"))
		return
	}
	if i == len(m.editor.chain.Entries)-1 {
		m.setStatus(m.lang.T("the last entry has no separator after it"))
		return
	}
	m.editor.setSepAt(i, s)
}

// changeWeight changes the target entry's ranking weight and saves it.
func (m *Model) changeWeight(d float64) tea.Cmd {
	i := m.targetEntry()
	if i < 0 || m.editor.chain.Entries[i].Kind != mirrors.KindProxy {
		m.setStatus(m.lang.T("select a mirror of the chain first"))
		return nil
	}
	w := min(weightMax, max(weightMin, weightOr1(m.editor.chain.Entries[i].Weight)+d))
	es := m.editor.setWeightAt(i, w)
	cfg := cloneConfig(m.cfg)
	if cfg.Weights == nil {
		cfg.Weights = map[string]float64{}
	}
	cfg.Weights[es[i].Key()] = w
	m.cfg = cfg
	m.setStatus(m.lang.T("weight of %s: %s (saved to the config; used by o)", es[i].Label(), fmtWeight(w)))
	if m.cfgErr != nil {
		// Saving would overwrite the user's broken file with the last good
		// config: keep the weight for this run only.
		m.setError(m.lang.T("weight of %s: %s for this run only: the config file has an error, fix it first", es[i].Label(), fmtWeight(w)))
		return nil
	}
	if m.deps.SaveConfig == nil {
		return nil
	}
	return m.deps.SaveConfig(cloneConfig(cfg))
}

func fmtWeight(w float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", w), ".0") }

// order sorts the chain by the probe ranking. Each separator stays with
// the mirror it follows, since it says what go does when that mirror
// fails (mirrors.Rank keeps them in their places instead); only the last
// entry of a chain without direct or off has none, so a mirror moved away
// from the end takes the separator the new last one had.
func (m *Model) order() {
	ranked := mirrors.Rank(m.editor.chain, keyedStats{m})
	used := make([]bool, len(m.editor.chain.Entries))
	var loose []int // ranked entries that had no separator
	var freed mirrors.Sep
	for i := range ranked.Entries {
		e := &ranked.Entries[i]
		if e.Kind != mirrors.KindProxy {
			continue
		}
		for j, o := range m.editor.chain.Entries {
			if !used[j] && o.Kind == mirrors.KindProxy && o.Key() == e.Key() {
				used[j], e.Sep = true, o.Sep
				break
			}
		}
		last := i == len(ranked.Entries)-1
		switch {
		case e.Sep == mirrors.SepNone && !last:
			loose = append(loose, i)
		case e.Sep != mirrors.SepNone && last:
			freed, e.Sep = e.Sep, mirrors.SepNone
		}
	}
	for _, i := range loose {
		if freed == mirrors.SepNone {
			freed = mirrors.SepComma
		}
		ranked.Entries[i].Sep = freed
	}
	m.editor.chain = ranked.Normalized()
	m.setStatus(m.lang.T("chain ordered by ranking (health, latency, loss, weight); each separator stays after its mirror"))
}

// apply starts Deps.Apply.
func (m *Model) apply(ch []envcfg.Change, status string) tea.Cmd {
	if m.deps.Apply == nil {
		m.setError(m.lang.T("applying is not available"))
		return nil
	}
	if m.applying {
		m.setStatus(m.lang.T("an apply is already running"))
		return nil
	}
	m.applying, m.inflight = true, ch
	m.setStatus(status)
	return m.deps.Apply(slices.Clone(ch))
}

// keyedStats lets ranking look up statistics by chain entry key.
type keyedStats struct{ m *Model }

// MirrorStats implements mirrors.StatsSource.
func (k keyedStats) MirrorStats(key string) (mirrors.MirrorStats, bool) {
	if mm, ok := k.m.mirrorByKey(key); ok {
		key = mm.ID
	}
	return k.m.track.MirrorStats(key)
}

// outcome says what the go command would likely get from entry e now,
// judged from its health; known is false when there is no probe yet.
func (m *Model) outcome(e mirrors.Entry) (o mirrors.Outcome, known bool) {
	if e.Kind != mirrors.KindProxy {
		return mirrors.OutcomeOK, true
	}
	if e.CredentialsRefused() {
		return mirrors.OutcomeError, true
	}
	if m.ownRelay(e) {
		return mirrors.OutcomeOK, true // it runs in this process: it answers
	}
	mm, ok := m.entryMirror(e)
	if !ok {
		return mirrors.OutcomeOK, false
	}
	// Health (with its hysteresis) decides; the class of the last failure
	// says how a down mirror fails. Cheap: no window statistics.
	s := m.seen[mm.ID]
	switch m.track.Health(mm.ID) {
	case mirrors.HealthHealthy, mirrors.HealthDegraded:
		return mirrors.OutcomeOK, true
	case mirrors.HealthDown:
		if s != nil && s.hasFailure {
			return s.failure.Class.Outcome(), true
		}
		return mirrors.OutcomeError, true
	}
	if s != nil && s.hasLast {
		return s.last.Class.Outcome(), true
	}
	return mirrors.OutcomeOK, false
}

// sumdbLine says where the go command would reach the checksum database
// GOSUMDB names, with the pending chain: the route advisor.RouteSumDB
// finds (doctor's) from the same measurements, each mirror's answer to
// /sumdb/<that name>/supported.
func (m *Model) sumdbLine() string {
	l := m.lang
	db, err := mirrors.ParseSumDB(m.sumdb)
	if err != nil {
		return m.st.Error.Render(l.T("GOSUMDB is invalid: %s", l.Error(err)))
	}
	c := m.editor.chain
	if len(c.Entries) == 0 {
		if m.chainErr != nil && !m.editor.edited {
			return m.st.Chain.Fail.Render(l.T("checksum DB %s: not reached: the effective GOPROXY is invalid", db.Name))
		}
		// GOPROXY unset: go routes over its default chain.
		c, _ = mirrors.ParseChain(defaultOf("GOPROXY"), m.cat)
	}
	meas := m.measurements(db.Name)
	r := advisor.RouteSumDB(c, db, meas)
	label := func(i int) string {
		if i < 0 || i >= len(c.Entries) {
			return "?"
		}
		return c.Entries[i].Label()
	}
	note := ""
	if len(r.Unchecked) > 0 {
		note = m.st.Subtle.Render(l.T(" (not measured whether %s proxies it)", strings.Join(r.Unchecked, ", ")))
	}
	switch {
	case r.Kind == mirrors.Off:
		return m.st.Warning.Render(l.T("checksum DB off: downloads are not verified"))
	case !r.Known():
		return m.st.Subtle.Render(l.T("checksum DB %s: route not known yet: %s not probed", db.Name, strings.Join(r.NotProbed, ", ")))
	case r.Kind == mirrors.ViaProxy:
		return m.st.Success.Render(l.T("checksum DB %s: through %s", db.Name, label(r.Index))) + note
	case r.Kind == mirrors.RouteHangs:
		return m.st.Chain.Hang.Render(l.T("checksum DB %s: go would HANG asking %s", db.Name, label(r.Index)))
	case r.Kind == mirrors.Unavailable:
		if r.Index < 0 || r.Index >= len(c.Entries) {
			return m.st.Chain.Fail.Render(l.T("checksum DB %s: UNAVAILABLE", db.Name))
		}
		e := c.Entries[r.Index]
		switch o, _ := meas.Supported(e, db.Name); {
		case o == mirrors.OutcomeBroken:
			return m.st.Chain.Fail.Render(l.T("checksum DB %s: UNAVAILABLE, %s answers that it proxies it but its lookups fail", db.Name, e.Label()))
		case e.Sep == mirrors.SepComma && r.Index < len(c.Entries)-1:
			return m.st.Chain.Fail.Render(l.T("checksum DB %s: UNAVAILABLE, %s fails and `,` stops the lookup", db.Name, e.Label()))
		}
		return m.st.Chain.Fail.Render(l.T("checksum DB %s: UNAVAILABLE, %s fails and no entry after it offers the database", db.Name, e.Label()))
	case r.Reach != nil && !r.Reach.OK:
		return m.st.Chain.Fail.Render(l.T("checksum DB %s: directly at %s, which does not answer", db.Name, mirrors.RedactURL(r.URL))) + note
	}
	return m.st.Text.Render(l.T("checksum DB %s: directly at %s", db.Name, mirrors.RedactURL(r.URL))) + note
}

// chainLines renders the pending chain as a flow of entries with their
// separators, wrapped to w, followed by the verdict, the checksum DB route
// and, with legend, what the separators mean (also in the key list: a
// short screen leaves it out for the detail's room).
func (m *Model) chainLines(w int, legend bool) []string {
	marks := make([]entryMark, len(m.editor.chain.Entries))
	for i, e := range m.editor.chain.Entries {
		if e.Kind != mirrors.KindProxy {
			continue
		}
		if o, known := m.outcome(e); known || o != mirrors.OutcomeOK {
			if mm, ok := m.entryMirror(e); ok {
				marks[i].sym = m.healthSymbol(m.track.Health(mm.ID))
			}
		}
		marks[i].relay = m.isRelay(e)
	}
	// Each verdict in three lines at most, unless the chain has focus (the
	// whole text is there).
	full := m.focus == focusChain
	var notes []string
	for _, v := range m.verdictLines(full) {
		notes = append(notes, wrapAtMost(v, w, 3, full)...)
	}
	if m.editedKeys()["GOPROXY"] {
		notes = append(notes, wrap(m.nowLine(), w)...)
	}
	notes = append(notes, wrap(m.sumdbLine(), w)...)
	e := m.editor
	e.common = m.shared()
	e.common.Width = w
	return e.lines(m.focus == focusChain, marks, notes, legend)
}

// entryMark is what the root knows of a chain entry that the editor
// draws: its mirror's health symbol ("" when unknown), and whether it is a
// relay.
type entryMark struct {
	sym   string
	relay bool
}

// lines renders the chain at the editor's width: each entry with its mark
// and weight, the selected one pointed at when focused, then notes (the
// verdict lines), and with legend what the separators mean.
func (e *chainEditor) lines(focused bool, marks []entryMark, notes []string, legend bool) []string {
	st, l, w := e.common.Styles, e.common.Lang, e.common.Width
	var lines []string
	var cur strings.Builder
	curW := 0
	flush := func() {
		if curW > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
	}
	for i, en := range e.chain.Entries {
		label := en.Label()
		if en.Kind == mirrors.KindProxy {
			label = marks[i].sym + label
			if marks[i].relay {
				label += st.Accent.Render(" " + l.T("(relay)"))
			}
			// The default weight (1) is not drawn, to keep the chain
			// readable; any other is, as " w1.5".
			if en.Weight > 0 && en.Weight != 1 {
				label += st.Chain.Weight.Render(" w" + fmtWeight(en.Weight))
			}
		}
		style := st.Chain.Entry
		if en.Kind != mirrors.KindProxy {
			style = st.Chain.Keyword
		}
		text := " " + style.Render(label)
		if focused && i == e.sel {
			text = st.Chain.Selected.Render("▸" + label)
		}
		sep := ""
		switch en.Sep {
		case mirrors.SepPipe:
			sep = " " + st.Chain.Pipe.Render("|")
		case mirrors.SepComma:
			sep = " " + st.Chain.Comma.Render(",")
		}
		piece := text + sep
		pw := lipgloss.Width(piece)
		if curW > 0 && curW+pw > w {
			flush()
		}
		cur.WriteString(piece)
		curW += pw
	}
	flush()
	if len(e.chain.Entries) == 0 {
		lines = append(lines, st.Subtle.Render(l.T("(empty: press enter on a mirror to add it)")))
	}
	lines = append(lines, notes...)
	if legend {
		lines = append(lines, st.Subtle.Render(l.T("| = next on any error   , = next on 404/410 only")))
	}
	for i := range lines {
		lines[i] = truncate(lines[i], w)
	}
	return lines
}
