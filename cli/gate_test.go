package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/goproxytui/goproxytui/internal/sanitize"
)

// tomlString writes s as a TOML basic string, every control, bidi or
// non-ASCII character as \uXXXX.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r > unicode.MaxASCII || unicode.IsControl(r):
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// rawControl finds a line of out holding a character a terminal would act
// on (sanitize.FirstControl; a tab is taken as white space).
func rawControl(out string) (r rune, line string, found bool) {
	for _, line := range strings.Split(out, "\n") {
		if i, r := sanitize.FirstControl(strings.ReplaceAll(line, "\t", " ")); i >= 0 {
			return r, line, true
		}
	}
	return 0, "", false
}

// entry is one way a value reaches goproxytui: the arguments that give
// it (a config file written from doc, when doc is set).
type entry struct {
	name string
	args func(v string) []string
	doc  func(v string) string // the config file's text, "" for none
}

// checkRefusedEverywhere runs every input through every entry and asserts
// the same verdict: exit 2, the same words (want), no password, no raw
// control character on stderr, and the go env file unchanged.
func checkRefusedEverywhere(t *testing.T, inputs map[string]string, entries []entry) int {
	t.Helper()
	env := sandboxEnv(t)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	writeEnvFile(t, env, "GOPROXY=https://before.example\n")
	before := readEnvFile(t, env)
	tried := 0
	for in, want := range inputs {
		for _, e := range entries {
			args := e.args(in)
			if e.doc != nil {
				if err := os.WriteFile(cfg, []byte(e.doc(in)), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--config", cfg)
			} else {
				os.Remove(cfg)
				args = append(args, "--config", cfg) // no config file: the defaults
			}
			tried++
			out, errOut, code := runBin(t, env, args...)
			if code != 2 || !strings.Contains(errOut, want) {
				t.Errorf("%s %q: exit %d, stderr %q; want exit 2 saying %q", e.name, in, code, errOut, want)
			}
			if strings.Contains(out+errOut, "s3cret") {
				t.Errorf("%s %q: the output shows the password: %q", e.name, in, out+errOut)
			}
			if r, line, ok := rawControl(out + errOut); ok {
				t.Errorf("%s %q: the output holds %U raw: %q", e.name, in, r, line)
			}
			if got := readEnvFile(t, env); got != before {
				t.Fatalf("%s %q changed the go env file: %q", e.name, in, got)
			}
		}
	}
	return tried
}

// The same GOPROXY value gets the same verdict, in the same words, from use,
// export, relay --chain and a config profile (config check).
func TestGateChainEveryEntry(t *testing.T) {
	inputs := map[string]string{
		"goproxy.cm":                    "did you mean goproxy.cn?",
		"goproxy.cm,direct":             "did you mean goproxy.cn?",
		"direct,goproxy.cn":             "comes after direct",
		"http://alice:s3cret@x.example": "never sends a request to it",
		"https://:443":                  "names a port but no host",
		"goproxy.cn\u009b31m":           "control character U+009B",
		"https://\u202egoproxy.cn":      "control character U+202E",
		"goproxy.cn\x7f":                "control character U+007F",
		"x\x1b]0;pwned\a":               "control character U+001B",
		"ftp://x.example":               "invalid proxy URL scheme",
		"athens":                        "missing scheme",
	}
	n := checkRefusedEverywhere(t, inputs, []entry{
		{"use", func(v string) []string { return []string{"use", v} }, nil},
		{"export", func(v string) []string { return []string{"export", v} }, nil},
		{"relay --chain", func(v string) []string { return []string{"relay", "--listen", "127.0.0.1:0", "--chain", v} }, nil},
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "[profile.x]\ngoproxy = " + tomlString(v) + "\n" }},
	})
	t.Logf("%d inputs × entries tried", n)
}

// A mirror argument gets the same verdict from probe, exporter and the TUI.
func TestGateMirrorEveryEntry(t *testing.T) {
	inputs := map[string]string{
		"goproxy.cm":                "did you mean goproxy.cn?",
		"goproxy.cn\u009b31m":       "control character U+009B",
		"https://\u202egoproxy.cn":  "control character U+202E",
		"https://:443":              "no host",
		"ftp://x.example":           "invalid proxy URL scheme",
		"http://u:s3cret@x.example": "credentials over plain http",
	}
	n := checkRefusedEverywhere(t, inputs, []entry{
		{"probe", func(v string) []string { return []string{"probe", v} }, nil},
		{"exporter", func(v string) []string { return []string{"exporter", "--listen", "127.0.0.1:0", v} }, nil},
		{"tui", func(v string) []string { return []string{v} }, nil},
	})
	// A new mirror's id and URL, through add and a config [[mirror]].
	n += checkRefusedEverywhere(t, map[string]string{
		"x\x1b]0;pwned\a": "control character U+001B",
		"corp\u202e":      "control character U+202E",
	}, []entry{
		{"add", func(v string) []string { return []string{"add", v, "https://x.example"} }, nil},
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "[[mirror]]\nid = " + tomlString(v) + "\nurl = \"https://x.example\"\n" }},
	})
	n += checkRefusedEverywhere(t, map[string]string{
		"https://:443":              "no host",
		"https://x.example/\x1b[2J": "control character U+001B",
	}, []entry{
		{"add", func(v string) []string { return []string{"add", "corp", v} }, nil},
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "[[mirror]]\nid = \"corp\"\nurl = " + tomlString(v) + "\n" }},
	})
	t.Logf("%d inputs × entries tried", n)
}

// A pattern list that can match no module path is refused by use (unless
// --force, which the message names) and by config check.
func TestGatePatternsEveryEntry(t *testing.T) {
	inputs := map[string]string{
		"alice:s3cret@corp.example.com/*": "holds a user name or credentials",
		"git@github.com:org/repo":         "holds a user name or credentials",
		"corp.example.com:8080/x":         "has ':'",
		"https://corp.example.com":        "has a URL scheme",
		"corp.example.com\u202e":          "control character U+202E",
		"corp.example/[x":                 "syntax error",
	}
	n := checkRefusedEverywhere(t, inputs, []entry{
		{"use --private", func(v string) []string { return []string{"use", "--private", v} }, nil},
		{"use --noproxy", func(v string) []string { return []string{"use", "--noproxy", v} }, nil},
		{"use --nosumdb", func(v string) []string { return []string{"use", "--nosumdb", v} }, nil},
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "[profile.x]\ngoprivate = " + tomlString(v) + "\n" }},
	})
	t.Logf("%d inputs × entries tried", n)
}

// A listen address is checked before anything listens, by relay, exporter
// and config check ([relay] listen); the empty address is refused, not
// taken as every interface.
func TestGateListenEveryEntry(t *testing.T) {
	inputs := map[string]string{
		"bogus":               "want HOST:PORT",
		":abc":                "want a number from 0 to 65535",
		"127.0.0.1:99999":     "want a number from 0 to 65535",
		"127.0.0.1:-1":        "want a number from 0 to 65535",
		"127.0.0.1:80\x1b[2J": "control character U+001B",
	}
	entries := []entry{
		{"relay --listen", func(v string) []string {
			return []string{"relay", "--chain", "https://proxy.golang.org", "--listen", v}
		}, nil},
		{"exporter --listen", func(v string) []string { return []string{"exporter", "--listen", v} }, nil},
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "[relay]\nlisten = " + tomlString(v) + "\n" }},
	}
	n := checkRefusedEverywhere(t, inputs, entries)
	n += checkRefusedEverywhere(t, map[string]string{"": "empty: give HOST:PORT"}, entries[:2])
	t.Logf("%d inputs × entries tried", n)
}

// A theme, a GOSUMDB and a profile name get one verdict wherever given.
func TestGateOtherKindsEveryEntry(t *testing.T) {
	n := checkRefusedEverywhere(t, map[string]string{
		"nosuch": `theme "nosuch": unknown (themes: `,
		"drak":   `theme "drak": unknown — did you mean dark?`,
	}, []entry{
		{"current --theme", func(v string) []string { return []string{"current", "--theme", v} }, nil},
		{"tui --theme", func(v string) []string { return []string{"--theme", v} }, nil},
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "theme = " + tomlString(v) + "\n" }},
	})
	n += checkRefusedEverywhere(t, map[string]string{
		"a b c":                 "too many fields",
		"sum.golang.org\x1b[2J": "control character U+001B",
		"nosuch.example":        "invalid GOSUMDB",
	}, []entry{
		{"use --sumdb", func(v string) []string { return []string{"use", "--sumdb", v} }, nil},
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "[profile.x]\ngosumdb = " + tomlString(v) + "\n" }},
	})
	n += checkRefusedEverywhere(t, map[string]string{
		"a\u202eb": "control character U+202E",
	}, []entry{
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "[profile." + tomlString(v) + "]\ngoproxy = \"direct\"\n" }},
	})
	t.Logf("%d inputs × entries tried", n)
}

// What the user typed or the system named — a mirror id, a config id or
// URL, the go env file's path — is never echoed with its control
// characters: the value is refused, or shown sanitized.
func TestNothingRawReachesTheTerminal(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	// A go env file whose directory name holds an escape sequence.
	dir := filepath.Join(t.TempDir(), "env\x1b]0;pwned\a\x1b[2J")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	goenv := filepath.Join(dir, "go.env")
	if err := os.WriteFile(goenv, []byte("GOPROXY=off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, kv := range env {
		if strings.HasPrefix(kv, "GOENV=") {
			env[i] = "GOENV=" + goenv
		}
	}
	cfg := filepath.Join(t.TempDir(), "config.toml")
	tried := 0
	check := func(doc string, wantCode int, want string, args ...string) {
		t.Helper()
		tried++
		if err := os.WriteFile(cfg, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		out, errOut, code := runBin(t, env, append(args, "--config", cfg)...)
		if (wantCode >= 0 && code != wantCode) || !strings.Contains(out+errOut, want) {
			t.Errorf("%q: exit %d, want %d saying %q; out %q, stderr %q", args, code, wantCode, want, out, errOut)
		}
		if r, line, ok := rawControl(out + errOut); ok {
			t.Errorf("%q: the output holds %U raw: %q", args, r, line)
		}
	}
	// The escape sequences go, with the OSC's text: the path shows as .../env/go.env.
	shownPath := string(filepath.Separator) + "env" + string(filepath.Separator) + "go.env"
	check("", 0, "would change ", "use", "https://y.example", "--force", "--dry-run")
	check("", 0, shownPath, "use", "https://y.example", "--force", "--dry-run")
	check("", 0, shownPath, "env")
	check("", -1, shownPath, "doctor") // GOPROXY=off: nothing to probe
	check("", 0, shownPath, "use", "https://y.example", "--force")
	check("", 2, "control character U+007F", "use", "goproxy.cn\x7f")
	check("", 2, "control character U+001B", "add", "x\x1b]0;pwned\a", "https://x.example")
	bad := "[[mirror]]\nid = \"corp\\u001b[2J\"\nurl = \"https://x.example\"\n"
	for _, args := range [][]string{{"config", "check"}, {"mirrors"}, {"use", "corp"}, {"ls"}} {
		check(bad, 2, "control character U+001B", args...)
	}
	badURL := "[[mirror]]\nid = \"corp\"\nurl = \"https://x.example/\\u001b[2J\"\n"
	for _, args := range [][]string{{"config", "check"}, {"mirrors"}, {"use", "corp"}} {
		check(badURL, 2, "control character U+001B", args...)
	}
	if got, _ := os.ReadFile(goenv); string(got) != "GOPROXY=https://y.example\n" {
		t.Errorf("go env file %q: want only the forced use written", got)
	}
	t.Logf("%d commands tried", tried)
}
