package demofleet

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

func TestCertificateVariants(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind  CertKind
		check func(error) bool
	}{
		{CertValid, func(err error) bool { return err == nil }},
		{CertExpiring, func(err error) bool { return err == nil }},
		{CertExpired, func(err error) bool {
			var e x509.CertificateInvalidError
			return errors.As(err, &e) && e.Reason == x509.Expired
		}},
		{CertWrongHost, func(err error) bool {
			var e x509.HostnameError
			return errors.As(err, &e) && e.Host == "127.0.0.1"
		}},
		{CertUnknownCA, func(err error) bool {
			var e x509.UnknownAuthorityError
			return errors.As(err, &e)
		}},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			s := StartMirror(t, Options{TLS: true, Cert: tc.kind, CertExpiresIn: 72 * time.Hour})
			conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{RootCAs: s.CAPool(), ServerName: "127.0.0.1"})
			if !tc.check(err) {
				t.Fatalf("handshake error %v (%T)", err, errors.Unwrap(err))
			}
			if err != nil {
				return
			}
			defer conn.Close()
			left := time.Until(conn.ConnectionState().PeerCertificates[0].NotAfter)
			if tc.kind == CertExpiring && (left > 72*time.Hour || left < 71*time.Hour) {
				t.Errorf("expiring certificate has %v left, want 72h", left)
			}
			if tc.kind == CertValid && left < 300*24*time.Hour {
				t.Errorf("valid certificate has only %v left", left)
			}
		})
	}
	// localhost is valid too, and the certificate can be switched live.
	s := StartMirror(t, Options{TLS: true})
	c := client(t)
	localhost := strings.Replace(s.URL(), "127.0.0.1", "localhost", 1)
	if code, _, _, err := get(t, c, localhost+"/example.com/canary/@v/list"); err != nil || code != 200 {
		t.Fatalf("localhost: %d %v", code, err)
	}
	if err := s.SetCert(CertExpired, 0); err != nil {
		t.Fatal(err)
	}
	_, _, _, err := get(t, c, s.URL()+"/example.com/canary/@v/list")
	var e x509.CertificateInvalidError
	if !errors.As(err, &e) || e.Reason != x509.Expired {
		t.Fatalf("after SetCert(CertExpired): %v", err)
	}
}

func TestCAFile(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{TLS: true})
	f, err := s.CAFile()
	if err != nil {
		t.Fatal(err)
	}
	pemBytes, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatalf("CA file %s holds no certificate", f)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()
	code, _, _, err := get(t, &http.Client{Transport: tr}, s.URL()+"/example.com/canary/@v/list")
	if err != nil || code != 200 {
		t.Fatalf("with the CA file's pool: %d %v", code, err)
	}
	s.Close()
	if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CA file left after Close: %v", err)
	}
}

func TestSlowBody(t *testing.T) {
	t.Parallel()
	// Headers come at once: the next chunk is an hour away.
	held := StartMirror(t, Options{Behavior: Behavior{Kind: SlowBody, Chunk: 10, Interval: time.Hour}})
	resp, err := client(t).Get(held.URL() + "/example.com/canary/@v/v1.0.0.info")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("headers of a slow body: %v %v", resp, err)
	}
	resp.Body.Close()
	// The body, a chunk at a time, adds up to the .info.
	s := StartMirror(t, Options{Behavior: Behavior{Kind: SlowBody, Chunk: 10, Interval: 5 * time.Millisecond}})
	resp, err = client(t).Get(s.URL() + "/example.com/canary/@v/v1.0.0.info")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	var info Info
	if err != nil || json.Unmarshal(body, &info) != nil || info.Version != "v1.0.0" {
		t.Fatalf("slow body %q: %v", body, err)
	}
}

func TestGarbageAndWrongVersion(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{Behavior: Do(GarbageJSON)})
	c := client(t)
	var info Info
	for _, p := range []string{"/example.com/hello/@v/v1.0.0.info", "/example.com/hello/@latest"} {
		code, _, body, err := get(t, c, s.URL()+p)
		if err != nil || code != 200 || json.Unmarshal(body, &info) == nil {
			t.Errorf("garbage %s: %d %q %v", p, code, body, err)
		}
	}
	code, _, body, err := get(t, c, s.URL()+"/example.com/hello/@v/list")
	if err != nil || code != 200 || strings.HasPrefix(string(body), "v") {
		t.Errorf("garbage list: %d %q %v", code, body, err)
	}
	if code, _, body, _ := get(t, c, s.URL()+"/example.com/hello/@v/v1.0.0.mod"); code != 200 || !bytes.HasPrefix(body, []byte("module ")) {
		t.Errorf("garbage mode changed .mod: %d %q", code, body)
	}
	s.Set(Do(WrongVersion))
	code, _, body, err = get(t, c, s.URL()+"/example.com/hello/@v/v1.0.0.info")
	if err != nil || code != 200 || json.Unmarshal(body, &info) != nil || info.Version == "v1.0.0" || info.Version == "" {
		t.Errorf("wrong version: %d %q %v", code, body, err)
	}
}

func TestHugeBody(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{Behavior: Behavior{Kind: HugeBody, Size: 3<<20 + 17}})
	resp, err := client(t).Get(s.URL() + "/example.com/canary/@v/v1.0.0.info")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ContentLength != 3<<20+17 {
		t.Errorf("Content-Length %d", resp.ContentLength)
	}
	head := make([]byte, 12)
	if _, err := io.ReadFull(resp.Body, head); err != nil || string(head) != `{"Version":"` {
		t.Fatalf("head %q %v", head, err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || n+12 != 3<<20+17 {
		t.Fatalf("read %d bytes, %v", n+12, err)
	}
	// The default is 100 MiB; the client stops after a capped read and
	// the server handler ends.
	s.Set(Do(HugeBody))
	resp, err = client(t).Get(s.URL() + "/example.com/canary/@v/v1.0.0.info")
	if err != nil {
		t.Fatal(err)
	}
	if resp.ContentLength != HugeSize {
		t.Errorf("default Content-Length %d", resp.ContentLength)
	}
	if n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)); n != 1<<20 || err != nil {
		t.Errorf("capped read %d %v", n, err)
	}
	resp.Body.Close()
}

func TestSumDB(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{TLS: true, BasePath: "/goproxy/"})
	if !strings.HasSuffix(s.URL(), "/goproxy") {
		t.Fatalf("URL %q lacks the base path", s.URL())
	}
	c := client(t)
	supported := s.URL() + "/sumdb/sum.golang.org/supported"
	if code, _, _, err := get(t, c, supported); err != nil || code != 404 {
		t.Fatalf("sumdb off: %d %v", code, err)
	}
	s.SetSumDB(true)
	if code, _, _, err := get(t, c, supported); err != nil || code != 200 {
		t.Fatalf("sumdb on: %d %v", code, err)
	}
	code, _, body, err := get(t, c, s.URL()+"/sumdb/sum.golang.org/lookup/example.com/hello@v1.0.0")
	want, _ := s.GoSum("example.com/hello", "v1.0.0")
	if err != nil || code != 200 || !strings.Contains(string(body), want) {
		t.Fatalf("lookup: %d %q %v; want it to hold %q", code, body, err, want)
	}
	code, _, body, err = get(t, c, s.URL()+"/sumdb/sum.golang.org/latest")
	if err != nil || code != 200 || !strings.HasPrefix(string(body), "go.sum database tree\n") {
		t.Fatalf("latest: %d %q %v", code, body, err)
	}
	if code, _, _, _ := get(t, c, s.URL()+"/sumdb/sum.golang.org/lookup/example.com/nope@v1.0.0"); code != 404 {
		t.Errorf("lookup of an unknown module: %d, want 404", code)
	}
	if code, _, _, _ := get(t, c, s.URL()+"/sumdb/other.example/supported"); code != 404 {
		t.Errorf("another database: %d, want 404", code)
	}
	// The behaviour applies to /sumdb/ too.
	s.Set(Do(ServerError))
	if code, _, _, _ := get(t, c, supported); code != 500 {
		t.Errorf("sumdb under ServerError: %d", code)
	}
}

func TestOverridesAndFailRate(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{})
	c := client(t)
	s.SetEndpoint(EndpointList, Do(Gone))
	s.SetPath("/example.com/hello/@v/v1.1.0.info", Do(Forbidden))
	for p, want := range map[string]int{
		"/example.com/hello/@v/list":        410,
		"/example.com/hello/@v/v1.1.0.info": 403,
		"/example.com/hello/@v/v1.0.0.info": 200,
	} {
		if code, _, _, err := get(t, c, s.URL()+p); err != nil || code != want {
			t.Errorf("%s: %d %v, want %d", p, code, err, want)
		}
	}
	if s.CountEndpoint(EndpointInfo) != 2 || s.CountKind(Gone) != 1 || s.CountKind(Forbidden) != 1 {
		t.Errorf("counters: info %d, gone %d, forbidden %d", s.CountEndpoint(EndpointInfo), s.CountKind(Gone), s.CountKind(Forbidden))
	}
	s.ClearOverrides()
	s.Set(Behavior{FailRate: 1})
	if code, _, _, _ := get(t, c, s.URL()+"/example.com/hello/@v/list"); code != 502 {
		t.Errorf("FailRate 1: %d, want 502", code)
	}
	reqs := s.Requests()
	if len(reqs) != 4 || reqs[3].Kind != Status || reqs[0].Seq != 1 {
		t.Errorf("requests %+v", reqs)
	}
}

func TestWaitRequest(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := s.WaitRequest(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("no request: %v", err)
	}
	go s.Close()
	if _, err := s.WaitRequest(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("closed: %v", err)
	}
}

func TestHTTP2(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start(Options{TLS: true, HTTP2: true})
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: CAPool()}, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(s.URL() + "/example.com/canary/@v/list")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Fatalf("protocol %s, want HTTP/2", resp.Proto)
	}
	s.Set(Do(Reset))
	if _, _, _, err := get(t, &http.Client{Transport: tr}, s.URL()+"/example.com/canary/@v/list"); err == nil {
		t.Fatal("reset over HTTP/2 succeeded")
	}
	// A stalled HTTP/2 stream ends on Close, with every goroutine.
	s.Set(Do(Stall))
	errc := getAsync(context.Background(), &http.Client{Transport: tr}, s.URL()+"/example.com/canary/@v/list")
	if _, err := s.WaitRequest(context.Background(), func(r Request) bool { return r.Kind == Stall }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := <-errc; err == nil {
		t.Fatal("stalled HTTP/2 request succeeded after Close")
	}
	tr.CloseIdleConnections()
	waitGoroutines(t, before)
}

func TestZipAndGoSum(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{Modules: []Module{{Path: "example.com/extra/v2", Versions: []string{"v2.0.1"}}}})
	c := client(t)
	dir := t.TempDir()
	for _, m := range []module.Version{
		{Path: "example.com/hello", Version: "v1.0.0"},
		{Path: "example.com/Upper", Version: "v1.0.0"},
		{Path: "example.com/extra/v2", Version: "v2.0.1"},
	} {
		esc, _ := module.EscapePath(m.Path)
		code, ctype, body, err := get(t, c, s.URL()+"/"+esc+"/@v/"+m.Version+".zip")
		if err != nil || code != 200 || ctype != "application/zip" {
			t.Fatalf("%v zip: %d %q %v", m, code, ctype, err)
		}
		f := filepath.Join(dir, strings.ReplaceAll(esc, "/", "_")+".zip")
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		cf, err := modzip.CheckZip(m, f)
		if err != nil || len(cf.Valid) < 3 || len(cf.Invalid) != 0 {
			t.Fatalf("%v: CheckZip %+v %v", m, cf, err)
		}
		if err := modzip.Unzip(filepath.Join(dir, esc+"@"+m.Version), m, f); err != nil {
			t.Fatalf("%v: unzip: %v", m, err)
		}
		h, err := dirhash.HashZip(f, dirhash.Hash1)
		if err != nil {
			t.Fatal(err)
		}
		_, _, modBody, _ := get(t, c, s.URL()+"/"+esc+"/@v/"+m.Version+".mod")
		mh, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(modBody)), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := s.GoSum(m.Path, m.Version)
		if want := m.Path + " " + m.Version + " " + h + "\n" + m.Path + " " + m.Version + "/go.mod " + mh + "\n"; err != nil || sum != want {
			t.Fatalf("%v: GoSum %q %v; want %q", m, sum, err, want)
		}
		if pkg, err := GoSum(m.Path, m.Version, Module{Path: "example.com/extra/v2", Versions: []string{"v2.0.1"}}); err != nil || pkg != sum {
			t.Errorf("package GoSum %q %v, server's %q", pkg, err, sum)
		}
		zr, _ := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if !strings.HasPrefix(zr.File[0].Name, m.Path+"@"+m.Version+"/") {
			t.Errorf("zip entry %q", zr.File[0].Name)
		}
	}
	if _, err := Start(Options{Modules: []Module{{Path: "example.com/x", Versions: []string{"1.0"}}}}); err == nil {
		t.Error("Start accepted a bad version")
	}
}

// TestHugeBodyNotAllocated streams the whole default body and checks that
// the process did not allocate anything near its size.
func TestHugeBodyNotAllocated(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 100 MiB")
	}
	s := StartMirror(t, Options{Behavior: Do(HugeBody)})
	c := client(t)
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	resp, err := c.Get(s.URL() + "/example.com/canary/@v/v1.0.0.info")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.CopyBuffer(io.Discard, resp.Body, make([]byte, 64<<10))
	resp.Body.Close()
	runtime.ReadMemStats(&m1)
	if err != nil || n != HugeSize {
		t.Fatalf("read %d bytes, %v", n, err)
	}
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > HugeSize/10 {
		t.Errorf("allocated %d bytes to stream %d", alloc, n)
	}
}

func TestBlackhole(t *testing.T) {
	t.Parallel()
	b, err := StartBlackhole()
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !strings.HasPrefix(b.URL(), "https://127.0.0.1:") {
		t.Errorf("URL %q", b.URL())
	}
	_, err = net.DialTimeout("tcp", b.Addr(), 50*time.Millisecond)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("connect to the blackhole: %v, want a timeout", err)
	}
	b.Close()
	b.Close()
	if _, err := net.Dial("tcp", b.Addr()); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("after Close: %v, want connection refused", err)
	}
}

func TestHandshakeStall(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start(Options{TLS: true, Behavior: Do(HandshakeStall)})
	if err != nil {
		t.Fatal(err)
	}
	// The client gives up: its handshake times out, the server's goroutine
	// ends when the connection closes.
	d := net.Dialer{Timeout: time.Second}
	conn, err := d.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	tc := tls.Client(conn, &tls.Config{RootCAs: CAPool(), ServerName: "127.0.0.1"})
	hs := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { hs <- tc.HandshakeContext(ctx) }()
	r, err := s.WaitRequest(context.Background(), nil)
	if err != nil || r.Kind != HandshakeStall || r.Path != "" {
		t.Fatalf("logged %+v %v", r, err)
	}
	cancel()
	if err := <-hs; err == nil {
		t.Fatal("handshake succeeded")
	}
	tc.Close()
	// A stalled handshake ends on Close too.
	errc := getAsync(context.Background(), client(t), s.URL()+"/example.com/canary/@v/list")
	if _, err := s.WaitRequest(context.Background(), func(r Request) bool { return r.Seq == 2 }); err != nil {
		t.Fatal(err)
	}
	// Switching back lets new handshakes through.
	s.Set(Do(OK))
	if code, _, _, err := get(t, client(t), s.URL()+"/example.com/canary/@v/list"); err != nil || code != 200 {
		t.Fatalf("after Set(OK): %d %v", code, err)
	}
	s.Close()
	if err := <-errc; err == nil {
		t.Error("stalled handshake succeeded after Close")
	}
	waitGoroutines(t, before)
	// Over plain HTTP it is a stall.
	p := StartMirror(t, Options{Behavior: Do(HandshakeStall)})
	errc = getAsync(context.Background(), client(t), p.URL()+"/x")
	if r, err := p.WaitRequest(context.Background(), nil); err != nil || r.Kind != Stall {
		t.Fatalf("plain HTTP: %+v %v", r, err)
	}
	p.Close()
	<-errc
}
