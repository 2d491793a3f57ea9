package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// benchModel is a model with 50 mirrors (7 built-in, 43 extra), each with
// a full history, 10 of them in the chain.
func benchModel(b *testing.B, w, h int) Model {
	b.Helper()
	var extra []mirrors.Mirror
	for i := range 43 {
		extra = append(extra, mirrors.Mirror{ID: fmt.Sprintf("m%02d", i), URL: fmt.Sprintf("https://m%02d.example.com/goproxy", i), Source: mirrors.SourceArg})
	}
	gp := cnURL + "|" + aliyunURL
	for i := range 8 {
		gp += fmt.Sprintf("|https://m%02d.example.com/goproxy", i)
	}
	gp += ",direct"
	f := &fakeDeps{env: snapshot(gp, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Extra: extra, Interval: 30 * time.Second, Now: fixedNow}, f.deps())
	mm, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	mm, _ = mm.Update(EnvMsg{Snapshot: f.env})
	m = mm.(Model)
	if len(m.list) != 50 {
		b.Fatalf("%d mirrors", len(m.list))
	}
	hist := historyFrom(m.cfg)
	for n := range hist {
		for _, mir := range m.list {
			class := probe.ClassOK
			if n%17 == 0 {
				class = probe.ClassHTTP5xx
			}
			r := result(mir.ID, n, class, time.Duration(30+n%40)*time.Millisecond)
			r.SumDBSupported = boolp(n%2 == 0)
			m.handleProbe(ProbeResultMsg{Result: r})
		}
	}
	return m
}

// BenchmarkView renders the whole screen (target < 2 ms).
func BenchmarkView(b *testing.B) {
	for _, sz := range [][2]int{{80, 24}, {140, 40}, {200, 60}} {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			m := benchModel(b, sz[0], sz[1])
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkProbeResult handles one probe result (target < 50 µs).
func BenchmarkProbeResult(b *testing.B) {
	m := benchModel(b, 140, 40)
	r := result("goproxy.cn", 1000, probe.ClassOK, 40*time.Millisecond)
	var tm tea.Model = m
	b.ReportAllocs()
	for b.Loop() {
		tm, _ = tm.Update(ProbeResultMsg{Result: r})
	}
}

// BenchmarkProbeResultTriage handles one probe result of a chain mirror
// while the triage view is open: the doctor runs again (results of the
// other mirrors cost what BenchmarkProbeResult does).
func BenchmarkProbeResultTriage(b *testing.B) {
	m := benchModel(b, 140, 40)
	m.screen = screenTriage
	m.refreshTriage()
	r := result("goproxy.cn", 1000, probe.ClassOK, 40*time.Millisecond)
	if !m.triage.ids[r.MirrorID] {
		b.Fatalf("%s is not in the chain: %v", r.MirrorID, m.triage.ids)
	}
	var tm tea.Model = m
	b.ReportAllocs()
	for b.Loop() {
		tm, _ = tm.Update(ProbeResultMsg{Result: r})
	}
}

// BenchmarkViewGuideTriage renders the guide and the triage view at 140x40.
func BenchmarkViewGuideTriage(b *testing.B) {
	for _, s := range []screen{screenGuide, screenTriage} {
		b.Run(fmt.Sprint(s), func(b *testing.B) {
			m := benchModel(b, 140, 40)
			m.screen = s
			m.guideStep()
			m.refreshTriage()
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}
