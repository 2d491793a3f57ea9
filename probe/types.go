// Package probe measures Go module mirrors: one probe on one fresh
// connection with every phase timed, a scheduler that probes a fleet again
// and again, per-mirror history and statistics, and health with hysteresis.
package probe

import (
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Class is the machine-readable failure class of one probe.
type Class string

// Failure classes.
const (
	ClassOK             Class = "ok"
	ClassDNS            Class = "dns"
	ClassRefused        Class = "refused"
	ClassConnectTimeout Class = "connect_timeout"
	ClassTLS            Class = "tls"
	ClassTLSTimeout     Class = "tls_timeout"
	ClassStall          Class = "stall"     // connected, request sent, no first byte before the timeout
	ClassNotFound       Class = "not_found" // 404/410
	ClassHTTP4xx        Class = "http_4xx"
	ClassHTTP5xx        Class = "http_5xx"
	ClassProtocol       Class = "protocol" // bad JSON, wrong version, body over the cap
	ClassReset          Class = "reset"    // connection reset or closed early
)

// Phases are the times of one probe. A phase that did not happen is 0.
type Phases struct {
	DNS      time.Duration
	Connect  time.Duration
	TLS      time.Duration
	TTFB     time.Duration // from the request written to the first response byte
	Transfer time.Duration // from the first byte to the end of the body
	Total    time.Duration // from the start to the end of the .info body (or the failure); the optional checks are not in it
}

// TLSInfo describes the TLS connection of one probe.
type TLSInfo struct {
	Version       string // "TLS 1.3"
	CipherSuite   string
	ALPN          string
	Subject       string // leaf subject (sanitised)
	Issuer        string // leaf issuer (sanitised)
	LeafNotAfter  time.Time
	ChainNotAfter time.Time // earliest NotAfter in the verified chain
	DaysLeft      int       // days until ChainNotAfter (may be negative)
	VerifyError   string    // kind (VerifyExpired, VerifyUnknownAuthority, VerifyHostname, VerifyHandshake); empty when verification succeeded
}

// Result is the outcome of one probe of one mirror.
type Result struct {
	MirrorID   string
	URL        string // redacted base URL
	Round      uint64 // scheduler round (generation); 0 for a one-off probe
	Start      time.Time
	Class      Class
	Reason     string // one human line, English, sanitised ("" for a plain success); Message(lang) localises
	Status     int    // HTTP status, 0 if none
	Phases     Phases
	RemoteAddr string   // address connected to (the proxy's when ViaProxy is set)
	ViaProxy   string   // the HTTP(S)_PROXY in the way (redacted), "" if none: then DNS/connect measure that proxy
	TLS        *TLSInfo // nil for plain http or when no handshake happened
	Body       string   // start of a non-200 text/plain body, sanitised and capped
	// Protocol checks beyond the .info; nil when not asked this time.
	// ListOK says @v/list answered 200 with lines that are all versions.
	ListOK *bool
	// The version query check (Options.CheckList): what go asks for
	// `go get M@latest` and `go list -m -versions M` — @v/list, and
	// @latest, which go asks only when the list holds no usable version.
	// ListChecked says @v/list was asked this time; ListStatus is its
	// status (0: no answer), ListStalled says it never answered before the
	// timeout, ListVersions counts its usable versions and ListLags says a
	// list with versions lacks the canary version the mirror serves (a
	// lagging list: go silently answers an older version).
	ListChecked  bool
	ListStatus   int
	ListStalled  bool
	ListVersions int
	ListLags     bool
	// LatestChecked says @latest was asked; LatestStatus is its status,
	// LatestOK whether it answered a .info go accepts (nil: no answer),
	// LatestStalled whether it never answered before the timeout.
	LatestChecked  bool
	LatestStatus   int
	LatestOK       *bool
	LatestStalled  bool
	SumDBSupported *bool // /sumdb/<SumDBName>/supported answered 200 (true) or 404/410 (false); see SumDBOutcome
	// SumDBChecked says the sumdb check was made this time, and
	// SumDBStatus what it got (0: no answer). Checked with SumDBSupported
	// nil is what the go command takes for an error: under ',' the
	// checksum database is then unavailable. A note says why.
	SumDBChecked bool
	SumDBStatus  int
	// SumDBName is the checksum database name the check asked about
	// (Options.SumDB): an answer about another name says nothing about the
	// database GOSUMDB names.
	SumDBName string
	// SumDBStalled says /supported got no answer before the probe's
	// timeout: the go command, which has no timeout, would hang on it.
	SumDBStalled bool
	// After a 200 to /supported the check asks <mirror>/sumdb/<name>/latest
	// too, as go's first database requests then all go through the
	// mirror: SumDBLookupStatus is its status (0: no answer),
	// SumDBLookupOK whether it answered a signed tree head (nil: not
	// asked), SumDBLookupStalled whether it never answered.
	SumDBLookupStatus  int
	SumDBLookupOK      *bool
	SumDBLookupStalled bool
	// Notes are remarks on the checks (English), e.g. why SumDBSupported
	// is unknown; NoteMessages gives them in another language.
	Notes []string

	msg   *i18n.Msg   // Reason before formatting, for Message
	notes []*i18n.Msg // Notes before formatting
}

// OK reports whether the probe succeeded.
func (r Result) OK() bool { return r.Class == ClassOK }

// Event is a change of a mirror's health state.
type Event struct {
	Time     time.Time
	MirrorID string
	From, To mirrors.Health
	Cause    string // English, e.g. "2 consecutive tls failures: certificate has expired"; Message localises

	msg *i18n.Msg // Cause before formatting
}

// Outcome is what the go command makes of a request that ends like a probe
// of class c: ok serves, not_found falls through under ',' and '|', a stall
// hangs (the go command has no timeout; connect and TLS timeouts are errors
// to it, after 30 s and 10 s), and every other class is an error.
func (c Class) Outcome() mirrors.Outcome {
	switch c {
	case ClassOK:
		return mirrors.OutcomeOK
	case ClassNotFound:
		return mirrors.OutcomeNotFound
	case ClassStall:
		return mirrors.OutcomeHang
	}
	return mirrors.OutcomeError
}
