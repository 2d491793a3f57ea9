package mirrors

import (
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

func TestSuggestID(t *testing.T) {
	t.Parallel()
	cat := Builtin()
	for _, tc := range []struct{ in, want string }{
		{"goproxy.cm", "goproxy.cn"},
		{"aliyn", "aliyun"},
		{"goproxy.ie", "goproxy.io"},
		{"proxy.golang.og", "proxy.golang.org"},
		{"GOPROXY.CN", "goproxy.cn"}, // case only
		{"goporxy.cn", "goproxy.cn"}, // one transposition is one edit
		{"tencnet", "tencent"},       // transposition
		{"huwaei", "huawei"},         // transposition
		{"baidoo", "baidu"},          // two edits
		{"goproxy.c", "goproxy.cn"},  // deletion
		{" aliyun ", "aliyun"},       // spaces around
		{"proxy.golang.orgg", "proxy.golang.org"},
		{"bidu", "baidu"}, // 4 characters: one edit allowed
		{"google", ""},
		{"athens", ""},
		{"xyz", ""},
		{"go", ""}, // too short: two edits is everything
		{"ba", ""},
		{"", ""},
		{"bdu", ""},   // 3 characters, two edits from baidu: too far
		{"gopro", ""}, // far from every id
	} {
		got, ok := cat.SuggestID(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("SuggestID(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestSuggestTiesAndDistance(t *testing.T) {
	t.Parallel()
	// goproxy.ix is one edit from both goproxy.io and goproxy.ia: the
	// earlier candidate wins, in either order.
	if got, _ := Suggest("goproxy.ix", []string{"goproxy.io", "goproxy.ia"}); got != "goproxy.io" {
		t.Errorf("tie went to %q, want the first candidate", got)
	}
	if got, _ := Suggest("goproxy.ix", []string{"goproxy.ia", "goproxy.io"}); got != "goproxy.ia" {
		t.Errorf("tie went to %q, want the first candidate", got)
	}
	// A nearer later candidate beats an earlier one.
	if got, _ := Suggest("abcdef", []string{"abcdxy", "abcdeg"}); got != "abcdeg" {
		t.Errorf("got %q, want the nearer abcdeg", got)
	}
	if _, ok := Suggest("abcdef", nil); ok {
		t.Error("suggested from no candidates")
	}
	// Non-ASCII is compared by rune, not by byte.
	if got, ok := Suggest("公司镜象", []string{"公司镜像"}); !ok || got != "公司镜像" {
		t.Errorf("got %q %v", got, ok)
	}
	for _, tc := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"ca", "ac", 1}, {"abc", "ca", 3}, // OSA, not full Damerau (which gives 2)
		{"goproxy.cn", "goproxy.cn", 0}, {"goproxy.cm", "goproxy.cn", 1},
	} {
		if got := osaDistance([]rune(tc.a), []rune(tc.b), 100); got != tc.d {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
		if got := osaDistance([]rune(tc.b), []rune(tc.a), 100); got != tc.d {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tc.b, tc.a, got, tc.d)
		}
		// The bound cuts the work short but never reports less than the
		// bound for a longer distance.
		if got := osaDistance([]rune(tc.a), []rune(tc.b), 1); tc.d >= 1 && got < 1 || tc.d == 0 && got != 0 {
			t.Errorf("bounded osaDistance(%q, %q) = %d", tc.a, tc.b, got)
		}
	}
}

func TestSuggestConfigMirrors(t *testing.T) {
	t.Parallel()
	cat := Builtin()
	cat.Mirrors = append(cat.Mirrors, Mirror{ID: "corp-athens", URL: "https://athens.corp.example", Weight: 1, Source: SourceConfig})
	if got, ok := cat.SuggestID("corp-athen"); !ok || got != "corp-athens" {
		t.Errorf("SuggestID over config mirrors = %q %v", got, ok)
	}
	if err := cat.UnknownMirror("goproxy.cm"); err == nil || err.Error() != `unknown mirror "goproxy.cm" — did you mean goproxy.cn?` {
		t.Errorf("UnknownMirror = %v", err)
	}
	if err := cat.UnknownMirror("zzzzzz"); err == nil || !strings.Contains(err.Error(), "goproxytui mirrors") {
		t.Errorf("UnknownMirror without suggestion = %v", err)
	}
	if msg := i18n.ZH.Error(cat.UnknownMirror("goproxy.cm")); !strings.Contains(msg, "goproxy.cn") || msg == cat.UnknownMirror("goproxy.cm").Error() {
		t.Errorf("zh = %q", msg)
	}
}

func BenchmarkSuggestID(b *testing.B) {
	cat := Builtin()
	for b.Loop() {
		cat.SuggestID("proxy.golang.og")
	}
}
