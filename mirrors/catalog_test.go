package mirrors

import (
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

func TestBuiltinCatalog(t *testing.T) {
	t.Parallel()
	c := Builtin()
	want := map[string]string{
		"proxy.golang.org": "https://proxy.golang.org",
		"goproxy.cn":       "https://goproxy.cn",
		"goproxy.io":       "https://goproxy.io",
		"aliyun":           "https://mirrors.aliyun.com/goproxy/",
		"tencent":          "https://mirrors.cloud.tencent.com/go/",
		"huawei":           "https://mirrors.huaweicloud.com/repository/goproxy/",
		"baidu":            "https://goproxy.bj.bcebos.com/",
	}
	if len(c.Mirrors) != len(want) {
		t.Errorf("catalog has %d mirrors, want %d", len(c.Mirrors), len(want))
	}
	for _, m := range c.Mirrors {
		if want[m.ID] != m.URL {
			t.Errorf("mirror %q: URL %q, want %q", m.ID, m.URL, want[m.ID])
		}
		if m.Name == "" || m.Region == "" || m.Operator == "" || m.Note == "" {
			t.Errorf("mirror %q lacks name, region, operator or note: %+v", m.ID, m)
		}
		if strings.Contains(m.Note, "\n") {
			t.Errorf("mirror %q: note is not one line", m.ID)
		}
		if m.Source != SourceBuiltin || m.Weight != 1 || m.Hidden {
			t.Errorf("mirror %q: source %q weight %v hidden %v", m.ID, m.Source, m.Weight, m.Hidden)
		}
		z := c.Localize(m, i18n.ZH)
		if z.Note == m.Note || z.Name == "" {
			t.Errorf("mirror %q has no Chinese note", m.ID)
		}
		if c.Localize(m, i18n.EN) != m {
			t.Errorf("mirror %q: Localize(EN) changed it", m.ID)
		}
		for _, u := range []string{m.Homepage, m.StatusPage} {
			if u != "" && !strings.HasPrefix(u, "https://") {
				t.Errorf("mirror %q: page %q is not https", m.ID, u)
			}
		}
	}
	// Catalog order is the order of the file, proxy.golang.org first.
	if c.Mirrors[0].ID != "proxy.golang.org" {
		t.Errorf("first mirror %q", c.Mirrors[0].ID)
	}
	var kw []string
	for _, k := range c.Keywords {
		kw = append(kw, k.Name)
		if k.Note == "" || k.NoteIn(i18n.ZH) == k.Note {
			t.Errorf("keyword %q lacks a note in en or zh", k.Name)
		}
	}
	if strings.Join(kw, ",") != "direct,off" {
		t.Errorf("keywords %v", kw)
	}
	var dbs []string
	for _, s := range c.SumDBs {
		dbs = append(dbs, s.Name+"="+s.URL)
		if s.Note == "" || s.NoteIn(i18n.ZH) == s.Note {
			t.Errorf("sumdb %q lacks a note in en or zh", s.Name)
		}
	}
	if got := strings.Join(dbs, " "); got != "sum.golang.org=https://sum.golang.org sum.golang.google.cn=https://sum.golang.google.cn off=" {
		t.Errorf("sumdbs %s", got)
	}
	// Builtin returns a copy: changing it does not change the next one.
	c.Mirrors[0].ID = "changed"
	if Builtin().Mirrors[0].ID != "proxy.golang.org" {
		t.Error("Builtin shares its slice between calls")
	}
}

func TestParseCatalogRejects(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		"[[mirror]]\nid='a'\nname='A'\nurl='https://a.example'\nbogus=1\n",
		"[[mirror]]\nid='a'\nname='A'\nurl='ftp://a.example'\n",
		"[[mirror]]\nid='a'\nname='A'\nurl='https://a.example'\n[[mirror]]\nid='a'\nname='B'\nurl='https://b.example'\n",
		"[[mirror]]\nid='a'\nurl='https://a.example'\n",
	} {
		if _, err := parseCatalog([]byte(doc)); err == nil {
			t.Errorf("parseCatalog accepted:\n%s", doc)
		}
	}
}

func TestByIDAndByURL(t *testing.T) {
	t.Parallel()
	c := Builtin()
	for _, id := range []string{"aliyun", "Aliyun", "GOPROXY.CN", "proxy.golang.org"} {
		if _, ok := c.ByID(id); !ok {
			t.Errorf("ByID(%q) not found", id)
		}
	}
	if _, ok := c.ByID("nope"); ok {
		t.Error("ByID(nope) found")
	}
	cases := []struct{ url, id string }{
		{"https://goproxy.cn", "goproxy.cn"},
		{"https://goproxy.cn/", "goproxy.cn"},
		{"goproxy.cn", "goproxy.cn"},
		{"https://GoProxy.CN", "goproxy.cn"},
		{"  https://goproxy.cn/  ", "goproxy.cn"},
		{"https://user:secret@goproxy.cn", "goproxy.cn"},
		{"https://mirrors.aliyun.com/goproxy", "aliyun"},
		{"https://mirrors.aliyun.com/goproxy/", "aliyun"},
		{"HTTPS://MIRRORS.ALIYUN.COM/goproxy/", "aliyun"},
		{"mirrors.huaweicloud.com/repository/goproxy", "huawei"},
		{"https://goproxy.bj.bcebos.com", "baidu"},
		{"https://mirrors.aliyun.com/GOPROXY/", ""}, // paths are case-sensitive
		{"http://goproxy.cn", ""},                   // another scheme is another server
		{"https://goproxy.cn/x", ""},
		{"https://mirrors.aliyun.com", ""},
		{"", ""},
		{"direct", ""},
	}
	for _, tc := range cases {
		m, ok := c.ByURL(tc.url)
		if ok != (tc.id != "") || m.ID != tc.id {
			t.Errorf("ByURL(%q) = %q, %v; want %q", tc.url, m.ID, ok, tc.id)
		}
	}
	var nilCat *Catalog
	if _, ok := nilCat.ByURL("https://goproxy.cn"); ok {
		t.Error("nil catalog matched")
	}
}

func TestResolveMirror(t *testing.T) {
	t.Parallel()
	c := Builtin()
	cases := []struct {
		arg, id, url string
		src          Source
		err          string
	}{
		{"goproxy.cn", "goproxy.cn", "https://goproxy.cn", SourceBuiltin, ""},
		{"aliyun", "aliyun", "https://mirrors.aliyun.com/goproxy/", SourceBuiltin, ""},
		{"https://goproxy.io/", "goproxy.io", "https://goproxy.io", SourceBuiltin, ""},
		{"athens.corp.example:3000/go", "athens.corp.example:3000/go", "https://athens.corp.example:3000/go", SourceArg, ""},
		{"https://tok:pw@Athens.Example/go/", "athens.example/go", "https://tok:pw@Athens.Example/go/", SourceArg, ""},
		{"http://127.0.0.1:8080", "127.0.0.1:8080", "http://127.0.0.1:8080", SourceArg, ""},
		{"file:///srv/goproxy", "/srv/goproxy", "file:///srv/goproxy", SourceArg, ""},
		{"nosuchmirror", "", "", "", "not a catalog id or URL"},
		{"direct", "", "", "", "keyword"},
		{"ftp://x.example", "", "", "", "scheme"},
		{"http://u:secret@x.example", "", "", "", "plain http"},
		{"file://host/srv", "", "", "", "non-path"},
		{"", "", "", "", "empty"},
	}
	for _, tc := range cases {
		m, err := ResolveMirror(c, tc.arg)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ResolveMirror(%q) error %v, want %q", tc.arg, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("ResolveMirror(%q) error shows the password: %v", tc.arg, err)
			}
			continue
		}
		if err != nil || m.ID != tc.id || m.URL != tc.url || m.Source != tc.src {
			t.Errorf("ResolveMirror(%q) = %q %q %q, %v; want %q %q %q", tc.arg, m.ID, m.URL, m.Source, err, tc.id, tc.url, tc.src)
		}
		if strings.Contains(m.Name, "pw@") {
			t.Errorf("ResolveMirror(%q): name shows credentials: %q", tc.arg, m.Name)
		}
	}
}
