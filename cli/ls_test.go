package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// ls lists the mirrors with '*' on the first entry of GOPROXY: a catalog
// mirror by its id, a URL that is in no catalog on a line of its own.
func TestLsMarksTheMirrorGoAsksFirst(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://mirrors.aliyun.com/goproxy/,direct\n")
	out, errOut, code := runBin(t, env, "ls")
	if code != 0 {
		t.Fatalf("ls: exit %d, stderr %s", code, errOut)
	}
	if !regexp.MustCompile(`(?m)^\*  aliyun +https://mirrors\.aliyun\.com/goproxy/$`).MatchString(out) || strings.Count(out, "*") != 1 ||
		!regexp.MustCompile(`(?m)^   goproxy\.cn +https://goproxy\.cn$`).MatchString(out) {
		t.Errorf("ls:\n%s", out)
	}
	writeEnvFile(t, env, "GOPROXY=https://athens.corp.example|goproxy.cn\n")
	out, _, code = runBin(t, env, "list")
	if code != 0 || !regexp.MustCompile(`(?m)^\*  https://athens\.corp\.example +\(from GOPROXY\)$`).MatchString(out) || strings.Count(out, "*") != 1 {
		t.Errorf("list with a URL first: exit %d\n%s", code, out)
	}
	writeEnvFile(t, env, "GOPROXY=direct\n")
	out, _, code = runBin(t, env, "ls")
	if code != 0 || strings.Contains(out, "*") || !strings.Contains(out, "GOPROXY starts with direct") {
		t.Errorf("ls with direct: exit %d\n%s", code, out)
	}
}

// When the go command cannot say which GOPROXY it uses, ls still lists
// the mirrors and says on stderr why none is marked.
func TestLsSaysWhyNoMirrorIsMarked(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "ls", "--go", "/nonexistent/go")
	if code != 0 || strings.Contains(out, "*") || !strings.Contains(out, "goproxy.cn") ||
		!strings.Contains(errOut, "no mirror is marked *") || !strings.Contains(errOut, "/nonexistent/go") {
		t.Errorf("ls with a go that does not run: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// test probes each mirror once and prints its time or its failure, '*' on
// the one go asks first; exit 1 when none answered.
func TestTestTimesEachMirror(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	good := fakeproxy.StartMirror(t, fakeproxy.Options{})
	broken := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	goodURL, brokenURL := strings.TrimSuffix(good.URL(), "/"), strings.TrimSuffix(broken.URL(), "/")
	writeEnvFile(t, env, "GOPROXY="+goodURL+",direct\n")
	out, errOut, code := runBin(t, env, "test", goodURL, brokenURL, "--timeout", "30s")
	if code != 0 {
		t.Fatalf("test: exit %d, stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !regexp.MustCompile(`^\*  \S+ +\d+ ms$`).MatchString(lines[0]) ||
		!regexp.MustCompile(`^   \S+ +server error \(5xx\)`).MatchString(lines[1]) {
		t.Errorf("test:\n%s", out)
	}
	_, _, code = runBin(t, env, "test", brokenURL)
	if code != 1 {
		t.Errorf("test of a failing mirror: exit %d, want 1", code)
	}
	_, errOut, code = runBin(t, env, "test", "--timeout", "0s")
	if code != 2 || !strings.Contains(errOut, "--timeout") {
		t.Errorf("test --timeout 0s: exit %d, stderr %s", code, errOut)
	}
}

// A mistyped command is never answered with a command that changes
// settings: "tset" is near reset, but only test is proposed.
func TestTypoSuggestsOnlyReadOnlyCommands(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	for _, c := range []struct{ word, want, never string }{
		{"tset", "did you mean test?", "reset"},
		{"lz", "did you mean ls?", "use"},
		{"uss", "", "use"},
		{"undoo", "", "undo"},
		{"rset", "", "reset"},
	} {
		_, errOut, code := runBin(t, env, c.word)
		if code != 2 || !strings.Contains(errOut, `unknown command "`+c.word+`"`) || c.want != "" && !strings.Contains(errOut, c.want) ||
			strings.Contains(errOut, c.never+"?") || strings.Contains(errOut, c.never+",") {
			t.Errorf("%s: exit %d, stderr %q", c.word, code, errOut)
		}
	}
}

// --help names each flag's kind of value and unit, and piped help carries
// no padding at the ends of its lines.
func TestHelpShowsValueKindsWithoutPadding(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	for _, args := range [][]string{{"use", "--help"}, {"probe", "--help"}, {"--lang", "zh", "use", "--help"}, {"--help"}} {
		out, _, code := runBin(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		for i, line := range strings.Split(out, "\n") {
			if strings.TrimRight(line, " \t") != line {
				t.Errorf("%v: line %d ends in blanks: %q", args, i+1, line)
				break
			}
		}
	}
	out, _, _ := runBin(t, env, "use", "--help")
	if !regexp.MustCompile(`(?m)^ +--timeout +Duration, e\.g\. 2s: how long the check`).MatchString(out) {
		t.Errorf("use --help: --timeout without its kind:\n%s", out)
	}
	out, _, _ = runBin(t, env, "probe", "--help")
	if !regexp.MustCompile(`(?m)^ +--count +Integer: `).MatchString(out) || strings.Contains(out, "(0s)") {
		t.Errorf("probe --help:\n%s", out)
	}
	out, _, _ = runBin(t, env, "--lang", "zh", "use", "--help")
	if !strings.Contains(out, "时长，如 2s：") {
		t.Errorf("use --help in Chinese:\n%s", out)
	}
}

// --demo given to a command that ignores it is refused (exit 2).
func TestDemoRefusedByCommands(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	for _, args := range [][]string{{"doctor", "--demo"}, {"--demo", "use", "goproxy.cn"}, {"--demo", "ls"}} {
		_, errOut, code := runBin(t, env, args...)
		if code != 2 || !strings.Contains(errOut, "--demo runs only the terminal UI") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	if got := readEnvFile(t, env); got != "GOPROXY=https://proxy.golang.org,direct\n" {
		t.Errorf("refused --demo wrote %q", got)
	}
}
