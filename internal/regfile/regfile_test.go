//go:build linux || darwin || freebsd

package regfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

// Open refuses what is not a regular file — without blocking on a named
// pipe that has no writer — and follows links to regular files.
func TestOpenRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("ok"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	fifoLink := filepath.Join(dir, "fifolink")
	if err := os.Symlink(fifo, fifoLink); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		fifo:        "is a named pipe (FIFO), not a regular file",
		fifoLink:    "is a named pipe (FIFO), not a regular file",
		dir:         "is a directory, not a regular file",
		"/dev/null": "is a device, not a regular file",
	} {
		_, err := ReadFile(path, 0)
		var nr *NotRegularError
		if !errors.As(err, &nr) || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadFile(%s): %v, want %q", path, err, want)
			continue
		}
		if zh := i18n.ZH.Error(err); zh == err.Error() {
			t.Errorf("ReadFile(%s): no Chinese message: %q", path, zh)
		}
	}
	for _, p := range []string{file, link} {
		if b, err := ReadFile(p, 0); err != nil || string(b) != "ok" {
			t.Errorf("ReadFile(%s) = %q, %v", p, b, err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if _, err := ReadFile(file, 1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the cap: %v", err)
	}
	if b, err := ReadFile(file, 2); err != nil || string(b) != "ok" {
		t.Errorf("at the cap: %q, %v", b, err)
	}
}
