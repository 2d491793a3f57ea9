package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// stallsOnce serves the simulated mirror m, except that its second .info
// request gets no answer until the client gives up: a fast mirror that
// stalls now and then.
func stallsOnce(t *testing.T, m *fakeproxy.Server) string {
	t.Helper()
	u, err := url.Parse(m.URL())
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	var infos atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".info") && infos.Add(1) == 2 {
			<-r.Context().Done()
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// slowDelay is the first-byte delay of the mirror that answers every time:
// the relay is proposed only for a staller faster than it, so it is far
// beyond what a loaded machine adds to the staller's loopback answers
// (half a second has been seen). The probe timeout, which each stall
// waits out, is three times that.
const slowDelay = 2 * time.Second

// recommend proposes goproxytui relay when the fast mirror stalls now and
// then, keeps the plain chain without it, and says why; not
// when GOPROXY already goes through a relay. The binary runs in runBin's
// sandbox (GOENV a temp file, HOME and XDG dirs temp).
func TestRecommendProposesRelay(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the relay proposal needs a mirror that answers only after seconds; run without -short")
	}
	fast := fakeproxy.StartMirror(t, fakeproxy.Options{})
	flaky := stallsOnce(t, fast)
	slow := advMirror(t, fakeproxy.Options{SumDB: true, Behavior: fakeproxy.Delayed(slowDelay)})
	env := adviceEnv(t, slow, "")

	type relayOut struct {
		Relay *struct {
			Command string `json:"command"`
			Chain   string `json:"chain"`
			Why     string `json:"why"`
		} `json:"relay"`
	}
	// A mirror that answers nothing is never one of the relay's upstreams.
	dead, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runBin(t, env, "recommend", "--json", "--rounds", "3", "--timeout", "6s", flaky, slow.URL(), dead)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s\n%s", code, errOut, out)
	}
	r := parseRec(t, out)
	if want := advURL(slow) + ",direct"; r.GOPROXY != want {
		t.Errorf("plain chain %q, want %q (the staller left out)", r.GOPROXY, want)
	}
	var ro relayOut
	if err := json.Unmarshal([]byte(out), &ro); err != nil || ro.Relay == nil {
		t.Fatalf("no relay proposal (%v):\n%s", err, out)
	}
	if want := "goproxytui relay --chain '" + flaky + "|" + advURL(slow) + "' --apply"; ro.Relay.Command != want {
		t.Errorf("command %q, want %q", ro.Relay.Command, want)
	}
	if strings.Contains(ro.Relay.Chain, strings.TrimPrefix(dead, "http://")) {
		t.Errorf("the relay's upstreams hold the dead mirror: %q", ro.Relay.Chain)
	}
	for _, want := range []string{strings.TrimPrefix(flaky, "http://") + " stalled in 1 of 2 probes", "hangs on a stall", "fails over"} {
		if !strings.Contains(ro.Relay.Why, want) {
			t.Errorf("why %q lacks %q", ro.Relay.Why, want)
		}
	}
}

// The relay proposal is in the text output too.
func TestRecommendProposesRelayInText(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the relay proposal needs a mirror that answers only after seconds; run without -short")
	}
	fast := fakeproxy.StartMirror(t, fakeproxy.Options{})
	slow := advMirror(t, fakeproxy.Options{SumDB: true, Behavior: fakeproxy.Delayed(slowDelay)})
	env := adviceEnv(t, slow, "")
	out, _, _ := runBin(t, env, "recommend", "--rounds", "3", "--timeout", "6s", stallsOnce(t, fast), slow.URL())
	if !strings.Contains(out, "Relay: goproxytui relay --chain") || !strings.Contains(out, "  why: ") {
		t.Errorf("text output lacks the relay proposal:\n%s", out)
	}
}

// GOPROXY already goes through a relay: none proposed, and it says so; the
// relay stays in front of the proposal, and --apply writes it so.
func TestRecommendKeepsRelayInGOPROXY(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the relay proposal needs a mirror that answers only after seconds; run without -short")
	}
	fast := fakeproxy.StartMirror(t, fakeproxy.Options{})
	slow := advMirror(t, fakeproxy.Options{SumDB: true, Behavior: fakeproxy.Delayed(slowDelay)})
	rURL := inProcessRelay(t, slow)
	env := adviceEnv(t, slow, "GOPROXY="+rURL+"|"+advURL(slow)+",direct\n")
	flaky2 := stallsOnce(t, fast)
	out, errOut, code := runBin(t, env, "recommend", "--json", "--rounds", "3", "--timeout", "6s", flaky2, slow.URL())
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s\n%s", code, errOut, out)
	}
	var ro struct{ Relay any }
	if err := json.Unmarshal([]byte(out), &ro); err != nil || ro.Relay != nil {
		t.Errorf("relay proposed although GOPROXY goes through one (%v):\n%s", err, out)
	}
	r := parseRec(t, out)
	if !hasAdvReason(r, "GOPROXY already goes through the goproxytui relay at "+rURL) {
		t.Errorf("no reason says the relay is there: %q", r.Reasons)
	}
	if want := rURL + "|" + advURL(slow) + ",direct"; r.GOPROXY != want {
		t.Errorf("proposed GOPROXY %q, want %q (the relay kept)", r.GOPROXY, want)
	}
	out, errOut, code = runBin(t, env, "recommend", "--apply", "--rounds", "1", "--timeout", "6s", slow.URL())
	if code != 0 {
		t.Fatalf("--apply: exit %d, stderr:\n%s\n%s", code, errOut, out)
	}
	if data, _ := os.ReadFile(envValue(env, "GOENV")); !strings.Contains(string(data), "GOPROXY="+rURL+"|"+advURL(slow)+",direct\n") {
		t.Errorf("go env file after recommend --apply: %q", data)
	}
}
