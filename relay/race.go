package relay

import (
	"context"
	"fmt"
	"maps"
	"sync/atomic"
	"time"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// evKind is what an attempt tells its race while it runs.
type evKind int

const (
	evHeaders evKind = iota // the response headers arrived
	evSlow                  // the body is behind: a hedge is due
)

// event is an attempt's news for its race.
type event struct {
	idx  int
	kind evKind
}

// raceResult is what race found.
type raceResult struct {
	winner *result  // nil when nothing served
	tried  []result // every finished attempt but the winner, in the order they ended
	hedges int
	// timedOut: the request's deadline (or the client) ended it.
	timedOut bool
	// pending attempts were still running when one won; finish collects
	// them. measuring, among them, are left to run to their headers.
	pending   int
	measuring map[int]result
	results   chan result
}

// finish waits for the attempts that lost (cancelled, they end at once),
// feeds them to the health tracker, removes their spool files and adds
// them to tried. An attempt measuring an unproven mirror is not waited
// for: it is in tried (and fed) as a stall, or outrun if it was a hedge
// that started later; its headers, if they come within its deadline, are
// fed later as the measured success they are.
func (r *Relay) finish(rr *raceResult) {
	left := maps.Clone(rr.measuring)
	for n := rr.pending - len(left); n > 0; {
		res := <-rr.results
		if _, ok := left[res.idx]; ok {
			delete(left, res.idx)
		} else {
			n--
		}
		res.aborted = true
		r.feed(res)
		res.release()
		rr.tried = append(rr.tried, res)
	}
	rr.pending = 0
	if len(left) == 0 {
		return
	}
	for _, res := range left {
		res.aborted, res.total = true, time.Since(res.start)
		res.class = probe.ClassStall
		if res.hedge {
			res.class = ClassOutrun
		}
		res.reason = fmt.Sprintf("no response headers after %s: %s (left to run to measure the mirror)", res.total.Round(time.Millisecond), errWon)
		r.feed(res)
		rr.tried = append(rr.tried, res)
	}
	r.bg.Add(1)
	go func() {
		defer r.bg.Done()
		for range left {
			res := <-rr.results
			res.aborted = true
			if res.ttfb > 0 {
				r.feed(res) // measured; a stall was fed already
			}
			res.release()
		}
	}()
}

// racer is one request's race over its targets.
type racer struct {
	r       *Relay
	rt      route
	ts      []target
	start   time.Time
	ctx     context.Context
	cancel  context.CancelCauseFunc
	results chan result
	events  chan event
	over    atomic.Bool
	running map[int]bool
	headers map[int]bool // headers arrived and the body has not fallen behind
	gotHdr  map[int]bool // headers arrived
	measure map[int]context.CancelCauseFunc
	starts  map[int]time.Time
	hedged  map[int]bool
	next    int
	timer   *time.Timer
	timerC  <-chan time.Time
	healthC <-chan struct{} // while a hedge waits for the budget
	out     raceResult
}

// race runs attempts over the targets: one at first (with a trial of a
// down mirror beside it when one is due); the next at once when one fails
// (failover), or when the running ones have sent no headers within the
// hedge delay, or their body has fallen behind, and the budget allows (a
// hedge), at most maxParallel at once. Down mirrors, last, are asked all
// at once with short deadlines. The first servable answer wins and the
// others are cancelled; finish collects them.
func (r *Relay) race(ctx context.Context, rt route, ts []target) raceResult {
	dctx, dcancel := context.WithTimeout(ctx, r.deadline(rt.kind))
	defer dcancel()
	cctx, cancel := context.WithCancelCause(dctx)
	rc := &racer{
		r: r, rt: rt, ts: ts, start: time.Now(), ctx: cctx, cancel: cancel,
		results: make(chan result, len(ts)), events: make(chan event, 2*len(ts)),
		running: map[int]bool{}, headers: map[int]bool{}, gotHdr: map[int]bool{}, measure: map[int]context.CancelCauseFunc{},
		starts: map[int]time.Time{}, hedged: map[int]bool{},
	}
	rc.launch(false)
	rc.arm()
	rc.loop()
	rc.end()
	return rc.out
}

// loop waits for results and events until an attempt wins, every one
// failed, or the request's deadline.
func (rc *racer) loop() {
	for len(rc.running) > 0 {
		select {
		case res := <-rc.results:
			if rc.onResult(res) {
				return
			}
		case ev := <-rc.events:
			rc.onEvent(ev)
		case <-rc.timerC:
			rc.timerC = nil
			rc.hedgeDue()
		case <-rc.healthC:
			rc.healthC = nil
			if rc.timerC != nil && rc.canLaunch() && rc.waitedDown() {
				rc.out.hedges++
				rc.launch(true)
				rc.arm()
			} else if rc.canLaunch() {
				rc.healthC = rc.r.health.Changed()
			}
		case <-rc.ctx.Done():
			rc.out.timedOut = true
			return
		}
	}
}

// onResult takes an attempt's end; true when it won.
func (rc *racer) onResult(res result) bool {
	delete(rc.running, res.idx)
	delete(rc.measure, res.idx)
	rc.r.feed(res)
	if res.ok() {
		rc.out.winner = &res
		return true
	}
	rc.out.tried = append(rc.out.tried, res)
	if rc.canLaunch() {
		rc.launch(false)
	}
	rc.arm()
	return false
}

// onEvent: headers stop the hedge timer while the body comes; a body that
// fell behind makes a hedge due at once.
func (rc *racer) onEvent(ev event) {
	if !rc.running[ev.idx] {
		return
	}
	switch ev.kind {
	case evHeaders:
		rc.headers[ev.idx], rc.gotHdr[ev.idx] = true, true
		rc.stopTimer()
		rc.healthC = nil
	case evSlow:
		rc.headers[ev.idx] = false
		rc.stopTimer()
		rc.hedgeDue()
	}
}

// hedgeDue launches a hedge if the budget allows. Once the mirror waited
// on is known to be down (its other requests stalled meanwhile), moving
// on is a failover, which the budget does not limit; without budget the
// race moves on as soon as it is found down, not only at the next delay.
func (rc *racer) hedgeDue() {
	rc.healthC = nil
	if !rc.canLaunch() {
		rc.arm()
		return
	}
	if rc.waitedDown() || rc.r.budget.take() {
		rc.out.hedges++
		rc.launch(true)
	} else {
		rc.healthC = rc.r.health.Changed()
	}
	rc.arm()
}

// waitedDown reports whether the mirror of the newest attempt is down.
func (rc *racer) waitedDown() bool {
	return rc.next > 0 && rc.r.health.State(rc.ts[rc.next-1].up.ID) == mirrors.HealthDown
}

// canLaunch: a target is left and the parallel cap allows it (what is
// asked at once, on short deadlines, does not count against it).
func (rc *racer) canLaunch() bool {
	if rc.next >= len(rc.ts) {
		return false
	}
	return len(rc.running) < maxParallel || rc.atOnce(rc.ts[rc.next])
}

// atOnce reports whether t is asked without waiting: a down mirror or a
// trial (on short deadlines), or any mirror once the request has waited
// ColdTTFB (every one left is asked on the short deadline then, so that
// the answer comes in time however many mirrors stall).
func (rc *racer) atOnce(t target) bool {
	return t.down || t.trial || time.Since(rc.start) >= rc.r.opts.ColdTTFB
}

// launch starts the next target's attempt; after one asked at once the
// next target starts at once too.
func (rc *racer) launch(hedge bool) {
	for {
		i := rc.next
		rc.next++
		t := rc.ts[i]
		rc.running[i] = true
		rc.starts[i], rc.hedged[i] = time.Now(), hedge
		lim := rc.r.limitsFor(rc.rt, t, time.Since(rc.start))
		ctx := rc.ctx
		ctl := attemptCtl{idx: i, events: rc.events}
		stop := func() bool { return false }
		if rc.r.measurable(t) {
			var mc context.CancelCauseFunc
			ctx, mc = context.WithCancelCause(context.WithoutCancel(rc.ctx))
			rc.measure[i], ctl.over = mc, &rc.over
			stop = context.AfterFunc(rc.r.life, func() { mc(context.Canceled) })
		}
		rc.r.bg.Add(1)
		go func(hedge bool) {
			defer rc.r.bg.Done()
			defer stop()
			res := rc.r.attempt(ctx, rc.rt, t, lim, ctl)
			res.hedge = hedge
			res.measure = ctl.over != nil
			if res.measure {
				rc.r.health.releaseMeasure(t.up.ID)
			}
			rc.results <- res
		}(hedge)
		if !rc.atOnce(t) || !rc.canLaunch() {
			return
		}
		hedge = false
	}
}

// arm starts the hedge timer for the newest attempt, unless a running
// attempt's body is coming or no target is left.
func (rc *racer) arm() {
	rc.stopTimer()
	if rc.next >= len(rc.ts) {
		return
	}
	for i := range rc.running {
		if rc.headers[i] {
			return
		}
	}
	if d, ok := rc.r.hedgeDelay(rc.ts[rc.next-1]); ok {
		rc.timer = time.NewTimer(d)
		rc.timerC = rc.timer.C
	}
}

func (rc *racer) stopTimer() {
	if rc.timer != nil {
		rc.timer.Stop()
		rc.timerC = nil
	}
}

// end cancels what still runs. With a winner, the losers are left to
// finish; with none (the deadline, the client), they are waited for: they
// end at once, cancelled.
func (rc *racer) end() {
	rc.stopTimer()
	rc.over.Store(true)
	// An attempt sends its headers event before it reads over: one that
	// read false before the Store has its event queued by now. Taking
	// those events makes sure it is cancelled below, not left to read a
	// body nobody will serve.
	for drained := false; !drained; {
		select {
		case ev := <-rc.events:
			if ev.kind == evHeaders {
				rc.gotHdr[ev.idx] = true
			}
		default:
			drained = true
		}
	}
	cause := errWon
	if rc.out.winner == nil {
		cause = context.Cause(rc.ctx)
	}
	for i, mc := range rc.measure {
		if rc.out.winner == nil || rc.gotHdr[i] {
			mc(cause)
			continue
		}
		if rc.out.measuring == nil {
			rc.out.measuring = map[int]result{}
		}
		rc.out.measuring[i] = result{idx: i, t: rc.ts[i], start: rc.starts[i], hedge: rc.hedged[i], measure: true}
	}
	rc.cancel(cause)
	n := len(rc.running)
	if n == 0 {
		return
	}
	if rc.out.winner != nil {
		rc.out.pending, rc.out.results = n, rc.results
		return
	}
	for range n {
		res := <-rc.results
		rc.r.feed(res)
		res.release()
		rc.out.tried = append(rc.out.tried, res)
	}
}

// feed tells the health tracker what an attempt did. An attempt cut short
// after its headers (another one won) says nothing, unless it was
// measuring an unproven mirror or a trial that answered 200: its time to
// first byte is then a success. One outrun without headers after its
// hedge delay counts as a stall (the mirror was slower than its hedge
// delay and another answered first); a hedge outrun sooner says nothing.
// Not found is a working mirror. A successful trial of a down mirror
// lets the next request try it too.
func (r *Relay) feed(res result) {
	if res.t.direct {
		return // not an upstream mirror
	}
	class := res.class
	switch {
	case res.aborted && class == ClassOutrun && res.ttfb > 0 && (res.measure || res.t.trial) && res.status == 200:
		class = probe.ClassOK
	case res.aborted && class != probe.ClassStall && class != ClassDrip:
		return
	case class == probe.ClassNotFound:
		class = probe.ClassOK
	}
	if class == probe.ClassOK && res.t.trial {
		r.health.trialPassed(res.t.up.ID)
	}
	total := res.total
	if res.aborted && class == probe.ClassOK {
		total = res.ttfb
	}
	r.health.observe(res.t.up.ID, res.t.up.URL, res.start, class, res.status, res.ttfb, total, res.reason)
}
