package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// opProbe is a probe of mirror id at round n that measured every
// operation working: the pinned .info, @v/list with the canary, @latest,
// and the checksum database check (proxied when sumdb).
func opProbe(id string, n int, sumdb bool) probe.Result {
	r := result(id, n, probe.ClassOK, time.Duration(5+len(id))*time.Millisecond)
	r.URL = "https://" + id + ".example"
	r.ListOK, r.ListChecked, r.ListStatus, r.ListVersions = boolp(true), true, 200, 1
	r.LatestChecked, r.LatestStatus, r.LatestOK = true, 200, boolp(true)
	r.SumDBChecked, r.SumDBName, r.SumDBStatus, r.SumDBSupported = true, mirrors.SumGolangOrg, 404, boolp(false)
	if sumdb {
		r.SumDBStatus, r.SumDBSupported, r.SumDBLookupStatus, r.SumDBLookupOK = 200, boolp(true), 200, boolp(true)
	}
	return r
}

// opKind builds the probe of mirror id at round n that its name says:
// partial (pinned files and the checksum database, 403 on @v/list, 404 on
// @latest, as allow-list corporate proxies answer), stall, lag (a list
// without the version it serves), garbage (200 with a .info go rejects),
// sumdbx (a checksum database whose lookups fail), else one that works
// (proxying the database for "a").
func opKind(id string, n int) probe.Result {
	r := opProbe(id, n, id == "a" || id == "partial" || id == "sumdbx")
	switch id {
	case "partial":
		r.ListOK, r.ListStatus, r.ListVersions = boolp(false), 403, 0
		r.LatestStatus, r.LatestOK = 404, boolp(false)
		r.Notes = []string{"@v/list answered 403"}
	case "stall", "garbage":
		class := map[string]probe.Class{"stall": probe.ClassStall, "garbage": probe.ClassProtocol}[id]
		r = result(id, n, class, 5*time.Second)
		r.URL = "https://" + id + ".example"
		if id == "garbage" {
			r.Status, r.Reason = 200, "invalid response from proxy: .info is not JSON"
		}
	case "lag":
		r.ListLags = true
	case "sumdbx":
		r.SumDBLookupStatus, r.SumDBLookupOK = 500, boolp(false)
	}
	return r
}

// faceFleet is a set of mirrors, each probed the way its id says (opKind),
// and the chain GOPROXY holds now, by mirror id.
type faceFleet struct {
	name  string
	chain string // ids joined by separators: "a|b,direct"
	// download and query are the judge's codes for the chain.
	download, query string
}

func faceFleets() []faceFleet {
	return []faceFleet{
		{"healthy", "a|b,direct", "chain-ok", "query-ok"},
		{"partial", "partial,direct", "chain-ok", "query-fails"},
		{"stalled", "stall|b,direct", "chain-hangs", "query-hangs"},
		{"lagging", "lag,direct", "chain-ok", "query-ok"},
		{"garbage", "garbage|b,direct", "chain-fails", "query-ok"},
		{"sumdb-broken", "sumdbx|b,direct", "chain-ok", "query-ok"},
		{"mixed", "partial|stall|b,direct", "chain-ok", "query-hangs"},
	}
}

// ids are the mirror ids of the fleet's chain.
func (f faceFleet) ids() []string {
	var out []string
	for _, s := range strings.FieldsFunc(f.chain, func(r rune) bool { return r == ',' || r == '|' }) {
		if s != "direct" {
			out = append(out, s)
		}
	}
	return out
}

// goproxy is the chain with the mirrors' URLs.
func (f faceFleet) goproxy() string {
	var b strings.Builder
	tok := ""
	flush := func() {
		if tok != "" && tok != "direct" {
			tok = "https://" + tok + ".example"
		}
		b.WriteString(tok)
		tok = ""
	}
	for _, r := range f.chain {
		if r == ',' || r == '|' {
			flush()
			b.WriteRune(r)
			continue
		}
		tok += string(r)
	}
	flush()
	return b.String()
}

// catalog holds the fleet's mirrors only.
func (f faceFleet) catalog() *mirrors.Catalog {
	c := &mirrors.Catalog{}
	for _, id := range f.ids() {
		c.Mirrors = append(c.Mirrors, mirrors.Mirror{ID: id, Name: id, URL: "https://" + id + ".example"})
	}
	return c
}

// faceModel is a first-run model of fleet f in language l, at a width
// where no verdict wraps, after two probe rounds of every mirror and a
// direct check of sum.golang.org that answered.
func faceModel(t *testing.T, f faceFleet, l i18n.Lang) *harness {
	t.Helper()
	fd := &fakeDeps{env: snapshot(f.goproxy(), "sum.golang.org", ""), reach: map[string]advisor.Reach{"https://sum.golang.org": {OK: true}}}
	m := New(Options{Lang: l, Catalog: f.catalog(), Interval: 5 * time.Second, Now: fixedNow, FirstRun: true}, fd.deps())
	h := &harness{t: t, f: fd, m: m}
	h.send(tea.WindowSizeMsg{Width: 400, Height: 80}, EnvMsg{Snapshot: fd.env})
	for n := range 2 {
		for _, id := range f.ids() {
			h.send(ProbeResultMsg{Result: opKind(id, n)})
		}
	}
	h.send(SumDBCheckedMsg{Reach: fd.reach})
	return h
}

// doctorCodes are doctor's download and query findings for the fleet's
// chain, from the same probes.
func (f faceFleet) doctor(l i18n.Lang) (download, query advisor.Finding) {
	in := advisor.DoctorInput{Lang: l, Snapshot: snapshot(f.goproxy(), "sum.golang.org", ""), Catalog: f.catalog(),
		Probes: map[string]probe.Result{}, SumDB: map[string]advisor.Reach{"https://sum.golang.org": {OK: true}}}
	for _, id := range f.ids() {
		r := opKind(id, 1)
		in.Probes[id] = r
	}
	return codeFindings(advisor.Doctor(in))
}

// codeFindings picks the download (chain-*) and query (query-*) findings.
func codeFindings(fs []advisor.Finding) (download, query advisor.Finding) {
	for _, x := range fs {
		switch {
		case strings.HasPrefix(x.Code, "chain-"):
			download = x
		case strings.HasPrefix(x.Code, "query-"):
			query = x
		}
	}
	return download, query
}

// One set of probe results per fleet gives the same verdicts, in the same
// words, on every face of the TUI as in doctor and recommend: the
// dashboard's chain line, the triage (doctor's findings), the guide's
// proposal (recommend's), in English and in Chinese.
func TestVerdictsSameOnEveryTUIFace(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, f := range faceFleets() {
			t.Run(string(l)+"/"+f.name, func(t *testing.T) {
				h := faceModel(t, f, l)
				rec := h.m.guide.rec
				if !h.m.guide.ready || !rec.Usable {
					t.Fatalf("guide ready %v, proposal usable %v", h.m.guide.ready, rec.Usable)
				}
				guide := ansi.Strip(strings.Join(h.m.guideLines(400), "\n"))
				rw := rec.Verdicts.Words(l)
				if !strings.Contains(guide, rw[0]) {
					t.Errorf("the guide lacks recommend's download verdict %q:\n%s", rw[0], guide)
				}
				if !rec.Verdicts.Query.Works() && !strings.Contains(guide, rw[1]) {
					t.Errorf("the guide lacks recommend's query verdict %q:\n%s", rw[1], guide)
				}
				h.send("esc")
				if h.m.screen != screenDashboard {
					t.Fatalf("esc left the guide for screen %d", h.m.screen)
				}
				api := advisor.JudgeOperations(h.m.editor.chain, mirrors.SumDB{Name: mirrors.SumGolangOrg}, h.m.measurements(mirrors.SumGolangOrg))
				d, q := api.Codes()
				if d != f.download || q != f.query {
					t.Errorf("judge: %s, %s; want %s, %s (%s)", d, q, f.download, f.query, strings.Join(api.Words(l), " / "))
				}
				dd, dq := f.doctor(l)
				if dd.Code != d || dq.Code != q || dq.Message != api.Query.Message(l) {
					t.Errorf("doctor: %s, %s %q; judge: %s, %s %q", dd.Code, dq.Code, dq.Message, d, q, api.Query.Message(l))
				}
				h.m.refreshTriage()
				td, tq := codeFindings(h.m.triage.findings)
				if td.Code != d || tq.Code != q || tq.Message != dq.Message {
					t.Errorf("triage: %s, %s %q; doctor: %s, %s %q", td.Code, tq.Code, tq.Message, d, q, dq.Message)
				}
				lines := h.m.verdictLines(true)
				for i := range lines {
					lines[i] = ansi.Strip(lines[i])
				}
				words := api.Words(l)
				if !strings.HasPrefix(lines[0], words[0]) {
					t.Errorf("chain line %q, judge %q", lines[0], words[0])
				}
				works := api.Download.Kind == advisor.JudgeOK || api.Download.Kind == advisor.JudgeDirect
				if works && !api.Query.Works() && !slices.Contains(lines, words[1]) {
					t.Errorf("chain lines %q lack the query verdict %q", lines, words[1])
				}
				// In brief, the query's detail: which mirror, what it answered.
				brief := ansi.Strip(strings.Join(h.m.verdictLines(false), "\n"))
				if works && !api.Query.Works() && !strings.Contains(brief, api.Query.Detail.In(l)) {
					t.Errorf("brief chain lines %q lack the query's detail %q", brief, api.Query.Detail.In(l))
				}
			})
		}
	}
}

// A partial mirror (pinned files served, 403 on @v/list) says the same on
// every face: proposed by the guide with its caveat, marked in its row,
// explained in the detail, its query failure on the chain line and in
// triage.
func TestPartialMirrorOnEveryTUIFace(t *testing.T) {
	f := faceFleets()[1]
	for _, tc := range []struct {
		l                    i18n.Lang
		caveat, mark, usable string
	}{
		{i18n.EN, "go get …@latest and go list -m -versions fail through it (403 on @v/list)", "◐ pinned", "usable for pinned builds"},
		{i18n.ZH, "403", "◐ " + i18n.ZH.T("pinned"), i18n.ZH.T("usable for pinned builds (a complete go.mod); %s", "")},
	} {
		h := faceModel(t, f, tc.l)
		guide := ansi.Strip(strings.Join(h.m.guideLines(400), "\n"))
		if !strings.Contains(guide, "GOPROXY=https://partial.example") || !strings.Contains(guide, tc.caveat) {
			t.Errorf("%s: the guide does not propose the partial mirror with its caveat:\n%s", tc.l, guide)
		}
		g := h.m.guide
		g.common = h.m.shared()
		if !slices.ContainsFunc(g.ShortHelp(), func(k key.Binding) bool { return slices.Contains(k.Keys(), "enter") }) {
			t.Errorf("%s: the guide's footer does not offer enter with a proposal", tc.l)
		}
		h.send("esc")
		v := h.view()
		if !strings.Contains(v, tc.mark) {
			t.Errorf("%s: the row lacks %q:\n%s", tc.l, tc.mark, v)
		}
		detail := ansi.Strip(strings.Join(h.m.detailLines(400), "\n"))
		if !strings.Contains(detail, tc.usable) || !strings.Contains(detail, tc.caveat) {
			t.Errorf("%s: the detail lacks %q and %q:\n%s", tc.l, tc.usable, tc.caveat, detail)
		}
		if lines := ansi.Strip(strings.Join(h.m.chainLines(80, true), "\n")); !strings.Contains(lines, "403") {
			t.Errorf("%s: the chain lines do not say the version query fails (403):\n%s", tc.l, lines)
		}
	}
}

// The hint before direct follows the one rule doctor and recommend use
// (advisor.WantSepBeforeDirect): a down mirror before ',direct' gets no
// "use |" (an outage is reported by design); a mirror that answers the
// checksum database check with an error gets '|' before direct.
func TestSepHintBeforeDirect(t *testing.T) {
	f := &fakeDeps{env: snapshot("https://proxy.golang.org,direct", "sum.golang.org", "")}
	m := newTestModel(f, i18n.EN, 100, 30, true)
	if got := ansi.Strip(strings.Join(m.verdictLines(true), "\n")); strings.Contains(got, "`|`") || !strings.HasPrefix(got, "go would FAIL") {
		t.Errorf("a down mirror before ',direct': %q, want the failure without a '|' hint", got)
	}
	f = &fakeDeps{env: snapshot(cnURL+",direct", "sum.golang.org", "")}
	m = newTestModel(f, i18n.EN, 100, 30, true)
	r := opProbe("goproxy.cn", 40, false)
	r.URL, r.SumDBStatus, r.SumDBSupported = cnURL, 500, nil
	mm, _ := m.Update(ProbeResultMsg{Result: r})
	m = mm.(Model)
	if got := ansi.Strip(m.verdictLine()); !strings.Contains(got, "`|` before direct: goproxy.cn fails the checksum database check") {
		t.Errorf("a mirror failing /sumdb/…/supported before ',direct': %q, want the '|' hint", got)
	}
}
