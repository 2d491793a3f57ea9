package cli

import (
	"context"
	"errors"
	"net"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
	"github.com/goproxytui/goproxytui/ui"
)

// The TUI's in-process relay: ui.Deps.StartRelay, StopRelay,
// RelayStats and DetectRelay. The relay is built as `goproxytui relay`
// builds one; its health is fed by the TUI's own probes (no second
// prober) and by its traffic.

// tuiRelayGrace is how long in-flight requests get when the relay key
// stops the relay (the command's SIGINT gives relay.DefaultGrace).
const tuiRelayGrace = 2 * time.Second

// tuiRelay is the running relay of a session; its zero value is stopped.
type tuiRelay struct {
	mu     sync.Mutex
	r      *relay.Relay
	url    string
	ids    map[string]string // URLKey of an upstream → its relay label
	cancel context.CancelFunc
	done   chan struct{} // closed when Serve has returned
}

// running returns the relay and its labels by URL, nil when stopped.
func (t *tuiRelay) running() (*relay.Relay, map[string]string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.r, t.ids
}

// relayDeps fills the relay's part of ui.Deps.
func (s *tuiSession) relayDeps(d *ui.Deps) {
	d.StartRelay = func(chain, sumdb string) tea.Cmd {
		return func() tea.Msg { return s.startRelay(chain, sumdb) }
	}
	d.StopRelay = func() tea.Cmd {
		return func() tea.Msg { return s.stopRelay() }
	}
	d.RelayStats = func() tea.Cmd {
		return func() tea.Msg {
			if r, _ := s.relay.running(); r != nil {
				return ui.RelayStatsMsg{Stats: r.Stats()}
			}
			return nil
		}
	}
	d.DetectRelay = func(url string) tea.Cmd {
		return func() tea.Msg { return detectRelay(s.ctx, url) }
	}
}

// startRelay starts a relay forwarding to the proxies of chainText, on the
// config's listen address (the fixed default port, so that a GOPROXY that
// names it stays valid; a free port when that one is taken, and always in
// --demo).
func (s *tuiSession) startRelay(chainText, sumdbText string) ui.RelayStartedMsg {
	t := &s.relay
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.r != nil {
		return ui.RelayStartedMsg{URL: t.url, Err: i18n.Errorf("the relay is already running on %s", t.url)}
	}
	s.mu.Lock()
	cfg, cat := s.cfg, s.cat
	s.mu.Unlock()
	expanded, err := mirrors.ExpandChain(chainText, cat)
	if err != nil {
		return ui.RelayStartedMsg{Err: err}
	}
	chain, err := mirrors.ParseChain(expanded, cat)
	if err != nil {
		return ui.RelayStartedMsg{Err: err}
	}
	listen := cfg.Relay.ListenAddr()
	if s.relayListen != "" {
		listen = s.relayListen
	}
	if !relay.IsLoopback(listen) {
		listen = "127.0.0.1:0" // the TUI never opens a relay to other machines
	}
	ln, err := net.Listen("tcp", listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return ui.RelayStartedMsg{Err: err}
	}
	url := relay.URL(ln.Addr())
	ups, err := relay.UpstreamsFromChain(withoutRelay(chain, url, ln.Addr()), cfg.Relay)
	if err != nil {
		ln.Close()
		return ui.RelayStartedMsg{Err: err}
	}
	r, err := relay.New(s.relayOptions(cfg, ups, sumdbText))
	if err != nil {
		ln.Close()
		return ui.RelayStartedMsg{Err: err}
	}
	ctx, cancel := context.WithCancel(s.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Serve(ctx, ln, tuiRelayGrace)
	}()
	t.r, t.url, t.cancel, t.done = r, url, cancel, done
	t.ids = map[string]string{}
	labels := make([]string, len(ups))
	for i, u := range ups {
		t.ids[mirrors.URLKey(u.URL)] = u.ID
		labels[i] = u.ID
	}
	return ui.RelayStartedMsg{URL: url, Upstreams: labels}
}

// relayOptions are the relay's options from the config and the go env
// values, as the relay command sets them.
func (s *tuiSession) relayOptions(cfg *mirrors.Config, ups []relay.Upstream, sumdbText string) relay.Options {
	hedge := relay.HedgePolicy{Mode: relay.HedgeOff}
	if d, auto, err := mirrors.ParseHedge(cfg.Relay.Hedge); err == nil && auto {
		hedge.Mode = relay.HedgeAuto
	} else if err == nil && d > 0 {
		hedge = relay.HedgePolicy{Mode: relay.HedgeFixed, Delay: d}
	}
	o := relay.Options{
		Upstreams: ups, Private: privateUpstreams(cfg), Hedge: hedge,
		TTFBTimeout: cfg.Relay.TTFBTimeout.Duration, IdleTimeout: cfg.Relay.IdleTimeout.Duration,
		RequestTimeout: cfg.Relay.RequestTimeout.Duration, ZipTimeout: cfg.Relay.ZipTimeout.Duration,
		Health: relay.NewHealth(probe.HealthConfigFrom(cfg.Probe), cfg.Probe.History),
		Lang:   s.lang,
	}
	if snap, err := s.env.Read(s.ctx); err == nil {
		o.NoProxy, o.NoSumDB = snap.Get("GONOPROXY").Value, snap.Get("GONOSUMDB").Value
	}
	if s.demo != nil {
		// The fleet's certificates; no direct route to a real checksum
		// database: the demo never reaches the network (goproxy.cn's
		// stand-in proxies it).
		o.RootCAs = demoRoots()
	} else if db, err := mirrors.ParseSumDB(sumdbText); err == nil && !db.Off {
		o.SumDB = []relay.SumDBRoute{{Name: db.Name, URL: db.DirectURL()}}
	}
	return o
}

// stopRelay stops the running relay and waits until every goroutine of
// it has ended.
func (s *tuiSession) stopRelay() ui.RelayStoppedMsg {
	t := &s.relay
	t.mu.Lock()
	r, cancel, done := t.r, t.cancel, t.done
	t.r, t.ids = nil, nil
	t.mu.Unlock()
	if r == nil {
		return ui.RelayStoppedMsg{Err: i18n.Errorf("the relay is not running")}
	}
	cancel()
	<-done
	return ui.RelayStoppedMsg{Stats: r.Stats()}
}

// feedRelay hands a probe result of the TUI's scheduler to the running
// relay's health tracker, under the relay's label for that mirror.
func (s *tuiSession) feedRelay(res probe.Result) {
	r, ids := s.relay.running()
	if r == nil {
		return
	}
	if id, ok := ids[mirrors.URLKey(res.URL)]; ok {
		res.MirrorID = id
		r.Health().Add(res)
	}
}

// detectRelay asks url whether it is a goproxytui relay and for its
// status (relay.FetchStatus: one request, 2 s at most, never through an
// HTTP proxy; the URL is loopback), which the relay does not count as
// traffic.
func detectRelay(ctx context.Context, url string) ui.RelayDetectedMsg {
	st, ok, err := relay.FetchStatus(ctx, url, 2*time.Second)
	msg := ui.RelayDetectedMsg{URL: url, Relay: ok, Status: st}
	if err != nil {
		msg.Err = sanitize.Line(mirrors.RedactURL(unwrapURLError(err).Error()), 300)
	}
	return msg
}
