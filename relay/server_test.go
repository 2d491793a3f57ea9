package relay

import (
	"context"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// Shutdown lets an in-flight request finish, refuses new ones, and every
// goroutine of the relay ends.
func TestServeShutdown(t *testing.T) {
	slow := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Delayed(200 * time.Millisecond)})
	base := runtime.NumGoroutine()
	r, err := New(Options{Upstreams: chainOf(slow), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- r.Serve(ctx, ln, 5*time.Second) }()
	tr := &http.Transport{}
	c := &http.Client{Transport: tr}
	got := make(chan string, 1)
	go func() {
		resp, err := c.Get(URL(ln.Addr()) + helloInfo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- resp.Status + " " + string(b)
	}()
	// Shut down once the request is at the mirror.
	if _, err := slow.WaitRequest(context.Background(), func(fakeproxy.Request) bool { return true }); err != nil {
		t.Fatal(err)
	}
	cancel()
	if s := <-got; !strings.HasPrefix(s, "200 OK") {
		t.Errorf("in-flight request: %s", s)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := c.Get(URL(ln.Addr()) + helloInfo); err == nil {
		t.Error("served after shutdown")
	}
	tr.CloseIdleConnections()
	settleGoroutines(t, base)
}

func TestApplyValue(t *testing.T) {
	const u = "http://127.0.0.1:7390"
	for _, c := range [][2]string{
		{"https://goproxy.cn,direct", u + "|https://goproxy.cn,direct"},
		{u + "|https://goproxy.cn,direct", u + "|https://goproxy.cn,direct"},
		{"", u},
		{"off", u},
		{u + "0|x", u + "|" + u + "0|x"},
	} {
		if got := ApplyValue(u, c[0]); got != c[1] {
			t.Errorf("ApplyValue(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:7390": true, "[::1]:1": true, "localhost:80": true, ":7390": false, "0.0.0.0:1": false, "192.168.1.2:3": false, "junk": false} {
		if IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%q) != %v", addr, want)
		}
	}
	for u, want := range map[string]bool{"http://127.0.0.1:7390": true, "http://localhost:3000/": true, "http://[::1]:8080": true,
		"https://127.0.0.1:7390": false, "http://goproxy.cn": false, "http://0.0.0.0:7390": false, "::bad": false} {
		if MaybeRelayURL(u) != want {
			t.Errorf("MaybeRelayURL(%q) != %v", u, want)
		}
	}
}

func TestServiceFile(t *testing.T) {
	unit, err := ServiceFile(ServiceSystemd, "/opt/my bin/goproxytui", []string{"relay", "--listen", "127.0.0.1:7390"})
	if err != nil || !strings.Contains(unit, `ExecStart="/opt/my bin/goproxytui" relay --listen 127.0.0.1:7390`) || !strings.Contains(unit, "WantedBy=default.target") {
		t.Errorf("systemd unit:\n%s %v", unit, err)
	}
	plist, err := ServiceFile(ServiceLaunchd, "/usr/local/bin/goproxytui", []string{"relay", "--chain", "a<b"})
	if err != nil || !strings.Contains(plist, "<string>a&lt;b</string>") {
		t.Errorf("plist:\n%s %v", plist, err)
	}
	if err := xml.Unmarshal([]byte(plist), new(struct{ XMLName xml.Name })); err != nil {
		t.Errorf("plist is not XML: %v", err)
	}
	if _, err := ServiceFile("cron", "x", nil); err == nil {
		t.Error("cron accepted")
	}
}
