package mirrors

import (
	"slices"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

// outcomesByHost returns an outcome function that looks up each entry by
// its label in m; an entry not in m fails the test when it is asked.
func outcomesByHost(t *testing.T, m map[string]Outcome) func(int, Entry) Outcome {
	return func(i int, e Entry) Outcome {
		o, ok := m[e.Label()]
		if !ok {
			t.Errorf("outcome asked for entry %d %q, which the go command would not contact", i, e.Label())
		}
		return o
	}
}

const (
	oOK   = OutcomeOK
	oNF   = OutcomeNotFound
	oErr  = OutcomeError
	oHang = OutcomeHang
)

func TestSimulate(t *testing.T) {
	tests := []struct {
		chain    string
		outcomes map[string]Outcome
		kind     VerdictKind
		index    int
		tried    []int
		outcome  Outcome
		reason   string // part of the English reason
	}{
		{"a.test,b.test", map[string]Outcome{"a.test": oOK}, Served, 0, []int{0}, oOK, "first entry"},
		{"a.test,b.test", map[string]Outcome{"a.test": oNF, "b.test": oOK}, Served, 1, []int{0, 1}, oOK, "every entry before it"},
		// ',' stops at an error that is not a 404/410.
		{"a.test,b.test", map[string]Outcome{"a.test": oErr}, Failed, 0, []int{0}, oErr, "the ',' after it stops"},
		// '|' moves on after any error.
		{"a.test|b.test", map[string]Outcome{"a.test": oErr, "b.test": oOK}, Served, 1, []int{0, 1}, oOK, ""},
		// The last non-404 error wins over a later 404.
		{"a.test|b.test", map[string]Outcome{"a.test": oErr, "b.test": oNF}, Failed, 0, []int{0, 1}, oErr, "last one that was not a 404/410"},
		{"a.test|b.test|c.test", map[string]Outcome{"a.test": oErr, "b.test": oErr, "c.test": oNF}, Failed, 1, []int{0, 1, 2}, oErr, "from b.test"},
		{"a.test,b.test|c.test", map[string]Outcome{"a.test": oNF, "b.test": oErr, "c.test": oNF}, Failed, 1, []int{0, 1, 2}, oErr, ""},
		// All 404: the last 404 is reported.
		{"a.test,b.test,c.test", map[string]Outcome{"a.test": oNF, "b.test": oNF, "c.test": oNF}, Failed, 2, []int{0, 1, 2}, oNF, "last not-found"},
		// A oHang stops everything, whatever the separator.
		{"a.test|b.test", map[string]Outcome{"a.test": oHang}, Hangs, 0, []int{0}, oHang, "no timeout"},
		{"a.test,b.test|c.test", map[string]Outcome{"a.test": oNF, "b.test": oHang}, Hangs, 1, []int{0, 1}, oHang, ""},
		// direct's error wins over any proxy's, even a not-found from direct.
		{"a.test|direct", map[string]Outcome{"a.test": oErr, "direct": oNF}, Failed, 1, []int{0, 1}, oNF, "error from direct"},
		{"a.test,direct", map[string]Outcome{"a.test": oNF, "direct": oErr}, Failed, 1, []int{0, 1}, oErr, "error from direct"},
		{"a.test,direct", map[string]Outcome{"a.test": oNF, "direct": oOK}, Served, 1, []int{0, 1}, oOK, "direct serves"},
		{"a.test,direct", map[string]Outcome{"a.test": oErr}, Failed, 0, []int{0}, oErr, ""},
		// off: not asked; a not-found that only wins over other not-founds.
		{"off", nil, Failed, 0, []int{0}, oNF, "module lookup disabled by GOPROXY=off"},
		{"a.test,off", map[string]Outcome{"a.test": oNF}, Failed, 1, []int{0, 1}, oNF, "off ends the list"},
		{"a.test|off", map[string]Outcome{"a.test": oErr}, Failed, 0, []int{0, 1}, oErr, "from a.test"},
		// http:// with credentials: never contacted, an error.
		{"http://u:p@a.test,b.test", nil, Failed, 0, []int{0}, oErr, "refusing to pass credentials"},
		{"http://u:p@a.test|b.test", map[string]Outcome{"b.test": oNF}, Failed, 0, []int{0, 1}, oErr, "refusing to pass credentials"},
		{"http://u:p@a.test|b.test", map[string]Outcome{"b.test": oOK}, Served, 1, []int{0, 1}, oOK, ""},
		// An https URL without host: accepted by parsing, never requested.
		{"https://,b.test", nil, Failed, 0, []int{0}, oErr, "no Host in request URL"},
	}
	for _, tt := range tests {
		c, err := ParseChain(tt.chain, nil)
		if err != nil {
			t.Fatal(err)
		}
		v := Simulate(c, outcomesByHost(t, tt.outcomes))
		if v.Kind != tt.kind || v.Index != tt.index || !slices.Equal(v.Tried, tt.tried) || v.Outcome != tt.outcome {
			t.Errorf("Simulate(%s, %v) = %v index %d tried %v outcome %v; want %v %d %v %v",
				tt.chain, tt.outcomes, v.Kind, v.Index, v.Tried, v.Outcome, tt.kind, tt.index, tt.tried, tt.outcome)
		}
		if !strings.Contains(v.Reason, tt.reason) || v.Reason != v.Message(i18n.EN) {
			t.Errorf("Simulate(%s, %v).Reason = %q, want it to contain %q", tt.chain, tt.outcomes, v.Reason, tt.reason)
		}
		if zh := v.Message(i18n.ZH); zh == v.Reason {
			t.Errorf("Simulate(%s).Message(zh) not translated: %q", tt.chain, zh)
		}
	}
}

func TestSimulateEmpty(t *testing.T) {
	v := Simulate(Chain{}, func(int, Entry) Outcome { t.Error("outcome called"); return oOK })
	if v.Kind != Failed || v.Index != -1 || !strings.Contains(v.Reason, "contains no entries") {
		t.Errorf("Simulate(empty) = %+v", v)
	}
}

func TestVerdictKindString(t *testing.T) {
	for k, want := range map[VerdictKind]string{Served: "served", Failed: "failed", Hangs: "hangs"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), want)
		}
	}
}

func TestUnusable(t *testing.T) {
	tests := map[string]string{
		"https://goproxy.cn":     "",
		"https://u:p@goproxy.cn": "",
		"http://u:p@10.0.0.1":    ErrTextInsecureCreds,
		"http://token@10.0.0.1":  ErrTextInsecureCreds,
		"https://":               errTextNoHost,
		"https:///path":          errTextNoHost,
		"http://:8080":           "", // dials the local host
		"file:///srv/goproxy":    "",
		"localhost:3000":         "",
	}
	for in, want := range tests {
		c, err := ParseChain(in, nil)
		if err != nil {
			t.Fatalf("ParseChain(%q): %v", in, err)
		}
		if got := c.Entries[0].Unusable(); got != want {
			t.Errorf("Unusable(%q) = %q, want %q", in, got, want)
		}
	}
	for _, k := range []Kind{KindDirect, KindOff} {
		if got := (Entry{Kind: k}).Unusable(); got != "" {
			t.Errorf("Unusable(%v) = %q", k, got)
		}
	}
}
