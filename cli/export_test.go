package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestExport(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://goproxy.cn|https://bob:secret@athens.corp.example,direct\nGOSUMDB=sum.golang.google.cn\n")

	out, errOut, code := runBin(t, env, "export")
	if code != 0 {
		t.Fatalf("export: code %d, %q", code, errOut)
	}
	for _, want := range []string{"export GOPROXY='https://goproxy.cn|https://bob:xxxxx@athens.corp.example,direct'", "export GOSUMDB='sum.golang.google.cn'", "unset GOPRIVATE"} {
		if !strings.Contains(out, want) {
			t.Errorf("sh export lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret") {
		t.Errorf("credentials printed:\n%s", out)
	}
	out, _, _ = runBin(t, env, "export", "--show-credentials")
	if !strings.Contains(out, "bob:secret@") {
		t.Errorf("--show-credentials:\n%s", out)
	}

	// The sh snippet, run by a real shell, gives the real go command the
	// values (the sandbox's GOENV is an empty file for that go).
	if sh, err := exec.LookPath("sh"); err == nil {
		env2 := sandboxEnv(t)
		snippet, _, _ := runBin(t, env, "export", "--show-credentials")
		// GOENV points at env2's empty temp file: only the snippet sets values.
		cmd := exec.Command(sh, "-c", snippet+"\ngo env GOPROXY GOSUMDB")
		cmd.Env = env2
		got, err := cmd.Output()
		if err != nil || string(got) != "https://goproxy.cn|https://bob:secret@athens.corp.example,direct\nsum.golang.google.cn\n" {
			t.Errorf("sh + go env: %v, %q", err, got)
		}
	}

	// A profile and a chain: what `use` would give, over the current values.
	out, _, code = runBin(t, env, "export", "--format", "dockerfile", "--profile", "global")
	if code != 0 || !strings.Contains(out, `ENV GOPROXY="https://proxy.golang.org,direct"`) {
		t.Errorf("--profile global dockerfile: code %d:\n%s", code, out)
	}
	out, _, code = runBin(t, env, "export", "--format", "github-actions", "aliyun|goproxy.cn,direct")
	if code != 0 || !strings.HasPrefix(out, "env:\n") || !strings.Contains(out, `GOPROXY: "https://mirrors.aliyun.com/goproxy/|https://goproxy.cn,direct"`) {
		t.Errorf("chain github-actions: code %d:\n%s", code, out)
	}
	out, _, code = runBin(t, env, "export", "--format", "gitlab", "--json", "goproxy.io")
	var j exportJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != 0 {
		t.Fatalf("--json: code %d, %v:\n%s", code, err, out)
	}
	if j.Format != "gitlab-ci" || j.Values["GOPROXY"] != "https://goproxy.io" || j.Values["GOSUMDB"] != "sum.golang.google.cn" ||
		!strings.HasPrefix(j.Snippet, "variables:\n") || strings.Join(j.Unset, ",") != "GOPRIVATE,GONOPROXY,GONOSUMDB" {
		t.Errorf("--json: %+v", j)
	}

	// A GOSUMDB URL's credentials are hidden in the JSON values too.
	env3 := sandboxEnv(t)
	writeEnvFile(t, env3, "GOSUMDB=sum.golang.org https://alice:pw@sumdb.corp.example\n")
	out, _, code = runBin(t, env3, "export", "--json")
	if code != 0 || strings.Contains(out, "alice:pw") || !strings.Contains(out, "alice:xxxxx@sumdb.corp.example") {
		t.Errorf("GOSUMDB URL credentials in --json: code %d:\n%s", code, out)
	}

	// Bad input: exit 2 with a suggestion where there is one.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--format", "fihs"}, "did you mean fish?"},
		{[]string{"export", "--profile", "chian"}, `unknown profile "chian" — did you mean china?`},
		{[]string{"export", "goproxy.cn,nosuchmirror"}, "nosuchmirror"},
		{[]string{"export", "--profile", "china", "goproxy.cn"}, "not both"},
		{[]string{"export", "a", "b"}, "unexpected argument"},
	} {
		_, errOut, code := runBin(t, env, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: code %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	got, _ := completions(t, env, "export", "--format", "git")
	if strings.Join(got, ",") != "github-actions,gitlab-ci" {
		t.Errorf("--format completion: %v", got)
	}
}

// Mistyped ids get a suggestion everywhere an id is taken.
func TestTypoTolerantIDs(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	cfg := writeConfig(t, t.TempDir(), "config.toml", "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"probe", "goproxy.cm"}, `unknown mirror "goproxy.cm" — did you mean goproxy.cn?`},
		{[]string{"recommend", "alyun"}, "did you mean aliyun?"},
		{[]string{"goproxy.cm"}, `unknown mirror "goproxy.cm" — did you mean goproxy.cn?`},
		{[]string{"aliyunn"}, `unknown command or mirror "aliyunn" — did you mean aliyun?`},
		{[]string{"use", "--profile", "globl"}, "did you mean global?"},
		{[]string{"remove", "--config", cfg, "corp"}, "corp"},
	} {
		_, errOut, code := runBin(t, env, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: code %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	_ = os.Remove(filepath.Join(filepath.Dir(cfg), "config.toml"))
}
