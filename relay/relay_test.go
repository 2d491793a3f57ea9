package relay

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

const (
	helloInfo = "/example.com/hello/@v/v1.0.0.info"
	helloMod  = "/example.com/hello/@v/v1.0.0.mod"
	helloZip  = "/example.com/hello/@v/v1.0.0.zip"
)

// Every file of the protocol comes through unchanged; other paths are 404
// without any upstream request.
func TestServesProtocol(t *testing.T) {
	m := mirror(t, fakeproxy.Options{})
	f := start(t, Options{Upstreams: chainOf(m)})
	for _, p := range []string{helloInfo, helloMod, helloZip, "/example.com/hello/@v/list", "/example.com/hello/@latest", "/example.com/!upper/@v/v1.0.0.info"} {
		code, body := f.get(t, p)
		if code != 200 || body != direct(t, m, p) {
			t.Errorf("%s: %d %q, direct %q", p, code, body, direct(t, m, p))
		}
		if got := f.log.last(); got.Mirror != "a" || got.Status != 200 || len(got.Attempts) != 1 {
			t.Errorf("%s: record %+v", p, got)
		}
	}
	before := len(m.Requests())
	for _, p := range []string{"/", "/etc/passwd", "/example.com/hello/@v/../../x.info", "/example.com/Hello/@v/v1.0.0.info",
		"/example.com/hello/@v/master.zip", "/example.com/hello/@v/v1.0.zip", "/sumdb/sum.golang.org/evil",
		"/sumdb/sum.golang.org/lookup/example.com/hello", "/http://evil.example/@v/list"} {
		if code, _ := f.get(t, p); code != 404 {
			t.Errorf("%s: %d, want 404", p, code)
		}
	}
	if n := len(m.Requests()); n != before {
		t.Errorf("invalid paths reached the mirror: %+v", m.Requests()[before:])
	}
	// A .info query (a branch) is forwarded; the mirror's 404 is the answer.
	if code, _ := f.get(t, "/example.com/hello/@v/master.info"); code != 404 || m.Count("/example.com/hello/@v/master.info") != 1 {
		t.Errorf("query .info: %d, mirror asked %d times", code, m.Count("/example.com/hello/@v/master.info"))
	}
}

// Failover on every kind of error: the second mirror serves.
func TestFailover(t *testing.T) {
	refused, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	good := mirror(t, fakeproxy.Options{})
	cases := []struct {
		name  string
		first string // URL of the failing first mirror
		set   func(*fakeproxy.Server)
		class probe.Class
	}{
		{"500", "", func(s *fakeproxy.Server) { s.Set(fakeproxy.Do(fakeproxy.ServerError)) }, probe.ClassHTTP5xx},
		{"403", "", func(s *fakeproxy.Server) { s.Set(fakeproxy.Do(fakeproxy.Forbidden)) }, probe.ClassHTTP4xx},
		{"reset", "", func(s *fakeproxy.Server) { s.Set(fakeproxy.Do(fakeproxy.Reset)) }, probe.ClassReset},
		{"garbage", "", func(s *fakeproxy.Server) { s.Set(fakeproxy.Do(fakeproxy.GarbageJSON)) }, ClassInvalid},
		{"wrong version", "", func(s *fakeproxy.Server) { s.Set(fakeproxy.Do(fakeproxy.WrongVersion)) }, ClassInvalid},
		{"refused", refused, nil, probe.ClassRefused},
		{"dns", "http://mirror.invalid", nil, probe.ClassDNS},
		{"tls", "", func(s *fakeproxy.Server) {}, probe.ClassTLS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := c.first
			if u == "" {
				opts := fakeproxy.Options{}
				if c.class == probe.ClassTLS {
					opts = fakeproxy.Options{TLS: true, Cert: fakeproxy.CertExpired}
				}
				s := mirror(t, opts)
				c.set(s)
				u = s.URL()
			}
			f := start(t, Options{Upstreams: []Upstream{up("bad", u, 0), up("good", good.URL(), 1)}, Hedge: HedgePolicy{Mode: HedgeOff}})
			code, body := f.get(t, helloInfo)
			rec := f.log.last()
			if code != 200 || !strings.Contains(body, `"v1.0.0"`) || rec.Mirror != "good" {
				t.Fatalf("%d %q %+v", code, body, rec)
			}
			if len(rec.Attempts) != 2 || rec.Attempts[0].Class != c.class || !rec.Failover() {
				t.Errorf("attempts %+v, want the first %s", rec.Attempts, c.class)
			}
		})
	}
}

// A primary that accepts and never answers: the TTFB limit moves on (no
// hedging), and a hedge does it sooner.
func TestStallingPrimary(t *testing.T) {
	t.Parallel()
	stall := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	good := mirror(t, fakeproxy.Options{})
	f := start(t, Options{Upstreams: chainOf(stall, good), Hedge: HedgePolicy{Mode: HedgeOff}, TTFBTimeout: 200 * time.Millisecond})
	t0 := time.Now()
	if code, _ := f.get(t, helloMod); code != 200 {
		t.Fatal(code)
	}
	if d := time.Since(t0); d < 200*time.Millisecond {
		t.Errorf("took %v, want at least the 200ms TTFB limit", d)
	}
	if a := f.log.last().Attempts; a[0].Class != probe.ClassStall || f.log.last().Hedged {
		t.Errorf("attempts %+v", a)
	}

	h := start(t, Options{Upstreams: chainOf(stall, good), Hedge: HedgePolicy{Mode: HedgeFixed, Delay: 20 * time.Millisecond}, TTFBTimeout: time.Minute})
	if code, _ := h.get(t, helloMod); code != 200 {
		t.Fatal(code)
	}
	// The TTFB limit is a minute: only the hedge can have answered.
	rec := h.log.last()
	if !rec.Hedged || rec.Mirror != "b" {
		t.Errorf("hedged answer: %+v", rec)
	}
	if s := h.r.Stats(); s.Hedges != 1 || s.ExtraRequests != 1 {
		t.Errorf("stats %+v", s)
	}
}

// A zip that dies half-way, one that drips slower than the idle limit, and
// one under the floor rate (less than 16 KiB in a window), are never handed to the client: the next mirror's complete zip is.
func TestZipMidBody(t *testing.T) {
	t.Parallel()
	good := mirror(t, fakeproxy.Options{})
	want := direct(t, good, helloZip)
	drip := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Behavior{Kind: fakeproxy.SlowBody, Chunk: 64, Interval: 300 * time.Millisecond}})
	fastDrip := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Behavior{Kind: fakeproxy.SlowBody, Chunk: 64, Interval: 10 * time.Millisecond}})
	for _, c := range []struct {
		name   string
		url    string
		class  probe.Class
		window time.Duration
	}{{"reset", truncating(t, good), probe.ClassReset, 0}, {"drip", drip.URL(), probe.ClassStall, 0}, {"under the floor", fastDrip.URL(), ClassDrip, 200 * time.Millisecond}} {
		t.Run(c.name, func(t *testing.T) {
			f := start(t, Options{Upstreams: []Upstream{up("bad", c.url, 0), up("good", good.URL(), 1)},
				Hedge: HedgePolicy{Mode: HedgeOff}, IdleTimeout: 100 * time.Millisecond, BodyWindow: c.window})
			code, body := f.get(t, helloZip)
			if code != 200 || body != want {
				t.Fatalf("%d, %d bytes, want %d", code, len(body), len(want))
			}
			if _, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body))); err != nil {
				t.Fatal(err)
			}
			// Under the floor a loaded machine may also pause the mirror
			// a whole window: a stall then.
			if a := f.log.last().Attempts; len(a) != 2 || a[0].Class != c.class && !(c.class == ClassDrip && a[0].Class == probe.ClassStall) {
				t.Errorf("attempts %+v", f.log.recs)
			}
		})
	}
}

// A lagging mirror's 404 does not win; all 404 is 404; one 404 with a
// refused mirror is 404; one 404 with a 500 is 502.
func TestNotFound(t *testing.T) {
	lag := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.NotFound)})
	good := mirror(t, fakeproxy.Options{})
	nf2 := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Gone)})
	broken := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	refused, _ := fakeproxy.RefusedURL()

	f := start(t, Options{Upstreams: chainOf(lag, good)})
	if code, _ := f.get(t, helloInfo); code != 200 || f.log.last().Mirror != "b" {
		t.Errorf("lagging 404 won: %d %+v", code, f.log.last())
	}
	f = start(t, Options{Upstreams: chainOf(lag, nf2)})
	if code, body := f.get(t, helloInfo); code != 404 || !strings.Contains(body, "not found") {
		t.Errorf("all not found: %d %q", code, body)
	}
	f = start(t, Options{Upstreams: []Upstream{up("nf", lag.URL(), 0), up("down", refused, 1)}})
	if code, _ := f.get(t, helloInfo); code != 404 {
		t.Errorf("404 + refused: %d", code)
	}
	f = start(t, Options{Upstreams: chainOf(lag, broken)})
	if code, body := f.get(t, helloInfo); code != 502 || !strings.Contains(body, "http_5xx") {
		t.Errorf("404 + 500: %d %q", code, body)
	}
}

// Every mirror failing: a 502 naming each one's failure class. Then, with
// every mirror down (circuit open), the next request asks them all at once
// with the short deadline of a down mirror, not the hour-long header limit,
// and the 502 names each one's last failure.
func TestAllDown(t *testing.T) {
	t.Parallel()
	refused, _ := fakeproxy.RefusedURL()
	stall := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	five := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Code(503)})
	bad := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.GarbageJSON)})
	h := NewHealth(probe.HealthConfig{DownAfter: 1}, 0)
	f := start(t, Options{
		Upstreams: []Upstream{up("refused", refused, 0), up("stall", stall.URL(), 1), up("five", five.URL(), 2), up("garbage", bad.URL(), 3), up("dns", "http://x.invalid", 4)},
		Hedge:     HedgePolicy{Mode: HedgeOff}, TTFBTimeout: time.Hour, ColdTTFB: time.Millisecond, Health: h,
	})
	want := []string{"refused: refused", "stall: stall", "five: http_5xx", "garbage: invalid", "dns: dns"}
	code, body := f.get(t, helloInfo)
	if code != 502 {
		t.Fatalf("%d %q", code, body)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q:\n%s", w, body)
		}
	}
	if n := strings.Count(body, "\n"); n > 8 {
		t.Errorf("%d lines: go shows 8", n)
	}
	for _, id := range []string{"refused", "stall", "five", "garbage", "dns"} {
		if h.State(id) != mirrors.HealthDown {
			t.Fatalf("%s is %v after a failure with DownAfter 1", id, h.State(id))
		}
	}
	code, body = f.get(t, helloInfo)
	if code != 502 {
		t.Fatalf("all down: %d %q", code, body)
	}
	for _, w := range []string{"refused (down): refused", "stall (down): stall", "five (down): http_5xx", "garbage (down): invalid", "dns (down): dns"} {
		if !strings.Contains(body, w) {
			t.Errorf("all down: body lacks %q:\n%s", w, body)
		}
	}
	rec := f.log.last()
	if len(rec.Attempts) != 5 {
		t.Fatalf("attempts %+v", rec.Attempts)
	}
	for _, a := range rec.Attempts {
		if !a.Down {
			t.Errorf("%s asked as up: %+v", a.Mirror, a)
		}
		if a.Mirror == "stall" && (a.Class != probe.ClassStall || !strings.Contains(a.Reason, DefaultDownTimeout.String())) {
			t.Errorf("the staller, down, was not cut at the down deadline: %+v", a)
		}
	}
}

// Private paths never reach a public mirror; the private upstream alone
// gets them; checksum lookups of private modules are not forwarded.
func TestPrivate(t *testing.T) {
	pub := mirror(t, fakeproxy.Options{SumDB: true})
	priv := mirror(t, fakeproxy.Options{Modules: []fakeproxy.Module{{Path: "corp.example/lib", Versions: []string{"v1.2.0"}}}})
	const p = "/corp.example/lib/@v/v1.2.0.info"
	f := start(t, Options{Upstreams: chainOf(pub), NoProxy: "corp.example", NoSumDB: "corp.example"})
	code, body := f.get(t, p)
	if code != 404 || !strings.Contains(body, "GONOPROXY") || pub.Count(p) != 0 {
		t.Errorf("no private upstream: %d %q, public asked %d", code, body, pub.Count(p))
	}
	if code, _ := f.get(t, "/sumdb/sum.golang.org/lookup/corp.example/lib@v1.2.0"); code != 404 || pub.CountEndpoint(fakeproxy.EndpointSumDB) != 0 {
		t.Errorf("private lookup: %d, forwarded %d", code, pub.CountEndpoint(fakeproxy.EndpointSumDB))
	}
	f = start(t, Options{Upstreams: chainOf(pub), Private: []Upstream{up("corp", priv.URL(), 0)}, NoProxy: "corp.example"})
	if code, _ := f.get(t, p); code != 200 || f.log.last().Mirror != "corp" || pub.Count(p) != 0 {
		t.Errorf("private upstream: %d %+v", code, f.log.last())
	}
	if code, _ := f.get(t, helloInfo); code != 200 || priv.Count(helloInfo) != 0 {
		t.Errorf("a public module went to the private upstream")
	}
}

// Credentials go to their own host only and appear in no answer or record.
func TestCredentialsRedacted(t *testing.T) {
	m := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	u := strings.Replace(m.URL(), "http://", "http://", 1)
	if _, err := New(Options{Upstreams: []Upstream{up("x", strings.Replace(u, "http://", "http://user:secret@", 1), 0)}}); err == nil {
		t.Error("credentials over http accepted")
	}
	tm := mirror(t, fakeproxy.Options{TLS: true, Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	cred := strings.Replace(tm.URL(), "https://", "https://user:s3cret@", 1)
	f := start(t, Options{Upstreams: []Upstream{up("corp", cred, 0)}})
	_, body := f.get(t, helloInfo)
	js, _ := json.Marshal(f.log.last())
	st, _ := json.Marshal(f.r.Stats())
	for _, s := range []string{body, string(js), string(st)} {
		if strings.Contains(s, "s3cret") {
			t.Errorf("secret leaked: %s", s)
		}
	}
}

// Pools share traffic by weight (3:1); the backup pool gets nothing while
// the first serves.
func TestPoolsWeights(t *testing.T) {
	a := mirror(t, fakeproxy.Options{})
	b := mirror(t, fakeproxy.Options{})
	c := mirror(t, fakeproxy.Options{})
	f := start(t, Options{Upstreams: []Upstream{
		{ID: "a", URL: a.URL(), Weight: 3, Pool: 0}, {ID: "b", URL: b.URL(), Weight: 1, Pool: 0}, {ID: "c", URL: c.URL(), Pool: 1},
	}})
	const n = 400
	for range n {
		if code, _ := f.get(t, helloInfo); code != 200 {
			t.Fatal(code)
		}
	}
	s := f.r.Stats()
	share := map[string]float64{}
	for _, m := range s.Mirrors {
		share[m.ID] = m.Share
	}
	if share["a"] < 0.65 || share["a"] > 0.85 || share["c"] != 0 {
		t.Errorf("shares %v, want a ≈ 0.75, b ≈ 0.25, c 0", share)
	}
}

// A toolchain zip (golang.org/toolchain, as `go` downloads for GOTOOLCHAIN)
// takes the same path as a module zip: validated, spooled, served whole,
// and failed over when broken.
func TestToolchainZip(t *testing.T) {
	const ver = "v0.0.1-go1.26.8.linux-amd64"
	mods := []fakeproxy.Module{{Path: "golang.org/toolchain", Versions: []string{ver}}}
	good := mirror(t, fakeproxy.Options{Modules: mods})
	f := start(t, Options{Upstreams: []Upstream{up("a", truncating(t, good), 0), up("b", good.URL(), 1)}, Hedge: HedgePolicy{Mode: HedgeOff}})
	p := "/golang.org/toolchain/@v/" + ver + ".zip"
	code, body := f.get(t, p)
	if code != 200 || body != direct(t, good, p) {
		t.Fatalf("%s: %d (%d bytes)", p, code, len(body))
	}
	rec := f.log.last()
	if rec.Kind != KindZip || rec.Mirror != "b" || len(rec.Attempts) != 2 || rec.Attempts[0].Class != probe.ClassReset {
		t.Errorf("record %+v", rec)
	}
}

// A cold relay in front of more stalling mirrors than it asks at once,
// hedging off: once ColdTTFB has passed since the request began, every
// mirror left is asked at once on the short deadline, so the 502 comes
// without the hour-long header limit (a hang here is the bug).
func TestColdAllStalling(t *testing.T) {
	t.Parallel()
	var ups []Upstream
	for i := range maxParallel + 2 {
		s := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
		ups = append(ups, up(string(rune('a'+i)), s.URL(), i))
	}
	f := start(t, Options{Upstreams: ups, Hedge: HedgePolicy{Mode: HedgeOff}, TTFBTimeout: time.Hour, ColdTTFB: 100 * time.Millisecond, DownTimeout: 100 * time.Millisecond})
	code, body := f.get(t, helloInfo)
	if code != 502 || strings.Count(body, ": stall (") != len(ups) {
		t.Errorf("%d %q", code, body)
	}
}
