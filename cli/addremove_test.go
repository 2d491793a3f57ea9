package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// add and remove edit the config in place: comments and layout survive,
// the mirror shows up in the catalog, bad input changes nothing.
func TestAddAndRemove(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	dir := t.TempDir()
	orig := "# my goproxytui config\nlanguage = \"en\" # keep English\n\n[[mirror]]\n# the company one\nid = \"corp\"\nurl = \"https://athens.corp.example\"\n\n[probe]\ntimeout = \"3s\"\n"
	p := writeConfig(t, dir, "config.toml", orig)

	out, errOut, code := runBin(t, env, "add", "backup", "https://goproxy.backup.example", "--weight", "0.5", "--name", "Backup", "--private", "--config", p)
	if code != 0 || !strings.Contains(out, "added mirror backup") {
		t.Fatalf("add: code %d, stderr %q, out %q", code, errOut, out)
	}
	data, _ := os.ReadFile(p)
	got := string(data)
	for _, keep := range []string{"# my goproxytui config\n", "# keep English\n", "# the company one\n", "[probe]\ntimeout = \"3s\"\n"} {
		if !strings.Contains(got, keep) {
			t.Errorf("add lost %q:\n%s", keep, got)
		}
	}
	out, _, _ = runBin(t, env, "mirrors", "--json", "--config", p)
	var ms []mirrorJSON
	if err := json.Unmarshal([]byte(out), &ms); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range ms {
		if m.ID == "backup" {
			found = m.Name == "Backup" && m.Weight == 0.5 && m.Source == "config"
		}
	}
	if !found {
		t.Errorf("backup not in the catalog as added:\n%s", out)
	}

	// Invalid input: exit 2, file unchanged.
	before, _ := os.ReadFile(p)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"add", "corp", "https://x.example"}, `"corp" is already in`},
		{[]string{"add", "goproxy.cn", "https://x.example"}, "built-in"},
		{[]string{"add", "new", "ftp://x.example"}, "ftp"},
		{[]string{"add", "new", "https://x.example", "--weight", "0"}, "--weight must be positive"},
		{[]string{"add", "new"}, "want an ID and a URL"},
		{[]string{"remove", "goproxy.cn"}, "built-in"},
		{[]string{"remove", "corpp"}, "did you mean corp?"},
		{[]string{"remove"}, "want the id"},
	} {
		_, errOut, code := runBin(t, env, append(c.args, "--config", p)...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: code %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	if after, _ := os.ReadFile(p); string(after) != string(before) {
		t.Errorf("a refused edit changed the file:\n%s", after)
	}

	out, errOut, code = runBin(t, env, "remove", "backup", "--json", "--config", p)
	if code != 0 || !strings.Contains(out, `"action": "removed"`) {
		t.Fatalf("remove: code %d, stderr %q, out %q", code, errOut, out)
	}
	if data, _ := os.ReadFile(p); string(data) != orig {
		t.Errorf("add then remove is not the original file:\n got %q\nwant %q", data, orig)
	}

	// add into a config that does not exist yet creates it.
	fresh := filepath.Join(t.TempDir(), "sub", "config.toml")
	if _, errOut, code := runBin(t, env, "--config", fresh, "add", "corp2", "https://athens2.corp.example"); code != 0 {
		t.Fatalf("add to a new file: code %d, %q", code, errOut)
	}
	if out, _, code := runBin(t, env, "--config", fresh, "config", "check"); code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("new file does not check: code %d, %q", code, out)
	}
	// Completion of remove offers config mirrors only.
	got2, _ := completions(t, env, "remove", "--config", fresh, "")
	if strings.Join(got2, ",") != "corp2" {
		t.Errorf("remove completion %v, want [corp2]", got2)
	}
}
