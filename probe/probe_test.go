package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
)

// testOptions probe the fake canary with the fake CA and no proxy from the
// environment. Their timeout is long, so that no probe of a loaded machine
// runs into it; tests of timeouts (stalls, blackholes) set stallTimeout.
func testOptions() Options {
	o := DefaultOptions()
	o.Canary = fakeproxy.Canary
	o.RootCAs = fakeproxy.CAPool()
	o.Proxy = func(*http.Request) (*url.URL, error) { return nil, nil }
	o.Timeout = time.Minute
	return o
}

// stallTimeout is the probe timeout of tests whose mirror never answers
// (or answers too slowly): the probe must give up, and the test waits for
// it to. The connection itself must still be made within it.
const stallTimeout = time.Second

// answerThenStallTimeout is the probe timeout of tests whose mirror answers
// something first (headers, the .info) and then stalls: long enough for a
// loaded machine to deliver the answer, and waited out by the stall.
const answerThenStallTimeout = 2 * time.Second

func mirrorAt(id, u string) mirrors.Mirror {
	return mirrors.Mirror{ID: id, URL: u, Source: mirrors.SourceArg}
}

// fakeResolver answers NXDOMAIN for every name except those in addrs.
type fakeResolver map[string][]netip.Addr

func (f fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, ok := f[host]; ok {
		return a, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// blackholeDial blocks until the context ends, as a dial to an address that
// drops every packet.
func blackholeDial(ctx context.Context, network, addr string) (net.Conn, error) {
	<-ctx.Done()
	return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
}

// silentListener accepts TCP connections and never says a word: a TLS
// handshake with it times out.
func silentListener(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return ln.Addr().String()
}

func TestProbeOKPlainAndTLS(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts fakeproxy.Options
	}{
		{"http", fakeproxy.Options{}},
		{"https", fakeproxy.Options{TLS: true, SumDB: true}},
		{"https-h2", fakeproxy.Options{TLS: true, HTTP2: true}},
		{"https-basepath", fakeproxy.Options{TLS: true, BasePath: "/goproxy"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fakeproxy.StartMirror(t, tc.opts)
			r := Probe(context.Background(), mirrorAt("m", s.URL()+"/"), testOptions())
			if r.Class != ClassOK || r.Status != 200 || r.Reason != "" {
				t.Fatalf("class %s status %d reason %q", r.Class, r.Status, r.Reason)
			}
			if r.URL != s.URL() || r.MirrorID != "m" || r.Start.IsZero() {
				t.Errorf("URL %q id %q start %v", r.URL, r.MirrorID, r.Start)
			}
			if r.RemoteAddr != s.Addr() {
				t.Errorf("RemoteAddr %q, want %q", r.RemoteAddr, s.Addr())
			}
			p := r.Phases
			if p.DNS != 0 { // an IP literal needs no lookup
				t.Errorf("DNS %v for an IP literal", p.DNS)
			}
			if p.Connect <= 0 || p.TTFB <= 0 || p.Total < p.Connect+p.TLS+p.TTFB {
				t.Errorf("phases %+v", p)
			}
			if r.ListOK == nil || !*r.ListOK {
				t.Errorf("ListOK %v, notes %q", r.ListOK, r.Notes)
			}
			if r.SumDBSupported == nil || *r.SumDBSupported != tc.opts.SumDB {
				t.Errorf("SumDBSupported %v, want %v", r.SumDBSupported, tc.opts.SumDB)
			}
			// Only the .info is traced; checks reuse the connection.
			if n := s.CountEndpoint(fakeproxy.EndpointInfo); n != 1 {
				t.Errorf("%d .info requests", n)
			}
			if !tc.opts.TLS {
				if r.TLS != nil || p.TLS != 0 {
					t.Errorf("TLS %+v / %v for plain http", r.TLS, p.TLS)
				}
				return
			}
			ti := r.TLS
			if ti == nil || p.TLS <= 0 {
				t.Fatalf("no TLS info: %+v", r)
			}
			if !strings.HasPrefix(ti.Version, "TLS 1.") || ti.CipherSuite == "" || ti.VerifyError != "" {
				t.Errorf("TLS %+v", ti)
			}
			wantALPN := "http/1.1"
			if tc.opts.HTTP2 {
				wantALPN = "h2"
			}
			if ti.ALPN != wantALPN && !(ti.ALPN == "" && !tc.opts.HTTP2) {
				t.Errorf("ALPN %q, want %q", ti.ALPN, wantALPN)
			}
			if ti.Issuer == "" || ti.LeafNotAfter.IsZero() || ti.ChainNotAfter.After(ti.LeafNotAfter) || ti.DaysLeft < 30 {
				t.Errorf("certificate info %+v", ti)
			}
		})
	}
}

func TestProbeExpiringCertificate(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, Cert: fakeproxy.CertExpiring, CertExpiresIn: 72 * time.Hour})
	r := Probe(context.Background(), mirrorAt("m", s.URL()), testOptions())
	if r.Class != ClassOK || r.TLS == nil {
		t.Fatalf("%s %q", r.Class, r.Reason)
	}
	if r.TLS.DaysLeft != 2 && r.TLS.DaysLeft != 3 {
		t.Errorf("DaysLeft %d, want about 3", r.TLS.DaysLeft)
	}
	if !r.TLS.ChainNotAfter.Equal(r.TLS.LeafNotAfter) {
		t.Errorf("chain %v leaf %v: the leaf expires first", r.TLS.ChainNotAfter, r.TLS.LeafNotAfter)
	}
}

// Every failure class, produced by a simulated mirror and recognised.
// A probeClassCase is a mirror (started by url) and the class, status and
// reason a probe of it must give.
type probeClassCase struct {
	name    string
	url     func(t *testing.T) string
	opt     func(o *Options)
	class   Class
	status  int
	reason  string // substring of Reason
	verify  string // TLSInfo.VerifyError
	checkFn func(t *testing.T, r Result)
}

// probeClassCases are mirrors failing in each way a probe classifies;
// refused is a URL where connections are refused.
func probeClassCases(refused string) []probeClassCase {
	stalls := func(o *Options) { o.Timeout = stallTimeout }
	fake := func(o fakeproxy.Options) func(t *testing.T) string {
		return func(t *testing.T) string { return fakeproxy.StartMirror(t, o).URL() }
	}
	beh := func(b fakeproxy.Behavior) func(t *testing.T) string {
		return fake(fakeproxy.Options{Behavior: b})
	}
	return []probeClassCase{
		{name: "ok", url: beh(fakeproxy.Behavior{}), class: ClassOK, status: 200},
		{name: "dns", url: func(*testing.T) string { return "https://mirror.example.test" },
			opt: func(o *Options) { o.Resolver = fakeResolver{} }, class: ClassDNS, reason: "no such host mirror.example.test"},
		{name: "refused", url: func(*testing.T) string { return refused }, class: ClassRefused, reason: "connection refused"},
		{name: "connect_timeout", url: beh(fakeproxy.Behavior{}), opt: func(o *Options) { o.Dial = blackholeDial; stalls(o) },
			class: ClassConnectTimeout, reason: "no TCP connection"},
		{name: "tls_timeout", url: func(t *testing.T) string { return "https://" + silentListener(t) }, opt: stalls,
			class: ClassTLSTimeout, reason: "did not finish within 1s"},
		{name: "tls_expired", url: fake(fakeproxy.Options{TLS: true, Cert: fakeproxy.CertExpired}),
			class: ClassTLS, reason: "certificate has expired", verify: VerifyExpired},
		{name: "tls_wrong_host", url: fake(fakeproxy.Options{TLS: true, Cert: fakeproxy.CertWrongHost}),
			class: ClassTLS, reason: "not valid for 127.0.0.1 (valid for " + fakeproxy.WrongHostName, verify: VerifyHostname},
		{name: "tls_unknown_ca", url: fake(fakeproxy.Options{TLS: true, Cert: fakeproxy.CertUnknownCA}),
			class: ClassTLS, reason: "unknown authority", verify: VerifyUnknownAuthority},
		{name: "tls_handshake_failure", url: func(t *testing.T) string {
			return strings.Replace(fakeproxy.StartMirror(t, fakeproxy.Options{}).URL(), "http://", "https://", 1)
		}, class: ClassTLS, reason: "TLS handshake failure", verify: VerifyHandshake},
		{name: "stall", url: beh(fakeproxy.Do(fakeproxy.Stall)), opt: stalls, class: ClassStall,
			reason: "the go command has no timeout and would hang on this mirror"},
		// One byte every 200 ms: the body takes seconds longer than the
		// timeout, however fast the machine.
		{name: "stall_body", url: beh(fakeproxy.Behavior{Kind: fakeproxy.SlowBody, Chunk: 1, Interval: 200 * time.Millisecond}),
			opt: func(o *Options) { o.Timeout = answerThenStallTimeout }, class: ClassStall, status: 200, reason: "body stalled"},
		{name: "not_found_404", url: beh(fakeproxy.Do(fakeproxy.NotFound)), class: ClassNotFound, status: 404, reason: "404 Not Found"},
		{name: "not_found_410", url: beh(fakeproxy.Do(fakeproxy.Gone)), class: ClassNotFound, status: 410, reason: "410 Gone"},
		{name: "http_4xx", url: beh(fakeproxy.Do(fakeproxy.Forbidden)), class: ClassHTTP4xx, status: 403, reason: "403 Forbidden"},
		{name: "http_5xx", url: beh(fakeproxy.Do(fakeproxy.ServerError)), class: ClassHTTP5xx, status: 500, reason: "500 Internal Server Error"},
		{name: "http_5xx_ansi", url: beh(fakeproxy.Do(fakeproxy.ANSIBody)), class: ClassHTTP5xx, status: 500,
			reason: "Internal Server Error", checkFn: func(t *testing.T, r Result) {
				for _, s := range []string{r.Reason, r.Body, r.Message(i18n.ZH)} {
					if strings.ContainsAny(s, "\x1b\x07\x00\u009b\u202e\r\b") {
						t.Errorf("control characters survived: %q", s)
					}
				}
				if n := strings.Count(r.Body, "\n") + 1; n > maxErrorLines+1 || !strings.Contains(r.Body, "line 8") || strings.Contains(r.Body, "line 9") {
					t.Errorf("body not cut at 8 lines: %d lines %q", n, r.Body)
				}
			}},
		{name: "protocol_garbage", url: beh(fakeproxy.Do(fakeproxy.GarbageJSON)), class: ClassProtocol, status: 200, reason: "not JSON"},
		{name: "protocol_wrong_version", url: beh(fakeproxy.Do(fakeproxy.WrongVersion)), class: ClassProtocol, status: 200,
			reason: "info for version v9.9.9 instead of requested version v1.0.0"},
		{name: "protocol_huge", url: beh(fakeproxy.Do(fakeproxy.HugeBody)), class: ClassProtocol, status: 200, reason: "over 1048576 bytes"},
		{name: "reset", url: beh(fakeproxy.Do(fakeproxy.Reset)), class: ClassReset, reason: "reset or closed"},
		{name: "reset_h2", url: fake(fakeproxy.Options{TLS: true, HTTP2: true, Behavior: fakeproxy.Do(fakeproxy.Reset)}),
			class: ClassReset, reason: "reset or closed"},
		{name: "bad_url", url: func(*testing.T) string { return "ftp://mirror.example" }, class: ClassProtocol, reason: "invalid proxy URL scheme"},
		{name: "bad_proxy_setting", url: beh(fakeproxy.Behavior{}), opt: func(o *Options) {
			o.Proxy = func(*http.Request) (*url.URL, error) { return nil, errors.New("invalid proxy address") }
		}, class: ClassProtocol, reason: "could not start: invalid proxy address"},
		{name: "creds_over_http", url: func(t *testing.T) string {
			return strings.Replace(fakeproxy.StartMirror(t, fakeproxy.Options{}).URL(), "http://", "http://user:sekrit@", 1)
		}, class: ClassProtocol, reason: "refusing to pass credentials to insecure URL"},
	}
}

func TestProbeClasses(t *testing.T) {
	refused, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	cases := probeClassCases(refused)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			o := testOptions()
			if c.opt != nil {
				c.opt(&o)
			}
			r := Probe(context.Background(), mirrorAt(c.name, c.url(t)), o)
			t.Logf("%s: %s | zh: %s", r.Class, r.Reason, r.Message(i18n.ZH))
			if r.Class != c.class {
				t.Fatalf("class %s, want %s; reason %q", r.Class, c.class, r.Reason)
			}
			if r.Status != c.status {
				t.Errorf("status %d, want %d", r.Status, c.status)
			}
			if !strings.Contains(r.Reason, c.reason) {
				t.Errorf("reason %q, want it to contain %q", r.Reason, c.reason)
			}
			if c.class != ClassOK && (r.Reason == "" || strings.Contains(r.Reason, "\n")) {
				t.Errorf("reason must be one non-empty line: %q", r.Reason)
			}
			if r.Message(i18n.ZH) == "" && r.Reason != "" {
				t.Error("no localised message")
			}
			if c.verify != "" {
				if r.TLS == nil || r.TLS.VerifyError != c.verify {
					t.Errorf("TLS %+v, want VerifyError %q", r.TLS, c.verify)
				}
			}
			if c.checkFn != nil {
				c.checkFn(t, r)
			}
		})
	}
}

// The expired certificate's dates are reported even though verification
// failed.
func TestProbeExpiredCertificateDates(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, Cert: fakeproxy.CertExpired})
	r := Probe(context.Background(), mirrorAt("m", s.URL()), testOptions())
	if r.TLS == nil || r.TLS.LeafNotAfter.IsZero() || r.TLS.DaysLeft >= 0 || r.TLS.Subject == "" && r.TLS.Issuer == "" {
		t.Fatalf("TLS %+v", r.TLS)
	}
}

// Credentials go to the mirror's host as Basic auth, never to a host it
// redirects to, and never into the result.
func TestProbeCredentials(t *testing.T) {
	t.Parallel()
	var otherAuth, mirrorAuth string
	var mu sync.Mutex
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		otherAuth = r.Header.Get("Authorization")
		mu.Unlock()
		w.Write([]byte(`{"Version":"v1.0.0"}`))
	}))
	defer other.Close()
	mirror := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		mirrorAuth = r.Header.Get("Authorization")
		mu.Unlock()
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer mirror.Close()
	o := testOptions()
	o.RootCAs = mirror.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	o.CheckList, o.CheckSumDB = false, false
	u := strings.Replace(mirror.URL, "https://", "https://tok-user:sekrit-pass@", 1)
	r := Probe(context.Background(), mirrorAt("m", u), o)
	if r.Class != ClassOK {
		t.Fatalf("%s: %s", r.Class, r.Reason)
	}
	mu.Lock()
	defer mu.Unlock()
	if mirrorAuth == "" {
		t.Error("no Basic auth sent to the mirror")
	}
	if otherAuth != "" {
		t.Errorf("credentials followed a redirect to another host: %q", otherAuth)
	}
	if strings.Contains(r.URL, "sekrit") {
		t.Errorf("URL %q shows the password", r.URL)
	}
	// A failure's reason does not show them either.
	mirror.Close()
	r = Probe(context.Background(), mirrorAt("m", u), o)
	if r.Class != ClassRefused || strings.Contains(r.Reason, "sekrit") {
		t.Errorf("%s %q", r.Class, r.Reason)
	}
	// A bare user name is a token: not shown at all.
	r = Probe(context.Background(), mirrorAt("m", strings.Replace(u, "tok-user:sekrit-pass@", "tok-secret@", 1)), o)
	if strings.Contains(r.URL+r.Reason, "tok-secret") {
		t.Errorf("token shown: %q %q", r.URL, r.Reason)
	}
}

// With a proxy in the way, the phases measure it and the result says so.
func TestProbeViaProxy(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true})
	var tunnels int
	var mu sync.Mutex
	px := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		up, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		mu.Lock()
		tunnels++
		mu.Unlock()
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			up.Close()
			return
		}
		io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
		done := make(chan struct{}, 2)
		go func() { brw.WriteTo(up); done <- struct{}{} }()
		go func() { io.Copy(conn, up); done <- struct{}{} }()
		<-done
		conn.Close()
		up.Close()
		<-done
	}))
	defer px.Close()
	pu, _ := url.Parse(strings.Replace(px.URL, "http://", "http://puser:ppass@", 1))
	o := testOptions()
	o.Proxy = http.ProxyURL(pu)
	// Without the checks, which run beside the .info and over HTTP/1.1
	// open tunnels of their own: one probe, one tunnel.
	o.CheckList, o.CheckSumDB = false, false
	r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if r.Class != ClassOK {
		t.Fatalf("%s: %s", r.Class, r.Reason)
	}
	if r.ViaProxy == "" || strings.Contains(r.ViaProxy, "ppass") {
		t.Errorf("ViaProxy %q", r.ViaProxy)
	}
	if r.RemoteAddr != strings.TrimPrefix(px.URL, "http://") {
		t.Errorf("RemoteAddr %q: should be the proxy %s", r.RemoteAddr, px.URL)
	}
	if !strings.Contains(r.Reason, "measure the proxy") || r.TLS == nil || r.TLS.VerifyError != "" {
		t.Errorf("reason %q TLS %+v", r.Reason, r.TLS)
	}
	mu.Lock()
	if tunnels != 1 {
		t.Errorf("%d tunnels", tunnels)
	}
	mu.Unlock()

	// The proxy cannot reach the mirror: the reason names the proxy.
	refused, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	r = Probe(context.Background(), mirrorAt("m", strings.Replace(refused, "http://", "https://", 1)), o)
	if r.OK() || !strings.Contains(r.Reason, "via proxy http://puser:xxxxx@") || strings.Contains(r.Reason, "ppass") {
		t.Errorf("%s %q", r.Class, r.Reason)
	}
	// The proxy itself is down: DNS and connect were the proxy's.
	px.Close()
	r = Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if r.Class != ClassRefused || !strings.Contains(r.Reason, "DNS and connect are the proxy's") {
		t.Errorf("%s %q", r.Class, r.Reason)
	}
}

// A canary with upper case letters is escaped as the go command escapes it.
func TestProbeEscapesCanary(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{})
	o := testOptions()
	o.Canary = "example.com/Upper@v1.0.0"
	r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if r.Class != ClassOK {
		t.Fatalf("%s: %s", r.Class, r.Reason)
	}
	req, err := s.WaitRequest(context.Background(), func(q fakeproxy.Request) bool { return q.Endpoint == fakeproxy.EndpointInfo })
	if err != nil || req.Path != "/example.com/!upper/@v/v1.0.0.info" {
		t.Errorf("path %q, %v", req.Path, err)
	}
}

// settleGoroutines waits (polling, bounded) until the goroutine count drops
// to at most n: net/http's connection goroutines end just after the probe
// closes their connections.
func settleGoroutines(t testing.TB, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, want <= %d:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
		time.Sleep(5 * time.Millisecond)
	}
}

// No goroutine outlives a probe, whatever way it failed.
func TestProbeLeavesNoGoroutines(t *testing.T) {
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, HTTP2: true})
	stall := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, Behavior: fakeproxy.Do(fakeproxy.Stall)})
	slow := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Behavior{Kind: fakeproxy.SlowBody, Interval: time.Second}})
	silent := "https://" + silentListener(t)
	// A redirect over HTTP/2 to a mirror that stalls on HTTP/1, and a
	// proxy that never opens its tunnel.
	redirect := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, stall.URL()+r.URL.Path, http.StatusFound)
	}))
	redirect.EnableHTTP2 = true
	redirect.StartTLS()
	defer redirect.Close()
	noTunnel := rawServer(t, func(c net.Conn, stop <-chan struct{}) {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, c) // until the probe hangs up
	})
	settleGoroutines(t, runtime.NumGoroutine())
	before := runtime.NumGoroutine()
	o := testOptions()
	o.Timeout = 300 * time.Millisecond
	blackhole := o
	blackhole.Dial = blackholeDial
	redirected := o
	redirected.RootCAs = redirect.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs.Clone()
	redirected.RootCAs.AppendCertsFromPEM(fakeproxy.CAPEM())
	proxied := o
	pu, _ := url.Parse(noTunnel)
	proxied.Proxy = http.ProxyURL(pu)
	for range 3 {
		var wg sync.WaitGroup
		for _, c := range []struct {
			u string
			o Options
		}{{ok.URL(), o}, {stall.URL(), o}, {slow.URL(), o}, {silent, o}, {ok.URL(), blackhole},
			{redirect.URL, redirected}, {"https://mirror.example", proxied}} {
			wg.Go(func() { Probe(context.Background(), mirrorAt("m", c.u), c.o) })
		}
		wg.Wait()
	}
	settleGoroutines(t, before)
}

// The first-byte time holds the delay a mirror injects before its first
// byte, over HTTP and HTTPS. How close it comes is measured by
// BenchmarkTTFBAccuracy.
func TestTTFBHoldsInjectedDelay(t *testing.T) {
	for _, tls := range []bool{false, true} {
		for _, delay := range []time.Duration{0, 20 * time.Millisecond} {
			t.Run(fmt.Sprintf("tls=%v/%v", tls, delay), func(t *testing.T) {
				t.Parallel()
				s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: tls, Behavior: fakeproxy.Delayed(delay)})
				o := testOptions()
				o.CheckList, o.CheckSumDB = false, false
				r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
				if r.Class != ClassOK {
					t.Fatalf("%s: %s", r.Class, r.Reason)
				}
				if p := r.Phases; p.TTFB < delay || p.TTFB <= 0 {
					t.Errorf("TTFB %v is shorter than the injected %v", p.TTFB, delay)
				}
			})
		}
	}
}

// BenchmarkTTFBAccuracy probes a mirror that waits a known delay before its
// first byte and reports the median first-byte time over that delay
// (ttfb/delay, 1.0 is exact) and the median excess in milliseconds.
func BenchmarkTTFBAccuracy(b *testing.B) {
	for _, tls := range []bool{false, true} {
		for _, delay := range []time.Duration{20 * time.Millisecond, 100 * time.Millisecond} {
			b.Run(fmt.Sprintf("tls=%v/%v", tls, delay), func(b *testing.B) {
				s := fakeproxy.StartMirror(b, fakeproxy.Options{TLS: tls, Behavior: fakeproxy.Delayed(delay)})
				o := testOptions()
				o.CheckList, o.CheckSumDB = false, false
				var ttfb []time.Duration
				for b.Loop() {
					r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
					if r.Class != ClassOK {
						b.Fatalf("%s: %s", r.Class, r.Reason)
					}
					ttfb = append(ttfb, r.Phases.TTFB)
				}
				slices.Sort(ttfb)
				median := ttfb[len(ttfb)/2]
				b.ReportMetric(float64(median)/float64(delay), "ttfb/delay")
				b.ReportMetric(float64(median-delay)/float64(time.Millisecond), "excess-ms")
			})
		}
	}
}

// BenchmarkProbe reports the cost (allocs/op) of one probe over HTTP and
// HTTPS against a loopback mirror, checks off.
func BenchmarkProbe(b *testing.B) {
	for _, tls := range []bool{false, true} {
		b.Run(fmt.Sprintf("tls=%v", tls), func(b *testing.B) {
			s := fakeproxy.StartMirror(b, fakeproxy.Options{TLS: tls})
			o := testOptions()
			o.CheckList, o.CheckSumDB = false, false
			m := mirrorAt("m", s.URL())
			b.ReportAllocs()
			for b.Loop() {
				if r := Probe(context.Background(), m, o); r.Class != ClassOK {
					b.Fatalf("%s: %s", r.Class, r.Reason)
				}
			}
		})
	}
}

// A host name is resolved first, then its addresses are tried in turn; the
// connect phase is the successful attempt and the failed ones are noted.
func TestProbeResolvesThenDialsEachAddress(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{})
	_, port, _ := net.SplitHostPort(s.Addr())
	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	// Nothing listens on 127.0.0.2 (the server is bound to 127.0.0.1).
	o.Resolver = fakeResolver{"mirror.test": {netip.MustParseAddr("127.0.0.2"), netip.MustParseAddr("127.0.0.1")}}
	r := Probe(context.Background(), mirrorAt("m", "http://mirror.test:"+port), o)
	if r.Class != ClassOK {
		t.Fatalf("%s: %s", r.Class, r.Reason)
	}
	if r.RemoteAddr != "127.0.0.1:"+port || r.Phases.DNS <= 0 || r.Phases.Connect <= 0 {
		t.Errorf("remote %q phases %+v", r.RemoteAddr, r.Phases)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "after 1 other addresses failed") {
		t.Errorf("notes %q", r.Notes)
	}
}

// A file:// proxy (GOPROXY=file:///path) is read from disk with the same checks.
func TestProbeFileProxy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	infoDir := filepath.Join(dir, "example.com", "!upper", "@v")
	if err := os.MkdirAll(infoDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(infoDir, "v1.0.0.info"), []byte(`{"Version":"v1.0.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	o := testOptions()
	o.Canary = "example.com/Upper@v1.0.0"
	u := "file://" + filepath.ToSlash(dir)
	if r := Probe(context.Background(), mirrorAt("f", u), o); r.Class != ClassOK || r.Status != 200 {
		t.Errorf("%s %d %q", r.Class, r.Status, r.Reason)
	}
	o.Canary = "example.com/Upper@v1.0.1"
	if r := Probe(context.Background(), mirrorAt("f", u), o); r.Class != ClassNotFound {
		t.Errorf("%s %q", r.Class, r.Reason)
	}
}

// A non-200 answer is classed by its status whatever its body does, except
// where the go command itself would get stuck: it reads a text/plain error
// body to the end (for the detail it shows) and ignores a failure to read
// it, and it does not read any other error body at all.
func TestProbeErrorBodies(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/huge404/"):
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			line := []byte(strings.Repeat("not found\n", 100))
			for range 3 * mib / len(line) {
				if _, err := w.Write(line); err != nil {
					return
				}
			}
		case strings.HasPrefix(r.URL.Path, "/stalljson404/"):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":`))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-stop:
			}
		case strings.HasPrefix(r.URL.Path, "/stalltext404/"):
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte("not found: "))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-stop:
			}
		case strings.HasPrefix(r.URL.Path, "/cut500/"):
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte("upstream down\n"))
			w.(http.Flusher).Flush()
			c, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				c.Close()
			}
		}
	}))
	defer srv.Close()
	defer close(stop)
	for _, c := range []struct {
		path    string
		timeout time.Duration // where the body never ends
		class   Class
		status  int
		reason  string
	}{
		{"huge404", 0, ClassNotFound, 404, "the go command tries the next proxy"},
		{"stalljson404", 0, ClassNotFound, 404, "the go command tries the next proxy"},
		{"stalltext404", answerThenStallTimeout, ClassStall, 404, "would hang"},
		{"cut500", 0, ClassHTTP5xx, 500, "upstream down"},
	} {
		t.Run(c.path, func(t *testing.T) {
			o := testOptions()
			o.CheckList, o.CheckSumDB = false, false
			if c.timeout > 0 {
				o.Timeout = c.timeout
			}
			r := Probe(context.Background(), mirrorAt("m", srv.URL+"/"+c.path), o)
			if r.Class != c.class || r.Status != c.status || !strings.Contains(r.Reason, c.reason) {
				t.Errorf("%s %d %q; want %s %d and a reason with %q", r.Class, r.Status, r.Reason, c.class, c.status, c.reason)
			}
		})
	}
}

// A mirror that echoes the credentials it was sent (in a bad @v/list, in
// a header-like error) does not get them into the notes either.
func TestProbeCredentialsNotInNotes(t *testing.T) {
	t.Parallel()
	mirror := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		switch {
		case strings.HasSuffix(r.URL.Path, ".info"):
			w.Write([]byte(`{"Version":"v1.0.0"}`))
		case strings.HasSuffix(r.URL.Path, "/@v/list"):
			fmt.Fprintf(w, "user-%s-pass-%s\n", u, p)
		default:
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	defer mirror.Close()
	o := testOptions()
	o.RootCAs = mirror.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	u := strings.Replace(mirror.URL, "https://", "https://tok-user:sekrit-pass@", 1)
	r := Probe(context.Background(), mirrorAt("m", u), o)
	if r.Class != ClassOK || r.ListOK == nil || *r.ListOK {
		t.Fatalf("%s %q list %v", r.Class, r.Reason, r.ListOK)
	}
	all := strings.Join(append(r.Notes, r.NoteMessages(i18n.ZH)...), "\n")
	if !strings.Contains(all, "not a version") || strings.Contains(all, "sekrit-pass") || strings.Contains(all, "tok-user") {
		t.Errorf("notes %q", all)
	}
}

// A redirect to another host: every phase adds up its hops, as
// blackbox_exporter does, so no hop is counted twice (the first-byte time
// once held the second connection and handshake, which TLS counted too)
// and none is left out; the result says where it was sent.
func TestProbeRedirectPhases(t *testing.T) {
	t.Parallel()
	const dialDelay, delay1, delay2 = 30 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay2)
		w.Write([]byte(`{"Version":"v1.0.0"}`))
	}))
	defer other.Close()
	mirror := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay1)
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer mirror.Close()
	o := testOptions()
	o.RootCAs = mirror.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	o.CheckList, o.CheckSumDB = false, false
	d := &net.Dialer{}
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		time.Sleep(dialDelay) // a distant host
		return d.DialContext(ctx, network, addr)
	}
	r := Probe(context.Background(), mirrorAt("m", mirror.URL), o)
	if r.Class != ClassOK {
		t.Fatalf("%s: %s", r.Class, r.Reason)
	}
	p := r.Phases
	t.Logf("phases %+v notes %q", p, r.Notes)
	if p.Connect < 2*dialDelay {
		t.Errorf("connect %v: want both hops' %v", p.Connect, dialDelay)
	}
	if p.TLS <= 0 {
		t.Errorf("TLS %v: want both hops' handshakes", p.TLS)
	}
	if p.TTFB < delay1+delay2 {
		t.Errorf("first byte %v: want the two servers' %v and %v", p.TTFB, delay1, delay2)
	}
	// The phases are disjoint parts of the exchange: a second connection
	// or handshake counted in the first byte too would push their sum over
	// the total.
	if sum := p.DNS + p.Connect + p.TLS + p.TTFB + p.Transfer; sum > p.Total {
		t.Errorf("phases add up to %v, over the total %v", sum, p.Total)
	}
	if r.RemoteAddr != strings.TrimPrefix(other.URL, "https://") {
		t.Errorf("remote %q, want the host that answered, %s", r.RemoteAddr, other.URL)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "redirects followed: 1,") || !strings.Contains(r.Notes[0], strings.TrimPrefix(other.URL, "https://")) {
		t.Errorf("notes %q", r.Notes)
	}
}

// rawServer answers every connection with reply(conn) after reading the
// request, and ends its goroutines when the test does.
func rawServer(t *testing.T, reply func(c net.Conn, stop <-chan struct{})) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				buf := make([]byte, 4096)
				c.Read(buf)
				reply(c, stop)
			})
		}
	})
	t.Cleanup(func() { close(stop); ln.Close(); wg.Wait() })
	return "http://" + ln.Addr().String()
}

// A mirror that starts its answer and sends headers forever stalls the go
// command as one that says nothing: the reason says the headers never ended
// (not "no response").
func TestProbeEndlessHeaders(t *testing.T) {
	t.Parallel()
	endless := rawServer(t, func(c net.Conn, stop <-chan struct{}) {
		c.Write([]byte("HTTP/1.1 200 OK\r\n"))
		for {
			if _, err := c.Write([]byte("X-A: b\r\n")); err != nil {
				return
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	o := testOptions()
	o.Timeout = answerThenStallTimeout
	o.CheckList, o.CheckSumDB = false, false
	r := Probe(context.Background(), mirrorAt("m", endless), o)
	if r.Class != ClassStall || !strings.Contains(r.Reason, "headers did not end") || !strings.Contains(r.Reason, "would hang") {
		t.Errorf("%s %q", r.Class, r.Reason)
	}
	// A redirect on the same connection to a path that never answers:
	// the first hop's answer does not make the second's silence a
	// trickle of headers.
	stop := make(chan struct{})
	defer close(stop)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/b/") {
			http.Redirect(w, r, "/b"+r.URL.Path, http.StatusFound)
			return
		}
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	defer srv.Close()
	r = Probe(context.Background(), mirrorAt("m", srv.URL), o)
	if r.Class != ClassStall || !strings.Contains(r.Reason, "no response within") {
		t.Errorf("%s %q", r.Class, r.Reason)
	}
}

// Headers are capped like bodies: a mirror sending megabytes of them costs
// at most maxHeader bytes (net/http alone would read 10 MB).
func TestProbeHugeHeaders(t *testing.T) {
	t.Parallel()
	var sent atomic.Int64
	huge := rawServer(t, func(c net.Conn, stop <-chan struct{}) {
		c.Write([]byte("HTTP/1.1 200 OK\r\nX-Big: "))
		chunk := []byte(strings.Repeat("a", 64<<10))
		for range 8 << 20 / len(chunk) {
			n, err := c.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
		c.Write([]byte("\r\nContent-Length: 2\r\n\r\n{}"))
	})
	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	r := Probe(context.Background(), mirrorAt("m", huge), o)
	if r.Class != ClassProtocol || !strings.Contains(r.Reason, fmt.Sprint(maxHeader)) {
		t.Errorf("%s %q", r.Class, r.Reason)
	}
	t.Logf("%s %q, %d bytes sent", r.Class, r.Reason, sent.Load())
}

// A redirect on a kept-alive connection that the server then drops: net/http
// sends the request again on a new connection. The first-byte time pairs
// each answer with the request that got it, not with the lost one.
func TestProbeTTFBRetriedRequest(t *testing.T) {
	t.Parallel()
	const dialDelay, delay = 40 * time.Millisecond, 50 * time.Millisecond
	var conns atomic.Int32
	srv := rawServer(t, func(c net.Conn, stop <-chan struct{}) {
		if conns.Add(1) == 1 {
			c.Write([]byte("HTTP/1.1 302 Found\r\nLocation: /b/m/@v/v1.0.0.info\r\nContent-Length: 0\r\n\r\n"))
			buf := make([]byte, 4096)
			c.Read(buf) // the second request: dropped unanswered
			return
		}
		time.Sleep(delay)
		body := `{"Version":"v1.0.0"}`
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	})
	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	d := &net.Dialer{}
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		time.Sleep(dialDelay)
		return d.DialContext(ctx, network, addr)
	}
	r := Probe(context.Background(), mirrorAt("m", srv), o)
	if r.Class != ClassOK || conns.Load() != 2 {
		t.Fatalf("%s %q after %d connections", r.Class, r.Reason, conns.Load())
	}
	p := r.Phases
	if p.TTFB < delay || p.Connect < 2*dialDelay {
		t.Errorf("first byte %v, connect %v: want the %v the answering server took and two %v dials", p.TTFB, p.Connect, delay, dialDelay)
	}
	// A first byte paired with the lost request would hold the second
	// dial, counted in connect too: the phases would add up to more than
	// the total.
	if sum := p.DNS + p.Connect + p.TLS + p.TTFB + p.Transfer; sum > p.Total {
		t.Errorf("phases %+v add up to %v, over the total %v", p, sum, p.Total)
	}
}

// A proxy that takes the CONNECT and never opens the tunnel (as when it
// cannot reach a blackholed mirror) is no stall: net/http gives up a CONNECT
// after a minute, so to the go command it is an error, not a hang.
func TestProbeProxyTunnelTimeout(t *testing.T) {
	t.Parallel()
	px := rawServer(t, func(c net.Conn, stop <-chan struct{}) { <-stop })
	pu, _ := url.Parse(px)
	o := testOptions()
	o.Timeout = 300 * time.Millisecond
	o.Proxy = http.ProxyURL(pu)
	r := Probe(context.Background(), mirrorAt("m", "https://mirror.example:443"), o)
	t.Logf("%s %q", r.Class, r.Reason)
	if r.Class != ClassConnectTimeout || r.Class.Outcome() != mirrors.OutcomeError || !strings.Contains(r.Reason, "tunnel") || !strings.Contains(r.Reason, "via proxy") {
		t.Errorf("%s %q", r.Class, r.Reason)
	}
}

// A URL with an empty host name ("http://:8080") dials the local system, as
// net.Dial (and so the go command) does, instead of failing to resolve "".
func TestProbeEmptyHost(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{})
	_, port, _ := net.SplitHostPort(s.Addr())
	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	r := Probe(context.Background(), mirrorAt("m", "http://:"+port), o)
	if r.Class != ClassOK || r.Phases.DNS != 0 {
		t.Errorf("%s %q phases %+v", r.Class, r.Reason, r.Phases)
	}
}

// The sumdb check says in fields, not only in a note, that it was made and
// what it got, so that an answer that is neither 200 nor 404/410 (an error
// to the go command) can be told from a check not made.
func TestProbeSumDBCheckFields(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	o := testOptions()
	r := Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if !r.SumDBChecked || r.SumDBStatus != 200 || r.SumDBSupported == nil || !*r.SumDBSupported {
		t.Errorf("ok: checked %v status %d supported %v", r.SumDBChecked, r.SumDBStatus, r.SumDBSupported)
	}
	s.SetEndpoint(fakeproxy.EndpointSumDB, fakeproxy.Code(502))
	r = Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if !r.SumDBChecked || r.SumDBStatus != 502 || r.SumDBSupported != nil {
		t.Errorf("502: checked %v status %d supported %v", r.SumDBChecked, r.SumDBStatus, r.SumDBSupported)
	}
	o.CheckSumDB = false
	r = Probe(context.Background(), mirrorAt("m", s.URL()), o)
	if r.SumDBChecked || r.SumDBStatus != 0 {
		t.Errorf("not asked: checked %v status %d", r.SumDBChecked, r.SumDBStatus)
	}
}

// A host with a dead IPv6 address and a live IPv4 one connects as the go
// command's dialer does (happy eyeballs): the other family is tried 300 ms
// after the first, in parallel, not after the dead address timed out.
func TestProbeHappyEyeballs(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{})
	_, port, _ := net.SplitHostPort(s.Addr())
	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	o.Resolver = fakeResolver{"mirror.test": {netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("127.0.0.1")}}
	d := &net.Dialer{}
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasPrefix(addr, "[2001:db8::1]") {
			return blackholeDial(ctx, network, addr)
		}
		return d.DialContext(ctx, network, addr)
	}
	r := Probe(context.Background(), mirrorAt("m", "http://mirror.test:"+port), o)
	if r.Class != ClassOK || r.RemoteAddr != "127.0.0.1:"+port {
		t.Fatalf("%s %q remote %q", r.Class, r.Reason, r.RemoteAddr)
	}
	// The dead address blocks until the probe's timeout: an answer at
	// all means the other family was tried beside it, and the live dial
	// starts no earlier than fallbackDelay, so its own connect time leaves
	// that much of the total.
	if p := r.Phases; p.Total < fallbackDelay || p.Connect > p.Total-fallbackDelay {
		t.Errorf("phases %+v: want the IPv4 connection %v after the start, its own connect time short", p, fallbackDelay)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "after 1 other addresses failed") {
		t.Errorf("notes %q: the time lost on IPv6 is not explained", r.Notes)
	}
	// IPv4 first and dead, IPv6 (here: loopback ::1, if the machine has
	// it) is the fallback: the same race the other way round.
	if ln, err := net.Listen("tcp", "[::1]:0"); err == nil {
		ln.Close()
		s6 := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"Version":"v1.0.0"}`))
		}))
		s6.Listener.Close()
		s6.Listener, _ = net.Listen("tcp", "[::1]:0")
		s6.Start()
		defer s6.Close()
		_, port6, _ := net.SplitHostPort(s6.Listener.Addr().String())
		o.Resolver = fakeResolver{"mirror.test": {netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("::1")}}
		o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			if strings.HasPrefix(addr, "192.0.2.1") {
				return blackholeDial(ctx, network, addr)
			}
			return d.DialContext(ctx, network, addr)
		}
		r = Probe(context.Background(), mirrorAt("m", "http://mirror.test:"+port6), o)
		if r.Class != ClassOK || r.RemoteAddr != "[::1]:"+port6 || r.Phases.Total < fallbackDelay {
			t.Errorf("%s %q remote %q phases %+v", r.Class, r.Reason, r.RemoteAddr, r.Phases)
		}
	}
}
