package ui

import (
	"github.com/goproxytui/goproxytui/envcfg"
)

// The types below stand in for mirrors.Config, envcfg.WatchEvent and
// envcfg.Report until those packages land them (see team CONTRACT.md); they
// then become aliases of the real types, so code written against the real
// names keeps compiling.

// ConfigT is mirrors.Config (placeholder until mirrors/config.go lands).
type ConfigT struct {
	Theme, Language string
	Weights         map[string]float64
}

// WatchEventT is envcfg.WatchEvent (placeholder until it lands).
type WatchEventT struct {
	Path    string
	Changes []envcfg.Diff
}

// ReportT is envcfg.Report (placeholder until it lands).
type ReportT struct {
	Diffs []envcfg.Diff
	After envcfg.Snapshot
}
