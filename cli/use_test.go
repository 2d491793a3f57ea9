package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func readEnvFile(t *testing.T, env []string) string {
	t.Helper()
	b, err := os.ReadFile(envValue(env, "GOENV"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUseAndUndo(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	orig := "# my settings\nGOFLAGS=-mod=mod\nGOTOOLCHAIN=local\nGOPROXY=https://proxy.golang.org,direct\n"
	writeEnvFile(t, env, orig)

	out, errOut, code := runBin(t, env, "use", "goproxy.cn|aliyun,direct", "--sumdb", "sum.golang.google.cn", "--private", "corp.example/*", "--force")
	if code != 0 {
		t.Fatalf("use: code %d, stderr %s", code, errOut)
	}
	for _, want := range []string{
		`GOPROXY: "https://proxy.golang.org,direct" → "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct"`,
		`GOSUMDB: (not set) → "sum.golang.google.cn"`,
		`GOPRIVATE: (not set) → "corp.example/*"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("use output lacks %q:\n%s", want, out)
		}
	}
	file := readEnvFile(t, env)
	for _, want := range []string{"# my settings\n", "GOFLAGS=-mod=mod\n", "GOTOOLCHAIN=local\n",
		"GOPROXY=https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct\n", "GOSUMDB=sum.golang.google.cn\n", "GOPRIVATE=corp.example/*\n"} {
		if !strings.Contains(file, want) {
			t.Errorf("env file lacks %q:\n%s", want, file)
		}
	}

	// Invalid input: exit 2, the bad entry named, the file byte for byte unchanged.
	before := readEnvFile(t, env)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"use", "goproxy.cn,nosuchmirror,direct"}, `entry 2 "nosuchmirror"`},
		{[]string{"use", "ftp://mirror.example"}, "invalid proxy URL scheme"},
		{[]string{"use", "goproxy.cn", "--sumdb", "bad+key"}, "GOSUMDB"},
		{[]string{"use", "goproxy.cn", "--private", "corp.example/[x"}, "[x"},
		{[]string{"use", ",|,"}, "no entries"},
		{[]string{"use"}, "missing CHAIN"},
		{[]string{"use", "a.example", "b.example"}, "unexpected argument"},
		{[]string{"use", "--profile", "nope"}, `unknown profile "nope"`},
	} {
		_, errOut, code := runBin(t, env, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: code %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
		if got := readEnvFile(t, env); got != before {
			t.Fatalf("%v changed the env file:\n%s", c.args, got)
		}
	}

	// --dry-run writes nothing.
	out, _, code = runBin(t, env, "use", "goproxy.io,direct", "--dry-run", "--force")
	if code != 0 || !strings.Contains(out, `would change`) || !strings.Contains(out, `→ "https://goproxy.io,direct"`) || readEnvFile(t, env) != before {
		t.Errorf("dry run: code %d, out %s", code, out)
	}

	// A profile, by flag and by name, with JSON output.
	out, errOut, code = runBin(t, env, "use", "--profile", "global", "--json", "--force")
	if code != 0 {
		t.Fatalf("use --profile global: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		EnvFile string `json:"envFile"`
		Changes []struct {
			Key string  `json:"key"`
			Old *string `json:"old"`
			New *string `json:"new"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Changes) != 2 || rep.Changes[0].Key != "GOPROXY" || *rep.Changes[0].New != "https://proxy.golang.org,direct" || rep.Changes[1].Key != "GOSUMDB" || *rep.Changes[1].New != "sum.golang.org" {
		t.Errorf("use --profile global --json: %v\n%s", err, out)
	}
	out, _, code = runBin(t, env, "use", "china", "--force")
	if code != 0 || !strings.Contains(out, `→ "https://goproxy.cn,direct"`) {
		t.Errorf("use china: code %d, out %s", code, out)
	}

	// Undo, three times, back to the first state; then nothing to undo.
	for i, want := range []string{`"https://goproxy.cn,direct" → "https://proxy.golang.org,direct"`, `→ "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct"`, `GOSUMDB: "sum.golang.google.cn" → (not set)`} {
		out, errOut, code = runBin(t, env, "undo")
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("undo %d: code %d, out %s, stderr %s; want %q", i+1, code, out, errOut, want)
		}
	}
	if got := readEnvFile(t, env); !strings.Contains(got, "# my settings\n") || !strings.Contains(got, "GOPROXY=https://proxy.golang.org,direct\n") ||
		strings.Contains(got, "GOSUMDB") || strings.Contains(got, "GOPRIVATE") || !strings.Contains(got, "GOFLAGS=-mod=mod\n") {
		t.Errorf("after undoing everything:\n%s", got)
	}
	_, errOut, code = runBin(t, env, "undo")
	if code != 1 || !strings.Contains(errOut, "nothing to undo") {
		t.Errorf("undo with empty history: code %d, stderr %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(envValue(env, "XDG_STATE_HOME"), "goproxytui", "history.json")); err != nil {
		t.Errorf("history not in XDG_STATE_HOME: %v", err)
	}
}

func TestUseOverriddenByOSVariable(t *testing.T) {
	t.Parallel()
	env := append(sandboxEnv(t), "GOPROXY=https://os.example")
	out, errOut, code := runBin(t, env, "use", "goproxy.cn,direct", "--force")
	if code != 3 {
		t.Fatalf("code %d, want 3; out %s stderr %s", code, out, errOut)
	}
	if !strings.Contains(errOut, `GOPROXY does not take effect: the OS environment variable GOPROXY="https://os.example" overrides the go env file`) {
		t.Errorf("stderr %q", errOut)
	}
	if strings.Contains(errOut, "does not override conflicting") {
		t.Errorf("go's raw warning leaked: %q", errOut)
	}
	if !strings.Contains(readEnvFile(t, env), "GOPROXY=https://goproxy.cn,direct\n") {
		t.Error("file not written")
	}
}

func TestUseMissingEnvDirectory(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	p := filepath.Join(envValue(env, "HOME"), "deep", "er", "env")
	env = append(env, "GOENV="+p)
	_, errOut, code := runBin(t, env, "use", "goproxy.io,direct", "--force")
	if code != 0 {
		t.Fatalf("code %d, stderr %s", code, errOut)
	}
	if b, err := os.ReadFile(p); err != nil || string(b) != "GOPROXY=https://goproxy.io,direct\n" {
		t.Errorf("new file: %q %v", b, err)
	}
}

func TestUndoAfterOutsideChange(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://one.example\n")
	if _, errOut, code := runBin(t, env, "use", "goproxy.cn,direct", "--force"); code != 0 {
		t.Fatalf("use: %d %s", code, errOut)
	}
	writeEnvFile(t, env, "GOPROXY=https://edited.example\n")
	_, errOut, code := runBin(t, env, "undo")
	if code != 1 || !strings.Contains(errOut, `GOPROXY "https://goproxy.cn,direct" → "https://edited.example"`) || !strings.Contains(errOut, "--force") {
		t.Errorf("undo after an outside edit: code %d, stderr %s", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOPROXY=https://edited.example\n" {
		t.Errorf("refused undo wrote: %q", got)
	}
	out, errOut, code := runBin(t, env, "undo", "--force", "--json")
	if code != 0 || !strings.Contains(out, `"new": "https://one.example"`) {
		t.Errorf("undo --force: code %d, out %s, stderr %s", code, out, errOut)
	}
	if got := readEnvFile(t, env); got != "GOPROXY=https://one.example\n" {
		t.Errorf("after undo --force: %q", got)
	}
}

// Entries go never reaches are refused, naming the entry, unless --force:
// an http:// entry with credentials (go refuses every request to it),
// anything after direct or off, a URL without host. --force writes it and
// warns, credentials redacted.
func TestUseRefusesUnreachableEntries(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	before := readEnvFile(t, env)
	for _, c := range []struct{ chain, want string }{
		{"http://bob:pw@athens.corp,direct", `GOPROXY entry 1 "http://bob:xxxxx@athens.corp": the go command never sends a request to it (refusing to pass credentials to insecure URL)`},
		{"goproxy.cn,direct,aliyun", `GOPROXY entry 3 "aliyun" comes after direct: the go command never reaches it`},
		{"off|goproxy.cn", `GOPROXY entry 2 "goproxy.cn" comes after off`},
		{"https://,direct", `GOPROXY entry 1 "https://"`},
	} {
		_, errOut, code := runBin(t, env, "use", c.chain)
		if code != 2 || !strings.Contains(errOut, c.want) || !strings.Contains(errOut, "--force") || strings.Contains(errOut, ":pw@") {
			t.Errorf("use %q: exit %d, stderr %q; want 2 and %q", c.chain, code, errOut, c.want)
		}
		if got := readEnvFile(t, env); got != before {
			t.Fatalf("use %q changed the env file: %q", c.chain, got)
		}
	}
	_, errOut, code := runBin(t, env, "use", "http://bob:pw@athens.corp,direct", "--force")
	if code != 0 || !strings.Contains(errOut, `warning: GOPROXY entry 1 "http://bob:xxxxx@athens.corp"`) || strings.Contains(errOut, ":pw@") {
		t.Errorf("--force: exit %d, stderr %q", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOPROXY=http://bob:pw@athens.corp,direct\n" {
		t.Errorf("--force wrote %q", got)
	}
}

// A near miss of a catalog id is refused with the id meant, even though go
// would take it as a host; the URL written out is what the user meant.
// An empty chain says what to type instead.
func TestUseTypoAndEmpty(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	before := readEnvFile(t, env)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"use", "goproxy.cm,direct"}, `did you mean goproxy.cn?`},
		{[]string{"use", "goproxy.cm,direct", "--force"}, `did you mean goproxy.cn?`},
		{[]string{"use", "aliyn|goproxy.cn"}, `did you mean aliyun?`},
		{[]string{"use", ""}, "goproxytui use https://proxy.golang.org,direct"},
	} {
		_, errOut, code := runBin(t, env, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
		if got := readEnvFile(t, env); got != before {
			t.Fatalf("%q changed the env file: %q", c.args, got)
		}
	}
	if _, errOut, code := runBin(t, env, "use", "https://goproxy.cm,direct", "--force"); code != 0 {
		t.Errorf("explicit URL: exit %d, stderr %s", code, errOut)
	}
	if got := readEnvFile(t, env); got != "GOPROXY=https://goproxy.cm,direct\n" {
		t.Errorf("explicit URL wrote %q", got)
	}
}

// --noproxy and --nosumdb set GONOPROXY and GONOSUMDB, validated like
// GOPRIVATE; a pattern that matches no module path (a URL) is refused with
// the reason unless --force, and credentials are never shown.
func TestUseNoProxyNoSumDB(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "use", "--noproxy", "git.corp.example/*", "--nosumdb", "git.corp.example/*,other.example")
	if code != 0 || !strings.Contains(out, `GONOPROXY: (not set) → "git.corp.example/*"`) || !strings.Contains(out, `GONOSUMDB: (not set) → "git.corp.example/*,other.example"`) {
		t.Fatalf("exit %d, out %s, stderr %s", code, out, errOut)
	}
	before := readEnvFile(t, env)
	for _, args := range [][]string{
		{"use", "--noproxy", "https://carol:secret@git.corp.example"},
		{"use", "--nosumdb", "https://carol:secret@git.corp.example"},
		{"use", "--private", "https://carol:secret@git.corp.example"},
	} {
		_, errOut, code := runBin(t, env, args...)
		if code != 2 || !strings.Contains(errOut, `pattern "https://carol:xxxxx@git.corp.example" has a URL scheme`) || !strings.Contains(errOut, "--force") || strings.Contains(errOut, "secret") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
		if got := readEnvFile(t, env); got != before {
			t.Fatalf("%q changed the env file: %q", args, got)
		}
	}
	if _, errOut, code := runBin(t, env, "use", "--noproxy", "corp.example/[x"); code != 2 || !strings.Contains(errOut, "GONOPROXY") {
		t.Errorf("bad glob: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runBin(t, env, "use", "--noproxy", "https://git.corp.example", "--force")
	if code != 0 || !strings.Contains(errOut, "warning: GONOPROXY:") || !strings.Contains(readEnvFile(t, env), "GONOPROXY=https://git.corp.example\n") {
		t.Errorf("--force: exit %d, stderr %q, file %q", code, errOut, readEnvFile(t, env))
	}
}

// doctor's fixes name the chain with credentials redacted ("xxxxx"): use
// takes the hidden credentials from the entry of the current GOPROXY they
// stand for, and refuses a redacted entry it cannot match, so that it never
// writes "xxxxx" as a password.
func TestUseRedactedCredentialsFromCurrentChain(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://bob:pw@athens.corp.example,direct\n")
	out, errOut, code := runBin(t, env, "use", "https://bob:xxxxx@athens.corp.example|goproxy.cn,direct", "--force")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got, want := readEnvFile(t, env), "GOPROXY=https://bob:pw@athens.corp.example|https://goproxy.cn,direct\n"; got != want {
		t.Errorf("env file %q, want %q", got, want)
	}
	if strings.Contains(out+errOut, ":pw@") {
		t.Errorf("credentials shown: %s%s", out, errOut)
	}

	before := readEnvFile(t, env)
	_, errOut, code = runBin(t, env, "use", "https://eve:xxxxx@other.corp.example,direct")
	if code != 2 || !strings.Contains(errOut, `"https://eve:xxxxx@other.corp.example"`) {
		t.Errorf("unmatched redacted entry: exit %d, stderr %s", code, errOut)
	}
	if got := readEnvFile(t, env); got != before {
		t.Errorf("env file changed to %q", got)
	}
}

// A value another program changes right after use's write is reported as
// that, with its own exit code 4, not as exit 3 "an OS variable overrides
// it". The other program is a wrapper of the go command (--go) that
// rewrites the sandbox's GOENV file once it holds use's value.
func TestUseChangedByAnotherProgram(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("shell script")
	}
	goPath, err := exec.LookPath("go")
	if err != nil {
		t.Skip(err)
	}
	env := sandboxEnv(t)
	writeEnvFile(t, env, "GOPROXY=https://proxy.golang.org,direct\n")
	wrapper := filepath.Join(t.TempDir(), "go")
	script := "#!/bin/sh\nif [ \"$1\" = env ] && [ \"$2\" = -json ] && grep -q '^GOPROXY=https://goproxy.cn,direct$' \"$GOENV\"; then\n" +
		"  printf 'GOPROXY=https://other.example\\n' > \"$GOENV\"\nfi\nexec '" + goPath + "' \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runBin(t, env, "--go", wrapper, "use", "goproxy.cn,direct", "--force")
	if code != 4 || !strings.Contains(errOut, `GOPROXY was changed by another program right after the write: the go env file now says "https://other.example"`) || strings.Contains(errOut, "OS environment") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	// --json says so too (the file holds other.example now: use writes again).
	out, errOut, code := runBin(t, env, "--go", wrapper, "use", "goproxy.cn,direct", "--json", "--force")
	var rep struct {
		NotEffective []struct {
			Key          string  `json:"key"`
			ChangedAfter bool    `json:"changedAfter"`
			File         *string `json:"file"`
			Source       string  `json:"source"`
		} `json:"notEffective"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 4 {
		t.Fatalf("--json: exit %d, %v, stdout %s, stderr %s", code, err, out, errOut)
	}
	if len(rep.NotEffective) != 1 || !rep.NotEffective[0].ChangedAfter || rep.NotEffective[0].File == nil || *rep.NotEffective[0].File != "https://other.example" {
		t.Errorf("--json notEffective = %+v", rep.NotEffective)
	}
}

// A chain value that use refuses gets the same error, word for word, from
// export and relay --chain, help pointer included (only the command's name
// differs).
func TestUseRefusesChainAsExportAndRelayDo(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	for _, v := range []string{"goproxy.cm", "https://:443", "direct,goproxy.cn"} {
		_, useErr, useCode := runBin(t, env, "use", v)
		_, exportErr, exportCode := runBin(t, env, "export", v)
		_, relayErr, relayCode := runBin(t, env, "relay", "--listen", "127.0.0.1:0", "--chain", v)
		exportErr = strings.ReplaceAll(exportErr, "goproxytui export --help", "goproxytui use --help")
		relayErr = strings.ReplaceAll(relayErr, "goproxytui relay --help", "goproxytui use --help")
		if useCode != 2 || exportCode != 2 || relayCode != 2 || useErr != exportErr || useErr != relayErr ||
			!strings.Contains(useErr, "goproxytui use --help") {
			t.Errorf("%q: use exit %d %q; export exit %d %q; relay exit %d %q", v, useCode, useErr, exportCode, exportErr, relayCode, relayErr)
		}
	}
}
