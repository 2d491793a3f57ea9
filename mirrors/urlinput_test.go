package mirrors

import (
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

func TestCheckChainInput(t *testing.T) {
	t.Parallel()
	cat := Builtin()
	cases := []struct {
		in        string
		codes     []string // problem codes in order; nil: none
		entry     string   // Entry of the first problem
		forceable bool
		contains  string // in the first problem's English message
	}{
		{in: "goproxy.cn,direct"},
		{in: "https://goproxy.cm,direct"},             // written out: meant
		{in: "https://goproxy.cn/"},                   // a catalog URL
		{in: "mirrors.aliyun.com/goproxy/,direct"},    // a catalog URL without scheme
		{in: "corp.example.com|goproxy.cn"},           // far from every id
		{in: "https://bob:pw@athens.example.com,off"}, // https credentials are fine
		{in: "goproxy.cm,direct", codes: []string{"typo"}, entry: "goproxy.cm", contains: "did you mean goproxy.cn?"},
		{in: "goproxy.cn|aliyn", codes: []string{"typo"}, entry: "aliyn", contains: "did you mean aliyun?"},
		{in: "direct,goproxy.cn", codes: []string{"ignored"}, entry: "goproxy.cn", forceable: true, contains: "entry 2 \"goproxy.cn\" comes after direct"},
		{in: "goproxy.cn,off|aliyun,direct", codes: []string{"ignored", "ignored"}, entry: "aliyun", forceable: true, contains: "after off"},
		{in: "http://bob:secret@athens.example.com,direct", codes: []string{"insecure-credentials"}, entry: "http://bob:xxxxx@athens.example.com", forceable: true, contains: "refusing to pass credentials"},
		{in: "https://,direct", codes: []string{"no-host"}, entry: "https://", forceable: true, contains: "no Host"},
		{in: "", codes: []string{"empty"}, contains: "goproxytui use https://proxy.golang.org,direct"},
		{in: " , |", codes: []string{"empty"}, contains: "is not a reset"},
	}
	for _, c := range cases {
		got := CheckChainInput(c.in, cat)
		var codes []string
		for _, p := range got {
			codes = append(codes, p.Code)
		}
		if strings.Join(codes, " ") != strings.Join(c.codes, " ") {
			t.Errorf("CheckChainInput(%q) codes = %v, want %v (%v)", c.in, codes, c.codes, got)
			continue
		}
		if len(got) == 0 {
			continue
		}
		p := got[0]
		if c.codes[0] != "empty" && p.Entry != c.entry {
			t.Errorf("CheckChainInput(%q) entry = %q, want %q", c.in, p.Entry, c.entry)
		}
		if p.Forceable != c.forceable {
			t.Errorf("CheckChainInput(%q) forceable = %v", c.in, p.Forceable)
		}
		if !strings.Contains(p.Error(), c.contains) {
			t.Errorf("CheckChainInput(%q) = %q, want it to contain %q", c.in, p.Error(), c.contains)
		}
		if strings.Contains(p.Error(), "secret") || strings.Contains(p.Message(i18n.ZH), "secret") {
			t.Errorf("CheckChainInput(%q) shows the password: %q", c.in, p.Error())
		}
	}
}
