package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// The @v/list and sumdb checks (/supported and /latest) run beside the
// .info request: here the .info is only answered once the three others
// have arrived, which a probe asking them one after the other could never
// do (it would report a stall). No timing involved: the server waits on
// the requests themselves.
func TestProbeChecksRunBesideInfo(t *testing.T) {
	t.Parallel()
	fake := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	var mu sync.Mutex
	seen := map[string]bool{}
	all := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		mu.Lock()
		for _, k := range []string{"/@v/list", "/supported", "/latest"} {
			if strings.HasSuffix(p, k) {
				seen[k] = true
			}
		}
		if len(seen) == 3 {
			select {
			case <-all:
			default:
				close(all)
			}
		}
		mu.Unlock()
		if strings.HasSuffix(p, ".info") {
			select {
			case <-all:
			case <-r.Context().Done():
				return
			}
		}
		resp, err := http.Get(fake.URL() + p) // the fake mirror's real answer
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		buf := make([]byte, 64<<10)
		n, _ := resp.Body.Read(buf)
		w.Write(buf[:n])
	}))
	defer srv.Close()

	o := testOptions()
	r := Probe(context.Background(), mirrorAt("m", srv.URL), o)
	if r.Class != ClassOK {
		t.Fatalf("%s: %s (seen %v)", r.Class, r.Reason, seen)
	}
	if r.ListOK == nil || !*r.ListOK || r.SumDBSupported == nil || !*r.SumDBSupported || r.SumDBLookupOK == nil || !*r.SumDBLookupOK {
		t.Errorf("checks: list %v supported %v lookup %v, notes %q", r.ListOK, r.SumDBSupported, r.SumDBLookupOK, r.Notes)
	}
}

// Over HTTP/2 the checks share the .info's connection (one handshake per
// probe, as before they ran beside it); the .info's phases are measured on
// its own dial whatever the checks do.
func TestProbeChecksShareHTTP2Connection(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, HTTP2: true, SumDB: true, Behavior: fakeproxy.Delayed(20 * time.Millisecond)})
	r := Probe(context.Background(), mirrorAt("m", s.URL()), testOptions())
	if r.Class != ClassOK || r.TLS == nil || r.TLS.ALPN != "h2" {
		t.Fatalf("%s %q TLS %+v", r.Class, r.Reason, r.TLS)
	}
	if r.Phases.Connect <= 0 || r.Phases.TLS <= 0 || r.Phases.TTFB < 20*time.Millisecond {
		t.Errorf("phases %+v", r.Phases)
	}
	remotes := map[string]bool{}
	for _, q := range s.Requests() {
		remotes[q.Remote] = true
	}
	// .info, @v/list, @latest, /supported and its /latest.
	if len(s.Requests()) != 5 || len(remotes) != 1 {
		t.Errorf("%d requests over %d connections, want 5 over 1: %+v", len(s.Requests()), len(remotes), s.Requests())
	}
}

// When /supported answers 404, the /latest asked beside it is dropped: the
// result is the one of a check asking them in turn.
func TestProbeSumDBEarlyLatestDropped(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true}) // no sumdb: every /sumdb/ path is 404
	r := Probe(context.Background(), mirrorAt("m", s.URL()), testOptions())
	if r.Class != ClassOK || !r.SumDBChecked || r.SumDBStatus != 404 || r.SumDBSupported == nil || *r.SumDBSupported {
		t.Fatalf("%s: checked %v status %d supported %v", r.Class, r.SumDBChecked, r.SumDBStatus, r.SumDBSupported)
	}
	if r.SumDBLookupStatus != 0 || r.SumDBLookupOK != nil || r.SumDBLookupStalled {
		t.Errorf("a lookup counted after a 404: status %d ok %v stalled %v", r.SumDBLookupStatus, r.SumDBLookupOK, r.SumDBLookupStalled)
	}
}

// A .info that never answers ends the probe at its timeout with no check
// results, as when the checks came after it, and leaves no goroutine.
func TestProbeStallDropsChecks(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	s.SetEndpoint(fakeproxy.EndpointInfo, fakeproxy.Do(fakeproxy.Stall))
	o := testOptions()
	o.Timeout = 300 * time.Millisecond
	r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if r.Class != ClassStall {
		t.Fatalf("%s %q", r.Class, r.Reason)
	}
	if r.ListOK != nil || r.SumDBChecked || len(r.Notes) != 0 {
		t.Errorf("checks kept after a stalled .info: list %v sumdb %v notes %q", r.ListOK, r.SumDBChecked, r.Notes)
	}
}
