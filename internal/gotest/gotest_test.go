package gotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The sandbox really confines the go command: go env reports the temp
// paths, go env -w writes the temp GOENV file, and telemetry is off.
func TestEnvConfinesGo(t *testing.T) {
	t.Setenv("GOPROXY", "https://parent.example")
	t.Setenv("LANG", "zh_CN.UTF-8")
	env, dir := Env(t)
	if Value(env, "GOPROXY") != "" || Value(env, "LANG") != "" {
		t.Fatalf("parent variables leaked: %v", env)
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if err := os.MkdirAll(filepath.Dir(Value(env, "GOENV")), 0o755); err != nil {
		t.Fatal(err)
	}
	run("env", "-w", "GOPROXY=https://sandboxed.example")
	b, err := os.ReadFile(filepath.Join(dir, "config", "go", "env"))
	if err != nil || !strings.Contains(string(b), "GOPROXY=https://sandboxed.example") {
		t.Fatalf("GOENV file = %q, %v", b, err)
	}
	got := strings.Fields(run("env", "GOENV", "GOMODCACHE", "GOTELEMETRY"))
	want := []string{filepath.Join(dir, "config", "go", "env"), filepath.Join(dir, "modcache"), "off"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("go env = %q, want %q", got, want)
	}
}
