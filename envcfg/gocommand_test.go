package envcfg

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

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
