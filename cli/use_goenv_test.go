package cli

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

// A relative GOENV is the file the user's shell means, relative to the
// current directory: use writes it and verifies it there, exit 0 (it
// reported exit 3, "does not take effect", as go ran in the temp directory
// and read another file); env reports it by its absolute path.
func TestUseRelativeGOENV(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	work := t.TempDir()
	rel := filepath.Join("dot", "goenv")
	var relEnv []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "GOENV=") {
			relEnv = append(relEnv, kv)
		}
	}
	relEnv = append(relEnv, "GOENV="+rel) // relative to work, the command's directory

	out, errOut, code := runBinIn(t, work, relEnv, "use", "goproxy.cn,direct", "--force")
	if code != 0 || strings.Contains(errOut, "does not take effect") {
		t.Fatalf("use: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(work, rel))
	if err != nil || string(data) != "GOPROXY=https://goproxy.cn,direct\n" {
		t.Errorf("%s: %q %v", rel, data, err)
	}
	out, errOut, code = runBinIn(t, work, relEnv, "env")
	if code != 0 || !strings.Contains(out, "https://goproxy.cn,direct") || !strings.Contains(out, filepath.Join(work, rel)) {
		t.Errorf("env: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// runBinIn is runBin with the command run in dir.
func runBinIn(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...) // env from sandboxEnv: temp GOENV, HOME and XDG dirs
	cmd.Env, cmd.Dir = env, dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	var exit *exec.ExitError
	if err := cmd.Run(); err != nil && !errors.As(err, &exit) {
		t.Fatalf("running goproxytui %v: %v", args, err)
	}
	if exit != nil {
		code = exit.ExitCode()
	}
	return out.String(), errb.String(), code
}
