package mirrors

import (
	"strings"
	"testing"
)

func TestRedactURLHidesQueryValues(t *testing.T) {
	cases := map[string]string{
		"https://athens.corp/go?token=s3cret":                "https://athens.corp/go?token=xxxxx",
		"https://athens.corp/go?token=s3cret&region=cn#frag": "https://athens.corp/go?token=xxxxx&region=xxxxx#frag",
		"https://athens.corp/go?s3cret":                      "https://athens.corp/go?xxxxx",
		"https://alice:pw@athens.corp/?key=s3cret":           "https://alice:xxxxx@athens.corp/?key=xxxxx",
		"https://u:p?s3cret@athens.corp/x?k=s3cret":          "https://xxxxx@athens.corp/x?k=xxxxx",
		"athens.corp/go?key=s3cret":                          "athens.corp/go?key=xxxxx",
		"corp.example/a?c":                                   "corp.example/a?c", // a GOPRIVATE glob
		"https://athens.corp/go?":                            "https://athens.corp/go?",
	}
	for in, want := range cases {
		got := RedactURL(in)
		if got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
		if strings.Contains(got, "s3cret") {
			t.Errorf("RedactURL(%q) leaks a credential: %q", in, got)
		}
	}
}

func TestRedactListSplitsEveryValueShape(t *testing.T) {
	cases := map[string]string{
		"https://a:b@x.example|https://y.example?t=s3cret,direct": "https://a:xxxxx@x.example|https://y.example?t=xxxxx,direct",
		"sum.golang.org https://bob:s3cret@sumdb.corp.example":    "sum.golang.org https://bob:xxxxx@sumdb.corp.example",
		"corp.example/*,*.internal,git.corp/a?c":                  "corp.example/*,*.internal,git.corp/a?c",
		"https://goproxy.cn,direct":                               "https://goproxy.cn,direct",
	}
	for in, want := range cases {
		if got := RedactList(in); got != want {
			t.Errorf("RedactList(%q) = %q, want %q", in, got, want)
		}
	}
}
