//go:build linux || darwin || freebsd

package envcfg

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A go env file that is a named pipe hung every go command (and so env and
// use): it is refused before go runs, with what it is, and nothing is
// written, whether GOENV names it or it is the default file.
func TestEnvFileFIFORefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "env")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	e := testEnv(t, fifo)
	e.goTimeout = 10 * time.Second // a hang would fail on go's timeout, not the test's
	_, err := e.Read(context.Background())
	if err == nil || !strings.Contains(err.Error(), "the go env file "+fifo+" is a named pipe (FIFO), not a regular file") {
		t.Errorf("Read: %v", err)
	}
	_, err = e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("Apply: %v", err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", fi, err)
	}

	// The default file, os.UserConfigDir()/go/env of the go command's
	// environment (no go command runs: it is refused first).
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(home, "go", "env"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "AppData=" + home}
	if runtime.GOOS == "darwin" {
		t.Skip("the default file is under Library/Application Support")
	}
	if got := goEnvFile(env); got != filepath.Join(home, "go", "env") {
		t.Errorf("goEnvFile = %q", got)
	}
	if err := checkEnvFile(goEnvFile(env)); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("default file: %v", err)
	}
}
