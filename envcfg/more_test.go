package envcfg

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
)

// go env -w drops earlier duplicates of a key and sorts runs of KEY=VALUE
// lines; neither changes what the file means, so the check accepts it.
func TestApplyAcceptsGoEnvSortingAndDuplicates(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOTOOLCHAIN=local\nGOFLAGS=-mod=vendor\nGOFLAGS=-mod=mod\n# keep\r\nGOPROXY=https://old.example\n")
	if _, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://new.example"}, {Key: "GOINSECURE", Value: "insecure.example"}}); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, envPath(e))
	vals := parseEnv([]byte(got))
	if vals["GOFLAGS"] != "-mod=mod" || vals["GOTOOLCHAIN"] != "local" || vals["GOPROXY"] != "https://new.example" || vals["GOINSECURE"] != "insecure.example" {
		t.Errorf("file:\n%s", got)
	}
	if !strings.Contains(got, "# keep\r\n") {
		t.Errorf("comment with CRLF lost:\n%q", got)
	}
}

func TestCheckCopyRejectsUnexpectedContent(t *testing.T) {
	orig := []byte("# c\nGOFLAGS=-mod=mod\nGOPROXY=https://a.example\n")
	diffs := []Diff{{Key: "GOPROXY", Old: "https://a.example", OldSet: true, New: "https://b.example", NewSet: true}}
	for _, bad := range []string{
		"GOFLAGS=-mod=mod\nGOPROXY=https://b.example\n",                   // comment lost
		"# c\nGOPROXY=https://b.example\n",                                // unrelated key lost
		"# c\nGOFLAGS=-mod=mod\nGOPROXY=https://a.example\n",              // change not made
		"# c\nGOFLAGS=-mod=mod\nGOPROXY=https://b.example\nGOSUMDB=off\n", // extra key
		"# c\nGOFLAGS=-trimpath\nGOPROXY=https://b.example\n",             // unrelated key changed
	} {
		if err := checkCopy(orig, []byte(bad), diffs); err == nil {
			t.Errorf("checkCopy accepted %q", bad)
		}
	}
	if err := checkCopy(orig, []byte("# c\nGOFLAGS=-mod=mod\nGOPROXY=https://b.example\n"), diffs); err != nil {
		t.Errorf("checkCopy rejected the right content: %v", err)
	}
}

// No go env file (the user's GOENV is off, which go reports as an empty
// GOENV): nothing to write, and Apply says so. The go command itself is
// never run that way here: the test sets what it would have reported
// (the cached path) on a sandboxed Env whose GOENV is a temp file.
func TestApplyWithoutEnvFile(t *testing.T) {
	e := testEnv(t, filepath.Join(t.TempDir(), "env"))
	e.envFile, e.haveFile = "", true
	if _, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://a.example"}}); err == nil || !strings.Contains(err.Error(), "there is no go env file to write") {
		t.Errorf("apply without a go env file: %v", err)
	}
	if _, err := os.Stat(envPath(e)); !os.IsNotExist(err) {
		t.Errorf("a go env file was written: %v", err)
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

func TestWatchSymlinkedEnvFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "goenv")
	writeFile(t, real, "GOPROXY=https://a.example\n")
	link := filepath.Join(dir, "config", "go", "env")
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	e := testEnv(t, link)
	w := startWatch(t, e, filepath.Join(dir, "config.toml"))
	// An edit of the link's target, in another directory.
	writeFile(t, real, "GOPROXY=https://b.example\n")
	ev := nextEvent(t, w)
	if ev.Path != link {
		t.Errorf("event path %q, want the link %q", ev.Path, link)
	}
	wantChanges(t, ev, Diff{Key: "GOPROXY", Old: "https://a.example", OldSet: true, New: "https://b.example", NewSet: true})
	// Our own apply through the link is silent; the sentinel arrives alone.
	if _, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://c.example"}}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, real, "GOPROXY=https://c.example\nGOSUMDB=off\n")
	wantChanges(t, nextEvent(t, w), Diff{Key: "GOSUMDB", New: "off", NewSet: true})
}

// A "KEY=" line hides $GOROOT/go.env; undo puts it back as it was, not as
// a reset.
func TestUndoRestoresEmptyLine(t *testing.T) {
	e := testEnv(t, "")
	ctx := context.Background()
	writeFile(t, envPath(e), "GOSUMDB=\n")
	if _, err := e.Apply(ctx, []Change{{Key: "GOSUMDB", Value: "off"}}); err != nil {
		t.Fatal(err)
	}
	rep, err := e.Undo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, envPath(e)); got != "GOSUMDB=\n" {
		t.Errorf("after undo: %q", got)
	}
	if len(rep.Diffs) != 1 || rep.Diffs[0] != (Diff{Key: "GOSUMDB", Old: "off", OldSet: true, New: "", NewSet: true}) {
		t.Errorf("undo diffs %+v", rep.Diffs)
	}
}

// A copy left by a goproxytui killed before its rename is cleaned up.
func TestApplyRemovesStaleCopies(t *testing.T) {
	e := testEnv(t, "")
	stale := filepath.Join(filepath.Dir(envPath(e)), ".env.tmp123456")
	writeFile(t, stale, "GOPROXY=half")
	if _, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://a.example"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale copy still there: %v", err)
	}
}

// An empty GONOPROXY or GONOSUMDB line in the go env file leaves the go
// command on its default, GOPRIVATE's value (cfg.EnvOrAndChanged): the value
// does not come from that line.
func TestReadEmptyLineFallsBackToGOPRIVATE(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPRIVATE=corp.example/*\nGONOSUMDB=\nGOFLAGS=\n")
	s, err := e.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []Var{
		{Name: "GONOSUMDB", Value: "corp.example/*", Source: SourceDefault},
		{Name: "GONOPROXY", Value: "corp.example/*", Source: SourceDefault},
		{Name: "GOFLAGS", Value: "", Source: SourceFile},
	} {
		if v := s.Get(want.Name); v.Value != want.Value || v.Source != want.Source {
			t.Errorf("%s = %q from %s, want %q from %s", want.Name, v.Value, v.Source, want.Value, want.Source)
		}
	}
}

// A conflict's summary is said in the reader's language too: no English
// words inside a Chinese message.
func TestConflictMessageTranslated(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\n")
	e.beforeSwap = func() { writeFile(t, envPath(e), "# hi\nGOSUMDB=off\n") }
	_, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	if err == nil {
		t.Fatal("no conflict")
	}
	en := i18n.EN.Error(err)
	if !strings.Contains(en, `GOPROXY "https://before.example" → (unset); GOSUMDB (unset) → "off"; comments`) {
		t.Errorf("English message %q", en)
	}
	zh := i18n.ZH.Error(err)
	for _, word := range []string{"unset", "comments", "changed by"} {
		if strings.Contains(zh, word) {
			t.Errorf("Chinese message has %q: %s", word, zh)
		}
	}
}
