package cli

import (
	"net"
	"strings"
	"testing"
)

// relay checks its whole input before it listens: on a busy port a bad
// chain is still a usage error (exit 2, the chain's error), a bad listen
// address is one too, and a good input on a busy port fails (exit 1).
func TestRelayChecksInputBeforeListening(t *testing.T) {
	env := sandboxEnv(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"relay", "--listen", addr, "--chain", "direct"}, 2, "upstream"},
		{[]string{"relay", "--listen", addr, "--chain", "ftp://mirror.example"}, 2, "ftp://mirror.example"},
		{[]string{"relay", "--listen", addr, "--hedge", "soon", "--chain", "goproxy.cn"}, 2, "hedge"},
		{[]string{"relay", "--listen", "127.0.0.1:nope", "--chain", "goproxy.cn"}, 2, "goproxytui: relay: "},
		{[]string{"relay", "--listen", addr, "--chain", "goproxy.cn"}, 1, "goproxytui: relay: "},
	} {
		_, errOut, code := runBin(t, env, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q; stderr:\n%s", tc.args, code, tc.code, tc.want, errOut)
		}
	}
}
