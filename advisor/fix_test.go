package advisor

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// catalogIDs are the built-in mirrors' ids.
var catalogIDs = []string{"proxy.golang.org", "goproxy.cn", "goproxy.io", "aliyun", "tencent", "huawei", "baidu"}

// notFound is a probe answering 404 for the canary.
func notFound() probe.Result {
	return probe.Result{Class: probe.ClassNotFound, Status: 404, Reason: "404 Not Found (under ',' the go command tries the next proxy)", SumDBSupported: boolp(false)}
}

// probesOf gives every catalog mirror not in set a DNS failure (measured,
// not working) and the others their probe.
func probesOf(set map[string]probe.Result) map[string]probe.Result {
	out := map[string]probe.Result{}
	for _, id := range catalogIDs {
		out[id] = fail(probe.ClassDNS, "no such host")
	}
	for k, r := range set {
		out[k] = r
	}
	return out
}

// fixes returns the findings that carry a fix.
func fixes(fs []Finding) []Finding {
	var out []Finding
	for _, x := range fs {
		if x.Fix != "" {
			out = append(out, x)
		}
	}
	return out
}

// judgeFix parses a "goproxytui use CHAIN" fix and judges CHAIN.
func judgeFix(t *testing.T, fix string, in DoctorInput) Judgement {
	t.Helper()
	arg, ok := strings.CutPrefix(fix, "goproxytui use ")
	if !ok {
		t.Fatalf("fix %q is not a goproxytui use command", fix)
	}
	arg = strings.Trim(arg, "'")
	value, err := mirrors.ExpandChain(arg, cat)
	if err != nil {
		t.Fatal(err)
	}
	c, err := mirrors.ParseChain(value, cat)
	if err != nil {
		t.Fatal(err)
	}
	db, _ := mirrors.ParseSumDB(in.Snapshot.Get("GOSUMDB").Value)
	return JudgeChain(c, db, Measurements{Probes: in.Probes, Reach: in.SumDB})
}

// Every fix doctor shows is simulated first: it must make go use a
// mirror, differ from the current value, and not be a separator swap after
// a 404 or a chain of the 404 mirror alone.
func TestDoctorFixesAreSimulated(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	tests := []struct {
		name    string
		goproxy string
		probes  map[string]probe.Result
		want    string // the one fix; "" for none
		nothing bool   // the findings say plainly that nothing works
	}{
		// Today: the current value back.
		{"404|404", "goproxy.cn|aliyun", probesOf(map[string]probe.Result{"goproxy.cn": notFound(), "aliyun": notFound()}), "", true},
		// Today: a separator swap.
		{"404,404", "goproxy.cn,aliyun", probesOf(map[string]probe.Result{"goproxy.cn": notFound(), "aliyun": notFound()}), "", true},
		// Today: "use only the 404 mirror".
		{"500|404", "goproxy.cn|aliyun", probesOf(map[string]probe.Result{"goproxy.cn": fail(probe.ClassHTTP5xx, "500"), "aliyun": notFound()}), "", true},
		// A working spare mirror of the catalog goes first.
		{"404|500 with a working spare", "goproxy.cn|aliyun", probesOf(map[string]probe.Result{
			"goproxy.cn": notFound(), "aliyun": fail(probe.ClassHTTP5xx, "500"), "tencent": ok(30*ms, boolp(false)),
		}), "goproxytui use 'tencent|goproxy.cn'", false},
		// Several stalling mirrors: one fix avoiding them all.
		{"stall|stall|ok", "goproxy.cn|aliyun|goproxy.io,direct", probesOf(map[string]probe.Result{
			"goproxy.cn": fail(probe.ClassStall, "no answer"), "aliyun": fail(probe.ClassStall, "no answer"), "goproxy.io": ok(20*ms, boolp(false)),
		}), "goproxytui use goproxy.io,direct", false},
		// A 200 with garbage: go fails there even with '|' after it.
		{"garbage|ok", "goproxy.cn|aliyun", probesOf(map[string]probe.Result{
			"goproxy.cn": {Class: probe.ClassProtocol, Status: 200, Reason: "invalid response from proxy"}, "aliyun": ok(20*ms, boolp(false)),
		}), "goproxytui use aliyun", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=" + expand(tt.goproxy)), Catalog: cat, Probes: tt.probes,
				SumDB: map[string]Reach{sumOrgURL: {OK: true}}}
			if got := SpareChecks(in); len(got) != 0 {
				t.Errorf("SpareChecks = %v with every spare probed", got)
			}
			fs := Doctor(in)
			with := fixes(fs)
			for _, x := range with {
				if strings.HasPrefix(x.Fix, "goproxytui use ") {
					if j := judgeFix(t, x.Fix, in); j.Kind != JudgeOK {
						t.Errorf("%s: fix %q is judged %v: %s", x.Code, x.Fix, j.Kind, j.Message(i18n.EN))
					}
				}
			}
			switch {
			case tt.want == "" && len(with) > 0:
				t.Errorf("fixes shown:\n  %s", strings.Join(short(with), "\n  "))
			case tt.want != "" && (len(with) != 1 || with[0].Fix != tt.want):
				t.Errorf("fixes:\n  %s\nwant exactly one: %s", strings.Join(short(with), "\n  "), tt.want)
			}
			said := slices.ContainsFunc(fs, func(x Finding) bool { return strings.Contains(x.Why, "no mirror measured now would make go use it") })
			if said != tt.nothing {
				t.Errorf("says nothing works: %v, want %v:\n  %s", said, tt.nothing, strings.Join(short(fs), "\n  "))
			}
			for _, x := range fs {
				if x.Code == "chain-ok" && tt.name == "garbage|ok" {
					t.Errorf("garbage|ok judged ok: %s", x.Message)
				}
			}
		})
	}
}

// Spare mirrors are asked for only when the chain's own make no fix, and
// until they are measured the fix is recommend (which measures them).
func TestDoctorSpareChecks(t *testing.T) {
	t.Parallel()
	in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=" + expand("goproxy.cn|aliyun")), Catalog: cat,
		Probes: map[string]probe.Result{"goproxy.cn": notFound(), "aliyun": fail(probe.ClassHTTP5xx, "500")}}
	got := SpareChecks(in)
	var ids []string
	for _, m := range got {
		ids = append(ids, m.ID)
	}
	if want := []string{"proxy.golang.org", "goproxy.io", "tencent", "huawei", "baidu"}; !slices.Equal(ids, want) {
		t.Errorf("SpareChecks = %v, want %v", ids, want)
	}
	if fs := fixes(Doctor(in)); len(fs) != 1 || fs[0].Fix != "goproxytui recommend --apply" {
		t.Errorf("fixes before the spares are measured:\n  %s", strings.Join(short(fs), "\n  "))
	}
	in.Probes = map[string]probe.Result{"goproxy.cn": ok(time.Millisecond, nil), "aliyun": notFound()}
	if got := SpareChecks(in); len(got) != 0 {
		t.Errorf("SpareChecks = %v for a working chain", got)
	}
}

// 404/410 is "does not have it", not "fails"; the probe's hint about ','
// is not repeated, and the verdict reads "does not have" at the end.
func TestDoctorNotFoundWording(t *testing.T) {
	t.Parallel()
	in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=" + expand("goproxy.cn,aliyun")), Catalog: cat,
		Probes: probesOf(map[string]probe.Result{"goproxy.cn": notFound(), "aliyun": ok(time.Millisecond, nil)})}
	fs := Doctor(in)
	var codes []string
	for _, x := range fs {
		codes = append(codes, x.Code)
		if strings.Contains(x.Message+x.Why, "tries the next proxy") {
			t.Errorf("%s repeats the probe's hint: %s / %s", x.Code, x.Message, x.Why)
		}
		if x.Subject == "goproxy.cn" && strings.Contains(x.Message, "fails") {
			t.Errorf("a 404 mirror is called failing: %s", x.Message)
		}
	}
	if !slices.Contains(codes, "mirror-not-found") {
		t.Errorf("codes %v, want mirror-not-found", codes)
	}
	for _, x := range fs {
		if x.Code == "mirror-not-found" && !strings.Contains(x.Message, "does not have") {
			t.Errorf("message %q", x.Message)
		}
	}
}

// direct is not measured: the verdict says go would fall back to it, not
// that it serves.
func TestDoctorDirectNotMeasured(t *testing.T) {
	t.Parallel()
	in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=goproxy.cn,direct"), Catalog: cat,
		Probes: probesOf(map[string]probe.Result{"goproxy.cn": notFound()})}
	fs := Doctor(in)
	i := slices.IndexFunc(fs, func(x Finding) bool { return x.Code == "chain-falls-to-direct" })
	if i < 0 {
		t.Fatalf("no chain-falls-to-direct:\n  %s", strings.Join(short(fs), "\n  "))
	}
	if msg := fs[i].Message; !strings.Contains(msg, "go would fall back to direct (fetch from the origin with git; not measured)") || strings.Contains(msg, "direct serves") {
		t.Errorf("message %q", msg)
	}
}

// One rule for ',direct' at the end of a chain: recommend proposes it,
// doctor neither blames it nor swaps it, and doctor's fixes end with it;
// '|' before direct only when the last mirror's /supported answers an error.
func TestSepBeforeDirectShared(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	errSum := probe.Result{Class: probe.ClassOK, Status: 200, Phases: probe.Phases{Total: ms}, SumDBChecked: true, SumDBStatus: 500, SumDBName: mirrors.SumGolangOrg}
	for _, tt := range []struct {
		last probe.Result
		sep  string
	}{
		{ok(ms, boolp(false)), ","},
		{errSum, "|"},
	} {
		rec := Recommend(RecommendInput{Lang: i18n.EN, DirectLast: true,
			Candidates: []Candidate{{Mirror: mirror(t, "aliyun"), Results: []probe.Result{tt.last, tt.last}}},
			SumDB:      map[string]Reach{mirrors.SumGolangOrg: {OK: true}}})
		if want := urlAliyun + tt.sep + "direct"; rec.GOPROXY != want {
			t.Errorf("recommend: %q, want %q", rec.GOPROXY, want)
		}
		in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=goproxy.cn,direct"), Catalog: cat,
			Probes: probesOf(map[string]probe.Result{"goproxy.cn": fail(probe.ClassHTTP5xx, "500"), "aliyun": tt.last}),
			SumDB:  map[string]Reach{sumOrgURL: {OK: true}}}
		fs := Doctor(in)
		if want := "goproxytui use 'aliyun" + tt.sep + "direct'"; tt.sep == "," {
			want = "goproxytui use aliyun,direct"
			if with := fixes(fs); len(with) != 1 || with[0].Fix != want {
				t.Errorf("doctor fixes:\n  %s\nwant %s", strings.Join(short(with), "\n  "), want)
			}
		} else if with := fixes(fs); len(with) != 1 || with[0].Fix != want {
			t.Errorf("doctor fixes:\n  %s\nwant %s", strings.Join(short(with), "\n  "), want)
		}
		for _, x := range fs {
			if x.Code == "comma-after-failing-mirror" {
				t.Errorf("doctor blames the ',' before direct: %s", x.Message)
			}
		}
	}
	if SepBeforeDirect(mirrors.OutcomeError, mirrors.SumDB{Name: mirrors.SumGolangOrg, URL: "https://sum.golang.google.cn"}) != mirrors.SepComma {
		t.Error("a GOSUMDB with its URL asks no proxy: ',' stays")
	}
}

// The checksum database as go reaches it: a stalled /supported hangs go
// wherever it is; a 200 whose lookups fail is unavailable, not fine.
func TestDoctorSumDBStallAndLookup(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	stalled := probe.Result{Class: probe.ClassOK, Status: 200, Phases: probe.Phases{Total: ms}, SumDBChecked: true, SumDBStalled: true, SumDBName: mirrors.SumGolangOrg}
	lookupFails := probe.Result{Class: probe.ClassOK, Status: 200, Phases: probe.Phases{Total: ms}, SumDBChecked: true, SumDBStatus: 200,
		SumDBSupported: boolp(true), SumDBLookupStatus: 500, SumDBLookupOK: boolp(false), SumDBName: mirrors.SumGolangOrg}
	for _, tt := range []struct {
		goproxy string
		probes  map[string]probe.Result
		code    string
		fix     string
	}{
		{"goproxy.cn,aliyun", map[string]probe.Result{"goproxy.cn": stalled, "aliyun": ok(ms, boolp(false))}, "sumdb-hangs", "goproxytui use aliyun"},
		{"goproxy.cn|aliyun", map[string]probe.Result{"goproxy.cn": stalled, "aliyun": ok(ms, boolp(false))}, "sumdb-hangs", "goproxytui use aliyun"},
		{"aliyun,goproxy.cn", map[string]probe.Result{"goproxy.cn": stalled, "aliyun": ok(ms, boolp(false))}, "sumdb-hangs", "goproxytui use aliyun"},
		{"goproxy.cn|aliyun,direct", map[string]probe.Result{"goproxy.cn": lookupFails, "aliyun": ok(ms, boolp(false))}, "sumdb-unreachable", "goproxytui use aliyun,direct"},
	} {
		in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=" + expand(tt.goproxy)), Catalog: cat, Probes: probesOf(tt.probes),
			SumDB: map[string]Reach{sumOrgURL: {OK: true}}}
		fs := Doctor(in)
		if want := f(SeverityError, tt.code, tt.fix); !slices.Contains(short(fs), want) {
			t.Errorf("GOPROXY=%s: findings:\n  %s\nwant among them: %s", tt.goproxy, strings.Join(short(fs), "\n  "), want)
		}
	}
}

// The checksum database is routed for the database GOSUMDB names: an
// answer about sum.golang.org says nothing about another database.
func TestRouteSumDBCustomName(t *testing.T) {
	t.Parallel()
	const name = "sum.corp.example"
	db := mirrors.SumDB{Name: name, Key: "k"}
	c, _ := mirrors.ParseChain("goproxy.cn,direct", cat)
	aboutOrg := ok(time.Millisecond, nil)
	aboutOrg.SumDBChecked, aboutOrg.SumDBStatus, aboutOrg.SumDBSupported, aboutOrg.SumDBName = true, 200, boolp(true), mirrors.SumGolangOrg
	r := RouteSumDB(c, db, Measurements{Probes: map[string]probe.Result{"goproxy.cn": aboutOrg}})
	if r.Kind != mirrors.Direct || !slices.Equal(r.Unchecked, []string{"goproxy.cn"}) {
		t.Errorf("route %v unchecked %v: a 200 for sum.golang.org was taken for %s", r.Kind, r.Unchecked, name)
	}
	aboutOrg.SumDBName = name
	r = RouteSumDB(c, db, Measurements{Probes: map[string]probe.Result{"goproxy.cn": aboutOrg}})
	if r.Kind != mirrors.ViaProxy || r.URL != "https://goproxy.cn/sumdb/"+name {
		t.Errorf("route %v %q", r.Kind, r.URL)
	}
	r = RouteSumDB(c, db, Measurements{})
	if r.Known() {
		t.Error("a route through an unprobed mirror is known")
	}
}

// JudgeChain: what the TUI's digit keys and use call before writing.
func TestJudgeChain(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	m := Measurements{Probes: map[string]probe.Result{
		"goproxy.cn": ok(ms, boolp(false)),
		"aliyun":     fail(probe.ClassStall, "no answer"),
		"goproxy.io": fail(probe.ClassHTTP5xx, "500"),
		"tencent":    notFound(),
	}, Reach: map[string]Reach{sumOrgURL: {OK: true}}}
	golang := mirrors.SumDB{Name: mirrors.SumGolangOrg}
	for _, tt := range []struct {
		chain string
		kind  JudgeKind
		why   string
	}{
		{"goproxy.cn,direct", JudgeOK, "go would use goproxy.cn"},
		// go asks every entry for /sumdb/<name>/supported until one says
		// 200: a 500 outranks the later 404, a stall hangs even after a 404.
		{"goproxy.io|goproxy.cn", JudgeFails, "checksum database is unavailable"},
		{"goproxy.cn|aliyun", JudgeHangs, "checksum database"},
		{"goproxy.io|goproxy.cn|direct", JudgeOK, "go would use goproxy.cn"},
		{"aliyun|goproxy.cn", JudgeHangs, "go would HANG"},
		{"goproxy.io,goproxy.cn", JudgeFails, "go would FAIL"},
		{"tencent,direct", JudgeDirect, "not measured"},
		{"huawei|goproxy.cn", JudgeUnknown, "huawei was not probed"},
	} {
		c, err := mirrors.ParseChain(mustExpand(t, tt.chain), cat)
		if err != nil {
			t.Fatal(err)
		}
		j := JudgeChain(c, golang, m)
		if j.Kind != tt.kind || !strings.Contains(j.Message(i18n.EN), tt.why) || j.Message(i18n.ZH) == j.Message(i18n.EN) {
			t.Errorf("JudgeChain(%s) = %v %q (zh %q), want %v ~%q", tt.chain, j.Kind, j.Message(i18n.EN), j.Message(i18n.ZH), tt.kind, tt.why)
		}
		if j.Safe() != (tt.kind == JudgeOK || tt.kind == JudgeDirect) {
			t.Errorf("JudgeChain(%s).Safe() = %v", tt.chain, j.Safe())
		}
	}
	// The checksum database counts: sum.golang.org down and not proxied.
	m.Reach[sumOrgURL] = Reach{Reason: "no such host"}
	c, _ := mirrors.ParseChain(mustExpand(t, "goproxy.cn,direct"), cat)
	if j := JudgeChain(c, golang, m); j.Kind != JudgeFails || !strings.Contains(j.Message(i18n.EN), "checksum database") {
		t.Errorf("sum.golang.org down: %v %q", j.Kind, j.Message(i18n.EN))
	}
}

func mustExpand(t *testing.T, s string) string {
	t.Helper()
	v, err := mirrors.ExpandChain(s, cat)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// expand is mirrors.ExpandChain with the catalog; it panics on a bad value.
func expand(s string) string {
	v, err := mirrors.ExpandChain(s, cat)
	if err != nil {
		panic(err)
	}
	return v
}

var _ = envcfg.SourceFile

// recommend demotes a mirror whose certificate expires within 14 days
// (saying why), and builds the China route when proxy.golang.org is
// unreachable (saying so).
func TestRecommendCertAndRegion(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	withDays := func(r probe.Result, days int) probe.Result {
		r.TLS = &probe.TLSInfo{Version: "TLS 1.3", DaysLeft: days, ChainNotAfter: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)}
		return r
	}
	rec := Recommend(RecommendInput{Lang: i18n.EN, DirectLast: true,
		Candidates: []Candidate{
			{Mirror: mirror(t, "goproxy.cn"), Results: times(3, withDays(ok(10*ms, boolp(true)), 5))},
			{Mirror: mirror(t, "aliyun"), Results: times(3, withDays(ok(80*ms, boolp(false)), 200))},
		},
		SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}}})
	if want := urlAliyun + "|" + urlCN + ",direct"; rec.GOPROXY != want {
		t.Errorf("GOPROXY %q, want %q (the expiring certificate demoted)", rec.GOPROXY, want)
	}
	if !slices.ContainsFunc(rec.Reasons, func(s string) bool {
		return strings.Contains(s, "goproxy.cn") && strings.Contains(s, "its certificate expires in 5 days") && strings.Contains(s, "after the mirrors whose certificates do not expire within 14 days")
	}) {
		t.Errorf("no reason for the demotion:\n  %s", strings.Join(rec.Reasons, "\n  "))
	}

	// proxy.golang.org unreachable: mirrors in China first, and it says so;
	// goproxy.io (global) is faster here but goes after them.
	rec = Recommend(RecommendInput{Lang: i18n.EN, DirectLast: true,
		Candidates: []Candidate{
			{Mirror: mirror(t, "proxy.golang.org"), Results: times(3, fail(probe.ClassConnectTimeout, "i/o timeout"))},
			{Mirror: mirror(t, "goproxy.io"), Results: times(3, ok(5*ms, boolp(false)))},
			{Mirror: mirror(t, "goproxy.cn"), Results: times(3, ok(40*ms, boolp(true)))},
			{Mirror: mirror(t, "aliyun"), Results: times(3, ok(60*ms, boolp(false)))},
		},
		SumDB: map[string]Reach{mirrors.SumGolangOrg: {Reason: "i/o timeout"}}})
	if want := urlCN + "|" + urlAliyun + "|" + urlIO + ",direct"; rec.GOPROXY != want || rec.GOSUMDB != mirrors.SumGolangOrg || rec.SumDBVia != "goproxy.cn" {
		t.Errorf("GOPROXY %q GOSUMDB %q via %q, want %q sum.golang.org via goproxy.cn", rec.GOPROXY, rec.GOSUMDB, rec.SumDBVia, want)
	}
	if !slices.ContainsFunc(rec.Reasons, func(s string) bool { return strings.Contains(s, "the China route") }) {
		t.Errorf("the China route is not said:\n  %s", strings.Join(rec.Reasons, "\n  "))
	}
	// No chosen mirror proxies sum.golang.org: sum.golang.google.cn.
	rec = Recommend(RecommendInput{Lang: i18n.EN, DirectLast: true,
		Candidates: []Candidate{
			{Mirror: mirror(t, "proxy.golang.org"), Results: times(3, fail(probe.ClassDNS, "no such host"))},
			{Mirror: mirror(t, "aliyun"), Results: times(3, ok(60*ms, boolp(false)))},
		},
		SumDB: map[string]Reach{mirrors.SumGolangOrg: {Reason: "i/o timeout"}, mirrors.SumGolangCN: {OK: true}}})
	if rec.GOSUMDB != mirrors.SumGolangCN {
		t.Errorf("GOSUMDB %q, want %s", rec.GOSUMDB, mirrors.SumGolangCN)
	}
}

// recommend leaves out a mirror whose /supported stalls or whose lookups
// fail behind a 200: go would hang or fail on the checksum database.
func TestRecommendSumDBStallLeftOut(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	stalled := ok(ms, nil)
	stalled.SumDBChecked, stalled.SumDBStalled = true, true
	broken := ok(ms, boolp(true))
	broken.SumDBChecked, broken.SumDBStatus, broken.SumDBLookupOK = true, 200, boolp(false)
	rec := Recommend(RecommendInput{Lang: i18n.EN, DirectLast: true,
		Candidates: []Candidate{
			{Mirror: mirror(t, "goproxy.cn"), Results: times(2, stalled)},
			{Mirror: mirror(t, "goproxy.io"), Results: times(2, broken)},
			{Mirror: mirror(t, "aliyun"), Results: times(2, ok(50*ms, boolp(false)))},
		},
		SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}}})
	if want := urlAliyun + ",direct"; rec.GOPROXY != want {
		t.Errorf("GOPROXY %q, want %q:\n  %s", rec.GOPROXY, want, strings.Join(rec.Reasons, "\n  "))
	}
}
