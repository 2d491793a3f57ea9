package cli

import (
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// use probes the chain it is about to write and refuses, exit 1 and nothing
// written, a chain go would fail or hang through, naming the entry; a
// working one is written; --force writes without the check.
func TestUseRefusesChainGoWouldFailThrough(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	before := readEnvFile(t, env)
	dead, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	broken := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	stalled := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"use", dead + ",direct"}, []string{"go would FAIL", "nothing written", "--force"}},
		{[]string{"use", strings.TrimSuffix(broken.URL(), "/") + ",direct"}, []string{"go would FAIL", "500", "--force"}},
		{[]string{"use", strings.TrimSuffix(stalled.URL(), "/") + "|direct", "--timeout", "300ms"}, []string{"go would HANG", "--force"}},
		{[]string{"use", dead + ",direct", "--dry-run"}, []string{"go would FAIL"}},
	} {
		out, errOut, code := runBin(t, env, c.args...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1; out %q, stderr %q", c.args, code, out, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", c.args, w, errOut)
			}
		}
		if got := readEnvFile(t, env); got != before {
			t.Fatalf("%v changed the env file: %q", c.args, got)
		}
	}

	good := fakeproxy.StartMirror(t, fakeproxy.Options{})
	chain := strings.TrimSuffix(good.URL(), "/") + ",direct"
	if _, errOut, code := runBin(t, env, "use", chain); code != 0 {
		t.Fatalf("use of a working mirror: exit %d, stderr %s", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOPROXY="+chain+"\n" {
		t.Errorf("working mirror: env file %q", got)
	}

	if _, errOut, code := runBin(t, env, "use", dead+",direct", "--force"); code != 0 {
		t.Fatalf("use --force: exit %d, stderr %s", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOPROXY="+dead+",direct\n" {
		t.Errorf("--force: env file %q", got)
	}

	if _, errOut, code := runBin(t, env, "use", chain, "--timeout", "0s"); code != 2 || !strings.Contains(errOut, "--timeout") {
		t.Errorf("--timeout 0s: exit %d, stderr %s", code, errOut)
	}
}

// `use ID` with one catalog mirror writes the form the mirror documents,
// URL,direct, and says so; a URL is written as given.
func TestUseCatalogIDWritesDocumentedForm(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "use", "goproxy.cn", "--dry-run", "--force")
	if code != 0 || !strings.Contains(out, "would write https://goproxy.cn,direct (the form goproxy.cn documents)") {
		t.Errorf("dry run: exit %d, out %q, stderr %q", code, out, errOut)
	}
	out, errOut, code = runBin(t, env, "use", "goproxy.cn", "--force")
	if code != 0 || !strings.Contains(out, "wrote https://goproxy.cn,direct (the form goproxy.cn documents)") {
		t.Errorf("use goproxy.cn: exit %d, out %q, stderr %q", code, out, errOut)
	}
	if got := readEnvFile(t, env); got != "GOPROXY=https://goproxy.cn,direct\n" {
		t.Errorf("use goproxy.cn wrote %q", got)
	}
	out, _, code = runBin(t, env, "--lang", "zh", "use", "aliyun", "--force")
	if code != 0 || !strings.Contains(out, "https://mirrors.aliyun.com/goproxy/,direct") || strings.Contains(out, "the form") {
		t.Errorf("use aliyun (zh): exit %d, out %q", code, out)
	}
	out, _, code = runBin(t, env, "use", "https://goproxy.cn", "--force")
	if code != 0 || strings.Contains(out, "documents") {
		t.Errorf("use URL: exit %d, out %q", code, out)
	}
	if got := readEnvFile(t, env); got != "GOPROXY=https://goproxy.cn\n" {
		t.Errorf("use URL wrote %q", got)
	}
}

// Turning checksum verification off asks first: without a terminal it
// needs --yes (exit 2, nothing written, a warning); --yes writes it.
func TestUseSumDBOffNeedsConfirmation(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOSUMDB=sum.golang.org\n")
	_, errOut, code := runBin(t, env, "use", "--sumdb", "off")
	if code != 2 || !strings.Contains(errOut, "warning: GOSUMDB=off") || !strings.Contains(errOut, "--yes") {
		t.Errorf("--sumdb off: exit %d, stderr %q", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOSUMDB=sum.golang.org\n" {
		t.Errorf("refused GOSUMDB=off wrote %q", got)
	}
	if _, errOut, code := runBin(t, env, "use", "--sumdb", "off", "--yes"); code != 0 {
		t.Errorf("--sumdb off --yes: exit %d, stderr %q", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOSUMDB=off\n" {
		t.Errorf("--yes wrote %q", got)
	}
}

// On a terminal the switch to GOSUMDB=off is asked: n (or nothing) keeps
// the file, y writes it.
func TestUseSumDBOffAsksOnATerminal(t *testing.T) {
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOSUMDB=sum.golang.org\n")
	answer := func(text string) func(*app) {
		return func(a *app) { a.stdinTTY, a.stdin = true, strings.NewReader(text) }
	}
	for _, no := range []string{"n\n", "\n", ""} {
		_, errOut, code := runAdviceApp(t, env, nil, answer(no), "use", "--sumdb", "off")
		if code != 2 || !strings.Contains(errOut, "Turn checksum verification off? [y/N]") || !strings.Contains(errOut, "warning: GOSUMDB=off") {
			t.Errorf("answer %q: exit %d, stderr %q", no, code, errOut)
		}
		if got := readEnvFile(t, env); got != "GOSUMDB=sum.golang.org\n" {
			t.Fatalf("answer %q wrote %q", no, got)
		}
	}
	if _, errOut, code := runAdviceApp(t, env, nil, answer("y\n"), "use", "--sumdb", "off"); code != 0 {
		t.Errorf("answer y: exit %d, stderr %q", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOSUMDB=off\n" {
		t.Errorf("answer y wrote %q", got)
	}
}
