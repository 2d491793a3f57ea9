package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
)

// judgement is what the go command would do with a chain, from the model's
// measurements: the simulation's verdict, each entry's outcome, and which
// entries have no probe yet (the simulation takes them as working).
type judgement struct {
	v       mirrors.Verdict
	outs    []mirrors.Outcome
	unknown []bool
}

// judge simulates one module request over c with each entry's outcome as
// the model knows it now (outcome). Pure: no I/O.
func (m *Model) judge(c mirrors.Chain) judgement {
	j := judgement{outs: make([]mirrors.Outcome, len(c.Entries)), unknown: make([]bool, len(c.Entries))}
	for i, e := range c.Entries {
		o, known := m.outcome(e)
		j.outs[i], j.unknown[i] = o, !known
	}
	j.v = mirrors.Simulate(c, func(i int, _ mirrors.Entry) mirrors.Outcome { return j.outs[i] })
	return j
}

// verdictLine says what the go command would do with the pending chain.
func (m *Model) verdictLine() string {
	if len(m.editor.chain.Entries) == 0 {
		l := m.lang
		if m.chainErr != nil && m.editor.chain.String() == "" && !m.editor.edited {
			return m.st.Chain.Fail.Render(l.T("go would FAIL: the effective GOPROXY is invalid (%s)", chainErrText(l, m.chainErr)))
		}
		return m.st.Subtle.Render(l.T("GOPROXY unset: go uses its default https://proxy.golang.org,direct"))
	}
	return m.verdictText(m.editor.chain, m.judge(m.editor.chain))
}

// nowLine says, in short, what the go command does now with the
// effective GOPROXY (the go env file's value unless the OS environment
// sets it): shown under the pending chain's verdict while edits are
// pending, so both can be compared before applying.
func (m *Model) nowLine() string {
	l := m.lang
	if !m.chainOK {
		return m.st.Chain.Fail.Render(l.T("go does now: FAILS: the effective GOPROXY is invalid (%s)", chainErrText(l, m.chainErr)))
	}
	c, err := mirrors.ParseChain(m.applied, m.cat)
	if err != nil || len(c.Entries) == 0 {
		c, _ = mirrors.ParseChain(defaultOf("GOPROXY"), m.cat)
	}
	j := m.judge(c)
	if j.v.Index < 0 || j.v.Index >= len(c.Entries) {
		return m.st.Chain.Fail.Render(l.T("go does now: FAILS at %s", "GOPROXY"))
	}
	e := c.Entries[j.v.Index]
	switch {
	case j.v.Kind == mirrors.Served && e.Kind == mirrors.KindDirect:
		return m.st.Chain.OK.Render(l.T("go does now: fetches directly from version control (direct)"))
	case j.v.Kind == mirrors.Served:
		s := m.st.Chain.OK.Render(l.T("go does now: uses %s", e.Label()))
		if j.unknown[j.v.Index] {
			s += m.st.Subtle.Render(l.T(" (health unknown: no probe yet)"))
		}
		return s
	case j.v.Kind == mirrors.Hangs:
		return m.st.Chain.Hang.Render(l.T("go does now: HANGS on %s (it stalls)", e.Label()))
	}
	return m.st.Chain.Fail.Render(l.T("go does now: FAILS at %s", e.Label()))
}

// verdictText renders judgement j of chain c in words.
func (m *Model) verdictText(c mirrors.Chain, j judgement) string {
	l := m.lang
	v, outs, unknown := j.v, j.outs, j.unknown
	if v.Index < 0 || v.Index >= len(c.Entries) {
		return m.st.Chain.Fail.Render(l.T("go would FAIL"))
	}
	e := c.Entries[v.Index]
	name := e.Label()
	switch v.Kind {
	case mirrors.Served:
		if m.isRelay(e) {
			return m.relayVerdict(e)
		}
		s := m.st.Chain.OK.Render(l.T("go would use %s", name))
		if e.Kind == mirrors.KindDirect {
			s = m.st.Chain.OK.Render(l.T("go would fetch directly from version control (direct)"))
		}
		if unknown[v.Index] {
			s += m.st.Subtle.Render(l.T(" (health unknown: no probe yet)"))
		}
		// Entries go tried first and that failed: it tries them again on
		// every request, paying their failure each time.
		var failed []string
		for _, i := range v.Tried {
			if i != v.Index && outs[i] == mirrors.OutcomeError {
				failed = append(failed, c.Entries[i].Label())
			}
		}
		if len(failed) > 0 {
			s += m.st.Warning.Render(l.T(", after %s fails on every request", strings.Join(failed, ", ")))
		}
		return s
	case mirrors.Hangs:
		return m.st.Chain.Hang.Render(l.T("go would HANG: %s stalls and the go command has no timeout", name))
	}
	// Failed.
	switch {
	case e.Kind == mirrors.KindOff:
		return m.st.Chain.Fail.Render(l.T("go would FAIL: the chain reaches off, which disables module lookups"))
	case outs[v.Index] == mirrors.OutcomeNotFound:
		return m.st.Chain.Fail.Render(l.T("go would FAIL: no entry has the module (404/410) and nothing follows"))
	case e.CredentialsRefused():
		return m.st.Chain.Fail.Render(l.T("go would FAIL: %s is http:// with credentials, which go refuses", name))
	case v.Index < len(c.Entries)-1 && e.Sep != mirrors.SepPipe:
		return m.st.Chain.Fail.Render(l.T("go would FAIL: %s is down and `,` does not fall through on errors — use `|`", name))
	}
	return m.st.Chain.Fail.Render(l.T("go would FAIL: %s is down and no entry after it can take over", name))
}

// number is mirror mm's number in the table's # column and for the digit
// keys: its place in the list (mirrors named on the command line first,
// then catalog order), which neither a sort nor a filter changes; 0 when
// it is not listed.
func (m *Model) number(mm mirrors.Mirror) int {
	if i, ok := m.byKey[mm.ID]; ok && m.list[i].ID == mm.ID {
		return i + 1
	}
	return 0
}

// switchChain is the chain a one-key switch to mm writes: mm first, then
// the other mirrors of the pending chain that are not known to fail or
// hang, '|' after each mirror but the last and ',' before the end of the
// chain (direct or off, kept; direct when the chain was empty), as
// recommend builds chains. dropped names the mirrors left out.
func (m *Model) switchChain(mm mirrors.Mirror) (c mirrors.Chain, dropped []string) {
	head := mirrors.NewEntry(mm)
	if i := m.chainIndexOf(mm); i >= 0 {
		head = m.editor.chain.Entries[i] // keeps its weight and URL spelling
	} else if w, ok := m.cfg.Weights[head.Key()]; ok && w > 0 {
		head.Weight = w
	}
	es := []mirrors.Entry{head}
	var tail []mirrors.Entry
	for _, e := range m.editor.chain.Entries {
		if e.Kind != mirrors.KindProxy {
			tail = append(tail, e)
			break // go ignores what follows direct or off
		}
		if em, ok := m.entryMirror(e); ok && em.ID == mm.ID || e.Key() == head.Key() {
			continue
		}
		if o, known := m.outcome(e); known && (o == mirrors.OutcomeError || o == mirrors.OutcomeHang) {
			dropped = append(dropped, e.Label())
			continue
		}
		es = append(es, e)
	}
	if len(m.editor.chain.Entries) == 0 {
		tail = []mirrors.Entry{{Kind: mirrors.KindDirect}}
	}
	for i := range es {
		es[i].Sep = mirrors.SepPipe
		if i == len(es)-1 {
			es[i].Sep = mirrors.SepComma
		}
	}
	return mirrors.Chain{Entries: append(es, tail...)}.Normalized(), dropped
}

// switchTo is the one-key switch: mirror number n (see number) becomes the
// head of the chain (switchChain) and GOPROXY is applied at once — when
// the judge (advisor.JudgeChain, as doctor and use judge) and the health
// simulation say go would use that mirror and reach the checksum
// database. Otherwise nothing is written without a yes: a chain go would
// hang or fail on is refused, saying why; one where another entry would
// serve, or whose new head has no probe yet, is put to the user with the
// reason.
func (m *Model) switchTo(n int) tea.Cmd {
	if n < 1 || n > len(m.list) {
		m.setStatus(m.lang.T("no mirror has number %d", n))
		return nil
	}
	mm := m.list[n-1]
	if m.applying {
		m.setStatus(m.lang.T("an apply is already running"))
		return nil
	}
	l := m.lang
	c, dropped := m.switchChain(mm)
	j := m.judge(c)
	status := l.T("switching to %s…", mm.ID)
	if len(dropped) > 0 {
		status = l.T("switching to %s (left out, failing now: %s)…", mm.ID, strings.Join(dropped, ", "))
	}
	ch := []envcfg.Change{{Key: "GOPROXY", Value: c.String()}}
	verdict := m.verdictText(c, j)
	// The shared judge (doctor's and use's): the download file by file
	// and the checksum database route, from the last probes.
	db, err := mirrors.ParseSumDB(m.sumdb)
	if err != nil {
		db = mirrors.SumDB{Off: true} // GOSUMDB is the problem then: judge the download
	}
	aj := advisor.JudgeChain(c, db, m.measurements(db.Name))
	switch {
	case aj.Kind == advisor.JudgeHangs || aj.Kind == advisor.JudgeFails:
		m.setError(l.T("not switched to %s: %s", mm.ID, aj.Message(l)))
		m.logEvent(evError, m.status)
		return nil
	case j.v.Kind == mirrors.Hangs:
		m.setError(l.T("not switched to %s: %s", mm.ID, ansi.Strip(verdict)))
		m.logEvent(evError, m.status)
		return nil
	case aj.Safe() && aj.Verdict.Index == 0 && j.v.Kind == mirrors.Served && j.v.Index == 0 && !j.unknown[0]:
		m.editor.chain, m.editor.sel, m.editor.edited = c, 0, true
		return m.apply(ch, status)
	}
	if aj.Kind == advisor.JudgeUnknown {
		verdict += m.st.Subtle.Render(" — " + aj.Message(l))
	}
	lines := []string{verdict}
	if len(dropped) > 0 {
		lines = append(lines, l.T("left out, failing now: %s", strings.Join(dropped, ", ")))
	}
	lines = append(lines, m.changeLines(ch)...)
	m.dialog = &dialog{kind: dialogSwitch, title: l.T("Switch to %s anyway?", mm.ID), lines: lines, changes: ch, chain: c, status: status}
	return nil
}
