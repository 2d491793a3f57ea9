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

	"github.com/goproxytui/goproxytui/internal/gotest"
)

// binPath is the goproxytui binary built once for every test of this package.
var binPath string

func TestMain(m *testing.M) {
	gotest.AllowParallel(8) // the tests mostly wait on the binary and fake mirrors
	dir, err := os.MkdirTemp("", "goproxytui-bin")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "goproxytui")
	// The program is the module's main package; -buildvcs=auto records the
	// revision when the tree is a repository (TestVersion), whatever
	// GOFLAGS says. It runs no go env, so GOENV stays as it is.
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", binPath, "github.com/goproxytui/goproxytui")
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
// goproxytui can touch the real user's files (see internal/gotest), with
// TERM=dumb.
func sandboxEnv(t testing.TB) []string {
	t.Helper()
	env, _ := gotest.Env(t)
	return append(env, "TERM=dumb")
}

// envValue returns the value of key in env.
func envValue(env []string, key string) string { return gotest.Value(env, key) }

// runBin runs the goproxytui binary with env (from sandboxEnv, plus extras)
// and returns its output and exit code. It fails the test after 60 s.
func runBin(t testing.TB, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// env comes from sandboxEnv: GOENV is a temp file, HOME and XDG dirs are temp.
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
	t.Parallel()
	env := sandboxEnv(t)
	out, _, code := runBin(t, env, "--help")
	if code != 0 || !strings.Contains(out, "USAGE") || !strings.Contains(out, "goproxytui [command] [MIRROR ...]") || !strings.Contains(out, "doctor") {
		t.Errorf("--help: code %d, out:\n%s", code, out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("--help to a pipe has escape sequences:\n%q", out)
	}
	out, _, code = runBin(t, env, "help", "use")
	if code != 0 || !strings.Contains(out, "goproxytui use [CHAIN | PROFILE]") || !strings.Contains(out, "--dry-run") {
		t.Errorf("help use: code %d, out:\n%s", code, out)
	}
	_, errOut, code := runBin(t, env, "help", "frob")
	if code != 2 || !strings.Contains(errOut, `no help for "frob"`) {
		t.Errorf("help frob: code %d, stderr %q", code, errOut)
	}
	_, errOut, code = runBin(t, env, "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) || !strings.Contains(errOut, "goproxytui --help") {
		t.Errorf("unknown command: code %d, stderr %q", code, errOut)
	}
	_, errOut, code = runBin(t, env, "--frobnicate")
	if code != 2 || !strings.Contains(errOut, "--help") {
		t.Errorf("unknown flag: code %d, stderr %q", code, errOut)
	}
	out, _, code = runBin(t, env, "--lang", "zh", "--help")
	if code != 0 || !strings.Contains(out, "用法") || !strings.Contains(out, "选项") || !strings.Contains(out, "诊断当前设置") {
		t.Errorf("--lang zh --help: code %d, out:\n%s", code, out)
	}
	out, _, code = runBin(t, append(env, "LANG=zh_CN.UTF-8"), "use", "--help")
	if code != 0 || !strings.Contains(out, "用法") || !strings.Contains(out, "只显示将要更改的内容") {
		t.Errorf("LANG=zh_CN use --help: code %d, out:\n%s", code, out)
	}
	_, errOut, code = runBin(t, env, "--lang", "fr", "--help")
	if code != 2 || !strings.Contains(errOut, `language "fr": want en or zh`) {
		t.Errorf("--lang fr: code %d, stderr %q; want 2", code, errOut)
	}
}

// A mistyped command gets cobra's suggestion.
func TestUnknownCommandSuggestion(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	_, errOut, code := runBin(t, env, "doctr")
	if code != 2 || !strings.Contains(errOut, `unknown command "doctr" — did you mean doctor?`) {
		t.Errorf("doctr: code %d, stderr %q", code, errOut)
	}
	_, errOut, code = runBin(t, env, "--lang", "zh", "mirrrors")
	if code != 2 || !strings.Contains(errOut, `未知命令 "mirrrors" —— 你是不是想输入 mirrors？`) {
		t.Errorf("zh mirrrors: code %d, stderr %q", code, errOut)
	}
}

// Extra arguments that name a catalog mirror open the TUI (which, with no
// terminal, says so), even ids without a dot; anything else is an unknown
// command.
func TestMirrorArgumentsOpenTheTUI(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	for _, arg := range []string{"aliyun", "goproxy.cn", "https://athens.example"} {
		_, errOut, code := runBin(t, env, arg)
		if strings.Contains(errOut, "unknown command") {
			t.Errorf("%s: taken for a command: %q", arg, errOut)
		}
		if code != 2 || !strings.Contains(errOut, "terminal") {
			t.Errorf("%s: code %d, stderr %q; want the TUI's no-terminal error", arg, code, errOut)
		}
	}
	_, errOut, code := runBin(t, env, "aliyunn")
	if code != 2 || !strings.Contains(errOut, `"aliyunn" — did you mean aliyun?`) {
		t.Errorf("aliyunn: code %d, stderr %q", code, errOut)
	}
}

// Flag errors are GNU style and said in the user's language, for the
// global flags and a command's alike.
func TestFlagErrorsTranslated(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "unknown flag --bogus"},
		{[]string{"-x"}, "unknown flag -x"},
		{[]string{"--lang", "zh", "--bogus"}, "未知选项 --bogus"},
		{[]string{"--lang", "zh", "use", "x", "--bogus"}, "未知选项 --bogus"},
		{[]string{"--lang", "zh", "use", "x", "--sumdb"}, "选项 --sumdb 需要一个值"},
		{[]string{"probe", "--timeout", "soon"}, `--timeout: invalid duration "soon": want a time greater than zero`},
		{[]string{"--lang", "zh", "probe", "--count", "x"}, `无效的值 "x"（选项 --count）`},
		{[]string{"env", "--json=maybe"}, `invalid value "maybe" for --json`},
		{[]string{"--lang", "zh", "probe", "--timeout", "-1s"}, `--timeout：无效的时长 "-1s"`},
		{[]string{"completion", "bash", "extra"}, `completion bash: unexpected argument "extra"`},
		{[]string{"completion", "frob"}, `completion: unknown shell "frob"`},
		{[]string{"current", "--theme", "nosuch"}, `theme "nosuch": unknown`},
		{[]string{"--lang", "xx", "current"}, `language "xx": want en or zh`},
	}
	for _, c := range cases {
		_, errOut, code := runBin(t, env, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: code %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// Global flags are accepted before and after the command.
func TestGlobalFlagsInAnyPosition(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	for _, args := range [][]string{
		{"--config", "/x/y.toml", "config", "path"},
		{"config", "--config", "/x/y.toml", "path"},
		{"config", "path", "--config", "/x/y.toml"},
		{"config", "path", "--config=/x/y.toml"},
	} {
		out, errOut, code := runBin(t, env, args...)
		if code != 0 || strings.TrimSpace(out) != "/x/y.toml" {
			t.Errorf("%v: code %d, out %q, stderr %q", args, code, out, errOut)
		}
	}
	p := writeConfig(t, t.TempDir(), "config.toml", "language = \"zh\"\n")
	_, errOut, code := runBin(t, env, "use", "--config", p, "--bogus")
	if code != 2 || !strings.Contains(errOut, "未知选项 --bogus") {
		t.Errorf("use --config (zh) --bogus: code %d, stderr %q", code, errOut)
	}
	_, errOut, code = runBin(t, env, "use", "--dry-run", "--lang", "zh", "nosuch|")
	if code != 2 || !strings.Contains(errOut, "goproxytui：") {
		t.Errorf("use … --lang zh: code %d, stderr %q", code, errOut)
	}
}
