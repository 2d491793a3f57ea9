//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A config that is a FIFO would block the read forever: refused at once.
func TestLoadConfigFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	if _, err := Load(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("fifo: %v", err)
	}
}

// Editing and saving read the file in place as Load does: a FIFO there is
// refused at once, neither waited on nor replaced.
func TestEditAndSaveConfigFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	edits := map[string]func() error{
		"add mirror":  func() error { return AddMirror(fifo, Mirror{ID: "corp", URL: "https://corp.example"}) },
		"save layout": func() error { return Default().SaveKeepingLayout(fifo) },
		"save":        func() error { return Default().Save(fifo) },
	}
	for name, edit := range edits {
		if err := edit(); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: %v", name, err)
		}
		if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("%s: the FIFO was replaced: %v %v", name, fi, err)
		}
	}
}
