package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// Credentials pasted into GOPRIVATE, GONOPROXY or GONOSUMDB (a URL instead
// of a module path) are never shown: not by doctor (findings and their
// fixes, text and --json), env, use's warnings, errors or --json. Every run
// uses the sandbox's GOENV file.
func TestPatternCredentialsRedactedEverywhere(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=off\nGOPRIVATE=https://carol:secret@git.corp.example/*,corp2.example\nGONOSUMDB=dave:secret@git.corp.example\n")
	for _, args := range [][]string{
		{"doctor"},
		{"doctor", "--json"},
		{"env"},
		{"env", "--json"},
		{"use", "--noproxy", "https://erin:secret@git.corp.example"},
		{"use", "--noproxy", "https://erin:secret@git.corp.example/[x"},
		{"use", "--nosumdb", "https://erin:secret@git.corp.example", "--force", "--json"},
		{"use", "--private", "Erin:secret@git.corp.example", "--dry-run", "--json"},
	} {
		out, errOut, _ := runBin(t, env, args...)
		if strings.Contains(out+errOut, "secret") {
			t.Errorf("%q shows credentials:\n%s\n%s", args, out, errOut)
		}
		if out+errOut == "" {
			t.Errorf("%q printed nothing", args)
		}
	}
	// doctor's fix drops the scheme and the credentials: a module path has neither.
	out, _, _ := runBin(t, env, "doctor")
	if !strings.Contains(out, "go env -w GOPRIVATE='git.corp.example/*,corp2.example'") {
		t.Errorf("doctor's fix:\n%s", out)
	}
}

// A secret in a query string, in a mirror's userinfo or in the go
// command's own stderr is never printed: every command that shows GOPROXY,
// judges it or passes go's errors on is run, and its whole output searched.
func TestQuerySecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	const secret = "Qs3cretPW"
	dead, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	dead = strings.TrimSuffix(dead, "/")
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY="+dead+"/?token="+secret+",direct\n")
	runs := [][]string{
		{"current"},
		{"current", "--json"},
		{"env"},
		{"env", "--json"},
		{"export"},
		{"export", "--json"},
		{"doctor", "--timeout", "5s"},
		{"doctor", "--json", "--timeout", "5s"},
		{"use", dead + "/?auth=" + secret + ",direct", "--timeout", "5s"},
		{"use", dead + "/?sig=" + secret, "--force", "--dry-run"},
		{"use", dead + "/?key=" + secret, "--force", "--json"},
		{"relay", "--listen", "127.0.0.1:0", "--chain", "http://alice:" + secret + "@127.0.0.1:1"},
		{"export", "http://alice:" + secret + "@127.0.0.1:1"},
	}
	tried := 0
	for _, args := range runs {
		tried++
		out, errOut, _ := runBin(t, env, args...)
		if strings.Contains(out+errOut, secret) {
			t.Errorf("%q prints the secret:\n%s\n%s", args, out, errOut)
		}
		if out+errOut == "" {
			t.Errorf("%q printed nothing", args)
		}
	}
	if runtime.GOOS != "windows" {
		// A go command that fails quoting a URL with credentials.
		fakeGo := filepath.Join(t.TempDir(), "go")
		script := "#!/bin/sh\necho 'go: Get \"https://alice:" + secret + "@x.example/?token=" + secret + "\": refused' >&2\nexit 1\n"
		if err := os.WriteFile(fakeGo, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"env"}, {"env", "--json"}, {"current"}, {"use", "--force", "https://y.example"}, {"export"}} {
			tried++
			_, errOut, code := runBin(t, env, append([]string{"--go", fakeGo}, args...)...)
			if strings.Contains(errOut, secret) || !strings.Contains(errOut, "alice:xxxxx@x.example") || code == 0 {
				t.Errorf("%q with a failing go: exit %d, stderr %q; want go's error, redacted", args, code, errOut)
			}
		}
	}
	t.Logf("%d commands tried", tried)
}
