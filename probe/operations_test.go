package probe

import (
	"context"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Each operation is reported apart: a partial mirror serves the pinned
// .info and the checksum database but refuses version queries.
func TestProbeOperationsOfPartialMirrors(t *testing.T) {
	cases := []struct {
		name       string
		list       fakeproxy.Behavior
		wantQuery  mirrors.Outcome
		wantStatus int
		stalled    bool
	}{
		{"list 403", fakeproxy.Code(403), mirrors.OutcomeError, 403, false},
		{"list 404", fakeproxy.Do(fakeproxy.NotFound), mirrors.OutcomeNotFound, 404, false},
		{"list 500", fakeproxy.Do(fakeproxy.ServerError), mirrors.OutcomeError, 500, false},
		{"list stalled", fakeproxy.Do(fakeproxy.Stall), mirrors.OutcomeHang, 0, true},
		// The canary's one version dropped: an empty list, so go asks
		// @latest, which the partial mirror answers 404.
		{"list stale", fakeproxy.Do(fakeproxy.StaleList), mirrors.OutcomeNotFound, 404, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
			s.SetPartial(fakeproxy.Partial{List: tc.list})
			o := testOptions()
			o.Timeout = time.Second
			r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
			if r.Class != ClassOK {
				t.Fatalf("pinned .info: %s %q, want ok", r.Class, r.Reason)
			}
			if !r.ListChecked || r.ListStalled != tc.stalled {
				t.Fatalf("list checked %v stalled %v, want checked, stalled %v (notes %q)", r.ListChecked, r.ListStalled, tc.stalled, r.Notes)
			}
			ops := r.Operations()
			if len(ops) != 3 || ops[0].Op != OpPinned || ops[1].Op != OpQuery || ops[2].Op != OpChecksum {
				t.Fatalf("operations %+v", ops)
			}
			if ops[0].Outcome != mirrors.OutcomeOK {
				t.Errorf("pinned %+v, want ok", ops[0])
			}
			if !ops[1].Checked || ops[1].Outcome != tc.wantQuery || ops[1].Status != tc.wantStatus {
				t.Errorf("query %+v, want outcome %v status %d", ops[1], tc.wantQuery, tc.wantStatus)
			}
			if !ops[2].Checked || ops[2].Outcome != mirrors.OutcomeOK {
				t.Errorf("checksum %+v, want ok", ops[2])
			}
		})
	}
}

// A list lacking the version the mirror serves lags: go takes it as an
// answer and silently picks an older version.
func TestProbeSeesLaggingList(t *testing.T) {
	s := fakeproxy.StartMirror(t, fakeproxy.Options{Modules: []fakeproxy.Module{{Path: "example.com/lag", Versions: []string{"v1.0.0", "v1.1.0"}}}})
	s.SetEndpoint(fakeproxy.EndpointList, fakeproxy.Do(fakeproxy.StaleList))
	o := testOptions()
	o.Canary = "example.com/lag@v1.1.0"
	r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
	q, known := r.QueryOutcome()
	if r.Class != ClassOK || !known || q.Outcome() != mirrors.OutcomeOK || !q.ListLags || r.ListVersions != 1 {
		t.Errorf("class %s, query %+v known %v, versions %d, want ok and lagging (notes %q)", r.Class, q, known, r.ListVersions, r.Notes)
	}
}

// A probe without the checks keeps the last query check it is given.
func TestKeepQuery(t *testing.T) {
	prev := Result{ListChecked: true, ListStatus: 403, LatestChecked: true, LatestStatus: 404}
	var r Result
	if !r.KeepQuery(prev) || r.ListStatus != 403 || r.LatestStatus != 404 {
		t.Errorf("kept %+v", r)
	}
	var none Result
	if none.KeepQuery(Result{}) {
		t.Error("KeepQuery of nothing reports a check")
	}
}
