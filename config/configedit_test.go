package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

// writeConfig writes data to a new config.toml in a temp dir.
func writeConfig(t *testing.T, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(data), 0o640); err != nil {
		t.Fatal(err)
	}
	return p
}

func readString(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustLoad(t *testing.T, p string) *Config {
	t.Helper()
	c, err := Load(p)
	if err != nil {
		t.Fatalf("Load after the edit:\n%v", err)
	}
	return c
}

// A realistic hand-written config: comments everywhere, odd spacing,
// quoted and spaced headers, inline tables, multi-line values, ids with a
// common prefix.
const handConfig = `# my goproxytui config
theme   =   "dracula"   # the dark one

hidden = [
  "baidu",   # never reachable from here
  "huawei",
]

# Your own mirrors. Only id and url are required.
[[mirror]]
id = "corp"                    # company Athens
url = 'https://athens.corp.example/'
  weight=2.5

# The staging Athens.
[[ mirror ]]
id="corp-staging"
# token rotates monthly
url = "https://u:tok@staging.corp.example"
note = """
two
lines"""
# private = true

[["mirror"]]
id = "corp2"
url = "https://corp2.example"

[weights]
"goproxy.cn" = 1.5

[profile.work]
goproxy = "corp|goproxy.cn,direct"
gosumdb = "sum.golang.org"

[probe]
interval = "10s" # slower
`

func TestAddConfigMirrorKeepsEveryByte(t *testing.T) {
	t.Parallel()
	p := writeConfig(t, handConfig)
	before := mustLoad(t, p)
	m := Mirror{ID: "lab", Name: `Lab "mirror" \ test`, URL: " https://lab.example/go ", Weight: 2, Private: true, Note: "tab\there, newline\nthere, bell\a"}
	if err := AddMirror(p, m); err != nil {
		t.Fatal(err)
	}
	got := readString(t, p)
	table := "[[mirror]]\nid = 'lab'\nname = 'Lab \"mirror\" \\ test'\nurl = 'https://lab.example/go'\nnote = \"tab\\there, newline\\nthere, bell\\u0007\"\nweight = 2.0\nprivate = true\n"
	// Right after the last [[mirror]] (its commented-out key included), the
	// blank line before [weights] kept.
	want := strings.Replace(handConfig, "url = \"https://corp2.example\"\n", "url = \"https://corp2.example\"\n\n"+table, 1)
	if got != want {
		t.Fatalf("file after add:\n%s\nwant:\n%s", got, want)
	}
	after := mustLoad(t, p)
	m.URL = strings.TrimSpace(m.URL)
	before.Mirrors = append(before.Mirrors, m)
	if !reflect.DeepEqual(after, before) {
		t.Errorf("reloaded config differs:\n got %+v\nwant %+v", after.Mirrors, before.Mirrors)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode not kept: %v %v", fi.Mode(), err)
	}
}

func TestAddConfigMirrorPlacement(t *testing.T) {
	t.Parallel()
	table := "[[mirror]]\nid = 'new'\nurl = 'https://new.example'\n"
	for _, tc := range []struct{ name, in, want string }{
		{"empty file", "", table},
		{"only comments, no final newline", "# hello", "# hello\n\n" + table},
		{"no mirror: at the end", "theme = \"x\"\n\n[probe]\ninterval = \"9s\"\n", "theme = \"x\"\n\n[probe]\ninterval = \"9s\"\n\n" + table},
		{"ends with a blank line", "theme = \"x\"\n\n", "theme = \"x\"\n\n" + table},
		{"last mirror at the end without newline", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n\n" + table},
		{"next header on the next line: no blank lines either", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n[weights]\na = 2.0\n", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n" + table + "[weights]\na = 2.0\n"},
		{"next header's comment stays with it", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n# the weights\n[weights]\na = 2.0\n", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n" + table + "# the weights\n[weights]\na = 2.0\n"},
		{"a note after a blank line is not the mirror's", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n\n# vim: ft=toml\n", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n\n" + table + "\n# vim: ft=toml\n"},
		{"mirrors between other tables", "[probe]\ninterval = \"9s\"\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n[recommend]\ndirect_last = false\n", "[probe]\ninterval = \"9s\"\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n" + table + "[recommend]\ndirect_last = false\n"},
		{"inline tables elsewhere", "weights = { \"goproxy.cn\" = 2.0, aliyun = 0.5 }\nprofile = { x = { goproxy = \"goproxy.cn\" } }\n", "weights = { \"goproxy.cn\" = 2.0, aliyun = 0.5 }\nprofile = { x = { goproxy = \"goproxy.cn\" } }\n\n" + table},
		{"a multi-line string that looks like a header", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\nnote = '''\n[weights]\n# not a comment\n'''\n[probe]\n", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\nnote = '''\n[weights]\n# not a comment\n'''\n" + table + "[probe]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, tc.in)
			if err := AddMirror(p, Mirror{ID: "new", URL: "https://new.example"}); err != nil {
				t.Fatal(err)
			}
			if got := readString(t, p); got != tc.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tc.want)
			}
			if c := mustLoad(t, p); c.Mirrors[len(c.Mirrors)-1].ID != "new" {
				t.Errorf("new mirror is not last: %+v", c.Mirrors)
			}
		})
	}
}

func TestAddConfigMirrorMissingFile(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "sub", "dir", "config.toml")
	m := Mirror{ID: "corp", URL: "https://u:secret@athens.corp.example/"}
	if err := AddMirror(p, m); err != nil {
		t.Fatal(err)
	}
	got := readString(t, p)
	if !strings.HasPrefix(got, savedHeader) || !strings.HasSuffix(got, "[[mirror]]\nid = 'corp'\nurl = 'https://u:secret@athens.corp.example/'\n") {
		t.Errorf("new file:\n%s", got)
	}
	if fi, err := os.Stat(p); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("a new file holding credentials must be 0600: %v %v", fi.Mode(), err)
	}
	want := Default()
	want.Mirrors = []Mirror{m}
	if c := mustLoad(t, p); !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v", c)
	}
}

func TestConfigEditCRLF(t *testing.T) {
	t.Parallel()
	in := "# crlf\r\ntheme = \"x\"\r\n\r\n[[mirror]]\r\nid = \"a\"\r\nurl = \"https://a.example\"\r\n\r\n[weights]\r\n\"goproxy.cn\" = 2.0\r\n"
	p := writeConfig(t, in)
	if err := AddMirror(p, Mirror{ID: "b", URL: "https://b.example"}); err != nil {
		t.Fatal(err)
	}
	want := "# crlf\r\ntheme = \"x\"\r\n\r\n[[mirror]]\r\nid = \"a\"\r\nurl = \"https://a.example\"\r\n\r\n[[mirror]]\r\nid = 'b'\r\nurl = 'https://b.example'\r\n\r\n[weights]\r\n\"goproxy.cn\" = 2.0\r\n"
	if got := readString(t, p); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if err := RemoveMirror(p, "a"); err != nil {
		t.Fatal(err)
	}
	want = "# crlf\r\ntheme = \"x\"\r\n\r\n[[mirror]]\r\nid = 'b'\r\nurl = 'https://b.example'\r\n\r\n[weights]\r\n\"goproxy.cn\" = 2.0\r\n"
	if got := readString(t, p); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if c := mustLoad(t, p); len(c.Mirrors) != 1 || c.Mirrors[0].ID != "b" {
		t.Errorf("mirrors = %+v", c.Mirrors)
	}
}

// go-toml refuses a byte order mark, and so does Load (and `config
// check`): an edit refuses such a file too, leaving it as it is, rather
// than produce a file that loads differently. Should Load learn to
// skip the mark, the edit keeps it.
func TestConfigEditBOM(t *testing.T) {
	t.Parallel()
	in := "\xEF\xBB\xBF# bom\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n"
	p := writeConfig(t, in)
	_, loadErr := Load(p)
	err := AddMirror(p, Mirror{ID: "b", URL: "https://b.example"})
	if loadErr != nil {
		if err == nil {
			t.Fatal("add accepted a file Load refuses")
		}
		var ce *Error
		if !errors.As(err, &ce) || ce.Line != 1 {
			t.Errorf("error is not the positioned load error: %v", err)
		}
		if got := readString(t, p); got != in {
			t.Error("file changed")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	want := in + "\n[[mirror]]\nid = 'b'\nurl = 'https://b.example'\n"
	if got := readString(t, p); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if err := RemoveMirror(p, "a"); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, p); got != "\xEF\xBB\xBF# bom\n\n[[mirror]]\nid = 'b'\nurl = 'https://b.example'\n" {
		t.Errorf("after remove: %q", got)
	}
}

// The lines of handConfig without the first, the middle or the last
// mirror.
func TestRemoveConfigMirror(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ id, cut string }{
		// The first mirror's leading comment introduces the list: it stays.
		// The blank line after the table stays too: it now separates that
		// comment from the next mirror's.
		{"corp", "[[mirror]]\nid = \"corp\"                    # company Athens\nurl = 'https://athens.corp.example/'\n  weight=2.5\n"},
		// Between two mirrors the comment above is the mirror's own; the
		// commented-out key at its end too.
		{"CORP-staging", "# The staging Athens.\n[[ mirror ]]\nid=\"corp-staging\"\n# token rotates monthly\nurl = \"https://u:tok@staging.corp.example\"\nnote = \"\"\"\ntwo\nlines\"\"\"\n# private = true\n\n"},
		{"corp2", "[[\"mirror\"]]\nid = \"corp2\"\nurl = \"https://corp2.example\"\n\n"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			in := strings.Replace(handConfig, "corp|goproxy.cn", "goproxy.cn", 1) // the profile names corp
			p := writeConfig(t, in)
			before := mustLoad(t, p)
			if err := RemoveMirror(p, tc.id); err != nil {
				t.Fatal(err)
			}
			want := strings.Replace(in, tc.cut, "", 1)
			if want == in {
				t.Fatal("test case does not match the input")
			}
			if got := readString(t, p); got != want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, want)
			}
			after := mustLoad(t, p)
			before.Mirrors = slices.DeleteFunc(before.Mirrors, func(m Mirror) bool { return strings.EqualFold(m.ID, tc.id) })
			if !reflect.DeepEqual(after, before) {
				t.Errorf("reloaded config differs: %+v", after.Mirrors)
			}
		})
	}
}

func TestRemoveConfigMirrorLayout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, id, want string }{
		{"only mirror", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n", "a", ""},
		{"last, trailing blank lines go", "theme = \"x\"\n\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n\n\n", "a", "theme = \"x\"\n"},
		{"last without final newline", "theme = \"x\"\n\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"", "a", "theme = \"x\"\n"},
		{"end-of-file note kept", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n\n# vim: ft=toml\n", "a", "# vim: ft=toml\n"},
		{"no blank lines at all", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n[[mirror]]\nid = \"b\"\nurl = \"https://b.example\"\n[probe]\n", "a", "[[mirror]]\nid = \"b\"\nurl = \"https://b.example\"\n[probe]\n"},
		{"comment touching the next header stays", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n# probe settings\n[probe]\n", "a", "# probe settings\n[probe]\n"},
		{"same id prefix: exactly the one", "[[mirror]]\nid = \"corp\"\nurl = \"https://a.example\"\n\n[[mirror]]\nid = \"corp-2\"\nurl = \"https://b.example\"\n\n[[mirror]]\nid = \"cor\"\nurl = \"https://c.example\"\n", "corp", "[[mirror]]\nid = \"corp-2\"\nurl = \"https://b.example\"\n\n[[mirror]]\nid = \"cor\"\nurl = \"https://c.example\"\n"},
		{"inline tables elsewhere", "weights = { \"goproxy.cn\" = 2.0 }\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n[[mirror]]\nid = \"b\"\nurl = \"https://b.example\"\n", "b", "weights = { \"goproxy.cn\" = 2.0 }\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, tc.in)
			if err := RemoveMirror(p, tc.id); err != nil {
				t.Fatal(err)
			}
			if got := readString(t, p); got != tc.want {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
			mustLoad(t, p)
		})
	}
}

// Refused edits name the problem and leave the file byte for byte as it
// was.
func TestConfigEditRefusals(t *testing.T) {
	t.Parallel()
	base := "# keep me\n[[mirror]]\nid = \"corp\"\nurl = \"https://corp.example\"\n\n[weights]\ncorp = 2.0\n\n[profile.p]\ngoproxy = \"corp,direct\"\n"
	for _, tc := range []struct {
		name string
		in   string
		op   func(p string) error
		want []string // substrings of the English error
	}{
		{"builtin id", base, func(p string) error {
			return AddMirror(p, Mirror{ID: "goproxy.cn", URL: "https://x.example"})
		}, []string{`"goproxy.cn"`, "built-in"}},
		{"builtin id other case", base, func(p string) error {
			return AddMirror(p, Mirror{ID: "GoProxy.CN", URL: "https://x.example"})
		}, []string{"built-in"}},
		{"existing id", base, func(p string) error { return AddMirror(p, Mirror{ID: "CORP", URL: "https://x.example"}) }, []string{`"corp" is already in`, "(line 2)"}},
		{"id with a space", base, func(p string) error { return AddMirror(p, Mirror{ID: "my corp", URL: "https://x.example"}) }, []string{"spaces"}},
		{"id with a comma", base, func(p string) error { return AddMirror(p, Mirror{ID: "a,b", URL: "https://x.example"}) }, []string{"','"}},
		{"keyword id", base, func(p string) error { return AddMirror(p, Mirror{ID: "direct", URL: "https://x.example"}) }, []string{"GOPROXY keywords"}},
		{"empty id", base, func(p string) error { return AddMirror(p, Mirror{URL: "https://x.example"}) }, []string{"id is missing"}},
		{"no url", base, func(p string) error { return AddMirror(p, Mirror{ID: "x"}) }, []string{"url is missing"}},
		{"ftp url", base, func(p string) error { return AddMirror(p, Mirror{ID: "x", URL: "ftp://x.example"}) }, []string{"scheme"}},
		{"credentials over http", base, func(p string) error {
			return AddMirror(p, Mirror{ID: "x", URL: "http://u:hunter2@x.example"})
		}, []string{"plain http", "u:xxxxx@"}},
		{"negative weight", base, func(p string) error {
			return AddMirror(p, Mirror{ID: "x", URL: "https://x.example", Weight: -1})
		}, []string{"weight -1"}},
		{"invalid UTF-8", base, func(p string) error {
			return AddMirror(p, Mirror{ID: "x", URL: "https://x.example", Name: "a\xffb"})
		}, []string{"UTF-8"}},
		{"broken file", base + "bogus = \n", func(p string) error { return AddMirror(p, Mirror{ID: "x", URL: "https://x.example"}) }, []string{"config.toml:11:9"}},
		{"unknown key in file", base + "[probe]\nbogus = 1\n", func(p string) error { return AddMirror(p, Mirror{ID: "x", URL: "https://x.example"}) }, []string{"unknown key"}},
		{"inline mirror array", "mirror = [{ id = \"a\", url = \"https://a.example\" }]\n", func(p string) error { return AddMirror(p, Mirror{ID: "x", URL: "https://x.example"}) }, []string{"inline array"}},
		{"remove from inline mirror array", "mirror = [{ id = \"a\", url = \"https://a.example\" }]\n", func(p string) error { return RemoveMirror(p, "a") }, []string{"inline array"}},
		{"remove builtin", base, func(p string) error { return RemoveMirror(p, "goproxy.cn") }, []string{"built-in", `hidden = ["goproxy.cn"]`}},
		{"remove typo", base, func(p string) error { return RemoveMirror(p, "copr") }, []string{`no mirror "copr"`, "did you mean corp?"}},
		{"remove unknown", base, func(p string) error { return RemoveMirror(p, "zzzzzz") }, []string{`no mirror "zzzzzz"`, "its mirrors: corp"}},
		{"remove from no mirrors", "theme = \"x\"\n", func(p string) error { return RemoveMirror(p, "zzzzzz") }, []string{"no [[mirror]] at all"}},
		{"remove a weighted mirror", base, func(p string) error { return RemoveMirror(p, "corp") }, []string{"still names it", "config.toml:7:8", "[weights]"}},
		{"remove a mirror a profile uses", strings.Replace(base, "[weights]\ncorp = 2.0\n", "", 1), func(p string) error { return RemoveMirror(p, "corp") }, []string{"still names it", "config.toml:8:11", `profile "p"`}},
		{"remove a hidden mirror", strings.Replace(strings.Replace(base, "[weights]\ncorp = 2.0\n", "", 1), "# keep me\n", "hidden = [\"corp\"]\n", 1), func(p string) error { return RemoveMirror(p, "corp") }, []string{"still names it", "config.toml:1:", "hidden"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, tc.in)
			err := tc.op(p)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error shows the password: %v", err)
			}
			// Every refusal has a Chinese version but go-toml's own
			// words (a syntax error), which the CLI shows as they are.
			zh := i18n.ZH.Error(err)
			var ce *Error
			if errors.As(err, &ce) && error(ce) == err {
				zh = ce.Text(i18n.ZH)
			}
			if zh == err.Error() && tc.name != "broken file" {
				t.Errorf("no zh translation: %q", zh)
			}
			if got := readString(t, p); got != tc.in {
				t.Errorf("file changed:\n%s", got)
			}
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".*tmp*"))
			if len(left) > 0 {
				t.Errorf("temp files left: %v", left)
			}
		})
	}
}

// Adding then removing gives the file back byte for byte, whatever its
// layout.
func TestConfigEditRoundTrip(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		handConfig,
		strings.ReplaceAll(handConfig, "\n", "\r\n"),
		"",
		"# only a comment\n",
		"theme = \"x\"\n\n[probe]\ninterval = \"9s\"\n",
		"[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n",
		"[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n[weights]\na = 2.0\n",
		"[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n\n# vim: ft=toml\n",
	} {
		p := writeConfig(t, in)
		if err := AddMirror(p, Mirror{ID: "zz-new", URL: "https://new.example", Weight: 0.25}); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if err := RemoveMirror(p, "zz-new"); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got := readString(t, p); got != in {
			t.Errorf("add+remove changed\n%q\ninto\n%q", in, got)
		}
	}
}

// The example config keeps its explanations through an add and a remove.
func TestConfigEditExample(t *testing.T) {
	t.Parallel()
	p := writeConfig(t, string(Example()))
	if err := AddMirror(p, Mirror{ID: "lab", URL: "https://lab.example"}); err != nil {
		t.Fatal(err)
	}
	got := readString(t, p)
	if !strings.Contains(got, "weight = 2.0\n# true: this is the upstream") || !strings.Contains(got, "private = true\n\n[[mirror]]\nid = 'lab'\nurl = 'https://lab.example'\n\n# Ranking weights of built-in") {
		t.Errorf("added in the wrong place:\n%s", got)
	}
	if err := RemoveMirror(p, "lab"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(readString(t, p)), Example()) {
		t.Error("add+remove changed the example")
	}
}

// Symlinks are followed (the link stays a link), as Save does.
func TestConfigEditSymlink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "goproxytui.toml")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config.toml")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := AddMirror(link, Mirror{ID: "a", URL: "https://a.example"}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a file")
	}
	if got := readString(t, real); !strings.HasPrefix(got, "# mine\n\n[[mirror]]") {
		t.Errorf("target = %q", got)
	}
}

// Arbitrary text in string fields survives the TOML quoting.
func FuzzAddConfigMirror(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "tab\t nl\n cr\r", "\x00\x1f\x7f", "'''", `"""`, "# not a comment", "中文 ✓", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := filepath.Join(t.TempDir(), "config.toml")
		m := Mirror{ID: "f", URL: "https://f.example", Name: s, Note: s}
		err := AddMirror(p, m)
		if err != nil {
			if !strings.Contains(err.Error(), "UTF-8") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		c := mustLoad(t, p)
		if len(c.Mirrors) != 1 || c.Mirrors[0] != m {
			t.Fatalf("%q came back as %+v", s, c.Mirrors)
		}
	})
}
