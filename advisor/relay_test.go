package advisor

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

const relayURL = "http://127.0.0.1:7390"

// relayStatus is a relay's status with upstreams "id:health" in priority
// order, each a pool of its own.
func relayStatus(ups ...string) RelayCheck {
	st := relay.Status{Relay: "goproxytui"}
	for i, u := range ups {
		id, health, _ := strings.Cut(u, ":")
		m, _ := cat.ByID(id)
		st.Upstreams = append(st.Upstreams, relay.UpstreamStatus{ID: id, URL: m.URL, Pool: i, Weight: 1, Health: health})
	}
	return RelayCheck{IsRelay: true, Status: st}
}

// relayFinding returns the first finding whose code starts with "relay".
func relayFinding(t *testing.T, fs []Finding, code string) Finding {
	t.Helper()
	for _, f := range fs {
		if f.Code == code {
			return f
		}
	}
	t.Fatalf("no %s finding in %v", code, short(fs))
	return Finding{}
}

func relayCodes(fs []Finding) []string {
	var out []string
	for _, x := range fs {
		if strings.HasPrefix(x.Code, "relay") {
			out = append(out, f(x.Severity, x.Code, x.Fix))
		}
	}
	return out
}

// A doctorRelayCase is a GOPROXY with a relay in it, what the relay reports
// and the relay findings wanted from Doctor.
type doctorRelayCase struct {
	name    string
	goproxy string
	relays  map[string]RelayCheck
	probes  map[string]probe.Result
	want    []string // the relay findings: "severity code fix"
	msg     []string // in the first relay finding's message
	why     []string // in its why
	noFix   bool     // no finding carries a fix
}

// upRelayDoctorCases judge a relay that answers: what comes after it.
func upRelayDoctorCases() []doctorRelayCase {
	ms := time.Millisecond
	rk := mirrors.URLKey(relayURL)
	okRelay := ok(3*ms, boolp(true))
	return []doctorRelayCase{
		{
			name:    "up, | and a working rest: info, go falls through",
			goproxy: relayURL + "|goproxy.cn,direct",
			relays:  map[string]RelayCheck{rk: relayStatus("goproxy.cn:healthy", "aliyun:down")},
			probes:  map[string]probe.Result{rk: okRelay, "goproxy.cn": ok(40*ms, boolp(true))},
			want:    []string{f(SeverityInfo, "relay", "")},
			msg:     []string{relayURL + " is a goproxytui relay serving from goproxy.cn (pool 1, weight 1, healthy), aliyun (pool 2, weight 1, down)"},
			why:     []string{"connection refused at once and the | after it moves on to goproxy.cn,direct: go would use goproxy.cn"},
		},
		{
			// The chain repair would drop goproxy.cn and with it the
			// relay's fallback: withdrawn.
			name:    "up, | and a rest that fails: a warning, no fix drops the fallback",
			goproxy: relayURL + "|goproxy.cn",
			relays:  map[string]RelayCheck{rk: relayStatus("goproxy.cn:healthy")},
			probes:  map[string]probe.Result{rk: okRelay, "goproxy.cn": fail(probe.ClassDNS, "no such host")},
			want:    []string{f(SeverityWarning, "relay-no-fallback", "")},
			why:     []string{"moves on to goproxy.cn: go would FAIL"},
			noFix:   true,
		},
		{
			name:    "up, ',' after it: a warning, the fix puts '|' after it",
			goproxy: relayURL + ",goproxy.cn,direct",
			relays:  map[string]RelayCheck{rk: relayStatus("goproxy.cn:healthy")},
			probes:  map[string]probe.Result{rk: okRelay, "goproxy.cn": ok(40*ms, boolp(true))},
			want:    []string{f(SeverityWarning, "relay-no-fallback", "goproxytui use '"+relayURL+"|goproxy.cn,direct'")},
			why:     []string{"the , after it stops the lookup there", "relay|old chain"},
		},
		{
			name:    "up, nothing after it: the fix puts its measured upstreams after '|'",
			goproxy: relayURL,
			relays:  map[string]RelayCheck{rk: relayStatus("goproxy.cn:healthy", "aliyun:healthy")},
			probes:  map[string]probe.Result{rk: okRelay, "goproxy.cn": ok(40*ms, boolp(true)), "aliyun": ok(60*ms, nil)},
			want:    []string{f(SeverityWarning, "relay-no-fallback", "goproxytui use '"+relayURL+"|goproxy.cn|aliyun'")},
			why:     []string{"it is the last entry: while it is down"},
		},
		{
			name:    "up, ',direct' after it: upstreams before direct",
			goproxy: relayURL + ",direct",
			relays:  map[string]RelayCheck{rk: relayStatus("goproxy.cn:healthy")},
			probes:  map[string]probe.Result{rk: okRelay, "goproxy.cn": ok(40*ms, boolp(true))},
			want:    []string{f(SeverityWarning, "relay-no-fallback", "goproxytui use '"+relayURL+"|goproxy.cn,direct'")},
		},
		{
			// The repair would write relay,direct: withdrawn; the relay's
			// measured upstream after '|' instead.
			name:    "up, ',' and a failing rest: the fix is relay|its working upstream",
			goproxy: relayURL + ",goproxy.cn,direct",
			relays:  map[string]RelayCheck{rk: relayStatus("goproxy.cn:healthy", "aliyun:healthy")},
			probes:  map[string]probe.Result{rk: okRelay, "goproxy.cn": fail(probe.ClassDNS, "no such host"), "aliyun": ok(60*ms, nil)},
			want:    []string{f(SeverityWarning, "relay-no-fallback", "goproxytui use '"+relayURL+"|aliyun,direct'")},
		},
		{
			name:    "up, nothing after it, upstreams not measured: no fix claimed",
			goproxy: relayURL,
			relays:  map[string]RelayCheck{rk: relayStatus("goproxy.cn:healthy")},
			probes:  map[string]probe.Result{rk: okRelay},
			want:    []string{f(SeverityWarning, "relay-no-fallback", "")},
		},
		{
			name:    "up, nothing after it, the only upstream failing: no fix",
			goproxy: relayURL,
			relays:  map[string]RelayCheck{rk: relayStatus("goproxy.cn:healthy")},
			probes:  map[string]probe.Result{rk: okRelay, "goproxy.cn": fail(probe.ClassStall, "")},
			want:    []string{f(SeverityWarning, "relay-no-fallback", "")},
		},
	}
}

// downRelayDoctorCases judge a relay whose upstreams are down, an address
// that is no relay and one where nothing answers.
func downRelayDoctorCases() []doctorRelayCase {
	ms := time.Millisecond
	rk := mirrors.URLKey(relayURL)
	okRelay := ok(3*ms, boolp(true))
	bad502 := probe.Result{Class: probe.ClassHTTP5xx, Status: 502, Reason: "502 Bad Gateway"}
	refused := probe.Result{Class: probe.ClassRefused, Reason: "connect: connection refused"}
	return []doctorRelayCase{
		{
			name:    "every upstream down, | after it: go gets 502 and moves on",
			goproxy: relayURL + "|goproxy.cn,direct",
			relays:  map[string]RelayCheck{rk: relayStatus("aliyun:down", "proxy.golang.org:down")},
			probes:  map[string]probe.Result{rk: bad502, "goproxy.cn": ok(40*ms, boolp(true))},
			want:    []string{f(SeverityWarning, "relay-upstreams-down", ""), f(SeverityInfo, "relay", "")},
			msg:     []string{"reports every upstream down (aliyun, proxy.golang.org): it answers 502 at once"},
			why:     []string{"go takes the 502 for an error and the | after the relay moves on to goproxy.cn,direct"},
		},
		{
			name:    "every upstream down, ',' after it: go stops at the 502",
			goproxy: relayURL + ",goproxy.cn,direct",
			relays:  map[string]RelayCheck{rk: relayStatus("aliyun:down")},
			probes:  map[string]probe.Result{rk: bad502, "goproxy.cn": ok(40*ms, boolp(true))},
			want:    []string{f(SeverityWarning, "relay-no-fallback", ""), f(SeverityWarning, "relay-upstreams-down", "")},
			why:     []string{"the , after it stops the lookup there"},
		},
		{
			name:    "answers, not a relay: nothing",
			goproxy: relayURL + "|goproxy.cn,direct",
			relays:  map[string]RelayCheck{rk: {}},
			probes:  map[string]probe.Result{rk: okRelay, "goproxy.cn": ok(40*ms, boolp(true))},
		},
		{
			name:    "refused at the relay's default port: is it running?",
			goproxy: relayURL + "|goproxy.cn,direct",
			relays:  map[string]RelayCheck{rk: {Err: "connection refused"}},
			probes:  map[string]probe.Result{rk: refused, "goproxy.cn": ok(40*ms, boolp(true))},
			want:    []string{f(SeverityWarning, "relay-not-running", "")},
			msg:     []string{"nothing answers at " + relayURL + " (connection refused), the address goproxytui relay listens on"},
			why:     []string{"go falls through the | after it at once", "goproxytui relay --service systemd"},
		},
		{
			name:    "refused at another port: no relay hint",
			goproxy: "http://127.0.0.1:8080|goproxy.cn,direct",
			relays:  map[string]RelayCheck{mirrors.URLKey("http://127.0.0.1:8080"): {Err: "connection refused"}},
			probes:  map[string]probe.Result{mirrors.URLKey("http://127.0.0.1:8080"): refused, "goproxy.cn": ok(40*ms, boolp(true))},
		},
	}
}

func TestDoctorRelay(t *testing.T) {
	t.Parallel()
	tests := slices.Concat(upRelayDoctorCases(), downRelayDoctorCases())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := DoctorInput{Lang: i18n.EN, Snapshot: snap("GOPROXY=" + tt.goproxy), Catalog: cat, Probes: tt.probes, Relays: tt.relays}
			fs := Doctor(in)
			if got := relayCodes(fs); !slices.Equal(got, tt.want) {
				t.Fatalf("relay findings %q, want %q\nall: %q", got, tt.want, short(fs))
			}
			if len(tt.want) == 0 {
				return
			}
			first := relayFinding(t, fs, strings.SplitN(tt.want[0], " ", 3)[1])
			for _, s := range tt.msg {
				if !strings.Contains(first.Message, s) {
					t.Errorf("message %q lacks %q", first.Message, s)
				}
			}
			for _, s := range tt.why {
				if !strings.Contains(first.Why, s) {
					t.Errorf("why %q lacks %q", first.Why, s)
				}
			}
			if n := len(slices.DeleteFunc(short(fs), func(s string) bool { return strings.HasSuffix(s, " ") })); n > 1 || tt.noFix && n > 0 {
				t.Errorf("%d findings carry a fix: %q", n, short(fs))
			}
			// Every text has its Chinese form.
			zh := in
			zh.Lang = i18n.ZH
			for _, x := range Doctor(zh) {
				if strings.HasPrefix(x.Code, "relay") && (strings.Contains(x.Message, " is a goproxytui relay") || strings.Contains(x.Why, "while it is down")) {
					t.Errorf("untranslated: %s / %s", x.Message, x.Why)
				}
			}
		})
	}
}

// The fix's upstreams are measured first: RelayUpstreamChecks names them
// for a relay with nothing after it, and nothing when the chain has
// mirrors after the relay.
func TestRelayUpstreamChecks(t *testing.T) {
	t.Parallel()
	rk := mirrors.URLKey(relayURL)
	st := relayStatus("goproxy.cn:healthy", "aliyun:healthy")
	st.Status.Upstreams = append(st.Status.Upstreams,
		relay.UpstreamStatus{ID: "https://bob:xxxxx@corp.example", URL: "https://bob:xxxxx@corp.example", Pool: 2, Health: "healthy"},
		relay.UpstreamStatus{ID: "athens.example", URL: "https://athens.example", Pool: 3, Health: "healthy"})
	in := DoctorInput{Snapshot: snap("GOPROXY=" + relayURL), Catalog: cat,
		Probes: map[string]probe.Result{rk: ok(time.Millisecond, nil), "aliyun": ok(time.Millisecond, nil)},
		Relays: map[string]RelayCheck{rk: st}}
	var got []string
	for _, m := range RelayUpstreamChecks(in) {
		got = append(got, m.ID+"="+m.URL)
	}
	want := []string{"goproxy.cn=https://goproxy.cn", mirrors.URLKey("https://athens.example") + "=https://athens.example"}
	if !slices.Equal(got, want) {
		t.Errorf("checks %q, want %q (the credentialed upstream cannot be named)", got, want)
	}
	// A mirror after the relay: its upstreams are needed only when that
	// one fails.
	in.Snapshot = snap("GOPROXY=" + relayURL + ",goproxy.cn")
	in.Probes["goproxy.cn"] = fail(probe.ClassDNS, "no such host")
	if ms := RelayUpstreamChecks(in); len(ms) != 1 || ms[0].URL != "https://athens.example" {
		t.Errorf("checks %v with a failing mirror after the relay, want athens.example", ms)
	}
	in.Probes["goproxy.cn"] = ok(time.Millisecond, nil)
	if ms := RelayUpstreamChecks(in); len(ms) != 0 {
		t.Errorf("checks %v with a working mirror after the relay", ms)
	}
	if got := RelayEntries(DoctorPlan(snap("GOPROXY=http://localhost:7390|https://127.0.0.1:8443|http://[::1]:9|goproxy.cn"), cat)); len(got) != 2 {
		t.Errorf("relay entries %v, want the two http loopback ones", got)
	}
}
