package cli

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/relay"
)

// inProcessRelay serves a goproxytui relay on 127.0.0.1 in front of the
// simulated mirror m (its upstream "fakemirror").
func inProcessRelay(t *testing.T, m *fakeproxy.Server) string {
	t.Helper()
	r, err := relay.New(relay.Options{
		Upstreams: []relay.Upstream{{ID: "fakemirror", URL: m.URL(), Weight: 1}},
		RootCAs:   fakeproxy.CAPool(),
		TempDir:   t.TempDir(),
		// Hermetic: never serve from this machine's module cache.
		NoCacheFallback: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r)
	t.Cleanup(func() {
		srv.Close()
		r.Close()
	})
	return srv.URL
}

// doctor checks a relay named in GOPROXY: it answers, its
// upstream is named, and what go does while it is down is said — with
// '|' it falls through to the mirror after it; with ',' a warning and the
// fix 'relay|rest'. The binary runs in the sandbox of runBin (GOENV a temp
// file holding GOPROXY, HOME and XDG dirs temp).
func TestDoctorRelayInGOPROXY(t *testing.T) {
	t.Parallel()
	m := advMirror(t, fakeproxy.Options{SumDB: true})
	rURL := inProcessRelay(t, m)

	env := adviceEnv(t, m, "GOPROXY="+rURL+"|"+advURL(m)+",direct\n")
	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\n%s", code, errOut, out)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "info mirror-ok", "info mirror-ok", "info chain-ok", "info query-ok", "info sumdb-via-proxy", "info relay")
	if msg := d.message("relay"); !strings.Contains(msg, rURL+" is a goproxytui relay serving from fakemirror (pool 1, weight 1, ") {
		t.Errorf("relay finding says %q", msg)
	}
	if why, want := d.why("relay"), "the | after it moves on to "+advURL(m)+",direct: go would use "+advURL(m); !strings.Contains(why, want) {
		t.Errorf("relay why %q lacks %q", why, want)
	}
	if m.CountEndpoint(fakeproxy.EndpointInfo) == 0 {
		t.Error("the relay did not forward doctor's probe to its mirror")
	}

	env = adviceEnv(t, m, "GOPROXY="+rURL+","+advURL(m)+",direct\n")
	out, errOut, code = runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\n%s", code, errOut, out)
	}
	d = parseDoc(t, out)
	wantFindings(t, d, "warning relay-no-fallback", "info mirror-ok", "info mirror-ok", "info chain-ok", "info query-ok", "info sumdb-via-proxy")
	if f, want := d.fix("relay-no-fallback"), "goproxytui use '"+rURL+"|"+advURL(m)+",direct'"; f != want {
		t.Errorf("fix %q, want %q", f, want)
	}
}

// A loopback entry refusing connections at the relay's configured address
// gets the hint that the relay is not running, beside the chain's own
// findings; at another port it is a failing mirror like any other.
func TestDoctorRelayNotRunning(t *testing.T) {
	t.Parallel()
	m := advMirror(t, fakeproxy.Options{SumDB: true})
	refused, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	env := adviceEnv(t, m, "GOPROXY="+refused+"|"+advURL(m)+",direct\n")
	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\n%s", code, errOut, out)
	}
	if d := parseDoc(t, out); strings.Contains(strings.Join(d.codes(), " "), "relay") {
		t.Errorf("relay finding for a port that is not the relay's: %v", d.codes())
	}

	writeConfig(t, envValue(env, "XDG_CONFIG_HOME"), "goproxytui/config.toml",
		"[relay]\nlisten = \""+strings.TrimPrefix(refused, "http://")+"\"\n")
	out, errOut, code = runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\n%s", code, errOut, out)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "warning mirror-failing", "warning relay-not-running", "info mirror-ok", "info chain-ok", "info query-ok", "info sumdb-via-proxy")
	if msg := d.message("relay-not-running"); !strings.Contains(msg, "nothing answers at "+refused+" (connection refused)") {
		t.Errorf("relay-not-running says %q", msg)
	}
}
