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
	t.Parallel()
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
		{"a.test,direct", map[string]Outcome{"a.test": oNF, "direct": oOK}, Served, 1, []int{0, 1}, oOK, "falls back to direct"},
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

// go walks the chain once per file and takes any 200 for a .mod or .zip as
// final: a broken 200 fails the download at that entry whatever the
// separator, though '|' lets go skip its broken .info.
func TestSimulateDownloadPerFile(t *testing.T) {
	t.Parallel()
	garbage := Same(OutcomeBroken)
	badZip := Files{Info: oOK, Mod: oOK, Zip: OutcomeBroken}
	noInfo := Files{Info: oErr, Mod: oOK, Zip: oOK}
	tests := []struct {
		chain   string
		files   map[string]Files
		kind    VerdictKind
		index   int
		file    File
		outcome Outcome
		tried   []int
		reason  string
	}{
		// garbage|ok: ok serves the .info, garbage's .mod is final.
		{"a.test|b.test", map[string]Files{"a.test": garbage, "b.test": Same(oOK)}, Failed, 0, FileMod, OutcomeBroken, []int{0, 1}, "answers 200 with a broken .mod"},
		// garbage,ok: the broken .info is an error and ',' stops.
		{"a.test,b.test", map[string]Files{"a.test": garbage, "b.test": Same(oOK)}, Failed, 0, FileInfo, oErr, []int{0}, "the ',' after it stops"},
		// A mirror whose zip is broken fails the download even with '|'.
		{"a.test|b.test", map[string]Files{"a.test": badZip, "b.test": Same(oOK)}, Failed, 0, FileZip, OutcomeBroken, []int{0}, "broken .zip"},
		// After 404 the next mirror's broken zip fails too.
		{"a.test,b.test", map[string]Files{"a.test": Same(oNF), "b.test": badZip}, Failed, 1, FileZip, OutcomeBroken, []int{0, 1}, "broken .zip"},
		// A broken mirror after a serving one is never reached.
		{"a.test|b.test", map[string]Files{"a.test": Same(oOK), "b.test": garbage}, Served, 0, FileZip, oOK, []int{0}, "first entry"},
		// A failing .info moves on under '|'; the .mod and .zip come from
		// the first entry again.
		{"a.test|b.test", map[string]Files{"a.test": noInfo, "b.test": Same(oOK)}, Served, 0, FileZip, oOK, []int{0, 1}, "first entry"},
	}
	for _, tt := range tests {
		c, err := ParseChain(tt.chain, nil)
		if err != nil {
			t.Fatal(err)
		}
		v := SimulateDownload(c, func(i int, e Entry) Files {
			fs, ok := tt.files[e.Label()]
			if !ok {
				t.Errorf("%s: files asked for %s", tt.chain, e.Label())
			}
			return fs
		})
		if v.Kind != tt.kind || v.Index != tt.index || v.File != tt.file || v.Outcome != tt.outcome || !slices.Equal(v.Tried, tt.tried) {
			t.Errorf("SimulateDownload(%s, %v) = %v index %d file %v outcome %v tried %v; want %v %d %v %v %v",
				tt.chain, tt.files, v.Kind, v.Index, v.File, v.Outcome, v.Tried, tt.kind, tt.index, tt.file, tt.outcome, tt.tried)
		}
		if !strings.Contains(v.Reason, tt.reason) || v.Message(i18n.ZH) == v.Reason {
			t.Errorf("SimulateDownload(%s).Reason = %q (zh %q), want ~%q", tt.chain, v.Reason, v.Message(i18n.ZH), tt.reason)
		}
	}
}

func TestSimulateEmpty(t *testing.T) {
	t.Parallel()
	v := Simulate(Chain{}, func(int, Entry) Outcome { t.Error("outcome called"); return oOK })
	if v.Kind != Failed || v.Index != -1 || !strings.Contains(v.Reason, "contains no entries") {
		t.Errorf("Simulate(empty) = %+v", v)
	}
}

func TestVerdictKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[VerdictKind]string{Served: "served", Failed: "failed", Hangs: "hangs"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), want)
		}
	}
}

func TestUnusable(t *testing.T) {
	t.Parallel()
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
