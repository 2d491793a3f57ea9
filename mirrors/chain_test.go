package mirrors

import (
	"errors"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
)

// testCatalog is a small catalog independent of the embedded one.
func testCatalog() *Catalog {
	return &Catalog{Mirrors: []Mirror{
		{ID: "goproxy.cn", URL: "https://goproxy.cn", Weight: 1},
		{ID: "aliyun", URL: "https://mirrors.aliyun.com/goproxy/", Weight: 2},
		{ID: "corp", URL: "https://u:secret@athens.corp.example/", Weight: 0},
	}}
}

func TestParseChainAccepts(t *testing.T) {
	t.Parallel()
	p, d, o := KindProxy, KindDirect, KindOff
	type ent struct {
		kind   Kind
		url    string
		id     string
		sep    Sep
		weight float64
	}
	tests := []struct {
		in      string
		want    []ent
		wantStr string
	}{
		{"https://proxy.golang.org,direct", []ent{{p, "https://proxy.golang.org", "", ',', 1}, {d, "", "", 0, 1}}, "https://proxy.golang.org,direct"},
		{"direct", []ent{{d, "", "", 0, 1}}, "direct"},
		{"off", []ent{{o, "", "", 0, 1}}, "off"},
		// Trimming and empty entries, as proxyList does.
		{"  goproxy.cn , ,, direct  ", []ent{{p, "goproxy.cn", "goproxy.cn", ',', 1}, {d, "", "", 0, 1}}, "goproxy.cn,direct"},
		// The separator right after an entry is its own, even before an empty field.
		{"a.example|,b.example", []ent{{p, "a.example", "", '|', 1}, {p, "b.example", "", 0, 1}}, "a.example|b.example"},
		{"a.example,|b.example", []ent{{p, "a.example", "", ',', 1}, {p, "b.example", "", 0, 1}}, "a.example,b.example"},
		// A trailing separator leaves the last entry with none.
		{"https://goproxy.cn|", []ent{{p, "https://goproxy.cn", "goproxy.cn", 0, 1}}, "https://goproxy.cn"},
		// direct and off end the list: what follows is neither kept nor validated.
		{"https://goproxy.cn|direct,ftp://bad,word", []ent{{p, "https://goproxy.cn", "goproxy.cn", '|', 1}, {d, "", "", 0, 1}}, "https://goproxy.cn|direct"},
		{"off|direct", []ent{{o, "", "", 0, 1}}, "off"},
		{" , off , https://a b", []ent{{o, "", "", 0, 1}}, "off"},
		// Implicit https:// for entries with '.', ':' or '/'.
		{"localhost:3000", []ent{{p, "localhost:3000", "", 0, 1}}, "localhost:3000"},
		{"goproxy.cn/", []ent{{p, "goproxy.cn/", "goproxy.cn", 0, 1}}, "goproxy.cn/"},
		{"HTTPS://GoProxy.CN/", []ent{{p, "HTTPS://GoProxy.CN/", "goproxy.cn", 0, 1}}, "HTTPS://GoProxy.CN/"},
		{"http://127.0.0.1:8080/mod", []ent{{p, "http://127.0.0.1:8080/mod", "", 0, 1}}, "http://127.0.0.1:8080/mod"},
		{"file:///srv/goproxy", []ent{{p, "file:///srv/goproxy", "", 0, 1}}, "file:///srv/goproxy"},
		// Catalog weights travel with the match; 0 means 1.
		{"https://mirrors.aliyun.com/goproxy|https://athens.corp.example", []ent{{p, "https://mirrors.aliyun.com/goproxy", "aliyun", '|', 2}, {p, "https://athens.corp.example", "corp", 0, 1}}, "https://mirrors.aliyun.com/goproxy|https://athens.corp.example"},
		// Credentials over https are fine; over http go accepts the value
		// and refuses each request (see TestCredentialsRefused).
		{"https://user:pw@private.example", []ent{{p, "https://user:pw@private.example", "", 0, 1}}, "https://user:pw@private.example"},
		{"http://user:pw@private.example", []ent{{p, "http://user:pw@private.example", "", 0, 1}}, "http://user:pw@private.example"},
		// go checks only the scheme: an https URL without host passes parsing.
		{"https://", []ent{{p, "https://", "", 0, 1}}, "https://"},
	}
	cat := testCatalog()
	for _, tt := range tests {
		c, err := ParseChain(tt.in, cat)
		if err != nil {
			t.Errorf("ParseChain(%q): %v", tt.in, err)
			continue
		}
		var got []ent
		for _, e := range c.Entries {
			got = append(got, ent{e.Kind, e.URL, e.MirrorID, e.Sep, e.Weight})
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseChain(%q) = %+v, want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseChain(%q) entry %d = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
		if s := c.String(); s != tt.wantStr {
			t.Errorf("ParseChain(%q).String() = %q, want %q", tt.in, s, tt.wantStr)
		}
		again, err := ParseChain(c.String(), cat)
		if err != nil || !again.Equal(c) {
			t.Errorf("round trip of %q: %+v, %v; want %+v", tt.in, again, err, c)
		}
	}
}

func TestParseChainRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		index      int
		offset     int
		entry      string
		reasonPart string
	}{
		{"", -1, -1, "", "GOPROXY list is not the empty string, but contains no entries"},
		{" , | ", -1, -1, "", "GOPROXY list is not the empty string, but contains no entries"},
		{"goproxy", 0, 0, "goproxy", "invalid proxy URL missing scheme"},
		{"https://goproxy.cn,proxy", 1, 19, "proxy", "invalid proxy URL missing scheme"},
		{"/srv/goproxy", 0, 0, "/srv/goproxy", "invalid proxy URL missing scheme"},
		{"ftp://goproxy.cn", 0, 0, "ftp://goproxy.cn", "invalid proxy URL scheme (must be https, http, file)"},
		{"https://goproxy.cn, ,  socks5://x:1", 1, 23, "socks5://x:1", "invalid proxy URL scheme (must be https, http, file)"},
		{"file://host/srv", 0, 0, "file://host/srv", "invalid file:// proxy URL with non-path elements"},
		{"file:/srv", 0, 0, "file:/srv", "invalid file:// proxy URL with non-path elements"},
		{"file:///srv?x=1", 0, 0, "file:///srv?x=xxxxx", "invalid file:// proxy URL with non-path elements"},
		{"file:srv", 0, 0, "file:srv", `invalid port ":srv" after host`}, // no ":/": https://file:srv
		{"DIRECT", 0, 0, "DIRECT", "invalid proxy URL missing scheme"},   // keywords are case-sensitive
		{"https://a b", 0, 0, "https://a b", `invalid character " " in host name`},
		{"a:b", 0, 0, "a:b", `invalid port ":b" after host`},
		// Credentials never appear in the error.
		{"https://u:secret@a b/", 0, 0, "https://xxxxx@a b/", `invalid character " " in host name`},
	}
	for _, tt := range tests {
		_, err := ParseChain(tt.in, nil)
		var ce *ChainError
		if !errors.As(err, &ce) {
			t.Errorf("ParseChain(%q) error = %v, want a *ChainError", tt.in, err)
			continue
		}
		if ce.Index != tt.index || ce.Offset != tt.offset || ce.Entry != tt.entry || !strings.Contains(ce.Reason, tt.reasonPart) {
			t.Errorf("ParseChain(%q) = %+v, want index %d offset %d entry %q reason ~%q", tt.in, *ce, tt.index, tt.offset, tt.entry, tt.reasonPart)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("error shows credentials: %v", err)
		}
	}
}

func TestChainErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := ParseChain("https://goproxy.cn,ftp://x", nil)
	if got, want := err.Error(), `GOPROXY entry 2 "ftp://x": invalid proxy URL scheme (must be https, http, file)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	ce := err.(*ChainError)
	if zh := ce.Message(i18n.ZH); !strings.Contains(zh, "第 2 项") || strings.Contains(zh, "must be") {
		t.Errorf("zh message not translated: %q", zh)
	}
	_, err = ParseChain(",", nil)
	if got := err.Error(); got != "GOPROXY: GOPROXY list is not the empty string, but contains no entries" {
		t.Errorf("Error() = %q", got)
	}
}

func TestExpandChain(t *testing.T) {
	t.Parallel()
	cat := testCatalog()
	tests := []struct{ in, want, errPart string }{
		{"goproxy.cn,direct", "https://goproxy.cn,direct", ""},
		{"aliyun | goproxy.cn , direct", "https://mirrors.aliyun.com/goproxy/|https://goproxy.cn,direct", ""},
		{"Aliyun|off", "https://mirrors.aliyun.com/goproxy/|off", ""},
		{"https://proxy.golang.org,,direct", "https://proxy.golang.org,direct", ""},
		// Nothing after direct is expanded or checked.
		{"direct,nosuchid", "direct", ""},
		{"goproxy.cn,nosuchid", "", "not a catalog mirror id"},
		{"goproxy.cn,ftp://x", "", "must be https, http, file"},
		{"", "", "contains no entries"},
	}
	for _, tt := range tests {
		got, err := ExpandChain(tt.in, cat)
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("ExpandChain(%q) = %q, %v; want error ~%q", tt.in, got, err, tt.errPart)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ExpandChain(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	// Errors locate the entry in the value as the user wrote it.
	_, err := ExpandChain("aliyun,  ftp://x", cat)
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Index != 1 || ce.Offset != 9 {
		t.Errorf("ExpandChain error = %#v, want index 1 offset 9", err)
	}
}

func TestEntryAccessors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e                    Entry
		key, resolved, label string
		credentialsRefused   bool
	}{
		{Entry{Kind: KindDirect}, "direct", "", "direct", false},
		{Entry{Kind: KindOff}, "off", "", "off", false},
		{Entry{Kind: KindProxy, URL: "goproxy.cn", MirrorID: "goproxy.cn"}, "goproxy.cn", "https://goproxy.cn", "goproxy.cn", false},
		{Entry{Kind: KindProxy, URL: "Athens.Corp.Example:3000/"}, "https://athens.corp.example:3000", "https://Athens.Corp.Example:3000/", "Athens.Corp.Example:3000/", false},
		{Entry{Kind: KindProxy, URL: "https://tok:secret@athens.corp.example/"}, "https://athens.corp.example", "https://tok:secret@athens.corp.example/", "https://tok:xxxxx@athens.corp.example/", false},
		{Entry{Kind: KindProxy, URL: "http://tok@10.0.0.1"}, "http://10.0.0.1", "http://tok@10.0.0.1", "http://xxxxx@10.0.0.1", true},
		{Entry{Kind: KindProxy, URL: "file:///srv/proxy"}, "file:///srv/proxy", "file:///srv/proxy", "file:///srv/proxy", false},
	}
	for _, tt := range tests {
		if got := tt.e.Key(); got != tt.key {
			t.Errorf("%+v.Key() = %q, want %q", tt.e, got, tt.key)
		}
		if got := tt.e.Resolved(); got != tt.resolved {
			t.Errorf("%+v.Resolved() = %q, want %q", tt.e, got, tt.resolved)
		}
		if got := tt.e.Label(); got != tt.label {
			t.Errorf("%+v.Label() = %q, want %q", tt.e, got, tt.label)
		}
		if got := tt.e.CredentialsRefused(); got != tt.credentialsRefused {
			t.Errorf("%+v.CredentialsRefused() = %v", tt.e, got)
		}
	}
}

func TestNewEntryAndNormalized(t *testing.T) {
	t.Parallel()
	cat := testCatalog()
	a, _ := cat.ByID("aliyun")
	g, _ := cat.ByID("goproxy.cn")
	corp, _ := cat.ByID("corp")
	ea := NewEntry(a)
	if ea.Kind != KindProxy || ea.URL != a.URL || ea.MirrorID != "aliyun" || ea.Weight != 2 || ea.Sep != SepComma {
		t.Fatalf("NewEntry(aliyun) = %+v", ea)
	}
	if w := NewEntry(corp).Weight; w != 1 {
		t.Errorf("NewEntry weight 0 → %v, want 1", w)
	}
	eg := NewEntry(g)
	eg.Sep = SepPipe
	c := Chain{Entries: []Entry{eg, ea, {Kind: KindDirect, Sep: SepPipe}, NewEntry(g)}}
	n := c.Normalized()
	if s := n.String(); s != "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct" {
		t.Errorf("Normalized().String() = %q", s)
	}
	back, err := ParseChain(n.String(), cat)
	if err != nil || !back.Equal(n) {
		t.Errorf("ParseChain(%q) = %+v, %v; want %+v", n.String(), back, err, n)
	}
	if len(c.Entries) != 4 {
		t.Error("Normalized changed its receiver")
	}
}

// TestParseChainNoCatalog: without a catalog nothing is matched.
func TestParseChainNoCatalog(t *testing.T) {
	t.Parallel()
	c, err := ParseChain("https://goproxy.cn", nil)
	if err != nil || c.Entries[0].MirrorID != "" || c.Entries[0].Weight != 1 {
		t.Errorf("ParseChain without catalog = %+v, %v", c, err)
	}
}

// TestParseChainBuiltin: the embedded catalog's URLs are recognised.
func TestParseChainBuiltin(t *testing.T) {
	t.Parallel()
	cat := Builtin()
	for _, m := range cat.Visible() {
		c, err := ParseChain(m.URL+"|direct", cat)
		if err != nil {
			t.Errorf("catalog URL %s: %v", m.URL, err)
			continue
		}
		if c.Entries[0].MirrorID != m.ID {
			t.Errorf("ParseChain(%s) matched %q, want %q", m.URL, c.Entries[0].MirrorID, m.ID)
		}
	}
}

// FuzzParseChain: ParseChain never panics, an accepted value formats to one
// that parses back to the same chain, and the chain model's other functions
// take any accepted chain.
func FuzzParseChain(f *testing.F) {
	for _, s := range []string{
		"https://proxy.golang.org,direct", "goproxy.cn|https://mirrors.aliyun.com/goproxy/|direct",
		" a.example ,, |b.example|", "off", "direct,ftp://x", "file:///srv/x", "file://h/x", "http://u:p@h.example",
		"https://u:p@a b/", "localhost:3000,/abs", "https://goproxy.cn/|off", "%zz", "https://[::1]:8080/p",
	} {
		f.Add(s)
	}
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, s string) {
		if expanded, gerr := CheckChain(s, cat); gerr == nil {
			if _, err := ParseChain(expanded, cat); err != nil {
				t.Fatalf("CheckChain(%q) accepts %q, which ParseChain refuses: %v", s, expanded, err)
			}
		}
		c, err := ParseChain(s, cat)
		if err != nil {
			var ce *ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("ParseChain(%q) error %T is not a *ChainError", s, err)
			}
			if ce.Index >= 0 && (ce.Offset < 0 || ce.Offset >= len(s) || strings.ContainsRune(" \t\n\r\v\f,|", rune(s[ce.Offset]))) {
				t.Fatalf("ParseChain(%q): bad offset in %+v", s, *ce)
			}
			return
		}
		if len(c.Entries) == 0 {
			t.Fatalf("ParseChain(%q) accepted an empty chain", s)
		}
		for i, e := range c.Entries {
			if e.Kind != KindProxy && i != len(c.Entries)-1 {
				t.Fatalf("ParseChain(%q): %s is not last", s, e.Label())
			}
		}
		if last := c.Entries[len(c.Entries)-1]; last.Sep != SepNone {
			t.Fatalf("ParseChain(%q): last entry has separator %q", s, last.Sep)
		}
		formatted := c.String()
		again, err := ParseChain(formatted, cat)
		if err != nil || !again.Equal(c) {
			t.Fatalf("ParseChain(%q) = %+v; its String %q parses to %+v, %v", s, c, formatted, again, err)
		}
		if n := c.Normalized(); !n.Equal(c) {
			t.Fatalf("Normalized changed a parsed chain: %+v → %+v", c, n)
		}
		v := Simulate(c, func(i int, e Entry) Outcome { return Outcome((i + len(e.URL)) % 4) })
		if v.Index < 0 || v.Index >= len(c.Entries) || v.Reason == "" {
			t.Fatalf("Simulate(%q) = %+v", formatted, v)
		}
		if r := Rank(c, nil); len(r.Entries) != len(c.Entries) {
			t.Fatalf("Rank(%q) = %+v", formatted, r)
		}
	})
}

// TestExpandChainBuiltin: ids of the embedded catalog expand to its URLs,
// and the result is accepted and recognised.
func TestExpandChainBuiltin(t *testing.T) {
	t.Parallel()
	cat := Builtin()
	for _, m := range cat.Visible() {
		got, err := ExpandChain(m.ID+"|direct", cat)
		if err != nil || got != m.URL+"|direct" {
			t.Errorf("ExpandChain(%q) = %q, %v; want %q", m.ID+"|direct", got, err, m.URL+"|direct")
			continue
		}
		c, err := ParseChain(got, cat)
		if err != nil || c.Entries[0].MirrorID != m.ID {
			t.Errorf("ParseChain(%q) = %+v, %v", got, c, err)
		}
	}
}
