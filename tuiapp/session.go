// Package tuiapp is the terminal UI's runtime: it owns the go env
// reader/writer, the probe scheduler, the file watcher, the in-process
// relay and, in --demo, the simulated fleet, and connects them to the
// model of package ui. Package cli only fills Options and reports errors.
package tuiapp

import (
	"context"
	"io"
	"log"
	"os"
	"os/signal"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/themes"
	"github.com/goproxytui/goproxytui/ui"
)

// Options are what a run of the TUI takes from the command line.
type Options struct {
	Lang  i18n.Lang
	GoBin string // the go command; "" means "go" on PATH
	// ConfigPath is the user's config file. In --demo it is only read,
	// for its theme, and may be "" (no user config dir).
	ConfigPath string
	Theme      string   // --theme; "" means the config's
	Mirrors    []string // extra mirrors (catalog ids or URLs) for this run only
	Demo       bool     // run against the simulated fleet, in a temp dir
	NoColor    bool     // NO_COLOR is set
	// Environ is the process environment (os.Environ()); ProxyEnv its
	// HTTP(S) proxy variables that are set, for the triage view.
	Environ  []string
	ProxyEnv map[string]string
	// CheckSumDB checks that the checksum database at url answers, with
	// the probe settings pc (as recommend and doctor check it).
	CheckSumDB func(ctx context.Context, url string, pc config.ProbeConfig) advisor.Reach
}

// Run shows the TUI on out until the user quits, the terminal closes
// (SIGHUP) or ctx is done. It returns tea.ErrInterrupted for ctrl+c at a
// prompt that quits.
//
// The session is the only place where the TUI meets the outside world: the
// model (package ui) asks for I/O through ui.Deps commands, and background
// goroutines feed it through program.Send: probe results (the scheduler and
// a pump), and outside changes to the go env file and the config (the
// watcher). All of them end before Run returns.
func (s *Session) Run(ctx context.Context, out io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// net/http reports some server behaviour (an unsolicited response on an
	// idle connection, say) through the standard logger, which would print
	// a mirror's words over the screen: nothing is logged while the TUI runs.
	log.SetOutput(io.Discard)
	defer log.SetOutput(os.Stderr)

	// Input stays Bubble Tea's default: stdin, or the terminal itself when
	// stdin is not one (`… | goproxytui` still gets keys).
	p := tea.NewProgram(ui.New(s.options(), s.deps()), tea.WithContext(ctx), tea.WithOutput(out))
	s.start(p.Send)
	// A closed terminal (SIGHUP) quits at once — there is nobody left to
	// ask about unapplied edits — so that the cleanup still runs: the
	// demo's temp dir must not be left behind.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	hupDone := make(chan struct{})
	go func() {
		defer close(hupDone)
		select {
		case <-hup:
			p.Quit()
		case <-ctx.Done():
		}
	}()
	_, err := p.Run()
	signal.Stop(hup)
	s.cancel()
	cancel()
	<-hupDone
	s.stop()
	return err
}

// Session is what one run of the TUI owns: the go env reader/writer, the
// probe scheduler, the file watcher, the last good config and, in --demo,
// the simulated fleet and its temp dir.
type Session struct {
	ctx     context.Context
	cancel  context.CancelFunc // ends ctx: the schedulers, pumps and relay
	lang    i18n.Lang
	env     *envcfg.Env
	cfgPath string
	extra   []mirrors.Mirror
	theme   string
	noColor bool
	demo    *demoSetup // nil unless --demo
	// firstRun: no config file existed at start (the first-run guide);
	// proxyEnv: the OS proxy variables, for the triage view.
	firstRun bool
	proxyEnv map[string]string
	// sumdbCheck is Options.CheckSumDB.
	sumdbCheck func(ctx context.Context, url string, pc config.ProbeConfig) advisor.Reach

	// catalogFor turns a config into the catalog the dashboard shows: the
	// built-in catalog merged with the config, or in --demo the fleet's
	// stand-ins for it.
	catalogFor func(*config.Config) (*mirrors.Catalog, error)

	mu      sync.Mutex
	cfg     *config.Config   // last good config
	cat     *mirrors.Catalog // catalog of the last good config
	probing *probing         // the scheduler of the last good [probe] settings
	// probedSet is the scheduler's mirrors (SetMirrors), for a scheduler
	// that replaces it; sumdbName the checksum database its sumdb check
	// asks about (the TUI's GOSUMDB; "" the default).
	probedSet []mirrors.Mirror
	sumdbName string
	results   chan probe.Result
	started   bool

	watcher *envcfg.Watcher
	wg      sync.WaitGroup

	// relay is the in-process relay the TUI's relay key starts;
	// relayListen, when set, replaces the config's listen address (a
	// free port in --demo and in tests).
	relay       tuiRelay
	relayListen string

	// send is program.Send once start has run: how the env's lock-wait
	// notice (lockWait) reaches the screen.
	send atomic.Pointer[func(tea.Msg)]
}

// lockWait is the env's OnLockWait: a write waiting for the go env file's
// lock says so in the status line (ui.LockWaitMsg), as use says it on
// stderr. Before start nobody is told.
func (s *Session) lockWait(h envcfg.LockHolder) {
	if send := s.send.Load(); send != nil {
		(*send)(ui.LockWaitMsg{Holder: h})
	}
}

// probing is one scheduler of a session. A config change to [probe]
// replaces it with a new one; base keeps the rounds the TUI sees growing
// across schedulers, so that the model, which drops results of rounds
// older than one it has seen, takes the new scheduler's results.
type probing struct {
	sched  *probe.Scheduler
	base   uint64
	cancel context.CancelFunc // ends its Run; nil until started
}

// Open loads the config and catalog, resolves the extra mirrors and the
// theme, starts the demo fleet when asked, and builds the scheduler and the
// watcher. A bad config (a *config.Error), mirror or theme is an error
// before anything is shown. Close releases what it made.
func Open(ctx context.Context, o Options) (_ *Session, err error) {
	ctx, cancel := context.WithCancel(ctx)
	s := &Session{
		ctx:        ctx,
		cancel:     cancel,
		lang:       o.Lang,
		env:        &envcfg.Env{GoBin: o.GoBin},
		noColor:    o.NoColor,
		catalogFor: config.LoadCatalog,
		proxyEnv:   o.ProxyEnv,
		sumdbCheck: o.CheckSumDB,
	}
	s.env.OnLockWait = s.lockWait
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	s.cfgPath = o.ConfigPath
	if o.Theme != "" { // checked before the demo opens its ports
		if err := checkTheme(o.Theme); err != nil {
			return nil, err
		}
	}
	if o.Demo {
		d, err := startDemo(ctx, o.Environ)
		if err != nil {
			return nil, err
		}
		s.demo = d
		s.relayListen = "127.0.0.1:0"
		s.cfgPath = d.cfgPath
		s.env.Environ = d.environ
		s.env.StateDir = d.stateDir
		s.catalogFor = d.catalog
	}
	// In --demo the config is a fresh temp file: the demo shows the guide.
	s.firstRun = configMissing(s.cfgPath)
	if s.cfg, err = config.Load(s.cfgPath); err != nil {
		return nil, err
	}
	if s.cat, err = s.catalogFor(s.cfg); err != nil {
		return nil, err
	}
	for _, arg := range o.Mirrors {
		m, err := mirrors.CheckMirror(arg, s.cat)
		if err != nil {
			return nil, err
		}
		s.extra = append(s.extra, m)
	}
	if s.theme, err = chooseTheme(o, s.cfg); err != nil {
		return nil, err
	}

	s.probedSet = s.probed(s.cat)
	s.probing = &probing{sched: probe.NewScheduler(s.probedSet, s.schedulerConfig(s.cfg))}
	if s.watcher, err = s.env.Watch(s.cfgPath); err != nil {
		return nil, err
	}
	return s, nil
}

// chooseTheme is --theme, else the config's theme; in --demo, whose
// config is a fresh temp file, the user's own config's (only read, never
// written).
func chooseTheme(o Options, cfg *config.Config) (string, error) {
	theme := o.Theme
	if theme == "" {
		theme = cfg.Theme
	}
	if theme == "" && o.Demo && o.ConfigPath != "" {
		if uc, err := config.Load(o.ConfigPath); err == nil {
			if _, err := themes.Get(uc.Theme, true); err == nil {
				theme = uc.Theme
			}
		}
	}
	return theme, checkTheme(theme)
}

// checkTheme refuses a theme name that is not known, in the gate's words,
// as config check and --theme give them.
func checkTheme(name string) error {
	if _, err := themes.Get(name, true); err != nil {
		return mirrors.CheckTheme(name, themes.Names())
	}
	return nil
}

// probed is the set of mirrors the scheduler measures: the extra ones named
// on the command line, then the catalog's visible mirrors.
func (s *Session) probed(cat *mirrors.Catalog) []mirrors.Mirror {
	ms := slices.Clone(s.extra) // named on the command line: listed and probed first
	for _, m := range cat.Visible() {
		if !slices.ContainsFunc(ms, func(e mirrors.Mirror) bool { return m.ID == e.ID }) {
			ms = append(ms, m)
		}
	}
	return ms
}

// schedulerConfig is the scheduler configuration of cfg's [probe] table;
// in --demo, probes trust the fleet's CA.
func (s *Session) schedulerConfig(cfg *config.Config) probe.SchedulerConfig {
	sc := probe.SchedulerConfigFrom(cfg.Probe)
	if s.sumdbName != "" {
		sc.Options.SumDB = s.sumdbName
	}
	if s.demo != nil {
		sc.Options.RootCAs = demoRoots()
	}
	return sc
}

// withScheduler calls f with the current scheduler, under the lock that a
// scheduler change takes, so that no call lands on a replaced one.
func (s *Session) withScheduler(f func(*probe.Scheduler)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.probing.sched)
}

// options are the TUI's start-up options.
func (s *Session) options() ui.Options {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := ui.Options{
		Lang:       s.lang,
		Theme:      s.theme,
		Catalog:    s.cat,
		Config:     s.cfg,
		ConfigPath: s.cfgPath,
		Extra:      s.extra,
		Interval:   probe.SchedulerConfigFrom(s.cfg.Probe).Interval,
		NoColor:    s.noColor,
		FirstRun:   s.firstRun,
		ProxyEnv:   s.proxyEnv,
	}
	if s.demo != nil {
		o.Demo = true
		o.EnvFile = s.demo.envFile
	}
	return o
}

// deps implements ui.Deps. Each function returns a command that does its
// I/O off the event loop with only its arguments and the session (never the
// model) and reports back with a message.
func (s *Session) deps() ui.Deps {
	d := ui.Deps{
		ReadEnv: func() tea.Cmd {
			return func() tea.Msg {
				snap, err := s.env.Read(s.ctx)
				return ui.EnvMsg{Snapshot: snap, Err: err}
			}
		},
		Apply: func(changes []envcfg.Change) tea.Cmd {
			changes = slices.Clone(changes)
			return func() tea.Msg {
				rep, err := s.env.Apply(s.ctx, changes)
				return ui.AppliedMsg{Report: rep, Err: err}
			}
		},
		Undo: func() tea.Cmd {
			return func() tea.Msg {
				rep, err := s.env.Undo(s.ctx)
				return ui.AppliedMsg{Report: rep, Err: err, Undo: true}
			}
		},
		SaveConfig: func(cfg *config.Config) tea.Cmd {
			return func() tea.Msg {
				return ui.ConfigSavedMsg{Err: cfg.SaveKeepingLayout(s.cfgPath)}
			}
		},
		ProbeNow: func() tea.Cmd {
			return func() tea.Msg {
				s.withScheduler((*probe.Scheduler).ProbeNow)
				return nil
			}
		},
		SetPaused: func(paused bool) tea.Cmd {
			return func() tea.Msg {
				s.withScheduler(func(sc *probe.Scheduler) {
					if paused {
						sc.Pause()
					} else {
						sc.Resume()
					}
				})
				return nil
			}
		},
		SaveLog:    saveLogDep,
		CheckSumDB: s.checkSumDB(),
		SetMirrors: func(ms []mirrors.Mirror) tea.Cmd {
			ms = slices.Clone(ms)
			return func() tea.Msg {
				s.withScheduler(func(sc *probe.Scheduler) { sc.SetMirrors(ms) })
				s.mu.Lock()
				s.probedSet = ms
				s.mu.Unlock()
				return nil
			}
		},
		SetSumDB: func(name string) tea.Cmd {
			return func() tea.Msg {
				s.setSumDB(name)
				return nil
			}
		},
	}
	s.relayDeps(&d)
	return d
}

// setSumDB makes the probes' checksum database check ask about the
// database name (GOSUMDB's): a new scheduler replaces the running one, as
// a change of the [probe] table does.
func (s *Session) setSumDB(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == s.sumdbName || name == "" && s.sumdbName == probe.DefaultSumDB {
		return
	}
	s.sumdbName = name
	s.replaceScheduler(s.probedSet)
}

// replaceScheduler starts a scheduler of the current config and sumdb name
// for ms in place of the running one (its rounds continue, a pause is
// kept). s.mu is held.
func (s *Session) replaceScheduler(ms []mirrors.Mirror) {
	prev := s.probing
	if prev.cancel != nil {
		prev.cancel()
	}
	s.probing = &probing{sched: probe.NewScheduler(ms, s.schedulerConfig(s.cfg)), base: prev.base + prev.sched.Round()}
	if prev.sched.Paused() {
		s.probing.sched.Pause()
	}
	if s.started {
		s.run(s.probing)
	}
}

// reloadConfig reads the config file again after an outside change. A
// broken file keeps the last good config running and reports the
// positioned error; a good one replaces it and the probed mirrors, and a
// changed [probe] table replaces the scheduler (interval, timeout, canary
// and checks take effect at once; a pause is kept).
func (s *Session) reloadConfig() ui.ConfigChangedMsg {
	cfg, err := config.Load(s.cfgPath)
	if err != nil {
		return ui.ConfigChangedMsg{Err: err}
	}
	cat, err := s.catalogFor(cfg)
	if err != nil {
		return ui.ConfigChangedMsg{Err: err}
	}
	ms := s.probed(cat)
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cfg
	s.cfg, s.cat = cfg, cat
	s.probedSet = ms
	if cfg.Probe == old.Probe {
		s.probing.sched.SetMirrors(ms)
		return ui.ConfigChangedMsg{Config: cfg, Catalog: cat}
	}
	s.replaceScheduler(ms)
	return ui.ConfigChangedMsg{Config: cfg, Catalog: cat}
}

// run starts p's scheduler, forwarding its results with p.base added to
// their rounds, until the session ends or p is replaced. s.mu is held.
func (s *Session) run(p *probing) {
	ctx, cancel := context.WithCancel(s.ctx)
	p.cancel = cancel
	out := make(chan probe.Result)
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		defer close(out)
		p.sched.Run(ctx, out)
	}()
	go func() {
		defer s.wg.Done()
		for r := range out {
			r.Round += p.base
			select {
			case s.results <- r:
			case <-ctx.Done(): // replaced or quitting: drop it
			}
		}
	}()
}

// start runs the scheduler and feeds probe results and watcher events to
// send (program.Send) until the session's context is cancelled and stop.
func (s *Session) start(send func(tea.Msg)) {
	s.send.Store(&send)
	s.mu.Lock()
	s.results = make(chan probe.Result, 64)
	s.started = true
	s.run(s.probing)
	s.mu.Unlock()
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		for {
			select {
			case r := <-s.results:
				s.feedRelay(r)
				send(ui.ProbeResultMsg{Result: r})
			case <-s.ctx.Done():
				return
			}
		}
	}()
	go func() {
		defer s.wg.Done()
		for ev := range s.watcher.Events() {
			switch ev.File {
			case envcfg.EnvFile:
				snap, err := s.env.Read(s.ctx)
				send(ui.EnvChangedMsg{Event: ev, Snapshot: snap, Err: err})
			case envcfg.ConfigFile:
				send(s.reloadConfig())
			}
		}
	}()
}

// stop ends the goroutines of start; the session's context must be
// cancelled first (it ends the schedulers and the result pump). It closes
// the watcher, whose closed channel ends the event loop, and waits for all
// of them.
func (s *Session) stop() {
	if s.watcher != nil {
		s.watcher.Close()
	}
	s.wg.Wait()
	s.stopRelay() // its context ended with the session's: wait for it
}

// Close releases what Open made: the watcher, the demo fleet and its temp
// dir. It is safe to call more than once.
func (s *Session) Close() {
	if s.cancel != nil {
		s.cancel()
	}
	if s.watcher != nil {
		s.watcher.Close()
	}
	if s.demo != nil {
		s.demo.close()
	}
}
