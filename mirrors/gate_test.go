package mirrors

import (
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
)

// verdict is what a gate function says of one input: accepted, refused
// (forceable: --force may write it anyway) or refused always.
type verdict int

const (
	accepted verdict = iota
	forceable
	refused
)

func (v verdict) String() string { return [...]string{"accepted", "forceable", "refused"}[v] }

func verdictOf(err error) verdict {
	switch {
	case err == nil:
		return accepted
	case IsForceable(err):
		return forceable
	}
	return refused
}

// gateCase is one input of one kind and the verdict the gate gives it.
type gateCase struct {
	in   string
	want verdict
	msg  string // substring of the English message ("" = any)
}

// checkGateCases runs check over cases and asserts each verdict, the
// message, a Chinese message that differs, and that no message holds a
// control character or the password "s3cret".
func checkGateCases(t *testing.T, kind string, cases []gateCase, check func(string) error) {
	t.Helper()
	for _, c := range cases {
		err := check(c.in)
		if got := verdictOf(err); got != c.want {
			t.Errorf("%s %q: %v (%v), want %v", kind, c.in, got, err, c.want)
			continue
		}
		if err == nil {
			continue
		}
		en, zh := err.Error(), i18n.ZH.Error(err)
		if !strings.Contains(en, c.msg) {
			t.Errorf("%s %q: message %q, want it to contain %q", kind, c.in, en, c.msg)
		}
		if zh == en {
			t.Errorf("%s %q: message %q has no Chinese translation", kind, c.in, en)
		}
		for _, m := range []string{en, zh} {
			if i, r := sanitize.FirstControl(m); i >= 0 {
				t.Errorf("%s %q: message %q holds %U", kind, c.in, m, r)
			}
			if strings.Contains(m, "s3cret") {
				t.Errorf("%s %q: message %q shows the password", kind, c.in, m)
			}
		}
	}
}

func TestCheckMirror(t *testing.T) {
	cat := testCatalog()
	checkGateCases(t, "mirror", []gateCase{
		{"goproxy.cn", accepted, ""},
		{"GOPROXY.CN", accepted, ""},
		{"https://goproxy.cn/", accepted, ""},
		{"https://goproxy.cm", accepted, ""}, // written out: taken as meant
		{"corp.example.com/goproxy", accepted, ""},
		{"file:///srv/goproxy", accepted, ""},
		{"goproxy.cm", refused, `unknown mirror "goproxy.cm" — did you mean goproxy.cn?`},
		{"goproxy.cn\u009b31m", refused, `control character U+009B`},
		{"https://\u202egoproxy.cn", refused, "U+202E"},
		{"x\x1b]0;pwned\a", refused, "U+001B"},
		{"goproxy.cn\x7f", refused, "U+007F"},
		{"goproxy.cn\xff", refused, "U+FFFD"},
		{"https://:443", refused, "no host"},
		{"https://", refused, "no host"},
		{"ftp://x.example", refused, "scheme"},
		{"file://host/srv", refused, "non-path"},
		{"http://alice:s3cret@x.example", refused, "credentials over plain http"},
		{"direct", refused, "keyword"},
		{"", refused, "empty"},
		{"nosuchword", refused, "`goproxytui mirrors` lists the ids"},
	}, func(s string) error { _, err := CheckMirror(s, cat); return err })
}

func TestCheckChain(t *testing.T) {
	cat := testCatalog()
	checkGateCases(t, "chain", []gateCase{
		{"goproxy.cn,direct", accepted, ""},
		{"https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct", accepted, ""},
		{"off", accepted, ""},
		{"https://alice:s3cret@x.example", accepted, ""},
		{"goproxy.cm", refused, "did you mean goproxy.cn?"},
		{"goproxy.cm,direct", refused, "did you mean goproxy.cn?"},
		{"direct,goproxy.cn", forceable, "comes after direct"},
		{"off|goproxy.cn", forceable, "comes after off"},
		{"http://alice:s3cret@x.example", forceable, "never sends a request"},
		{"https://:443", refused, "names a port but no host"},
		{"http://", forceable, "add the host"},
		{"", refused, "empty GOPROXY is not a reset"},
		{" , | ", refused, "empty GOPROXY is not a reset"},
		{"ftp://x.example", refused, "invalid proxy URL scheme"},
		{"athens", refused, "missing scheme"},
		{"file://host/x", refused, "non-path elements"},
		{"goproxy.cn\u009b31m", refused, "U+009B"},
		{"https://\u202egoproxy.cn,direct", refused, "U+202E"},
		{"https://x.example/\x1b[2J", refused, "U+001B"},
	}, func(s string) error { _, err := CheckChain(s, cat); return err })
}

func TestCheckChainExpands(t *testing.T) {
	got, err := CheckChain("goproxy.cn|aliyun,direct", testCatalog())
	if err != nil || got != "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct" {
		t.Fatalf("CheckChain = %q, %v", got, err)
	}
}

func TestCheckSumDB(t *testing.T) {
	checkGateCases(t, "gosumdb", []gateCase{
		{"sum.golang.org", accepted, ""},
		{"off", accepted, ""},
		{"sum.golang.google.cn", accepted, ""},
		{"sum.golang.org https://goproxy.cn/sumdb/sum.golang.org", accepted, ""},
		{"", refused, "missing GOSUMDB"},
		{"a b c", refused, "too many fields"},
		{"nosuch.example", refused, "invalid GOSUMDB"},
		{"sum.golang.org ftp://x", forceable, "only over https, http or file"},
		{"sum.golang.org http://u:s3cret@x.example", forceable, "credentials over plain http"},
		{"sum.golang.org\x1b[2J", refused, "U+001B"},
	}, CheckSumDB)
}

func TestCheckPatternList(t *testing.T) {
	checkGateCases(t, "patterns", []gateCase{
		{"corp.example.com/*,*.internal", accepted, ""},
		{"", accepted, ""},
		{"Corp.example.com", accepted, ""}, // upper case can match: a warning only
		{"corp.example/[x", refused, "syntax error"},
		{"alice:s3cret@corp.example.com/*", forceable, "holds a user name or credentials"},
		{"https://u:s3cret@x.com/y", forceable, "has a URL scheme"},
		{"git@github.com:org/repo", forceable, "holds a user name or credentials"},
		{"corp.example.com:8080/x", forceable, "has ':'"},
		{"https://corp.example.com", forceable, "URL scheme"},
		{"corp.example.com, other.example", forceable, "white space"},
		{"corp.example.com\u202e", refused, "U+202E"},
	}, func(s string) error { return CheckPatternList("GOPRIVATE", s) })
}

func TestCheckListen(t *testing.T) {
	checkGateCases(t, "listen", []gateCase{
		{"127.0.0.1:7390", accepted, ""},
		{"127.0.0.1:0", accepted, ""},
		{"[::1]:7390", accepted, ""},
		{"localhost:65535", accepted, ""},
		{":9739", accepted, ""}, // every interface, said explicitly
		{"", refused, "empty"},
		{"  ", refused, "empty"},
		{"bogus", refused, "want HOST:PORT"},
		{":abc", refused, "want a number from 0 to 65535"},
		{"127.0.0.1:99999", refused, "want a number from 0 to 65535"},
		{"127.0.0.1:-1", refused, "want a number from 0 to 65535"},
		{"127.0.0.1:+80", refused, "want a number from 0 to 65535"},
		{"127.0.0.1:80\x1b[2J", refused, "U+001B"},
	}, CheckListen)
}

func TestCheckDuration(t *testing.T) {
	checkGateCases(t, "duration", []gateCase{
		{"5s", accepted, ""},
		{"1m30s", accepted, ""},
		{"0s", refused, "invalid duration"},
		{"-1s", refused, "invalid duration"},
		{"5", refused, "invalid duration"},
		{"NaN", refused, "invalid duration"},
		{"", refused, "invalid duration"},
		{"5s\x1b", refused, "U+001B"},
	}, func(s string) error { _, err := CheckDuration(s); return err })
}

func TestCheckTheme(t *testing.T) {
	themes := []string{"dark", "light", "dracula"}
	checkGateCases(t, "theme", []gateCase{
		{"", accepted, ""},
		{"dark", accepted, ""},
		{"drak", refused, "did you mean dark?"},
		{"nosuch", refused, "themes: dark, light, dracula"},
		{"dark\x1b", refused, "U+001B"},
	}, func(s string) error { return CheckTheme(s, themes) })
}

func TestCheckLanguage(t *testing.T) {
	checkGateCases(t, "language", []gateCase{
		{"", accepted, ""},
		{"en", accepted, ""},
		{"zh", accepted, ""},
		{"xx", refused, "want en or zh"},
		{"zh\x1b", refused, "want en or zh"},
	}, CheckLanguage)
}

func TestCheckProfileName(t *testing.T) {
	checkGateCases(t, "profile", []gateCase{
		{"china", accepted, ""},
		{"work-vpn", accepted, ""},
		{"", refused, "cannot be empty"},
		{"a b", refused, "cannot be empty or contain spaces"},
		{"a\tb", refused, "U+0009"},
		{"x\u202e", refused, "U+202E"},
	}, CheckProfileName)
}

// TestGateSameWords: the typo hint is the same whether the id is typed as
// a mirror or as an entry of a chain.
func TestGateSameWords(t *testing.T) {
	cat := testCatalog()
	_, merr := CheckMirror("goproxy.cm", cat)
	_, cerr := CheckChain("goproxy.cm", cat)
	hint := "did you mean goproxy.cn?"
	for _, err := range []error{merr, cerr} {
		if err == nil || !strings.Contains(err.Error(), hint) {
			t.Errorf("error %v, want it to contain %q", err, hint)
		}
	}
}

// FuzzGate: every gate function either accepts a value free of control
// characters or refuses it with a message that holds none, and never shows
// the password of a URL it is given.
func FuzzGate(f *testing.F) {
	for _, s := range []string{
		"goproxy.cn", "goproxy.cm", "https://:443", "direct,goproxy.cn", "alice:s3cret@corp.example.com/*",
		"git@github.com:org/repo", "127.0.0.1:99999", "bogus", "5s", "NaN", "x\x1b]0;pwned\a", "\u202e", "\xff",
		"sum.golang.org https://x", "a b c", "", "%zz", "[::1]:0",
	} {
		f.Add(s)
	}
	cat := testCatalog()
	themes := []string{"dark", "light"}
	f.Fuzz(func(t *testing.T, s string) {
		checks := map[string]func(string) error{
			"mirror":   func(s string) error { _, err := CheckMirror(s, cat); return err },
			"chain":    func(s string) error { _, err := CheckChain(s, cat); return err },
			"gosumdb":  CheckSumDB,
			"patterns": func(s string) error { return CheckPatternList("GOPRIVATE", s) },
			"listen":   CheckListen,
			"duration": func(s string) error { _, err := CheckDuration(s); return err },
			"theme":    func(s string) error { return CheckTheme(s, themes) },
			"language": CheckLanguage,
			"profile":  CheckProfileName,
		}
		for kind, check := range checks {
			err := check(s)
			if err == nil {
				if i, r := sanitize.FirstControl(s); i >= 0 {
					t.Fatalf("%s %q accepted with %U", kind, s, r)
				}
				continue
			}
			for _, m := range []string{err.Error(), i18n.ZH.Error(err)} {
				if i, r := sanitize.FirstControl(m); i >= 0 {
					t.Fatalf("%s %q: message %q holds %U", kind, s, m, r)
				}
			}
		}
		if expanded, err := CheckChain(s, cat); err == nil {
			if _, perr := ParseChain(expanded, cat); perr != nil {
				t.Fatalf("CheckChain(%q) accepted %q, which ParseChain refuses: %v", s, expanded, perr)
			}
		}
		for _, kind := range []string{"mirror", "chain", "patterns"} {
			withPW := "https://u:Zq9s3cret@" + s
			if kind == "patterns" {
				withPW = "u:Zq9s3cret@" + s
			}
			if err := checks[kind](withPW); err != nil && strings.Contains(err.Error(), "Zq9s3cret") {
				t.Fatalf("%s %q: message %q shows the password", kind, withPW, err)
			}
		}
	})
}

func TestRedactText(t *testing.T) {
	for in, want := range map[string]string{
		`go: example.com/m@v1.0.0: Get "https://alice:s3cret@x.example/m/@v/v1.0.0.info": dial tcp: refused`: `go: example.com/m@v1.0.0: Get "https://alice:xxxxx@x.example/m/@v/v1.0.0.info": dial tcp: refused`,
		"reading https://tok3n@x.example/a and http://u:s3cret@y.example:8080/b\n":                           "reading https://xxxxx@x.example/a and http://u:xxxxx@y.example:8080/b\n",
		"Get https://u:s3cret@x.example/p?a=b: 404":                                                          "Get https://u:xxxxx@x.example/p?a=xxxxx: 404",
		"a pattern: alice:s3cret@corp.example.com/*":                                                         "a pattern: alice:xxxxx@corp.example.com/*",
		`goprivate = "u:s3cret@x.com/y,git@github.com:org/repo"`:                                             `goprivate = "u:xxxxx@x.com/y,git@github.com:org/repo"`,
		"": "",
	} {
		if got := RedactText(in); got != want {
			t.Errorf("RedactText(%q) = %q, want %q", in, got, want)
		}
	}
}
