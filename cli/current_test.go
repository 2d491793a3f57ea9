package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// current reads the real go command's values (sandboxed GOENV) and names
// catalog mirrors by id, credentials redacted, OS variables marked.
func TestCurrent(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "current")
	if code != 0 || strings.TrimSpace(out) != "proxy.golang.org  proxy.golang.org,direct  GOSUMDB=sum.golang.org" {
		t.Errorf("defaults: code %d, out %q, stderr %q", code, out, errOut)
	}
	writeEnvFile(t, env, "GOPROXY=https://goproxy.cn|https://bob:secret@athens.corp.example,direct\nGOSUMDB=sum.golang.google.cn\n")
	out, _, code = runBin(t, env, "current")
	want := "goproxy.cn  goproxy.cn|https://bob:xxxxx@athens.corp.example,direct  GOSUMDB=sum.golang.google.cn"
	if code != 0 || strings.TrimSpace(out) != want {
		t.Errorf("file values: code %d,\n got %q\nwant %q", code, out, want)
	}
	if strings.Contains(out, "secret") {
		t.Errorf("password shown: %q", out)
	}

	// An OS variable hides the file: marked, and said in JSON.
	shadow := append(env, "GOPROXY=https://mirrors.aliyun.com/goproxy/,direct")
	out, _, code = runBin(t, shadow, "current")
	if code != 0 || strings.TrimSpace(out) != "aliyun  aliyun,direct  GOSUMDB=sum.golang.google.cn  !GOPROXY" {
		t.Errorf("shadowed: code %d, %q", code, out)
	}
	out, errOut, code = runBin(t, shadow, "current", "--json")
	var j currentJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != 0 {
		t.Fatalf("--json: code %d, %v, stderr %q:\n%s", code, err, errOut, out)
	}
	if j.Mirror != "aliyun" || j.MirrorID != "aliyun" || j.URL != "https://mirrors.aliyun.com/goproxy/" || j.Chain != "aliyun,direct" ||
		j.GOSUMDB != "sum.golang.google.cn" || strings.Join(j.FromOS, ",") != "GOPROXY" || strings.Join(j.Shadowed, ",") != "GOPROXY" {
		t.Errorf("--json: %+v", j)
	}

	// A URL the catalog does not know is shown redacted; direct as direct.
	out, _, _ = runBin(t, append(env, "GOPROXY=direct"), "current")
	if !strings.HasPrefix(out, "direct  GOSUMDB=") {
		t.Errorf("direct: %q", out)
	}
	// The credentials of a GOSUMDB URL are hidden too.
	out, _, _ = runBin(t, append(env, "GOSUMDB=sum.golang.org https://alice:pw@sumdb.corp.example"), "current")
	if strings.Contains(out, "alice:pw") || !strings.Contains(out, "GOSUMDB=sum.golang.org https://alice:xxxxx@sumdb.corp.example") {
		t.Errorf("GOSUMDB with a URL: %q", out)
	}
	if _, errOut, code := runBin(t, env, "current", "extra"); code != 2 || !strings.Contains(errOut, "unexpected argument") {
		t.Errorf("current extra: code %d, %q", code, errOut)
	}
}
