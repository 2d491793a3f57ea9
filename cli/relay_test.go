package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// runningRelay is a `goproxytui relay` process.
type runningRelay struct {
	cmd    *exec.Cmd
	url    string
	stdout *bufio.Reader
	stderr *notifyBuffer
	done   chan error
}

// notifyBuffer collects a process's stderr and tells of every write.
type notifyBuffer struct {
	mu     sync.Mutex
	b      strings.Builder
	notify chan struct{}
}

func (n *notifyBuffer) Write(p []byte) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.b.Write(p)
	close(n.notify)
	n.notify = make(chan struct{})
	return len(p), nil
}

func (n *notifyBuffer) state() (string, <-chan struct{}) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.b.String(), n.notify
}

// startRelayBin starts the binary with env (sandboxEnv: GOENV a temp file,
// temp HOME and XDG dirs) and reads the URL from its first stdout line.
func startRelayBin(t *testing.T, env []string, args ...string) *runningRelay {
	t.Helper()
	cmd := exec.Command(binPath, append([]string{"relay", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &notifyBuffer{notify: make(chan struct{})}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rr := &runningRelay{cmd: cmd, stdout: bufio.NewReader(out), stderr: stderr, done: make(chan error, 1)}
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-rr.done
	})
	line := make(chan string, 1)
	go func() {
		s, _ := rr.stdout.ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		rr.url = strings.TrimSpace(s)
	case <-time.After(2 * time.Minute):
		t.Fatal("no URL line from the relay within 2 minutes")
	}
	go func() { rr.done <- cmd.Wait() }()
	if !strings.HasPrefix(rr.url, "http://127.0.0.1:") {
		b, _ := rr.stderr.state()
		t.Fatalf("first line %q; stderr %s", rr.url, b)
	}
	return rr
}

// waitStderr reads stderr lines until one contains want.
func (rr *runningRelay) waitStderr(t *testing.T, want string) string {
	t.Helper()
	timeout := time.After(2 * time.Minute)
	for {
		s, changed := rr.stderr.state()
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

// stop sends SIGTERM and waits for a clean exit.
func (rr *runningRelay) stop(t *testing.T) {
	t.Helper()
	rr.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-rr.done:
		rr.done <- err // for the cleanup
		if err != nil {
			t.Errorf("relay exit: %v", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("relay did not stop within 2 minutes of SIGTERM")
	}
}

func TestRelayCommand(t *testing.T) {
	t.Parallel()
	bad := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	good := fakeproxy.StartMirror(t, fakeproxy.Options{})
	env := append(sandboxEnv(t), "GOPROXY="+bad.URL()+","+good.URL()+",direct")
	rr := startRelayBin(t, env, "--log", "-", "--hedge", "off")
	resp, err := http.Get(rr.url + "/example.com/hello/@v/v1.0.0.info")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"v1.0.0"`) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	logLine, err := rr.stdout.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Path     string `json:"path"`
		Status   int    `json:"status"`
		ServedBy string `json:"served_by"`
		Attempts []struct {
			Mirror, Class string
		} `json:"attempts"`
		Hedged bool `json:"hedged"`
	}
	if err := json.Unmarshal([]byte(logLine), &rec); err != nil {
		t.Fatalf("log line %q: %v", logLine, err)
	}
	if rec.Status != 200 || len(rec.Attempts) != 2 || rec.Attempts[0].Class != "http_5xx" || rec.ServedBy == "" || rec.Hedged {
		t.Errorf("log %s", logLine)
	}
	rr.stop(t)
	if s := rr.waitStderr(t, "stopped after"); !strings.Contains(s, "1 requests") {
		t.Errorf("stderr %s", s)
	}
}

// --apply puts the relay in front of the old chain through the go env file;
// undo restores it.
func TestRelayApply(t *testing.T) {
	t.Parallel()
	good := fakeproxy.StartMirror(t, fakeproxy.Options{})
	env := sandboxEnv(t)
	old := good.URL() + ",direct"
	path := writeEnvFile(t, env, "GOPROXY="+old+"\n")
	rr := startRelayBin(t, env, "--apply", "--listen", freeLoopbackAddr(t)) // the last --listen wins
	rr.waitStderr(t, "goproxytui undo")
	data, _ := os.ReadFile(path)
	if want := "GOPROXY=" + rr.url + "|" + old; !strings.Contains(string(data), want) {
		t.Errorf("go env file %q, want %q", data, want)
	}
	rr.stop(t)
	if _, errOut, code := runBin(t, env, "undo"); code != 0 {
		t.Fatalf("undo: %d %s", code, errOut)
	}
	data, _ = os.ReadFile(path)
	if !strings.Contains(string(data), "GOPROXY="+old+"\n") {
		t.Errorf("after undo: %q", data)
	}
}

// freeLoopbackAddr is a loopback address whose port was free a moment ago,
// for a relay that --apply writes into GOPROXY (a system-chosen port is
// refused there).
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// --apply with a port the system chooses is refused: the port dies with
// the process, and GOPROXY would point at nothing.
func TestRelayApplyRefusesSystemChosenPort(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	path := writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	for _, listen := range []string{"127.0.0.1:0", "localhost:0", "[::1]:0"} {
		_, errOut, code := runBin(t, env, "relay", "--apply", "--listen", listen, "--chain", "goproxy.cn")
		if code != 2 || !strings.Contains(errOut, "lets the system choose the port") || !strings.Contains(errOut, "nothing written") {
			t.Errorf("--listen %s --apply: exit %d, stderr %q", listen, code, errOut)
		}
	}
	if data, _ := os.ReadFile(path); string(data) != "GOPROXY=https://proxy.golang.org,direct\n" {
		t.Errorf("go env file changed: %q", data)
	}
}

func TestRelayServiceAndUsage(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "relay", "--service", "systemd", "--chain", "goproxy.cn|aliyun")
	if code != 0 || !strings.Contains(out, "ExecStart="+binPath+` relay --chain "goproxy.cn|aliyun"`) && !strings.Contains(out, "ExecStart="+binPath+" relay --chain goproxy.cn|aliyun") {
		t.Errorf("service: %d %s %s", code, out, errOut)
	}
	if out, _, code := runBin(t, env, "relay", "--service", "launchd"); code != 0 || !strings.Contains(out, "<key>ProgramArguments</key>") {
		t.Errorf("launchd: %d %s", code, out)
	}
	for _, args := range [][]string{
		{"relay", "--chain", "a.example", "--profile", "china"},
		{"relay", "--hedge", "soon"},
		{"relay", "--service", "cron"},
		{"relay", "--chain", "direct"},
	} {
		// A free port, so that only the usage error can fail the command.
		args = append(args, "--listen", "127.0.0.1:0")
		if _, errOut, code := runBin(t, env, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2; %s", args, code, errOut)
		}
	}
	cfg := writeConfig(t, t.TempDir(), "config.toml", "[relay]\nlisten = \"0.0.0.0:7390\"\n")
	if _, errOut, code := runBin(t, env, "--config", cfg, "relay", "--chain", "goproxy.cn"); code != 2 || !strings.Contains(errOut, "--listen") {
		t.Errorf("non-loopback from the config: %d %s", code, errOut)
	}
}
