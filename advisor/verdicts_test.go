package advisor

import (
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// opGood is a probe that measured every operation working: the pinned
// .info, @v/list with the canary, @latest, and the checksum database check
// (proxied when sumdb).
func opGood(total time.Duration, sumdb bool) probe.Result {
	r := ok(total, boolp(sumdb))
	r.ListOK, r.ListChecked, r.ListStatus, r.ListVersions = boolp(true), true, 200, 1
	r.LatestChecked, r.LatestStatus, r.LatestOK = true, 200, boolp(true)
	r.SumDBChecked, r.SumDBName, r.SumDBStatus = true, mirrors.SumGolangOrg, 404
	if sumdb {
		r.SumDBStatus, r.SumDBLookupStatus, r.SumDBLookupOK = 200, 200, boolp(true)
	}
	return r
}

// opPartial serves pinned files and the checksum database but answers 403
// to @v/list and 404 to @latest, as allow-list corporate proxies do.
func opPartial() probe.Result {
	r := opGood(5*time.Millisecond, true)
	r.ListOK, r.ListStatus, r.ListVersions = boolp(false), 403, 0
	r.LatestStatus, r.LatestOK = 404, boolp(false)
	r.Notes = []string{"@v/list answered 403"}
	return r
}

func opLagging() probe.Result {
	r := opGood(5*time.Millisecond, false)
	r.ListLags = true
	return r
}

func opStalled() probe.Result { return fail(probe.ClassStall, "no first byte before the timeout") }

func opGarbage() probe.Result {
	r := fail(probe.ClassProtocol, "invalid response from proxy: .info is not JSON")
	r.Status = 200
	return r
}

func opSumDBBroken() probe.Result {
	r := opGood(5*time.Millisecond, true)
	r.SumDBLookupStatus, r.SumDBLookupOK = 500, boolp(false)
	return r
}

// fleet is a set of mirrors by URL, each with one probe, and the chain
// GOPROXY holds now.
type fleet struct {
	name     string
	goproxy  string
	probes   map[string]probe.Result // by URL
	download string                  // the download verdict's code for goproxy
	query    string                  // the query verdict's code for goproxy
	usable   bool                    // recommend proposes a chain
	has      []string                // URLs the proposal holds
	reason   string                  // a substring of recommend's reasons
}

func (f fleet) measurements() Measurements {
	m := Measurements{Probes: map[string]probe.Result{}, Reach: map[string]Reach{sumOrgURL: {OK: true}}}
	for u, r := range f.probes {
		m.Probes[mirrors.URLKey(u)] = r
	}
	return m
}

func (f fleet) doctor(t *testing.T, goproxy, gosumdb string) (download, query Finding) {
	t.Helper()
	in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY="+goproxy, "GOSUMDB="+gosumdb),
		Probes: map[string]probe.Result{}, SumDB: map[string]Reach{sumOrgURL: {OK: true}}}
	for u, r := range f.probes {
		in.Probes[mirrors.URLKey(u)] = r
	}
	for _, x := range Doctor(in) {
		switch {
		case strings.HasPrefix(x.Code, "chain-"):
			download = x
		case strings.HasPrefix(x.Code, "query-"):
			query = x
		}
	}
	return download, query
}

const (
	fa = "https://a.example"
	fb = "https://b.example"
	fp = "https://partial.example"
	fs = "https://stall.example"
	fl = "https://lag.example"
	fg = "https://garbage.example"
	fx = "https://sumdb-broken.example"
)

func crossFaceFleets() []fleet {
	ms := time.Millisecond
	return []fleet{
		{name: "healthy", goproxy: fa + "|" + fb + ",direct",
			probes:   map[string]probe.Result{fa: opGood(5*ms, true), fb: opGood(9*ms, false)},
			download: "chain-ok", query: "query-ok", usable: true, has: []string{fa, fb}},
		{name: "partial", goproxy: fp + ",direct",
			probes:   map[string]probe.Result{fp: opPartial()},
			download: "chain-ok", query: "query-fails", usable: true, has: []string{fp},
			reason: "go get …@latest and go list -m -versions fail through it (403 on @v/list)"},
		{name: "stalled", goproxy: fs + "|" + fb + ",direct",
			probes:   map[string]probe.Result{fs: opStalled(), fb: opGood(9*ms, true)},
			download: "chain-hangs", query: "query-hangs", usable: true, has: []string{fb}},
		{name: "lagging", goproxy: fl + ",direct",
			probes:   map[string]probe.Result{fl: opLagging()},
			download: "chain-ok", query: "query-ok", usable: true, has: []string{fl}, reason: "@v/list lags"},
		{name: "garbage", goproxy: fg + "|" + fb + ",direct",
			probes: map[string]probe.Result{fg: opGarbage(), fb: opGood(9*ms, true)},
			// The query moves on after '|' to b; its retraction walk meets
			// the garbage .mod (a caveat: go list -m -versions reports it).
			download: "chain-fails", query: "query-ok", usable: true, has: []string{fb}},
		{name: "sumdb-broken", goproxy: fx + "|" + fb + ",direct",
			probes:   map[string]probe.Result{fx: opSumDBBroken(), fb: opGood(9*ms, false)},
			download: "chain-ok", query: "query-ok", usable: true, has: []string{fb}},
		{name: "mixed", goproxy: fp + "|" + fs + "|" + fb + ",direct",
			probes:   map[string]probe.Result{fp: opPartial(), fs: opStalled(), fb: opGood(9*ms, true)},
			download: "chain-ok", query: "query-hangs", usable: true, has: []string{fp, fb}},
		{name: "all stalled", goproxy: fs + ",direct",
			probes:   map[string]probe.Result{fs: opStalled()},
			download: "chain-hangs", query: "query-hangs", usable: false},
	}
}

// One set of probe results per fleet gives the same verdicts on every
// face: doctor's chain-* and query-* findings, the verdict API
// (JudgeOperations), and recommend's proposal judged by both.
func TestVerdictsSameOnEveryFace(t *testing.T) {
	for _, f := range crossFaceFleets() {
		t.Run(f.name, func(t *testing.T) {
			m := f.measurements()
			current, err := mirrors.ParseChain(f.goproxy, nil)
			if err != nil {
				t.Fatal(err)
			}
			db := mirrors.SumDB{Name: mirrors.SumGolangOrg}
			api := JudgeOperations(current, db, m)
			apiDownload, apiQuery := api.Codes()
			if apiDownload != f.download || apiQuery != f.query {
				t.Errorf("verdict API on %s: %s, %s; want %s, %s (%s)", f.goproxy, apiDownload, apiQuery, f.download, f.query, strings.Join(api.Words(i18n.EN), " / "))
			}
			dd, dq := f.doctor(t, f.goproxy, mirrors.SumGolangOrg)
			if dd.Code != apiDownload || dq.Code != apiQuery {
				t.Errorf("doctor on %s: %s, %s; verdict API: %s, %s", f.goproxy, dd.Code, dq.Code, apiDownload, apiQuery)
			}
			if dq.Message != api.Query.Message(i18n.EN) {
				t.Errorf("doctor says %q, the verdict API %q", dq.Message, api.Query.Message(i18n.EN))
			}

			var cands []Candidate
			for u, r := range f.probes {
				cands = append(cands, Candidate{Mirror: mirrors.Mirror{URL: u, Source: mirrors.SourceArg}, Results: rounds(r)})
			}
			rec := Recommend(RecommendInput{Lang: i18n.EN, Candidates: cands, DirectLast: true,
				SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}}})
			if rec.Usable != f.usable {
				t.Fatalf("recommend usable %v, want %v: %s", rec.Usable, f.usable, strings.Join(rec.Reasons, "\n"))
			}
			for _, u := range f.has {
				if !strings.Contains(rec.GOPROXY, u) {
					t.Errorf("recommend proposes %s, want %s in it", rec.GOPROXY, u)
				}
			}
			if f.reason != "" && !strings.Contains(strings.Join(rec.Reasons, "\n"), f.reason) {
				t.Errorf("recommend's reasons lack %q:\n%s", f.reason, strings.Join(rec.Reasons, "\n"))
			}
			if !rec.Usable {
				return
			}
			recAPI := JudgeOperations(rec.Chain, db, m)
			rd, rq := rec.Verdicts.Codes()
			ad, aq := recAPI.Codes()
			pd, pq := f.doctor(t, rec.GOPROXY, rec.GOSUMDB)
			if rd != ad || rq != aq || pd.Code != ad || pq.Code != aq {
				t.Errorf("on the proposal %s: recommend %s, %s; verdict API %s, %s; doctor %s, %s", rec.GOPROXY, rd, rq, ad, aq, pd.Code, pq.Code)
			}
			if !recAPI.Overall.Safe() {
				t.Errorf("recommend proposes %s, which the verdict API judges %s: %s", rec.GOPROXY, recAPI.Overall.Kind, recAPI.Overall.Message(i18n.EN))
			}
		})
	}
}

// A partial mirror's query finding is a warning with the caveat, never an
// error: pinned builds work through it.
func TestDoctorWarnsOfPartialMirror(t *testing.T) {
	f := fleet{probes: map[string]probe.Result{fp: opPartial()}}
	d, q := f.doctor(t, fp+",direct", mirrors.SumGolangOrg)
	if d.Code != "chain-ok" || q.Code != "query-fails" || q.Severity != SeverityWarning {
		t.Fatalf("findings %s, %s (%s), want chain-ok and a query-fails warning", d.Code, q.Code, q.Severity)
	}
	for _, want := range []string{"go get …@latest and go list -m -versions would fail now", "the lookup fails at " + fp} {
		if !strings.Contains(q.Message, want) {
			t.Errorf("query-fails says %q, want %q in it", q.Message, want)
		}
	}
	if !strings.Contains(q.Why, "serves pinned downloads (a complete go.mod), but go get …@latest and go list -m -versions fail through it (403 on @v/list)") {
		t.Errorf("query-fails why %q", q.Why)
	}
}

// The ',direct' rule as the dashboard asks it: ',' before direct even when
// the mirror is down (an outage is reported, not turned into fetches from
// origin servers); '|' only when the mirror answers the checksum database
// question with an error, which after ',' would leave it unavailable.
func TestWantSepBeforeDirect(t *testing.T) {
	db := mirrors.SumDB{Name: mirrors.SumGolangOrg}
	down := fail(probe.ClassConnectTimeout, "dial tcp: i/o timeout")
	sumErr := opGood(time.Millisecond, false)
	sumErr.SumDBStatus, sumErr.SumDBSupported = 500, nil
	for _, tc := range []struct {
		name string
		r    probe.Result
		want mirrors.Sep
	}{
		{"down", down, mirrors.SepComma},
		{"healthy", opGood(time.Millisecond, false), mirrors.SepComma},
		{"partial", opPartial(), mirrors.SepComma},
		{"sumdb error", sumErr, mirrors.SepPipe},
	} {
		c, err := mirrors.ParseChain(fa+",direct", nil)
		if err != nil {
			t.Fatal(err)
		}
		m := Measurements{Probes: map[string]probe.Result{mirrors.URLKey(fa): tc.r}}
		i, sep, ok := WantSepBeforeDirect(c, db, m)
		if !ok || i != 0 || sep != tc.want {
			t.Errorf("%s: index %d sep %q ok %v, want 0 %q", tc.name, i, sep, ok, tc.want)
		}
	}
	c, _ := mirrors.ParseChain(fa, nil)
	if _, _, ok := WantSepBeforeDirect(c, db, Measurements{}); ok {
		t.Error("a chain without direct has no separator before it")
	}
}

// A partial mirror's row caveat: for the partial mirror only, the same
// words in recommend's choice and from QueryCaveat.
func TestQueryCaveatOfPartialMirror(t *testing.T) {
	probes := map[string]probe.Result{fp: opPartial(), fa: opGood(time.Millisecond, false), fs: opStalled()}
	m := fleet{probes: probes}.measurements()
	want := "go get …@latest and go list -m -versions fail through it (403 on @v/list)"
	for u := range probes {
		e := mirrors.NewEntry(mirrors.Mirror{URL: u})
		got, ok := QueryCaveat(e, m)
		if ok != (u == fp) || ok && got.String() != want {
			t.Errorf("%s: caveat %q %v", u, got, ok)
		}
	}
	var cands []Candidate
	for u, r := range probes {
		cands = append(cands, Candidate{Mirror: mirrors.Mirror{URL: u, Source: mirrors.SourceArg}, Results: rounds(r)})
	}
	rec := Recommend(RecommendInput{Lang: i18n.EN, Candidates: cands, DirectLast: true, SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}}})
	for _, ch := range rec.Choices {
		if has := ch.QueryCaveat.Format != ""; has != (ch.Mirror.URL == fp) || has && ch.QueryCaveat.String() != want {
			t.Errorf("%s: choice caveat %q", ch.Mirror.URL, ch.QueryCaveat)
		}
	}
}

// A version query served after '|' whose retraction walk meets a mirror
// that never answers its .info hangs: go get M@latest ignores an error of
// that walk, not a request that never ends.
func TestQueryHangsInRetractionWalk(t *testing.T) {
	stallFiles := opStalled()
	stallFiles.ListChecked, stallFiles.ListStatus = true, 404
	stallFiles.LatestChecked, stallFiles.LatestStatus = true, 404
	m := fleet{probes: map[string]probe.Result{fs: stallFiles, fb: opGood(time.Millisecond, false)}}.measurements()
	c, err := mirrors.ParseChain(fs+"|"+fb, nil)
	if err != nil {
		t.Fatal(err)
	}
	j := JudgeQuery(c, m)
	if j.Verdict.Kind != mirrors.Served || j.Retraction.Kind != mirrors.Hangs {
		t.Fatalf("query walk %s, retraction walk %s; want served, then hangs", j.Verdict.Kind, j.Retraction.Kind)
	}
	if j.Kind != QueryHangs || !strings.Contains(j.Message(i18n.EN), "retraction check") {
		t.Errorf("judged %s: %q; want hangs, naming the retraction check", j.Kind, j.Message(i18n.EN))
	}
	if zh := j.Message(i18n.ZH); !strings.Contains(zh, "撤回检查") {
		t.Errorf("in Chinese: %q", zh)
	}
}
