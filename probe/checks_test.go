package probe

import (
	"context"
	"testing"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
)

// The sumdb check keeps what the go command tells apart: 200 (with a lookup
// through the mirror), 404/410, an error status, and a stall, for the
// database name asked about.
func TestCheckSumDBOutcomes(t *testing.T) {
	t.Parallel()
	const name = "sum.corp.example"
	s := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true, SumDBName: name})
	o := testOptions()
	o.CheckList = false
	o.SumDB = name
	probeIt := func() Result { return Probe(context.Background(), mirrorAt("m", s.URL()), o) }
	check := func(what string, r Result, want mirrors.Outcome) {
		t.Helper()
		got, known := r.SumDBOutcome()
		if !known || got != want || r.SumDBName != name {
			t.Errorf("%s: SumDBOutcome = %v known %v name %q, want %v for %q (status %d, notes %q)", what, got, known, r.SumDBName, want, name, r.SumDBStatus, r.Notes)
		}
	}

	r := probeIt()
	check("200 and /latest answers", r, mirrors.OutcomeOK)
	if r.SumDBLookupOK == nil || !*r.SumDBLookupOK || r.SumDBLookupStatus != 200 {
		t.Errorf("lookup: ok %v status %d", r.SumDBLookupOK, r.SumDBLookupStatus)
	}

	// 200 to /supported, but the database's own requests fail through it.
	s.SetPath("/sumdb/"+name+"/latest", fakeproxy.Code(500))
	check("lookups fail behind a 200", probeIt(), mirrors.OutcomeBroken)
	s.ClearOverrides()

	s.SetEndpoint(fakeproxy.EndpointSumDB, fakeproxy.Code(500))
	check("500", probeIt(), mirrors.OutcomeError)
	s.SetEndpoint(fakeproxy.EndpointSumDB, fakeproxy.Do(fakeproxy.Gone))
	check("410", probeIt(), mirrors.OutcomeNotFound)

	// A /supported that never answers is a stall, not an error: go hangs.
	s.SetEndpoint(fakeproxy.EndpointSumDB, fakeproxy.Do(fakeproxy.Stall))
	o.Timeout = answerThenStallTimeout
	r = probeIt()
	if !r.OK() {
		t.Fatalf("the .info probe: %s %s", r.Class, r.Reason)
	}
	check("stall", r, mirrors.OutcomeHang)
	if !r.SumDBStalled {
		t.Error("SumDBStalled not set")
	}

	// Not asked: unknown, and an earlier check is kept for the same name only.
	o.CheckSumDB = false
	r = probeIt()
	if _, known := r.SumDBOutcome(); known {
		t.Error("SumDBOutcome known without a check")
	}
	prev := Result{SumDBChecked: true, SumDBStatus: 404, SumDBName: name, SumDBSupported: boolp(false)}
	if r.KeepSumDB(prev, "sum.golang.org") {
		t.Error("KeepSumDB took a check of another database")
	}
	if !r.KeepSumDB(prev, name) {
		t.Fatal("KeepSumDB refused a check of the same database")
	}
	check("kept", r, mirrors.OutcomeNotFound)
}

// What a probe says about each file of a download: a 200 with a .info go
// rejects is broken for every file unless a deep probe of the .zip says
// otherwise; a deep probe's zip that does not open is a broken 200 (final
// for go), a 404 for the zip a not-found.
func TestResultFiles(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{})
	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if got := r.Files(nil); got != mirrors.Same(mirrors.OutcomeOK) {
		t.Errorf("ok: %v", got)
	}
	s.SetEndpoint(fakeproxy.EndpointInfo, fakeproxy.Do(fakeproxy.GarbageJSON))
	r = Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if got := r.Files(nil); r.Class != ClassProtocol || got != mirrors.Same(mirrors.OutcomeBroken) {
		t.Errorf("garbage .info: class %s files %v", r.Class, got)
	}
	s.ClearOverrides()

	r = Probe(context.Background(), mirrorAt("m", s.URL()), o)
	s.SetPath("/example.com/hello/@v/v1.0.0.zip", fakeproxy.Behavior{Kind: fakeproxy.HugeBody, Size: 64}) // 200, not a zip
	d := Deep(context.Background(), mirrorAt("m", s.URL()), "example.com/hello@v1.0.0", o)
	want := mirrors.Files{Info: mirrors.OutcomeOK, Mod: mirrors.OutcomeOK, Zip: mirrors.OutcomeBroken}
	if got := r.Files(&d); d.Class != ClassProtocol || got != want {
		t.Errorf("broken zip: deep %s %q, files %v, want %v", d.Class, d.Reason, got, want)
	}
	s.SetPath("/example.com/hello/@v/v1.0.0.zip", fakeproxy.Do(fakeproxy.NotFound))
	d = Deep(context.Background(), mirrorAt("m", s.URL()), "example.com/hello@v1.0.0", o)
	if got := r.Files(&d).Zip; got != mirrors.OutcomeNotFound {
		t.Errorf("zip 404: %v", got)
	}
}
