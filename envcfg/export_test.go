package envcfg

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
)

// nasty holds values with every character the quoting of some format
// cares about: spaces, both quotes, $, backticks, |, commas, backslashes,
// ${{, $$, curly quotes, non-ASCII and YAML's odd line separators.
var nasty = ExportValues{
	GOPROXY:   "https://a.example/it's $HOME `id` $(id)|https://b.example,direct",
	GOSUMDB:   `sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ufvm5HlxMVLg3O https://sum.example/"q"\x`,
	GOPRIVATE: `*.corp.example,"quoted" \back\slash\,a b,${{ secrets.X }},$$,‘curly’ ’,中文,` + "\u2028\u0085",
	GONOPROXY: "none",
	Set:       map[string]bool{"GOPROXY": true, "GOSUMDB": true, "GOPRIVATE": true, "GONOPROXY": true},
}

func export(t *testing.T, f ExportFormat, v ExportValues, show bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, f, v, show); err != nil {
		t.Fatalf("Export(%s): %v", f, err)
	}
	return b.String()
}

// runShell runs snippet in shell, starting with every key set to "old",
// then prints each key's value, or <unset>, NUL-separated. The
// environment is minimal and the go env file a temp one (GOENV), though
// no go command runs.
func runShell(t *testing.T, shell string, args []string, snippet, printer string) []string {
	t.Helper()
	bin, err := exec.LookPath(shell)
	if err != nil {
		t.Skipf("%s is not installed here: its snippet is only checked against the expected text", shell)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(args, snippet+"\n"+printer)...)
	dir := t.TempDir()
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "GOENV=" + filepath.Join(dir, "goenv"), "XDG_CONFIG_HOME=" + dir}
	for _, k := range ExportKeys {
		cmd.Env = append(cmd.Env, k+"=old")
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", shell, err, out)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}

// wantValues is what each key holds after the snippet of v: its value, or
// <unset>.
func wantValues(v ExportValues) []string {
	var want []string
	for _, k := range ExportKeys {
		if v.Set[k] {
			want = append(want, v.Get(k))
		} else {
			want = append(want, "<unset>")
		}
	}
	return want
}

func TestExportShRuns(t *testing.T) {
	printer := `for k in GOPROXY GOSUMDB GOPRIVATE GONOPROXY GONOSUMDB; do eval "if [ -n \"\${$k+x}\" ]; then printf '%s\0' \"\$$k\"; else printf '<unset>\0'; fi"; done`
	for _, v := range []ExportValues{nasty, {Set: nil}, {GOPROXY: "", Set: map[string]bool{"GOPROXY": true}}} {
		snippet := export(t, ExportSh, v, true)
		for _, sh := range []string{"sh", "dash", "bash"} {
			t.Run(sh, func(t *testing.T) {
				got := runShell(t, sh, []string{"-c"}, snippet, printer)
				if want := wantValues(v); !reflect.DeepEqual(got, want) {
					t.Errorf("snippet\n%s\ngives %q\nwant  %q", snippet, got, want)
				}
			})
		}
	}
}

func TestExportFishRuns(t *testing.T) {
	printer := `for k in GOPROXY GOSUMDB GOPRIVATE GONOPROXY GONOSUMDB; if set -q $k; printf '%s\0' "$$k"; else; printf '<unset>\0'; end; end`
	snippet := export(t, ExportFish, nasty, true)
	got := runShell(t, "fish", []string{"--no-config", "-c"}, snippet, printer)
	if want := wantValues(nasty); !reflect.DeepEqual(got, want) {
		t.Errorf("gives %q\nwant  %q", got, want)
	}
}

func TestExportPowerShellRuns(t *testing.T) {
	printer := `foreach ($k in 'GOPROXY','GOSUMDB','GOPRIVATE','GONOPROXY','GONOSUMDB') { $v = [Environment]::GetEnvironmentVariable($k); if ($null -eq $v) { [Console]::Out.Write("<unset>" + [char]0) } else { [Console]::Out.Write($v + [char]0) } }`
	snippet := export(t, ExportPowerShell, nasty, true)
	got := runShell(t, "pwsh", []string{"-NoProfile", "-NonInteractive", "-Command"}, snippet, printer)
	if want := wantValues(nasty); !reflect.DeepEqual(got, want) {
		t.Errorf("gives %q\nwant  %q", got, want)
	}
}

// The exact text of each format, for the reader and for the shells this
// machine may lack.
func TestExportText(t *testing.T) {
	v := ExportValues{
		GOPROXY:   "https://goproxy.cn,direct",
		GOPRIVATE: "it's.corp/*",
		Set:       map[string]bool{"GOPROXY": true, "GOPRIVATE": true},
	}
	for _, tc := range []struct {
		f    ExportFormat
		want string
	}{
		{ExportSh, "export GOPROXY='https://goproxy.cn,direct'\nexport GOPRIVATE='it'\\''s.corp/*'\nunset GOSUMDB\nunset GONOPROXY\nunset GONOSUMDB\n"},
		{ExportFish, "set -gx GOPROXY 'https://goproxy.cn,direct'\nset -gx GOPRIVATE 'it\\'s.corp/*'\nset -e GOSUMDB\nset -e GONOPROXY\nset -e GONOSUMDB\n"},
		{ExportPowerShell, "$env:GOPROXY = 'https://goproxy.cn,direct'\n$env:GOPRIVATE = 'it''s.corp/*'\nRemove-Item Env:GOSUMDB -ErrorAction SilentlyContinue\nRemove-Item Env:GONOPROXY -ErrorAction SilentlyContinue\nRemove-Item Env:GONOSUMDB -ErrorAction SilentlyContinue\n"},
		{ExportDockerfile, "ENV GOPROXY=\"https://goproxy.cn,direct\"\nENV GOPRIVATE=\"it's.corp/*\"\n"},
		{ExportGitHubActions, "env:\n  GOPROXY: \"https://goproxy.cn,direct\"\n  GOPRIVATE: \"it's.corp/*\"\n"},
		{ExportGitLabCI, "variables:\n  GOPROXY: \"https://goproxy.cn,direct\"\n  GOPRIVATE: \"it's.corp/*\"\n"},
	} {
		if got := export(t, tc.f, v, false); got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.f, got, tc.want)
		}
	}
	if got := fishQuote(`a\b'c`); got != `'a\\b\'c'` {
		t.Errorf("fishQuote = %s", got)
	}
	if got := psQuote("a'b‘c’d"); got != "'a''b‘‘c’’d'" {
		t.Errorf("psQuote = %s", got)
	}
	// Nothing set: the shells reset everything, the files set nothing.
	none := ExportValues{}
	if got := export(t, ExportSh, none, false); got != "unset GOPROXY\nunset GOSUMDB\nunset GOPRIVATE\nunset GONOPROXY\nunset GONOSUMDB\n" {
		t.Errorf("sh, nothing set:\n%s", got)
	}
	if got := export(t, ExportDockerfile, none, false); got != "# goproxytui: every setting is the go command's default: nothing to set\n" {
		t.Errorf("dockerfile, nothing set:\n%s", got)
	}
	for _, f := range []ExportFormat{ExportGitHubActions, ExportGitLabCI} {
		got := parseYAMLBlock(t, export(t, f, none, false))
		if len(got) != 0 {
			t.Errorf("%s, nothing set: %v", f, got)
		}
	}
}

// unquoteDocker reads a double-quoted ENV word as buildkit does
// (frontend/dockerfile/shell/lex.go, processDoubleQuote, escape token \):
// \ escapes ", $ and \ only, other backslashes stay; an unescaped $ would
// expand a variable, which the test reports.
func unquoteDocker(t *testing.T, s string) string {
	t.Helper()
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		t.Fatalf("not a double-quoted word: %s", s)
	}
	in := []rune(s[1 : len(s)-1])
	var b strings.Builder
	for i := 0; i < len(in); i++ {
		switch in[i] {
		case '"':
			t.Fatalf("unescaped quote in %s", s)
		case '$':
			t.Fatalf("unescaped $ (a variable expansion) in %s", s)
		case '\\':
			if i+1 < len(in) && (in[i+1] == '"' || in[i+1] == '$' || in[i+1] == '\\') {
				i++
			}
		}
		b.WriteRune(in[i])
	}
	return b.String()
}

func TestExportDockerfile(t *testing.T) {
	out := export(t, ExportDockerfile, nasty, true)
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.HasSuffix(line, `\`) {
			t.Errorf("a line ending in \\ continues the instruction: %s", line)
		}
		rest, ok := strings.CutPrefix(line, "ENV ")
		k, q, ok2 := strings.Cut(rest, "=")
		if !ok || !ok2 {
			t.Fatalf("not an ENV key=value line: %q", line)
		}
		got[k] = unquoteDocker(t, q)
	}
	want := map[string]string{}
	for _, k := range ExportKeys {
		if nasty.Set[k] {
			want[k] = nasty.Get(k)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// parseYAMLBlock reads the one-level block Export writes for the CI
// formats — "env:" or "variables:", then "  KEY: <double-quoted scalar>"
// lines, comments allowed — checking its shape strictly, with YAML's
// double-quoted escapes (\\, \", \uXXXX; any other is an error here).
// It returns the raw values, before GitHub or GitLab expand anything.
func parseYAMLBlock(t *testing.T, s string) map[string]string {
	t.Helper()
	out := map[string]string{}
	seenBlock := false
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case line == "env: {}" || line == "variables: {}":
			seenBlock = true
			continue
		case line == "env:" || line == "variables:":
			seenBlock = true
			continue
		}
		if !seenBlock || !strings.HasPrefix(line, "  ") {
			t.Fatalf("unexpected line %q in\n%s", line, s)
		}
		k, q, ok := strings.Cut(line[2:], ": ")
		if !ok || len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
			t.Fatalf("not KEY: \"value\": %q", line)
		}
		in := q[1 : len(q)-1]
		var b strings.Builder
		for i := 0; i < len(in); i++ {
			c := in[i]
			if c == '"' {
				t.Fatalf("unescaped quote in %q", line)
			}
			if c != '\\' {
				b.WriteByte(c)
				continue
			}
			i++
			switch {
			case i < len(in) && (in[i] == '\\' || in[i] == '"'):
				b.WriteByte(in[i])
			case i < len(in) && in[i] == 'u' && i+4 < len(in):
				n, err := strconv.ParseUint(in[i+1:i+5], 16, 32)
				if err != nil {
					t.Fatalf("bad \\u escape in %q", line)
				}
				b.WriteRune(rune(n))
				i += 4
			default:
				t.Fatalf("unexpected escape in %q", line)
			}
		}
		for _, r := range b.String() {
			if r == '\u0085' || r == '\u2028' || r == '\u2029' {
				// Written raw, a YAML 1.1 parser (GitLab's) would fold it.
				if strings.ContainsRune(in, r) {
					t.Errorf("line separator %U written raw in %q", r, line)
				}
			}
		}
		out[k] = b.String()
	}
	if !seenBlock {
		t.Fatalf("no env:/variables: block in\n%s", s)
	}
	return out
}

func TestExportCI(t *testing.T) {
	want := map[string]string{}
	for _, k := range ExportKeys {
		if nasty.Set[k] {
			want[k] = nasty.Get(k)
		}
	}
	// GitHub Actions evaluates ${{ ... }}: the value holds the expression
	// of the literal '${{' instead, which evaluates back.
	gh := parseYAMLBlock(t, export(t, ExportGitHubActions, nasty, true))
	for k, v := range gh {
		gh[k] = strings.ReplaceAll(v, "${{ '${{' }}", "${{")
	}
	if !reflect.DeepEqual(gh, want) {
		t.Errorf("github-actions: got %q\nwant %q", gh, want)
	}
	if v := parseYAMLBlock(t, export(t, ExportGitHubActions, nasty, true))["GOPRIVATE"]; !strings.Contains(v, "${{ '${{' }} secrets.X }}") {
		t.Errorf("${{ not neutralised: %q", v)
	}
	// GitLab expands $VAR in variables; $$ is a literal $.
	gl := parseYAMLBlock(t, export(t, ExportGitLabCI, nasty, true))
	for k, v := range gl {
		if strings.Count(v, "$")%2 != 0 || strings.Contains(strings.ReplaceAll(v, "$$", ""), "$") {
			t.Errorf("gitlab-ci %s: a lone $ would expand: %q", k, v)
		}
		gl[k] = strings.ReplaceAll(v, "$$", "$")
	}
	if !reflect.DeepEqual(gl, want) {
		t.Errorf("gitlab-ci: got %q\nwant %q", gl, want)
	}
}

func TestExportCredentials(t *testing.T) {
	v := ExportValues{
		GOPROXY:   "https://alice:s3cret@athens.corp.example/,https://tok3n@b.example|direct",
		GOSUMDB:   "sum.golang.org https://bob:pw9@sumdb.corp.example",
		GOPRIVATE: "corp.example/*",
		GONOSUMDB: "https://carol:pw7@x.example",
		Set:       map[string]bool{"GOPROXY": true, "GOSUMDB": true, "GOPRIVATE": true, "GONOSUMDB": true},
	}
	for _, f := range exportFormats {
		out := export(t, f, v, false)
		for _, secret := range []string{"s3cret", "tok3n", "pw9", "pw7"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows %s:\n%s", f, secret, out)
			}
		}
		if !strings.HasPrefix(out, "# goproxytui: credentials are hidden as xxxxx") {
			t.Errorf("%s: no comment saying credentials were hidden:\n%s", f, out)
		}
		for _, want := range []string{"alice:xxxxx@athens.corp.example", "xxxxx@b.example|direct", "sum.golang.org https://bob:xxxxx@sumdb.corp.example", "corp.example/*"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: %q missing:\n%s", f, want, out)
			}
		}
		shown := export(t, f, v, true)
		if !strings.Contains(shown, "s3cret") || !strings.Contains(shown, "pw9") || strings.Contains(shown, "hidden") {
			t.Errorf("%s with showCredentials:\n%s", f, shown)
		}
	}
	// Nothing to hide: no comment.
	if out := export(t, ExportSh, ExportValues{GOPROXY: "https://goproxy.cn", Set: map[string]bool{"GOPROXY": true}}, false); strings.Contains(out, "#") {
		t.Errorf("comment without a reason:\n%s", out)
	}
	// The comment is in the user's language.
	v.Lang = i18n.ZH
	if out := export(t, ExportSh, v, false); strings.Contains(out, "credentials are hidden") {
		t.Errorf("zh comment not translated:\n%s", out)
	}
}

func TestExportRefusesControlCharacters(t *testing.T) {
	for _, bad := range []string{"a\nb", "a\rb", "a\x00b", "a\tb", "a\x7fb"} {
		var b bytes.Buffer
		err := Export(&b, ExportSh, ExportValues{GOPROXY: bad, Set: map[string]bool{"GOPROXY": true}}, false)
		if err == nil || b.Len() != 0 {
			t.Errorf("%q: err %v, wrote %q", bad, err, b.String())
		}
	}
	// A control character in a key that is not Set does not matter.
	if err := Export(&bytes.Buffer{}, ExportSh, ExportValues{GOPROXY: "a\nb"}, false); err != nil {
		t.Error(err)
	}
}

func TestParseExportFormat(t *testing.T) {
	for in, want := range map[string]ExportFormat{
		"sh": ExportSh, "bash": ExportSh, "ZSH": ExportSh, "fish": ExportFish, "PowerShell": ExportPowerShell,
		"pwsh": ExportPowerShell, "dockerfile": ExportDockerfile, "docker": ExportDockerfile,
		"github-actions": ExportGitHubActions, "github": ExportGitHubActions, "gitlab-ci": ExportGitLabCI, " gitlab ": ExportGitLabCI,
	} {
		if got, err := ParseExportFormat(in); err != nil || got != want {
			t.Errorf("ParseExportFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseExportFormat("dockerfle"); err == nil || !strings.Contains(err.Error(), "did you mean dockerfile?") {
		t.Errorf("typo: %v", err)
	}
	if _, err := ParseExportFormat("github-action"); err == nil || !strings.Contains(err.Error(), "did you mean github-actions?") {
		t.Errorf("typo: %v", err)
	}
	if _, err := ParseExportFormat("xml"); err == nil || !strings.Contains(err.Error(), "sh, fish, powershell, dockerfile, github-actions, gitlab-ci") {
		t.Errorf("unknown: %v", err)
	}
	if err := Export(&bytes.Buffer{}, ExportFormat("xml"), ExportValues{}, false); err == nil {
		t.Error("Export accepted an unknown format")
	}
	if got := ExportFormats(); len(got) != 6 || got[0] != "sh" {
		t.Errorf("ExportFormats = %v", got)
	}
}

func TestExportValuesOf(t *testing.T) {
	s := Snapshot{Vars: map[string]Var{
		"GOPROXY":   {Name: "GOPROXY", Value: "https://goproxy.cn,direct", Source: SourceFile},
		"GOSUMDB":   {Name: "GOSUMDB", Value: "sum.golang.org", Source: SourceGoroot},
		"GOPRIVATE": {Name: "GOPRIVATE", Value: "corp.example", Source: SourceEnv},
		"GONOPROXY": {Name: "GONOPROXY", Value: "corp.example", Source: SourceDefault},
	}}
	v := ExportValuesOf(s)
	want := ExportValues{
		GOPROXY: "https://goproxy.cn,direct", GOSUMDB: "sum.golang.org", GOPRIVATE: "corp.example", GONOPROXY: "corp.example",
		Set: map[string]bool{"GOPROXY": true, "GOSUMDB": false, "GOPRIVATE": true, "GONOPROXY": false, "GONOSUMDB": false},
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got %+v\nwant %+v", v, want)
	}
}

func TestRedactValueOfEveryKey(t *testing.T) {
	for _, tc := range []struct{ key, in, want string }{
		{"GOSUMDB", "sum.golang.org https://bob:pw9@sumdb.corp.example", "sum.golang.org https://bob:xxxxx@sumdb.corp.example"},
		{"GOSUMDB", "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ufvm5HlxMVLg3O https://tok@s.example/", "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ufvm5HlxMVLg3O https://xxxxx@s.example/"},
		{"GOSUMDB", "sum.golang.org", "sum.golang.org"},
		{"GOPROXY", "https://a:b@x.example|https://y.example,direct", "https://a:xxxxx@x.example|https://y.example,direct"},
		{"GOPRIVATE", "corp.example/*,*.internal", "corp.example/*,*.internal"},
	} {
		if got := RedactValue(tc.in); got != tc.want {
			t.Errorf("RedactValue(%q) of %s = %q, want %q", tc.in, tc.key, got, tc.want)
		}
	}
}
