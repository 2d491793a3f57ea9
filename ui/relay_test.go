package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

const ownRelayURL = "http://127.0.0.1:7897"

// relayFigures are a relay's figures as relay.Stats reports them: aliyun
// failing (it stalls in the scenario), goproxy.cn serving three quarters.
func relayFigures() relay.Stats {
	return relay.Stats{
		Requests: 12, Served: 8, NotFound: 2, Errors: 2, Failovers: 3, Hedges: 1,
		Attempts: 16, ExtraRequests: 4, RatePerSec: 1.2,
		P50: 14 * time.Millisecond, P95: 95 * time.Millisecond,
		Mirrors: []relay.MirrorStats{
			{ID: "goproxy.cn", Served: 6, Share: 0.75, Attempts: 9, Health: "healthy"},
			{ID: "aliyun", Served: 2, Share: 0.25, Attempts: 7, Failures: 3, Health: "down"},
		},
		Recent: []relay.RequestRecord{
			{Time: t0, Path: "/example.com/hello/@v/v1.0.0.info", Status: 200, Duration: 12 * time.Millisecond, Mirror: "goproxy.cn", Hedges: 1, Hedged: true,
				Attempts: []relay.AttemptRecord{{Mirror: "aliyun", Class: probe.ClassStall}, {Mirror: "goproxy.cn", Class: probe.ClassOK}}},
			{Time: t0.Add(time.Second), Path: "/example.com/nope/@v/list", Status: 502, Duration: 3 * time.Millisecond,
				Attempts: []relay.AttemptRecord{{Mirror: "aliyun", Class: probe.ClassHTTP5xx}, {Mirror: "goproxy.cn", Class: probe.ClassHTTP5xx}}},
		},
	}
}

// startedRelay is a harness whose relay key starts a relay over goproxy.cn
// and aliyun, the scenario's chain.
func startedRelay(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, true)
	h.f.relayStart = func(chain, sumdb string) RelayStartedMsg {
		return RelayStartedMsg{URL: ownRelayURL, Upstreams: []string{"goproxy.cn", "aliyun"}}
	}
	h.f.relayStats = relayFigures()
	h.send("R")
	return h
}

// deliverStats runs the relay's tick as the program would: the tick asks
// Deps.RelayStats, whose answer is delivered.
func (h *harness) deliverStats() {
	h.t.Helper()
	h.send(relayTickMsg{gen: h.m.relay.gen})
	if h.lastCmd == nil {
		h.t.Fatal("the relay tick asked for no figures")
	}
	h.send(h.lastCmd())
}

// The relay key starts the relay over the pending chain, offers to put it
// in front of GOPROXY as relay --apply does, and after yes the chain and
// its verdict know the relay: which upstream serves, which is skipped and
// why.
func TestRelayKeyStartsRelayAndVerdictKnowsIt(t *testing.T) {
	h := startedRelay(t)
	c := h.lastCall("StartRelay")
	if c.name2 != startGP || c.text != "sum.golang.org" {
		t.Fatalf("StartRelay(%q, %q), want the pending chain %q and GOSUMDB", c.name2, c.text, startGP)
	}
	if !h.m.relay.running || !strings.Contains(h.m.status, "relay serving on "+ownRelayURL+" from goproxy.cn, aliyun") {
		t.Fatalf("running %v, status %q", h.m.relay.running, h.m.status)
	}
	if h.m.dialog == nil || h.m.dialog.title != "Put the relay in front of GOPROXY?" {
		t.Fatalf("dialog %+v", h.m.dialog)
	}
	want := ownRelayURL + "|" + startGP
	if ch := h.m.dialog.changes; len(ch) != 1 || ch[0].Key != "GOPROXY" || ch[0].Value != want {
		t.Fatalf("changes %+v, want GOPROXY=%s", ch, want)
	}
	if slices.Contains(h.callNames(), "Apply") {
		t.Fatal("applied before yes")
	}
	h.send("y")
	if got := h.lastCall("Apply").changes[0].Value; got != want {
		t.Fatalf("applied GOPROXY=%q, want %q", got, want)
	}
	if h.gp() != want {
		t.Fatalf("chain %q after the apply, want %q", h.gp(), want)
	}
	v := h.view()
	if !strings.Contains(v, "(relay)") {
		t.Errorf("the chain does not mark the relay:\n%s", v)
	}
	verdict := ansi.Strip(h.m.verdictLine())
	if wantV := "go uses the relay; the relay serves from goproxy.cn, aliyun is skipped: stall"; verdict != wantV {
		t.Errorf("verdict %q, want %q", verdict, wantV)
	}
	// The relay runs in this process: its entry needs no probe.
	if o, known := h.m.outcome(h.m.editor.chain.Entries[0]); !known || o != mirrors.OutcomeOK {
		t.Errorf("relay outcome %v known %v", o, known)
	}
}

// The relay panel shows the figures of relay.Stats: the rate and counts,
// p50/p95 of answered requests and the extra upstream load, each
// mirror's share, and the last requests newest first with their marks.
func TestRelayPanelFigures(t *testing.T) {
	h := startedRelay(t)
	h.send("n") // leave GOPROXY as it is
	v := h.view()
	if !strings.Contains(v, "Relay") || !strings.Contains(v, "relay "+ownRelayURL+": serving") {
		t.Fatalf("no relay panel:\n%s", v)
	}
	if !strings.Contains(v, "no request yet") {
		t.Errorf("before any figures the panel should say no request came yet:\n%s", v)
	}
	h.deliverStats()
	if !h.m.relay.has {
		t.Fatal("figures not taken")
	}
	// A new tick is scheduled after each answer: the panel stays live.
	if h.lastCmd == nil {
		t.Error("no next tick after the figures")
	}
	v = h.view()
	for _, want := range []string{
		"1.2 req/s · 12 requests · 8 served · 2 not found · 2 errors · 3 failovers · 1 hedges",
		"answered p50 14ms · p95 95ms · 16 upstream requests (+33%)",
		"share: goproxy.cn 75% · aliyun 25% (3 failed) down",
		"22:00:01 502  3.0ms —            /example.com/nope/@v/list [failover]",
		"22:00:00 200   12ms goproxy.cn   /example.com/hello/@v/v1.0.0.info [hedged, failover]",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("relay panel lacks %q:\n%s", want, v)
		}
	}
	if strings.Index(v, "/example.com/nope/@v/list") > strings.Index(v, "/example.com/hello/@v/v1.0.0.info") {
		t.Error("the last requests are not newest first")
	}
	// Tab to the detail: the mirror's detail is back in that place.
	h.send("tab", "tab")
	if v := h.view(); strings.Contains(v, "─ Relay") || !strings.Contains(v, "Detail") {
		t.Errorf("detail focus still shows the relay panel:\n%s", v)
	}
}

// Figures of an earlier run, or arriving after the stop, are dropped; the
// stop reports the last figures and says that GOPROXY still names the
// relay (go falls through on 'connection refused' after '|').
func TestRelayStopAndStaleFigures(t *testing.T) {
	h := startedRelay(t)
	h.send("y") // relay in front of GOPROXY
	old := h.m.relay.gen
	h.send("R")
	if !slices.Contains(h.callNames(), "StopRelay") || h.m.relay.running {
		t.Fatalf("calls %v running %v", h.callNames(), h.m.relay.running)
	}
	if !strings.Contains(h.m.status, "relay stopped after 12 requests") || !strings.Contains(h.m.status, "GOPROXY still names it") {
		t.Errorf("status %q", h.m.status)
	}
	h.m.relay.stats = relay.Stats{}
	h.send(RelayStatsMsg{Stats: relayFigures(), gen: old})
	if h.m.relay.stats.Requests != 0 {
		t.Error("figures of a stopped run were taken")
	}
	h.send(relayTickMsg{gen: old})
	if h.lastCmd != nil {
		t.Error("a stale tick asked for figures")
	}
	// Stopped: the panel still shows the last run, saying R restarts.
	if v := h.view(); !strings.Contains(v, "relay "+ownRelayURL+": stopped (R starts it again)") {
		t.Errorf("panel after stop:\n%s", v)
	}
	// The stopped relay is no longer taken as answering: the simulation
	// goes by the probes again.
	if h.m.ownRelay(h.m.editor.chain.Entries[0]) {
		t.Error("a stopped relay is still the own relay")
	}
}

// A relay that does not start says why; nothing else changes.
func TestRelayStartError(t *testing.T) {
	h := newHarness(t, true)
	h.send("R")
	if h.m.relay.running || h.m.relay.busy || !h.m.statusErr || !strings.Contains(h.m.status, "the relay did not start: no relay in this test") {
		t.Errorf("running %v busy %v status %q", h.m.relay.running, h.m.relay.busy, h.m.status)
	}
	if h.m.dialog != nil || h.gp() != startGP {
		t.Errorf("dialog %v chain %q", h.m.dialog, h.gp())
	}
}

// A loopback GOPROXY entry is asked once whether it is a goproxytui relay;
// one that is gets marked and the verdict says go uses that relay, one
// that is not stays a plain mirror.
func TestRelayOutsideDetected(t *testing.T) {
	const outside, other = "http://127.0.0.1:7897", "http://localhost:3000"
	f := &fakeDeps{env: snapshot(outside+"|"+other+"|"+cnURL+",direct", "sum.golang.org", ""), relays: map[string]bool{outside: true}}
	m := newTestModel(f, i18n.EN, 100, 30, true)
	for _, msg := range f.outbox {
		if d, ok := msg.(RelayDetectedMsg); ok {
			mm, _ := m.Update(d)
			m = mm.(Model)
		}
	}
	f.outbox = nil
	var asked []string
	for _, c := range f.calls {
		if c.name == "DetectRelay" {
			asked = append(asked, c.name2)
		}
	}
	if !slices.Equal(asked, []string{outside, other}) {
		t.Fatalf("DetectRelay asked %v, want each loopback entry once", asked)
	}
	if !m.isRelay(m.editor.chain.Entries[0]) || m.isRelay(m.editor.chain.Entries[1]) {
		t.Fatalf("relays: %v %v", m.isRelay(m.editor.chain.Entries[0]), m.isRelay(m.editor.chain.Entries[1]))
	}
	want := "go uses the relay at " + outside + " (a goproxytui relay outside this TUI: its upstreams are not shown here)"
	if v := ansi.Strip(m.verdictLine()); v != want {
		t.Errorf("verdict %q, want %q", v, want)
	}
	v := ansi.Strip(m.render())
	if !strings.Contains(v, "outside relay "+outside+": its figures are not known here") {
		t.Errorf("no outside relay in the panel:\n%s", v)
	}
	// A later env read of the same chain does not ask again.
	m.Update(EnvMsg{Snapshot: f.env})
	n := 0
	for _, c := range f.calls {
		if c.name == "DetectRelay" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("DetectRelay called %d times, want 2", n)
	}
}

// At 80x24 the screen with a running relay and its figures still fits:
// 24 lines of at most 80 cells, the table, the chain and the relay panel
// each with their title.
func TestRelayPanelFits80x24(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {140, 40}} {
		h := startedRelay(t)
		h.send("y")
		h.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		h.deliverStats()
		v := h.view()
		lines := strings.Split(v, "\n")
		if len(lines) != size.h {
			t.Errorf("%dx%d: %d lines", size.w, size.h, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size.w {
				t.Errorf("%dx%d: line %d is %d wide: %q", size.w, size.h, i, w, l)
			}
		}
		for _, want := range []string{"Mirrors", "Chain", "─ Relay", "go uses the relay", "12 requests", "p95 95ms", "share: goproxy.cn 75%"} {
			if !strings.Contains(v, want) {
				t.Errorf("%dx%d: %q not on screen:\n%s", size.w, size.h, want, v)
			}
		}
	}
}

// An outside relay's status (its upstreams and their health) is in the
// verdict, the relay panel and the triage's findings; each probe round asks
// it again, so that what it says of its upstreams stays current.
func TestRelayOutsideStatus(t *testing.T) {
	const outside = "http://127.0.0.1:7897"
	st := relay.Status{Relay: "goproxytui", Requests: 12, Served: 11, Errors: 1, Hedges: 2, Upstreams: []relay.UpstreamStatus{
		{ID: "aliyun", URL: aliyunURL, Pool: 1, Weight: 1, Health: "down"},
		{ID: "goproxy.cn", URL: cnURL, Pool: 0, Weight: 1, Health: "healthy"},
	}}
	f := &fakeDeps{env: snapshot(outside+","+cnURL+",direct", "sum.golang.org", ""),
		relays: map[string]bool{outside: true}, relayStatus: map[string]relay.Status{outside: st}}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 160, 40, false)}
	pending := f.outbox // newTestModel does not deliver them
	f.outbox = nil
	for _, o := range pending {
		h.send(o)
	}
	asked := func() int {
		n := 0
		for _, c := range f.calls {
			if c.name == "DetectRelay" && c.name2 == outside {
				n++
			}
		}
		return n
	}
	if asked() != 1 {
		t.Fatalf("the outside relay was asked %d times, want once", asked())
	}
	// Upstreams in pool order; aliyun down by the relay's word (the TUI
	// has no probe of it yet).
	want := "go uses the relay; the relay serves from goproxy.cn, aliyun is skipped: down"
	if v := ansi.Strip(h.m.verdictLine()); v != want {
		t.Errorf("verdict %q, want %q", v, want)
	}
	if v := h.view(); !strings.Contains(v, "outside relay "+outside+": 12 requests · 11 served") {
		t.Errorf("panel:\n%s", v)
	}

	// A new probe round asks it again.
	rr := result("127.0.0.1:7897", 0, probe.ClassOK, 5*time.Millisecond)
	rr.URL = outside
	h.send(ProbeResultMsg{Result: rr})
	for _, r := range scenario() {
		h.send(ProbeResultMsg{Result: r})
	}
	if asked() < 2 {
		t.Error("a new probe round did not ask the outside relay again")
	}
	if n := strings.Count(h.view(), "answers as a goproxytui relay"); n != 1 {
		t.Errorf("the event log says %d times that it is a relay, want once", n)
	}

	// The triage, opened, asks it again; the relay finding names its
	// upstreams, and the ',' after it makes go fail while it is down.
	n := asked()
	h.send("T")
	if asked() != n+1 {
		t.Error("opening the triage did not ask the relay again")
	}
	codes := findingCodes(h.m)
	if !slices.Contains(codes, "relay-no-fallback:"+outside) {
		t.Errorf("triage findings %v lack relay-no-fallback", codes)
	}
	var msg string
	for _, fd := range h.m.triage.findings {
		if strings.HasPrefix(fd.Code, "relay") {
			msg += fd.Message + "\n"
		}
	}
	if !strings.Contains(msg, "goproxy.cn") {
		t.Errorf("relay findings do not name its upstreams:\n%s", msg)
	}
}

// Wrong files the relay refused and answers from this machine's module
// cache are counted in the panel; a request served from the cache is
// marked so, partial when it is.
func TestRelayPanelCacheAndInvalid(t *testing.T) {
	h := startedRelay(t)
	h.send("n")
	st := relayFigures()
	st.Invalid, st.FromCache, st.Partial = 4, 3, 1
	st.Recent = append(st.Recent, relay.RequestRecord{Time: t0.Add(2 * time.Second), Path: "/example.com/hello/@v/list", Status: 200,
		Duration: time.Millisecond, Mirror: relay.CacheMirror, FromCache: true, Partial: true,
		Attempts: []relay.AttemptRecord{{Mirror: "aliyun", Class: probe.ClassHTTP5xx}}})
	h.f.relayStats = st
	h.deliverStats()
	v := h.view()
	for _, want := range []string{"4 wrong files refused · 3 served from this machine's module cache (1 partial)", "/example.com/hello/@v/list [failover, from cache, partial]"} {
		if !strings.Contains(v, want) {
			t.Errorf("relay panel lacks %q:\n%s", want, v)
		}
	}
}

// The relay is started only with upstreams that answer now: over a chain
// whose every mirror is down, it is started over the mirrors that answer
// (the healthy ones shown); with no mirror answering, it is not started.
func TestRelayStartsOnlyWithAnsweringUpstreams(t *testing.T) {
	f := &fakeDeps{env: snapshot("https://proxy.golang.org,direct", "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 100, 30, true)}
	f.calls = nil
	h.send("R")
	c := h.lastCall("StartRelay")
	if !strings.HasPrefix(c.name2, cnURL+"|") || !strings.HasSuffix(c.name2, ",direct") || strings.Contains(c.name2, "proxy.golang.org") || strings.Contains(c.name2, aliyunURL) {
		t.Errorf("StartRelay(%q), want the mirrors that answer now (goproxy.cn first), not the down proxy.golang.org nor the stalling aliyun", c.name2)
	}

	f = &fakeDeps{env: snapshot("https://proxy.golang.org,direct", "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Interval: 30 * time.Second, Now: fixedNow}, f.deps())
	h = &harness{t: t, f: f, m: m}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30}, EnvMsg{Snapshot: f.env})
	for _, mm := range m.list {
		h.send(ProbeResultMsg{Result: result(mm.ID, 0, probe.ClassConnectTimeout, time.Second)})
	}
	f.calls = nil
	h.send("R")
	if slices.Contains(h.callNames(), "StartRelay") || !h.m.statusErr || !strings.Contains(h.m.status, "no mirror answers now") {
		t.Errorf("every mirror down: calls %v, status %q", h.callNames(), h.m.status)
	}
}

// A request's path is the client's: escapes and controls in it (any page
// that reaches the loopback relay chooses them) never reach the terminal.
func TestRelayPanelSanitizesRequestPath(t *testing.T) {
	h := startedRelay(t)
	h.send("n")
	st := relayFigures()
	st.Recent = append(st.Recent, relay.RequestRecord{Time: t0.Add(2 * time.Second), Path: "/\x1b]52;c;aGk=\x07evil\x1b[2J\u202e/@v/list", Status: 404,
		Duration: time.Millisecond})
	h.f.relayStats = st
	h.deliverStats()
	v := h.view()
	if !strings.Contains(v, "evil") {
		t.Fatalf("the request is not shown:\n%s", v)
	}
	if strings.Contains(v, "]52;") || strings.Contains(v, "\x07") || strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\u202e") {
		t.Errorf("the client's escapes reached the view: %q", v)
	}
}

// An error's text may come from outside (a subprocess, a server): the
// status line shows it without its escapes and line breaks.
func TestStatusLineSanitizesErrors(t *testing.T) {
	h := newHarness(t, true)
	h.deliver(RelayStartedMsg{Err: errors.New("listen: \x1b]0;title\x07bad\x1b[2J\nsecond line")})
	if !h.m.statusErr || !strings.Contains(h.m.status, "bad") || !strings.Contains(h.m.status, "second line") {
		t.Fatalf("status %q", h.m.status)
	}
	if strings.ContainsAny(h.m.status, "\x1b\x07\n") || strings.Contains(h.m.status, "]0;") {
		t.Errorf("status keeps the error's controls: %q", h.m.status)
	}
}
