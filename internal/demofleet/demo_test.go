package demofleet

import (
	"context"
	"crypto/tls"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/mirrors"
)

func TestDemoFleet(t *testing.T) {
	before := runtime.NumGoroutine()
	cat := mirrors.Builtin().Visible()
	cat = append(cat, mirrors.Mirror{ID: "corp", Name: "Corp proxy", URL: "https://goproxy.corp.example/base/", Source: mirrors.SourceConfig})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Held at 0: what "at the start" means does not depend on how long
	// the test takes to get there.
	f, err := StartDemoHeld(ctx, cat, 0)
	if err != nil {
		t.Fatal(err)
	}
	ms := f.Mirrors()
	if len(ms) != len(cat) {
		t.Fatalf("%d mirrors for %d", len(ms), len(cat))
	}
	for i, m := range ms {
		want := cat[i]
		if m.ID != want.ID || m.Name != want.Name || !strings.HasPrefix(m.URL, "https://127.0.0.1:") {
			t.Errorf("mirror %d: %+v for %+v", i, m, want)
		}
		if s, ok := f.Server(m.ID); !ok || s.URL() != m.URL {
			t.Errorf("Server(%q) = %v, %v", m.ID, s, ok)
		}
	}
	if m := ms[len(ms)-1]; !strings.HasSuffix(m.URL, "/base") {
		t.Errorf("the mirror's URL path is lost: %s", m.URL)
	}
	for _, id := range []string{"proxy.golang.org", "goproxy.cn", "goproxy.io", "aliyun", "tencent", "huawei", "baidu"} {
		if _, ok := f.Server(id); !ok {
			t.Errorf("no simulated %s", id)
		}
	}
	c := client(t)
	srv := func(id string) *Server {
		s, ok := f.Server(id)
		if !ok {
			t.Fatalf("no %s", id)
		}
		return s
	}

	// At the start: proxy.golang.org is blackholed, goproxy.cn answers and
	// proxies the checksum database, tencent's certificate expires in 5 days.
	checkDemoAtStart(t, f, c, srv)

	// Later, by the script's clock: stop the fleet's own clock first so it
	// does not undo what the test sets.
	cancel()
	<-f.done
	checkDemoLater(t, f, c, srv)

	ca, err := f.CAFile()
	if err != nil || !strings.HasSuffix(ca, ".pem") {
		t.Fatalf("CAFile %q %v", ca, err)
	}
	f.Close()
	f.Close()
	if _, _, _, err := get(t, c, srv("goproxy.cn").URL()+canary); err == nil {
		t.Error("a server still answers after Close")
	}
	waitGoroutines(t, before)
}

// canary is a module version every demo mirror serves.
const canary = "/example.com/canary/@v/v1.0.0.info"

// checkDemoAtStart checks the fleet as it starts, through c; srv gives
// the fleet's server of a mirror id.
func checkDemoAtStart(t *testing.T, f *Fleet, c *http.Client, srv func(string) *Server) {
	if k := srv("proxy.golang.org").Behavior().Kind; k != Stall {
		t.Errorf("proxy.golang.org at 0s: %v", k)
	}
	if code, _, _, err := get(t, c, srv("goproxy.cn").URL()+canary); err != nil || code != 200 {
		t.Errorf("goproxy.cn canary: %d %v", code, err)
	}
	if code, _, _, err := get(t, c, srv("goproxy.cn").URL()+"/sumdb/sum.golang.org/supported"); err != nil || code != 200 {
		t.Errorf("goproxy.cn sumdb: %d %v", code, err)
	}
	if code, _, _, err := get(t, c, srv("corp").URL()+canary); err != nil || code != 200 {
		t.Errorf("corp canary: %d %v", code, err)
	}
	conn, err := tls.Dial("tcp", srv("tencent").Addr(), &tls.Config{RootCAs: f.CAPool(), ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	left := time.Until(conn.ConnectionState().PeerCertificates[0].NotAfter)
	conn.Close()
	if left < 4*24*time.Hour || left > 5*24*time.Hour {
		t.Errorf("tencent certificate expires in %v, want ~5 days", left)
	}
}

// checkDemoLater moves the script's clock to later times and checks the
// fleet's failures then: aliyun's 500s, proxy.golang.org's handshake
// stall and resets, huawei's slow body, baidu's expired certificate,
// goproxy.io's latency swing.
func checkDemoLater(t *testing.T, f *Fleet, c *http.Client, srv func(string) *Server) {
	f.apply(25 * time.Second)
	if code, _, body, err := get(t, c, srv("aliyun").URL()+canary); err != nil || code != 500 || !strings.Contains(string(body), "\x1b[") {
		t.Errorf("aliyun at 25s: %d %q %v", code, body, err)
	}
	f.apply(5 * time.Second)
	if code, _, _, err := get(t, c, srv("aliyun").URL()+canary); err != nil || code != 200 {
		t.Errorf("aliyun at 5s: %d %v", code, err)
	}
	f.apply(22 * time.Second)
	pg := srv("proxy.golang.org")
	hctx, hcancel := context.WithCancel(context.Background())
	errc := getAsync(hctx, c, pg.URL()+canary)
	if _, err := pg.WaitRequest(context.Background(), func(r Request) bool { return r.Kind == HandshakeStall }); err != nil {
		t.Fatal(err)
	}
	hcancel()
	if err := <-errc; err == nil {
		t.Error("proxy.golang.org at 22s: the request succeeded")
	}
	f.apply(30 * time.Second)
	if k := srv("proxy.golang.org").Behavior().Kind; k != Reset {
		t.Errorf("proxy.golang.org at 30s: %v", k)
	}
	f.apply(100 * time.Second)
	if k := srv("huawei").Behavior().Kind; k != SlowBody {
		t.Errorf("huawei at 100s: %v", k)
	}
	f.apply(50 * time.Second)
	if _, _, _, err := get(t, c, srv("baidu").URL()+canary); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("baidu at 50s: %v, want an expired certificate", err)
	}
	if d0, d45 := demoScript("goproxy.io")(0).b.Delay, demoScript("goproxy.io")(45*time.Second).b.Delay; d45 <= d0+100*time.Millisecond {
		t.Errorf("goproxy.io latency does not swing: %v at 0s, %v at 45s", d0, d45)
	}
}

// A fleet held at a time starts in that time's steps and stays there.
func TestDemoHeld(t *testing.T) {
	t.Parallel()
	ms := []mirrors.Mirror{{ID: "proxy.golang.org", URL: "https://proxy.golang.org"}}
	f, err := StartDemoHeld(context.Background(), ms, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, _ := f.Server("proxy.golang.org")
	if k := s.Behavior().Kind; k != Reset {
		t.Errorf("held at 30s, proxy.golang.org does %v, want %v", k, Reset)
	}
	if e := f.elapsed(); e != 30*time.Second {
		t.Errorf("held at 30s, the scripts are at %v", e)
	}
}

func TestDemoStopsOnContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	f, err := StartDemo(ctx, []mirrors.Mirror{{ID: "goproxy.cn", URL: "https://goproxy.cn"}})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cancel()
	select {
	case <-f.done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the script goroutine did not end with its context")
	}
	// The servers still answer until Close.
	s, _ := f.Server("goproxy.cn")
	if code, _, _, err := get(t, client(t), s.URL()+"/example.com/canary/@v/list"); err != nil || code != 200 {
		t.Errorf("after cancel: %d %v", code, err)
	}
}
