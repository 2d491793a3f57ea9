package demofleet

import (
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
)

// A refused URL refuses connections, and no listener can take its port.
func TestRefusedURLKeepsItsPort(t *testing.T) {
	t.Parallel()
	u, err := RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	addr, ok := strings.CutPrefix(u, "http://127.0.0.1:")
	if !ok {
		t.Fatalf("URL %q", u)
	}
	addr = "127.0.0.1:" + addr
	if c, err := net.Dial("tcp", addr); !errors.Is(err, syscall.ECONNREFUSED) {
		if c != nil {
			c.Close()
		}
		t.Errorf("dial %s: %v, want connection refused", addr, err)
	}
	if ln, err := net.Listen("tcp", addr); !errors.Is(err, syscall.EADDRINUSE) {
		if ln != nil {
			ln.Close()
		}
		t.Errorf("listen on %s: %v, want address in use", addr, err)
	}
}
