package mirrors

import (
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

func TestCheckPatterns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		list    string
		codes   []string // warnings, in order
		errPart string
	}{
		{"", nil, ""},
		{"corp.example.com,github.com/corp/*", nil, ""},
		{"*.corp.example.com,,rsc.io/private/", nil, ""},
		{"corp.example.com, github.com/corp", []string{"space"}, ""},
		{"github.com/Corp", []string{"upper-case"}, ""},
		{"https://corp.example.com", []string{"scheme"}, ""},
		{" Corp.example.com", []string{"space", "upper-case"}, ""},
		{"corp.example.com,github.com/[corp", nil, `pattern 2 "github.com/[corp"`},
		{`corp\`, nil, "syntax error in pattern"},
	}
	for _, tt := range tests {
		issues, err := CheckPatterns(tt.list)
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("CheckPatterns(%q) error = %v, want ~%q", tt.list, err, tt.errPart)
			} else if zh := i18n.ZH.Error(err); !strings.Contains(zh, "模式") {
				t.Errorf("zh error not translated: %q", zh)
			}
			continue
		}
		if err != nil {
			t.Errorf("CheckPatterns(%q): %v", tt.list, err)
			continue
		}
		var codes []string
		for _, is := range issues {
			codes = append(codes, is.Code)
			if is.Reason == "" || is.Message(i18n.ZH) == is.Reason || !strings.Contains(is.Reason, is.Pattern) {
				t.Errorf("CheckPatterns(%q) issue %+v: reason missing, untranslated or not naming the pattern", tt.list, is)
			}
		}
		if strings.Join(codes, " ") != strings.Join(tt.codes, " ") {
			t.Errorf("CheckPatterns(%q) warnings = %v, want %v", tt.list, codes, tt.codes)
		}
	}
}

func TestMatchPatterns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		list, path string
		want       bool
	}{
		{"corp.example.com", "corp.example.com/x/y", true},
		{"corp.example.com", "corp.example.com", true},
		{"corp.example.com", "corp.example.community/x", false},
		{"*.corp.example.com", "git.corp.example.com/x", true},
		{"github.com/corp", "github.com/corp/lib", true},
		{"github.com/corp", "github.com/corporate/lib", false},
		{"github.com/corp/", "github.com/corp/lib", true}, // trailing slash ignored
		{"github.com/*/internal", "github.com/corp/internal/x", true},
		{"github.com/*/internal", "github.com/corp", false}, // too few elements
		{"GitHub.com/corp", "github.com/corp/lib", false},   // case-sensitive
		{" github.com/corp", "github.com/corp/lib", false},  // spaces are not trimmed
		{"a.example,,github.com/corp", "github.com/corp/lib", true},
		{"github.com/[corp", "github.com/[corp", false}, // a bad glob matches nothing
		{"", "github.com/corp", false},
	}
	for _, tt := range tests {
		if got := MatchPatterns(tt.list, tt.path); got != tt.want {
			t.Errorf("MatchPatterns(%q, %q) = %v, want %v", tt.list, tt.path, got, tt.want)
		}
	}
}

// A pattern with credentials (a URL pasted into GOPRIVATE) is never shown
// with them: not in the issue's Pattern, its message, nor a syntax error.
func TestCheckPatternsRedactsCredentials(t *testing.T) {
	t.Parallel()
	issues, err := CheckPatterns("https://carol:secret@git.corp.example/*")
	if err != nil || len(issues) != 1 {
		t.Fatalf("issues %v, err %v", issues, err)
	}
	if strings.Contains(issues[0].Pattern+issues[0].Reason+issues[0].Message(i18n.ZH), "secret") {
		t.Errorf("credentials shown: %+v", issues[0])
	}
	if !strings.Contains(issues[0].Reason, "carol:xxxxx@git.corp.example") {
		t.Errorf("reason %q", issues[0].Reason)
	}
	_, err = CheckPatterns("carol:secret@git.corp.example/[x")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("syntax error %v", err)
	}
}

func TestPatternConfirmation(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ list, want string }{
		{"corp.example.com/*,Git.Corp.example", ""}, // upper case can match: only a warning
		{"", ""},
		{"corp.example/[x", ""}, // a syntax error, reported by the validation
		{"https://corp.example.com", `GONOPROXY: pattern "https://corp.example.com" has a URL scheme`},
		{"corp.example.com, other.example", `GONOPROXY: pattern " other.example" contains white space`},
		{"https://bob:secret@a.example,b.example ", `pattern "https://bob:xxxxx@a.example" has a URL scheme: patterns are module path prefixes like corp.example.com/*, so it matches nothing; pattern "b.example " contains white space`},
		{"git@github.com:org/repo", `GONOPROXY: pattern "xxxxx@github.com:org/repo" holds a user name or credentials`},
		{"corp.example.com:8080/x", `GONOPROXY: pattern "corp.example.com:8080/x" has ':'`},
	} {
		err := PatternConfirmation("GONOPROXY", c.list)
		got := ""
		if err != nil {
			got = err.Error()
			if zh := i18n.ZH.Error(err); zh == got || strings.Contains(zh, "secret") {
				t.Errorf("%q: zh %q", c.list, zh)
			}
		}
		if c.want == "" && got != "" || !strings.Contains(got, c.want) || strings.Contains(got, "secret") {
			t.Errorf("PatternConfirmation(%q) = %q, want %q", c.list, got, c.want)
		}
	}
}

// The confirmation of a list with two unusable patterns wraps both issues,
// the second included (errors.As reaches it through "%w; %w").
func TestPatternConfirmationWrapsEveryIssue(t *testing.T) {
	err := PatternConfirmation("GOPRIVATE", "https://corp.example/*,corp example/*")
	if err == nil {
		t.Fatal("no confirmation for two unusable patterns")
	}
	var issues []string // the texts of the wrapped errors that wrap nothing
	for _, e := range leafErrors(err) {
		issues = append(issues, e.Error())
	}
	if len(issues) != 2 || !strings.Contains(issues[0], "https://corp.example/*") || !strings.Contains(issues[1], "corp example/*") {
		t.Errorf("wrapped issues = %q, want both patterns'", issues)
	}
}

// leafErrors lists the errors err wraps that wrap nothing, depth first.
func leafErrors(err error) []error {
	var ws []error
	switch e := err.(type) {
	case interface{ Unwrap() []error }:
		ws = e.Unwrap()
	case interface{ Unwrap() error }:
		if w := e.Unwrap(); w != nil {
			ws = []error{w}
		}
	}
	if len(ws) == 0 {
		return []error{err}
	}
	var out []error
	for _, w := range ws {
		out = append(out, leafErrors(w)...)
	}
	return out
}
