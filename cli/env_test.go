package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeEnvFile writes the sandbox's go env file.
func writeEnvFile(t *testing.T, env []string, data string) string {
	t.Helper()
	p := envValue(env, "GOENV")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEnvCommand(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	path := writeEnvFile(t, env, "# mine\nGOPROXY=https://user:secret@corp.example/proxy,direct\nGONOSUMDB=file.example/*\n")
	env = append(env, "GONOSUMDB=os.example/*")

	out, errOut, code := runBin(t, env, "env", "--json")
	if code != 0 {
		t.Fatalf("env --json: code %d, stderr %s", code, errOut)
	}
	var got map[string]struct {
		Value    string  `json:"value"`
		Source   string  `json:"source"`
		Shadowed *string `json:"shadowed"`
		OSValue  *string `json:"osValue"`
		File     *string `json:"file"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("env --json output is not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS", "GOENV", "GOROOT"} {
		if _, ok := got[k]; !ok {
			t.Errorf("env --json lacks %s", k)
		}
	}
	if g := got["GOPROXY"]; g.Source != "file" || g.Value != "https://user:xxxxx@corp.example/proxy,direct" || g.Shadowed != nil {
		t.Errorf("GOPROXY = %+v (credentials must be redacted)", g)
	}
	if strings.Contains(out, "secret") {
		t.Error("env --json shows a password")
	}
	if g := got["GOSUMDB"]; g.Source != "goroot" || g.Value != "sum.golang.org" || g.File != nil {
		t.Errorf("GOSUMDB = %+v", g)
	}
	if g := got["GONOSUMDB"]; g.Source != "env" || g.Value != "os.example/*" || g.Shadowed == nil || *g.Shadowed != "file.example/*" || g.OSValue == nil {
		t.Errorf("GONOSUMDB = %+v", g)
	}
	if g := got["GOPRIVATE"]; g.Source != "default" || g.Shadowed != nil {
		t.Errorf("GOPRIVATE = %+v", g)
	}
	if g := got["GOENV"]; g.Value != path || g.Source != "env" {
		t.Errorf("GOENV = %+v", g)
	}

	out, _, code = runBin(t, env, "env")
	if code != 0 || !strings.Contains(out, path) || !strings.Contains(out, "GONOSUMDB") ||
		!strings.Contains(out, `warning: GONOSUMDB is set in the OS environment ("os.example/*"), which hides the go env file's value "file.example/*"`) {
		t.Errorf("env: code %d, out:\n%s", code, out)
	}
	if strings.Contains(out, "secret") {
		t.Error("env shows a password")
	}
	out, _, code = runBin(t, env, "--lang", "zh", "env")
	if code != 0 || !strings.Contains(out, "遮蔽") {
		t.Errorf("env in zh: code %d, out:\n%s", code, out)
	}

	// A missing file is reported, not an error.
	env2 := sandboxEnv(t)
	out, _, code = runBin(t, env2, "env")
	if code != 0 || !strings.Contains(out, "does not exist yet") {
		t.Errorf("env with no file: code %d, out:\n%s", code, out)
	}
	_, errOut, code = runBin(t, env2, "env", "extra")
	if code != 2 || !strings.Contains(errOut, "goproxytui env --help") {
		t.Errorf("env extra: code %d, stderr %s", code, errOut)
	}
	out, _, code = runBin(t, env2, "env", "--help")
	if code != 0 || !strings.Contains(out, "--json") {
		t.Errorf("env --help: code %d, out %s", code, out)
	}
}
