package cli

import (
	"context"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func TestFormatVersion(t *testing.T) {
	t.Parallel()
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-12-04T13:10:50Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	cases := []struct {
		name     string
		override string
		bi       *debug.BuildInfo
		want     string
	}{
		{"go install module@version", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3", Sum: "h1:abc="}}, "v1.2.3"},
		{"go build in a repository", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261204131050-0123456789ab+dirty"}, Settings: vcs},
			"devel (0123456789ab, modified, 2026-12-04T13:10:50Z)"},
		{"go build, clean tree", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs[:3]},
			"devel (0123456789ab, 2026-12-04T13:10:50Z)"},
		{"go build -buildvcs=false", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{"-X override", "v2.0.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs[:2]}, "v2.0.0 (0123456789ab)"},
		{"no build info", "", nil, "devel"},
	}
	for _, c := range cases {
		if got := formatVersion(c.override, c.bi); got != c.want {
			t.Errorf("%s: formatVersion = %q, want %q", c.name, got, c.want)
		}
	}
}

// The binary TestMain built says the revision its build info records
// (go build stamps it in a git checkout).
func TestVersionShowsRevision(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// go version -m only reads the binary; GOENV is not involved.
	info, err := exec.CommandContext(ctx, "go", "version", "-m", binPath).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	_, rev, ok := strings.Cut(string(info), "vcs.revision=")
	if !ok {
		t.Skip("the test binary has no VCS revision (not built in a git checkout)")
	}
	env := sandboxEnv(t)
	out, _, code := runBin(t, env, "--version")
	want := "goproxytui devel (" + rev[:12]
	if code != 0 || !strings.HasPrefix(out, want) {
		t.Errorf("--version: code %d, %q; want it to start with %q", code, out, want)
	}
	if out2, _, _ := runBin(t, env, "-v"); out2 != out {
		t.Errorf("-v = %q, --version = %q", out2, out)
	}
}

// -ldflags -X main.version still sets the version.
func TestVersionFromLdflags(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary again")
	}
	bin := t.TempDir() + "/goproxytui"
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	// A build runs no go env; GOENV is left as it is.
	build := exec.CommandContext(ctx, "go", "build", "-buildvcs=false", "-ldflags", "-X main.version=v9.8.7", "-o", bin, "github.com/goproxytui/goproxytui")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, bin, "--version").Output()
	if err != nil || string(out) != "goproxytui v9.8.7\n" {
		t.Errorf("--version = %q, %v; want goproxytui v9.8.7", out, err)
	}
}
