package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// binPath is the goproxytui binary built once for every test of this package.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "goproxytui-bin")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "goproxytui")
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		panic("building goproxytui: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sandboxEnv returns an environment in which neither the go command nor
// goproxytui can touch the real user's files: GOENV is a temp file (never
// "off", which makes go write the default file), HOME and the XDG dirs are
// temp dirs, and the parent's GO*, proxy and locale variables are dropped.
// It keeps PATH so that "go" is found.
func sandboxEnv(t testing.TB) []string {
	t.Helper()
	dir := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(dir, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"GOENV=" + filepath.Join(dir, "config", "go", "env"),
		"GOCACHE=" + goCache(),
		"GOTOOLCHAIN=local",
		"TERM=dumb",
	}
	for _, d := range []string{"home", "config", "state", "cache"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Telemetry off: else the go command may leave a child process writing
	// into the temp config dir while the test removes it.
	tdir := filepath.Join(dir, "config", "go", "telemetry")
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tdir, "mode"), []byte("off "+time.Now().UTC().Format(time.DateOnly)), 0o644); err != nil {
		t.Fatal(err)
	}
	return env
}

// goCache shares the build cache so that the go commands tests run stay fast.
func goCache() string {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		return filepath.Join(os.TempDir(), "goproxytui-gocache")
	}
	return strings.TrimSpace(string(out))
}

// envValue returns the value of key in env.
func envValue(env []string, key string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// runBin runs the goproxytui binary with env (from sandboxEnv, plus extras)
// and returns its output and exit code. It fails the test after 60 s.
func runBin(t testing.TB, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("running goproxytui %v: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("goproxytui %v did not finish in time; stderr:\n%s", args, errb.String())
	}
	return out.String(), errb.String(), code
}

func TestHelpVersionAndUsageErrors(t *testing.T) {
	env := sandboxEnv(t)
	out, _, code := runBin(t, env, "--help")
	if code != 0 || !strings.Contains(out, "usage: goproxytui") || !strings.Contains(out, "doctor") {
		t.Errorf("--help: code %d, out:\n%s", code, out)
	}
	out, _, code = runBin(t, env, "--version")
	if code != 0 || !strings.HasPrefix(out, "goproxytui ") {
		t.Errorf("--version: code %d, out %q", code, out)
	}
	_, errOut, code := runBin(t, env, "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) || !strings.Contains(errOut, "usage:") {
		t.Errorf("unknown command: code %d, stderr %q", code, errOut)
	}
	_, errOut, code = runBin(t, env, "--frobnicate")
	if code != 2 || !strings.Contains(errOut, "usage:") {
		t.Errorf("unknown flag: code %d, stderr %q", code, errOut)
	}
	out, _, code = runBin(t, env, "--lang", "zh", "--help")
	if code != 0 || !strings.Contains(out, "用法") {
		t.Errorf("--lang zh --help: code %d, out:\n%s", code, out)
	}
	out, _, code = runBin(t, append(env, "LANG=zh_CN.UTF-8"), "--help")
	if code != 0 || !strings.Contains(out, "用法") {
		t.Errorf("LANG=zh_CN --help: code %d, out:\n%s", code, out)
	}
	_, _, code = runBin(t, env, "--lang", "fr", "--help")
	if code != 2 {
		t.Errorf("--lang fr: code %d, want 2", code)
	}
}
