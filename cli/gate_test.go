package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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

// configPosRE finds the position config check gives.
var configPosRE = regexp.MustCompile(`config\.toml:(\d+):(\d+):`)

// checkValuePosition asserts that the error on stderr points at value v as
// written in doc: its line, and a column within the TOML string.
func checkValuePosition(t *testing.T, name, v, doc, stderr string) {
	t.Helper()
	q := tomlString(v)
	for i, line := range strings.Split(doc, "\n") {
		at := strings.Index(line, q)
		if at < 0 {
			continue
		}
		m := configPosRE.FindStringSubmatch(stderr)
		if m == nil {
			t.Errorf("%s %q: no position in %q", name, v, stderr)
			return
		}
		l, _ := strconv.Atoi(m[1])
		c, _ := strconv.Atoi(m[2])
		if l != i+1 || c < at+1 || c > at+len(q) {
			t.Errorf("%s %q: error at %d:%d, want line %d, columns %d-%d (the value): %q", name, v, l, c, i+1, at+1, at+len(q), stderr)
		}
		return
	}
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
			if e.doc != nil {
				checkValuePosition(t, e.name, in, e.doc(in), errOut)
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
		"ftp://x":                       "invalid proxy URL scheme",
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

// A duration gets one verdict, in one wording, from every duration flag
// and every duration of the config file (with the value's position).
func TestGateDurationEveryEntry(t *testing.T) {
	const want = "want a time greater than zero"
	inputs := map[string]string{}
	for _, v := range []string{"NaN", "-1s", "soon", "Inf", "5x"} {
		inputs[v] = `invalid duration "` + v + `": ` + want
	}
	flag := func(name string, args ...string) entry {
		return entry{strings.Join(args, " ") + " " + name, func(v string) []string { return append(slices.Clone(args), name, v) }, nil}
	}
	inConfig := func(table, key string) entry {
		return entry{"config check [" + table + "] " + key, func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "[" + table + "]\n" + key + " = " + tomlString(v) + "\n" }}
	}
	entries := []entry{
		flag("--timeout", "probe"),
		flag("--interval", "probe"),
		flag("--timeout", "use", "https://y.example"),
		flag("--timeout", "doctor"),
		flag("--timeout", "recommend"),
		flag("--timeout", "test"),
		flag("--hedge", "relay", "--listen", "127.0.0.1:0", "--chain", "https://y.example"),
		inConfig("probe", "timeout"),
		inConfig("probe", "interval"),
		inConfig("probe", "degraded_p95"),
		inConfig("relay", "ttfb_timeout"),
		inConfig("relay", "zip_timeout"),
		inConfig("relay", "hedge"),
	}
	n := checkRefusedEverywhere(t, inputs, entries)
	// 0 is no duration for a timeout; probe --interval 0 means no pause.
	n += checkRefusedEverywhere(t, map[string]string{"0s": `invalid duration "0s": ` + want},
		[]entry{entries[0], entries[2], entries[3], entries[7], entries[10]})
	t.Logf("%d inputs × entries tried", n)
}

// A theme and a language get one verdict from the flags, config check and
// every command reading the config file.
func TestGateThemeAndLanguageEveryEntry(t *testing.T) {
	fromConfig := func(key string, args ...string) entry {
		return entry{strings.Join(args, " ") + " with " + key, func(string) []string { return args },
			func(v string) string { return key + " = " + tomlString(v) + "\n" }}
	}
	n := checkRefusedEverywhere(t, map[string]string{
		"nosuch": `theme "nosuch": unknown (themes: `,
		"drak":   `theme "drak": unknown — did you mean dark?`,
	}, []entry{
		{"use --theme", func(v string) []string { return []string{"use", "https://y.example", "--force", "--theme", v} }, nil},
		{"mirrors --theme", func(v string) []string { return []string{"mirrors", "--theme", v} }, nil},
		fromConfig("theme", "mirrors"),
		fromConfig("theme", "use", "https://y.example", "--force"),
		fromConfig("theme", "config", "check"),
	})
	n += checkRefusedEverywhere(t, map[string]string{
		"xx": `language "xx": want en or zh`,
		"fr": `language "fr": want en or zh`,
	}, []entry{
		{"--lang", func(v string) []string { return []string{"--lang", v, "current"} }, nil},
		{"use --lang", func(v string) []string { return []string{"use", "https://y.example", "--force", "--lang", v} }, nil},
		fromConfig("language", "config", "check"),
		fromConfig("language", "mirrors"),
		fromConfig("language", "use", "https://y.example", "--force"),
	})
	t.Logf("%d inputs × entries tried", n)
}

// The [relay] table's pools and listen address are judged by config check
// and the relay alike, the error at the value, not at the [relay] line.
func TestGateRelayTableEveryEntry(t *testing.T) {
	relayConfig := func(key string) func(string) string {
		return func(v string) string { return "# relay\n[relay]\n" + key + v + "\n" }
	}
	entries := func(key string) []entry {
		return []entry{
			{"config check", func(string) []string { return []string{"config", "check"} }, relayConfig(key)},
			{"relay", func(string) []string {
				return []string{"relay", "--listen", "127.0.0.1:0", "--chain", "https://y.example"}
			}, relayConfig(key)},
		}
	}
	// The pool members are given as TOML here: checkValuePosition finds
	// the member's string in the line.
	n := checkRefusedEverywhere(t, map[string]string{
		"nosuch":         `unknown mirror "nosuch"`,
		"goproxy.cn:abc": `unknown mirror "goproxy.cn:abc"`,
		"goproxy.cn:-1":  `weight -1: want a number > 0`,
		"goproxy.cn:NaN": `weight NaN: want a number > 0`,
	}, []entry{
		{"config check", func(string) []string { return []string{"config", "check"} },
			func(v string) string { return "# relay\n[relay]\npools = [[" + tomlString(v) + "]]\n" }},
		{"relay", func(string) []string {
			return []string{"relay", "--chain", "https://y.example"}
		}, func(v string) string { return "# relay\n[relay]\npools = [[" + tomlString(v) + "]]\n" }},
	})
	listen := entries("listen = ")
	for i := range listen {
		doc := listen[i].doc
		listen[i].doc = func(v string) string { return doc(tomlString(v)) }
	}
	listen[1].args = func(string) []string { return []string{"relay", "--chain", "https://y.example"} }
	n += checkRefusedEverywhere(t, map[string]string{
		"bogus":           "want HOST:PORT",
		":abc":            "want a number from 0 to 65535",
		"127.0.0.1:99999": "want a number from 0 to 65535",
		"127.0.0.1:-1":    "want a number from 0 to 65535",
	}, listen)
	t.Logf("%d inputs × entries tried", n)
}
