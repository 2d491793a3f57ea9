package cli

import (
	"bufio"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// runningBin is a long-running goproxytui process (exporter, probe
// --watch): its stdout read line by line, its stderr collected.
type runningBin struct {
	cmd    *exec.Cmd
	stdout *bufio.Reader
	stderr *notifyBuffer
	done   chan error
	lines  chan string // stdout lines, closed at EOF
}

// startBin starts the binary with env (from sandboxEnv: GOENV a temp
// file, HOME and XDG dirs temp) and args.
func startBin(t *testing.T, env []string, args ...string) *runningBin {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	rb := &runningBin{cmd: cmd, stdout: bufio.NewReader(out), stderr: &notifyBuffer{notify: make(chan struct{})}, done: make(chan error, 1), lines: make(chan string, 1024)}
	cmd.Stderr = rb.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(rb.lines)
		for {
			s, err := rb.stdout.ReadString('\n')
			if s != "" {
				rb.lines <- strings.TrimRight(s, "\n")
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { rb.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-rb.done
	})
	return rb
}

// line returns the next stdout line, failing after 2 minutes (a hang guard).
func (rb *runningBin) line(t *testing.T) string {
	t.Helper()
	select {
	case s, ok := <-rb.lines:
		if !ok {
			b, _ := rb.stderr.state()
			t.Fatalf("stdout ended; stderr:\n%s", b)
		}
		return s
	case <-time.After(2 * time.Minute):
		b, _ := rb.stderr.state()
		t.Fatalf("no stdout line within 2 minutes; stderr:\n%s", b)
	}
	return ""
}

// waitStderr waits until stderr contains want, failing after 2 minutes (a hang guard).
func (rb *runningBin) waitStderr(t *testing.T, want string) string {
	t.Helper()
	timeout := time.After(2 * time.Minute)
	for {
		s, changed := rb.stderr.state()
		if strings.Contains(s, want) {
			return s
		}
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("no %q on stderr within 2 minutes:\n%s", want, s)
		}
	}
}

// signal sends sig and returns the exit code, failing after 2 minutes (a hang guard).
func (rb *runningBin) signal(t *testing.T, sig syscall.Signal) int {
	t.Helper()
	rb.cmd.Process.Signal(sig)
	select {
	case err := <-rb.done:
		rb.done <- err // for the cleanup
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatalf("wait: %v", err)
		}
		return 0
	case <-time.After(2 * time.Minute):
		t.Fatalf("no exit within 2 minutes of %v", sig)
	}
	return -1
}

// The exporter prints its URL first, probes the mirrors named on the
// command line with the TUI's scheduler and health, serves their metrics
// on loopback (no credential in them), and stops cleanly on SIGTERM.
func TestExporterBinary(t *testing.T) {
	t.Parallel()
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	env := sandboxEnv(t) // GOENV is a temp file
	rb := startBin(t, env, "exporter", "--listen", "127.0.0.1:0", ok.URL())
	url := rb.line(t)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line %q", url)
	}
	rb.waitStderr(t, "healthy:")
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`probe_success{mirror="`, `url="` + ok.URL() + `"} 1`, `goproxytui_mirror_health{`, `state="healthy",url="` + ok.URL() + `"} 1`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
	if code := rb.signal(t, syscall.SIGTERM); code != 0 {
		b, _ := rb.stderr.state()
		t.Errorf("exit %d after SIGTERM; stderr:\n%s", code, b)
	}
}

// A mistyped id is refused with a suggestion before anything listens, an
// address in use is exit 1, and a non-loopback --listen gets a warning.
func TestExporterArguments(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t) // GOENV is a temp file
	_, stderr, code := runBin(t, env, "exporter", "--listen", "127.0.0.1:0", "goproxy.cm")
	if code != 2 || !strings.Contains(stderr, "did you mean goproxy.cn?") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runBin(t, env, "exporter", "--listen", "nonsense")
	if code != 2 || !strings.Contains(stderr, "HOST:PORT") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{})
	// An address another program holds: exit 1 with the reason, no URL.
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	stdout, stderr, code := runBin(t, env, "exporter", "--listen", held.Addr().String(), ok.URL())
	if code != 1 || stdout != "" || !strings.Contains(stderr, "address already in use") {
		t.Errorf("--listen on a held port: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	rb := startBin(t, env, "exporter", "--listen", "0.0.0.0:0", ok.URL())
	if url := rb.line(t); !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("first line %q", url)
	}
	rb.waitStderr(t, "not only on loopback")
	if code := rb.signal(t, syscall.SIGINT); code != 0 {
		t.Errorf("exit %d after SIGINT", code)
	}
}

// A config mirror whose URL carries credentials is probed with them (the
// exporter reaches it by its id on /metrics and through /probe), and they
// appear nowhere: not in /metrics, /, /probe's answers (a target URL with
// credentials of its own included), stdout or stderr. /probe is
// Prometheus' multi-target pattern: each target's answer has that target
// only.
func TestExporterCredentialsAndProbeTargets(t *testing.T) {
	t.Parallel()
	corp := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, SumDB: true})
	other := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true})
	env := probeEnv(t, corp) // GOENV is a temp file; SSL_CERT_FILE the fake CA
	secrets := []string{"alice-token", "s3cr3t-pass", "bob-user", "pw-bob-123"}
	credURL := strings.Replace(corp.URL(), "https://", "https://alice-token:s3cr3t-pass@", 1)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte("[[mirror]]\nid = \"corp\"\nurl = \""+credURL+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rb := startBin(t, env, "exporter", "--config", cfg, "--listen", "127.0.0.1:0", "--probe-any-target", "corp")
	base := rb.line(t)
	rb.waitStderr(t, "healthy:")
	var seen strings.Builder
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		seen.Write(b)
		return string(b)
	}
	corpLabels := `mirror="corp",url="` + corp.URL() + `"} 1`
	if body := get("/metrics"); !strings.Contains(body, "probe_success{"+corpLabels) {
		t.Errorf("/metrics lacks probe_success{%s:\n%s", corpLabels, body)
	}
	if body := get("/"); !strings.Contains(body, "corp") {
		t.Errorf("/ does not list corp:\n%s", body)
	}
	if body := get("/probe?target=corp"); !strings.Contains(body, "probe_success{"+corpLabels) {
		t.Errorf("/probe?target=corp lacks probe_success{%s:\n%s", corpLabels, body)
	}
	for _, target := range []string{other.URL(), strings.Replace(other.URL(), "https://", "https://bob-user:pw-bob-123@", 1)} {
		body := get("/probe?target=" + neturl.QueryEscape(target))
		if strings.Contains(body, "corp") || !strings.Contains(body, `url="`+other.URL()+`"}`) {
			t.Errorf("/probe?target=%s answers another target's metrics or lacks its own:\n%s", target, body)
		}
	}
	if code := rb.signal(t, syscall.SIGTERM); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
	seen.WriteString(base)
	for l := range rb.lines {
		seen.WriteString(l)
	}
	stderr, _ := rb.stderr.state()
	seen.WriteString(stderr)
	for _, s := range secrets {
		if strings.Contains(seen.String(), s) {
			t.Errorf("%q came out:\n%s", s, seen.String())
		}
	}
}

// Without --listen the exporter serves on loopback's 127.0.0.1:9739 (the
// test skips, saying so, when another program holds that port).
func TestExporterDefaultListenIsLoopback(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:9739")
	if err != nil {
		t.Skip("127.0.0.1:9739 is in use here:", err)
	}
	ln.Close()
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{})
	rb := startBin(t, sandboxEnv(t), "exporter", ok.URL()) // GOENV is a temp file
	got, open := <-rb.lines                                // go test's -timeout bounds a hang
	if stderr, _ := rb.stderr.state(); !open && strings.Contains(stderr, "address already in use") {
		t.Skip("another program took 127.0.0.1:9739 after the check:", stderr)
	}
	if got != "http://127.0.0.1:9739" {
		t.Errorf("first line %q, want http://127.0.0.1:9739", got)
	}
	if stderr, _ := rb.stderr.state(); strings.Contains(stderr, "not only on loopback") {
		t.Errorf("a warning for the default address:\n%s", stderr)
	}
	if code := rb.signal(t, syscall.SIGINT); code != 0 {
		t.Errorf("exit %d after SIGINT", code)
	}
}
