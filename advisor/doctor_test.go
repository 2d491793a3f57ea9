package advisor

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// snap builds a snapshot; each var is "KEY=VALUE" with an optional source
// suffix " @env", " @goroot" or " @default" (else the go env file).
func snap(vars ...string) envcfg.Snapshot {
	s := envcfg.Snapshot{Vars: map[string]envcfg.Var{}, EnvFile: "/home/u/.config/go/env"}
	set := func(k, v string, src envcfg.Source) {
		s.Vars[k] = envcfg.Var{Name: k, Value: v, Source: src}
	}
	set("GOPROXY", "https://proxy.golang.org,direct", envcfg.SourceGoroot)
	set("GOSUMDB", "sum.golang.org", envcfg.SourceGoroot)
	for _, kv := range vars {
		k, v, _ := strings.Cut(kv, "=")
		src := envcfg.SourceFile
		for _, s := range []envcfg.Source{envcfg.SourceEnv, envcfg.SourceGoroot, envcfg.SourceDefault} {
			if rest, ok := strings.CutSuffix(v, " @"+string(s)); ok {
				v, src = rest, s
			}
		}
		set(k, v, src)
	}
	return s
}

// f is a finding in short form: "severity code fix".
func f(sev Severity, code, fix string) string { return fmt.Sprintf("%s %s %s", sev, code, fix) }

func short(fs []Finding) []string {
	var out []string
	for _, x := range fs {
		out = append(out, f(x.Severity, x.Code, x.Fix))
	}
	return out
}

// okTLS is a 40 ms answer over TLS 1.3 with a certificate valid for days more.
func okTLS(days int, sumdb *bool) probe.Result {
	r := ok(40*time.Millisecond, sumdb)
	r.TLS = &probe.TLSInfo{Version: "TLS 1.3", DaysLeft: days, ChainNotAfter: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)}
	return r
}

// A doctorCase is the settings and measurements given to Doctor and the
// findings wanted from it.
type doctorCase struct {
	name   string
	snap   envcfg.Snapshot
	probes map[string]probe.Result
	sumdb  map[string]Reach
	proxy  map[string]string
	checks []string // SumDBChecks before sumdb is given
	want   []string // every finding, in order
	msgs   []string // substrings of some finding's message
}

// chainDoctorCases judge the chain by how its mirrors answer.
func chainDoctorCases() []doctorCase {
	return []doctorCase{
		{
			name:   "everything healthy",
			snap:   snap("GOPROXY=https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct"),
			probes: map[string]probe.Result{"goproxy.cn": okTLS(80, boolp(true)), "aliyun": okTLS(200, boolp(false))},
			want: []string{
				f(SeverityInfo, "mirror-ok", ""), f(SeverityInfo, "mirror-ok", ""),
				f(SeverityInfo, "chain-ok", ""), f(SeverityInfo, "query-not-measured", ""), f(SeverityInfo, "sumdb-via-proxy", ""),
			},
			msgs: []string{"go would use goproxy.cn now", "goproxy.cn answers: 40 ms, TLS 1.3, certificate expires in 80 days, proxies sum.golang.org"},
		},
		{
			name:   "proxy.golang.org fails DNS (China-like), default GOPROXY",
			snap:   snap(),
			probes: map[string]probe.Result{"proxy.golang.org": fail(probe.ClassDNS, "lookup proxy.golang.org: no such host")},
			want: []string{
				f(SeverityError, "chain-fails", "goproxytui recommend --apply"),
				f(SeverityError, "sumdb-unreachable", ""),
				f(SeverityWarning, "mirror-failing", ""), f(SeverityWarning, "query-fails", ""),
			},
			msgs: []string{"proxy.golang.org fails: DNS failure: lookup proxy.golang.org: no such host", "go would fail now"},
		},
		{
			name: "first mirror answers 500 under ','",
			snap: snap("GOPROXY=https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,direct"),
			probes: map[string]probe.Result{
				"goproxy.cn": fail(probe.ClassHTTP5xx, "500 Internal Server Error"),
				"aliyun":     okTLS(100, boolp(true)),
			},
			want: []string{
				f(SeverityError, "comma-after-failing-mirror", ""),
				f(SeverityError, "chain-fails", "goproxytui use aliyun,direct"),
				f(SeverityError, "sumdb-unreachable", ""),
				f(SeverityWarning, "mirror-failing", ""),
				f(SeverityWarning, "query-fails", ""), f(SeverityInfo, "mirror-ok", ""),
			},
			msgs: []string{"goproxy.cn fails (HTTP 5xx error) and the , after it stops go from trying aliyun"},
		},
		{
			name: "first mirror stalls",
			snap: snap("GOPROXY=https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct"),
			probes: map[string]probe.Result{
				"goproxy.cn": fail(probe.ClassStall, "no first byte within 5s"),
				"aliyun":     okTLS(100, boolp(false)),
			},
			want: []string{
				f(SeverityError, "chain-hangs", "goproxytui use aliyun,direct"),
				f(SeverityError, "sumdb-hangs", ""),
				f(SeverityWarning, "mirror-failing", ""),
				f(SeverityWarning, "query-hangs", ""), f(SeverityInfo, "mirror-ok", ""),
			},
			msgs: []string{"go would hang now: goproxy.cn never answers"},
		},
	}
}

// sumDBAndEnvDoctorCases judge the checksum database route and GOPROXY
// values that are shadowed, invalid or empty.
func sumDBAndEnvDoctorCases() []doctorCase {
	down := Reach{Class: probe.ClassConnectTimeout, Reason: "dial tcp: i/o timeout"}
	up := Reach{OK: true}
	shadowed := "https://goproxy.cn,direct"
	return []doctorCase{
		{
			name: "sum.golang.org unreachable while a mirror proxies it",
			snap: snap("GOPROXY=https://mirrors.aliyun.com/goproxy/|https://goproxy.cn,direct"),
			probes: map[string]probe.Result{
				"aliyun":     okTLS(100, boolp(false)),
				"goproxy.cn": okTLS(100, boolp(true)),
			},
			sumdb: map[string]Reach{sumOrgURL: down},
			want: []string{
				f(SeverityInfo, "mirror-ok", ""), f(SeverityInfo, "mirror-ok", ""),
				f(SeverityInfo, "chain-ok", ""), f(SeverityInfo, "query-not-measured", ""), f(SeverityInfo, "sumdb-via-proxy", ""),
			},
			msgs: []string{"checksum database: goproxy.cn proxies the checksum database sum.golang.org"},
		},
		{
			name: "sum.golang.org unreachable and no mirror proxies it",
			snap: snap("GOPROXY=https://mirrors.aliyun.com/goproxy/,direct"),
			probes: map[string]probe.Result{
				"aliyun": okTLS(100, boolp(false)),
			},
			checks: []string{sumOrgURL},
			sumdb:  map[string]Reach{sumOrgURL: down, sumCNURL: up},
			want: []string{
				f(SeverityError, "sumdb-unreachable", "go env -w GOSUMDB=sum.golang.google.cn"),
				f(SeverityInfo, "mirror-ok", ""), f(SeverityInfo, "chain-ok", ""), f(SeverityInfo, "query-not-measured", ""),
			},
			msgs: []string{"but it does not answer: dial tcp: i/o timeout"},
		},
		{
			name: "a shadowing OS variable",
			snap: func() envcfg.Snapshot {
				s := snap("GOPROXY=https://goproxy.io,direct @env")
				v := s.Vars["GOPROXY"]
				v.Shadowed = &shadowed
				s.Vars["GOPROXY"] = v
				return s
			}(),
			probes: map[string]probe.Result{"goproxy.io": okTLS(100, boolp(true))},
			want: []string{
				f(SeverityWarning, "env-shadowed", "unset GOPROXY"),
				f(SeverityInfo, "mirror-ok", ""), f(SeverityInfo, "chain-ok", ""), f(SeverityInfo, "query-not-measured", ""), f(SeverityInfo, "sumdb-via-proxy", ""),
			},
			msgs: []string{`GOPROXY is set in the OS environment to "https://goproxy.io,direct", which hides "https://goproxy.cn,direct" from the go env file`},
		},
		{
			name: "an invalid GOPROXY in the env file",
			snap: snap("GOPROXY=https://goproxy.cn|ftp://mirror.example,direct"),
			want: []string{f(SeverityError, "goproxy-invalid", "goproxytui use 'goproxy.cn|direct'")},
			msgs: []string{`GOPROXY "https://goproxy.cn|ftp://mirror.example,direct" is invalid: GOPROXY entry 2 "ftp://mirror.example": invalid proxy URL scheme (must be https, http, file)`},
		},
		{
			name: "an empty GOPROXY in the env file",
			snap: snap("GOPROXY="),
			want: []string{f(SeverityError, "goproxy-invalid", "go env -u GOPROXY")},
			msgs: []string{`a "GOPROXY=" line hides the default`},
		},
	}
}

// settingsDoctorCases judge certificates, the other go env settings and
// mirrors go refuses.
func settingsDoctorCases() []doctorCase {
	up := Reach{OK: true}
	return []doctorCase{
		{
			name: "a certificate expiring soon",
			snap: snap("GOPROXY=https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,direct"),
			probes: map[string]probe.Result{
				"goproxy.cn": okTLS(5, boolp(true)),
				"aliyun":     okTLS(100, boolp(false)),
			},
			want: []string{
				f(SeverityWarning, "cert-expiring", "goproxytui use 'goproxy.cn|aliyun,direct'"),
				f(SeverityInfo, "mirror-ok", ""), f(SeverityInfo, "mirror-ok", ""),
				f(SeverityInfo, "chain-ok", ""), f(SeverityInfo, "query-not-measured", ""), f(SeverityInfo, "sumdb-via-proxy", ""),
			},
			msgs: []string{"goproxy.cn: its TLS certificate expires in 5 days (2027-01-01)"},
		},
		{
			name:   "HTTPS_PROXY, GOSUMDB=off, bad GOPRIVATE, entries after direct",
			snap:   snap("GOPROXY=https://goproxy.cn,direct,https://goproxy.io", "GOSUMDB=off", "GOPRIVATE= corp.example.com,GitHub.com/Acme,a[b"),
			probes: map[string]probe.Result{"goproxy.cn": okTLS(100, boolp(true))},
			proxy:  map[string]string{"HTTPS_PROXY": "http://user:pw@proxy.corp:3128", "NO_PROXY": "corp.example.com"},
			checks: []string{sumOrgURL},
			sumdb:  map[string]Reach{sumOrgURL: up},
			want: []string{
				f(SeverityError, "goprivate-invalid", "go env -w GOPRIVATE=corp.example.com,github.com/Acme"),
				f(SeverityWarning, "goproxy-ignored-entries", "goproxytui use goproxy.cn,direct"),
				f(SeverityWarning, "sumdb-off", "go env -u GOSUMDB"),
				f(SeverityInfo, "https-proxy", ""),
				f(SeverityInfo, "mirror-ok", ""), f(SeverityInfo, "chain-ok", ""), f(SeverityInfo, "query-not-measured", ""),
			},
			msgs: []string{"@proxy.corp:3128 is in effect: go reaches https mirrors and the checksum database through that proxy, except hosts in NO_PROXY=corp.example.com"},
		},
		{
			name:   "http mirror with credentials: go refuses it, and the ',' after it stops go",
			snap:   snap("GOPROXY=http://bob:pw@athens.corp,https://goproxy.cn,direct"),
			probes: map[string]probe.Result{"goproxy.cn": okTLS(100, boolp(true))},
			want: []string{
				f(SeverityError, "comma-after-failing-mirror", ""),
				f(SeverityError, "chain-fails", "goproxytui use goproxy.cn,direct"),
				f(SeverityError, "sumdb-unreachable", ""),
				f(SeverityWarning, "mirror-unusable", ""),
				f(SeverityWarning, "query-fails", ""), f(SeverityInfo, "mirror-ok", ""),
			},
			msgs: []string{"http://bob:xxxxx@athens.corp: the go command never sends requests to it: refusing to pass credentials to insecure URL"},
		},
		{
			name: "GOPRIVATE with spaces and capitals",
			snap: snap("GOPROXY=off", "GOPRIVATE=corp.example.com, Corp.Example.org/x"),
			want: []string{
				f(SeverityWarning, "goproxy-off", "goproxytui recommend --apply"),
				f(SeverityWarning, "goprivate-pattern", "go env -w GOPRIVATE=corp.example.com,corp.example.org/x"),
				f(SeverityWarning, "goprivate-pattern", "go env -w GOPRIVATE=corp.example.com,corp.example.org/x"),
				f(SeverityInfo, "sumdb-direct", ""),
			},
			msgs: []string{"GOPRIVATE: pattern \" Corp.Example.org/x\" contains white space"},
		},
	}
}

func TestDoctor(t *testing.T) {
	t.Parallel()
	tests := slices.Concat(chainDoctorCases(), sumDBAndEnvDoctorCases(), settingsDoctorCases())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := DoctorInput{Lang: i18n.EN, Snapshot: tt.snap, Catalog: cat, Probes: tt.probes, ProxyEnv: tt.proxy}
			if tt.checks != nil {
				if got := SumDBChecks(in); !slices.Equal(got, tt.checks) {
					t.Errorf("SumDBChecks = %q, want %q", got, tt.checks)
				}
			}
			in.SumDB = tt.sumdb
			if got := SumDBChecks(in); len(got) != 0 && tt.sumdb != nil {
				t.Errorf("SumDBChecks after checking = %q, want none", got)
			}
			fs := Doctor(in)
			got := short(fs)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			for _, want := range tt.msgs {
				if !slices.ContainsFunc(fs, func(x Finding) bool { return strings.Contains(x.Message, want) }) {
					t.Errorf("no finding says %q", want)
				}
			}
			for _, x := range fs {
				if x.Message == "" || x.Severity != SeverityInfo && x.Why == "" {
					t.Errorf("finding %s lacks a message or why: %+v", x.Code, x)
				}
				if strings.Contains(x.Message+x.Why+x.Fix, "pw@") {
					t.Errorf("credentials shown in %+v", x)
				}
			}
		})
	}
}

// Doctor's plan probes each distinct proxy entry once, by the key its
// results are looked up with.
func TestDoctorPlan(t *testing.T) {
	t.Parallel()
	p := DoctorPlan(snap("GOPROXY=goproxy.cn|https://bob:pw@athens.corp/,https://goproxy.cn/,direct"), cat)
	if p.ChainErr != nil || len(p.Mirrors) != 2 {
		t.Fatalf("plan %+v", p)
	}
	if p.Mirrors[0].ID != "goproxy.cn" || p.Mirrors[1].URL != "https://bob:pw@athens.corp/" || p.Mirrors[1].ID != mirrors.URLKey("https://athens.corp/") {
		t.Errorf("mirrors %+v", p.Mirrors)
	}
}

func TestCleanPatternsAndQuote(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		" corp.example.com ,GitHub.com/Acme/*": "corp.example.com,github.com/Acme/*",
		"https://git.corp/x,,a[b":              "git.corp/x",
	} {
		if got := cleanPatterns(in); got != want {
			t.Errorf("cleanPatterns(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"goproxy.cn,direct": "goproxy.cn,direct",
		"a|b":               "'a|b'",
		"it's":              `'it'\''s'`,
		"":                  "''",
	} {
		if got := envcfg.ShellWord(in); got != want {
			t.Errorf("envcfg.ShellWord(%q) = %s, want %s", in, got, want)
		}
	}
}

// A mirror with no probe is not said to fail ("fails ()"): it is reported
// as not probed, its ',' is not blamed, and neither the chain's verdict nor
// the checksum database route is claimed through it.
func TestDoctorUnprobedMirrorNotBlamed(t *testing.T) {
	t.Parallel()
	in := DoctorInput{Lang: i18n.EN, Catalog: cat,
		Snapshot: snap("GOPROXY=https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,direct"),
		Probes:   map[string]probe.Result{"aliyun": ok(time.Millisecond, nil)}}
	var codes []string
	for _, f := range Doctor(in) {
		codes = append(codes, f.Code)
		if strings.Contains(f.Message, "()") {
			t.Errorf("finding %s says %q", f.Code, f.Message)
		}
	}
	want := []string{"mirror-not-probed", "chain-not-measured", "sumdb-not-measured", "mirror-ok", "query-not-measured"}
	if !slices.Equal(codes, want) {
		t.Errorf("codes = %v, want %v (no verdict from a mirror nobody measured)", codes, want)
	}
}
