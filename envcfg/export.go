package envcfg

import (
	"fmt"
	"io"
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// ExportFormat is a language that Export writes the settings in.
type ExportFormat string

// The export formats.
const (
	ExportSh            ExportFormat = "sh"             // POSIX shells: bash, zsh, dash, ksh
	ExportFish          ExportFormat = "fish"           // the fish shell
	ExportPowerShell    ExportFormat = "powershell"     // PowerShell (Windows PowerShell and pwsh)
	ExportDockerfile    ExportFormat = "dockerfile"     // ENV instructions of a Dockerfile
	ExportGitHubActions ExportFormat = "github-actions" // an env: block of a GitHub Actions workflow
	ExportGitLabCI      ExportFormat = "gitlab-ci"      // a variables: block of .gitlab-ci.yml
)

var exportFormats = []ExportFormat{ExportSh, ExportFish, ExportPowerShell, ExportDockerfile, ExportGitHubActions, ExportGitLabCI}

// exportAliases are other names people type for a format.
var exportAliases = map[string]ExportFormat{
	"bash": ExportSh, "zsh": ExportSh, "posix": ExportSh, "shell": ExportSh,
	"pwsh": ExportPowerShell, "ps": ExportPowerShell, "ps1": ExportPowerShell,
	"docker": ExportDockerfile, "containerfile": ExportDockerfile,
	"github": ExportGitHubActions, "gha": ExportGitHubActions, "actions": ExportGitHubActions,
	"gitlab": ExportGitLabCI, "gitlab-ci.yml": ExportGitLabCI,
}

// ExportKeys are the variables Export writes, in this order.
var ExportKeys = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB"}

// ExportFormats returns the format names, for help and completion.
func ExportFormats() []string {
	out := make([]string, len(exportFormats))
	for i, f := range exportFormats {
		out[i] = string(f)
	}
	return out
}

// ParseExportFormat returns the format named s (ignoring case; "bash",
// "zsh", "pwsh", "docker", "github", "gitlab" and a few more are accepted
// too). An unknown name is an error that suggests the nearest format.
func ParseExportFormat(s string) (ExportFormat, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, f := range exportFormats {
		if string(f) == k {
			return f, nil
		}
	}
	if f, ok := exportAliases[k]; ok {
		return f, nil
	}
	if near, ok := mirrors.Suggest(k, ExportFormats()); ok {
		return "", i18n.Errorf("unknown export format %q — did you mean %s?", s, near)
	}
	return "", i18n.Errorf("unknown export format %q (want one of: %s)", s, strings.Join(ExportFormats(), ", "))
}

// ExportValues are the settings to export.
type ExportValues struct {
	GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY, GONOSUMDB string
	// Set says which keys have a value of their own; a key that is false or
	// missing is left at the go command's default (see Export).
	Set map[string]bool
	// Lang is the language of the snippet's comment lines ("" = English).
	Lang i18n.Lang
}

// Get returns the value of key (one of ExportKeys).
func (v ExportValues) Get(key string) string {
	switch key {
	case "GOPROXY":
		return v.GOPROXY
	case "GOSUMDB":
		return v.GOSUMDB
	case "GOPRIVATE":
		return v.GOPRIVATE
	case "GONOPROXY":
		return v.GONOPROXY
	case "GONOSUMDB":
		return v.GONOSUMDB
	}
	return ""
}

// ExportValuesOf returns the effective settings of a snapshot: a key is
// Set when the OS environment or the go env file gives it a value, and
// left to the default when the value is the go command's own (built in or
// from $GOROOT/go.env, which the machine the snippet goes to has too).
func ExportValuesOf(s Snapshot) ExportValues {
	v := ExportValues{Set: map[string]bool{}}
	for _, k := range ExportKeys {
		x := s.Get(k)
		v.setValue(k, x.Value)
		v.Set[k] = x.Source == SourceEnv || x.Source == SourceFile
	}
	return v
}

func (v *ExportValues) setValue(key, val string) {
	switch key {
	case "GOPROXY":
		v.GOPROXY = val
	case "GOSUMDB":
		v.GOSUMDB = val
	case "GOPRIVATE":
		v.GOPRIVATE = val
	case "GONOPROXY":
		v.GONOPROXY = val
	case "GONOSUMDB":
		v.GONOSUMDB = val
	}
}

// Export writes v as a snippet in format f that carries the settings into
// a shell, a container image or a CI job:
//
//	sh           export GOPROXY='...'        (single quotes, ' as '\'')
//	fish         set -gx GOPROXY '...'       (\ and ' escaped with \)
//	powershell   $env:GOPROXY = '...'        (' doubled, curly quotes too)
//	dockerfile   ENV GOPROXY="..."           (\, " and $ escaped with \)
//	github-actions  env:\n  GOPROXY: "..."   (YAML; ${{ kept literal)
//	gitlab-ci    variables:\n  GOPROXY: "..." (YAML; $ written as $$)
//
// Keys not Set: the shell formats unset them (unset GOPROXY; set -e
// GOPROXY; Remove-Item Env:GOPROXY), so that pasting the snippet into a
// shell that exported other values gives the go command's defaults there
// too; the Dockerfile and CI formats leave them out, as a fresh image or
// job has no value to undo (and says so in a comment when nothing is set).
// A Set key with an empty value is written empty: for the go command an
// empty variable means "not set" too.
//
// Credentials in URLs (GOPROXY entries, the GOSUMDB URL, anything with
// user info in the patterns) are written as xxxxx unless showCredentials,
// and a comment line of the snippet then says that something was hidden.
// A value with a control character (newline, NUL, ...) is an error: go env
// refuses such values and no format here could carry all of them.
func Export(w io.Writer, f ExportFormat, v ExportValues, showCredentials bool) error {
	type kv struct{ key, val string }
	var set []kv
	var unset []string
	hidden := false
	for _, k := range ExportKeys {
		if !v.Set[k] {
			unset = append(unset, k)
			continue
		}
		val := v.Get(k)
		for _, r := range val {
			if r < 0x20 || r == 0x7f {
				return i18n.Errorf("%s: the value has a control character (%U): nothing exported", k, r)
			}
		}
		if !showCredentials {
			if r := RedactValue(val); r != val {
				val, hidden = r, true
			}
		}
		set = append(set, kv{k, val})
	}
	l := v.Lang
	var b strings.Builder
	if hidden {
		fmt.Fprintf(&b, "# %s\n", l.T("goproxytui: credentials are hidden as xxxxx; export with --show-credentials to include them"))
	}
	switch f {
	case ExportSh, ExportFish, ExportPowerShell:
		sf := shellForms[f]
		for _, e := range set {
			fmt.Fprintf(&b, sf.set, e.key, sf.quote(e.val))
		}
		for _, k := range unset {
			fmt.Fprintf(&b, sf.unset, k)
		}
	case ExportDockerfile:
		if len(set) == 0 {
			fmt.Fprintf(&b, "# %s\n", l.T("goproxytui: every setting is the go command's default: nothing to set"))
		}
		for _, e := range set {
			fmt.Fprintf(&b, "ENV %s=%s\n", e.key, dockerQuote(e.val))
		}
	case ExportGitHubActions, ExportGitLabCI:
		block, quote := "env", githubQuote
		if f == ExportGitLabCI {
			block, quote = "variables", gitlabQuote
		}
		if len(set) == 0 {
			fmt.Fprintf(&b, "# %s\n%s: {}\n", l.T("goproxytui: every setting is the go command's default: nothing to set"), block)
			break
		}
		fmt.Fprintf(&b, "%s:\n", block)
		for _, e := range set {
			fmt.Fprintf(&b, "  %s: %s\n", e.key, quote(e.val))
		}
	default:
		return i18n.Errorf("unknown export format %q (want one of: %s)", string(f), strings.Join(ExportFormats(), ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shellForms are how each shell sets (key, quoted value) and unsets (key)
// an environment variable.
var shellForms = map[ExportFormat]struct {
	set, unset string
	quote      func(string) string
}{
	ExportSh:         {"export %s=%s\n", "unset %s\n", ShellQuote},
	ExportFish:       {"set -gx %s %s\n", "set -e %s\n", fishQuote},
	ExportPowerShell: {"$env:%s = %s\n", "Remove-Item Env:%s -ErrorAction SilentlyContinue\n", psQuote},
}

// ShellQuote quotes s for a POSIX shell: inside single quotes nothing is
// special, and a ' is written as '\” (close, escaped quote, reopen). It
// is the one POSIX quoter: Export and every command goproxytui prints for
// a user to paste use it.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ShellWord is s as one POSIX shell word: s itself when it holds only
// characters no shell treats specially, else ShellQuote(s). Commands shown
// to a user read better without quotes where none are needed.
func ShellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r))
	}) < 0 {
		return s
	}
	return ShellQuote(s)
}

// fishQuote quotes s for fish: in single quotes only \ and ' are special,
// each escaped with a backslash.
func fishQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "'" + r.Replace(s) + "'"
}

// psQuote quotes s as a PowerShell verbatim string: nothing expands in
// single quotes, and a quote is doubled. PowerShell also takes the curly
// single quotes (U+2018, U+2019, U+201A, U+201B) as quote marks, so they
// are doubled too.
func psQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201A', '\u201B':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// dockerQuote quotes s as a double-quoted word of a Dockerfile ENV (with
// the default escape character \): there \ escapes ", $ and \ only, and
// $ would otherwise expand a build variable (buildkit's
// frontend/dockerfile/shell processDoubleQuote).
func dockerQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`)
	return `"` + r.Replace(s) + `"`
}

// yamlQuote quotes s as a YAML double-quoted scalar: \ and " escaped, and
// the characters YAML 1.1 parsers take as line breaks (NEL, LS, PS) or
// drop (BOM) written as escapes. Control characters never reach it.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\u0085', '\u2028', '\u2029', '\uFEFF':
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// githubQuote quotes s for an env: value of a GitHub Actions workflow:
// YAML, where ${{ would start an expression, so it is written as the
// expression of the literal string '${{'.
func githubQuote(s string) string {
	return yamlQuote(strings.ReplaceAll(s, "${{", "${{ '${{' }}"))
}

// gitlabQuote quotes s for a variables: value of .gitlab-ci.yml: YAML,
// where GitLab expands $VAR, so a literal $ is written $$.
func gitlabQuote(s string) string {
	return yamlQuote(strings.ReplaceAll(s, "$", "$$"))
}
