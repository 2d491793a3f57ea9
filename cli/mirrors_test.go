package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/mirrors"
)

// writeConfig writes a config file into dir and returns its path.
func writeConfig(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMirrorsJSONListsCatalog(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "mirrors", "--json")
	if code != 0 {
		t.Fatalf("code %d, stderr %s", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	cat := mirrors.Builtin()
	if len(got) != len(cat.Mirrors) {
		t.Fatalf("%d mirrors, want %d:\n%s", len(got), len(cat.Mirrors), out)
	}
	for i, m := range cat.Mirrors {
		g := got[i]
		for _, k := range []string{"id", "name", "url", "region", "weight", "source"} {
			if _, ok := g[k]; !ok {
				t.Errorf("mirror %d lacks key %q: %v", i, k, g)
			}
		}
		if g["id"] != m.ID || g["url"] != m.URL || g["name"] != m.Name || g["region"] != m.Region ||
			g["weight"] != 1.0 || g["source"] != "builtin" || g["hidden"] != false {
			t.Errorf("mirror %d = %v, want %+v", i, g, m)
		}
	}
}

func TestMirrorsMergesConfigAndRedacts(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	// The default config path: $XDG_CONFIG_HOME/goproxytui/config.toml.
	writeConfig(t, envValue(env, "XDG_CONFIG_HOME"), "goproxytui/config.toml", `hidden = ["baidu"]
[[mirror]]
id = "corp"
name = "Company Athens"
url = "https://deploy:s3cretpw@athens.corp.example/"
region = "corp"
[[mirror]]
id = "tok"
url = "https://t0kenvalue@tok.example/go"
[weights]
"goproxy.cn" = 2.5
`)
	out, errOut, code := runBin(t, env, "mirrors", "--json")
	if code != 0 {
		t.Fatalf("code %d, stderr %s", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	byID := map[string]map[string]any{}
	for _, g := range got {
		byID[g["id"].(string)] = g
	}
	if c := byID["corp"]; c == nil || c["url"] != "https://deploy:xxxxx@athens.corp.example/" || c["source"] != "config" || c["name"] != "Company Athens" {
		t.Errorf("corp = %v", c)
	}
	if c := byID["tok"]; c == nil || c["url"] != "https://xxxxx@tok.example/go" {
		t.Errorf("tok = %v", c)
	}
	if g := byID["goproxy.cn"]; g["weight"] != 2.5 {
		t.Errorf("goproxy.cn weight %v", g["weight"])
	}
	if b := byID["baidu"]; b["hidden"] != true {
		t.Errorf("baidu not hidden: %v", b)
	}
	table, errOut2, code := runBin(t, env, "mirrors")
	if code != 0 {
		t.Fatalf("table: code %d, stderr %s", code, errOut2)
	}
	for name, s := range map[string]string{"json": out, "table": table, "stderr": errOut + errOut2} {
		if strings.Contains(s, "s3cretpw") || strings.Contains(s, "t0kenvalue") {
			t.Errorf("%s shows credentials:\n%s", name, s)
		}
	}
	for _, want := range []string{"https://deploy:xxxxx@athens.corp.example/", "https://xxxxx@tok.example/go", "config", "builtin, hidden", "2.5", "direct", "sum.golang.google.cn"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	// Columns line up: every row has its URL at the header's URL column.
	lines := strings.Split(table, "\n")
	col := strings.Index(lines[0], "URL")
	for _, l := range lines[1:9] {
		if !strings.HasPrefix(l[col:], "http") {
			t.Errorf("row not aligned: %q", l)
		}
	}
}

func TestMirrorsBadConfig(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	dir := t.TempDir()
	bad := writeConfig(t, dir, "bad.toml", "theme = \"dark\"\n\n[probe]\nintervall = \"5s\"\n")
	good := writeConfig(t, dir, "good.toml", "theme = \"dark\"\n")
	semantic := writeConfig(t, dir, "dup.toml", "[[mirror]]\nid = \"corp\"\nurl = \"http://u:pw0rd@corp.example\"\n")
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--config", bad, "mirrors"}, []string{bad + ":4:1: unknown key \"probe.intervall\"", " 4 | intervall = \"5s\"", "   | ^"}},
		// --config after the subcommand overrides the global one.
		{[]string{"--config", good, "mirrors", "--json", "--config", bad}, []string{bad + ":4:1:"}},
		{[]string{"mirrors", "--config", semantic}, []string{semantic + ":3:7: mirror \"corp\": url http://u:xxxxx@corp.example: credentials over plain http"}},
		{[]string{"config", "check", "--config", bad}, []string{bad + ":4:1:"}},
	}
	for _, tc := range cases {
		out, errOut, code := runBin(t, env, tc.args...)
		if code != 2 || out != "" {
			t.Errorf("%v: code %d, stdout %q", tc.args, code, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", tc.args, w, errOut)
			}
		}
		if strings.Contains(errOut, "pw0rd") {
			t.Errorf("%v: stderr shows the password:\n%s", tc.args, errOut)
		}
	}
	if _, errOut, code := runBin(t, env, "mirrors", "--config", good); code != 0 {
		t.Errorf("good config: code %d, %s", code, errOut)
	}
}

func TestMirrorsUsage(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	if _, errOut, code := runBin(t, env, "mirrors", "extra"); code != 2 || !strings.Contains(errOut, "goproxytui mirrors --help") {
		t.Errorf("extra arg: code %d, %q", code, errOut)
	}
	if _, errOut, code := runBin(t, env, "mirrors", "--frob"); code != 2 || !strings.Contains(errOut, "unknown flag --frob") || !strings.Contains(errOut, "goproxytui mirrors --help") {
		t.Errorf("bad flag: code %d, %q", code, errOut)
	}
	if out, _, code := runBin(t, env, "mirrors", "--help"); code != 0 || !strings.Contains(out, "--json") {
		t.Errorf("--help: code %d, %q", code, out)
	}
}

func TestMirrorsLanguageFromConfig(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	p := writeConfig(t, t.TempDir(), "c.toml", "language = \"zh\"\n")
	out, errOut, code := runBin(t, env, "--config", p, "mirrors")
	if code != 0 || !strings.Contains(out, "名称") || !strings.Contains(out, "阿里云") {
		t.Errorf("code %d, stderr %s, out:\n%s", code, errOut, out)
	}
	// --lang wins over the config.
	out, _, _ = runBin(t, env, "--config", p, "--lang", "en", "mirrors")
	if !strings.Contains(out, "NAME") || strings.Contains(out, "名称") {
		t.Errorf("--lang en ignored:\n%s", out)
	}
}

func TestConfigCommand(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "config", "example")
	if code != 0 || out != string(config.Example()) {
		t.Errorf("config example: code %d, stderr %q", code, errOut)
	}
	// What `config example` prints is a valid config.
	p := writeConfig(t, t.TempDir(), "example.toml", out)
	if _, errOut, code := runBin(t, env, "config", "check", "--config", p); code != 0 {
		t.Errorf("example does not check: %s", errOut)
	}
	if out, _, code := runBin(t, env, "--config", p, "mirrors", "--json"); code != 0 || !strings.Contains(out, `"id": "corp"`) {
		t.Errorf("example not merged: code %d\n%s", code, out)
	}

	out, _, code = runBin(t, env, "config", "path")
	want := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "goproxytui", "config.toml")
	if code != 0 || strings.TrimSpace(out) != want {
		t.Errorf("config path = %q (code %d), want %q", out, code, want)
	}
	if out, _, _ := runBin(t, env, "--config", "/x/y.toml", "config", "path"); strings.TrimSpace(out) != "/x/y.toml" {
		t.Errorf("config path with --config = %q", out)
	}
	if out, _, code := runBin(t, env, "config", "check"); code != 0 || !strings.Contains(out, "defaults apply") {
		t.Errorf("check without a file: code %d, %q", code, out)
	}
	for _, args := range [][]string{{"config"}, {"config", "frob"}, {"config", "path", "extra"}, {"config", "--frob"}} {
		if _, errOut, code := runBin(t, env, args...); code != 2 || !strings.Contains(errOut, "goproxytui config") || !strings.Contains(errOut, "--help") {
			t.Errorf("%v: code %d, stderr %q", args, code, errOut)
		}
	}
	if out, _, code := runBin(t, env, "config", "--help"); code != 0 || !strings.Contains(out, "example") {
		t.Errorf("config --help: code %d, %q", code, out)
	}
}
