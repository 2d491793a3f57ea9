package relay

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// mirror starts a fake mirror closed at the end of the test.
func mirror(t testing.TB, opts fakeproxy.Options) *fakeproxy.Server {
	t.Helper()
	s, err := fakeproxy.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// up is an upstream of its own pool for a URL.
func up(id, u string, pool int) Upstream { return Upstream{ID: id, URL: u, Weight: 1, Pool: pool} }

// chainOf makes upstreams in priority order.
func chainOf(ss ...*fakeproxy.Server) []Upstream {
	var us []Upstream
	for i, s := range ss {
		us = append(us, up(string(rune('a'+i)), s.URL(), i))
	}
	return us
}

// fixture is a relay served on loopback.
type fixture struct {
	r   *Relay
	srv *httptest.Server
	c   *http.Client
	log *recorder
}

// recorder is an Observer keeping every record.
type recorder struct {
	mu   sync.Mutex
	recs []RequestRecord
	done chan struct{} // one token per record
}

func newRecorder() *recorder { return &recorder{done: make(chan struct{}, 1<<17)} }

func (o *recorder) OnRequest(rec RequestRecord) {
	o.mu.Lock()
	o.recs = append(o.recs, rec)
	o.mu.Unlock()
	o.done <- struct{}{}
}

// wait waits for the next record (the relay records after answering);
// a relay that never records is a hang that go test's -timeout reports.
func (o *recorder) wait(t testing.TB) {
	t.Helper()
	<-o.done
}

func (o *recorder) last() RequestRecord {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.recs) == 0 {
		return RequestRecord{}
	}
	return o.recs[len(o.recs)-1]
}

// start runs a relay with opts (fake mirrors' CA trusted, temp dir for
// zips) on an httptest server.
func start(t testing.TB, opts Options) *fixture {
	t.Helper()
	if opts.RootCAs == nil {
		opts.RootCAs = fakeproxy.CAPool()
	}
	if opts.TempDir == "" {
		opts.TempDir = t.TempDir()
	}
	if opts.ModCache == "" {
		opts.NoCacheFallback = true // hermetic: never this machine's cache
	}
	rec := newRecorder()
	opts.Observers = append(opts.Observers, rec)
	r, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r)
	f := &fixture{r: r, srv: srv, c: srv.Client(), log: rec}
	t.Cleanup(func() {
		srv.Close()
		r.Close()
	})
	return f
}

// get asks the relay for a path and returns status and body.
func (f *fixture) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := f.c.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	f.log.wait(t)
	return resp.StatusCode, string(b)
}

// direct asks a fake mirror directly.
func direct(t testing.TB, s *fakeproxy.Server, path string) string {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: nil}}
	resp, err := c.Get(s.URL() + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// truncating is a mirror that serves the real answers of s but, for .zip
// files, sends the headers and half of the body, then resets the
// connection.
func truncating(t testing.TB, s *fakeproxy.Server) string {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		resp, err := http.Get(s.URL() + req.URL.Path)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		w.Header().Set("Content-Length", itoa(len(b)))
		w.WriteHeader(resp.StatusCode)
		if !strings.HasSuffix(req.URL.Path, ".zip") {
			w.Write(b)
			return
		}
		w.Write(b[:len(b)/2])
		w.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			conn.Close()
		}
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// settleGoroutines waits (by polling the runtime, bounded) until the
// goroutine count is at most want, and fails otherwise, with a dump.
func settleGoroutines(t testing.TB, want int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for runtime.NumGoroutine() > want {
		select {
		case <-ctx.Done():
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("goroutines: %d, want <= %d\n%s", runtime.NumGoroutine(), want, buf[:n])
		default:
			runtime.Gosched()
		}
	}
}

// breakKind is how brokenMirror breaks the answers of a healthy mirror.
type breakKind string

// Broken mirror kinds: wrong files answered 200, and bodies that drip,
// stall or are cut.
const (
	breakGarbageInfo        breakKind = "garbage-info"         // .info and @latest: an HTML page
	breakWrongVersionInfo   breakKind = "wrong-version-info"   // .info and @latest: JSON naming another version
	breakGarbageMod         breakKind = "garbage-mod"          // .mod: an HTML page
	breakWrongModuleMod     breakKind = "wrong-module-mod"     // .mod: the go.mod of another module
	breakGarbageList        breakKind = "garbage-list"         // @v/list: an HTML page
	breakDrip               breakKind = "drip"                 // every body a byte every 20 ms
	breakStallBeforeHeaders breakKind = "stall-before-headers" // no answer until the client leaves
	breakStallAfterHeaders  breakKind = "stall-after-headers"  // headers and half the body, then nothing
	breakCut                breakKind = "cut"                  // headers and half the body, then a reset
)

var allBreaks = []breakKind{breakGarbageInfo, breakWrongVersionInfo, breakGarbageMod, breakWrongModuleMod, breakGarbageList,
	breakDrip, breakStallBeforeHeaders, breakStallAfterHeaders, breakCut}

// brokenMirror serves what s serves, broken as kind says; it returns its
// URL. Its handlers end when the client leaves or the test ends.
func brokenMirror(t testing.TB, s *fakeproxy.Server, kind breakKind) string {
	t.Helper()
	closing := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p := req.URL.Path
		if kind == breakStallBeforeHeaders {
			select {
			case <-req.Context().Done():
			case <-closing:
			}
			return
		}
		resp, err := http.Get(s.URL() + p)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 {
			b = breakBody(kind, p, b)
		}
		w.Header().Set("Content-Length", itoa(len(b)))
		w.WriteHeader(resp.StatusCode)
		breakWrite(w, req, kind, b, closing)
	})
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		close(closing)
		srv.Close()
	})
	return srv.URL
}

// breakBody replaces a body with a wrong file where kind says.
func breakBody(kind breakKind, p string, b []byte) []byte {
	info := strings.HasSuffix(p, ".info") || strings.HasSuffix(p, "/@latest")
	switch {
	case kind == breakGarbageInfo && info, kind == breakGarbageMod && strings.HasSuffix(p, ".mod"),
		kind == breakGarbageList && strings.HasSuffix(p, "/@v/list"):
		return []byte("<html>this is not json</html>\n")
	case kind == breakWrongVersionInfo && info:
		return []byte(`{"Version":"v9.9.9","Time":"2024-01-02T03:04:05Z"}`)
	case kind == breakWrongModuleMod && strings.HasSuffix(p, ".mod"):
		return []byte("module example.com/somethingelse\n\ngo 1.21\n")
	}
	return b
}

// breakWrite writes a body as kind says: whole, dripping, or half of it
// and then a stall or a reset.
func breakWrite(w http.ResponseWriter, req *http.Request, kind breakKind, b []byte, closing <-chan struct{}) {
	rc := http.NewResponseController(w)
	switch kind {
	case breakDrip:
		for i := range b {
			w.Write(b[i : i+1])
			rc.Flush()
			select {
			case <-time.After(20 * time.Millisecond): // the mirror's pace
			case <-req.Context().Done():
				return
			case <-closing:
				return
			}
		}
	case breakStallAfterHeaders, breakCut:
		w.Write(b[:len(b)/2])
		rc.Flush()
		if kind == breakStallAfterHeaders {
			select {
			case <-req.Context().Done():
			case <-closing:
			}
			return
		}
		if conn, _, err := rc.Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			conn.Close()
		}
	default:
		w.Write(b)
	}
}
