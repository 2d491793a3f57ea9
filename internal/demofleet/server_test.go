package demofleet

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/config"
)

// client returns a client trusting the package CA, with no connection reuse
// so tests see each server behaviour on a fresh connection.
func client(t *testing.T) *http.Client {
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: CAPool()},
		DisableKeepAlives: true,
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// getAsync sends a GET in a goroutine and reads the body; the channel gets
// the error.
func getAsync(ctx context.Context, c *http.Client, url string) <-chan error {
	errc := make(chan error, 1)
	go func() {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err == nil {
			var resp *http.Response
			if resp, err = c.Do(req); err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
		errc <- err
	}()
	return errc
}

// get fetches a path and returns status, content type and body.
func get(t *testing.T, c *http.Client, url string) (int, string, []byte, error) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b, err
}

func TestProtocolOK(t *testing.T) {
	t.Parallel()
	for _, tlsOn := range []bool{false, true} {
		s := StartMirror(t, Options{TLS: tlsOn})
		if tlsOn != strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
			t.Fatalf("URL %q, TLS %v", s.URL(), tlsOn)
		}
		c := client(t)
		code, _, body, err := get(t, c, s.URL()+"/example.com/hello/@v/list")
		if err != nil || code != 200 || string(body) != "v1.0.0\nv1.1.0\n" {
			t.Fatalf("list: %d %q %v", code, body, err)
		}
		code, ctype, body, err := get(t, c, s.URL()+"/example.com/hello/@v/v1.0.0.info")
		if err != nil || code != 200 || ctype != "application/json" {
			t.Fatalf("info: %d %q %v", code, ctype, err)
		}
		var info Info
		if err := json.Unmarshal(body, &info); err != nil || info.Version != "v1.0.0" || info.Time.IsZero() {
			t.Fatalf("info %q: %+v %v", body, info, err)
		}
		code, _, body, err = get(t, c, s.URL()+"/example.com/hello/@latest")
		if err != nil || code != 200 || !strings.Contains(string(body), `"Version":"v1.1.0"`) {
			t.Fatalf("latest: %d %q %v", code, body, err)
		}
		code, _, body, err = get(t, c, s.URL()+"/example.com/hello/@v/v1.0.0.mod")
		if err != nil || code != 200 || string(body) != "module example.com/hello\n\ngo 1.21\n" {
			t.Fatalf("mod: %d %q %v", code, body, err)
		}
		code, _, body, err = get(t, c, s.URL()+"/example.com/hello/@v/v9.0.0.info")
		if err != nil || code != 404 || !strings.Contains(string(body), "not found") {
			t.Fatalf("unknown version: %d %q %v", code, body, err)
		}
		code, _, _, err = get(t, c, s.URL()+"/example.com/nope/@v/list")
		if err != nil || code != 404 {
			t.Fatalf("unknown module: %d %v", code, err)
		}
		if n := s.Count("/example.com/hello/@v/list"); n != 1 {
			t.Errorf("Count(list) = %d, want 1", n)
		}
		if n, k := s.Count(""), s.CountKind(OK); n != 6 || k != 6 {
			t.Errorf("Count() = %d, CountKind(OK) = %d, want 6", n, k)
		}
	}
}

func TestCaseEscapedPath(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{})
	c := client(t)
	code, _, body, err := get(t, c, s.URL()+"/example.com/!upper/@v/v1.0.0.info")
	if err != nil || code != 200 || !strings.Contains(string(body), `"Version":"v1.0.0"`) {
		t.Fatalf("escaped: %d %q %v", code, body, err)
	}
	// "!" travels as %21 too.
	code, _, body, err = get(t, c, s.URL()+"/example.com/%21upper/@v/v1.0.0.mod")
	if err != nil || code != 200 || string(body) != "module example.com/Upper\n\ngo 1.21\n" {
		t.Fatalf("escaped %%21: %d %q %v", code, body, err)
	}
	// The unescaped path is not a valid escaped path.
	code, _, _, err = get(t, c, s.URL()+"/example.com/Upper/@v/list")
	if err != nil || code != 404 {
		t.Fatalf("unescaped: %d %v", code, err)
	}
	r, err := s.WaitRequest(context.Background(), func(r Request) bool { return r.Endpoint == EndpointMod })
	if err != nil || r.Module != "example.com/Upper" || r.Version != "v1.0.0" {
		t.Fatalf("request %+v %v", r, err)
	}
}

func TestStatusBehaviours(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{TLS: true})
	c := client(t)
	for _, tc := range []struct {
		b    Behavior
		code int
	}{
		{Do(NotFound), 404}, {Do(Gone), 410}, {Do(Forbidden), 403},
		{Do(ServerError), 500}, {Code(502), 502}, {Do(ANSIBody), 500},
		{Behavior{Kind: ANSIBody, Status: 503}, 503},
	} {
		s.Set(tc.b)
		code, ctype, body, err := get(t, c, s.URL()+"/example.com/canary/@v/v1.0.0.info")
		if err != nil || code != tc.code || !strings.HasPrefix(ctype, "text/plain") || len(body) == 0 {
			t.Errorf("%v: %d %q %q %v", tc.b.Kind, code, ctype, body, err)
		}
		if tc.b.Kind == ANSIBody && (!strings.Contains(string(body), "\x1b]0;") || strings.Count(string(body), "\n") <= 8) {
			t.Errorf("ANSI body lacks escapes or lines: %q", body)
		}
	}
}

func TestDelay(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{Behavior: Delayed(50 * time.Millisecond)})
	c := client(t)
	t0 := time.Now()
	code, _, _, err := get(t, c, s.URL()+"/example.com/canary/@v/v1.0.0.info")
	if err != nil || code != 200 {
		t.Fatalf("%d %v", code, err)
	}
	if d := time.Since(t0); d < 50*time.Millisecond {
		t.Errorf("answered after %v, want >= 50ms", d)
	}
}

func TestStallEndsOnClientAndClose(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{Behavior: Do(Stall)})
	// The client gives up: the handler must end.
	ctx, cancel := context.WithCancel(context.Background())
	errc := getAsync(ctx, client(t), s.URL()+"/example.com/canary/@v/v1.0.0.info")
	if _, err := s.WaitRequest(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("stalled request ended with %v", err)
	}
	// The server closes: the stalled request fails, Close returns.
	errc = getAsync(context.Background(), client(t), s.URL()+"/example.com/canary/@v/list")
	if _, err := s.WaitRequest(context.Background(), func(r Request) bool { return r.Seq == 2 }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := <-errc; err == nil {
		t.Fatal("stalled request succeeded after Close")
	}
	// Now the URL refuses connections.
	_, _, _, err := get(t, client(t), s.URL()+"/")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("after Close: %v, want connection refused", err)
	}
}

func TestReset(t *testing.T) {
	t.Parallel()
	for _, tlsOn := range []bool{false, true} {
		s := StartMirror(t, Options{TLS: tlsOn, Behavior: Do(Reset)})
		_, _, _, err := get(t, client(t), s.URL()+"/example.com/canary/@v/v1.0.0.info")
		if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("tls=%v: %v, want reset", tlsOn, err)
		}
		var op *net.OpError
		if !tlsOn && !errors.As(err, &op) {
			t.Errorf("plain reset is not a net.OpError: %v", err)
		}
	}
}

func TestCloseEndsGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start(Options{TLS: true, Behavior: Do(Stall)})
	if err != nil {
		t.Fatal(err)
	}
	var errcs []<-chan error
	for range 3 {
		errcs = append(errcs, getAsync(context.Background(), client(t), s.URL()+"/x"))
	}
	if _, err := s.WaitRequest(context.Background(), func(r Request) bool { return r.Seq == 3 }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, errc := range errcs {
		if err := <-errc; err == nil {
			t.Error("stalled request succeeded")
		}
	}
	waitGoroutines(t, before)
}

// waitGoroutines waits (boundedly) for the goroutine count to come back to
// before: goroutines of closed connections end just after Close returns.
func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	var now int
	for range 6000 { // a minute: a hang's bound
		if now = runtime.NumGoroutine(); now <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<16)
	t.Fatalf("goroutines: %d before, %d after Close\n%s", before, now, buf[:runtime.Stack(buf, true)])
}

func TestDefaultCanaryServed(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{})
	p, v, _ := strings.Cut(config.DefaultCanary, "@")
	esc, _ := module.EscapePath(p)
	code, _, body, err := get(t, client(t), s.URL()+"/"+esc+"/@v/"+v+".info")
	if err != nil || code != 200 || !strings.Contains(string(body), `"Version":"`+v+`"`) {
		t.Fatalf("probe default canary %s: %d %q %v", config.DefaultCanary, code, body, err)
	}
}
