package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// reset runs go env -u through envcfg on a sandboxed GOENV: the proxy keys
// leave the file, everything else stays, the real go command then reports
// its defaults, and undo puts the values back.
func TestResetAndUndo(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	orig := "# mine\nGOFLAGS=-mod=mod\nGOPROXY=https://goproxy.cn,direct\nGOSUMDB=sum.golang.google.cn\nGOPRIVATE=corp.example\nGONOSUMDB=x.example\n"
	writeEnvFile(t, env, orig)

	out, errOut, code := runBin(t, env, "reset", "--dry-run")
	if code != 0 || !strings.Contains(out, "would change") || !strings.Contains(out, `GOPROXY: "https://goproxy.cn,direct" → (not set)`) {
		t.Errorf("--dry-run: code %d, stderr %q:\n%s", code, errOut, out)
	}
	if got := readEnvFile(t, env); got != orig {
		t.Errorf("--dry-run wrote the file:\n%s", got)
	}

	out, errOut, code = runBin(t, env, "reset", "--json")
	if code != 0 {
		t.Fatalf("reset: code %d, stderr %q", code, errOut)
	}
	var rep reportJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	var keys []string
	for _, c := range rep.Changes {
		if c.New != nil {
			t.Errorf("%s: new value %q, want unset", c.Key, *c.New)
		}
		keys = append(keys, c.Key)
	}
	if strings.Join(keys, ",") != "GOPROXY,GOSUMDB,GOPRIVATE,GONOSUMDB" {
		t.Errorf("changed keys %v", keys)
	}
	if got := readEnvFile(t, env); got != "# mine\nGOFLAGS=-mod=mod\n" {
		t.Errorf("env file after reset:\n%q", got)
	}
	out, _, _ = runBin(t, env, "current")
	if !strings.HasPrefix(out, "proxy.golang.org  proxy.golang.org,direct  GOSUMDB=sum.golang.org") {
		t.Errorf("current after reset: %q", out)
	}
	out, _, code = runBin(t, env, "reset")
	if code != 0 || !strings.Contains(out, "nothing to change") {
		t.Errorf("second reset: code %d, %q", code, out)
	}

	if _, errOut, code := runBin(t, env, "undo"); code != 0 {
		t.Fatalf("undo: code %d, %q", code, errOut)
	}
	if got := readEnvFile(t, env); !strings.Contains(got, "GOPROXY=https://goproxy.cn,direct\n") || !strings.Contains(got, "GONOSUMDB=x.example\n") {
		t.Errorf("env file after undo:\n%s", got)
	}

	// An OS variable keeps its value: the file is reset, exit 3 says so.
	_, errOut, code = runBin(t, append(env, "GOPROXY=https://goproxy.io"), "reset")
	if code != 3 || !strings.Contains(errOut, "GOPROXY does not take effect") {
		t.Errorf("reset under an OS GOPROXY: code %d, stderr %q", code, errOut)
	}
}
