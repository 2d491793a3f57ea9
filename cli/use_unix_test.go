//go:build linux || darwin

package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/ui"
)

// holdEnvLock takes the go env file's lock as another goproxytui would
// (flock on .env.lock beside envFile, its pid and name written into it)
// until release (or the test's end).
func holdEnvLock(t *testing.T, envFile string) (lockPath string, release func()) {
	t.Helper()
	lockPath = filepath.Join(filepath.Dir(envFile), "."+filepath.Base(envFile)+".lock")
	lf, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(lf.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(lf, "%d other-goproxytui\n", os.Getpid())
	locked := true
	release = func() {
		if locked {
			lf.Truncate(0)
			syscall.Flock(int(lf.Fd()), syscall.LOCK_UN)
			locked = false
		}
	}
	t.Cleanup(func() { release(); lf.Close() })
	return lockPath, release
}

// use waiting for the go env file's lock says so on stderr after a moment,
// naming the holder by the pid and name it wrote into the lock file, and
// writes once the lock is free. The test holds the lock as another
// goproxytui would (flock on .env.lock beside the sandbox's GOENV file) and
// lets go when the notice arrives.
func TestUseWaitsForLockAndSaysWho(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	envFile := writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	lockPath, release := holdEnvLock(t, envFile)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, "use", "goproxy.cn,direct") // env: sandboxEnv's temp GOENV, HOME, XDG dirs
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var notice string
	for sc.Scan() {
		if strings.Contains(sc.Text(), "waiting for the lock") {
			notice = sc.Text()
			break
		}
	}
	want := fmt.Sprintf("goproxytui: waiting for the lock %s, held by process %d (other-goproxytui) (giving up after 30s)…", lockPath, os.Getpid())
	if notice != want {
		t.Errorf("notice %q, want %q", notice, want)
	}
	if data, _ := os.ReadFile(envFile); string(data) != "GOPROXY=https://proxy.golang.org,direct\n" {
		t.Errorf("written while the lock was held: %q", data)
	}
	release()
	for sc.Scan() {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("use after the lock was freed: %v", err)
	}
	if data, _ := os.ReadFile(envFile); string(data) != "GOPROXY=https://goproxy.cn,direct\n" {
		t.Errorf("env file %q", data)
	}
}

// A go env file that is a named pipe hung env and use (go reads the file
// on every start): both refuse it at once, exit 1, saying what it is.
func TestEnvAndUseRefuseFIFO(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	fifo := envValue(env, "GOENV") // a temp path: the FIFO takes its place
	if err := os.MkdirAll(filepath.Dir(fifo), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	want := "the go env file " + fifo + " is a named pipe (FIFO), not a regular file"
	for _, args := range [][]string{{"env"}, {"env", "--json"}, {"use", "goproxy.cn,direct"}, {"undo"}, {"reset"}, {"current"}} {
		_, errOut, code := runBin(t, env, args...)
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v", err)
	}
}

// The TUI's Apply waiting for the lock says so in the status line
// (ui.LockWaitMsg through the session's send, naming the holder), then
// writes once the lock is free. GOENV: sandboxEnv's temp file.
func TestTUIApplyWaitsForLockAndSaysWho(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	envFile := writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	lockPath, release := holdEnvLock(t, envFile)
	s := &tuiSession{ctx: context.Background(), env: &envcfg.Env{Environ: env, StateDir: t.TempDir()}}
	s.env.OnLockWait = s.lockWait
	waits := make(chan ui.LockWaitMsg, 1)
	send := func(m tea.Msg) {
		if w, ok := m.(ui.LockWaitMsg); ok {
			waits <- w
		}
	}
	s.send.Store(&send)
	applied := make(chan tea.Msg, 1)
	go func() {
		applied <- s.deps().Apply([]envcfg.Change{{Key: "GOPROXY", Value: "https://goproxy.cn,direct"}})()
	}()
	select {
	case w := <-waits:
		if w.Holder.Path != lockPath || w.Holder.PID != os.Getpid() || w.Holder.Program != "other-goproxytui" {
			t.Errorf("holder %+v", w.Holder)
		}
		var m tea.Model = ui.New(ui.Options{Lang: i18n.EN}, ui.Deps{})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 300, Height: 40})
		m, _ = m.Update(w)
		if v := ansi.Strip(m.View().Content); !strings.Contains(v, "waiting for the lock "+lockPath+", held by process") {
			t.Errorf("status line does not say it waits:\n%s", v)
		}
	case m := <-applied:
		t.Fatalf("applied while the lock was held: %#v", m)
	case <-time.After(2 * time.Minute):
		t.Fatal("no lock-wait notice within 2 minutes")
	}
	release()
	if am, ok := (<-applied).(ui.AppliedMsg); !ok || am.Err != nil {
		t.Fatalf("Apply after the lock was freed: %#v", am)
	}
	if data, _ := os.ReadFile(envFile); string(data) != "GOPROXY=https://goproxy.cn,direct\n" {
		t.Errorf("env file %q", data)
	}
}
