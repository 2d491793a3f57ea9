package advisor

import (
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// A chain of a 404 mirror and a 500 mirror, a working spare mirror, and a
// checksum database unreachable directly: the chain fix is given anyway,
// says that the database needs fixing too, and writes both at once.
func TestChainFixComposesWithSumDBFix(t *testing.T) {
	nf := fail(probe.ClassNotFound, "404 Not Found")
	nf.Status = 404
	e5 := fail(probe.ClassHTTP5xx, "500 Internal Server Error")
	e5.Status = 500
	in := DoctorInput{Lang: i18n.EN, Catalog: cat,
		Snapshot: snap("GOPROXY=https://nf.example,https://e5.example,direct"),
		Probes: map[string]probe.Result{
			"nf.example": nf, "e5.example": e5,
			"goproxy.cn": opGood(5*time.Millisecond, false),
		},
		SumDB: map[string]Reach{sumOrgURL: {Class: probe.ClassConnectTimeout, Reason: "dial tcp: i/o timeout"}, sumCNURL: {OK: true}},
	}
	for k := range in.Probes {
		if strings.HasSuffix(k, ".example") {
			r := in.Probes[k]
			delete(in.Probes, k)
			in.Probes["https://"+k] = r
		}
	}
	var chain, sum Finding
	for _, f := range Doctor(in) {
		switch f.Code {
		case "chain-fails", "chain-falls-to-direct":
			chain = f
		case "sumdb-unreachable":
			sum = f
		}
	}
	if chain.Code == "" || !strings.HasPrefix(chain.Fix, "goproxytui use 'goproxy.cn|") || !strings.HasSuffix(chain.Fix, " --sumdb sum.golang.google.cn") {
		t.Fatalf("chain finding %s fix %q, want goproxytui use goproxy.cn|… --sumdb sum.golang.google.cn", chain.Code, chain.Fix)
	}
	if !strings.Contains(chain.Why, "the checksum database is unreachable too") {
		t.Errorf("chain finding does not say both are needed: %q", chain.Why)
	}
	if sum.Code == "" || strings.Contains(sum.Fix, "recommend") {
		t.Errorf("sumdb-unreachable %q fix %q: want the finding, and no recommend (the chain fix covers it)", sum.Code, sum.Fix)
	}
	// The combined fix works as judged: download and checksum database.
	arg, sumdb, _ := strings.Cut(strings.TrimPrefix(chain.Fix, "goproxytui use "), " --sumdb ")
	value, err := mirrors.ExpandChain(strings.Trim(arg, "'"), cat)
	if err != nil {
		t.Fatal(err)
	}
	c, err := mirrors.ParseChain(value, cat)
	if err != nil {
		t.Fatal(err)
	}
	db, err := mirrors.ParseSumDB(sumdb)
	if err != nil {
		t.Fatal(err)
	}
	j := JudgeChain(c, db, Measurements{Probes: in.Probes, Reach: in.SumDB})
	if j.Kind != JudgeOK {
		t.Errorf("the combined fix is judged %s: %s", j.Kind, j.Message(i18n.EN))
	}
}

// A partial mirror that works for downloads, and a measured spare mirror
// that answers version queries: the query finding's fix keeps the partial
// mirror first and adds the spare after '|', so a refused query moves on.
func TestQueryFixAddsMirrorAnsweringQueries(t *testing.T) {
	in := DoctorInput{Lang: i18n.EN, Catalog: cat,
		Snapshot: snap("GOPROXY=" + fp + ",direct"),
		Probes:   map[string]probe.Result{fp: opPartial(), "goproxy.cn": opGood(5*time.Millisecond, false)},
		SumDB:    map[string]Reach{sumOrgURL: {OK: true}},
	}
	var q Finding
	for _, f := range Doctor(in) {
		if strings.HasPrefix(f.Code, "query-") {
			q = f
		}
		if strings.HasPrefix(f.Code, "chain-") && f.Code != "chain-ok" {
			t.Errorf("download verdict %s, want chain-ok", f.Code)
		}
	}
	if want := "goproxytui use '" + fp + "|goproxy.cn,direct'"; q.Code != "query-fails" || q.Fix != want {
		t.Errorf("query finding %s fix %q, want query-fails with %q", q.Code, q.Fix, want)
	}
}

// The chain's mirrors fail and the one spare mirror measured working is a
// partial one: doctor's fix puts it in the chain (pinned builds work
// through it) instead of saying that nothing works or proposing a
// recommend that would find nothing either.
func TestDoctorFixUsesMeasuredPartialMirror(t *testing.T) {
	dns := fail(probe.ClassDNS, "lookup: no such host")
	probes := map[string]probe.Result{"goproxy.cn": dns, "aliyun": dns, "goproxy.io": opPartial()}
	for _, m := range cat.Visible() {
		if _, ok := probes[m.ID]; !ok {
			probes[m.ID] = dns
		}
	}
	in := DoctorInput{Lang: i18n.EN, Catalog: cat, Snapshot: snap("GOPROXY=https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,direct"),
		Probes: probes, SumDB: map[string]Reach{sumOrgURL: {OK: true}}}
	if spares := SpareChecks(in); len(spares) != 0 {
		t.Fatalf("SpareChecks = %v with every spare measured", spares)
	}
	var fixesSeen []string
	for _, f := range Doctor(in) {
		if f.Fix != "" {
			fixesSeen = append(fixesSeen, f.Code+": "+f.Fix)
		}
		if strings.Contains(f.Fix, "recommend") || strings.Contains(f.Why, "no mirror measured now would make go use it") {
			t.Errorf("%s: %q, fix %q: a dead end while goproxy.io serves downloads", f.Code, f.Why, f.Fix)
		}
	}
	if len(fixesSeen) != 1 || !strings.Contains(fixesSeen[0], "goproxytui use goproxy.io") {
		t.Errorf("fixes %q, want one putting goproxy.io in the chain", fixesSeen)
	}
}
