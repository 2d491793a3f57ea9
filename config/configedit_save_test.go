package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// commentLines returns the comment lines of a TOML text.
func commentLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			out = append(out, l)
		}
	}
	return out
}

func TestSaveKeepingLayoutEditsInPlace(t *testing.T) {
	t.Parallel()
	in := strings.Replace(handConfig, "corp|goproxy.cn", "goproxy.cn", 1)
	p := writeConfig(t, in)
	c := mustLoad(t, p)
	// What the TUI does: a theme, a weight changed and one added, a
	// built-in hidden, a mirror removed and one added.
	c.Theme = "light"
	c.Language = "zh"
	c.Weights = map[string]float64{"goproxy.cn": 2, "aliyun": 0.5}
	c.Hidden = append(c.Hidden, "tencent")
	c.Mirrors = append(c.Mirrors[:2:2], Mirror{ID: "lab", URL: "https://lab.example"})
	if err := c.SaveKeepingLayout(p); err != nil {
		t.Fatal(err)
	}
	got := readString(t, p)
	if _, err := os.Stat(p + ".bak"); err == nil {
		t.Errorf("fell back to Save (a .bak was written):\n%s", got)
	}
	want := strings.NewReplacer(
		`theme   =   "dracula"   # the dark one`, `theme   =   "light"   # the dark one`,
		// A new top-level key goes after the last one.
		`hidden = [
  "baidu",   # never reachable from here
  "huawei",
]`, `hidden = ["baidu", "huawei", "tencent"]`+"\nlanguage = \"zh\"",
		"[[\"mirror\"]]\nid = \"corp2\"\nurl = \"https://corp2.example\"\n", "[[mirror]]\nid = 'lab'\nurl = 'https://lab.example'\n",
		`"goproxy.cn" = 1.5`+"\n", `"goproxy.cn" = 2.0`+"\naliyun = 0.5\n",
	).Replace(in)
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if after := mustLoad(t, p); !Equal(after, c) {
		t.Errorf("reloaded config differs:\n%+v\n%+v", after, c)
	}
	// Every comment but the one inside the replaced hidden list is kept.
	for _, cl := range commentLines(in) {
		if !strings.Contains(got, cl) && !strings.Contains(cl, "never reachable") {
			t.Errorf("comment lost: %q", cl)
		}
	}
}

func TestSaveKeepingLayoutPlacement(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		edit     func(c *Config)
		want     string
	}{
		{"theme above the first table and its comment", "# mine\n\n# weights\n[weights]\naliyun = 2.0\n", func(c *Config) { c.Theme = "dark" },
			"# mine\n\ntheme = \"dark\"\n\n# weights\n[weights]\naliyun = 2.0\n"},
		{"theme after the other top-level keys", "language = \"en\" # mine\n[probe]\ninterval = \"9s\"\n", func(c *Config) { c.Theme = "dark" },
			"language = \"en\" # mine\ntheme = \"dark\"\n[probe]\ninterval = \"9s\"\n"},
		{"theme in a file of comments", "# only this", func(c *Config) { c.Theme = "dark" }, "# only this\ntheme = \"dark\"\n"},
		{"weights table added at the end", "theme = \"x\"\n", func(c *Config) { c.Weights = map[string]float64{"goproxy.cn": 3, "aliyun": 1.5} },
			"theme = \"x\"\n\n[weights]\naliyun = 1.5\n\"goproxy.cn\" = 3.0\n"},
		{"weight removed, table kept", "[weights] # by id\naliyun = 2.0 # a\nbaidu = 3.0\n", func(c *Config) { delete(c.Weights, "aliyun") },
			"[weights] # by id\nbaidu = 3.0\n"},
		{"weight added to an empty table", "[weights]\n\n[probe]\n", func(c *Config) { c.Weights = map[string]float64{"baidu": 2} },
			"[weights]\nbaidu = 2.0\n\n[probe]\n"},
		{"CRLF", "# crlf\r\ntheme = \"x\"\r\n[weights]\r\naliyun = 2.0\r\n", func(c *Config) { c.Theme = "y"; c.Weights["baidu"] = 0.5 },
			"# crlf\r\ntheme = \"y\"\r\n[weights]\r\naliyun = 2.0\r\nbaidu = 0.5\r\n"},
		{"nothing changed", "# x\ntheme='dark'\n", func(*Config) {}, "# x\ntheme='dark'\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, tc.in)
			c := mustLoad(t, p)
			tc.edit(c)
			if err := c.SaveKeepingLayout(p); err != nil {
				t.Fatal(err)
			}
			if got := readString(t, p); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if _, err := os.Stat(p + ".bak"); err == nil {
				t.Error("fell back to Save")
			}
			if after := mustLoad(t, p); !Equal(after, c) {
				t.Errorf("reloaded config differs")
			}
		})
	}
}

// Changes it does not make in place go through Save: the file is
// rewritten, the commented old one kept as .bak, and the config is right.
func TestSaveKeepingLayoutFallsBack(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		edit     func(c *Config)
	}{
		{"a profile changed", "# mine\ntheme = \"x\"\n", func(c *Config) { c.Profiles["p"] = Profile{GOPROXY: "goproxy.cn"} }},
		{"a mirror edited", "# mine\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n", func(c *Config) { c.Mirrors[0].Note = "n" }},
		{"mirrors reordered", "# mine\n[[mirror]]\nid = \"a\"\nurl = \"https://a.example\"\n[[mirror]]\nid = \"b\"\nurl = \"https://b.example\"\n", func(c *Config) { c.Mirrors[0], c.Mirrors[1] = c.Mirrors[1], c.Mirrors[0] }},
		{"inline weights", "# mine\nweights = { aliyun = 2.0 }\n", func(c *Config) { c.Weights["aliyun"] = 3 }},
		{"inline mirrors", "# mine\nmirror = [{ id = \"a\", url = \"https://a.example\" }]\n", func(c *Config) { c.Mirrors = nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, tc.in)
			c := mustLoad(t, p)
			tc.edit(c)
			if err := c.SaveKeepingLayout(p); err != nil {
				t.Fatal(err)
			}
			if bak := readString(t, p+".bak"); bak != tc.in {
				t.Errorf("backup = %q", bak)
			}
			if !strings.HasPrefix(readString(t, p), savedHeader) {
				t.Error("not rewritten by Save")
			}
			if after := mustLoad(t, p); !Equal(after, c) {
				t.Errorf("reloaded config differs")
			}
		})
	}
}

func TestSaveKeepingLayoutRefusesInvalid(t *testing.T) {
	t.Parallel()
	in := "# mine\ntheme = \"x\"\n"
	p := writeConfig(t, in)
	c := mustLoad(t, p)
	c.Weights = map[string]float64{"nosuch": 2}
	if err := c.SaveKeepingLayout(p); err == nil {
		t.Fatal("saved an invalid config")
	}
	if got := readString(t, p); got != in {
		t.Errorf("file changed: %q", got)
	}
	// A missing file is created by Save.
	q := filepath.Join(t.TempDir(), "new", "config.toml")
	c = Default()
	c.Theme = "dark"
	if err := c.SaveKeepingLayout(q); err != nil {
		t.Fatal(err)
	}
	if mustLoad(t, q).Theme != "dark" {
		t.Error("new file wrong")
	}
}
