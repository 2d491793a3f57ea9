//go:build linux || darwin || freebsd

package probe

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A named pipe where a file:// mirror's .info should be is refused at
// once, not read: opening it would block until a writer came, for ever.
// So is a directory in its place.
func TestProbeFileProxyNotRegular(t *testing.T) {
	dir := t.TempDir()
	infoDir := filepath.Join(dir, "example.com", "m", "@v")
	if err := os.MkdirAll(infoDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(infoDir, "v1.0.0.info"), 0o644); err != nil {
		t.Skip(err)
	}
	if err := os.MkdirAll(filepath.Join(infoDir, "v1.0.1.info"), 0o755); err != nil {
		t.Fatal(err)
	}
	o := testOptions()
	u := "file://" + filepath.ToSlash(dir)
	for ver, want := range map[string]string{"v1.0.0": "named pipe", "v1.0.1": "directory"} {
		o.Canary = "example.com/m@" + ver
		r := Probe(context.Background(), mirrorAt("f", u), o)
		if r.Class != ClassProtocol || !strings.Contains(r.Reason, want) {
			t.Errorf("%s: %s %q, want a protocol failure naming the %s", ver, r.Class, r.Reason, want)
		}
	}
}
