package config

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Every kind of config error names the file, the line and column of the
// offending key or value, shows that line and puts a caret under the column.
// A configErrorCase is a config document and the error parsing it must give.
type configErrorCase struct {
	name, doc string
	line, col int
	msg       string // substring of Msg
}

// configErrorCases are config documents that parsing must refuse, each
// with the position and the words of its error.
func configErrorCases() []configErrorCase {
	return []configErrorCase{
		{"unknown top-level key", "theme = \"dark\"\ncolour = \"red\"\n", 2, 1, `unknown key "colour" (known here: theme, language, mirror, weights, hidden, profile, probe, recommend, relay)`},
		{"unknown probe key", "[probe]\ninterval = \"5s\"\n  intervall = \"5s\"\n", 3, 3, `unknown key "probe.intervall" (known here: interval, timeout, canary`},
		{"unknown mirror key", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\nurll = \"x\"\n", 4, 1, `unknown key "mirror.urll" (known here: id, name, url,`},
		{"unknown profile key", "[profile.x]\ngoproxy = \"direct\"\ngonosumdb = \"x\"\n", 3, 1, `unknown key "profile.x.gonosumdb" (known here: goproxy, gosumdb, goprivate)`},
		{"unknown table", "[probes]\ninterval = \"5s\"\n", 1, 2, `unknown table [probes]`},
		{"more unknown keys counted", "a = 1\nb = 2\nc = 3\n", 1, 1, `(and 2 more unknown keys)`},
		{"wrong type int", "[probe]\nconcurrency = \"four\"\n", 2, 15, "cannot decode TOML string"},
		{"wrong type bool", "[recommend]\ndirect_last = \"yes\"\n", 2, 15, "cannot decode TOML string"},
		{"wrong type weight", "[weights]\naliyun = \"2\"\n", 2, 10, "cannot decode TOML string"},
		{"dotted id unquoted", "[weights]\ngoproxy.cn = 2\n", 2, 9, `quote it`},
		{"syntax", "theme = \"dark\n", 1, 14, "new lines"},
		{"duplicate key", "theme = \"a\"\ntheme = \"b\"\n", 2, 1, "already defined"},
		{"duration unit", "[probe]\ntimeout = \"5x\"\n", 2, 11, `invalid duration "5x"`},
		{"duration number", "[probe]\ninterval = 5\n", 2, 12, `probe.interval: want a duration string such as "5s"`},
		{"duration zero number", "[probe]\ndegraded_p95 = 0\n", 2, 16, `probe.degraded_p95: want a duration string`},
		{"duration negative", "[probe]\ntimeout = \"-1s\"\n", 2, 11, `invalid duration "-1s": want a time greater than zero`},
		{"interval too short", "[probe]\ninterval = \"1ms\"\n", 2, 12, `at least 100ms`},
		{"bad canary", "[probe]\ncanary = \"rsc.io/quote\"\n", 2, 10, `want module@version`},
		{"bad canary version", "[probe]\ncanary = \"rsc.io/quote@latest\"\n", 2, 10, `probe.canary "rsc.io/quote@latest"`},
		{"concurrency -1", "[probe]\nconcurrency = -1\n", 2, 15, `probe.concurrency -1: want 0 (automatic`},
		{"concurrency 5000", "[probe]\nconcurrency = 5000\n", 2, 15, `or 1 to 1024`},
		{"loss > 1", "[probe]\ndegraded_loss = 1.5\n", 2, 17, `probe.degraded_loss 1.5`},
		{"loss nan", "[probe]\ndegraded_loss = nan\n", 2, 17, `probe.degraded_loss NaN`},
		{"language", "language = \"fr\"\n", 1, 12, `language "fr": want en or zh`},
		{"mirror bad scheme", "[[mirror]]\nid = \"corp\"\nurl = \"ftp://corp.example\"\n", 3, 7, `mirror "corp": url ftp://corp.example: invalid proxy URL scheme`},
		{"mirror creds over http", "[[mirror]]\nid = \"corp\"\nurl = \"http://u:secret@corp.example\"\n", 3, 7, `mirror "corp": url http://u:xxxxx@corp.example: credentials over plain http`},
		{"mirror bare word", "[[mirror]]\nid = \"corp\"\nurl = \"athens\"\n", 3, 7, `missing scheme`},
		{"mirror file host", "[[mirror]]\nid = \"corp\"\nurl = \"file://host/srv\"\n", 3, 7, `non-path elements`},
		{"mirror keyword url", "[[mirror]]\nid = \"corp\"\nurl = \"direct\"\n", 3, 7, `is a GOPROXY keyword`},
		{"mirror no url", "[[mirror]]\nid = \"corp\"\n", 1, 3, `mirror "corp": url is missing`},
		{"mirror no id", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n\n[[mirror]]\nurl = \"https://b.example\"\n", 5, 3, `[[mirror]] number 2: id is missing`},
		{"mirror duplicate id", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n[[mirror]]\nid = \"A\"\nurl = \"https://b.example\"\n", 5, 6, `mirror "A": duplicate id`},
		{"mirror builtin id", "[[mirror]]\nid = \"goproxy.cn\"\nurl = \"https://a.example\"\n", 2, 6, `taken by the built-in mirror "goproxy.cn"`},
		{"mirror id with comma", "[[mirror]]\nid = \"a,b\"\nurl = \"https://a.example\"\n", 2, 6, `cannot contain spaces`},
		{"mirror id keyword", "[[mirror]]\nid = \"off\"\nurl = \"https://a.example\"\n", 2, 6, `GOPROXY keywords`},
		{"mirror weight 0", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\nweight = 0\n", 4, 10, `mirror "a": weight 0: want a number > 0`},
		{"mirror weight negative", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\nweight = -1\n", 4, 10, `weight -1`},
		{"mirror weight twice", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\nweight = 2\n[weights]\na = 3\n", 6, 5, `weight set both`},
		{"inline mirror", "mirror = [{id = \"a\", url = \"https://a.example\"}, {id = \"a\", url = \"https://b.example\"}]\n", 1, 56, `duplicate id`},
		{"weight zero", "[weights]\n\"goproxy.cn\" = 0\n", 2, 16, `mirror "goproxy.cn": weight 0`},
		{"weight nan", "[weights]\naliyun = nan\n", 2, 10, `weight NaN`},
		{"weight inf", "[weights]\naliyun = inf\n", 2, 10, `weight +Inf`},
		{"weight unknown", "[weights]\nnope = 1\n", 2, 8, `[weights]: unknown mirror "nope"`},
		{"hidden unknown", "hidden = [\"baidu\", \"nope\"]\n", 1, 20, `hidden: unknown mirror "nope"`},
		{"profile empty", "[profile.x]\ngoproxy = \"\"\n", 1, 10, `profile "x" sets nothing`},
		{"profile bad goproxy entry", "[profile.x]\ngoproxy = \"goproxy.cn, ftp://x.example ,direct\"\n", 2, 24, `profile "x": goproxy: GOPROXY entry 2 "ftp://x.example": invalid proxy URL scheme`},
		{"profile unknown id", "[profile.x]\ngoproxy = 'nosuch|direct'\n", 2, 12, `GOPROXY entry 1 "nosuch"`},
		{"profile config id ok, bad later", "[[mirror]]\nid = \"corp\"\nurl = \"https://corp.example\"\n[profile.x]\ngoproxy = \"corp|athens\"\n", 5, 17, `GOPROXY entry 2 "athens"`},
		{"profile escaped string", "[profile.x]\ngoproxy = \"a.example,\\u0066tp://x\"\n", 2, 11, `GOPROXY entry 2`},
		{"profile bad gosumdb", "[profile.x]\ngosumdb = \"sum.example.com\"\n", 2, 11, `profile "x": gosumdb: GOSUMDB "sum.example.com"`},
		{"profile bad goprivate", "[profile.x]\ngoprivate = \"corp.example/[\"\n", 2, 13, `profile "x": goprivate: pattern 1`},
		{"mirror url with comma", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example,off\"\n", 3, 25, `mirror "a": url https://a.example,off contains ",": GOPROXY splits its entries at ',' and '|'`},
		{"mirror url with pipe", "[[mirror]]\nid = \"a\"\nurl = \"https://u:hunt2@a.example|goproxy.cn\"\n", 3, 33, `contains "|"`},
		{"profile newline", "[profile.x]\ngoproxy = \"a\\nb\"\n", 2, 11, `cannot contain a newline`},
		// The gate's verdicts, the same as use gives.
		{"profile goproxy typo", "[profile.x]\ngoproxy = \"goproxy.cm\"\n", 2, 11, `did you mean goproxy.cn?`},
		{"profile goproxy after direct", "[profile.x]\ngoproxy = \"direct,goproxy.cn\"\n", 2, 11, `comes after direct`},
		{"profile goproxy creds over http", "[profile.x]\ngoproxy = \"http://alice:secret@x.example\"\n", 2, 11, `never sends a request to it`},
		{"profile goproxy port only", "[profile.x]\ngoproxy = \"https://:443\"\n", 2, 11, `names a port but no host`},
		{"profile goproxy control", "[profile.x]\ngoproxy = \"goproxy.cn\\u009b31m\"\n", 2, 11, `control character U+009B`},
		{"profile goprivate creds", "[profile.x]\ngoprivate = \"u:secret@x.com/y\"\n", 2, 13, `holds a user name or credentials`},
		{"profile goprivate scheme", "[profile.x]\ngoprivate = \"https://u:secret@x.com/y\"\n", 2, 13, `has a URL scheme`},
		{"profile goprivate port", "[profile.x]\ngoprivate = \"corp.example.com:8080/x\"\n", 2, 13, `has ':'`},
		{"profile gosumdb control", "[profile.x]\ngosumdb = \"sum.golang.org\\u001b[2J\"\n", 2, 11, `control character U+001B`},
		{"profile name control", "[profile.\"a\\u001bb\"]\ngoproxy = \"direct\"\n", 1, 10, `control character U+001B`},
		{"relay pool unknown", "[relay]\npools = [[\"goproxy.cn\", \"nosuch\"]]\n", 2, 25, `relay.pools: unknown mirror "nosuch"`},
		{"relay pool typo", "[relay]\npools = [[\"goproxy.cm\"]]\n", 2, 11, `did you mean goproxy.cn?`},
		{"relay pool bad weight", "[relay]\npools = [[\"aliyun\"], [\"goproxy.cn:abc\"]]\n", 2, 23, `unknown mirror "goproxy.cn:abc"`},
		{"relay pool negative weight", "[relay]\npools = [[\"goproxy.cn:-1\"]]\n", 2, 11, `weight -1`},
		{"relay listen bogus", "[relay]\nlisten = \"bogus\"\n", 2, 10, `relay.listen: listen address "bogus": want HOST:PORT`},
		{"relay listen port", "[relay]\nlisten = \"127.0.0.1:99999\"\n", 2, 10, `from 0 to 65535`},
		{"mirror id control", "[[mirror]]\nid = \"x\\u001b]0;pwned\\u0007\"\nurl = \"https://a.example\"\n", 2, 6, `control character U+001B`},
		{"mirror url control", "[[mirror]]\nid = \"a\"\nurl = \"https://a.example/\\u001b[2J\"\n", 3, 7, `control character U+001B`},
		{"mirror url port only", "[[mirror]]\nid = \"a\"\nurl = \"https://:443\"\n", 3, 7, `no host`},
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	cases := configErrorCases()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig("/cfg/config.toml", []byte(tc.doc))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			if ce.File != "/cfg/config.toml" || ce.Line != tc.line || ce.Col != tc.col {
				t.Errorf("at %s:%d:%d, want %d:%d; error:\n%v", ce.File, ce.Line, ce.Col, tc.line, tc.col, err)
			}
			if !strings.Contains(ce.Msg, tc.msg) {
				t.Errorf("Msg %q, want it to contain %q", ce.Msg, tc.msg)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows a password:\n%v", err)
			}
			lines := strings.Split(err.Error(), "\n")
			want := fmt.Sprintf("/cfg/config.toml:%d:%d: ", tc.line, tc.col)
			if !strings.HasPrefix(lines[0], want) || len(lines) != 3 {
				t.Fatalf("Error() = %q, want %q, the line and a caret", err.Error(), want+"...")
			}
			docLine := redactLine(strings.Split(tc.doc, "\n")[tc.line-1])
			if !strings.HasSuffix(lines[1], "| "+docLine) {
				t.Errorf("line shown %q, want %q", lines[1], docLine)
			}
			// The caret sits under column col of the shown line.
			bar := strings.Index(lines[1], "| ") + 2
			if caret := strings.Index(lines[2], "^"); caret-bar != tc.col-1 {
				t.Errorf("caret at %d, want %d:\n%s", caret-bar+1, tc.col, err)
			}
		})
	}
}

func TestConfigErrorText(t *testing.T) {
	t.Parallel()
	_, err := parseConfig("c.toml", []byte("[probe]\nhistory = 0\n"))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatal(err)
	}
	if got := ce.Text(i18n.ZH); !strings.Contains(got, "c.toml:2:11: probe.history 0：至少应为 1") {
		t.Errorf("zh text:\n%s", got)
	}
	_, err = parseConfig("c.toml", []byte("[profile.x]\ngoproxy = \"ftp://x\"\n"))
	if !errors.As(err, &ce) {
		t.Fatal(err)
	}
	if got := ce.Text(i18n.ZH); !strings.Contains(got, "配置方案 \"x\"：goproxy：") {
		t.Errorf("zh profile text:\n%s", got)
	}
	// Control characters in the file cannot reach the terminal.
	_, err = parseConfig("c.toml", []byte("theme = \"x\"\n\x1b[31mbad = 1\n"))
	if err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("escape sequence shown: %q", err)
	}
	// A position-less error has just the file.
	e := &Error{File: "f", Msg: "m"}
	if e.Error() != "f: m" {
		t.Errorf("%q", e.Error())
	}
}

func TestLoadConfigMissingAndUnreadable(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(filepath.Join(dir, "none.toml"))
	if err != nil || !reflect.DeepEqual(c, Default()) {
		t.Errorf("missing file: %+v, %v", c, err)
	}
	if _, err := Load(dir); err == nil {
		t.Error("a directory loaded as config")
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	p, err := DefaultPath()
	if err != nil || !strings.HasSuffix(p, filepath.Join("goproxytui", "config.toml")) || !strings.HasPrefix(p, dir) {
		t.Errorf("DefaultPath = %q, %v", p, err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("theme = \"dracula\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := Load(""); err != nil || c.Theme != "dracula" {
		t.Errorf("Load(\"\") = %+v, %v", c, err)
	}
}

func TestDefaultsAndPartialFiles(t *testing.T) {
	t.Parallel()
	d := Default()
	if d.Probe.Interval.Duration != 5*time.Second || d.Probe.Timeout.Duration != 5*time.Second ||
		d.Probe.History != 300 || d.Probe.DownAfter != 2 || d.Probe.UpAfter != 2 ||
		!d.Recommend.DirectLast || d.Probe.Canary != DefaultCanary || !d.Probe.CheckList || !d.Probe.CheckSumDB {
		t.Errorf("defaults: %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
	c, err := parseConfig("c", []byte("[probe]\ntimeout = \"2s\"\n[profile.china]\ngoproxy = \"goproxy.io,direct\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Probe.Timeout = Duration{2 * time.Second}
	// A profile defined in the file replaces the default one as a whole.
	want.Profiles["china"] = Profile{GOPROXY: "goproxy.io,direct"}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
}

func TestLoadCatalogMerge(t *testing.T) {
	t.Parallel()
	c, err := parseConfig("c", []byte(`hidden = ["baidu", "Huawei"]
[[mirror]]
id = "corp"
url = "athens.corp.example:3000/go"
region = "corp"
weight = 3
[[mirror]]
id = "priv"
name = "Private"
url = "https://tok:secret@priv.example/"
[weights]
"goproxy.cn" = 2.5
priv = 0.5
`))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := LoadCatalog(c)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range cat.Mirrors {
		got = append(got, fmt.Sprintf("%s %s %v %s hidden=%v", m.ID, m.Name, m.Weight, m.Source, m.Hidden))
	}
	want := []string{
		"proxy.golang.org Go module mirror 1 builtin hidden=false",
		"goproxy.cn Goproxy China 2.5 builtin hidden=false",
		"goproxy.io GOPROXY.IO 1 builtin hidden=false",
		"aliyun Alibaba Cloud Go proxy 1 builtin hidden=false",
		"tencent Tencent Cloud Go proxy 1 builtin hidden=false",
		"huawei Huawei Cloud Go proxy 1 builtin hidden=true",
		"baidu Baidu Cloud Go proxy 1 builtin hidden=true",
		"corp corp 3 config hidden=false",
		"priv Private 0.5 config hidden=false",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merged:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m, _ := cat.ByID("corp"); m.URL != "https://athens.corp.example:3000/go" {
		t.Errorf("config URL not given its scheme: %q", m.URL)
	}
	if m, ok := cat.ByURL("https://PRIV.example"); !ok || m.ID != "priv" {
		t.Errorf("ByURL(config mirror) = %+v, %v", m, ok)
	}
	if m, ok := cat.ByID("baidu"); !ok || !m.Hidden {
		t.Error("hidden mirror not reachable by id")
	}
	var vis []string
	for _, m := range cat.Visible() {
		vis = append(vis, m.ID)
	}
	if strings.Join(vis, ",") != "proxy.golang.org,goproxy.cn,goproxy.io,aliyun,tencent,corp,priv" {
		t.Errorf("Visible = %v", vis)
	}
	if cat, err := LoadCatalog(nil); err != nil || len(cat.Mirrors) != len(mirrors.Builtin().Mirrors) {
		t.Errorf("LoadCatalog(nil) = %v, %v", cat, err)
	}
	bad := Default()
	bad.Weights["aliyun"] = math.NaN()
	if _, err := LoadCatalog(bad); err == nil {
		t.Error("LoadCatalog accepted a NaN weight")
	}
	bad = Default()
	bad.Hidden = []string{"nope"}
	if _, err := LoadCatalog(bad); err == nil {
		t.Error("LoadCatalog accepted an unknown hidden id")
	}
}

// The example in the repository is what `config example` prints; it
// decodes, sets every key of Config, and shows the defaults.
func TestExampleConfig(t *testing.T) {
	t.Parallel()
	file, err := os.ReadFile("config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if string(file) != string(Example()) {
		t.Fatal("Example differs from config.example.toml")
	}
	c, err := parseConfig("config.example.toml", file)
	if err != nil {
		t.Fatalf("example does not decode:\n%v", err)
	}
	idx, err := indexKeys(file)
	if err != nil {
		t.Fatal(err)
	}
	// Every field of Config, reached through the example's first mirror and
	// profile entries, is a key of the file.
	var missing []string
	var walk func(tp reflect.Type, path []string)
	walk = func(tp reflect.Type, path []string) {
		for i := 0; i < tp.NumField(); i++ {
			name := tomlName(tp.Field(i))
			if name == "" {
				continue
			}
			p := append(append([]string(nil), path...), name)
			ft := tp.Field(i).Type
			switch {
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem(), append(p, "#0"))
				continue
			case ft.Kind() == reflect.Map && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem(), append(p, "corp"))
				continue
			case ft.Kind() == reflect.Struct && ft != reflect.TypeFor[Duration]():
				walk(ft, p)
				continue
			}
			if !idx.has(keyPath(p...)) {
				missing = append(missing, strings.Join(p, "."))
			}
		}
	}
	walk(reflect.TypeFor[Config](), nil)
	if len(missing) > 0 {
		t.Errorf("keys missing from the example: %v", missing)
	}
	// Every key line is explained by a comment somewhere above it in its block.
	lines := strings.Split(string(file), "\n")
	for i, l := range lines {
		if strings.Contains(l, " = ") && !strings.HasPrefix(l, "#") {
			j := i - 1
			for j >= 0 && lines[j] != "" && !strings.HasPrefix(lines[j], "#") {
				j--
			}
			if j < 0 || !strings.HasPrefix(lines[j], "#") {
				t.Errorf("example line %d %q has no comment above it", i+1, l)
			}
		}
	}
	// The documented defaults are the real ones.
	def := Default()
	if c.Probe != def.Probe || c.Recommend != def.Recommend {
		t.Errorf("example probe/recommend %+v %+v differ from the defaults %+v %+v", c.Probe, c.Recommend, def.Probe, def.Recommend)
	}
	for name, p := range def.Profiles {
		if c.Profiles[name] != p {
			t.Errorf("example profile %q = %+v, default %+v", name, c.Profiles[name], p)
		}
	}
	if _, err := LoadCatalog(c); err != nil {
		t.Errorf("example does not merge: %v", err)
	}
}

func TestSave(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := Default()
	c.Language = "zh"
	c.Hidden = []string{"baidu"}
	c.Mirrors = []Mirror{{ID: "corp", URL: "https://u:p@corp.example/", Weight: 2}}
	c.Weights["aliyun"] = 0.5
	c.Profiles["corp"] = Profile{GOPROXY: "corp,direct", GOPRIVATE: "corp.example/*"}
	c.Probe.Interval = Duration{10 * time.Second}
	c.Recommend.DirectLast = false

	// New file: 0600 (URLs may hold credentials), round trip exact.
	path := filepath.Join(dir, "sub", "config.toml")
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new file mode %v, %v", fi.Mode(), err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", back, c)
	}
	data, _ := os.ReadFile(path)
	// Only what differs from the defaults is written.
	for _, s := range []string{"china", "global", "timeout", "history", "canary"} {
		if strings.Contains(string(data), s) {
			t.Errorf("default %q written:\n%s", s, data)
		}
	}
	if hasComment(data[len(savedHeader):]) {
		t.Error("canonical file has comments of its own")
	}

	checkSaveKeepsModeAndLink(t, c, dir)

	// A commented file is kept as .bak before it is rewritten.
	commented := filepath.Join(dir, "commented.toml")
	orig := "# my notes\ntheme = \"x\"\n"
	os.WriteFile(commented, []byte(orig), 0o600)
	if err := c.Save(commented); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(commented + ".bak"); err != nil || string(b) != orig {
		t.Errorf("backup %q, %v", b, err)
	}
	// Saving our own file again makes no backup.
	os.Remove(path + ".bak")
	c.Theme = "light"
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".bak"); err == nil {
		t.Error("backup made of goproxytui's own file")
	}

	// An invalid config is refused and the file left alone.
	before, _ := os.ReadFile(path)
	c.Weights["aliyun"] = -1
	if err := c.Save(path); err == nil {
		t.Error("invalid config saved")
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("file changed by a refused save")
	}
}

// checkSaveKeepsModeAndLink saves c over an existing file through a
// symlink in dir: the file keeps its mode, the symlink stays, no backup
// of a file without comments and no temp file is left.
func checkSaveKeepsModeAndLink(t *testing.T, c *Config, dir string) {
	// An existing file keeps its mode; a symlink is followed and kept.
	real := filepath.Join(dir, "real.toml")
	if err := os.WriteFile(real, []byte("theme = \"x\"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(real, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink("real.toml", link); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(link); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("symlink replaced by a file")
	}
	if fi, err := os.Stat(real); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode not kept: %v %v", fi.Mode(), err)
	}
	if back, err := Load(real); err != nil || !reflect.DeepEqual(back, c) {
		t.Errorf("through symlink: %+v %v", back, err)
	}
	if _, err := os.Stat(real + ".bak"); err == nil {
		t.Error("backup made of a file without comments")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temp file left: %s", e.Name())
		}
	}
}

func TestDurationText(t *testing.T) {
	t.Parallel()
	var d Duration
	if err := d.UnmarshalText([]byte("1m30s")); err != nil || d.Duration != 90*time.Second {
		t.Errorf("%v %v", d, err)
	}
	if b, _ := d.MarshalText(); string(b) != "1m30s" {
		t.Errorf("MarshalText %q", b)
	}
	if err := d.UnmarshalText([]byte("soon")); err == nil {
		t.Error("accepted soon")
	}
}

// parseConfig never panics, and every error it returns is positioned inside
// the document when it has a position.
func FuzzParseConfig(f *testing.F) {
	f.Add(string(Example()))
	f.Add("[profile.x]\ngoproxy = \"goproxy.cn, ftp://x.example ,direct\"\n")
	f.Add("[[mirror]]\nid = \"a\"\nurl = \"http://u:p@a.example\"\n")
	f.Add("mirror = [{id = \"a\", url = \"https://a.example\"}]\nhidden = [\"a\", 'b']\n")
	f.Add("[probe]\ninterval = 5\ntimeout = \"\"\"5s\"\"\"\n")
	f.Fuzz(func(t *testing.T, doc string) {
		_, err := parseConfig("f.toml", []byte(doc))
		var ce *Error
		if err == nil || !errors.As(err, &ce) {
			return
		}
		lines := strings.Count(doc, "\n") + 1
		if ce.Line > lines || ce.Line < 0 || ce.Line > 0 && ce.Col < 1 {
			t.Errorf("position %d:%d outside a %d-line document", ce.Line, ce.Col, lines)
		}
		_ = ce.Text(i18n.ZH)
	})
}

// A UTF-8 byte order mark (Windows editors write one) is accepted, and
// positions count from after it, as editors show the line; UTF-16 is named.
func TestConfigBOM(t *testing.T) {
	t.Parallel()
	c, err := parseConfig("c.toml", []byte("\xEF\xBB\xBFtheme = \"dark\"\n"))
	if err != nil || c.Theme != "dark" {
		t.Fatalf("BOM: %v %+v", err, c)
	}
	_, err = parseConfig("c.toml", []byte("\xEF\xBB\xBFlanguage = \"fr\"\n"))
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 1 || ce.Col != 12 {
		t.Errorf("BOM error position: %v", err)
	}
	_, err = parseConfig("c.toml", []byte("\xff\xfet\x00h\x00"))
	if err == nil || !strings.Contains(err.Error(), "UTF-16 byte order mark: save it as UTF-8") {
		t.Errorf("UTF-16: %v", err)
	}
}

// The config is capped like every other input.
func TestLoadConfigSizeAndKind(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, append([]byte("theme = \"dark\"\n#"), bytes.Repeat([]byte("x"), MaxSize)...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "larger than 1024 KiB") {
		t.Errorf("big: %v", err)
	}
}

// LoadWithThemes checks the theme with the names given, at the theme's
// position, naming the nearest after a typo.
func TestLoadConfigThemes(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "c.toml")
	names := []string{"dark", "light", "mono"}
	for doc, want := range map[string]string{
		"language = \"en\"\ntheme = \"drak\"\n": `c.toml:2:9: theme "drak": unknown — did you mean dark?`,
		"theme = \"neon\"\n":                    `c.toml:1:9: theme "neon": unknown (themes: dark, light, mono; empty for automatic)`,
		"theme = \"mono\"\n":                    "",
		"language = \"en\"\n":                   "",
	} {
		if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadWithThemes(p, names)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("%q: %q, want %q", doc, got, want)
		}
		if _, err := Load(p); err != nil {
			t.Errorf("Load checks no theme: %v", err)
		}
	}
}

// A [[mirror]]'s port is checked by the gate as the TUI's new-mirror
// editor checks it: one that can never be dialled is refused at its value.
func TestConfigMirrorPortOutOfRange(t *testing.T) {
	t.Parallel()
	_, err := parseConfig("c.toml", []byte("[[mirror]]\nid = \"corp\"\nurl = \"https://corp.example:99999\"\n"))
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 3 || !strings.Contains(err.Error(), `mirror "corp": url https://corp.example:99999: port 99999: want a number from 1 to 65535`) {
		t.Errorf("port 99999: %v", err)
	}
}
