package ui

import (
	"crypto/rand"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/mod/sumdb/note"

	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Issue 13, screens: the tests of the TUI's part.

// demoCatalog is the built-in catalog with loopback URLs, as --demo has it
// (the fleet's stand-ins).
func demoCatalog() *mirrors.Catalog {
	cat := *mirrors.Builtin()
	cat.Mirrors = slices.Clone(cat.Mirrors)
	for i := range cat.Mirrors {
		cat.Mirrors[i].URL = "https://127.0.0.1:" + string(rune('1'+i)) + "4443"
	}
	return &cat
}

// An outside go env -w in --demo naming a real URL (https://goproxy.cn,
// whose short id is the simulated goproxy.cn's) is listed under its URL
// and probed, and the triage diagnoses the chain once its probe arrives;
// a mirror whose probe never comes stops the wait after a few rounds.
func TestDemoTriageDoesNotWaitForever(t *testing.T) {
	f := &fakeDeps{env: snapshot("https://127.0.0.1:14443,direct", "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: demoCatalog(), Demo: true, Now: fixedNow}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(EnvMsg{Snapshot: f.env}, "T")
	outside := snapshot(cnURL+",direct", "sum.golang.org", "")
	h.send(EnvChangedMsg{Event: envcfg.WatchEvent{Changes: []envcfg.Diff{{Key: "GOPROXY", Old: "https://127.0.0.1:14443,direct", OldSet: true, New: cnURL + ",direct", NewSet: true}}}, Snapshot: outside})
	set := h.lastCall("SetMirrors")
	i := slices.IndexFunc(set.mirrors, func(mm mirrors.Mirror) bool { return mm.URL == cnURL })
	if i < 0 {
		t.Fatalf("the chain's https://goproxy.cn is not probed: %v", ids(set.mirrors))
	}
	id := set.mirrors[i].ID
	if id == "goproxy.cn" {
		t.Fatalf("the real URL took the simulated mirror's id")
	}
	if !strings.Contains(h.view(), "waiting for the first probe of "+id) {
		t.Fatalf("triage before the probe:\n%s", h.view())
	}
	r := result(id, 1, probe.ClassOK, 40*time.Millisecond)
	r.URL = cnURL
	h.send(ProbeResultMsg{Result: r})
	if strings.Contains(h.view(), "waiting for") || len(h.m.triage.findings) == 0 {
		t.Fatalf("triage after the probe:\n%s", h.view())
	}

	// A mirror whose result never comes: after two rounds of the others
	// the doctor goes on without it.
	h.send(EnvChangedMsg{Event: envcfg.WatchEvent{Changes: []envcfg.Diff{{Key: "GOPROXY", New: "https://never.example,direct", NewSet: true}}},
		Snapshot: snapshot("https://never.example,direct", "sum.golang.org", "")})
	if !strings.Contains(h.view(), "waiting for the first probe of never.example") {
		t.Fatalf("triage:\n%s", h.view())
	}
	for n := 2; n <= 4; n++ {
		h.send(ProbeResultMsg{Result: result("goproxy.cn", n, probe.ClassOK, 40*time.Millisecond)})
	}
	v := h.view()
	if strings.Contains(v, "waiting for") || !strings.Contains(v, "no probe of never.example arrived in 2 rounds") {
		t.Fatalf("triage after rounds without never.example's probe:\n%s", v)
	}
}

// Digit keys: a stable number per mirror, the mirror put at the head (not
// one more entry per press), healthy fallbacks kept with '|', and no chain
// written that the simulation says hangs or fails without asking.
func TestSwitchIsSafe(t *testing.T) {
	t.Run("repeated presses keep one entry per mirror", func(t *testing.T) {
		h := newHarness(t, true)
		h.send("3", "3", "2", "3")
		if want := ioURL + "|" + cnURL + ",direct"; h.gp() != want || h.m.applied != want {
			t.Errorf("chain %q applied %q, want %q", h.gp(), h.m.applied, want)
		}
		if n := count(h.callNames(), "Apply"); n != 4 {
			t.Errorf("%d applies, want 4", n)
		}
	})
	t.Run("the status names the fallbacks left out", func(t *testing.T) {
		h := newHarness(t, true)
		h.m.deps.Apply = func(ch []envcfg.Change) tea.Cmd {
			h.f.calls = append(h.f.calls, call{name: "Apply", changes: ch})
			return func() tea.Msg { return nil } // still running
		}
		h.send("3")
		if !strings.Contains(h.m.status, "switching to goproxy.io (left out, failing now: aliyun)") {
			t.Errorf("status %q", h.m.status)
		}
	})
	t.Run("a stalling mirror is refused", func(t *testing.T) {
		h := newHarness(t, true)
		h.send("4") // aliyun stalls
		if slices.Contains(h.callNames(), "Apply") || h.m.dialog != nil {
			t.Fatalf("calls %v dialog %v", h.callNames(), h.m.dialog)
		}
		if !strings.Contains(h.m.status, "not switched to aliyun: go would HANG: aliyun never answers") || !h.m.statusErr {
			t.Errorf("status %q", h.m.status)
		}
		if h.gp() != startGP {
			t.Errorf("chain changed: %q", h.gp())
		}
	})
	t.Run("a chain go would fail on is refused", func(t *testing.T) {
		h := newHarness(t, true)
		h.f.env = snapshot("https://proxy.golang.org", "sum.golang.org", "")
		h.send(EnvMsg{Snapshot: h.f.env}, "1")
		if slices.Contains(h.callNames(), "Apply") || h.m.dialog != nil {
			t.Fatalf("calls %v dialog %v", h.callNames(), h.m.dialog)
		}
		if !strings.Contains(h.m.status, "not switched to proxy.golang.org: go would FAIL") {
			t.Errorf("status %q", h.m.status)
		}
	})
	t.Run("a down mirror asks, saying why", func(t *testing.T) {
		h := newHarness(t, true)
		h.send("1") // proxy.golang.org: dns failures
		if slices.Contains(h.callNames(), "Apply") || h.m.dialog == nil || h.m.dialog.kind != dialogSwitch {
			t.Fatalf("calls %v dialog %v", h.callNames(), h.m.dialog)
		}
		v := h.view()
		for _, want := range []string{"Switch to proxy.golang.org anyway?", "go would use goproxy.cn, after proxy.golang.org fails on every request", "GOPROXY: " + startGP} {
			if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
				t.Errorf("dialog lacks %q:\n%s", want, v)
			}
		}
		h.send("n")
		if slices.Contains(h.callNames(), "Apply") || h.gp() != startGP {
			t.Errorf("n: calls %v chain %q", h.callNames(), h.gp())
		}
		h.send("1", "y")
		if want := "https://proxy.golang.org|" + cnURL + ",direct"; h.lastCall("Apply").changes[0].Value != want {
			t.Errorf("y applied %v, want %s", h.lastCall("Apply").changes, want)
		}
	})
	t.Run("a mirror without a probe asks", func(t *testing.T) {
		h := newHarness(t, false)
		h.send("3")
		if h.m.dialog == nil || !strings.Contains(h.view(), "health unknown") {
			t.Fatalf("no question:\n%s", h.view())
		}
	})
	t.Run("numbers survive a sort", func(t *testing.T) {
		h := newHarness(t, true)
		h.send("S", "S") // by name: aliyun first
		if mm, _ := h.m.selectedMirror(); mm.ID != "aliyun" {
			t.Fatalf("first row %s", mm.ID)
		}
		if !strings.Contains(h.view(), "▸ 4 aliyun") {
			t.Errorf("aliyun is not shown with its number 4:\n%s", h.view())
		}
		h.send("2")
		if c := h.lastCall("Apply"); c.changes[0].Value != cnURL+",direct" {
			t.Errorf("2 after a sort applied %v", c.changes)
		}
	})
}

// The chain panel's title says "pending" only with unapplied edits, which
// also show what go does now with the effective GOPROXY.
func TestPendingTitleAndNow(t *testing.T) {
	h := newHarness(t, true)
	v := h.view()
	if strings.Contains(v, "Chain (pending)") || !strings.Contains(v, "─ Chain ─") || strings.Contains(v, "go does now") {
		t.Fatalf("no edits:\n%s", v)
	}
	h.send("1")               // proxy.golang.org is down: a question, nothing edited
	h.send("n", "j", "enter") // goproxy.cn removed: the stalling aliyun is first
	v = h.view()
	for _, want := range []string{"Chain (pending)", "go would HANG: aliyun stalls", "go does now: uses goproxy.cn"} {
		if !strings.Contains(v, want) {
			t.Errorf("with edits, the view lacks %q:\n%s", want, v)
		}
	}
}

// Mirrors named on the command line come first and are selected, at
// 80x24 and at 200x50.
func TestExtraMirrorsFirst(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
		m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow,
			Extra: []mirrors.Mirror{{ID: "corp.example", URL: "https://corp.example", Source: mirrors.SourceArg}}}, f.deps())
		h := &harness{t: t, f: f, m: m}
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]}, EnvMsg{Snapshot: f.env})
		for _, r := range scenario() {
			h.send(ProbeResultMsg{Result: r})
		}
		if mm, _ := h.m.selectedMirror(); mm.ID != "corp.example" || !strings.Contains(h.view(), "▸ 1 corp.example") {
			t.Errorf("%dx%d: selected %s:\n%s", size[0], size[1], mm.ID, h.view())
		}
	}
}

// o orders the chain by ranking and each separator stays with the mirror
// it follows: aliyun's '|' (fall through on its errors) goes with it.
func TestOrderKeepsSeparators(t *testing.T) {
	h := newHarness(t, true)
	h.f.env = snapshot(aliyunURL+"|"+cnURL+","+ioURL+",direct", "sum.golang.org", "")
	h.send(EnvMsg{Snapshot: h.f.env}, "o")
	// goproxy.cn is the fastest, goproxy.io next, aliyun (stalling) last.
	if want := cnURL + "," + ioURL + "," + aliyunURL + "|direct"; h.gp() != want {
		t.Errorf("o: %q, want %q", h.gp(), want)
	}
	if !strings.Contains(h.m.status, "each separator stays after its mirror") {
		t.Errorf("status %q", h.m.status)
	}
	// Without direct the last mirror has no separator: the one moved away
	// from the end takes the separator of the new last one.
	h = newHarness(t, true)
	h.f.env = snapshot(aliyunURL+"|"+ioURL+","+cnURL, "sum.golang.org", "")
	h.send(EnvMsg{Snapshot: h.f.env}, "o")
	if want := cnURL + "|" + ioURL + "," + aliyunURL; h.gp() != want {
		t.Errorf("o without direct: %q, want %q", h.gp(), want)
	}
}

// x and X edit GONOPROXY and GONOSUMDB like P edits GOPRIVATE; a pattern
// with a URL scheme (it matches no module path) is taken only after a
// question that shows the warning, and the apply dialog repeats it.
func TestPatternEditors(t *testing.T) {
	h := newHarness(t, true)
	h.send("x", "type:[")
	if h.m.input == nil || h.m.input.err == "" || !strings.Contains(h.view(), "Edit GONOPROXY") {
		t.Fatalf("bad glob not flagged:\n%s", h.view())
	}
	h.send("enter") // refused while invalid
	if h.m.input == nil {
		t.Fatal("an invalid GONOPROXY was accepted")
	}
	h.send("backspace", "type:corp.example/*", "enter")
	if h.m.input != nil || h.m.pats[1] != "corp.example/*" {
		t.Fatalf("GONOPROXY = %q", h.m.pats[1])
	}
	h.send("X", "type:https://corp.example/*", "enter")
	if h.m.dialog == nil || h.m.dialog.kind != dialogPattern {
		t.Fatalf("no question for a scheme pattern:\n%s", h.view())
	}
	flat := func() string { return strings.Join(strings.Fields(h.view()), " ") }
	if v := flat(); !strings.Contains(v, "Keep GONOSUMDB with a pattern that matches no module path?") || !strings.Contains(v, "has a URL scheme") {
		t.Errorf("question:\n%s", h.view())
	}
	h.send("n")
	if h.m.pats[2] != "" {
		t.Fatalf("n took GONOSUMDB %q", h.m.pats[2])
	}
	h.send("X", "type:https://corp.example/*", "enter", "y")
	if h.m.pats[2] != "https://corp.example/*" {
		t.Fatalf("y did not take GONOSUMDB: %q", h.m.pats[2])
	}
	h.send("a")
	if v := flat(); !strings.Contains(v, "GONOPROXY: (unset) → corp.example/*") || !strings.Contains(v, "GONOSUMDB: (unset) → https://corp.example/*") || !strings.Contains(v, "has a URL scheme") {
		t.Errorf("apply dialog:\n%s", h.view())
	}
	h.send("y")
	want := []envcfg.Change{{Key: "GONOPROXY", Value: "corp.example/*"}, {Key: "GONOSUMDB", Value: "https://corp.example/*"}}
	if got := h.lastCall("Apply").changes; !slices.Equal(got, want) {
		t.Errorf("applied %v, want %v", got, want)
	}
	if h.m.dirty() {
		t.Errorf("still pending after the apply: %v", h.m.pendingChanges())
	}
	if !strings.Contains(h.view(), "GONOPROXY=corp.example/*") {
		t.Errorf("header lacks GONOPROXY:\n%s", h.view())
	}
}

// At 80x24 the header keeps the go env file's path and GOPROXY readable
// (shortened in the middle, the end kept), and the detail panel shows its
// curl line to its end, focused or not.
func TestLayout80x24(t *testing.T) {
	long := "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/|https://mirrors.cloud.tencent.com/go/|direct"
	f := &fakeDeps{env: snapshot(long, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow, Interval: 30 * time.Second, Demo: true,
		EnvFile: "/tmp/goproxytui-demo-1234567890/deeply/nested/dir/go.env"}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}, EnvMsg{Snapshot: f.env})
	for _, r := range scenario() {
		h.send(ProbeResultMsg{Result: r})
	}
	for _, keys := range [][]string{nil, {"tab", "tab"}, {"j"}} {
		h.send(toAny(keys)...)
		lines := strings.Split(h.view(), "\n")
		if len(lines) != 24 {
			t.Fatalf("%d lines", len(lines))
		}
		if l := lines[0]; !strings.Contains(l, "env file /tmp/") || !strings.Contains(l, "/go.env") || !strings.Contains(l, "probing live") {
			t.Errorf("%v: title line %q", keys, l)
		}
		if l := strings.TrimRight(lines[1], " "); !strings.HasPrefix(l, "GOPROXY=https://goproxy.cn|") || !strings.HasSuffix(l, "/go/|direct (go env file)") || !strings.Contains(l, "…") {
			t.Errorf("%v: GOPROXY line %q", keys, l)
		}
		v := strings.Join(lines, "\n")
		if !strings.Contains(v, "curl -sS") || !strings.Contains(v, "/rsc.io/quote/@v/v1.5.2.info'") {
			t.Errorf("%v: the detail does not reach the end of its curl line:\n%s", keys, v)
		}
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// At 200x50 both columns use their height: the left one (table, detail)
// and the right one (chain, events, probe feed) have no more than a few
// blank rows.
func TestWideUsesItsHeight(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 200, 50, true)}
	lines := strings.Split(h.view(), "\n")
	lw := 200 * 60 / 100
	var blankL, blankR int
	for _, l := range lines[3 : len(lines)-2] { // the body
		r := []rune(l)
		if strings.TrimSpace(string(r[:lw])) == "" {
			blankL++
		}
		if strings.TrimSpace(string(r[lw:])) == "" {
			blankR++
		}
	}
	if blankL > 3 || blankR > 3 {
		t.Errorf("blank rows: %d on the left, %d on the right:\n%s", blankL, blankR, h.view())
	}
	if !strings.Contains(h.view(), "Probe feed") {
		t.Errorf("no probe feed under the short event log:\n%s", h.view())
	}
}

// A flapping mirror's health changes take one line of the event log.
func TestEventsCoalesceFlapping(t *testing.T) {
	h := newHarness(t, true)
	before := len(h.m.events)
	for n := 30; n < 46; n++ {
		class := probe.ClassOK
		if n/2%2 == 0 {
			class = probe.ClassHTTP5xx
		}
		h.send(ProbeResultMsg{Result: result("goproxy.io", n, class, 50*time.Millisecond)})
	}
	var flaps []string
	for _, e := range h.m.events[before:] {
		if strings.Contains(e.Text, "goproxy.io") {
			flaps = append(flaps, e.Text)
		}
	}
	if len(flaps) != 1 || !strings.Contains(flaps[0], "goproxy.io is flapping:") || !strings.Contains(flaps[0], "8 health changes since 22:05:30") {
		t.Errorf("goproxy.io's events: %q", flaps)
	}
	if !strings.Contains(h.eventTexts(), "aliyun: healthy → down") {
		t.Errorf("other events lost:\n%s", h.eventTexts())
	}
}

// The checksum line routes the database GOSUMDB names with doctor's route
// (advisor.RouteSumDB) over the probes' /sumdb/<name>/supported answers:
// an answer about another database is not taken for this one, a 500 is an
// error (not "does not proxy it"), a stall hangs go, and the wording
// follows the separator that decided.
func TestSumDBLineAsDoctorRoutes(t *testing.T) {
	_, vkey, err := note.GenerateKey(rand.Reader, "sum.example.com")
	if err != nil {
		t.Fatal(err)
	}
	line := func(gp, gosumdb string, rs ...probe.Result) string {
		t.Helper()
		f := &fakeDeps{env: snapshot(gp, gosumdb, "")}
		h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 100, 30, true)}
		for _, r := range rs {
			h.send(ProbeResultMsg{Result: r})
		}
		return ansi.Strip(h.m.sumdbLine())
	}
	// The probes are told which database to ask about.
	f := &fakeDeps{env: snapshot(cnURL+",direct", vkey, "")}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 100, 30, false)}
	if h.lastCall("SetSumDB").name2 != "sum.example.com" {
		t.Errorf("SetSumDB(%q), want sum.example.com", h.lastCall("SetSumDB").name2)
	}
	// Until they have, their answers about sum.golang.org do not count.
	if got, want := line(cnURL+",direct", vkey), "checksum DB sum.example.com: directly at https://sum.example.com (not measured whether goproxy.cn proxies it)"; got != want {
		t.Errorf("own database: %q, want %q", got, want)
	}
	checked := func(id string, status int, stalled bool) probe.Result {
		r := result(id, 40, probe.ClassOK, 40*time.Millisecond)
		r.SumDBChecked, r.SumDBName, r.SumDBStatus, r.SumDBStalled = true, "sum.golang.org", status, stalled
		return r
	}
	if got, want := line(ioURL+","+cnURL+",direct", "sum.golang.org", checked("goproxy.io", 500, false)),
		"checksum DB sum.golang.org: UNAVAILABLE, goproxy.io fails and `,` stops the lookup"; got != want {
		t.Errorf("500 before ',': %q, want %q", got, want)
	}
	if got, want := line(ioURL+"|"+cnURL+",direct", "sum.golang.org", checked("goproxy.io", 500, false)),
		"checksum DB sum.golang.org: through goproxy.cn"; got != want {
		t.Errorf("500 before '|': %q, want %q", got, want)
	}
	if got, want := line(ioURL+"|"+cnURL+",direct", "sum.golang.org", checked("goproxy.io", 0, true)),
		"checksum DB sum.golang.org: go would HANG asking goproxy.io"; got != want {
		t.Errorf("stalled check: %q, want %q", got, want)
	}
	if got, want := line(ioURL+"|"+"https://mirrors.cloud.tencent.com/go/", "sum.golang.org", checked("goproxy.io", 500, false)),
		"checksum DB sum.golang.org: UNAVAILABLE, goproxy.io fails and no entry after it offers the database"; got != want {
		t.Errorf("500 then a 404 after '|': %q, want %q", got, want)
	}
}

// The triage's fix may use a mirror of the catalog that is not in the chain
// but that the dashboard measures working now, as doctor's does: a chain
// of one stalling mirror gets a fix that puts a working one first.
func TestTriageFixUsesMeasuredSpares(t *testing.T) {
	f := &fakeDeps{env: snapshot(aliyunURL, "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 120, 40, true)}
	f.calls, f.outbox = nil, nil
	h.send("T")
	var fix string
	for _, fd := range h.m.triage.findings {
		if fd.Code == "chain-hangs" {
			fix = fd.Fix
		}
	}
	if fix == "" {
		t.Fatalf("no chain-hangs finding with a fix: %v", findingCodes(h.m))
	}
	if !strings.HasPrefix(fix, "goproxytui use ") || strings.HasPrefix(fix, "goproxytui use aliyun") ||
		!(strings.Contains(fix, "goproxy.cn") || strings.Contains(fix, "tencent") || strings.Contains(fix, "huawei") || strings.Contains(fix, "goproxy.io")) {
		t.Errorf("fix %q: want a measured working mirror first", fix)
	}
}
