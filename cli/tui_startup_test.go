package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/internal/gotest"
)

// TestTUIStartupErrors: problems found before the screen opens are
// reported on stderr with exit code 2, and --demo cleans up after them.
func TestTUIStartupErrors(t *testing.T) {
	env := sandboxEnv(t)
	bad := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(bad, []byte("# mine\n[probe]\ninterval = \"soon\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runBin(t, env, "--config", bad)
	if code != 2 || !strings.Contains(errOut, "config.toml:3:") || !strings.Contains(errOut, "^") {
		t.Errorf("bad config: code %d, stderr:\n%s", code, errOut)
	}
	_, errOut, code = runBin(t, env, "--theme", "nope")
	if code != 2 || !strings.Contains(errOut, `theme "nope": unknown (themes: `) {
		t.Errorf("unknown theme: code %d, stderr:\n%s", code, errOut)
	}
	_, errOut, code = runBin(t, env, "ftp://mirror.example.com")
	if code != 2 || !strings.Contains(errOut, "ftp://mirror.example.com") {
		t.Errorf("bad mirror argument: code %d, stderr:\n%s", code, errOut)
	}
	_, errOut, code = runBin(t, env, "goproxy.cn", "--frob")
	if code != 2 || !strings.Contains(errOut, "unknown flag --frob") {
		t.Errorf("flag after a mirror: code %d, stderr:\n%s", code, errOut)
	}
	_, errOut, code = runBin(t, env)
	if code != 2 || !strings.Contains(errOut, "needs a terminal") {
		t.Errorf("no terminal: code %d, stderr:\n%s", code, errOut)
	}
	tmp := t.TempDir()
	_, errOut, code = runBin(t, append(env, "TMPDIR="+tmp), "--demo")
	if code != 2 || !strings.Contains(errOut, "needs a terminal") {
		t.Errorf("--demo, no terminal: code %d, stderr:\n%s", code, errOut)
	}
	gotest.AssertEmptyDir(t, tmp)
}

// proxyEnvOf keeps the proxy variables that are set, for the triage view.
func TestProxyEnvOf(t *testing.T) {
	got := proxyEnvOf(func(k string) string {
		if k == "HTTPS_PROXY" {
			return "http://proxy.corp:3128"
		}
		return ""
	})
	if got["HTTPS_PROXY"] != "http://proxy.corp:3128" || len(got) != 1 {
		t.Errorf("proxyEnvOf = %v", got)
	}
}

// TestTUISumDBCheck: the TUI checks checksum databases with recommend's
// check, one Reach per URL.
func TestTUISumDBCheck(t *testing.T) {
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/latest" {
			w.Write([]byte("go.sum database tree\n1\nhash\n"))
			return
		}
		http.NotFound(w, r)
	}))
	defer good.Close()
	bad := httptest.NewServer(http.NotFoundHandler())
	defer bad.Close()
	pc := config.Default().Probe
	if r := tuiSumDBCheck(context.Background(), good.URL, pc); !r.OK {
		t.Errorf("good sumdb: %+v", r)
	}
	if r := tuiSumDBCheck(context.Background(), bad.URL, pc); r.OK || !strings.Contains(r.Reason, "404") {
		t.Errorf("404 sumdb: %+v", r)
	}
}
