package cli

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// tunnel is an HTTPS proxy on loopback for the test: it answers every
// CONNECT, whatever host it names, with a tunnel to one address (a fake
// mirror), so that requests to a public name go through a proxy and
// still stay on this machine.
type tunnel struct {
	URL     string       // http://127.0.0.1:port, for HTTPS_PROXY
	Tunnels atomic.Int32 // CONNECTs answered
}

// startTunnel starts a tunnel to target (host:port); it closes with the test.
func startTunnel(t *testing.T, target string) *tunnel {
	t.Helper()
	tn := &tunnel{}
	var mu sync.Mutex
	var conns []net.Conn
	track := func(c net.Conn) {
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		up, err := net.DialTimeout("tcp", target, 10*time.Second)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		track(up)
		down, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			up.Close()
			return
		}
		track(down)
		tn.Tunnels.Add(1)
		if _, err := io.WriteString(down, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
			return
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			io.Copy(up, rw.Reader) // the client's bytes, with any already buffered
			up.Close()
		}()
		io.Copy(down, up)
		down.Close()
		<-done
	}))
	t.Cleanup(func() {
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		srv.Close()
	})
	tn.URL = srv.URL
	return tn
}
