package advisor

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/probe"
)

// A mirror answering 404/410 "does not have" the module, never "fails";
// what go does next is said where it is true: the next entry after it
// whatever the separator, or, when it is the last one, the not-found go
// reports. The probe's own hint about ',' is never repeated.
func TestDoctorNotFoundHintWhereTrue(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	for _, tt := range []struct {
		goproxy, why string
	}{
		{"goproxy.cn,aliyun", "after a 404/410 go moves on to the next entry, whatever the separator"},
		{"goproxy.cn|aliyun", "after a 404/410 go moves on to the next entry, whatever the separator"},
		{"aliyun|goproxy.cn", "it is the last entry: when no entry has a module, go reports it as not found"},
		{"aliyun,goproxy.cn", "it is the last entry: when no entry has a module, go reports it as not found"},
	} {
		in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=" + expand(tt.goproxy)), Catalog: cat,
			Probes: probesOf(map[string]probe.Result{"goproxy.cn": notFound(), "aliyun": ok(ms, boolp(false))}),
			SumDB:  map[string]Reach{sumOrgURL: {OK: true}}}
		fs := Doctor(in)
		i := slices.IndexFunc(fs, func(x Finding) bool { return x.Code == "mirror-not-found" })
		if i < 0 {
			t.Errorf("%s: no mirror-not-found:\n  %s", tt.goproxy, strings.Join(short(fs), "\n  "))
			continue
		}
		if x := fs[i]; x.Why != tt.why || !strings.Contains(x.Message, "goproxy.cn does not have the canary module (it answered 404)") {
			t.Errorf("%s: %q / %q, want why %q", tt.goproxy, x.Message, x.Why, tt.why)
		}
		for _, x := range fs {
			if strings.Contains(x.Message+x.Why, "tries the next proxy") || x.Subject == "goproxy.cn" && strings.Contains(x.Message, "fails") {
				t.Errorf("%s: %s says %q / %q", tt.goproxy, x.Code, x.Message, x.Why)
			}
		}
		// The 404 mirror is not a reason for a fix: the chain works.
		if with := fixes(fs); len(with) != 0 {
			t.Errorf("%s: fixes for a working chain:\n  %s", tt.goproxy, strings.Join(short(with), "\n  "))
		}
	}
}

// A certificate about to expire: the fix '|' after the mirror is simulated
// like every fix, never proposed before direct (the ',direct' rule), and
// not shown beside another finding's chain fix (one fix at a time).
func TestDoctorCertFixFollowsTheRules(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	expiring := ok(ms, boolp(false))
	expiring.TLS = &probe.TLSInfo{Version: "TLS 1.3", DaysLeft: 5, ChainNotAfter: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)}
	for _, tt := range []struct {
		goproxy string
		probes  map[string]probe.Result
		fixes   []string // "code fix" of every finding with a fix
		why     string
	}{
		{"goproxy.cn,aliyun,direct", map[string]probe.Result{"goproxy.cn": expiring, "aliyun": ok(ms, boolp(false))},
			[]string{"cert-expiring goproxytui use 'goproxy.cn|aliyun,direct'"}, "the , after it stops the lookup there"},
		// Before: 'goproxy.cn|direct', against SepBeforeDirect.
		{"goproxy.cn,direct", map[string]probe.Result{"goproxy.cn": expiring},
			nil, "the , before direct stops the lookup there, as for any outage of the last mirror"},
		// The 500 at the end of the list leaves the checksum database
		// unavailable (go reports the earlier real error at the end of the
		// list): that finding carries the one chain fix, without the 500
		// mirror; the certificate's '|' (which keeps it, and still fails)
		// is not shown beside it.
		{"goproxy.cn,aliyun|goproxy.io", map[string]probe.Result{"goproxy.cn": expiring, "aliyun": ok(ms, boolp(false)), "goproxy.io": fail(probe.ClassHTTP5xx, "500")},
			[]string{"sumdb-unreachable goproxytui use 'goproxy.cn|aliyun'"}, "the , after it stops the lookup there"},
	} {
		in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=" + expand(tt.goproxy)), Catalog: cat,
			Probes: probesOf(tt.probes), SumDB: map[string]Reach{sumOrgURL: {OK: true}}}
		fs := Doctor(in)
		var got []string
		for _, x := range fixes(fs) {
			got = append(got, x.Code+" "+x.Fix)
		}
		if !slices.Equal(got, tt.fixes) {
			t.Errorf("%s: fixes %q, want %q", tt.goproxy, got, tt.fixes)
		}
		i := slices.IndexFunc(fs, func(x Finding) bool { return x.Code == "cert-expiring" })
		if i < 0 || !strings.Contains(fs[i].Why, tt.why) || fs[i].Message != "goproxy.cn: its TLS certificate expires in 5 days (2027-01-01)" {
			t.Errorf("%s: findings\n  %s\nwant cert-expiring with why ~%q", tt.goproxy, strings.Join(short(fs), "\n  "), tt.why)
		}
	}
}

// A mirror whose .info is fine but whose .zip the deep probe found broken:
// go takes the 200 .zip as final and fails at that mirror even with '|'
// after it (garbage|ok), and the verdict names what is wrong with the zip.
func TestDoctorBrokenZipFailsAtFirst(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=" + expand("goproxy.cn|aliyun")), Catalog: cat,
		Probes: probesOf(map[string]probe.Result{"goproxy.cn": ok(ms, boolp(false)), "aliyun": ok(2*ms, boolp(false))}),
		Deep: map[string]probe.DeepResult{
			"goproxy.cn": {Class: probe.ClassProtocol, Status: 200, Reason: "the zip does not open: zip: not a valid zip file"},
		},
		SumDB: map[string]Reach{sumOrgURL: {OK: true}}}
	fs := Doctor(in)
	i := slices.IndexFunc(fs, func(x Finding) bool { return x.Code == "chain-fails" })
	if i < 0 {
		t.Fatalf("no chain-fails:\n  %s", strings.Join(short(fs), "\n  "))
	}
	if m := fs[i].Message; !strings.Contains(m, "the download fails at goproxy.cn: it answers 200 with a broken .zip") || !strings.HasSuffix(m, ": the zip does not open: zip: not a valid zip file") {
		t.Errorf("chain-fails says %q", m)
	}
	if with := fixes(fs); len(with) != 1 || with[0].Fix != "goproxytui use aliyun" || with[0].Code != "chain-fails" {
		t.Errorf("fixes:\n  %s\nwant one on chain-fails: goproxytui use aliyun", strings.Join(short(with), "\n  "))
	}
	if !slices.ContainsFunc(fs, func(x Finding) bool { return x.Code == "mirror-broken-zip" && x.Subject == "goproxy.cn" }) {
		t.Errorf("no mirror-broken-zip for goproxy.cn:\n  %s", strings.Join(short(fs), "\n  "))
	}
	if zh := fs[i].MessageText.In(i18n.ZH); zh == fs[i].Message {
		t.Errorf("not translated: %q", zh)
	}
}
