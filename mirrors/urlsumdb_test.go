package mirrors

import (
	"strings"
	"testing"
)

func TestSumDBURLWarning(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"sum.golang.org":       "",
		"off":                  "",
		"sum.golang.google.cn": "",
		"sum.golang.org https://sum.golang.google.cn":  "",
		"sum.golang.org file:///srv/sumdb":             "",
		"sum.golang.org https://":                      `GOSUMDB URL "https://": the go command accepts the value but cannot reach the checksum database there (it has no host)`,
		"sum.golang.org ftp://sum.example":             `(the go command fetches it only over https, http or file)`,
		"sum.golang.org sum.example.com":               `(it has no scheme: write https://)`,
		"sum.golang.org http://bob:secret@sum.example": `"http://bob:xxxxx@sum.example": the go command accepts the value but cannot reach the checksum database there (the go command refuses to send credentials over plain http)`,
		"bad+key": "", // ParseSumDB's error, not a warning
	} {
		got := ""
		if err := SumDBURLWarning(in); err != nil {
			got = err.Error()
		}
		if want == "" && got != "" || !strings.Contains(got, want) || strings.Contains(got, "secret") {
			t.Errorf("SumDBURLWarning(%q) = %q, want %q", in, got, want)
		}
	}
}
