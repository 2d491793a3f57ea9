package mirrors

import (
	"net/url"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"https://goproxy.cn":                "https://goproxy.cn",
		"https://alice:s3cret@athens.corp/": "https://alice:xxxxx@athens.corp/",
		"https://tok3n@athens.corp/go":      "https://xxxxx@athens.corp/go",
		"alice:s3cret@athens.corp":          "alice:xxxxx@athens.corp",
		"https://a:b%zz@host/p":             "https://xxxxx@host/p",
		"http://user:pa@ss@weird.example/x": "http://user:xxxxx@weird.example/x",
	}
	for in, want := range cases {
		got := RedactURL(in)
		if got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
		if strings.Contains(got, "s3cret") || strings.Contains(got, "tok3n") {
			t.Errorf("RedactURL(%q) leaks a credential: %q", in, got)
		}
	}
}

func TestURLKey(t *testing.T) {
	t.Parallel()
	same := [][]string{
		{"https://goproxy.cn", "https://GOPROXY.CN/", "goproxy.cn", "https://u:p@goproxy.cn/"},
		{"https://mirrors.aliyun.com/goproxy/", "https://mirrors.Aliyun.com/goproxy"},
	}
	for _, group := range same {
		for _, u := range group[1:] {
			if URLKey(u) != URLKey(group[0]) {
				t.Errorf("URLKey(%q) = %q, want %q", u, URLKey(u), URLKey(group[0]))
			}
		}
	}
	if URLKey("http://goproxy.cn") == URLKey("https://goproxy.cn") {
		t.Error("http and https must differ")
	}
	if URLKey("https://goproxy.cn/A") == URLKey("https://goproxy.cn/a") {
		t.Error("path case matters")
	}
}

// The fast path of URLKey agrees with url.Parse wherever it answers.
func FuzzURLKey(f *testing.F) {
	for _, s := range []string{"https://goproxy.cn", "https://GOPROXY.CN/", "goproxy.cn", "http://h:8080/a/b/",
		"https://mirrors.aliyun.com/goproxy/", "h/a//b", "HTTPS://x.y/Z", "a:b", "https://h/a:b", "https:///p", "x/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		fast, ok := fastURLKey(u)
		if !ok {
			return
		}
		p, err := url.Parse(withScheme(strings.TrimSpace(u)))
		if err != nil {
			t.Fatalf("fastURLKey(%q) = %q, but url.Parse fails: %v", u, fast, err)
		}
		slow := strings.ToLower(p.Scheme) + "://" + strings.ToLower(p.Host) + strings.TrimRight(p.EscapedPath(), "/")
		if fast != slow {
			t.Fatalf("fastURLKey(%q) = %q, url.Parse gives %q", u, fast, slow)
		}
	})
}

func BenchmarkByURL(b *testing.B) {
	c := Builtin()
	for i := 0; i < b.N; i++ {
		if _, ok := c.ByURL("https://goproxy.bj.bcebos.com/"); !ok {
			b.Fatal("not found")
		}
	}
}

func TestRedactList(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"corp.example.com/*": "corp.example.com/*",
		"https://carol:pw@git.corp.example/*,other.example":    "https://carol:xxxxx@git.corp.example/*,other.example",
		"https://a.example|http://tok@b.example,direct":        "https://a.example|http://xxxxx@b.example,direct",
		"carol:pw@git.corp.example,dave:pw2@git2.corp.example": "carol:xxxxx@git.corp.example,dave:xxxxx@git2.corp.example",
	} {
		if got := RedactList(in); got != want {
			t.Errorf("RedactList(%q) = %q, want %q", in, got, want)
		}
	}
}
