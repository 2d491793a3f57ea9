package ui

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
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
	cfg := config.Default()
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

func TestGuideWithoutMirrors(t *testing.T) {
	h := guideWithoutMirrors(t)
	if len(h.m.list) != 0 || !h.m.guide.ready || !strings.Contains(h.view(), "No chain to propose") {
		t.Errorf("no mirrors: list %d, ready %v\n%s", len(h.m.list), h.m.guide.ready, h.view())
	}
	h.send("esc")
	if h.m.screen != screenDashboard || count(h.callNames(), "SaveConfig") != 1 {
		t.Errorf("esc: %v", h.callNames())
	}
}

// guideWithoutMirrors is the first-run guide at 100x30 over a catalog whose
// every mirror the config hides: there is nothing to measure or propose.
func guideWithoutMirrors(t *testing.T) *harness {
	t.Helper()
	cfg := config.Default()
	for _, mm := range mirrors.Builtin().Visible() {
		cfg.Hidden = append(cfg.Hidden, mm.ID)
	}
	cat, err := config.LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeDeps{env: snapshot(newcomerGP, "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: New(Options{Lang: i18n.EN, Catalog: cat, Config: cfg, Now: fixedNow, FirstRun: true}, f.deps())}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30}, EnvMsg{Snapshot: f.env})
	return h
}
