package tuiapp

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/internal/gotest"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
	"github.com/goproxytui/goproxytui/ui"
)

// runMsgs runs cmd as the program would and returns the messages it
// produced (a batch's, in order; nil messages left out).
func runMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runMsgs(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// tuiDriver is the real model wired to a real session's Deps: each
// update's commands run, and the messages of the kinds wanted are fed
// back (others, such as the probe scheduler's, stay out of the way).
type tuiDriver struct {
	t *testing.T
	m tea.Model
}

func (d *tuiDriver) send(msg tea.Msg, follow func(tea.Msg) bool) {
	d.t.Helper()
	m, cmd := d.m.Update(msg)
	d.m = m
	for _, out := range runMsgs(cmd) {
		if follow(out) {
			d.send(out, follow)
		}
	}
}

func (d *tuiDriver) view() string { return ansi.Strip(d.m.View().Content) }

// The relay key of the real TUI wiring: a relay in this process over two
// fake mirrors (the first failing with 500s), put in front of GOPROXY in
// the sandboxed go env file after the dialog's yes, serving the go
// protocol with failover; the relay panel shows the relay's own figures;
// the relay answers as one to DetectRelay, a mirror does not; R again
// stops it and its port is closed.
func TestTUIRelayWiring(t *testing.T) {
	t.Parallel()
	bad := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Code(500)})
	good := fakeproxy.StartMirror(t, fakeproxy.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env, _ := gotest.Env(t) // GOENV, HOME and the XDG dirs are temp
	s := &Session{
		ctx: ctx, lang: i18n.EN, env: &envcfg.Env{Environ: env, StateDir: t.TempDir()},
		cfg: config.Default(), cat: mirrors.Builtin(), relayListen: "127.0.0.1:0",
		probing: &probing{sched: probe.NewScheduler(nil, probe.SchedulerConfig{})},
	}
	defer s.stopRelay()
	deps := s.deps()
	chain := bad.URL() + "|" + good.URL() + ",direct"
	if am := deps.Apply([]envcfg.Change{{Key: "GOPROXY", Value: chain}})().(ui.AppliedMsg); am.Err != nil {
		t.Fatal(am.Err)
	}
	d := &tuiDriver{t: t, m: ui.New(ui.Options{Lang: i18n.EN, Catalog: s.cat, Config: s.cfg}, deps)}
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30}, isRelayMsg)
	d.send(deps.ReadEnv()(), isRelayMsg)

	// The model's own tick (relayInterval after the start) asks for the
	// figures: kept here, and delivered once the requests are done.
	var started ui.RelayStartedMsg
	var tick tea.Msg
	d.send(tea.KeyPressMsg{Code: 'R', Text: "R"}, func(m tea.Msg) bool {
		if s, ok := m.(ui.RelayStartedMsg); ok {
			started = s
		}
		if fmt.Sprintf("%T", m) == "ui.relayTickMsg" {
			tick = m
		}
		return isRelayMsg(m)
	})
	if started.Err != nil || !strings.HasPrefix(started.URL, "http://127.0.0.1:") {
		t.Fatalf("started %+v", started)
	}
	if v := d.view(); !strings.Contains(v, "Put the relay in front of GOPROXY?") {
		t.Fatalf("no dialog:\n%s", v)
	}
	d.send(tea.KeyPressMsg{Code: 'y', Text: "y"}, isRelayMsg)
	snap, err := s.env.Read(ctx) // the sandbox sets no GOPROXY: the file's value
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Get("GOPROXY").Value; got != started.URL+"|"+chain {
		t.Fatalf("GOPROXY=%q in the go env file, want %q", got, started.URL+"|"+chain)
	}
	if v := d.view(); !strings.Contains(v, "go uses the relay; the relay serves from") || !strings.Contains(v, "(relay)") {
		t.Errorf("the chain does not show the relay:\n%s", v)
	}

	// The go command's requests, through the relay.
	paths := []string{"/example.com/hello/@v/v1.0.0.info", "/example.com/hello/@v/v1.1.0.info", "/example.com/hello/@v/list", "/example.com/hello/@v/v1.0.0.mod"}
	getThroughRelay(t, started.URL, paths)
	r, _ := s.relay.running()
	want := r.Stats()
	if want.Requests != len(paths) || want.Served != len(paths) || want.Failovers < 1 {
		t.Fatalf("relay stats %+v", want)
	}

	// The panel's figures come through the tick and Deps.RelayStats.
	if tick == nil {
		t.Fatal("the relay's start scheduled no tick")
	}
	goodLabel := good.URL() // a URL entry's label: its redacted URL
	checkRelayPanel(t, d, tick, goodLabel, len(paths), want.Failovers)

	// Detection: the relay says it is one, a mirror does not.
	if m := deps.DetectRelay(started.URL)().(ui.RelayDetectedMsg); !m.Relay || len(m.Status.Upstreams) == 0 || m.Err != "" {
		t.Errorf("the relay was not detected as one, with its upstreams: %+v", m)
	}
	if m := deps.DetectRelay(good.URL())().(ui.RelayDetectedMsg); m.Relay {
		t.Error("a mirror was taken for a relay")
	}

	// The TUI's probes feed the relay's health, under its labels (the
	// TUI's id for a URL mirror is another).
	before := r.Health().Stats(goodLabel).Samples
	s.feedRelay(probe.Result{MirrorID: "127.0.0.1:x", URL: good.URL(), Start: time.Now(), Class: probe.ClassOK, Status: 200})
	if after := r.Health().Stats(goodLabel).Samples; after != before+1 {
		t.Errorf("the relay's samples of %s: %d after a probe result, %d before", goodLabel, after, before)
	}

	checkTUIStopsRelay(t, d, started.URL, len(paths))
}

// isRelayMsg tells the messages the relay's wiring is about.
func isRelayMsg(m tea.Msg) bool {
	switch m.(type) {
	case ui.EnvMsg, ui.AppliedMsg, ui.RelayStartedMsg, ui.RelayStoppedMsg, ui.RelayDetectedMsg:
		return true
	}
	return false
}

// getThroughRelay makes the go command's requests for paths through the
// relay at relayURL; each must be served by the relay.
func getThroughRelay(t *testing.T, relayURL string, paths []string) {
	t.Helper()
	for _, p := range paths {
		resp, err := http.Get(relayURL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get(relay.RelayHeader) == "" {
			t.Fatalf("GET %s: %s, relay header %q", p, resp.Status, resp.Header.Get(relay.RelayHeader))
		}
	}
}

// checkRelayPanel delivers the relay's tick and checks the figures it
// brings to the relay panel: served requests all, failovers, the whole
// share to the mirror labelled goodLabel, the last request.
func checkRelayPanel(t *testing.T, d *tuiDriver, tick tea.Msg, goodLabel string, requests, failovers int) {
	var figures *relay.Stats
	d.send(tick, func(m tea.Msg) bool {
		if s, ok := m.(ui.RelayStatsMsg); ok {
			figures = &s.Stats
			return true
		}
		return false
	})
	if figures == nil {
		t.Fatal("no figures from Deps.RelayStats")
	}
	v := d.view()
	for _, w := range []string{
		fmt.Sprintf("%d requests · %d served · 0 not found · 0 errors · %d failovers", requests, requests, failovers),
		"share: ",
		goodLabel + " 100%",
		"/example.com/hello/@v/v1.0.0.mod",
	} {
		if !strings.Contains(v, w) {
			t.Errorf("relay panel lacks %q:\n%s", w, v)
		}
	}
}

// checkTUIStopsRelay presses R again: the relay stops having served
// every request, its port closes and the chain says GOPROXY still names it.
func checkTUIStopsRelay(t *testing.T, d *tuiDriver, relayURL string, served int) {
	var stopped ui.RelayStoppedMsg
	d.send(tea.KeyPressMsg{Code: 'R', Text: "R"}, func(m tea.Msg) bool {
		if s, ok := m.(ui.RelayStoppedMsg); ok {
			stopped = s
		}
		return isRelayMsg(m)
	})
	if stopped.Err != nil || stopped.Stats.Served != served {
		t.Errorf("stopped %+v", stopped)
	}
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(relayURL, "http://"), time.Second); err == nil {
		c.Close()
		t.Error("the relay's port still accepts connections after the stop")
	}
	if v := d.view(); !strings.Contains(v, "GOPROXY still names it") {
		t.Errorf("the stop does not say GOPROXY still names the relay:\n%s", v)
	}
}
