package relay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/probe"
)

// target is one place an attempt asks: an upstream and the URL for this
// request there.
type target struct {
	up  Upstream
	url string // full URL (may hold the upstream's credentials)
	// supported: for /sumdb/<name>/supported through a direct route, the
	// database's /latest is asked instead and a 200 means "supported".
	direct bool
	// down: the mirror is down (circuit open): asked only when no mirror
	// that is up served, with short deadlines. trial: a down mirror asked
	// once beside the others to see whether it is back (half-open).
	down, trial bool
}

// result is the outcome of one attempt.
type result struct {
	idx     int // position in the candidate list
	t       target
	class   probe.Class
	status  int
	reason  string // short, English, sanitised; "" on success
	body    []byte // small files
	file    *os.File
	size    int64
	ctype   string
	start   time.Time
	ttfb    time.Duration // 0 when no headers arrived
	total   time.Duration
	hedge   bool // started as a hedge
	aborted bool // cut short because the request ended (another attempt won, the client left)
	measure bool // let run after the request ended, to measure an unproven mirror
}

// ok reports a servable answer.
func (r *result) ok() bool { return r.class == probe.ClassOK }

// release removes a spooled file.
func (r *result) release() {
	if r.file != nil {
		name := r.file.Name()
		r.file.Close()
		os.Remove(name)
		r.file = nil
	}
}

// limits are one attempt's deadlines, chosen when it starts.
type limits struct {
	ttfb  time.Duration // response headers due
	hedge time.Duration // the mirror's hedge delay (0: no hedging)
	body  bodyLimits
}

// attemptCtl is what an attempt shares with its race: its events and
// whether the race is over (a measuring attempt then stops at its headers).
type attemptCtl struct {
	idx    int
	events chan<- event
	over   *atomic.Bool
}

// errWon is the cause of a race's end when an attempt won.
var errWon = errors.New("another mirror answered first")

// attempt makes one request to one target and reads and checks its body.
// The race is told (without blocking) when the response headers arrive
// and when the body falls behind (a hedge is then due).
func (r *Relay) attempt(ctx context.Context, rt route, t target, lim limits, c attemptCtl) (res result) {
	res = result{idx: c.idx, t: t, start: time.Now()}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g := newGuard(cancel, func() { notify(c.events, event{c.idx, evSlow}) })
	defer func() {
		g.stop()
		res.total = time.Since(res.start)
		r.settle(ctx, &res, g, lim)
	}()
	resp := r.send(ctx, t, lim, g, &res)
	if resp == nil {
		return res
	}
	defer resp.Body.Close()
	notify(c.events, event{c.idx, evHeaders})
	if c.over != nil && c.over.Load() {
		// Measured: the race is over; the headers' time is what was due.
		res.class, res.aborted = ClassOutrun, true
		res.reason = fmt.Sprintf("headers after %s, when another mirror had answered", res.ttfb.Round(time.Millisecond))
		return res
	}
	body := g.reader(resp.Body)
	if !answered(resp, body, &res) {
		return res
	}
	g.watchBody(lim.body.smallBody(resp.ContentLength))
	res.ctype = resp.Header.Get("Content-Type")
	if rt.kind == KindZip {
		r.spoolZip(rt, body, g, &res)
	} else {
		readSmall(rt, t, body, g, &res)
	}
	return res
}

// notify sends an event without blocking (the channel has room for every
// event of a race).
func notify(ch chan<- event, e event) {
	select {
	case ch <- e:
	default:
	}
}

// send asks t and waits for the response headers within lim.ttfb. nil:
// res says why there is no answer.
func (r *Relay) send(ctx context.Context, t target, lim limits, g *guard, res *result) *http.Response {
	var connected atomic.Bool
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { connected.Store(true) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodGet, t.url, nil)
	if err != nil {
		res.class, res.reason = probe.ClassProtocol, errText(err)
		return nil
	}
	req.Header.Set("User-Agent", "goproxytui-relay")
	timer := g.after(lim.ttfb, func() {
		if connected.Load() {
			g.trip(probe.ClassStall, fmt.Sprintf("no response headers within %s", lim.ttfb))
		} else {
			g.trip(probe.ClassConnectTimeout, fmt.Sprintf("no connection within %s", lim.ttfb))
		}
	})
	resp, err := r.client.Do(req)
	if timer != nil {
		timer.Stop()
	}
	if err != nil {
		res.class, res.reason = classify(err, connected.Load(), false), errText(err)
		return nil
	}
	res.ttfb = time.Since(res.start)
	res.status = resp.StatusCode
	return resp
}

// answered sorts a response by its status: true for a 200, whose body is
// to be read; otherwise res says what the mirror answered.
func answered(resp *http.Response, body io.Reader, res *result) bool {
	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		return true
	case code == http.StatusNotFound || code == http.StatusGone:
		res.class = probe.ClassNotFound
	case code >= 500:
		res.class = probe.ClassHTTP5xx
	case code >= 400:
		res.class = probe.ClassHTTP4xx
	default:
		res.class = probe.ClassProtocol
	}
	res.reason = statusText(resp.StatusCode, body)
	return false
}

// readSmall reads and checks a small body whole.
func readSmall(rt route, t target, body io.Reader, g *guard, res *result) {
	limit := limitOf(rt.kind)
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	switch {
	case err != nil:
		bodyErr(err, g, res)
		return
	case int64(len(data)) > limit:
		res.class, res.reason = ClassInvalid, fmt.Sprintf("body over %d bytes", limit)
		return
	}
	if t.direct && rt.kind == KindSupported {
		data = nil // the database's /latest answered: it is reachable
	} else if err := checkBody(rt, data); err != nil {
		res.class, res.reason = ClassInvalid, err.Error()
		return
	}
	res.body, res.size, res.class = data, int64(len(data)), probe.ClassOK
}

// spoolZip copies a zip to a spool file and checks it.
func (r *Relay) spoolZip(rt route, body io.Reader, g *guard, res *result) {
	limit := limitOf(rt.kind)
	f, err := r.spool.create()
	if err != nil {
		res.class, res.reason = probe.ClassProtocol, "spool file: "+errText(err)
		return
	}
	res.file = f
	n, err := io.Copy(f, io.LimitReader(body, limit+1))
	res.size = n
	switch {
	case err != nil:
		bodyErr(err, g, res)
	case n > limit:
		res.class, res.reason = ClassInvalid, fmt.Sprintf("zip over %d MiB", limit>>20)
	default:
		if err := checkZip(rt, f, n); err != nil {
			res.class, res.reason = ClassInvalid, err.Error()
		}
	}
	if res.class != "" {
		res.release()
		return
	}
	res.class = probe.ClassOK
}

// bodyErr says why reading a body failed.
func bodyErr(err error, g *guard, res *result) {
	if c, why := g.tripped(); c != "" {
		res.class, res.reason = c, why
		return
	}
	switch {
	case probe.IsReset(err), errors.Is(err, io.ErrUnexpectedEOF):
		res.class, res.reason = probe.ClassReset, fmt.Sprintf("connection closed in the middle of the body (%d bytes came): %s", g.n.Load(), errText(err))
	default:
		res.class, res.reason = classify(err, true, false), errText(err)
	}
}

// settle says what happened to an attempt cut short: a deadline of its
// own (the guard's), or the end of its race. A body that fell behind is a
// stall if it stopped (no byte for half its time since the headers), else
// a drip.
func (r *Relay) settle(ctx context.Context, res *result, g *guard, lim limits) {
	if res.ok() || res.class == probe.ClassNotFound {
		return
	}
	if c, why := g.tripped(); c != "" {
		res.class, res.reason = c, why
		return
	}
	cause := context.Cause(ctx)
	if cause == nil {
		return
	}
	res.aborted = true
	took := res.total.Round(time.Millisecond)
	switch {
	case errors.Is(cause, context.DeadlineExceeded):
		res.class, res.reason = probe.ClassStall, "no complete answer within the request's limit"
	case !errors.Is(cause, errWon):
		res.class, res.reason = ClassAbandoned, "the client left or the relay stopped"
	case res.ttfb > 0 && g.slowSent.Load() && 2*g.idleFor() >= res.total-res.ttfb:
		res.class, res.reason = probe.ClassStall, fmt.Sprintf("the body stopped after %d bytes, %s before another mirror answered", g.n.Load(), g.idleFor().Round(time.Millisecond))
	case res.ttfb > 0 && g.slowSent.Load():
		res.class, res.reason = ClassDrip, fmt.Sprintf("the body fell behind, %d bytes after %s: %s", g.n.Load(), took, errWon)
	case res.ttfb > 0:
		res.class, res.reason = ClassOutrun, fmt.Sprintf("%d body bytes after %s: %s", g.n.Load(), took, errWon)
	case lim.hedge > 0 && res.total >= lim.hedge:
		res.class, res.reason = probe.ClassStall, fmt.Sprintf("no response headers after %s: %s", took, errWon)
	default:
		res.class, res.reason = ClassOutrun, fmt.Sprintf("%s after %s", errWon, took)
	}
}

// statusText is "404 Not Found: <first line of the text body>", capped.
func statusText(code int, body io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(body, 512))
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	s := fmt.Sprintf("%d %s", code, http.StatusText(code))
	if line = sanitize.Line(line, 120); line != "" {
		s += ": " + line
	}
	return s
}
