package tuiapp

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/demofleet"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/internal/gotest"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/themes"
	"github.com/goproxytui/goproxytui/ui"
)

// TestTUIDepsEnv runs the env commands of ui.Deps against a temp GOENV and
// the real go binary: Apply writes the file, ReadEnv sees it, Undo restores.
func TestTUIDepsEnv(t *testing.T) {
	t.Parallel()
	env, _ := gotest.Env(t)
	s := &Session{ctx: context.Background(), env: &envcfg.Env{Environ: env, StateDir: t.TempDir()}}
	d := s.deps()
	const want = "https://goproxy.cn,direct"

	am, ok := d.Apply([]envcfg.Change{{Key: "GOPROXY", Value: want}})().(ui.AppliedMsg)
	if !ok || am.Err != nil || am.Undo {
		t.Fatalf("Apply: %#v", am)
	}
	data, err := os.ReadFile(gotest.Value(env, "GOENV"))
	if err != nil || !strings.Contains(string(data), "GOPROXY="+want+"\n") {
		t.Fatalf("go env file after Apply: %q, %v", data, err)
	}
	em, ok := d.ReadEnv()().(ui.EnvMsg)
	if !ok || em.Err != nil {
		t.Fatalf("ReadEnv: %#v", em)
	}
	if v := em.Snapshot.Get("GOPROXY"); v.Value != want || v.Source != envcfg.SourceFile {
		t.Errorf("GOPROXY after Apply = %q from %s, want %q from the file", v.Value, v.Source, want)
	}
	if em.Snapshot.EnvFile != gotest.Value(env, "GOENV") {
		t.Errorf("EnvFile = %q, want the temp GOENV %q", em.Snapshot.EnvFile, gotest.Value(env, "GOENV"))
	}

	um, ok := d.Undo()().(ui.AppliedMsg)
	if !ok || um.Err != nil || !um.Undo {
		t.Fatalf("Undo: %#v", um)
	}
	em, _ = d.ReadEnv()().(ui.EnvMsg)
	if v := em.Snapshot.Get("GOPROXY"); em.Err != nil || v.Value == want || v.Source == envcfg.SourceFile {
		t.Errorf("GOPROXY after Undo = %q from %s (err %v), want the value from before", v.Value, v.Source, em.Err)
	}
}

// TestTUIDepsSaveConfig saves through ui.Deps and reads the file back.
func TestTUIDepsSaveConfig(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "goproxytui", "config.toml")
	s := &Session{ctx: context.Background(), cfgPath: path}
	cfg := config.Default()
	cfg.Theme = themes.Names()[len(themes.Names())-1]
	cfg.Weights["goproxy.cn"] = 2
	if m, ok := s.deps().SaveConfig(cfg)().(ui.ConfigSavedMsg); !ok || m.Err != nil {
		t.Fatalf("SaveConfig: %#v", m)
	}
	got, err := config.Load(path)
	if err != nil || got.Theme != cfg.Theme || got.Weights["goproxy.cn"] != 2 {
		t.Fatalf("saved config = %+v, %v", got, err)
	}
	bad := config.Default()
	bad.Weights["goproxy.cn"] = -1
	if m, _ := s.deps().SaveConfig(bad)().(ui.ConfigSavedMsg); m.Err == nil {
		t.Error("SaveConfig of an invalid config reported no error")
	}
	if got, _ := config.Load(path); got.Weights["goproxy.cn"] != 2 {
		t.Error("an invalid config was written over the good one")
	}
}

// TestTUIDepsScheduler drives a running scheduler through ui.Deps: pause,
// probe now while paused, replace the probed mirrors.
func TestTUIDepsScheduler(t *testing.T) {
	t.Parallel()
	srvA := fakeproxy.StartMirror(t, fakeproxy.Options{})
	srvB := fakeproxy.StartMirror(t, fakeproxy.Options{})
	a := mirrors.Mirror{ID: "a", URL: srvA.URL(), Weight: 1}
	b := mirrors.Mirror{ID: "b", URL: srvB.URL(), Weight: 1}
	sc := probe.SchedulerConfigFrom(config.Default().Probe)
	sc.Interval = time.Hour // only the first round and ProbeNow
	sc.Jitter = -1
	sched := probe.NewScheduler([]mirrors.Mirror{a}, sc)
	s := &Session{probing: &probing{sched: sched}}
	d := s.deps()

	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan probe.Result)
	done := make(chan struct{})
	go func() { sched.Run(ctx, out); close(done) }()
	defer func() { cancel(); <-done }()
	next := func(what string) probe.Result {
		t.Helper()
		select {
		case r := <-out:
			return r
		case <-time.After(2 * time.Minute):
			t.Fatalf("no probe result %s", what)
		}
		return probe.Result{}
	}
	if r := next("from the first round"); r.MirrorID != "a" || !r.OK() {
		t.Fatalf("first round: %s %s %s", r.MirrorID, r.Class, r.Reason)
	}
	if d.SetPaused(true)() != nil || !sched.Paused() {
		t.Fatal("SetPaused(true) did not pause the scheduler")
	}
	d.SetMirrors([]mirrors.Mirror{b})()
	d.ProbeNow()()
	if r := next("after ProbeNow"); r.MirrorID != "b" {
		t.Errorf("ProbeNow after SetMirrors probed %q, want b", r.MirrorID)
	}
	if d.SetPaused(false)() != nil || sched.Paused() {
		t.Error("SetPaused(false) did not resume the scheduler")
	}
}

// TestTUIConfigReload: a broken config keeps the last good one and reports
// the positioned error; a fixed one replaces it.
func TestTUIConfigReload(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	theme := themes.Names()[1]
	write("theme = \"" + theme + "\"\n")
	s := &Session{cfgPath: path, catalogFor: config.LoadCatalog, cfg: config.Default()}
	first := &probing{sched: probe.NewScheduler(nil, probe.SchedulerConfig{})}
	s.probing = first
	m := s.reloadConfig()
	if m.Err != nil || m.Config == nil || m.Config.Theme != theme || m.Catalog == nil {
		t.Fatalf("good config: %#v", m)
	}
	good := s.cfg

	write("theme = \"" + theme + "\"\n[probe]\ninterval = \"soon\"\n")
	m = s.reloadConfig()
	var ce *config.Error
	if !errors.As(m.Err, &ce) || ce.Line != 3 || m.Config != nil {
		t.Fatalf("broken config: got %#v, want a *ConfigError at line 3", m)
	}
	if !strings.Contains(ce.Error(), "config.toml:3:") {
		t.Errorf("error does not say where: %s", ce.Error())
	}
	if s.cfg != good {
		t.Error("a broken config replaced the last good one")
	}

	write("[[mirror]]\nid = \"corp\"\nurl = \"https://athens.corp.example\"\n")
	m = s.reloadConfig()
	if m.Err != nil || m.Config.Theme != "" {
		t.Fatalf("fixed config: %#v", m)
	}
	if _, ok := m.Catalog.ByID("corp"); !ok || s.cfg != m.Config {
		t.Error("the fixed config's mirror is not in the new catalog")
	}
	if s.probing != first {
		t.Error("the scheduler was replaced though [probe] did not change")
	}

	// A changed [probe] table replaces the scheduler and keeps a pause.
	first.sched.Pause()
	write("[probe]\ninterval = \"1m\"\n")
	if m = s.reloadConfig(); m.Err != nil || m.Config.Probe.Interval.Duration != time.Minute {
		t.Fatalf("[probe] change: %#v", m)
	}
	if s.probing == first || !s.probing.sched.Paused() {
		t.Errorf("after a [probe] change: scheduler replaced %v, paused %v; want a new, paused one",
			s.probing != first, s.probing.sched.Paused())
	}
}

// demoEnvTest sets the process up for a demo run in a sandbox: TMPDIR and
// HOME are test dirs, and base is an environment full of settings that
// must not leak into the demo. It returns base and the two dirs.
func demoEnvTest(t *testing.T) (base []string, tmp, home string) {
	cache := gotest.BuildCache() // before HOME changes: it runs go
	tmp, home = t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	base = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"GOCACHE=" + cache,
		"GOENV=" + filepath.Join(home, "real-go-env"),
		"GOPROXY=https://shadow.example.com",
		"GOPRIVATE=corp.example.com",
		"GOFLAGS=-mod=vendor",
		"GOTOOLCHAIN=go1.99.0",
	}
	return base, tmp, home
}

// TestTUIDemoSetup: --demo makes a temp dir with a go env file that the go
// command uses whatever the OS environment says, points the catalog at the
// fleet, and removes everything on close without touching HOME.
func TestTUIDemoSetup(t *testing.T) {
	base, tmp, home := demoEnvTest(t)
	d, err := startDemo(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	if filepath.Dir(d.dir) != filepath.Clean(tmp) {
		t.Errorf("demo dir %s is not in TMPDIR %s", d.dir, tmp)
	}
	pgo, ok := fleetURL(d, "proxy.golang.org")
	if !ok || !strings.HasPrefix(pgo, "https://127.0.0.1:") {
		t.Fatalf("fleet proxy.golang.org = %q", pgo)
	}

	env := &envcfg.Env{Environ: d.environ, StateDir: d.stateDir}
	snap, err := env.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if snap.EnvFile != d.envFile {
		t.Errorf("go env file = %s, want the demo's %s", snap.EnvFile, d.envFile)
	}
	for k, want := range map[string]string{"GOPROXY": pgo + ",direct", "GOSUMDB": "sum.golang.org"} {
		if v := snap.Get(k); v.Value != want || v.Source != envcfg.SourceFile {
			t.Errorf("%s = %q from %s, want %q from the demo file", k, v.Value, v.Source, want)
		}
	}
	if v := snap.Get("GOPRIVATE"); v.Value != "" {
		t.Errorf("GOPRIVATE from the OS environment leaked into the demo: %q", v.Value)
	}
	if _, err := env.Apply(context.Background(), []envcfg.Change{{Key: "GOPROXY", Value: "off"}}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(d.envFile); !strings.Contains(string(data), "GOPROXY=off\n") {
		t.Errorf("demo go env file after Apply:\n%s", data)
	}

	cat, err := d.catalog(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mirrors.Builtin().Visible() {
		dm, ok := cat.ByID(m.ID)
		if !ok || !strings.HasPrefix(dm.URL, "https://127.0.0.1:") {
			t.Errorf("demo catalog %s = %q, want a fleet URL", m.ID, dm.URL)
		}
	}

	d.close()
	if _, err := os.Stat(d.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("demo dir still there after close: %v", err)
	}
	gotest.AssertEmptyDir(t, home)
	gotest.AssertEmptyDir(t, tmp)
}

func fleetURL(d *demoSetup, id string) (string, bool) {
	for _, m := range d.fleet.Mirrors() {
		if m.ID == id {
			return m.URL, true
		}
	}
	return "", false
}

// TestTUISessionFeedsTheProgram runs a whole --demo session without a
// terminal: probe results, an outside go env -w and config edits reach
// send as the messages the model expects, and stop ends every goroutine.
func TestTUISessionFeedsTheProgram(t *testing.T) {
	base, tmp, home := demoEnvTest(t)
	// The user's own config: the demo takes its theme and never writes it.
	userCfg := filepath.Join(t.TempDir(), "config.toml")
	theme := themes.Names()[len(themes.Names())-1]
	userData := []byte("theme = \"" + theme + "\"\n[probe]\ninterval = \"1h\"\n")
	if err := os.WriteFile(userCfg, userData, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Open(ctx, Options{Lang: i18n.EN, Demo: true, ConfigPath: userCfg, Environ: base, Mirrors: []string{"goproxy.cn", "https://athens.corp.example"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.cfgPath == userCfg || s.theme != theme || s.cfg.Probe.Interval.Duration == time.Hour {
		t.Errorf("demo config %s, theme %q, interval %s: want a temp config with the user's theme %q only",
			s.cfgPath, s.theme, s.cfg.Probe.Interval, theme)
	}
	if len(s.extra) != 2 || s.extra[1].Source != mirrors.SourceArg {
		t.Fatalf("extra mirrors: %+v", s.extra)
	}
	if o := s.options(); !o.Demo || o.EnvFile != s.demo.envFile || o.Catalog == nil || o.Config == nil {
		t.Errorf("options: %+v", o)
	}

	msgs := make(chan tea.Msg, 256)
	quit := make(chan struct{})
	s.start(func(m tea.Msg) {
		select {
		case msgs <- m:
		case <-quit:
		}
	})
	wait := func(what string, ok func(tea.Msg) bool) tea.Msg {
		t.Helper()
		return waitMsg(t, msgs, what, ok)
	}
	wait("probe result from the fleet", func(m tea.Msg) bool {
		r, ok := m.(ui.ProbeResultMsg)
		return ok && r.Result.MirrorID == "goproxy.cn" && r.Result.OK()
	})

	const outside = "https://outside.example.com,direct"
	cmd := exec.Command("go", "env", "-w", "GOPROXY="+outside)
	cmd.Env = s.env.Environ
	cmd.Dir = t.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go env -w: %v\n%s", err, out)
	}
	wait("EnvChangedMsg for the outside go env -w", func(m tea.Msg) bool {
		e, ok := m.(ui.EnvChangedMsg)
		return ok && e.Err == nil && e.Snapshot.Get("GOPROXY").Value == outside && e.Event.File == envcfg.EnvFile
	})

	checkSessionConfigReloads(t, s, wait)

	cancel()
	stopped := make(chan struct{})
	go func() { s.stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(2 * time.Minute):
		t.Fatal("stop did not return: a goroutine did not end")
	}
	close(quit)
	s.Close()
	if _, err := os.Stat(s.demo.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("demo dir still there after close: %v", err)
	}
	gotest.AssertEmptyDir(t, home)
	gotest.AssertEmptyDir(t, tmp)
	if data, _ := os.ReadFile(userCfg); string(data) != string(userData) {
		t.Errorf("the demo changed the user's config:\n%s", data)
	}
}

// waitMsg returns the first message from msgs that ok accepts, dropping
// the others; none within 2 minutes fails the test.
func waitMsg(t *testing.T, msgs <-chan tea.Msg, what string, ok func(tea.Msg) bool) tea.Msg {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case m := <-msgs:
			if ok(m) {
				return m
			}
		case <-deadline:
			t.Fatalf("no %s", what)
		}
	}
}

// checkSessionConfigReloads edits the session's config file: a broken
// config, its fix and new [probe] settings each reach the program, and
// the new scheduler's results follow.
func checkSessionConfigReloads(t *testing.T, s *Session, wait func(string, func(tea.Msg) bool) tea.Msg) {
	if err := os.WriteFile(s.cfgPath, []byte("theme = 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wait("ConfigChangedMsg with the error of the broken config", func(m tea.Msg) bool {
		c, ok := m.(ui.ConfigChangedMsg)
		var ce *config.Error
		return ok && errors.As(c.Err, &ce) && ce.Line == 1
	})
	if err := os.WriteFile(s.cfgPath, []byte("hidden = [\"baidu\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wait("ConfigChangedMsg with the fixed config", func(m tea.Msg) bool {
		c, ok := m.(ui.ConfigChangedMsg)
		if !ok || c.Err != nil {
			return false
		}
		b, _ := c.Catalog.ByID("baidu")
		g, _ := c.Catalog.ByID("goproxy.cn")
		return b.Hidden && strings.HasPrefix(g.URL, "https://127.0.0.1:")
	})

	// New [probe] settings: a new scheduler, whose results the model takes
	// (rounds keep growing).
	if err := os.WriteFile(s.cfgPath, []byte("hidden = [\"baidu\"]\n[probe]\ninterval = \"1h\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wait("ConfigChangedMsg with the new [probe] settings", func(m tea.Msg) bool {
		c, ok := m.(ui.ConfigChangedMsg)
		return ok && c.Err == nil && c.Config.Probe.Interval.Duration == time.Hour
	})
	s.mu.Lock()
	roundBase := s.probing.base
	s.mu.Unlock()
	if roundBase == 0 {
		t.Error("the new scheduler's rounds do not continue the old one's")
	}
	wait("a result of the new scheduler", func(m tea.Msg) bool {
		r, ok := m.(ui.ProbeResultMsg)
		return ok && r.Result.Round > roundBase && r.Result.MirrorID == "goproxy.cn"
	})
}

// GOPROXYTUI_DEMO_HOLD holds the demo fleet's scripts at a time, for
// end-to-end tests; a value that is not a duration is an error.
func TestTUIDemoHold(t *testing.T) {
	t.Parallel()
	f, err := startFleet(context.Background(), []string{demoHoldVar + "=1h", demoHoldVar + "=30s"})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, ok := f.Server("proxy.golang.org")
	if !ok {
		t.Fatal("no simulated proxy.golang.org")
	}
	if k := s.Behavior().Kind; k != demofleet.Reset {
		t.Errorf("held at 30s (the last value wins), proxy.golang.org does %v, want %v", k, demofleet.Reset)
	}
	for _, bad := range []string{"soon", "-1s"} {
		if f, err := startFleet(context.Background(), []string{demoHoldVar + "=" + bad}); err == nil || !strings.Contains(err.Error(), demoHoldVar) {
			if f != nil {
				f.Close()
			}
			t.Errorf("%s=%q: err %v", demoHoldVar, bad, err)
		}
	}
}
