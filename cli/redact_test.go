package cli

import (
	"strings"
	"testing"
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
