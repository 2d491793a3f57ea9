package main

import (
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/gotest"
)

// The binary links no test code: no package of ours or of a dependency
// whose path says fake or test (internal/fakeproxy, teatest, httptest).
// The standard library's own internals (internal/testlog, which package os
// imports) are not test code and are left out. The go command runs in
// internal/gotest's sandbox, reading the user's module cache, offline.
func TestBinaryLinksNoTestPackage(t *testing.T) {
	env, _ := gotest.Env(t) // GOENV a temp file, HOME and XDG dirs temp
	modcache := os.Getenv("GOMODCACHE")
	if modcache == "" {
		modcache = filepath.Join(strings.Split(build.Default.GOPATH, string(filepath.ListSeparator))[0], "pkg", "mod")
	}
	env = append(env, "GOMODCACHE="+modcache, "GOPROXY=off", "GOFLAGS=-mod=readonly")
	list := func(format string) ([]byte, error) {
		cmd := exec.Command("go", "list", "-deps", "-f", format, "github.com/goproxytui/goproxytui")
		cmd.Env = env
		return cmd.CombinedOutput()
	}
	out, err := list("{{if not .Standard}}{{.ImportPath}}{{end}}")
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list found %d packages: the check is broken\n%s", len(deps), out)
	}
	testish := regexp.MustCompile(`(?i)fake|test`)
	for _, p := range deps {
		if testish.MatchString(p) {
			t.Errorf("the binary links %s", p)
		}
	}
	if std, err := list("{{if .Standard}}{{.ImportPath}}{{end}}"); err != nil || strings.Contains(string(std), "net/http/httptest") {
		t.Errorf("the binary links net/http/httptest (or go list failed: %v)", err)
	}
}
