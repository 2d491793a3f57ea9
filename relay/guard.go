package relay

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goproxytui/goproxytui/probe"
)

// guard holds the deadlines of one attempt: time to first byte, the
// body's progress (a floor rate over fixed windows, an idle limit, a
// whole-body deadline for small files) and the moment to ask the race for
// a hedge. The first deadline that passes cancels the attempt and says
// why (tripped); the race learns of a slow body through slow().
type guard struct {
	cancel context.CancelFunc
	slow   func() // tells the race once that the body is behind

	mu      sync.Mutex
	class   probe.Class // "" until a deadline passed
	reason  string
	stopped bool
	timers  []*time.Timer

	n         atomic.Int64 // body bytes read
	lastRead  atomic.Int64 // UnixNano of the newest byte (or the headers)
	slowSent  atomic.Bool
	idle      *time.Timer // pushed back by every read
	idleDur   time.Duration
	hedgeIdle *time.Timer // pushed back by every read
	hedgeDur  time.Duration
}

func newGuard(cancel context.CancelFunc, slow func()) *guard {
	return &guard{cancel: cancel, slow: slow}
}

// trip records why the attempt is cut (the first reason wins) and cancels it.
func (g *guard) trip(c probe.Class, reason string) {
	g.mu.Lock()
	if g.class == "" && !g.stopped {
		g.class, g.reason = c, reason
	}
	g.mu.Unlock()
	g.cancel()
}

// tripped returns why a deadline cut the attempt ("" if none did).
func (g *guard) tripped() (probe.Class, string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.class, g.reason
}

// after runs f after d unless the guard stopped first.
func (g *guard) after(d time.Duration, f func()) *time.Timer {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return nil
	}
	t := time.AfterFunc(d, f)
	g.timers = append(g.timers, t)
	return t
}

// stop ends every deadline; the attempt has its answer.
func (g *guard) stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopped = true
	for _, t := range g.timers {
		t.Stop()
	}
}

// rearm pushes t back by d unless the guard stopped (a timer's own func
// may call it).
func (g *guard) rearm(t *time.Timer, d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.stopped && t != nil {
		t.Reset(d)
	}
}

// signalSlow tells the race, once, that this attempt is behind.
func (g *guard) signalSlow() {
	if g.slow != nil && g.slowSent.CompareAndSwap(false, true) {
		g.slow()
	}
}

// bodyLimits are the progress deadlines of a body.
type bodyLimits struct {
	window time.Duration // the floor's window
	floor  int64         // bytes due per window unless the body ended
	idle   time.Duration // no byte for this long: stall
	whole  time.Duration // a small body's deadline after the headers; 0 none
	// hedge (the mirror's hedge delay; 0: none): ask the race for a
	// hedge before a deadline passes: half-way through a window with less
	// than half the floor, no byte for twice the hedge delay, or a small
	// body not whole after the hedge delay (at most a quarter of its
	// deadline).
	hedge time.Duration
}

// smallBody makes a body of a known length under the floor a small file:
// it is due whole within the window.
func (l bodyLimits) smallBody(length int64) bodyLimits {
	if l.whole == 0 && length >= 0 && length < l.floor {
		l.whole = l.window
	}
	return l
}

// watchBody starts the body deadlines, from the headers' arrival.
func (g *guard) watchBody(l bodyLimits) {
	g.lastRead.Store(time.Now().UnixNano())
	var last int64
	var win *time.Timer
	win = g.after(l.window, func() {
		n := g.n.Load()
		switch got := n - last; {
		case got == 0:
			g.trip(probe.ClassStall, fmt.Sprintf("the body stalled: no byte in %s after %d bytes", l.window, n))
		case got < l.floor:
			g.trip(ClassDrip, fmt.Sprintf("the body dripped: %d bytes in %s, under the floor of %d", got, l.window, l.floor))
		default:
			last = n
			g.rearm(win, l.window)
		}
	})
	g.idleDur = l.idle
	g.idle = g.after(l.idle, func() {
		g.trip(probe.ClassStall, fmt.Sprintf("the body stalled for %s", l.idle))
	})
	if l.hedge > 0 {
		g.hedgeIdle = g.after(2*l.hedge, g.signalSlow)
		g.hedgeDur = 2 * l.hedge
		var half *time.Timer
		start := int64(0)
		half = g.after(l.window/2, func() {
			n := g.n.Load()
			if n-start < l.floor/2 {
				g.signalSlow()
				return
			}
			start = n
			g.rearm(half, l.window)
		})
	}
	if l.whole > 0 {
		g.after(l.whole, func() {
			if n := g.n.Load(); n == 0 {
				g.trip(probe.ClassStall, fmt.Sprintf("no byte of the body within %s of the headers", l.whole))
			} else {
				g.trip(ClassDrip, fmt.Sprintf("the body was not whole within %s of the headers (%d bytes came)", l.whole, n))
			}
		})
		if l.hedge > 0 {
			g.after(min(l.hedge, l.whole/4), g.signalSlow)
		}
	}
}

// reader counts the body's bytes and pushes back the idle and hedge
// deadlines on progress.
func (g *guard) reader(r io.Reader) io.Reader { return guardedReader{r: r, g: g} }

type guardedReader struct {
	r io.Reader
	g *guard
}

func (gr guardedReader) Read(p []byte) (int, error) {
	n, err := gr.r.Read(p)
	if n > 0 {
		g := gr.g
		g.n.Add(int64(n))
		g.lastRead.Store(time.Now().UnixNano())
		g.rearm(g.idle, g.idleDur)
		g.rearm(g.hedgeIdle, g.hedgeDur)
	}
	return n, err
}

// idleFor is how long no byte of the body came.
func (g *guard) idleFor() time.Duration {
	return time.Since(time.Unix(0, g.lastRead.Load()))
}
