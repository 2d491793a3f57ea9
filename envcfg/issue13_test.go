package envcfg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/atomicfile"
)

// A value another program changes right after the write is reported as
// that (ChangedAfter), not as an OS variable overriding it. The go command
// runs with the test's temp GOENV.
func TestApplyChangedRightAfterWrite(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\n")
	e.afterSwap = func() { writeFile(t, envPath(e), "GOPROXY=https://other.example\n") }
	rep, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.NotEffective) != 1 {
		t.Fatalf("NotEffective = %+v", rep.NotEffective)
	}
	ne := rep.NotEffective[0]
	if !ne.ChangedAfter || ne.Source == SourceEnv || ne.FileValue != "https://other.example" || !ne.FileSet {
		t.Errorf("NotEffective = %+v, want ChangedAfter with the file's value", ne)
	}

	// A reset that another program undoes right after is reported too,
	// though no OS variable sets the key.
	writeFile(t, envPath(e), "GOSUMDB=sum.golang.org\n")
	e.afterSwap = func() { writeFile(t, envPath(e), "GOSUMDB=off\n") }
	rep, err = e.Apply(context.Background(), []Change{{Key: "GOSUMDB", Unset: true}})
	if err != nil || len(rep.NotEffective) != 1 || !rep.NotEffective[0].ChangedAfter || rep.NotEffective[0].FileValue != "off" {
		t.Errorf("reset changed after: %+v %v", rep.NotEffective, err)
	}

	// An OS variable is not a change by another program.
	e2 := testEnv(t, "", "GOPROXY=https://os.example")
	rep, err = e2.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	if err != nil || len(rep.NotEffective) != 1 || rep.NotEffective[0].ChangedAfter || rep.NotEffective[0].Source != SourceEnv {
		t.Errorf("OS variable: %+v %v", rep.NotEffective, err)
	}
}

// The unchanged-file check runs after the copy is synced, immediately
// before the rename: a change made there is caught and nothing is written.
func TestCommitCheckedRunsBeforeRename(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "env")
	writeFile(t, target, "old\n")
	f, err := atomicfile.TempFile(dir, "env")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new\n")
	f.Close()
	called := false
	err = atomicfile.CommitChecked(f.Name(), target, 0o644, func() error {
		called = true
		if readFile(t, target) != "old\n" {
			t.Error("renamed before the check")
		}
		return os.ErrExist
	})
	if !called || err != os.ErrExist || readFile(t, target) != "old\n" {
		t.Errorf("called %v, err %v, target %q", called, err, readFile(t, target))
	}
	if _, err := os.Stat(f.Name()); !os.IsNotExist(err) {
		t.Errorf("temp file left: %v", err)
	}
}

// holdLock takes the lock of e's go env file as another goproxytui would,
// and returns its path and the release.
func holdLock(t *testing.T, e *Env) (string, func()) {
	t.Helper()
	target, err := atomicfile.Resolve(envPath(e))
	if err != nil {
		t.Fatal(err)
	}
	p := lockPath(target)
	os.MkdirAll(filepath.Dir(p), 0o755)
	unlock, err := lockFile(context.Background(), p, lockOpts{})
	if err != nil {
		t.Fatal(err)
	}
	return p, unlock
}

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

// goEnvFile finds the file as the go command does. Pure: no go command runs
// with these environments (off is go's value for "no env file").
func TestGoEnvFileAsGoFindsIt(t *testing.T) {
	const off = "off"
	if runtime.GOOS != "linux" {
		t.Skip("XDG rules")
	}
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"GOENV=/x/env", "HOME=/h"}, "/x/env"},
		{[]string{"GOENV=" + off, "HOME=/h"}, ""},
		{[]string{"HOME=/h"}, "/h/.config/go/env"},
		{[]string{"HOME=/h", "XDG_CONFIG_HOME=/c"}, "/c/go/env"},
		{[]string{"HOME=/h", "XDG_CONFIG_HOME=rel"}, ""},
		{[]string{"GOENV=/a", "GOENV=/b"}, "/b"},
		{nil, ""},
	} {
		if got := goEnvFile(c.env); got != c.want {
			t.Errorf("%q: %q, want %q", c.env, got, c.want)
		}
	}
}

// Every go command has a timeout, whatever the caller's context: a go that
// never finishes (here a stand-in that sleeps) fails the read with a clear
// error instead of hanging env and use.
func TestGoCommandTimeout(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell script")
	}
	fake := filepath.Join(t.TempDir(), "go")
	writeFile(t, fake, "#!/bin/sh\nexec sleep 3600\n") // waited for, it would hang the test
	if err := os.Chmod(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	e := testEnv(t, "")
	e.GoBin = fake
	e.goTimeout = 50 * time.Millisecond
	_, err := e.Read(context.Background())
	if err == nil || !strings.Contains(err.Error(), "did not finish within 50ms and was stopped") {
		t.Errorf("Read: %v", err)
	}
	_, err = e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	if err == nil || !strings.Contains(err.Error(), "did not finish within 50ms") {
		t.Errorf("Apply: %v", err)
	}
}

// A relative GOENV is the file the user's shell means: relative to the
// current directory, not to the temp directory go runs in. The write
// lands there and is verified there (it was reported as not effective).
func TestRelativeGOENV(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	e := testEnv(t, filepath.Join("rel", "env"))
	rep, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	if err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, "rel", "env")
	if real, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(real, "env")
	}
	if len(rep.NotEffective) != 0 || rep.After.Get("GOPROXY").Value != "https://mine.example" || rep.After.Get("GOPROXY").Source != SourceFile {
		t.Errorf("NotEffective %+v, after %+v", rep.NotEffective, rep.After.Get("GOPROXY"))
	}
	if got := readFile(t, abs); got != "GOPROXY=https://mine.example\n" {
		t.Errorf("%s: %q", abs, got)
	}
	if s, err := e.Read(context.Background()); err != nil || !filepath.IsAbs(s.EnvFile) {
		t.Errorf("EnvFile %q, %v", s.EnvFile, err)
	}
}
