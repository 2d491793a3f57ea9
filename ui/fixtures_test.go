package ui

import (
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

// t0 is the fixed clock of the tests.
var t0 = time.Date(2026, 11, 24, 22, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return t0 }

// call is one recorded Deps call.
type call struct {
	name    string
	changes []envcfg.Change
	paused  bool
	cfg     *config.Config
	mirrors []mirrors.Mirror
	name2   string   // SaveLog: the file name; SetSumDB: the database name
	text    string   // SaveLog: the text
	urls    []string // CheckSumDB
}

// fakeDeps records calls and returns commands producing canned messages.
type fakeDeps struct {
	calls   []call
	outbox  []tea.Msg // messages the returned commands would produce
	env     envcfg.Snapshot
	applyFn func([]envcfg.Change) AppliedMsg
	undoFn  func() AppliedMsg
	// reach answers CheckSumDB (URLs it lacks are left out of the answer);
	// nil: the check never answers.
	reach map[string]advisor.Reach
	// logErr fails SaveLog.
	logErr error
	// relayStart answers StartRelay (nil: an error); relayStats is what
	// RelayStats reports; relays the loopback URLs DetectRelay finds to
	// be relays, relayStatus what those answer at relay.StatusPath.
	relayStart  func(chain, sumdb string) RelayStartedMsg
	relayStats  relay.Stats
	relays      map[string]bool
	relayStatus map[string]relay.Status
}

// cmd returns a command producing msg and notes msg in the outbox, so that
// tests deliver it without running commands (some, like a cursor blink,
// wait on timers).
func (f *fakeDeps) cmd(msg tea.Msg) tea.Cmd {
	if msg != nil {
		f.outbox = append(f.outbox, msg)
	}
	return func() tea.Msg { return msg }
}

func (f *fakeDeps) deps() Deps {
	return Deps{
		ReadEnv: func() tea.Cmd {
			f.calls = append(f.calls, call{name: "ReadEnv"})
			return f.cmd(EnvMsg{Snapshot: f.env})
		},
		Apply: func(ch []envcfg.Change) tea.Cmd {
			f.calls = append(f.calls, call{name: "Apply", changes: ch})
			var msg AppliedMsg
			if f.applyFn != nil {
				msg = f.applyFn(ch)
			} else {
				msg = applyTo(f.env, ch)
			}
			return f.cmd(msg)
		},
		Undo: func() tea.Cmd {
			f.calls = append(f.calls, call{name: "Undo"})
			if f.undoFn != nil {
				return f.cmd(f.undoFn())
			}
			return f.cmd(AppliedMsg{Undo: true})
		},
		SaveConfig: func(cfg *config.Config) tea.Cmd {
			f.calls = append(f.calls, call{name: "SaveConfig", cfg: cfg})
			return f.cmd(ConfigSavedMsg{})
		},
		ProbeNow: func() tea.Cmd {
			f.calls = append(f.calls, call{name: "ProbeNow"})
			return f.cmd(nil)
		},
		SetPaused: func(p bool) tea.Cmd {
			f.calls = append(f.calls, call{name: "SetPaused", paused: p})
			return f.cmd(nil)
		},
		SetMirrors: func(ms []mirrors.Mirror) tea.Cmd {
			f.calls = append(f.calls, call{name: "SetMirrors", mirrors: ms})
			return f.cmd(nil)
		},
		SaveLog: func(name, text string) tea.Cmd {
			f.calls = append(f.calls, call{name: "SaveLog", name2: name, text: text})
			if f.logErr != nil {
				return f.cmd(LogSavedMsg{Err: f.logErr})
			}
			return f.cmd(LogSavedMsg{Path: "/work/" + name})
		},
		SetSumDB: func(name string) tea.Cmd {
			f.calls = append(f.calls, call{name: "SetSumDB", name2: name})
			return f.cmd(nil)
		},
		StartRelay: func(chain, sumdb string) tea.Cmd {
			f.calls = append(f.calls, call{name: "StartRelay", name2: chain, text: sumdb})
			if f.relayStart == nil {
				return f.cmd(RelayStartedMsg{Err: errors.New("no relay in this test")})
			}
			return f.cmd(f.relayStart(chain, sumdb))
		},
		StopRelay: func() tea.Cmd {
			f.calls = append(f.calls, call{name: "StopRelay"})
			return f.cmd(RelayStoppedMsg{Stats: f.relayStats})
		},
		// The model adds its run number to the answer when the command
		// runs: the test runs it (it is not put in the outbox).
		RelayStats: func() tea.Cmd {
			f.calls = append(f.calls, call{name: "RelayStats"})
			st := f.relayStats
			return func() tea.Msg { return RelayStatsMsg{Stats: st} }
		},
		DetectRelay: func(url string) tea.Cmd {
			f.calls = append(f.calls, call{name: "DetectRelay", name2: url})
			return f.cmd(RelayDetectedMsg{URL: url, Relay: f.relays[url], Status: f.relayStatus[url]})
		},
		CheckSumDB: func(urls []string) tea.Cmd {
			f.calls = append(f.calls, call{name: "CheckSumDB", urls: urls})
			if f.reach == nil {
				return f.cmd(nil)
			}
			out := map[string]advisor.Reach{}
			for _, u := range urls {
				if r, ok := f.reach[u]; ok {
					out[u] = r
				}
			}
			return f.cmd(SumDBCheckedMsg{Reach: out})
		},
	}
}

func (f *fakeDeps) names() []string {
	var out []string
	for _, c := range f.calls {
		out = append(out, c.name)
	}
	return out
}

// snapshot builds an env snapshot with the values in the go env file.
func snapshot(goproxy, gosumdb, goprivate string) envcfg.Snapshot {
	s := envcfg.Snapshot{Vars: map[string]envcfg.Var{}, EnvFile: "/tmp/goenv", File: map[string]string{}}
	set := func(k, v string) {
		s.Vars[k] = envcfg.Var{Name: k, Value: v, Source: envcfg.SourceFile}
		s.File[k] = v
	}
	set("GOPROXY", goproxy)
	set("GOSUMDB", gosumdb)
	if goprivate != "" {
		set("GOPRIVATE", goprivate)
	} else {
		s.Vars["GOPRIVATE"] = envcfg.Var{Name: "GOPRIVATE", Source: envcfg.SourceDefault}
	}
	return s
}

// applyTo returns the AppliedMsg of applying ch to s.
func applyTo(s envcfg.Snapshot, ch []envcfg.Change) AppliedMsg {
	after := envcfg.Snapshot{Vars: map[string]envcfg.Var{}, EnvFile: s.EnvFile, File: map[string]string{}}
	for k, v := range s.Vars {
		after.Vars[k] = v
	}
	for k, v := range s.File {
		after.File[k] = v
	}
	var r envcfg.Report
	for _, c := range ch {
		old, oldSet := s.File[c.Key]
		r.Diffs = append(r.Diffs, envcfg.Diff{Key: c.Key, Old: old, OldSet: oldSet, New: c.Value, NewSet: !c.Unset})
		after.Vars[c.Key] = envcfg.Var{Name: c.Key, Value: c.Value, Source: envcfg.SourceFile}
		after.File[c.Key] = c.Value
	}
	r.After = after
	return AppliedMsg{Report: r}
}

func boolp(b bool) *bool { return &b }

// result builds a probe result for mirror id at round n.
func result(id string, n int, class probe.Class, total time.Duration) probe.Result {
	r := probe.Result{
		MirrorID: id, URL: "https://" + id, Round: uint64(n),
		Start: t0.Add(time.Duration(n) * 10 * time.Second),
		Class: class, Status: 200,
		Phases:     probe.Phases{DNS: total / 10, Connect: total / 5, TLS: total / 4, TTFB: total * 2 / 5, Transfer: total / 20, Total: total},
		RemoteAddr: "192.0.2.1:443",
		TLS: &probe.TLSInfo{Version: "TLS 1.3", CipherSuite: "TLS_AES_128_GCM_SHA256", ALPN: "h2",
			Subject: "CN=" + id, Issuer: "CN=Test CA", LeafNotAfter: t0.AddDate(0, 0, 80), ChainNotAfter: t0.AddDate(0, 0, 80), DaysLeft: 80},
	}
	if class != probe.ClassOK {
		r.Status = 0
		r.Reason = string(class) + " failure"
		r.TLS = nil
		if class == probe.ClassHTTP5xx {
			r.Status = 502
		}
	}
	return r
}

// scenario is a fleet with distinct behaviour: goproxy.cn fast and
// proxying the sumdb, proxy.golang.org down (dns), aliyun stalling, the
// rest healthy at various speeds; 30 rounds of history.
func scenario() []probe.Result {
	var out []probe.Result
	speeds := map[string]time.Duration{
		"goproxy.cn": 38 * time.Millisecond, "goproxy.io": 120 * time.Millisecond,
		"tencent": 55 * time.Millisecond, "huawei": 80 * time.Millisecond, "baidu": 210 * time.Millisecond,
	}
	for n := 0; n < 30; n++ {
		for _, id := range []string{"proxy.golang.org", "goproxy.cn", "goproxy.io", "aliyun", "tencent", "huawei", "baidu"} {
			var r probe.Result
			switch id {
			case "proxy.golang.org":
				r = result(id, n, probe.ClassDNS, 3*time.Millisecond)
			case "aliyun":
				if n < 20 {
					r = result(id, n, probe.ClassOK, 60*time.Millisecond)
				} else {
					r = result(id, n, probe.ClassStall, 5*time.Second)
				}
			default:
				jitter := time.Duration(n%7) * time.Millisecond * 3
				r = result(id, n, probe.ClassOK, speeds[id]+jitter)
			}
			if n%3 == 0 && r.OK() {
				// The scheduler asks in some rounds only, as the probes do.
				r.SumDBSupported = boolp(id == "goproxy.cn" || id == "goproxy.io")
				r.SumDBChecked, r.SumDBName, r.SumDBStatus = true, "sum.golang.org", 404
				if *r.SumDBSupported {
					r.SumDBStatus = 200
				}
			}
			if id == "tencent" && r.TLS != nil {
				r.TLS.DaysLeft = 9
				r.TLS.ChainNotAfter = t0.AddDate(0, 0, 9)
			}
			out = append(out, r)
		}
	}
	return out
}

// newTestModel builds a model at w×h with env s and the scenario's probes.
func newTestModel(f *fakeDeps, lang i18n.Lang, w, h int, probes bool) Model {
	m := New(Options{Lang: lang, Catalog: mirrors.Builtin(), Interval: 30 * time.Second, Now: fixedNow, Theme: "default"}, f.deps())
	mm, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	mm, _ = mm.Update(EnvMsg{Snapshot: f.env})
	if probes {
		for _, r := range scenario() {
			mm, _ = mm.Update(ProbeResultMsg{Result: r})
		}
	}
	return mm.(Model)
}
