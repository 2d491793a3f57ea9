package cli

import (
	"slices"
	"strings"
	"testing"
)

// completions runs cobra's hidden __complete command of the binary, as the
// shell scripts do, and returns the candidates (without descriptions) and
// the directive line.
func completions(t *testing.T, env []string, args ...string) ([]string, string) {
	t.Helper()
	out, errOut, code := runBin(t, env, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %v: exit %d, stderr %q", args, code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var got []string
	for _, l := range lines[:len(lines)-1] {
		id, _, _ := strings.Cut(l, "\t")
		got = append(got, id)
	}
	return got, lines[len(lines)-1]
}

func TestDynamicCompletion(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	cfg := writeConfig(t, t.TempDir(), "config.toml", `
[[mirror]]
id = "corp"
name = "Corp Athens"
url = "https://athens.corp.example"

[profile.work]
goproxy = "corp,direct"
`)
	cases := []struct {
		args []string
		want []string // all of these, and nothing that does not start with the typed word
		not  []string
	}{
		{[]string{"use", "goproxy"}, []string{"goproxy.cn", "goproxy.io"}, []string{"aliyun"}},
		{[]string{"use", "goproxy.cn,al"}, []string{"goproxy.cn,aliyun"}, nil},
		{[]string{"use", "goproxy.cn|d"}, []string{"goproxy.cn|direct"}, nil},
		{[]string{"--config", cfg, "use", "c"}, []string{"corp", "china"}, nil},
		{[]string{"use", "--config", cfg, "--profile", ""}, []string{"china", "global", "work"}, []string{"goproxy.cn"}},
		{[]string{"probe", "goproxy.cn", "ali"}, []string{"aliyun"}, nil},
		{[]string{"probe", "--config=" + cfg, "co"}, []string{"corp"}, nil},
		{[]string{"recommend", "goproxy.i"}, []string{"goproxy.io"}, nil},
		{[]string{"ali"}, []string{"aliyun"}, nil},
		{[]string{"--theme", ""}, []string{"default", "mono"}, nil},
		{[]string{"use", "--theme", "m"}, []string{"mono"}, nil},
		{[]string{"--lang", ""}, []string{"en", "zh"}, nil},
		{[]string{"doc"}, []string{"doctor"}, nil},
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish", "powershell"}, nil},
		{[]string{"relay", "--chain", "goproxy.cn|al"}, []string{"goproxy.cn|aliyun"}, nil},
		{[]string{"relay", "--profile", "ch"}, []string{"china"}, nil},
		{[]string{"exporter", "goproxy.c"}, []string{"goproxy.cn"}, nil},
	}
	for _, c := range cases {
		got, dir := completions(t, env, c.args...)
		typed := c.args[len(c.args)-1]
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%v: %v lacks %q", c.args, got, w)
			}
		}
		for _, g := range got {
			if !strings.HasPrefix(g, typed) || slices.Contains(c.not, g) {
				t.Errorf("%v: unexpected candidate %q in %v", c.args, g, got)
			}
		}
		if !strings.HasPrefix(dir, ":") {
			t.Errorf("%v: no directive line, got %q", c.args, dir)
		}
	}
	// A chain goes on after a completed entry: no space after it.
	if _, dir := completions(t, env, "use", "goproxy.cn,"); dir != ":6" { // NoSpace|NoFileComp
		t.Errorf("use goproxy.cn,: directive %s, want :6", dir)
	}
	// Descriptions are the mirrors' names, in the user's language.
	out, _, _ := runBin(t, env, "--lang", "zh", "__complete", "--profile", "", "use", "gl")
	if !strings.Contains(out, "global\t方案") {
		t.Errorf("zh profile description: %q", out)
	}
}

// completion prints a script for each shell, the help of each says how to
// install it.
func TestCompletionScripts(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	for shell, want := range map[string]string{
		"bash":       "__start_goproxytui",
		"zsh":        "#compdef goproxytui",
		"fish":       "complete -c goproxytui",
		"powershell": "Register-ArgumentCompleter",
	} {
		out, errOut, code := runBin(t, env, "completion", shell)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, stderr %q, no %q in:\n%.300s", shell, code, errOut, want, out)
		}
		out, _, code = runBin(t, env, "completion", shell, "--help")
		if code != 0 || !strings.Contains(out, "goproxytui completion "+shell) {
			t.Errorf("completion %s --help: exit %d:\n%s", shell, code, out)
		}
	}
	_, errOut, code := runBin(t, env, "completion", "tcsh")
	if code != 2 || !strings.Contains(errOut, `unknown shell "tcsh"`) {
		t.Errorf("completion tcsh: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runBin(t, env, "completion")
	if code != 2 || !strings.Contains(errOut, "missing shell") {
		t.Errorf("completion: exit %d, stderr %q", code, errOut)
	}
}

// man prints a roff manual page of the whole command tree, in the user's
// language.
func TestManPage(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "man")
	if code != 0 || !strings.HasPrefix(out, ".TH GOPROXYTUI 1") {
		t.Fatalf("man: exit %d, stderr %q, out:\n%.300s", code, errOut, out)
	}
	for _, want := range []string{".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", "\\fB--config\\fP", "doctor", "use"} {
		if !strings.Contains(out, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
	out, _, code = runBin(t, env, "--lang", "zh", "man")
	if code != 0 || !strings.Contains(out, "配置文件路径") || strings.Contains(out, descMark) {
		t.Errorf("zh man: exit %d:\n%.600s", code, out)
	}
}
