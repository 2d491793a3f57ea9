package envcfg

import (
	"context"
	"os"
	"path/filepath"
	"testing"

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
