//go:build linux || darwin || freebsd

package envcfg

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A lock file that is a symbolic link, a named pipe or a hard link to
// another file is refused: the file it leads to keeps its bytes, nothing
// is written to the env file, and the error says what the lock file is.
// This holds for the env file's lock and for the undo history's.
func TestLockFileNotOwnRefused(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, lock, victim string)
		want string
	}{
		{"symlink", func(t *testing.T, lock, victim string) {
			if err := os.Symlink(victim, lock); err != nil {
				t.Fatal(err)
			}
		}, "is a symbolic link"},
		{"dangling symlink", func(t *testing.T, lock, victim string) {
			if err := os.Symlink(victim+".missing", lock); err != nil {
				t.Fatal(err)
			}
		}, "is a symbolic link"},
		{"hard link", func(t *testing.T, lock, victim string) {
			if err := os.Link(victim, lock); err != nil {
				t.Fatal(err)
			}
		}, "is a file with other hard links"},
		{"fifo", func(t *testing.T, lock, victim string) {
			if err := syscall.Mkfifo(lock, 0o644); err != nil {
				t.Skip(err)
			}
		}, "is a named pipe (FIFO)"},
	}
	for _, c := range cases {
		for _, which := range []string{"env", "history"} {
			t.Run(c.name+"/"+which, func(t *testing.T) {
				dir := t.TempDir()
				envFile := filepath.Join(dir, "env")
				writeFile(t, envFile, "GOPROXY=https://old.example\n")
				victim := filepath.Join(dir, "victim")
				writeFile(t, victim, "precious\n")
				e := testEnv(t, envFile)
				lock := lockPath(envFile)
				if which == "history" {
					hp, err := e.HistoryPath()
					if err != nil {
						t.Fatal(err)
					}
					if err := os.MkdirAll(filepath.Dir(hp), 0o755); err != nil {
						t.Fatal(err)
					}
					lock = lockPath(hp)
				}
				c.make(t, lock, victim)
				rep, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://new.example"}})
				if which == "env" {
					if err == nil || !strings.Contains(err.Error(), "the lock file "+lock+" "+c.want) {
						t.Errorf("Apply: %v, want the lock file refused (%s)", err, c.want)
					}
					if got := readFile(t, envFile); got != "GOPROXY=https://old.example\n" {
						t.Errorf("env file written: %q", got)
					}
				} else {
					// The change is made; the history cannot be kept, and says why.
					if err != nil || !strings.Contains(joinErrs(rep.Warnings), c.want) {
						t.Errorf("Apply: %v, warnings %v, want a warning that the history's lock %s", err, rep.Warnings, c.want)
					}
				}
				if got := readFile(t, victim); got != "precious\n" {
					t.Errorf("the file behind the lock was changed: %q", got)
				}
			})
		}
	}
}

func joinErrs(errs []error) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

// A go command that writes for ever (here a stand-in printing without end,
// to stdout or to stderr) is stopped once it has written MaxGoOutput bytes,
// with an error that says so; the read neither waits for go's timeout nor
// keeps more than the cap.
func TestGoOutputCapped(t *testing.T) {
	for _, stream := range []string{"stdout", "stderr"} {
		t.Run(stream, func(t *testing.T) {
			fake := filepath.Join(t.TempDir(), "go")
			redirect := ""
			if stream == "stderr" {
				redirect = " 1>&2"
			}
			writeFile(t, fake, "#!/bin/sh\nexec yes goproxytui-endless"+redirect+"\n")
			if err := os.Chmod(fake, 0o755); err != nil {
				t.Fatal(err)
			}
			e := testEnv(t, "")
			e.GoBin = fake
			_, err := e.Read(context.Background())
			if err == nil || !strings.Contains(err.Error(), "it wrote more than 1024 KiB and was stopped") {
				t.Errorf("Read: %v", err)
			}
			if err != nil && len(err.Error()) > 4096 {
				t.Errorf("the error carries %d bytes of go's output", len(err.Error()))
			}
		})
	}
}

// The go command's stderr is shown with the credentials of the URLs it
// quotes hidden.
func TestGoStderrRedacted(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "go")
	writeFile(t, fake, "#!/bin/sh\necho 'go: m@v1: Get \"https://alice:s3cret@x.example/m/@v/v1.info\": refused' >&2\nexit 1\n")
	if err := os.Chmod(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	e := testEnv(t, "")
	e.GoBin = fake
	_, err := e.Read(context.Background())
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "https://alice:xxxxx@x.example") {
		t.Errorf("Read: %v", err)
	}
}

// A read-only go env file (mode 0444 in a writable directory) gets the
// verdict `go env -w` gives it: where go refuses with "permission denied",
// so does Apply, and the file keeps its bytes and mode; where go writes it
// (as root), so does Apply.
func TestReadOnlyEnvFileAsGo(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "env")
	writeFile(t, envFile, "GOPROXY=https://old.example\n")
	if err := os.Chmod(envFile, 0o444); err != nil {
		t.Fatal(err)
	}
	// What the go command does with a copy of it.
	goCopy := filepath.Join(t.TempDir(), "env")
	writeFile(t, goCopy, "GOPROXY=https://old.example\n")
	if err := os.Chmod(goCopy, 0o444); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "env", "-w", "GOPROXY=https://new.example")
	cmd.Env = testEnv(t, goCopy).environ() // GOENV is goCopy, a temp file
	out, goErr := cmd.CombinedOutput()

	e := testEnv(t, envFile)
	_, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://new.example"}})
	if goErr != nil {
		if !strings.Contains(string(out), "permission denied") {
			t.Fatalf("go env -w refused the 0444 file another way: %s", out)
		}
		if err == nil || !strings.Contains(err.Error(), "permission denied") || !strings.Contains(err.Error(), "nothing was written") {
			t.Errorf("Apply: %v, want go's permission denied", err)
		}
		if got := readFile(t, envFile); got != "GOPROXY=https://old.example\n" {
			t.Errorf("file written: %q", got)
		}
		if fi, _ := os.Stat(envFile); fi.Mode().Perm() != 0o444 {
			t.Errorf("mode %v", fi.Mode())
		}
		return
	}
	if err != nil {
		t.Errorf("go env -w writes the 0444 file here (%s), Apply refuses: %v", out, err)
	}
}

// The undo history and the env file that are named pipes are refused, not
// read: the read would block for ever.
func TestHistoryFIFORefused(t *testing.T) {
	e := testEnv(t, filepath.Join(t.TempDir(), "env"))
	hp, err := e.HistoryPath()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(hp), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(hp, 0o644); err != nil {
		t.Skip(err)
	}
	_, err = e.History(context.Background())
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("History: %v", err)
	}
}
