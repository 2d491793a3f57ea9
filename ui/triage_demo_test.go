package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

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
