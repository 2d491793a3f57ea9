package mirrors

import (
	"slices"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

// A verifier key generated for these tests (note.GenerateKey), not a real
// database's.
const testSumDBKey = "sum.corp.example+71d2a31e+Ad1k7vbOEgVx+rikDic6WGfXSpDa0TD0lbPN1RAXqacq"

func TestParseSumDB(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    SumDB
		wantStr string
	}{
		{"off", SumDB{Off: true}, "off"},
		{"sum.golang.org", SumDB{Name: "sum.golang.org", Key: sumGolangOrgKey}, "sum.golang.org"},
		{"  sum.golang.org\t", SumDB{Name: "sum.golang.org", Key: sumGolangOrgKey}, "sum.golang.org"},
		{sumGolangOrgKey, SumDB{Name: "sum.golang.org", Key: sumGolangOrgKey}, "sum.golang.org"},
		{"sum.golang.google.cn", SumDB{Name: "sum.golang.org", Key: sumGolangOrgKey, URL: "https://sum.golang.google.cn"}, "sum.golang.google.cn"},
		{"sum.golang.org https://sum.golang.google.cn", SumDB{Name: "sum.golang.org", Key: sumGolangOrgKey, URL: "https://sum.golang.google.cn"}, "sum.golang.google.cn"},
		{"sum.golang.org https://goproxy.cn/sumdb/sum.golang.org", SumDB{Name: "sum.golang.org", Key: sumGolangOrgKey, URL: "https://goproxy.cn/sumdb/sum.golang.org"}, "sum.golang.org https://goproxy.cn/sumdb/sum.golang.org"},
		{testSumDBKey, SumDB{Name: "sum.corp.example", Key: testSumDBKey}, testSumDBKey},
		{testSumDBKey + "  https://sumdb.corp.example/x", SumDB{Name: "sum.corp.example", Key: testSumDBKey, URL: "https://sumdb.corp.example/x"}, testSumDBKey + " https://sumdb.corp.example/x"},
	}
	for _, tt := range tests {
		got, err := ParseSumDB(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSumDB(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			continue
		}
		if s := got.String(); s != tt.wantStr {
			t.Errorf("ParseSumDB(%q).String() = %q, want %q", tt.in, s, tt.wantStr)
		}
		if again, err := ParseSumDB(got.String()); err != nil || again != got {
			t.Errorf("round trip of %q: %+v, %v", tt.in, again, err)
		}
	}
}

func TestParseSumDBRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, reason string }{
		{"", "missing GOSUMDB"},
		{"  ", "missing GOSUMDB"},
		// Only sum.golang.org has a built-in key.
		{"sum.example.com", "invalid GOSUMDB: malformed verifier id"},
		{"sum.golang.org+badkey", "invalid GOSUMDB: malformed verifier id"},
		// The alias and off are exact words, not trimmed.
		{" off", "invalid GOSUMDB: malformed verifier id"},
		{"sum.golang.google.cn ", "invalid GOSUMDB: malformed verifier id"},
		{"sum.golang.org https://a https://b", "invalid GOSUMDB: too many fields"},
		{"sum.golang.org https://u:secret@a%zz", "invalid GOSUMDB URL:"},
	}
	for _, tt := range tests {
		_, err := ParseSumDB(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("ParseSumDB(%q) error = %v, want ~%q", tt.in, err, tt.reason)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("error shows credentials: %v", err)
		}
		if zh := i18n.ZH.Error(err); !strings.Contains(zh, "：") {
			t.Errorf("zh error not translated: %q", zh)
		}
	}
}

func TestDirectURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"off":                  "",
		"sum.golang.org":       "https://sum.golang.org",
		"sum.golang.google.cn": "https://sum.golang.google.cn",
	} {
		db, err := ParseSumDB(in)
		if err != nil || db.DirectURL() != want {
			t.Errorf("ParseSumDB(%q).DirectURL() = %q, %v; want %q", in, db.DirectURL(), err, want)
		}
	}
}

func TestRouteSumDB(t *testing.T) {
	t.Parallel()
	golang, _ := ParseSumDB("sum.golang.org")
	tests := []struct {
		chain     string
		db        SumDB
		supported map[string]Outcome
		kind      RouteKind
		index     int
		url       string
		tried     []int
		reason    string
	}{
		{"goproxy.cn,direct", golang, map[string]Outcome{"goproxy.cn": oOK}, ViaProxy, 0, "https://goproxy.cn/sumdb/sum.golang.org", []int{0}, "proxies the checksum database"},
		{"https://proxy.golang.org/,direct", golang, map[string]Outcome{"https://proxy.golang.org/": oNF}, Direct, -1, "https://sum.golang.org", []int{0, 1}, "connects to https://sum.golang.org directly"},
		{"a.test,b.test", golang, map[string]Outcome{"a.test": oNF, "b.test": oOK}, ViaProxy, 1, "https://b.test/sumdb/sum.golang.org", []int{0, 1}, ""},
		{"a.test,b.test", golang, map[string]Outcome{"a.test": oNF, "b.test": oNF}, Direct, -1, "https://sum.golang.org", []int{0, 1}, ""},
		// ',' after an error: unavailable, no fallback to direct.
		{"a.test,direct", golang, map[string]Outcome{"a.test": oErr}, Unavailable, 0, "", []int{0}, "unavailable"},
		// '|' after an error, then direct: direct's not-found wins, go connects directly.
		{"a.test|direct", golang, map[string]Outcome{"a.test": oErr}, Direct, -1, "https://sum.golang.org", []int{0, 1}, ""},
		// '|' after an error, then off or a 404: the error outranks the not-found.
		{"a.test|off", golang, map[string]Outcome{"a.test": oErr}, Unavailable, 0, "", []int{0, 1}, ""},
		{"a.test|b.test", golang, map[string]Outcome{"a.test": oErr, "b.test": oNF}, Unavailable, 0, "", []int{0, 1}, ""},
		{"a.test|b.test", golang, map[string]Outcome{"a.test": oErr, "b.test": oOK}, ViaProxy, 1, "https://b.test/sumdb/sum.golang.org", []int{0, 1}, ""},
		{"a.test|b.test", golang, map[string]Outcome{"a.test": oHang}, RouteHangs, 0, "", []int{0}, "waits for it forever"},
		// A 200 to /supported whose lookups fail: go routes there and fails.
		{"a.test|b.test", golang, map[string]Outcome{"a.test": OutcomeBroken}, Unavailable, 0, "https://a.test/sumdb/sum.golang.org", []int{0}, "its lookups fail"},
		{"a.test,b.test", golang, map[string]Outcome{"a.test": oNF, "b.test": OutcomeBroken}, Unavailable, 1, "https://b.test/sumdb/sum.golang.org", []int{0, 1}, "its lookups fail"},
		// A /supported that never answers hangs go after ',' too.
		{"a.test,b.test", golang, map[string]Outcome{"a.test": oNF, "b.test": oHang}, RouteHangs, 1, "", []int{0, 1}, "waits for it forever"},
		{"off", golang, nil, Direct, -1, "https://sum.golang.org", []int{0}, ""},
		{"direct", golang, nil, Direct, -1, "https://sum.golang.org", []int{0}, ""},
		{"http://u:p@a.test,direct", golang, nil, Unavailable, 0, "", []int{0}, ""},
		// An explicit URL bypasses the proxies; off asks nobody.
		{"a.test", SumDB{Name: "sum.golang.org", Key: sumGolangOrgKey, URL: "https://sum.golang.google.cn"}, nil, Direct, -1, "https://sum.golang.google.cn", nil, "asks no proxy"},
		{"a.test", SumDB{Off: true}, nil, Off, -1, "", nil, "GOSUMDB=off"},
	}
	for _, tt := range tests {
		c, err := ParseChain(tt.chain, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := RouteSumDB(c, tt.db, outcomesByHost(t, tt.supported))
		if r.Kind != tt.kind || r.Index != tt.index || r.URL != tt.url || !slices.Equal(r.Tried, tt.tried) {
			t.Errorf("RouteSumDB(%s, %v) = %v index %d url %q tried %v; want %v %d %q %v",
				tt.chain, tt.supported, r.Kind, r.Index, r.URL, r.Tried, tt.kind, tt.index, tt.url, tt.tried)
		}
		if !strings.Contains(r.Reason, tt.reason) || r.Message(i18n.EN) != r.Reason || r.Message(i18n.ZH) == r.Reason {
			t.Errorf("RouteSumDB(%s) reason = %q (zh %q), want ~%q", tt.chain, r.Reason, r.Message(i18n.ZH), tt.reason)
		}
	}
	if r := RouteSumDB(Chain{}, golang, nil); r.Kind != Unavailable || r.Index != -1 {
		t.Errorf("RouteSumDB(empty chain) = %+v", r)
	}
	for k, want := range map[RouteKind]string{ViaProxy: "via-proxy", Direct: "direct", Unavailable: "unavailable", Off: "off", RouteHangs: "hangs"} {
		if k.String() != want {
			t.Errorf("RouteKind %d = %q, want %q", k, k.String(), want)
		}
	}
}

// FuzzParseSumDB: ParseSumDB never panics, and an accepted value formats to
// one that parses back to the same SumDB.
func FuzzParseSumDB(f *testing.F) {
	for _, s := range []string{
		"off", "sum.golang.org", "sum.golang.google.cn", sumGolangOrgKey, testSumDBKey + " https://x.example/db",
		"sum.golang.org https://goproxy.cn/sumdb/sum.golang.org", "a+b+c", " off", "x y z", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		db, err := ParseSumDB(s)
		if gerr := CheckSumDB(s); gerr == nil && err != nil && strings.TrimSpace(s) == s {
			t.Fatalf("CheckSumDB(%q) accepts what ParseSumDB refuses: %v", s, err)
		}
		if err != nil {
			return
		}
		again, err := ParseSumDB(db.String())
		if err != nil || again != db {
			t.Fatalf("ParseSumDB(%q) = %+v; its String %q parses to %+v, %v", s, db, db.String(), again, err)
		}
		if !db.Off && (db.Name == "" || db.Key == "" || db.DirectURL() == "") {
			t.Fatalf("ParseSumDB(%q) = %+v: incomplete", s, db)
		}
	})
}
