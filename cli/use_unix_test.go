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

	"github.com/goproxytui/goproxytui/internal/gotest"
)

// use waiting for the go env file's lock says so on stderr after a moment,
// naming the holder by the pid and name it wrote into the lock file, and
// writes once the lock is free. The test holds the lock as another
// goproxytui would (flock on .env.lock beside the sandbox's GOENV file) and
// lets go when the notice arrives.
func TestUseWaitsForLockAndSaysWho(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	envFile := writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	lockPath, release := gotest.HoldEnvLock(t, envFile)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, "use", "goproxy.cn,direct", "--force") // env: sandboxEnv's temp GOENV, HOME, XDG dirs
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
	for _, args := range [][]string{{"env"}, {"env", "--json"}, {"use", "goproxy.cn,direct", "--force"}, {"undo"}, {"reset"}, {"current"}} {
		_, errOut, code := runBin(t, env, args...)
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v", err)
	}
}

// A config file that cannot be read (a named pipe) gets the same exit code
// from the terminal UI as from every command: 1, with the same reason.
func TestTUIUnreadableConfigExitsLikeCommands(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	fifo := filepath.Join(t.TempDir(), "config.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	_, cmdErr, cmdCode := runBin(t, env, "--config", fifo, "config", "check")
	_, tuiErr, tuiCode := runBin(t, env, "--config", fifo)
	if cmdCode != 1 || tuiCode != cmdCode || tuiErr != cmdErr || !strings.Contains(tuiErr, "not a regular file") {
		t.Errorf("config check: exit %d, %q; terminal UI: exit %d, %q", cmdCode, cmdErr, tuiCode, tuiErr)
	}
}
