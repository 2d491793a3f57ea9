package mirrors

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
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
