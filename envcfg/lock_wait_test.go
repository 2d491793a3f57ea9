package envcfg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
)

// A write waiting for the lock says so after a moment (here 1 ms), naming
// the holder by the pid and program it wrote into the lock file, and goes
// on once the lock is free.
func TestApplyWaitingForLockSaysWho(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\n")
	p, unlock := holdLock(t, e)
	waiting := make(chan LockHolder, 1)
	e.lockNotice = time.Millisecond
	e.OnLockWait = func(h LockHolder) { waiting <- h }
	done := make(chan error, 1)
	go func() {
		_, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
		done <- err
	}()
	var h LockHolder
	select {
	case h = <-waiting:
	case err := <-done:
		unlock()
		t.Fatalf("apply finished while the lock was held: %v", err)
	case <-time.After(2 * time.Minute):
		t.Fatal("no notice of the wait")
	}
	if h.Path != p || h.PID != os.Getpid() || h.Program != filepath.Base(os.Args[0]) {
		t.Errorf("holder %+v, want pid %d in %s", h, os.Getpid(), p)
	}
	if msg := h.Message(i18n.EN); msg != fmt.Sprintf("process %d (%s)", os.Getpid(), filepath.Base(os.Args[0])) {
		t.Errorf("holder message %q", msg)
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, envPath(e)); got != "GOPROXY=https://mine.example\n" {
		t.Errorf("env file %q", got)
	}
	if got := readFile(t, p); got != "" {
		t.Errorf("lock file after release holds %q, want it emptied", got)
	}
}

// A write that does not get the lock by its deadline gives up with an
// error naming the lock file and its holder, and writes nothing.
func TestApplyGivesUpOnLockAfterDeadline(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\n")
	p, unlock := holdLock(t, e)
	defer unlock()
	e.lockTimeout = 20 * time.Millisecond
	_, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	var le *LockTimeoutError
	if !errors.As(err, &le) || le.Holder.PID != os.Getpid() || le.Holder.Path != p || le.After != 20*time.Millisecond {
		t.Fatalf("err %v (%#v), want a LockTimeoutError naming pid %d", err, le, os.Getpid())
	}
	msg := i18n.EN.Error(err)
	if !strings.Contains(msg, "gave up after 20ms waiting for the lock "+p+", held by process "+strconv.Itoa(os.Getpid())) || !strings.Contains(msg, "nothing was written") {
		t.Errorf("message %q", msg)
	}
	if zh := i18n.ZH.Error(err); !strings.Contains(zh, p) || zh == msg {
		t.Errorf("zh message %q", zh)
	}
	if got := readFile(t, envPath(e)); got != "GOPROXY=https://before.example\n" {
		t.Errorf("env file changed to %q", got)
	}
}

// A pid of a process that has ended, or a lock file written by another
// program, does not name a holder.
func TestReadHolderUnknown(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".env.lock")
	for _, data := range []string{"", "999999999 ghost\n", "garbage\n", "12x goproxytui\n"} {
		writeFile(t, p, data)
		if h := readHolder(p); h.PID != 0 || h.Message(i18n.EN) != "another program" {
			t.Errorf("%q: holder %+v", data, h)
		}
	}
	if h := readHolder(filepath.Join(t.TempDir(), "missing")); h.PID != 0 {
		t.Errorf("missing file: %+v", h)
	}
}

func TestLockWaitsAndHonoursContext(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".env.lock")
	unlock, err := lockFile(context.Background(), p, lockOpts{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := lockFile(ctx, p, lockOpts{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second lock while held: %v, want the context's deadline", err)
	}
	got := make(chan error, 1)
	go func() {
		u, err := lockFile(context.Background(), p, lockOpts{})
		if err == nil {
			u()
		}
		got <- err
	}()
	unlock()
	select {
	case err := <-got:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("lock not taken after release")
	}
	if _, err := os.Stat(p); err != nil {
		t.Errorf("lock file removed: %v", err)
	}
}
