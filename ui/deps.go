package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Deps is everything the TUI asks the outside world to do. The model never
// does I/O itself: each function returns a tea.Cmd that does the work off
// the event loop and reports back with a message. A nil function disables
// the feature (the key then says so in the status line).
type Deps struct {
	// ReadEnv reads the effective go env values; the command reports EnvMsg.
	ReadEnv func() tea.Cmd
	// Apply writes changes through go env -w; the command reports AppliedMsg.
	Apply func(changes []envcfg.Change) tea.Cmd
	// Undo restores the values from before the last apply; the command
	// reports AppliedMsg{Undo: true}.
	Undo func() tea.Cmd
	// SaveConfig writes the goproxytui config atomically; the command
	// reports ConfigSavedMsg.
	SaveConfig func(cfg *mirrors.Config) tea.Cmd
	// ProbeNow starts a probe round at once; the command reports nothing.
	ProbeNow func() tea.Cmd
	// SetPaused pauses or resumes the probe scheduler; reports nothing.
	SetPaused func(paused bool) tea.Cmd
	// SetMirrors replaces the set of probed mirrors (a custom mirror was
	// added); reports nothing.
	SetMirrors func(ms []mirrors.Mirror) tea.Cmd
	// SaveLog writes text (the event log, plain text) to a new file
	// called name, which the wiring places (goproxytui's: the current
	// directory); the command reports LogSavedMsg with the file's path.
	SaveLog func(name, text string) tea.Cmd
	// CheckSumDB asks each checksum database URL (https://sum.golang.org,
	// https://sum.golang.google.cn, or the one GOSUMDB names) for /latest
	// directly, as go would without a proxy; the command reports
	// SumDBCheckedMsg. Nil: the guide and the triage view go by what the
	// probes know and say what was not checked.
	CheckSumDB func(urls []string) tea.Cmd
	// SetSumDB makes the probes' checksum database check ask about the
	// database name GOSUMDB names (the pending value, which the chain
	// panel routes); reports nothing. Nil: the probes ask about their
	// default.
	SetSumDB func(name string) tea.Cmd
	// StartRelay starts an in-process relay forwarding to the
	// proxies of chain (a GOPROXY value), with the checksum database
	// GOSUMDB names reachable directly too; the command reports
	// RelayStartedMsg. StopRelay stops it (in-flight requests get a
	// short grace, every goroutine ends) and reports RelayStoppedMsg.
	// Nil: the relay key says it is not available.
	StartRelay func(chain, sumdb string) tea.Cmd
	StopRelay  func() tea.Cmd
	// RelayStats reports the running relay's figures (RelayStatsMsg).
	RelayStats func() tea.Cmd
	// DetectRelay asks a loopback GOPROXY URL whether it is a goproxytui
	// relay (one request, short timeout); reports RelayDetectedMsg.
	DetectRelay func(url string) tea.Cmd
}

// Options configure the TUI.
type Options struct {
	Lang       i18n.Lang
	Theme      string           // theme name (themes.Names); "" → default
	Catalog    *mirrors.Catalog // catalog merged with the config
	Config     *mirrors.Config  // last good config; nil → mirrors.DefaultConfig()
	ConfigPath string           // shown when the config is broken
	EnvFile    string           // go env file path, shown in the header in demo mode
	Demo       bool             // running against simulated mirrors
	Extra      []mirrors.Mirror // mirrors named on the command line for this run
	Interval   time.Duration    // probe interval, shown in the header
	NoColor    bool             // NO_COLOR: monochrome, states told apart by symbols
	Now        func() time.Time // clock; nil → time.Now (tests fix it)
	// FirstRun opens the first-run guide: no goproxytui config file
	// exists yet. The guide writes one (Deps.SaveConfig) whether the user
	// applies its proposal or skips it, so it does not come back.
	FirstRun bool
	// ProxyEnv holds the OS environment's HTTP(S) proxy variables that are
	// set (HTTPS_PROXY, NO_PROXY, …), for the triage view's doctor.
	ProxyEnv map[string]string
}
