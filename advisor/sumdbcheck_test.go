package advisor

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// sumdbErrorMirror starts a simulated mirror that serves modules but
// answers /sumdb/... with 500, and probes it as doctor and recommend do.
func sumdbErrorMirror(t *testing.T) (string, probe.Result) {
	t.Helper()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{})
	s.SetEndpoint(fakeproxy.EndpointSumDB, fakeproxy.Do(fakeproxy.ServerError))
	opt := probe.DefaultOptions()
	opt.Timeout = 5 * time.Second
	opt.CheckList = false
	opt.Proxy = func(*http.Request) (*url.URL, error) { return nil, nil }
	r := probe.Probe(context.Background(), mirrors.Mirror{ID: s.URL(), URL: s.URL()}, opt)
	if !r.OK() || r.SumDBSupported != nil {
		t.Fatalf("probe: class %s, SumDBSupported %v, want ok and unknown", r.Class, r.SumDBSupported)
	}
	return s.URL(), r
}

// A mirror answering /sumdb/<name>/supported with an error that is not a
// 404/410 leaves the checksum database unavailable when a ',' follows it:
// the go command reports "reading .../sumdb/sum.golang.org/supported: 500"
// (checked against the real go), it does not go to sum.golang.org.
func TestDoctorSumDBSupportedError(t *testing.T) {
	t.Parallel()
	u, r := sumdbErrorMirror(t)
	in := DoctorInput{
		Lang:     i18n.EN,
		Snapshot: snap("GOPROXY=" + u + ",direct"),
		Probes:   map[string]probe.Result{mirrors.URLKey(u): r},
	}
	if got := SumDBChecks(in); len(got) != 0 {
		t.Errorf("SumDBChecks = %q, want none: go never connects to the database directly", got)
	}
	fs := Doctor(in)
	want := f(SeverityError, "sumdb-unreachable", "goproxytui use '"+u+"|direct'")
	if got := short(fs); !slices.Contains(got, want) {
		t.Errorf("findings:\n  %s\nwant among them:\n  %s", strings.Join(got, "\n  "), want)
	}
	for _, x := range fs {
		if strings.Contains(x.Message, "directly") && x.Code == "sumdb-unreachable" {
			t.Errorf("finding says go goes to the database directly: %s", x.Message)
		}
	}

	// With '|' after it, go moves on to direct and connects to the database.
	in.Snapshot = snap("GOPROXY=" + u + "|direct")
	if got, want := SumDBChecks(in), []string{sumOrgURL}; !slices.Equal(got, want) {
		t.Errorf("with |: SumDBChecks = %q, want %q", got, want)
	}
}

// Recommend never proposes a chain in which the checksum database is
// unavailable: a last mirror whose /sumdb/<name>/supported answers an error
// gets '|' before direct, so that go moves on to the database itself.
func TestRecommendSumDBSupportedError(t *testing.T) {
	t.Parallel()
	u, r := sumdbErrorMirror(t)
	m := mirrors.Mirror{ID: mirrors.URLKey(u), URL: u, Source: mirrors.SourceArg}
	rec := Recommend(RecommendInput{
		Lang:       i18n.EN,
		Candidates: []Candidate{{Mirror: m, Results: []probe.Result{r, r, r}}},
		SumDB:      map[string]Reach{mirrors.SumGolangOrg: {OK: true}},
		DirectLast: true,
	})
	if want := u + "|direct"; rec.GOPROXY != want {
		t.Errorf("GOPROXY = %q, want %q", rec.GOPROXY, want)
	}
	db, _ := mirrors.ParseSumDB(rec.GOSUMDB)
	route := mirrors.RouteSumDB(rec.Chain, db, func(int, mirrors.Entry) mirrors.Outcome { return mirrors.OutcomeError })
	if route.Kind != mirrors.Direct {
		t.Errorf("the proposal routes the checksum database %s: %s", route.Kind, route.Reason)
	}
	if !slices.ContainsFunc(rec.Reasons, func(s string) bool { return strings.Contains(s, "/sumdb/sum.golang.org/supported") }) {
		t.Errorf("no reason explains the '|' before direct:\n  %s", strings.Join(rec.Reasons, "\n  "))
	}

	// GOSUMDB=sum.golang.google.cn names its URL: go asks no proxy, ',' stays.
	for _, current := range []string{"", "sum.golang.org https://sumdb.corp.example"} {
		rec = Recommend(RecommendInput{
			Lang:           i18n.EN,
			Candidates:     []Candidate{{Mirror: m, Results: []probe.Result{r, r, r}}},
			SumDB:          map[string]Reach{mirrors.SumGolangOrg: {Reason: "no such host"}, mirrors.SumGolangCN: {OK: true}},
			DirectLast:     true,
			CurrentGOSUMDB: current,
		})
		if want := u + ",direct"; rec.GOPROXY != want {
			t.Errorf("GOSUMDB %q → %q: GOPROXY = %q, want %q", current, rec.GOSUMDB, rec.GOPROXY, want)
		}
	}
}

// A GOSUMDB naming its own URL for sum.golang.org that does not answer,
// while sum.golang.org does: the fix drops the URL. recommend --apply would
// keep it (a database of the user's own), so it fixes nothing.
func TestDoctorSumDBOwnURLDown(t *testing.T) {
	t.Parallel()
	const own = "https://sumdb.corp.example"
	in := DoctorInput{
		Lang:     i18n.EN,
		Snapshot: snap("GOPROXY=off", "GOSUMDB=sum.golang.org "+own),
	}
	if got, want := SumDBChecks(in), []string{own}; !slices.Equal(got, want) {
		t.Fatalf("SumDBChecks = %q, want %q", got, want)
	}
	in.SumDB = map[string]Reach{own: {Reason: "dial tcp: connection refused"}}
	if got, want := SumDBChecks(in), []string{sumCNURL, sumOrgURL}; !slices.Equal(got, want) {
		t.Fatalf("SumDBChecks = %q, want %q", got, want)
	}
	in.SumDB[sumCNURL] = Reach{Reason: "dial tcp: i/o timeout"}
	in.SumDB[sumOrgURL] = Reach{OK: true}
	want := f(SeverityError, "sumdb-unreachable", "go env -u GOSUMDB")
	if got := short(Doctor(in)); !slices.Contains(got, want) {
		t.Errorf("findings:\n  %s\nwant among them:\n  %s", strings.Join(got, "\n  "), want)
	}
}

// When an OS variable sets GOPROXY, recommend --apply writes the go env
// file, which that variable hides: the fix unsets it first.
func TestDoctorRecommendFixUnsetsOSVariable(t *testing.T) {
	t.Parallel()
	in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=off @env")}
	want := f(SeverityWarning, "goproxy-off", "unset GOPROXY && goproxytui recommend --apply")
	if got := short(Doctor(in)); !slices.Contains(got, want) {
		t.Errorf("findings:\n  %s\nwant among them:\n  %s", strings.Join(got, "\n  "), want)
	}
	in = DoctorInput{
		Lang:     i18n.EN,
		Snapshot: snap("GOPROXY=https://goproxy.io @env", "GOSUMDB=sum.golang.google.cn @env"),
		Catalog:  cat,
		Probes:   map[string]probe.Result{"goproxy.io": fail(probe.ClassDNS, "no such host")},
		SumDB:    map[string]Reach{sumCNURL: {Reason: "no such host"}, sumOrgURL: {Reason: "no such host"}},
	}
	for _, want := range []string{
		f(SeverityError, "chain-fails", "unset GOPROXY && goproxytui recommend --apply"),
		f(SeverityError, "sumdb-unreachable", "unset GOPROXY && unset GOSUMDB && goproxytui recommend --apply"),
	} {
		if got := short(Doctor(in)); !slices.Contains(got, want) {
			t.Errorf("findings:\n  %s\nwant among them:\n  %s", strings.Join(got, "\n  "), want)
		}
	}
}

// A GOSUMDB URL of the user's own that does not answer, while neither
// sum.golang.org nor its alias answers directly: going back to the default
// helps only when a mirror of the chain proxies sum.golang.org; else there is
// nothing to run (recommend --apply keeps the user's own database).
func TestDoctorSumDBOwnURLDownNothingDirect(t *testing.T) {
	t.Parallel()
	const own = "https://sumdb.corp.example"
	down := Reach{Reason: "no such host"}
	for _, tt := range []struct {
		proxies *bool
		fix     string
	}{
		{boolp(true), "go env -u GOSUMDB"},
		{boolp(false), ""},
	} {
		in := DoctorInput{
			Lang:     i18n.EN,
			Snapshot: snap("GOPROXY=https://goproxy.cn,direct", "GOSUMDB=sum.golang.org "+own),
			Catalog:  cat,
			Probes:   map[string]probe.Result{"goproxy.cn": ok(time.Millisecond, tt.proxies)},
			SumDB:    map[string]Reach{own: down, sumOrgURL: down, sumCNURL: down},
		}
		want := f(SeverityError, "sumdb-unreachable", tt.fix)
		if got := short(Doctor(in)); !slices.Contains(got, want) {
			t.Errorf("goproxy.cn proxies: %v: findings:\n  %s\nwant among them:\n  %s", *tt.proxies, strings.Join(got, "\n  "), want)
		}
	}
}

// The use command recommend prints is exact or absent: a mirror named by a
// URL with credentials would be written with "xxxxx" as its password.
func TestRecommendUseCommandNeverRedacted(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	for _, tt := range []struct {
		url, use string
	}{
		{"https://athens.corp.example", "goproxytui use https://athens.corp.example,direct --sumdb sum.golang.org"},
		{"https://bob:pw@athens.corp.example", ""},
	} {
		m := mirrors.Mirror{ID: "athens", URL: tt.url, Source: mirrors.SourceArg}
		rec := Recommend(RecommendInput{
			Lang:       i18n.EN,
			Candidates: []Candidate{{Mirror: m, Results: []probe.Result{ok(5*ms, boolp(false))}}},
			SumDB:      map[string]Reach{mirrors.SumGolangOrg: {OK: true}},
			DirectLast: true,
		})
		if rec.UseCommand != tt.use {
			t.Errorf("%s: UseCommand %q, want %q", tt.url, rec.UseCommand, tt.use)
		}
	}
}
