package ui

import (
	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Messages the wiring sends with program.Send, and the results of Deps
// commands.

// ProbeResultMsg carries one probe result from the scheduler.
type ProbeResultMsg struct{ Result probe.Result }

// EnvMsg carries a fresh read of the effective go env values (the answer to
// Deps.ReadEnv).
type EnvMsg struct {
	Snapshot envcfg.Snapshot
	Err      error
}

// EnvChangedMsg reports an outside change to the go env file, with the
// snapshot read after it.
type EnvChangedMsg struct {
	Event    envcfg.WatchEvent
	Snapshot envcfg.Snapshot
	Err      error
}

// ConfigChangedMsg reports an outside change to (or a reload of) the
// goproxytui config. With Err set (a positioned config error) the TUI shows
// the error and keeps running on the last good config.
type ConfigChangedMsg struct {
	Config  *config.Config
	Catalog *mirrors.Catalog
	Err     error
}

// AppliedMsg reports the end of Deps.Apply or, with Undo set, Deps.Undo.
type AppliedMsg struct {
	Report envcfg.Report
	Err    error
	Undo   bool
}

// LockWaitMsg says a write (Deps.Apply or Deps.Undo) has waited a second
// for the go env file's lock held by another program; it goes on waiting
// up to envcfg.LockTimeout, then fails with AppliedMsg.Err.
type LockWaitMsg struct{ Holder envcfg.LockHolder }

// ConfigSavedMsg reports the end of Deps.SaveConfig.
type ConfigSavedMsg struct{ Err error }

// LogSavedMsg reports the end of Deps.SaveLog: the path written, or why not.
type LogSavedMsg struct {
	Path string
	Err  error
}

// SumDBCheckedMsg reports the end of Deps.CheckSumDB: one answer per URL
// asked.
type SumDBCheckedMsg struct{ Reach map[string]advisor.Reach }
