package demofleet

import (
	"fmt"
	"time"
)

// Kind is what a server does with a request.
type Kind int

// Behaviours. Unless said otherwise, Behavior.Delay is waited before the first
// byte of the answer (or before acting, for Reset), and the behaviour applies
// to every request, /sumdb/ included.
const (
	// OK serves the Go proxy protocol; unknown modules and versions get 404
	// with a text/plain body, as real mirrors answer.
	OK Kind = iota
	// NotFound answers 404 with a text/plain body.
	NotFound
	// Gone answers 410 with a text/plain body.
	Gone
	// Forbidden answers 403 with a text/plain body.
	Forbidden
	// ServerError answers 500 with a text/plain body.
	ServerError
	// Status answers Behavior.Status with a text/plain body.
	Status
	// Stall reads the request and never answers; the handler returns only
	// when the client gives up (its request context is done) or the server
	// is closed. This is the mirror the go command hangs on forever.
	Stall
	// Reset closes the TCP connection abruptly (RST, SO_LINGER 0) after
	// reading the request, without answering. Over HTTP/2 it resets the
	// stream instead.
	Reset
	// SlowBody sends the status and headers at once, then trickles the
	// normal body Behavior.Chunk bytes (default 8) every Behavior.Interval
	// (default 100ms).
	SlowBody
	// GarbageJSON answers 200 with invalid JSON for .info and @latest, and
	// lines that are not versions for @v/list; other paths are served
	// normally.
	GarbageJSON
	// WrongVersion answers .info and @latest with valid JSON naming another
	// version than the one asked for; other paths are served normally.
	WrongVersion
	// ANSIBody answers Behavior.Status (default 500) with a text/plain body
	// full of ANSI escape sequences, OSC title sets, hyperlinks, bells, C1
	// controls and more than 8 lines: what a sanitiser must neutralise.
	ANSIBody
	// HugeBody answers 200 with a body of Behavior.Size bytes (default
	// 100 MiB) generated while it is streamed, never held in memory; the body
	// starts like a .info JSON so a reader that does not cap reads keeps
	// going.
	HugeBody
	// HandshakeStall, on an HTTPS server, reads the TLS ClientHello and
	// never answers it: the client's TLS handshake times out. It is logged
	// as a Request with empty Method and Path. It acts only as the default
	// behaviour (Set): per-endpoint and per-path behaviours are chosen after
	// the handshake. Over plain HTTP it is the same as Stall.
	HandshakeStall
	// StaleList answers @v/list without the module's newest version (a
	// lagging list, which go takes as a success); other paths are served
	// normally. With SetEndpoint(EndpointList, ...) and
	// SetEndpoint(EndpointLatest, Do(NotFound)) it makes the partial
	// mirrors of Partial.
	StaleList
)

// Partial is how an allow-list corporate proxy answers: pinned files
// (.info, .mod, .zip) and the checksum database served, version queries
// refused — list is the @v/list behaviour (Code(403), Do(NotFound),
// Do(ServerError), Do(Stall), Do(StaleList)), and @latest answers 404.
// Apply it with SetPartial.
type Partial struct {
	List Behavior
}

// SetPartial makes s a partial mirror (see Partial); ClearOverrides undoes
// it.
func (s *Server) SetPartial(p Partial) {
	s.SetEndpoint(EndpointList, p.List)
	s.SetEndpoint(EndpointLatest, Do(NotFound))
}

// String names the kind ("ok", "404", "stall", ...), as counters and
// Request.Kind report it.
func (k Kind) String() string {
	switch k {
	case OK:
		return "ok"
	case NotFound:
		return "404"
	case Gone:
		return "410"
	case Forbidden:
		return "403"
	case ServerError:
		return "500"
	case Status:
		return "status"
	case Stall:
		return "stall"
	case Reset:
		return "reset"
	case SlowBody:
		return "slow-body"
	case GarbageJSON:
		return "garbage-json"
	case WrongVersion:
		return "wrong-version"
	case ANSIBody:
		return "ansi-body"
	case HugeBody:
		return "huge-body"
	case HandshakeStall:
		return "handshake-stall"
	case StaleList:
		return "stale-list"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// HugeSize is the default body size of HugeBody: 100 MiB.
const HugeSize = 100 << 20

// Behavior is how a server answers. The zero value is OK without delay.
type Behavior struct {
	Kind  Kind
	Delay time.Duration // before the first byte (all kinds but Stall)
	// Jitter adds a random extra delay in [0, Jitter) to Delay.
	Jitter time.Duration
	// FailRate in 0..1 is the share of requests answered 502 instead
	// (random, for lossy demo mirrors); 0 never.
	FailRate float64
	Status   int           // for Status and ANSIBody
	Size     int64         // for HugeBody; 0 means HugeSize
	Chunk    int           // for SlowBody; 0 means 8 bytes
	Interval time.Duration // for SlowBody; 0 means 100ms
	// Gate, when not nil, holds every answer (all kinds but Stall) until it
	// is closed, before Delay: tests release answers on an event instead
	// of racing a clock.
	Gate <-chan struct{}
}

// Do returns the behaviour of a kind with no delay: Do(Stall), Do(Gone).
func Do(k Kind) Behavior { return Behavior{Kind: k} }

// Delayed returns OK after a first-byte delay.
func Delayed(d time.Duration) Behavior { return Behavior{Kind: OK, Delay: d} }

// Code returns an answer with an HTTP status and a text/plain body.
func Code(status int) Behavior { return Behavior{Kind: Status, Status: status} }

// status returns the HTTP status of the plain error kinds, or 0.
func (b Behavior) status() int {
	switch b.Kind {
	case NotFound:
		return 404
	case Gone:
		return 410
	case Forbidden:
		return 403
	case ServerError:
		return 500
	case Status:
		if b.Status == 0 {
			return 500
		}
		return b.Status
	case ANSIBody:
		if b.Status == 0 {
			return 500
		}
		return b.Status
	}
	return 0
}

// Endpoint classifies request paths, for per-endpoint behaviours and counters.
type Endpoint int

// Endpoints.
const (
	EndpointOther  Endpoint = iota // anything else (answered 404 when OK)
	EndpointList                   // <module>/@v/list
	EndpointInfo                   // <module>/@v/<version>.info
	EndpointMod                    // <module>/@v/<version>.mod
	EndpointZip                    // <module>/@v/<version>.zip
	EndpointLatest                 // <module>/@latest
	EndpointSumDB                  // /sumdb/...
)

// String names the endpoint ("list", "info", "mod", "zip", "latest",
// "sumdb", "other").
func (e Endpoint) String() string {
	switch e {
	case EndpointList:
		return "list"
	case EndpointInfo:
		return "info"
	case EndpointMod:
		return "mod"
	case EndpointZip:
		return "zip"
	case EndpointLatest:
		return "latest"
	case EndpointSumDB:
		return "sumdb"
	}
	return "other"
}

// ansiBody is the body of ANSIBody: every kind of terminal control a hostile
// or broken server could send.
const ansiBody = "\x1b[2J\x1b[H\x1b[1;31mInternal Server Error\x1b[0m\x07\n" +
	"\x1b]0;pwned terminal title\x07\x1b]2;another title\x1b\\\n" +
	"\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\ \x1b[5mblink\x1b[25m\n" +
	"\x1b[?1049h\x1b[?25l alternate screen, hidden cursor\n" +
	"\u009b31m C1 CSI \u009d0;c1 title\u009c \u0090DCS\u009c raw \x9b31m\x07\x07\x07\n" +
	"line 6 \x1b[1000D\x1b[K overwritten\r carriage return\b\b backspaces\n" +
	"line 7 \x1bP+q544e\x1b\\ DECRQSS \x1b[6n cursor report request\n" +
	"line 8 \x1b[38;2;255;0;0mtruecolor\x1b[m \x1b(0lqqk\x1b(B\n" +
	"line 9 beyond the 8 lines the go command shows\n" +
	"line 10 \x00NUL \x7fDEL \u202eRTL override\u202c\n"
