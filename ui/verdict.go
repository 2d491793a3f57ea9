package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// judgeDB is the checksum database the verdicts route: GOSUMDB as set,
// or off when it is invalid (GOSUMDB is then the problem, and the
// download is judged alone).
func (m *Model) judgeDB() mirrors.SumDB {
	db, err := mirrors.ParseSumDB(m.sumdb)
	if err != nil {
		return mirrors.SumDB{Off: true}
	}
	return db
}

// judged is chain c with its verdicts v, judged with measurements meas.
type judged struct {
	c    mirrors.Chain
	v    advisor.Verdicts
	meas advisor.Measurements
}

// judge judges chain c per operation (pinned download, version query,
// checksum database) with the model's measurements: advisor's
// JudgeOperations, the judge doctor and recommend render, so that every
// face says the same thing of the same probes. Pure: no I/O.
func (m *Model) judge(c mirrors.Chain) judged {
	db := m.judgeDB()
	meas := m.chainMeasurements(c, db.Name)
	return judged{c: c, v: advisor.JudgeOperations(c, db, meas), meas: meas}
}

// chainMeasurements are the measurements (see measurements) with each
// relay of chain c taken as answering: the in-process relay runs here,
// and an outside one answered as a relay; what it serves from is the
// relay's own line (relayVerdict).
func (m *Model) chainMeasurements(c mirrors.Chain, db string) advisor.Measurements {
	ms := m.measurements(db)
	for _, e := range c.Entries {
		if _, ok := ms.Probes[e.Key()]; !ok && m.isRelay(e) {
			ms.Probes[e.Key()] = probe.Result{Class: probe.ClassOK, Status: 200}
		}
	}
	return ms
}

// verdictLines say what the go command would do with the pending chain:
// the pinned download, then the version query when it says more than
// the download (verdictNotes; in brief unless full).
func (m *Model) verdictLines(full bool) []string {
	if len(m.editor.chain.Entries) == 0 {
		l := m.lang
		if m.chainErr != nil && m.editor.chain.String() == "" && !m.editor.edited {
			return []string{m.st.Chain.Fail.Render(l.T("go would FAIL: the effective GOPROXY is invalid (%s)", chainErrText(l, m.chainErr)))}
		}
		return []string{m.st.Subtle.Render(l.T("GOPROXY unset: go uses its default https://proxy.golang.org,direct"))}
	}
	return m.verdictNotes(m.judge(m.editor.chain), full)
}

// verdictLine is the first of verdictLines: the download verdict.
func (m *Model) verdictLine() string { return m.verdictLines(true)[0] }

// verdictNotes render judged chain j: the download line and, when it adds
// something, the version query line (queryLine, in brief unless full).
func (m *Model) verdictNotes(j judged, full bool) []string {
	out := []string{m.downloadLine(j)}
	if q := m.queryLine(j, full); q != "" {
		out = append(out, q)
	}
	return out
}

// nowLine says, in short, what the go command does now with the
// effective GOPROXY (the go env file's value unless the OS environment
// sets it): shown under the pending chain's verdict while edits are
// pending, so both can be compared before applying. The download verdict
// is the judge's (verdicts).
func (m *Model) nowLine() string {
	l := m.lang
	if !m.chainOK {
		return m.st.Chain.Fail.Render(l.T("go does now: FAILS: the effective GOPROXY is invalid (%s)", chainErrText(l, m.chainErr)))
	}
	c, err := mirrors.ParseChain(m.applied, m.cat)
	if err != nil || len(c.Entries) == 0 {
		c, _ = mirrors.ParseChain(defaultOf("GOPROXY"), m.cat)
	}
	j := m.judge(c).v.Download
	i := j.Verdict.Index
	if i < 0 || i >= len(c.Entries) {
		return m.st.Chain.Fail.Render(l.T("go does now: FAILS at %s", "GOPROXY"))
	}
	e := c.Entries[i]
	switch j.Kind {
	case advisor.JudgeDirect:
		return m.st.Chain.OK.Render(l.T("go does now: fetches directly from version control (direct)"))
	case advisor.JudgeOK:
		return m.st.Chain.OK.Render(l.T("go does now: uses %s", e.Label()))
	case advisor.JudgeUnknown:
		return m.st.Subtle.Render(l.T("go does now: %s", j.Message(l)))
	case advisor.JudgeHangs:
		return m.st.Chain.Hang.Render(l.T("go does now: HANGS on %s (it stalls)", e.Label()))
	}
	return m.st.Chain.Fail.Render(l.T("go does now: FAILS at %s", e.Label()))
}

// downloadLine renders the download verdict of judged chain jc in the judge's
// words (advisor.Verdicts.Words' first line), with what the dashboard
// adds: the mirrors go pays a failure for on every request, and the
// separator that would let go move on. A relay that serves says what it
// serves from (relayVerdict).
func (m *Model) downloadLine(jc judged) string {
	l, c := m.lang, jc.c
	j := jc.v.Download
	i := j.Verdict.Index
	var e mirrors.Entry
	if i >= 0 && i < len(c.Entries) {
		e = c.Entries[i]
	}
	s := j.Message(l)
	switch j.Kind {
	case advisor.JudgeOK:
		if m.isRelay(e) {
			return m.relayVerdict(e)
		}
		return m.st.Chain.OK.Render(s) + m.failedBefore(jc) + m.sepHint(jc)
	case advisor.JudgeDirect:
		return m.st.Chain.OK.Render(s) + m.failedBefore(jc) + m.sepHint(jc)
	case advisor.JudgeUnknown:
		return m.st.Subtle.Render(s)
	case advisor.JudgeHangs:
		return m.st.Chain.Hang.Render(s)
	}
	s = m.st.Chain.Fail.Render(s)
	if i >= 0 && i < len(c.Entries)-1 && e.Kind == mirrors.KindProxy && e.Sep == mirrors.SepComma && c.Entries[i+1].Kind != mirrors.KindDirect {
		// Before direct ',' is the rule (advisor.SepBeforeDirect); elsewhere
		// '|' lets go move on, as doctor's comma finding says.
		s += m.st.Warning.Render(l.T(" — `|` after %s would let go try %s", e.Label(), c.Entries[i+1].Label()))
	}
	return s + m.sepHint(jc)
}

// failedBefore names the entries go tries before the one that serves and
// that fail (not a 404/410): it tries them again on every request, paying
// their failure each time.
func (m *Model) failedBefore(j judged) string {
	c, v := j.c, j.v.Download.Verdict
	var failed []string
	for _, i := range v.Tried {
		if i == v.Index {
			continue
		}
		if fs, known := j.meas.Files(c.Entries[i]); known && fs.Info == mirrors.OutcomeError {
			failed = append(failed, c.Entries[i].Label())
		}
	}
	if len(failed) == 0 {
		return ""
	}
	return m.st.Warning.Render(m.lang.T(", after %s fails on every request", strings.Join(failed, ", ")))
}

// sepHint is the dashboard's hint about the separator before direct:
// advisor.WantSepBeforeDirect, the rule doctor and recommend follow, so
// that a ',direct' they propose is never called a mistake here.
func (m *Model) sepHint(j judged) string {
	c := j.c
	i, want, ok := advisor.WantSepBeforeDirect(c, m.judgeDB(), j.meas)
	if !ok || want != mirrors.SepPipe || c.Entries[i].Sep == mirrors.SepPipe {
		return ""
	}
	return m.st.Warning.Render(m.lang.T(" — `|` before direct: %s fails the checksum database check, and after `,` go would not reach the database", c.Entries[i].Label()))
}

// queryLine renders the version query verdict of judged chain j in the judge's
// words (advisor.Verdicts.Words' second line), or "" when it says no more
// than the download line: the same mirror answers, with no caveat, the
// download does not work either, or nothing is measured yet. In brief
// (not full), a query that fails says only its detail, which names the
// mirror and what it answered ("… fail through it (403 on @v/list)").
func (m *Model) queryLine(j judged, full bool) string {
	v := j.v
	q := v.Query
	words := v.Words(m.lang)[1]
	if !full && q.Detail.Format != "" {
		words = q.Detail.In(m.lang)
	}
	if v.Download.Kind != advisor.JudgeOK && v.Download.Kind != advisor.JudgeDirect {
		return "" // the download line says it: nothing works through c
	}
	switch q.Kind {
	case advisor.QueryOK:
		if len(q.Caveats) == 0 {
			if q.Verdict.Index == v.Download.Verdict.Index {
				return ""
			}
			return m.st.Chain.OK.Render(words)
		}
		return m.st.Chain.OK.Render(words) + m.st.Warning.Render(" — "+q.Caveats[0].In(m.lang))
	case advisor.QueryFallsToDirect:
		if v.Download.Kind == advisor.JudgeDirect {
			return ""
		}
		return m.st.Warning.Render(words)
	case advisor.QueryNotMeasured:
		// Nothing is claimed, as doctor claims nothing: the probes ask
		// @v/list only in some rounds.
		return ""
	}
	// Pinned builds work: the query's failure is a caveat, not an outage.
	return m.st.Warning.Render(words)
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
// hang (by their last probe, as the judge takes it), joined and ended as
// advisor.WithTail builds every chain: '|' between mirrors, the end of
// the chain kept (direct or off; direct when the chain was empty), and
// before direct the separator of advisor's ',direct' rule, so that the
// dashboard's hint never calls the switch's own chain wrong. dropped
// names the mirrors left out.
func (m *Model) switchChain(mm mirrors.Mirror) (c mirrors.Chain, dropped []string) {
	head := mirrors.NewEntry(mm)
	if i := m.chainIndexOf(mm); i >= 0 {
		head = m.editor.chain.Entries[i] // keeps its weight and URL spelling
	} else if w, ok := m.cfg.Weights[head.Key()]; ok && w > 0 {
		head.Weight = w
	}
	es := []mirrors.Entry{head}
	var tail []mirrors.Entry
	meas := m.chainMeasurements(m.editor.chain, m.judgeDB().Name)
	for _, e := range m.editor.chain.Entries {
		if e.Kind != mirrors.KindProxy {
			tail = append(tail, e)
			break // go ignores what follows direct or off
		}
		if em, ok := m.entryMirror(e); ok && em.ID == mm.ID || e.Key() == head.Key() {
			continue
		}
		if fs, known := meas.Files(e); known && (fs.Info == mirrors.OutcomeError || fs.Info == mirrors.OutcomeHang || fs.Info == mirrors.OutcomeBroken) {
			dropped = append(dropped, e.Label())
			continue
		}
		es = append(es, e)
	}
	if len(m.editor.chain.Entries) == 0 {
		tail = []mirrors.Entry{{Kind: mirrors.KindDirect}}
	}
	var end *mirrors.Entry
	if len(tail) > 0 {
		end = &tail[0]
	}
	return advisor.WithTail(es, end, m.judgeDB(), meas), dropped
}

// switchTo is the one-key switch: mirror number n (see number) becomes the
// head of the chain (switchChain) and GOPROXY is applied at once — when
// the judge (verdicts: advisor's, as doctor and use judge) says go would
// use that mirror and reach the checksum database. Otherwise nothing is written without a yes: a chain go would
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
	status := l.T("switching to %s…", mm.ID)
	if len(dropped) > 0 {
		status = l.T("switching to %s (left out, failing now: %s)…", mm.ID, strings.Join(dropped, ", "))
	}
	ch := []envcfg.Change{{Key: "GOPROXY", Value: c.String()}}
	// The shared judge (doctor's and use's): the download file by file
	// and the checksum database route, from the last probes.
	jc := m.judge(c)
	v := jc.v
	aj := v.Overall
	switch {
	case aj.Kind == advisor.JudgeHangs || aj.Kind == advisor.JudgeFails:
		m.setError(l.T("not switched to %s: %s", mm.ID, aj.Message(l)))
		m.logEvent(evError, m.status)
		return nil
	case aj.Safe() && aj.Verdict.Index == 0:
		m.editor.chain, m.editor.sel, m.editor.edited = c, 0, true
		return m.apply(ch, status)
	}
	lines := m.verdictNotes(jc, true)
	if aj.Kind == advisor.JudgeUnknown && v.Download.Kind != advisor.JudgeUnknown {
		lines[0] += m.st.Subtle.Render(" — " + aj.Message(l))
	}
	if len(dropped) > 0 {
		lines = append(lines, l.T("left out, failing now: %s", strings.Join(dropped, ", ")))
	}
	lines = append(lines, m.changeLines(ch)...)
	m.dialog = &dialog{kind: dialogSwitch, title: l.T("Switch to %s anyway?", mm.ID), lines: lines, changes: ch, chain: c, status: status}
	return nil
}
