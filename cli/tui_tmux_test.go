package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/internal/gotest"
	"github.com/goproxytui/goproxytui/mirrors"
)

// tmuxSession is the real goproxytui binary running in a private tmux
// server, driven with send-keys and read with capture-pane.
type tmuxSession struct {
	t      *testing.T
	tmux   string // tmux binary
	socket string // private server socket
	env    []string
	status string // file the pane's shell writes the exit status to
	stderr string // the program's stderr (the screen is its stdout)
}

// startTmux starts binPath with args in a w×h tmux pane of a private tmux
// server (its own socket, no config file), killed when the test ends. The
// program gets exactly env plus TERM, not the test's environment.
func startTmux(t *testing.T, w, h int, env []string, args ...string) *tmuxSession {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the end-to-end TUI test in tmux (it waits on the demo's probes for seconds)")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed: skipping the end-to-end TUI test (install tmux to run it)")
	}
	// A short path: unix socket paths are limited to about 100 bytes.
	dir, err := os.MkdirTemp("", "gptmux")
	if err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{
		t:      t,
		tmux:   tmux,
		socket: filepath.Join(dir, "s"),
		env:    env,
		status: filepath.Join(dir, "status"),
		stderr: filepath.Join(dir, "stderr"),
	}
	t.Cleanup(func() {
		exec.Command(tmux, "-S", s.socket, "kill-server").Run()
		os.RemoveAll(dir)
	})
	cmdline := "env -i"
	for _, kv := range append(env, "TERM=tmux-256color") {
		cmdline += " " + shellQuote(kv)
	}
	cmdline += " " + shellQuote(binPath)
	for _, a := range args {
		cmdline += " " + shellQuote(a)
	}
	// The shell records the exit status (tmux's own #{pane_dead_status}
	// sometimes stays empty), and the pane stays open for a last capture.
	cmdline += " 2>" + shellQuote(s.stderr) + "; echo $? >" + shellQuote(s.status)
	s.run("-f", "/dev/null", "start-server", ";",
		"set-option", "-g", "remain-on-exit", "on", ";",
		"new-session", "-d", "-s", "main", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmdline)
	return s
}

// run runs a tmux command against the private server.
func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	cmd := exec.Command(s.tmux, append([]string{"-S", s.socket}, args...)...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen returns what the pane shows now.
func (s *tmuxSession) screen() string {
	s.t.Helper()
	return s.run("capture-pane", "-p", "-t", "main")
}

// keys types keys into the pane (tmux key names: "Enter", "S-Up", ...).
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	s.run(append([]string{"send-keys", "-t", "main"}, keys...)...)
}

// waitFor polls the screen until ok says yes, and fails the test with the
// last screen after a deadline. Polling is the only way to wait on what a
// terminal shows; it returns as soon as the text is there.
func (s *tmuxSession) waitFor(what string, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(2 * time.Minute) // a hang's bound, not a speed target
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			errOut, _ := os.ReadFile(s.stderr)
			s.t.Fatalf("timed out waiting for %s; screen:\n%s\nstderr:\n%s", what, scr, errOut)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitText waits until the screen contains text.
func (s *tmuxSession) waitText(text string) string {
	s.t.Helper()
	return s.waitFor(fmt.Sprintf("%q on screen", text), func(scr string) bool { return strings.Contains(scr, text) })
}

// skipGuide waits for the dashboard, leaving the first-run guide with esc
// if it opens instead (it skips without changing go env).
func (s *tmuxSession) skipGuide() {
	s.t.Helper()
	const title = "Welcome to goproxytui: first run"
	scr := s.waitFor("the dashboard or the first-run guide", func(scr string) bool {
		return strings.Contains(scr, title) || strings.Contains(scr, "━ Mirrors") || strings.Contains(scr, "─ Mirrors")
	})
	if strings.Contains(scr, title) {
		s.keys("Escape")
		s.waitFor("the dashboard after the guide", func(scr string) bool { return !strings.Contains(scr, title) })
	}
}

// exitStatus waits for the program to end and returns its exit status.
func (s *tmuxSession) exitStatus() int {
	s.t.Helper()
	var code int
	s.waitFor("goproxytui to exit", func(string) bool {
		b, err := os.ReadFile(s.status)
		if err != nil || !strings.HasSuffix(string(b), "\n") {
			return false
		}
		_, err = fmt.Sscan(string(b), &code)
		return err == nil
	})
	return code
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func TestTUIInTmux(t *testing.T) {
	t.Parallel()
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 45}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			t.Parallel()
			testTUIInTmux(t, size.w, size.h)
		})
	}
}

// tmuxDemoEnv is sandboxEnv for a --demo run in tmux: tmux sets TERM,
// TMPDIR is a test dir, where the demo makes its temp dir (so the test
// finds its go env file and checks that it is removed), and the demo
// fleet's scripts are held at their start (proxy.golang.org stalls,
// goproxy.cn is healthy) however long the test takes.
func tmuxDemoEnv(t *testing.T) (env []string, tmp string) {
	tmp = t.TempDir()
	for _, kv := range sandboxEnv(t) {
		if !strings.HasPrefix(kv, "TERM=") {
			env = append(env, kv)
		}
	}
	return append(env, "TMPDIR="+tmp, "GOPROXYTUI_DEMO_HOLD=0s"), tmp
}

// testTUIInTmux goes through the TUI's end-to-end path at one terminal
// size: the demo fleet and its temp GOENV, a one-key switch checked in the
// go env file, reordering, a separator, apply, an outside go env -w in the
// header, quit with exit code 0 and the demo's temp dir gone.
func testTUIInTmux(t *testing.T, w, h int) {
	env, tmp := tmuxDemoEnv(t)
	s := startTmux(t, w, h, env, "--demo")
	s.skipGuide()
	envFile, initial := demoEnvFile(t, s, tmp)
	pgo, _, _ := strings.Cut(initial, ",")
	cn, second := oneKeySwitch(t, s, envFile, initial, pgo)
	editAndApply(t, s, envFile, cn, second, pgo)
	t.Logf("%dx%d after apply:\n%s", w, h, s.screen())
	outsideChanges(t, s, env, envFile)

	// Quit and check what is left.
	s.keys("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "goproxytui-demo-*")); len(left) != 0 {
		t.Errorf("demo temp dir left behind: %v", left)
	}
	// The user's own files were never touched.
	gotest.AssertEmptyDir(t, envValue(env, "HOME"))
	gotest.AssertEmptyDir(t, envValue(env, "XDG_STATE_HOME"))
	if _, err := os.Stat(filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "goproxytui")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--demo created the user's goproxytui config dir (%v)", err)
	}
	if _, err := os.Stat(envValue(env, "GOENV")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--demo created the user's go env file (%v)", err)
	}
}

// demoEnvFile finds the demo's go env file, a temp dir of TMPDIR (tmp),
// checks that the header names it, and returns it with its GOPROXY: the
// fleet's proxy.golang.org, then direct.
func demoEnvFile(t *testing.T, s *tmuxSession, tmp string) (envFile, initial string) {
	t.Helper()
	s.waitText("DEMO")
	files, _ := filepath.Glob(filepath.Join(tmp, "goproxytui-demo-*", "go.env"))
	if len(files) != 1 {
		t.Fatalf("demo go env files in TMPDIR: %v", files)
	}
	envFile = files[0]
	// At 80 columns the path is shortened in the middle with "…": what is
	// shown must be the start and the end of the file's path.
	s.waitFor("the env file's path in the header", func(scr string) bool {
		_, shown, ok := strings.Cut(scr, "env file ")
		shown, _, _ = strings.Cut(strings.SplitN(shown, "\n", 2)[0], " ")
		head, tail, cut := strings.Cut(shown, "…")
		return ok && (shown == envFile || cut && len(head)+len(tail) > 20 &&
			strings.HasPrefix(envFile, head) && strings.HasSuffix(envFile, tail))
	})
	initial = fileGOPROXY(t, envFile)
	pgo, rest, _ := strings.Cut(initial, ",")
	if !strings.HasPrefix(pgo, "https://127.0.0.1:") || rest != "direct" {
		t.Fatalf("demo starts with GOPROXY=%q, want the fleet's proxy.golang.org then direct", initial)
	}
	s.waitText("GOPROXY=" + initial + " ")
	return envFile, initial
}

// oneKeySwitch presses 2, which puts the table's second mirror
// (goproxy.cn, which proxies the checksum database) first and applies at
// once, leaving out proxy.golang.org (pgo) once its probe has found it
// stalling (the demo's proxy.golang.org stalls at its start, where
// tmuxDemoEnv holds it). It returns goproxy.cn's URL and its table label.
func oneKeySwitch(t *testing.T, s *tmuxSession, envFile, initial, pgo string) (cn, second string) {
	t.Helper()
	s.waitMatch(`1 proxy\.golang\.org\s+✗`)
	scr := s.waitMatch(`2 goproxy\.cn\s+✓ healthy`)
	second = tableRow(t, scr, 2)
	s.keys("2")
	switched := s.waitFile(envFile, "the one-key switch", func(v string) bool { return v != initial })
	cn, rest, _ := strings.Cut(switched, ",")
	if rest != "direct" || cn == pgo || !strings.HasPrefix(cn, "https://127.0.0.1:") {
		t.Fatalf("after 2: GOPROXY=%q, want %s's fleet URL, then direct (the stalling proxy.golang.org left out)", switched, second)
	}
	s.waitText("GOPROXY=" + switched + " ")
	s.waitMatch(regexp.QuoteMeta(second) + `[^,|\n]*,\W*direct`)
	return cn, second
}

// editAndApply adds the third mirror (goproxy.io) from the table, moves it
// up in the chain panel, makes it fall through on any error, and applies
// after the confirmation that shows the change.
func editAndApply(t *testing.T, s *tmuxSession, envFile, cn, second, pgo string) {
	t.Helper()
	s.keys("Down", "Down")
	s.waitMatch(`▸ 3 goproxy\.io`)
	s.keys("Enter")
	s.waitText("modified — not applied")
	s.waitMatch(regexp.QuoteMeta(second) + `[^,|\n]*,\W*goproxy\.io[^,|\n]*,\W*direct`)
	s.keys("Tab", "K")
	s.waitMatch(`goproxy\.io[^,|\n]*,\W*` + regexp.QuoteMeta(second) + `[^,|\n]*,\W*direct`)
	s.keys("|")
	s.waitMatch(`goproxy\.io[^,|\n]*\|\W*` + regexp.QuoteMeta(second) + `[^,|\n]*,\W*direct`)

	s.keys("a")
	s.waitText("Apply these changes?")
	s.keys("y")
	suffix := "|" + cn + ",direct"
	applied := s.waitFile(envFile, "the apply", func(v string) bool { return strings.HasSuffix(v, suffix) })
	if io := strings.TrimSuffix(applied, suffix); !strings.HasPrefix(io, "https://127.0.0.1:") || io == cn || io == pgo || strings.ContainsAny(io, ",|") {
		t.Fatalf("after apply: GOPROXY=%q, want goproxy.io's fleet URL then %q", applied, suffix)
	}
	s.waitFor("the applied GOPROXY in the header, nothing pending", func(scr string) bool {
		return strings.Contains(scr, "GOPROXY="+applied+" ") && !strings.Contains(scr, "modified — not applied")
	})
}

// outsideChanges runs go env -w on the same file from another "terminal":
// the header follows; with an edit pending the user is asked, and takes
// the outside change.
func outsideChanges(t *testing.T, s *tmuxSession, env []string, envFile string) {
	t.Helper()
	goEnvW := func(value string) {
		t.Helper()
		cmd := exec.Command("go", "env", "-w", "GOPROXY="+value)
		cmd.Env = append(env, "GOENV="+envFile)
		cmd.Dir = t.TempDir()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go env -w: %v\n%s", err, out)
		}
	}
	// Loopback URLs (nothing listens on port 1): the TUI probes the
	// mirrors of the chain, and the test stays off the network.
	const outside = "https://127.0.0.1:1/outside,direct"
	goEnvW(outside)
	s.waitText("GOPROXY=" + outside + " ")

	s.keys("Up", "|")
	s.waitText("modified — not applied")
	const outside2 = "https://127.0.0.1:1/second,direct"
	goEnvW(outside2)
	s.waitText("changed while you have unapplied edits")
	s.keys("t")
	s.waitFor("the outside change taken, nothing pending", func(scr string) bool {
		return strings.Contains(scr, "GOPROXY="+outside2+" ") && !strings.Contains(scr, "modified — not applied")
	})
	if got := fileGOPROXY(t, envFile); got != outside2 {
		t.Errorf("go env file GOPROXY=%q, want the outside %q", got, outside2)
	}
}

// fileGOPROXY returns the GOPROXY line's value in a go env file ("" when
// there is none, or no file yet).
func fileGOPROXY(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	v := ""
	for _, line := range strings.Split(string(data), "\n") {
		if after, ok := strings.CutPrefix(line, "GOPROXY="); ok {
			v = after // the last one wins, as in the go command
		}
	}
	return v
}

// waitFile waits until the go env file's GOPROXY satisfies ok, and returns
// it. The screen is polled along with it, to show it on failure.
func (s *tmuxSession) waitFile(path, what string, ok func(goproxy string) bool) string {
	s.t.Helper()
	var v string
	s.waitFor("GOPROXY in the go env file after "+what, func(string) bool {
		v = fileGOPROXY(s.t, path)
		return ok(v)
	})
	return v
}

// waitMatch waits until the screen matches the regular expression re.
func (s *tmuxSession) waitMatch(re string) string {
	s.t.Helper()
	rx := regexp.MustCompile(re)
	return s.waitFor(fmt.Sprintf("the screen to match %s", re), rx.MatchString)
}

// tableRow returns the mirror id in row n of the mirrors table on scr.
func tableRow(t *testing.T, scr string, n int) string {
	t.Helper()
	rx := regexp.MustCompile(fmt.Sprintf(`(?m)^\W*%d (\S+)`, n))
	m := rx.FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("no row %d in the mirrors table:\n%s", n, scr)
	}
	return m[1]
}

// TestTUIInTmuxHangup closes the terminal under a running --demo: the
// program gets SIGHUP, quits and still removes its temp dir.
func TestTUIInTmuxHangup(t *testing.T) {
	t.Parallel()
	env, tmp := tmuxDemoEnv(t)
	s := startTmux(t, 80, 24, env, "--demo")
	s.skipGuide()
	s.waitText("healthy")
	if dirs, _ := filepath.Glob(filepath.Join(tmp, "goproxytui-demo-*")); len(dirs) != 1 {
		t.Fatalf("demo dirs in TMPDIR: %v", dirs)
	}
	s.run("kill-session", "-t", "main") // SIGHUP to the pane's processes
	deadline := time.Now().Add(2 * time.Minute)
	for {
		left, _ := filepath.Glob(filepath.Join(tmp, "goproxytui-demo-*"))
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			errOut, _ := os.ReadFile(s.stderr)
			t.Fatalf("demo temp dir left behind after SIGHUP: %v\nstderr:\n%s", left, errOut)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestTUIInTmuxUserSetup runs the TUI on the user's own (sandboxed) files
// rather than --demo: the config hides the catalog, an extra argument adds
// a simulated mirror for this run, a digit writes the user's go env file,
// and a config broken mid-run shows its position while the TUI goes on.
func TestTUIInTmuxUserSetup(t *testing.T) {
	t.Parallel()
	srv := fakeproxy.StartMirror(t, fakeproxy.Options{})
	env, _ := tmuxDemoEnv(t)
	cfgPath := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "goproxytui", "config.toml")
	var ids []string
	for _, m := range mirrors.Builtin().Mirrors {
		ids = append(ids, fmt.Sprintf("%q", m.ID))
	}
	good := "hidden = [" + strings.Join(ids, ", ") + "]\n"
	if err := os.MkdirAll(filepath.Dir(cfgPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	envFile := envValue(env, "GOENV")

	s := startTmux(t, 160, 45, env, srv.URL())
	scr := s.waitText("healthy")
	id := tableRow(t, scr, 1)
	if id != strings.TrimPrefix(srv.URL(), "http://") || strings.Contains(scr, "goproxy.cn") {
		t.Fatalf("table row 1 is %q, want only the argument's mirror:\n%s", id, scr)
	}
	// The argument's mirror does not proxy the checksum database and the
	// default chain's proxy.golang.org is hidden, so never probed: how go
	// would reach sum.golang.org cannot be said, and the switch asks,
	// saying so, before it writes.
	s.keys("1")
	s.waitText("Switch to " + id + " anyway?")
	s.waitText("proxy.golang.org was not probed")
	if got := fileGOPROXY(t, envFile); got != "" {
		t.Fatalf("GOPROXY=%q written before the switch was confirmed", got)
	}
	s.keys("y")
	got := s.waitFile(envFile, "the one-key switch", func(v string) bool { return v != "" })
	// The mirror goes first; the default chain stays behind it with '|'.
	if want := srv.URL() + "|https://proxy.golang.org,direct"; got != want {
		t.Errorf("after 1: GOPROXY=%q in the user's go env file, want %q", got, want)
	}
	s.waitText("GOPROXY=" + got + " ")

	if err := os.WriteFile(cfgPath, []byte(good+"[probe]\ninterval = \"soon\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.waitText("config.toml:3:")
	s.waitText(id) // the dashboard is still there
	if err := os.WriteFile(cfgPath, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	s.waitFor("the config error to go", func(scr string) bool { return !strings.Contains(scr, "config.toml:3:") })

	s.keys("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if data, _ := os.ReadFile(cfgPath); string(data) != good {
		t.Errorf("the TUI rewrote the config:\n%s", data)
	}
}

// colorSGR matches an SGR sequence that sets a foreground or background
// colour (basic, bright, 256 or true colour); resets to the default (39,
// 49) and attributes such as bold or reverse do not match.
var colorSGR = regexp.MustCompile(`\x1b\[(?:[0-9]*;)*(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48)(?:;[0-9]*)*m`)

// TestTUIInTmuxNoColor: with NO_COLOR the screen has no colour at all,
// states are still told apart by symbols; without it, it has colours.
func TestTUIInTmuxNoColor(t *testing.T) {
	t.Parallel()
	for _, noColor := range []bool{true, false} {
		t.Run(fmt.Sprintf("NO_COLOR=%v", noColor), func(t *testing.T) {
			env, _ := tmuxDemoEnv(t)
			if noColor {
				env = append(env, "NO_COLOR=1")
			}
			s := startTmux(t, 80, 24, env, "--demo")
			s.skipGuide()
			s.waitText("✓ healthy")
			scr := s.run("capture-pane", "-p", "-e", "-t", "main")
			if got := colorSGR.FindString(scr); (got != "") == noColor {
				t.Errorf("colour sequence %q with NO_COLOR %v; screen:\n%q", got, noColor, scr)
			}
			s.keys("q")
			if code := s.exitStatus(); code != 0 {
				t.Errorf("exit status %d, want 0", code)
			}
		})
	}
}

// TestTUIInTmuxPartialMirror runs the TUI on a chain of one partial
// mirror (pinned files served, 403 on @v/list, as allow-list corporate
// proxies answer), at 80x24 and wide, in English and Chinese: its row is
// marked, the chain line says go would use it and that version queries
// fail with 403, the detail says it is usable for pinned builds, and the
// triage (doctor's findings) says version queries would fail.
func TestTUIInTmuxPartialMirror(t *testing.T) {
	t.Parallel()
	words := map[string][]string{
		"en": {"◐ pinned", "go would use ", "403 on @v/list", "usable for pinned builds", "go get …@latest and go list -m -versions would fail now"},
		"zh": {"◐ 固定版本", "go 将使用 ", "@v/list 返回 403", "可用于固定版本的构建", "go list -m -versions 现在会失败"},
	}
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(fmt.Sprintf("%s/%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				p := advMirror(t, fakeproxy.Options{SumDB: true})
				p.SetPartial(fakeproxy.Partial{List: fakeproxy.Code(403)})
				env := adviceEnv(t, p, "GOPROXY="+advURL(p)+",direct\n")
				cfgPath := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "goproxytui", "config.toml")
				var ids []string
				for _, m := range mirrors.Builtin().Mirrors {
					ids = append(ids, fmt.Sprintf("%q", m.ID))
				}
				if err := os.MkdirAll(filepath.Dir(cfgPath), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(cfgPath, []byte("hidden = ["+strings.Join(ids, ", ")+"]\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				s := startTmux(t, size[0], size[1], env, "--lang", lang)
				w := words[lang]
				// The version query check runs with the checksum database
				// one: wait for the row's mark, then the rest is there.
				s.waitText(w[0])
				scr := s.waitText(w[1] + advURL(p))
				for _, want := range w[2:4] {
					if !strings.Contains(scr, want) {
						t.Errorf("the dashboard lacks %q:\n%s", want, scr)
					}
				}
				s.keys("T")
				// Doctor's finding, as doctor --json names it, wrapped at any
				// width: its words are checked with the spaces folded.
				scr = s.waitText("query-fails")
				if folded := strings.Join(strings.Fields(scr), " "); !strings.Contains(folded, w[4]) {
					t.Errorf("the triage lacks %q:\n%s", w[4], scr)
				}
				s.keys("q")
				if code := s.exitStatus(); code != 0 {
					t.Errorf("exit status %d, want 0", code)
				}
			})
		}
	}
}

// The first-run guide over a partial mirror (pinned files served, @v/list
// answering 403), given on the command line while every catalog mirror is
// unreachable (the sandbox's proxy refuses): the guide proposes it, with
// the caveat recommend and doctor give, at 80x24 and wide, in English and
// Chinese.
func TestTUIInTmuxGuideProposesPartialMirror(t *testing.T) {
	t.Parallel()
	words := map[string][]string{
		"en": {"go would use ", "fail through it (403 on @v/list)"},
		"zh": {"go 将使用 ", "@v/list 返回 403"},
	}
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(fmt.Sprintf("%s/%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				p := advMirror(t, fakeproxy.Options{SumDB: true})
				p.SetPartial(fakeproxy.Partial{List: fakeproxy.Code(403)})
				env := adviceEnv(t, p, "")
				s := startTmux(t, size[0], size[1], env, "--lang", lang, p.URL())
				w := words[lang]
				scr := s.waitText(w[0] + advLabel(p)) // the proposal, made
				folded := strings.Join(strings.Fields(scr), " ")
				for _, want := range []string{"GOPROXY=" + advURL(p), w[1]} {
					if !strings.Contains(strings.ReplaceAll(folded, " ", ""), strings.ReplaceAll(want, " ", "")) {
						t.Errorf("the guide lacks %q:\n%s", want, scr)
					}
				}
				s.keys("q")
				if code := s.exitStatus(); code != 0 {
					t.Errorf("exit status %d, want 0", code)
				}
			})
		}
	}
}
