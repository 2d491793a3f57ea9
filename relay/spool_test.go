package relay

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// spoolHelperEnv makes the test binary a relay that spools a file, says
// "ready" and waits to be killed (TestSpoolAfterKill).
const spoolHelperEnv = "GOPROXYTUI_RELAY_SPOOL_HELPER"

// TestMain runs the spool helper when asked, else the tests.
func TestMain(m *testing.M) {
	if dir := os.Getenv(spoolHelperEnv); dir != "" {
		r, err := New(Options{Upstreams: []Upstream{up("a", "http://127.0.0.1:1", 0)}, TempDir: dir, NoCacheFallback: true})
		if err != nil {
			os.Exit(3)
		}
		f, err := r.spool.create()
		if err != nil {
			os.Exit(4)
		}
		f.WriteString("half a zip")
		os.Stdout.WriteString("ready\n")
		select {} // until killed
	}
	os.Exit(m.Run())
}

// spoolDirs lists the spool directories under base.
func spoolDirs(t *testing.T, base string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(base, spoolDirName))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// A relay killed with -9 in the middle of a download leaves its spool
// directory; the next relay to start removes it, keeps a running relay's,
// and removes its own when it stops.
func TestSpoolAfterKill(t *testing.T) {
	base := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	// The helper relay never writes go env; GOENV points at a temp file
	// all the same, should its module cache fallback ask go.
	cmd.Env = append(os.Environ(), spoolHelperEnv+"="+base, "GOENV="+filepath.Join(base, "goenv"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper relay: %q %v", line, err)
	}
	dead := spoolDirs(t, base)
	if len(dead) != 1 {
		t.Fatalf("spool dirs of the helper: %v", dead)
	}
	running, err := New(Options{Upstreams: []Upstream{up("a", "http://127.0.0.1:1", 0)}, TempDir: base, NoCacheFallback: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := spoolDirs(t, base); len(got) != 2 {
		t.Fatalf("a running relay's spool was removed: %v", got)
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	if got := spoolDirs(t, base); len(got) != 2 {
		t.Fatalf("after kill -9, before a relay starts: %v", got)
	}
	next, err := New(Options{Upstreams: []Upstream{up("a", "http://127.0.0.1:1", 0)}, TempDir: base, NoCacheFallback: true})
	if err != nil {
		t.Fatal(err)
	}
	got := spoolDirs(t, base)
	if len(got) != 2 || got[0] == dead[0] || got[1] == dead[0] {
		t.Errorf("after a relay started: %v; the dead one was %s", got, dead[0])
	}
	running.Close()
	next.Close()
	if got := spoolDirs(t, base); len(got) != 0 {
		t.Errorf("stopped relays left %v", got)
	}
}

// The spool root in a shared TempDir is refused when it is a link (it
// could point at any directory of the user's), and a directory under it
// that no relay made is never removed.
func TestSpoolRootNotFollowed(t *testing.T) {
	base, elsewhere := t.TempDir(), t.TempDir()
	victim := filepath.Join(elsewhere, "keep")
	if err := os.Mkdir(victim, 0o700); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(victim, old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(base, spoolDirName)); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if _, err := openSpool(base); err == nil {
		t.Error("openSpool accepted a spool root that is a link")
	}
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("a directory behind the link was removed: %v", err)
	}

	base = t.TempDir()
	other := filepath.Join(base, spoolDirName, "not-a-spool")
	if err := os.MkdirAll(other, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(other, old, old); err != nil {
		t.Fatal(err)
	}
	sp, err := openSpool(base)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a directory no relay made was removed: %v", err)
	}
}
