package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// config check: a mirror URL with ',' or '|' (which `use` would split into
// two entries) is an error at its position; the theme is checked against
// the themes there are; a UTF-8 BOM is accepted; a GOSUMDB URL go cannot use
// is a warning. No GOENV is involved: config check runs no go command.
func TestConfigCheckReportsPositionsAndExitCodes(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	dir := t.TempDir()
	for _, c := range []struct {
		doc         string
		code        int
		out, errOut string
	}{
		{"[[mirror]]\nid = \"corp\"\nurl = \"https://a.example,off\"\n", 2, "", `:3:25: mirror "corp": url https://a.example,off contains ","`},
		{"theme = \"drak\"\n", 2, "", `:1:9: theme "drak": unknown — did you mean dark?`},
		{"\xEF\xBB\xBFtheme = \"dark\"\n", 0, ": ok", ""},
		{"[profile.x]\ngosumdb = \"sum.golang.org https://\"\n", 0, ": ok", `warning: `},
	} {
		p := filepath.Join(dir, "config.toml")
		if err := os.WriteFile(p, []byte(c.doc), 0o600); err != nil {
			t.Fatal(err)
		}
		out, errOut, code := runBin(t, env, "config", "check", "--config", p)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errOut, c.errOut) {
			t.Errorf("%q: exit %d, out %q, stderr %q; want %d, %q, %q", c.doc, code, out, errOut, c.code, c.out, c.errOut)
		}
		if c.code == 0 && c.errOut != "" && !strings.Contains(errOut, `profile "x": GOSUMDB URL "https://"`) {
			t.Errorf("sumdb warning: %q", errOut)
		}
	}
}

// use with a config mirror whose URL holds ',' never writes `…,off`: the
// config is refused first.
func TestUseConfigMirrorWithSeparator(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte("[[mirror]]\nid = \"corp\"\nurl = \"https://a.example,off\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	_, errOut, code := runBin(t, env, "--config", p, "use", "corp|goproxy.cn")
	if code != 2 || !strings.Contains(errOut, "contains \",\"") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOPROXY=https://proxy.golang.org,direct\n" {
		t.Errorf("env file %q", got)
	}
	_, errOut, code = runBin(t, env, "use", "goproxy.cn", "--sumdb", "sum.golang.org ftp://sum.example", "--force")
	if code != 0 || !strings.Contains(errOut, `warning: GOSUMDB URL "ftp://sum.example"`) {
		t.Errorf("sumdb warning: exit %d, stderr %q", code, errOut)
	}
}
