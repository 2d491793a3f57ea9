// Package mirrors holds the mirror catalog (embedded TOML) and the chain
// model: what a GOPROXY value means to the go command, how to
// parse, validate, format and rank it, and what go would do with it.
package mirrors

import "time"

// Source says where a mirror definition comes from.
type Source string

// Mirror sources.
const (
	SourceBuiltin Source = "builtin" // the embedded catalog
	SourceConfig  Source = "config"  // the user's config file
	SourceArg     Source = "arg"     // named on the command line for this run
)

// Mirror is one Go module proxy.
type Mirror struct {
	ID         string // short id used on the command line: "goproxy.cn", "aliyun"
	Name       string // display name
	URL        string // base URL; may hold credentials: show RedactedURL, never URL
	Region     string // "global", "cn", ...
	Operator   string
	Homepage   string
	StatusPage string
	Note       string  // one line
	Weight     float64 // ranking weight, default 1; 0 means 1
	Source     Source
	Hidden     bool // hidden built-in (config `hidden = [...]`)
}

// Sep is the separator written after a chain entry. It decides what the go
// command does when that entry fails: after ',' it moves on only on a
// 404/410, after '|' on any error (cmd/go/internal/modfetch/proxy.go).
type Sep byte

// Separators.
const (
	SepNone  Sep = 0   // after the last entry
	SepComma Sep = ',' // fall through only on 404/410
	SepPipe  Sep = '|' // fall through on any error
)

// Kind is the kind of a chain entry.
type Kind int

// Entry kinds.
const (
	KindProxy  Kind = iota // a proxy URL
	KindDirect             // "direct": fetch from the VCS
	KindOff                // "off": fail every lookup
)

// Entry is one element of a GOPROXY list.
type Entry struct {
	Kind Kind
	// URL is the entry as written (trimmed), for KindProxy; it is what Format
	// writes back. It may lack a scheme ("goproxy.cn") and may hold credentials.
	URL string
	// MirrorID is the catalog id of the mirror this entry's URL matches, if any
	// (trailing slash and host case ignored).
	MirrorID string
	// Sep is the separator after this entry (SepNone for the last one).
	Sep Sep
	// Weight is the mirror's ranking weight (1 when unset).
	Weight float64
}

// Chain is a parsed GOPROXY value: ordered entries. Entries after `direct` or
// `off` are dropped by parsing, as the go command ignores them.
type Chain struct {
	Entries []Entry
}

// Health is a mirror's health state, computed by package probe with hysteresis.
type Health int

// Health states, in order of increasing trouble except Unknown.
const (
	HealthUnknown Health = iota
	HealthHealthy
	HealthDegraded
	HealthDown
)

// String returns "unknown", "healthy", "degraded" or "down".
func (h Health) String() string {
	switch h {
	case HealthHealthy:
		return "healthy"
	case HealthDegraded:
		return "degraded"
	case HealthDown:
		return "down"
	}
	return "unknown"
}

// MirrorStats is what ranking needs to know about a mirror's recent behaviour.
// Package probe fills it.
type MirrorStats struct {
	Health  Health
	P50     time.Duration // of total probe time, successful probes only
	P95     time.Duration
	Loss    float64 // 0..1 over the recent window
	Samples int
}

// StatsSource gives ranking the statistics of a mirror by its key (Entry.Key).
type StatsSource interface {
	MirrorStats(key string) (MirrorStats, bool)
}

// Outcome is what one chain entry did with one request, for Simulate and
// RouteSumDB.
type Outcome int

// Outcomes.
const (
	OutcomeOK       Outcome = iota // 200
	OutcomeNotFound                // 404 or 410
	OutcomeError                   // any other failure: DNS, refused, TLS, 5xx, 403, bad JSON
	OutcomeHang                    // accepted the connection and never answered
)
