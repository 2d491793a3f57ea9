package advisor

import (
	"crypto/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// customSumDB is a valid GOSUMDB naming a database of one's own.
var customSumDB = func() string {
	_, vkey, err := note.GenerateKey(rand.Reader, "sum.example.com")
	if err != nil {
		panic(err)
	}
	return vkey + " https://sum.example.com"
}()

func boolp(b bool) *bool { return &b }

// ok is a successful probe taking total.
func ok(total time.Duration, sumdb *bool) probe.Result {
	return probe.Result{Class: probe.ClassOK, Status: 200, Phases: probe.Phases{Total: total}, SumDBSupported: sumdb}
}

// fail is a failed probe of class c.
func fail(c probe.Class, reason string) probe.Result {
	return probe.Result{Class: c, Reason: reason}
}

func rounds(rs ...probe.Result) []probe.Result { return rs }

func times(n int, r probe.Result) []probe.Result {
	out := make([]probe.Result, n)
	for i := range out {
		out[i] = r
	}
	return out
}

var cat = mirrors.Builtin()

func mirror(t *testing.T, id string) mirrors.Mirror {
	t.Helper()
	m, found := cat.ByID(id)
	if !found {
		t.Fatalf("no catalog mirror %q", id)
	}
	return m
}

const (
	urlCN     = "https://goproxy.cn"
	urlAliyun = "https://mirrors.aliyun.com/goproxy/"
	urlGoogle = "https://proxy.golang.org"
	urlIO     = "https://goproxy.io"
)

// A recommendCase is the measurements given to Recommend and the proposal
// and reasons wanted from it.
type recommendCase struct {
	name       string
	cands      map[string][]probe.Result // by catalog id
	order      []string
	sumdb      map[string]Reach
	directLast bool
	current    string
	max        int

	goproxy, gosumdb string
	usable           bool
	reasons          []string // each must be one of the reasons, exactly
	contains         []string // each must be in some reason
	checks           []string
}

// chainRecommendCases order mirrors by their measurements and leave failing
// ones out.
func chainRecommendCases() []recommendCase {
	ms := time.Millisecond
	reachable := Reach{OK: true}
	unreachable := Reach{Class: probe.ClassDNS, Reason: "lookup sum.golang.org: no such host"}
	return []recommendCase{
		{
			name: "everything healthy",
			cands: map[string][]probe.Result{
				"goproxy.cn":       times(3, ok(38*ms, boolp(true))),
				"aliyun":           times(3, ok(52*ms, boolp(false))),
				"proxy.golang.org": times(3, ok(120*ms, boolp(false))),
			},
			order:      []string{"proxy.golang.org", "goproxy.cn", "aliyun"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: reachable},
			directLast: true,
			goproxy:    urlCN + "|" + urlAliyun + "|" + urlGoogle + ",direct",
			gosumdb:    "sum.golang.org",
			usable:     true,
			reasons: []string{
				"goproxy.cn: p50 38 ms, proxies sum.golang.org — first",
				"aliyun: p50 52 ms, does not proxy sum.golang.org — number 2 in the chain",
				"GOSUMDB=sum.golang.org: go reaches it through goproxy.cn, which proxies it",
				"| after each mirror but the last, so that an outage of one (DNS, TLS, 5xx, anything) falls through to the next",
			},
		},
		{
			name: "proxy.golang.org fails DNS, sum.golang.org unreachable, goproxy.cn proxies it",
			cands: map[string][]probe.Result{
				"proxy.golang.org": times(3, fail(probe.ClassDNS, "lookup proxy.golang.org: no such host")),
				"goproxy.cn":       times(3, ok(38*ms, boolp(true))),
				"aliyun":           rounds(ok(40*ms, boolp(false)), ok(60*ms, boolp(false)), fail(probe.ClassReset, "reset")),
			},
			order:      []string{"proxy.golang.org", "goproxy.cn", "aliyun"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: unreachable},
			directLast: true,
			goproxy:    urlCN + "|" + urlAliyun + ",direct",
			gosumdb:    "sum.golang.org",
			usable:     true,
			reasons: []string{
				"proxy.golang.org: DNS failure in 3/3 rounds — left out",
				"goproxy.cn: p50 38 ms, proxies sum.golang.org — first",
				"aliyun: p50 40 ms, failed 1/3 rounds (connection reset), does not proxy sum.golang.org — number 2 in the chain",
				"GOSUMDB=sum.golang.org: it is unreachable directly (lookup sum.golang.org: no such host), but goproxy.cn proxies it and go asks the mirrors first",
			},
		},
		{
			name: "first mirror answers 500, another stalls",
			cands: map[string][]probe.Result{
				"goproxy.cn": times(2, fail(probe.ClassHTTP5xx, "500 Internal Server Error")),
				"goproxy.io": rounds(ok(30*ms, nil), fail(probe.ClassStall, "no answer within 5s")),
				"aliyun":     times(2, ok(50*ms, boolp(false))),
			},
			order:      []string{"goproxy.cn", "goproxy.io", "aliyun"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: reachable},
			directLast: true,
			goproxy:    urlAliyun + ",direct",
			gosumdb:    "sum.golang.org",
			usable:     true,
			reasons: []string{
				"goproxy.cn: HTTP 5xx error in 2/2 rounds — left out",
				"goproxy.io: stalled in 1/2 rounds (connected, never answered) — left out: the go command has no timeout and would hang on it, even with | after it",
				"aliyun: p50 50 ms, does not proxy sum.golang.org — first",
				"GOSUMDB=sum.golang.org: it is reachable directly",
			},
		},
	}
}

// sumDBRecommendCases choose GOSUMDB by which databases are reachable.
func sumDBRecommendCases() []recommendCase {
	ms := time.Millisecond
	reachable := Reach{OK: true}
	unreachable := Reach{Class: probe.ClassDNS, Reason: "lookup sum.golang.org: no such host"}
	return []recommendCase{
		{
			name: "sum.golang.org unreachable and no mirror proxies it",
			cands: map[string][]probe.Result{
				"aliyun": times(3, ok(50*ms, boolp(false))),
			},
			order:      []string{"aliyun"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: unreachable, mirrors.SumGolangCN: reachable},
			directLast: true,
			goproxy:    urlAliyun + ",direct",
			gosumdb:    "sum.golang.google.cn",
			usable:     true,
			reasons: []string{
				"GOSUMDB=sum.golang.google.cn because sum.golang.org is unreachable (lookup sum.golang.org: no such host) and no chosen mirror proxies it; sum.golang.google.cn serves the same database and is reachable",
			},
		},
		{
			name:       "sumdb reachability unknown: asks for the check",
			cands:      map[string][]probe.Result{"aliyun": times(1, ok(50*ms, boolp(false)))},
			order:      []string{"aliyun"},
			directLast: true,
			goproxy:    urlAliyun + ",direct",
			gosumdb:    "sum.golang.org",
			usable:     true,
			checks:     []string{mirrors.SumGolangOrg},
		},
		{
			name:       "sum.golang.org unreachable, alias unknown: asks for the alias",
			cands:      map[string][]probe.Result{"aliyun": times(1, ok(50*ms, boolp(false)))},
			order:      []string{"aliyun"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: unreachable},
			directLast: true,
			goproxy:    urlAliyun + ",direct",
			gosumdb:    "sum.golang.org",
			usable:     true,
			checks:     []string{mirrors.SumGolangCN},
		},
		{
			name:       "no database reachable at all",
			cands:      map[string][]probe.Result{"aliyun": times(1, ok(50*ms, boolp(false)))},
			order:      []string{"aliyun"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: unreachable, mirrors.SumGolangCN: {Class: probe.ClassConnectTimeout}},
			directLast: true,
			goproxy:    urlAliyun + ",direct",
			gosumdb:    "sum.golang.org",
			usable:     true,
			contains:   []string{"no checksum database is reachable (sum.golang.org: lookup sum.golang.org: no such host; sum.golang.google.cn: connect timeout)"},
		},
	}
}

// limitRecommendCases keep to the config (direct_last, the mirror cap, the
// user's own GOSUMDB) and say when nothing is usable.
func limitRecommendCases() []recommendCase {
	ms := time.Millisecond
	reachable := Reach{OK: true}
	unreachable := Reach{Class: probe.ClassDNS, Reason: "lookup sum.golang.org: no such host"}
	return []recommendCase{
		{
			name: "protocol failure is left out; direct_last = false",
			cands: map[string][]probe.Result{
				"goproxy.io": rounds(ok(20*ms, nil), fail(probe.ClassProtocol, "proxy returned info for version v1.0.0 instead of v1.5.2")),
				"goproxy.cn": times(2, ok(38*ms, nil)),
				"aliyun":     times(2, ok(50*ms, nil)),
			},
			order:      []string{"goproxy.io", "goproxy.cn", "aliyun"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: reachable},
			directLast: false,
			goproxy:    urlCN + "|" + urlAliyun,
			gosumdb:    "sum.golang.org",
			usable:     true,
			reasons: []string{
				"goproxy.io: breaks the Go module proxy protocol (proxy returned info for version v1.0.0 instead of v1.5.2) — left out",
				"no direct at the end: the config says recommend.direct_last = false, so go never fetches from version control",
			},
		},
		{
			name: "nothing usable",
			cands: map[string][]probe.Result{
				"proxy.golang.org": times(2, fail(probe.ClassDNS, "")),
				"goproxy.cn":       rounds(fail(probe.ClassRefused, ""), fail(probe.ClassTLS, "")),
			},
			order:      []string{"proxy.golang.org", "goproxy.cn"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: unreachable, mirrors.SumGolangCN: unreachable},
			directLast: true,
			goproxy:    "direct",
			gosumdb:    "sum.golang.org",
			usable:     false,
			reasons: []string{
				"proxy.golang.org: DNS failure in 2/2 rounds — left out",
				"goproxy.cn: connection refused in 1/2 rounds, TLS failure in 1/2 rounds — left out",
				"no mirror is usable: only direct (fetching from version control) is left — check your network, or name mirrors that work",
			},
		},
		{
			name: "capped at two, a mirror proxying the database added",
			cands: map[string][]probe.Result{
				"goproxy.cn": times(2, ok(30*ms, boolp(false))),
				"aliyun":     times(2, ok(40*ms, boolp(false))),
				"goproxy.io": times(2, ok(90*ms, boolp(true))),
				"tencent":    times(2, ok(80*ms, boolp(false))),
			},
			order:      []string{"goproxy.cn", "aliyun", "goproxy.io", "tencent"},
			sumdb:      map[string]Reach{mirrors.SumGolangOrg: unreachable, mirrors.SumGolangCN: unreachable},
			directLast: true,
			max:        2,
			goproxy:    urlCN + "|" + urlAliyun + "|" + urlIO + ",direct",
			gosumdb:    "sum.golang.org",
			usable:     true,
			reasons: []string{
				"goproxy.io: p50 90 ms, proxies sum.golang.org — number 3 in the chain, added because it proxies sum.golang.org, which is unreachable here",
				"tencent: p50 80 ms — not chosen: the chain keeps the 2 best mirrors, and each extra one only adds waiting when those before it fail",
			},
		},
		{
			name:       "a checksum database of the user's own is kept",
			cands:      map[string][]probe.Result{"goproxy.cn": times(1, ok(30*ms, boolp(true)))},
			order:      []string{"goproxy.cn"},
			directLast: true,
			current:    customSumDB,
			goproxy:    urlCN + ",direct",
			gosumdb:    customSumDB,
			usable:     true,
		},
		{
			name:       "GOSUMDB=off is turned back on",
			cands:      map[string][]probe.Result{"goproxy.cn": times(1, ok(30*ms, boolp(true)))},
			order:      []string{"goproxy.cn"},
			directLast: true,
			current:    "off",
			goproxy:    urlCN + ",direct",
			gosumdb:    "sum.golang.org",
			usable:     true,
			reasons:    []string{"checksum verification was off (GOSUMDB=off): the proposal turns it back on"},
		},
	}
}

func TestRecommend(t *testing.T) {
	t.Parallel()
	tests := slices.Concat(chainRecommendCases(), sumDBRecommendCases(), limitRecommendCases())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := RecommendInput{Lang: i18n.EN, SumDB: tt.sumdb, DirectLast: tt.directLast, CurrentGOSUMDB: tt.current, MaxMirrors: tt.max}
			for _, id := range tt.order {
				in.Candidates = append(in.Candidates, Candidate{Mirror: mirror(t, id), Results: tt.cands[id]})
			}
			rec := Recommend(in)
			if rec.GOPROXY != tt.goproxy || rec.GOSUMDB != tt.gosumdb || rec.Usable != tt.usable {
				t.Errorf("got GOPROXY=%q GOSUMDB=%q usable=%v, want %q %q %v", rec.GOPROXY, rec.GOSUMDB, rec.Usable, tt.goproxy, tt.gosumdb, tt.usable)
			}
			if rec.Usable {
				if _, err := mirrors.ParseChain(rec.GOPROXY, nil); err != nil {
					t.Errorf("proposed GOPROXY does not parse: %v", err)
				}
				if _, err := mirrors.ParseSumDB(rec.GOSUMDB); err != nil {
					t.Errorf("proposed GOSUMDB does not parse: %v", err)
				}
			}
			for _, want := range tt.reasons {
				if !slices.Contains(rec.Reasons, want) {
					t.Errorf("no reason %q in:\n%s", want, strings.Join(rec.Reasons, "\n"))
				}
			}
			for _, want := range tt.contains {
				if !slices.ContainsFunc(rec.Reasons, func(s string) bool { return strings.Contains(s, want) }) {
					t.Errorf("no reason containing %q in:\n%s", want, strings.Join(rec.Reasons, "\n"))
				}
			}
			if tt.name == "everything healthy" && rec.UseCommand != "goproxytui use 'goproxy.cn|aliyun|proxy.golang.org,direct' --sumdb sum.golang.org" {
				t.Errorf("UseCommand %q", rec.UseCommand)
			}
			if !slices.Equal(rec.SumDBChecks, tt.checks) {
				t.Errorf("SumDBChecks = %q, want %q", rec.SumDBChecks, tt.checks)
			}
			if len(rec.Choices) != len(tt.order) {
				t.Errorf("%d choices for %d candidates", len(rec.Choices), len(tt.order))
			}
			for _, ch := range rec.Choices {
				if ch.Reason.Format == "" {
					t.Errorf("choice %s has no reason", ch.Mirror.ID)
				}
			}
		})
	}
}

// Every candidate appears once, whatever its spelling, and the chain never
// holds a mirror twice.
func TestRecommendDeduplicates(t *testing.T) {
	t.Parallel()
	m := mirror(t, "goproxy.cn")
	dup := m
	dup.URL = "https://GOPROXY.cn/"
	rec := Recommend(RecommendInput{DirectLast: true, SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}}, Candidates: []Candidate{
		{Mirror: m, Results: times(1, ok(time.Millisecond, nil))},
		{Mirror: dup, Results: times(1, ok(time.Millisecond, nil))},
	}})
	if rec.GOPROXY != urlCN+",direct" || len(rec.Choices) != 1 {
		t.Errorf("GOPROXY %q with %d choices", rec.GOPROXY, len(rec.Choices))
	}
}

// Credentials of a private mirror are in GOPROXY (to apply) but never in
// Display or the reasons.
func TestRecommendRedacts(t *testing.T) {
	t.Parallel()
	m := mirrors.Mirror{ID: "", URL: "https://bob:s3cret@athens.corp.example/", Source: mirrors.SourceArg}
	rec := Recommend(RecommendInput{DirectLast: true, SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}},
		Candidates: []Candidate{{Mirror: m, Results: times(2, ok(3*time.Millisecond, boolp(false)))}}})
	if !strings.Contains(rec.GOPROXY, "s3cret") {
		t.Errorf("GOPROXY lost the credentials: %q", rec.GOPROXY)
	}
	all := rec.Display + strings.Join(rec.Reasons, "\n")
	if strings.Contains(all, "s3cret") {
		t.Errorf("credentials shown:\n%s", all)
	}
}

// go refuses credentials over plain http: such a mirror is left out even
// when it answers probes.
func TestRecommendHTTPCredentials(t *testing.T) {
	t.Parallel()
	m := mirrors.Mirror{ID: "corp", URL: "http://bob:pw@athens.corp.example", Source: mirrors.SourceConfig}
	rec := Recommend(RecommendInput{DirectLast: true, SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}},
		Candidates: []Candidate{{Mirror: m, Results: times(1, ok(time.Millisecond, nil))}}})
	if rec.Usable || rec.GOPROXY != "direct" || !slices.Contains(rec.Reasons, "corp: the go command refuses to use it (refusing to pass credentials to insecure URL) — left out") {
		t.Errorf("GOPROXY %q usable %v reasons %q", rec.GOPROXY, rec.Usable, rec.Reasons)
	}
}

// The reasons read in Chinese too, with the same facts.
func TestRecommendChinese(t *testing.T) {
	t.Parallel()
	rec := Recommend(RecommendInput{Lang: i18n.ZH, DirectLast: true,
		SumDB: map[string]Reach{mirrors.SumGolangOrg: {Class: probe.ClassDNS}, mirrors.SumGolangCN: {OK: true}},
		Candidates: []Candidate{
			{Mirror: mirror(t, "proxy.golang.org"), Results: times(3, fail(probe.ClassDNS, ""))},
			{Mirror: mirror(t, "aliyun"), Results: times(3, ok(52*time.Millisecond, boolp(false)))},
		}})
	if rec.GOSUMDB != mirrors.SumGolangCN {
		t.Fatalf("GOSUMDB %q", rec.GOSUMDB)
	}
	for i, r := range rec.Reasons {
		if r == rec.Texts[i].String() {
			t.Errorf("reason not translated: %q", r)
		}
	}
	joined := strings.Join(rec.Reasons, "\n")
	for _, want := range []string{"proxy.golang.org", "3/3", "aliyun", "52", "sum.golang.google.cn"} {
		if !strings.Contains(joined, want) {
			t.Errorf("zh reasons lack %q:\n%s", want, joined)
		}
	}
}

// A mirror whose @v/list fails serves pinned downloads: it is kept, and
// when it decides version queries the reasons say what @v/list did.
func TestRecommendListFailureReason(t *testing.T) {
	t.Parallel()
	bad := ok(time.Millisecond, nil)
	bad.ListOK = boolp(false)
	bad.ListChecked, bad.ListStatus, bad.LatestChecked, bad.LatestStatus = true, 403, true, 404
	bad.Notes = []string{"sumdb: fine", "@v/list answered 403"}
	rec := Recommend(RecommendInput{DirectLast: true, SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}}, Candidates: []Candidate{
		{Mirror: mirror(t, "proxy.golang.org"), Results: rounds(bad, bad)},
	}})
	if rec.GOPROXY != "https://proxy.golang.org,direct" {
		t.Errorf("GOPROXY = %q, want proxy.golang.org kept: it serves pinned files", rec.GOPROXY)
	}
	joined := strings.Join(rec.Reasons, "\n")
	if !strings.Contains(joined, "proxy.golang.org") || !strings.Contains(joined, "403 on @v/list") {
		t.Errorf("reasons do not say what @v/list did:\n%s", joined)
	}
}

// The reasons say the times include an HTTP(S) proxy only when a chosen
// mirror's probes went through one.
func TestRecommendProxyCaveat(t *testing.T) {
	t.Parallel()
	const caveat = "the probes went through the HTTP(S) proxy http://proxy.corp:3128"
	proxied := func(r probe.Result) probe.Result { r.ViaProxy = "http://proxy.corp:3128"; return r }
	in := func(cn, golang probe.Result) RecommendInput {
		return RecommendInput{DirectLast: true, SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}}, Candidates: []Candidate{
			{Mirror: mirror(t, "goproxy.cn"), Results: times(2, cn)},
			{Mirror: mirror(t, "proxy.golang.org"), Results: times(2, golang)},
		}}
	}
	good, down := ok(3*time.Millisecond, boolp(true)), fail(probe.ClassRefused, "connection refused")
	tests := []struct {
		name string
		in   RecommendInput
		want bool
	}{
		{"chosen mirror proxied", in(proxied(good), down), true},
		{"only the mirror left out proxied", in(good, proxied(down)), false},
		{"nothing proxied", in(good, down), false},
	}
	for _, tt := range tests {
		rec := Recommend(tt.in)
		joined := strings.Join(rec.Reasons, "\n")
		if got := strings.Contains(joined, caveat); got != tt.want {
			t.Errorf("%s: proxy caveat %v, want %v; reasons:\n%s", tt.name, got, tt.want, joined)
		}
	}
}
