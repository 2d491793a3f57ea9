package ui

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// The proposal for scenario()'s first rounds: proxy.golang.org fails DNS,
// the three fastest mirrors with | between them, then , direct; tencent,
// whose certificate expires in 9 days, goes after those whose do not
// (recommend, since 14d0331), so huawei takes its place.
const (
	huaweiURL    = "https://mirrors.huaweicloud.com/repository/goproxy/"
	proposedGP   = cnURL + "|" + aliyunURL + "|" + huaweiURL + ",direct"
	newcomerGP   = "https://proxy.golang.org,direct"
	scenarioSize = 7 // mirrors per round in scenario()
)

// newGuide starts a first-run model at w×h with go env s; nothing probed.
func newGuide(t *testing.T, env envcfg.Snapshot, w, h int, firstRun bool) *harness {
	t.Helper()
	f := &fakeDeps{env: env}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Interval: 5 * time.Second, Now: fixedNow, FirstRun: firstRun}, f.deps())
	hh := &harness{t: t, f: f, m: m}
	hh.send(tea.WindowSizeMsg{Width: w, Height: h}, EnvMsg{Snapshot: env})
	f.calls = nil
	return hh
}

// rounds delivers scenario()'s results of rounds [from, to).
func (h *harness) rounds(rs []probe.Result, from, to int) {
	h.t.Helper()
	for _, r := range rs[from*scenarioSize : to*scenarioSize] {
		h.send(ProbeResultMsg{Result: r})
	}
}

// checks lists the URLs of each CheckSumDB call.
func (h *harness) checks() [][]string {
	var out [][]string
	for _, c := range h.f.calls {
		if c.name == "CheckSumDB" {
			out = append(out, c.urls)
		}
	}
	return out
}

func count(names []string, name string) int {
	n := 0
	for _, x := range names {
		if x == name {
			n++
		}
	}
	return n
}

func TestGuideOnlyOnFirstRun(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 80, 24, false)
	if h.m.screen != screenDashboard || strings.Contains(h.view(), "first run") {
		t.Fatalf("guide without FirstRun:\n%s", h.view())
	}
	h.rounds(scenario(), 0, 3)
	if h.m.screen != screenDashboard || count(h.callNames(), "ProbeNow") != 0 {
		t.Errorf("probes opened or drove a guide: screen %d, calls %v", h.m.screen, h.callNames())
	}
	h = newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 80, 24, true)
	if h.m.screen != screenGuide || !strings.Contains(h.view(), "Welcome to goproxytui: first run") {
		t.Fatalf("no guide with FirstRun:\n%s", h.view())
	}
}

func TestGuideWaitsForProbes(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 80, 24, true)
	rs := scenario()
	h.send("enter")
	if len(h.f.calls) != 0 || !strings.Contains(h.m.status, "still measuring") {
		t.Fatalf("enter before any probe: calls %v, status %q", h.callNames(), h.m.status)
	}
	for _, r := range rs[:scenarioSize-1] {
		h.send(ProbeResultMsg{Result: r})
	}
	if h.m.guide.ready || count(h.callNames(), "ProbeNow") != 0 {
		t.Fatalf("6 of 7 mirrors answered: ready %v, calls %v", h.m.guide.ready, h.callNames())
	}
	// proxy.golang.org's DNS failure is a result but no answer.
	if v := h.view(); !strings.Contains(v, "Probing: 5 of 7 mirrors answered") || !strings.Contains(v, "baidu waiting") {
		t.Errorf("progress not shown:\n%s", v)
	}
	h.send(ProbeResultMsg{Result: rs[scenarioSize-1]})
	// The first round is complete: a second one at once, asked only once.
	if n := count(h.callNames(), "ProbeNow"); n != 1 || h.m.guide.ready {
		t.Fatalf("after the first round: ProbeNow %d times, ready %v", n, h.m.guide.ready)
	}
	h.send("enter")
	if count(h.callNames(), "Apply")+count(h.callNames(), "SaveConfig") != 0 || h.m.screen != screenGuide {
		t.Fatalf("enter while measuring wrote something: %v", h.callNames())
	}
	h.rounds(rs, 1, 2)
	if !h.m.guide.ready || count(h.callNames(), "ProbeNow") != 1 {
		t.Fatalf("two answers from every mirror: ready %v, calls %v", h.m.guide.ready, h.callNames())
	}
	if h.m.guide.rec.GOPROXY != proposedGP {
		t.Errorf("proposal %q, want %q", h.m.guide.rec.GOPROXY, proposedGP)
	}
}

func TestGuideReadyAfterRoundsWithoutSecondAnswer(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 80, 24, true)
	rs := scenario()
	h.rounds(rs, 0, 1)
	// baidu never answers again (a stalling mirror takes a timeout each
	// time); the others go on for guideRounds rounds.
	for n := 1; n <= guideRounds; n++ {
		if h.m.guide.ready {
			t.Fatalf("ready after %d rounds", n-1)
		}
		for _, r := range rs[n*scenarioSize : (n+1)*scenarioSize] {
			if r.MirrorID != "baidu" {
				h.send(ProbeResultMsg{Result: r})
			}
		}
	}
	if !h.m.guide.ready {
		t.Fatalf("not ready after %d rounds", guideRounds)
	}
}

func TestGuideShowsFindingsAndApplies(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 200, 60, true)
	h.rounds(scenario(), 0, 2)
	v := h.view()
	for _, want := range []string{
		"What I propose", "GOPROXY=" + proposedGP, "GOSUMDB=sum.golang.org",
		"What I found", "proxy.golang.org: DNS failure in 2/2 rounds — left out",
		"goproxy.cn: p50 38 ms, proxies sum.golang.org — first",
		"Why", "GOSUMDB=sum.golang.org: go reaches it through goproxy.cn",
		"GOPROXY: " + newcomerGP + " → ",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("guide lacks %q:\n%s", want, v)
		}
	}
	h.send("enter")
	if got := h.callNames(); !slices.Equal(got, []string{"ProbeNow", "Apply", "SaveConfig"}) {
		t.Fatalf("calls %v, want ProbeNow, Apply, SaveConfig", got)
	}
	want := []envcfg.Change{{Key: "GOPROXY", Value: proposedGP}}
	if got := h.lastCall("Apply").changes; !reflect.DeepEqual(got, want) {
		t.Errorf("Apply(%v), want %v", got, want)
	}
	if h.m.screen != screenDashboard || h.gp() != proposedGP || h.m.dirty() {
		t.Errorf("after apply: screen %d, chain %q, dirty %v", h.m.screen, h.gp(), h.m.dirty())
	}
	if !strings.Contains(h.eventTexts(), "applied: GOPROXY: "+newcomerGP+" → "+proposedGP) {
		t.Errorf("events:\n%s", h.eventTexts())
	}
}

func TestGuideAppliesGOSUMDBToo(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "off", ""), 200, 50, true)
	h.rounds(scenario(), 0, 2)
	if !strings.Contains(h.view(), "checksum verification was off (GOSUMDB=off)") {
		t.Errorf("no GOSUMDB=off reason:\n%s", h.view())
	}
	h.send("enter")
	want := []envcfg.Change{{Key: "GOPROXY", Value: proposedGP}, {Key: "GOSUMDB", Value: "sum.golang.org"}}
	if got := h.lastCall("Apply").changes; !reflect.DeepEqual(got, want) {
		t.Errorf("Apply(%v), want %v", got, want)
	}
}

func TestGuideChecksSumDB(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 200, 60, true)
	h.f.reach = map[string]advisor.Reach{
		"https://sum.golang.org":       {URL: "https://sum.golang.org", Class: probe.ClassDNS, Reason: "no such host"},
		"https://sum.golang.google.cn": {URL: "https://sum.golang.google.cn", OK: true},
	}
	rs := scenario()[:2*scenarioSize]
	for i := range rs {
		rs[i].SumDBSupported = boolp(false) // no mirror proxies sum.golang.org
	}
	h.rounds(rs, 0, 2)
	asked := h.checks()
	if want := [][]string{{"https://sum.golang.org"}, {"https://sum.golang.google.cn"}}; !reflect.DeepEqual(asked, want) {
		t.Fatalf("CheckSumDB calls %v, want %v", asked, want)
	}
	if h.m.guide.rec.GOSUMDB != mirrors.SumGolangCN || !strings.Contains(h.view(), "GOSUMDB=sum.golang.google.cn because sum.golang.org is unreachable") {
		t.Errorf("GOSUMDB %q:\n%s", h.m.guide.rec.GOSUMDB, h.view())
	}
	h.send(ProbeResultMsg{Result: result("goproxy.cn", 3, probe.ClassOK, time.Millisecond)})
	if n := count(h.callNames(), "CheckSumDB"); n != 2 {
		t.Errorf("checks asked again: %d calls", n)
	}
	h.send("enter")
	want := []envcfg.Change{{Key: "GOPROXY", Value: proposedGP}, {Key: "GOSUMDB", Value: mirrors.SumGolangCN}}
	if got := h.lastCall("Apply").changes; !reflect.DeepEqual(got, want) {
		t.Errorf("Apply(%v), want %v", got, want)
	}
}

func TestGuideSkipWritesNoGoEnvAndNeverComesBack(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 80, 24, true)
	h.rounds(scenario(), 0, 2)
	h.send("esc")
	if got := h.callNames(); !slices.Equal(got, []string{"ProbeNow", "SaveConfig"}) {
		t.Fatalf("skip: calls %v, want ProbeNow, SaveConfig (no Apply)", got)
	}
	if h.m.screen != screenDashboard || !strings.Contains(h.m.status, "guide skipped") || h.gp() != newcomerGP {
		t.Errorf("after skip: screen %d, status %q, chain %q", h.m.screen, h.m.status, h.gp())
	}
	// The watcher reports the saved config, more probes and an outside
	// change arrive: the guide stays closed.
	cfg := mirrors.DefaultConfig()
	h.send(ConfigChangedMsg{Config: cfg, Catalog: mirrors.Builtin()},
		EnvChangedMsg{Event: envcfg.WatchEvent{File: envcfg.EnvFile}, Snapshot: snapshot(cnURL+",direct", "sum.golang.org", "")})
	h.rounds(scenario(), 2, 4)
	if h.m.screen != screenDashboard || h.m.opt.FirstRun || strings.Contains(h.view(), "first run") {
		t.Errorf("the guide came back:\n%s", h.view())
	}
	if n := count(h.callNames(), "SaveConfig"); n != 1 {
		t.Errorf("SaveConfig %d times", n)
	}
	h.send("enter") // the dashboard's enter again: toggles, no apply
	if count(h.callNames(), "Apply") != 0 {
		t.Errorf("Apply after the guide: %v", h.callNames())
	}
}

func TestGuideQuitWritesNothing(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 80, 24, true)
	h.rounds(scenario(), 0, 2)
	h.send("a", "1", "s", "q")
	if !h.quits() || slices.ContainsFunc(h.callNames(), func(n string) bool { return n != "ProbeNow" }) {
		t.Errorf("q in the guide: quits %v, calls %v", h.quits(), h.callNames())
	}
}

func TestGuideScrolls(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 80, 24, true)
	h.rounds(scenario(), 0, 2)
	top := h.view()
	for range 100 {
		h.send("j")
	}
	bottom := h.view()
	if top == bottom || !strings.Contains(bottom, "GOSUMDB=sum.golang.org: go reaches it through") {
		t.Errorf("scrolled to the end:\n%s", bottom)
	}
	off := h.m.guide.off
	h.send("k")
	if h.m.guide.off != off-1 {
		t.Errorf("k after scrolling to the end: offset %d → %d", off, h.m.guide.off)
	}
}

func TestGuideNothingUsable(t *testing.T) {
	h := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 100, 40, true)
	for n := range 2 {
		for _, mm := range h.m.list {
			h.send(ProbeResultMsg{Result: result(mm.ID, n, probe.ClassDNS, time.Millisecond)})
		}
	}
	h.send("enter")
	if count(h.callNames(), "Apply")+count(h.callNames(), "SaveConfig") != 0 || !strings.Contains(h.m.status, "nothing to apply") {
		t.Errorf("enter with nothing usable: calls %v, status %q", h.callNames(), h.m.status)
	}
	if !strings.Contains(h.view(), "No chain to propose") {
		t.Errorf("view:\n%s", h.view())
	}
}

// findingCodes lists the triage's finding codes with their subjects.
func findingCodes(m Model) []string {
	var out []string
	for _, f := range m.triage.findings {
		out = append(out, f.Code+":"+f.Subject)
	}
	return out
}

func TestTriageLive(t *testing.T) {
	h := newHarness(t, true)
	h.send("T")
	if h.m.screen != screenTriage || !strings.Contains(h.view(), "Triage (T or esc to close)") {
		t.Fatalf("T:\n%s", h.view())
	}
	codes := findingCodes(h.m)
	// aliyun stalls in the last rounds: after goproxy.cn's , that is not
	// reached; goproxy.cn serves.
	for _, want := range []string{"mirror-ok:goproxy.cn", "chain-ok:GOPROXY"} {
		if !slices.Contains(codes, want) {
			t.Errorf("findings %v lack %s", codes, want)
		}
	}
	if v := h.view(); !strings.Contains(v, "info mirror-ok goproxy.cn answers") {
		t.Errorf("view:\n%s", v)
	}
	// goproxy.cn starts answering 502: the next round shows it.
	h.send(ProbeResultMsg{Result: result("goproxy.cn", 30, probe.ClassHTTP5xx, 20*time.Millisecond)})
	codes = findingCodes(h.m)
	if !slices.Contains(codes, "mirror-failing:goproxy.cn") || slices.Contains(codes, "mirror-ok:goproxy.cn") {
		t.Errorf("after goproxy.cn's 502: %v", codes)
	}
	if !strings.Contains(h.view(), "warning mirror-failing goproxy.cn fails") {
		t.Errorf("view:\n%s", h.view())
	}
	h.send("esc")
	for _, k := range []string{"T", "esc"} {
		h.send("T")
		if h.m.screen != screenTriage {
			t.Fatal("T did not reopen")
		}
		h.send(k)
		if h.m.screen != screenDashboard {
			t.Errorf("%s did not close the triage", k)
		}
	}
	if len(h.f.calls) != 0 {
		t.Errorf("triage called Deps: %v", h.callNames())
	}
}

func TestTriagePendingAndChecks(t *testing.T) {
	h := newHarness(t, true)
	h.f.reach = map[string]advisor.Reach{"https://sum.golang.org": {URL: "https://sum.golang.org", Class: probe.ClassDNS, Reason: "no such host"}}
	h.send("T", "tab")
	if h.m.triage.pending || !strings.Contains(h.m.status, "no unapplied edits") {
		t.Errorf("tab without edits: pending %v, status %q", h.m.triage.pending, h.m.status)
	}
	// Edit the chain down to direct, then diagnose the pending edits.
	h.send("esc", "tab", "enter", "enter")
	if h.gp() != "direct" {
		t.Fatalf("chain %q", h.gp())
	}
	h.send("T", "tab")
	if !h.m.triage.pending || !slices.Contains(findingCodes(h.m), "goproxy-direct:GOPROXY") {
		t.Fatalf("pending: %v %v", h.m.triage.pending, findingCodes(h.m))
	}
	// direct reaches sum.golang.org directly: the triage asked for it.
	asked := h.checks()
	// sum.golang.org unreachable: the fix needs to know about its alias.
	if want := [][]string{{"https://sum.golang.org"}, {"https://sum.golang.google.cn"}}; !reflect.DeepEqual(asked, want) {
		t.Errorf("CheckSumDB calls %v, want %v", asked, want)
	}
	if !slices.Contains(findingCodes(h.m), "sumdb-unreachable:GOSUMDB") {
		t.Errorf("no sumdb-unreachable after the check: %v", findingCodes(h.m))
	}
	if !strings.Contains(h.view(), "the pending edits (not applied)") {
		t.Errorf("view:\n%s", h.view())
	}
	h.send("tab")
	if h.m.triage.pending || slices.Contains(findingCodes(h.m), "goproxy-direct:GOPROXY") {
		t.Errorf("back to effective: %v", findingCodes(h.m))
	}
	// Keys for the hidden panels do nothing; r and 1-9 still work.
	before := h.gp()
	h.send("enter", "K", "|", "a", "r")
	if h.gp() != before || h.m.dialog != nil || count(h.callNames(), "ProbeNow") != 1 {
		t.Errorf("keys in triage: chain %q, dialog %v, calls %v", h.gp(), h.m.dialog != nil, h.callNames())
	}
}

func TestSaveLog(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(EnvMsg{Snapshot: f.env})
	h.send(ProbeResultMsg{Result: result("goproxy.cn", 1, probe.ClassOK, 38*time.Millisecond)})
	h.m.logEvent(evError, "server said \x1b[31mno\x1b[0m\x07 way\r")
	h.send("w")
	c := h.lastCall("SaveLog")
	if c.name2 != "goproxytui-events-20261124-220000.txt" {
		t.Errorf("file name %q", c.name2)
	}
	want := "goproxytui event log, saved 2026-11-24 22:00:00 UTC\n" +
		"GOPROXY=" + startGP + " (go env file)\n" +
		"GOSUMDB=sum.golang.org (go env file)\n" +
		"\n" +
		"2026-11-24 22:00:10 UTC ✓ goproxy.cn: unknown → healthy: first successful probe: 38ms\n" +
		"2026-11-24 22:00:00 UTC ✗ server said no way\n"
	if c.text != want {
		t.Errorf("log text:\n%q\nwant\n%q", c.text, want)
	}
	if h.m.status != "event log saved to /work/goproxytui-events-20261124-220000.txt" {
		t.Errorf("status %q", h.m.status)
	}
	f.logErr = errors.New("permission denied")
	h.send("w")
	if !h.m.statusErr || !strings.Contains(h.m.status, "saving the event log failed: permission denied") {
		t.Errorf("status %q", h.m.status)
	}
	h.send("T", "w") // also from the triage view
	if n := count(h.callNames(), "SaveLog"); n != 3 {
		t.Errorf("SaveLog %d times", n)
	}
	h.m.deps.SaveLog = nil
	h.send("w")
	if !strings.Contains(h.m.status, "not available") {
		t.Errorf("w without SaveLog: %q", h.m.status)
	}
}

func TestCopyCurl(t *testing.T) {
	secret := "https://alice:s3cret@goproxy.corp.example/mod"
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow,
		Extra: []mirrors.Mirror{{ID: "corp", URL: secret, Source: mirrors.SourceArg}}}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30}, EnvMsg{Snapshot: f.env})
	f.calls = nil // the env read's SetSumDB
	clip := func() string {
		t.Helper()
		h.send("c")
		if h.lastCmd == nil {
			t.Fatal("c returned no command")
		}
		msg := h.lastCmd()
		if got := fmt.Sprintf("%T", msg); got != "tea.setClipboardMsg" {
			t.Fatalf("c's command produced %s, want tea.SetClipboard's message", got)
		}
		return reflect.ValueOf(msg).String()
	}
	// The mirror named on the command line is listed first and selected.
	got := clip()
	if strings.Contains(got, "s3cret") || !strings.Contains(got, "'https://alice:xxxxx@goproxy.corp.example/mod/rsc.io/quote/@v/v1.5.2.info'") {
		t.Errorf("clipboard for a mirror with credentials: %s", got)
	}
	if !strings.Contains(h.m.status, "copied the curl command of corp") {
		t.Errorf("status %q", h.m.status)
	}
	h.send("j")
	want := "curl -sS -o /dev/null -w 'dns %{time_namelookup} connect %{time_connect} tls %{time_appconnect} ttfb %{time_starttransfer} total %{time_total} http %{http_code}\\n' 'https://proxy.golang.org/rsc.io/quote/@v/v1.5.2.info'"
	if got := clip(); got != want {
		t.Errorf("clipboard:\n%s\nwant\n%s", got, want)
	}
	if len(f.calls) != 0 {
		t.Errorf("c called Deps: %v", h.callNames())
	}
}

func TestIssue7KeysInHelp(t *testing.T) {
	h := newHarness(t, false)
	h.send(tea.WindowSizeMsg{Width: 160, Height: 50}, "?")
	v := h.view()
	for _, want := range []string{`T +triage: doctor's findings`, `w +save event log to a file`, `c +copy curl command \(OSC 52\)`} {
		if !regexp.MustCompile(want).MatchString(v) {
			t.Errorf("full help lacks %q:\n%s", want, v)
		}
	}
	h.send("?", "T")
	if v := h.view(); !strings.Contains(v, "tab effective/pending values") || !strings.Contains(v, "↑↓/jk scroll") {
		t.Errorf("triage key bar:\n%s", v)
	}
	g := newGuide(t, snapshot(newcomerGP, "sum.golang.org", ""), 100, 30, true)
	// Nothing to apply while it measures: enter is not offered.
	if v := g.view(); strings.Contains(v, "enter apply the proposal") || !strings.Contains(v, "esc skip to the dashboard") {
		t.Errorf("guide key bar while measuring:\n%s", v)
	}
	g.rounds(scenario(), 0, 2)
	if v := g.view(); !strings.Contains(v, "enter apply the proposal") || !strings.Contains(v, "esc skip to the dashboard") {
		t.Errorf("guide key bar:\n%s", v)
	}
}

func TestIssue7Chinese(t *testing.T) {
	f := &fakeDeps{env: snapshot(newcomerGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.ZH, Catalog: mirrors.Builtin(), Now: fixedNow, FirstRun: true}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}, EnvMsg{Snapshot: f.env})
	h.rounds(scenario(), 0, 2)
	v := h.view()
	if !strings.Contains(v, "欢迎使用 goproxytui：首次运行") || !strings.Contains(v, "建议") {
		t.Errorf("zh guide:\n%s", v)
	}
	h.send("esc", "T")
	if v := h.view(); !strings.Contains(v, "故障排查") {
		t.Errorf("zh triage:\n%s", v)
	}
	for _, l := range strings.Split(h.view(), "\n") {
		if w := widthOf(l); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
}

func TestConfigReloadIntervalAndOwnSave(t *testing.T) {
	h := newHarness(t, false)
	events := len(h.m.events)
	same := cloneConfig(h.m.cfg)
	h.send(ConfigChangedMsg{Config: same, Catalog: mirrors.Builtin()})
	if len(h.m.events) != events {
		t.Errorf("an unchanged config was logged: %s", h.eventTexts())
	}
	cfg := cloneConfig(h.m.cfg)
	cfg.Probe.Interval.Duration = time.Minute
	h.send(ConfigChangedMsg{Config: cfg, Catalog: mirrors.Builtin()})
	if !strings.Contains(h.view(), "every 1m0s") || len(h.m.events) != events+1 {
		t.Errorf("after a new interval: events %s\n%s", h.eventTexts(), h.view())
	}
}

func TestConfigReloadHealthThresholds(t *testing.T) {
	h := newHarness(t, true)
	// aliyun: 20 successes then 10 stalls, down after 2 failures in a row.
	if got := h.m.track.Health("aliyun"); got != mirrors.HealthDown {
		t.Fatalf("aliyun %s before", got)
	}
	samples := h.m.track.Stats("goproxy.cn").Samples
	cfg := cloneConfig(h.m.cfg)
	cfg.Probe.DownAfter = 20
	h.send(ConfigChangedMsg{Config: cfg, Catalog: mirrors.Builtin()})
	if got := h.m.track.Health("aliyun"); got == mirrors.HealthDown {
		t.Errorf("aliyun still down with down_after = 20 after 10 failures")
	}
	if got := h.m.track.Stats("goproxy.cn").Samples; got != samples {
		t.Errorf("history lost: %d samples, had %d", got, samples)
	}
}

func TestGuideWithoutMirrors(t *testing.T) {
	cfg := mirrors.DefaultConfig()
	for _, mm := range mirrors.Builtin().Visible() {
		cfg.Hidden = append(cfg.Hidden, mm.ID)
	}
	cat, err := mirrors.LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeDeps{env: snapshot(newcomerGP, "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: New(Options{Lang: i18n.EN, Catalog: cat, Config: cfg, Now: fixedNow, FirstRun: true}, f.deps())}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30}, EnvMsg{Snapshot: f.env})
	if len(h.m.list) != 0 || !h.m.guide.ready || !strings.Contains(h.view(), "No chain to propose") {
		t.Errorf("no mirrors: list %d, ready %v\n%s", len(h.m.list), h.m.guide.ready, h.view())
	}
	h.send("esc")
	if h.m.screen != screenDashboard || count(h.callNames(), "SaveConfig") != 1 {
		t.Errorf("esc: %v", h.callNames())
	}
}

// Every line of the triage fits its width: a finding's continuation lines
// are indented, so they are wrapped 4 cells narrower (they were cut with
// "…", losing words of the message).
func TestTriageLinesFit(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, w := range []int{60, 80, 100, 140} {
			h := newHarness(t, true)
			h.m.lang = lang
			h.send(tea.WindowSizeMsg{Width: w, Height: 40})
			// goproxy.cn fails under ',': long error findings.
			h.send(ProbeResultMsg{Result: result("goproxy.cn", 30, probe.ClassHTTP5xx, 20*time.Millisecond)}, "T")
			for _, l := range h.m.triageLines(w) {
				if n := widthOf(l); n > w {
					t.Errorf("%s %d: line of %d cells: %q", lang, w, n, l)
				}
			}
		}
	}
}
