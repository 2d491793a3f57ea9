package envcfg

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// nextEvent waits for the watcher's next event, failing after 2 minutes (a hang guard).
func nextEvent(t *testing.T, w *Watcher) WatchEvent {
	t.Helper()
	select {
	case ev, ok := <-w.Events():
		if !ok {
			t.Fatal("watcher events closed")
		}
		if ev.Err != nil {
			t.Fatalf("watch error: %v", ev.Err)
		}
		return ev
	case <-time.After(2 * time.Minute):
		t.Fatal("no watch event within 2 minutes")
	}
	panic("unreachable")
}

func startWatch(t *testing.T, e *Env, config string) *Watcher {
	t.Helper()
	w, err := e.Watch(config)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func wantChanges(t *testing.T, ev WatchEvent, want ...Diff) {
	t.Helper()
	if ev.File != EnvFile {
		t.Fatalf("event for %v %s, want the env file", ev.File, ev.Path)
	}
	if len(ev.Changes) != len(want) {
		t.Fatalf("changes %+v, want %+v", ev.Changes, want)
	}
	for i := range want {
		if ev.Changes[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, ev.Changes[i], want[i])
		}
	}
}

func TestWatchOutsideGoEnvW(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\n")
	w := startWatch(t, e, filepath.Join(t.TempDir(), "config.toml"))
	// e.Environ is testEnv's sandbox: GOENV is a temp file, HOME and XDG dirs are temp.
	cmd := exec.Command("go", "env", "-w", "GOPROXY=https://after.example,direct", "GOSUMDB=off")
	cmd.Env = e.Environ
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go env -w: %v\n%s", err, out)
	}
	ev := nextEvent(t, w)
	if ev.Path != envPath(e) || !ev.Exists {
		t.Errorf("event %+v", ev)
	}
	wantChanges(t, ev,
		Diff{Key: "GOPROXY", Old: "https://before.example", OldSet: true, New: "https://after.example,direct", NewSet: true},
		Diff{Key: "GOSUMDB", New: "off", NewSet: true})
}

func TestWatchEditorRenameAndMissingDirectories(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "not", "yet", "go", "env")
	config := filepath.Join(dir, "cfg", "goproxytui", "config.toml")
	e := testEnv(t, envFile)
	w := startWatch(t, e, config)

	// The directories appear, then an editor saves: temp file, rename.
	if err := os.MkdirAll(filepath.Dir(envFile), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(envFile), ".env.swp")
	writeFile(t, tmp, "# edited\nGOPRIVATE=corp.example/*\n")
	if err := os.Rename(tmp, envFile); err != nil {
		t.Fatal(err)
	}
	ev := nextEvent(t, w)
	wantChanges(t, ev, Diff{Key: "GOPRIVATE", New: "corp.example/*", NewSet: true})

	// Again, into an existing file.
	writeFile(t, tmp, "# edited\nGOPRIVATE=other.example/*\n")
	if err := os.Rename(tmp, envFile); err != nil {
		t.Fatal(err)
	}
	wantChanges(t, nextEvent(t, w), Diff{Key: "GOPRIVATE", Old: "corp.example/*", OldSet: true, New: "other.example/*", NewSet: true})

	// The config file, created with its directories.
	writeFile(t, config, "theme = \"dark\"\n")
	ev = nextEvent(t, w)
	if ev.File != ConfigFile || ev.Path != config || !ev.Exists {
		t.Errorf("config event %+v", ev)
	}
	os.Remove(config)
	if ev = nextEvent(t, w); ev.File != ConfigFile || ev.Exists {
		t.Errorf("config removal event %+v", ev)
	}
}

func TestWatchIgnoresOwnApply(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\n")
	w := startWatch(t, e, filepath.Join(t.TempDir(), "config.toml"))
	ctx := context.Background()
	if _, err := e.Apply(ctx, []Change{{Key: "GOPROXY", Value: "https://mine.example,direct"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Apply(ctx, []Change{{Key: "GOPRIVATE", Value: "corp.example"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	// Sentinel: an outside change. It must arrive alone, with only its key.
	cmd := exec.Command("go", "env", "-w", "GOSUMDB=off")
	cmd.Env = e.Environ
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go env -w: %v\n%s", err, out)
	}
	wantChanges(t, nextEvent(t, w), Diff{Key: "GOSUMDB", New: "off", NewSet: true})
}

func TestWatchOutsideChangeJustBeforeOwnApply(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\n")
	w := startWatch(t, e, filepath.Join(t.TempDir(), "config.toml"))
	// An outside write and then, within the debounce, our apply on top of it:
	// the outside change is still reported, ours is not.
	writeFile(t, envPath(e), "GOPROXY=https://before.example\nGOFLAGS=-mod=mod\n")
	if _, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}}); err != nil {
		t.Fatal(err)
	}
	wantChanges(t, nextEvent(t, w), Diff{Key: "GOFLAGS", New: "-mod=mod", NewSet: true})
	writeFile(t, envPath(e), "GOPROXY=https://mine.example\nGOFLAGS=-mod=mod\nGOSUMDB=off\n")
	wantChanges(t, nextEvent(t, w), Diff{Key: "GOSUMDB", New: "off", NewSet: true})
}

func TestWatchCloseEndsGoroutine(t *testing.T) {
	e := testEnv(t, "")
	w, err := e.Watch(filepath.Join(t.TempDir(), "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-w.Events():
		if ok {
			t.Error("event after Close")
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("events not closed after Close")
	}
	w.Close() // twice is fine

	// A closed fsnotify channel ends the loop too.
	w2, err := e.Watch(filepath.Join(t.TempDir(), "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	w2.fw.Close()
	select {
	case <-w2.ended:
	case <-time.After(2 * time.Minute):
		t.Fatal("loop still running after fsnotify closed")
	}
	w2.Close()
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
