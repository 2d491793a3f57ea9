//go:build linux || darwin

package gotest

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// HoldEnvLock takes the go env file's lock as another goproxytui would
// (flock on .env.lock beside envFile, its pid and name written into it)
// until release (or the test's end).
func HoldEnvLock(t testing.TB, envFile string) (lockPath string, release func()) {
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
