package relay

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// budget is the hedging throttle: a token bucket refilled by Ratio per
// request up to max; a hedge takes a whole token. Over time at most about
// Ratio of the requests are hedged, with bursts of up to max.
type budget struct {
	mu                 sync.Mutex
	tokens, max, ratio float64
}

func (b *budget) onRequest() {
	b.mu.Lock()
	b.tokens = min(b.max, b.tokens+b.ratio)
	b.mu.Unlock()
}

func (b *budget) take() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	return false
}

// order returns the upstreams in the order to try: pools by priority, the
// members of a pool in a weighted random order (a member first with
// probability weight/sum), then every mirror that is down moved to the end
// (kept as a last resort).
func (r *Relay) order(ups []Upstream) []Upstream {
	pools := map[int][]Upstream{}
	var prios []int
	for _, u := range ups {
		if _, ok := pools[u.Pool]; !ok {
			prios = append(prios, u.Pool)
		}
		pools[u.Pool] = append(pools[u.Pool], u)
	}
	slices.Sort(prios)
	out := make([]Upstream, 0, len(ups))
	for _, p := range prios {
		out = append(out, weightedShuffle(pools[p])...)
	}
	var up, down []Upstream
	for _, u := range out {
		if r.health.State(u.ID) == mirrors.HealthDown {
			down = append(down, u)
		} else {
			up = append(up, u)
		}
	}
	return append(up, down...)
}

// weightedShuffle orders a pool by weighted sampling without replacement.
func weightedShuffle(us []Upstream) []Upstream {
	us = slices.Clone(us)
	for i := 0; i < len(us)-1; i++ {
		sum := 0.0
		for _, u := range us[i:] {
			sum += weight(u)
		}
		x := rand.Float64() * sum
		for j := i; j < len(us); j++ {
			x -= weight(us[j])
			if x < 0 || j == len(us)-1 {
				us[i], us[j] = us[j], us[i]
				break
			}
		}
	}
	return us
}

func weight(u Upstream) float64 {
	if u.Weight <= 0 {
		return 1
	}
	return u.Weight
}

// hedgeDelay is how long to wait for t's headers before hedging; ok false
// means no hedging. Automatic: the mirror's p95 time to first byte, clamped
// to [Min, Max]; Unknown while it has fewer than 5 successes. A mirror
// whose newest attempt or probe failed (a stall outrun by a hedge, an
// error) is suspect: the wait is its median time to first byte (at least
// Min; Min without samples), so that a mirror that has just begun to stall
// costs the next request little, and one that answers as usual is not
// hedged (the budget caps the rest).
func (r *Relay) hedgeDelay(t target) (time.Duration, bool) {
	h := r.opts.Hedge
	switch h.Mode {
	case HedgeOff:
		return 0, false
	case HedgeFixed:
		return h.Delay, true
	}
	st := r.health.Stats(t.up.ID)
	enough := st.OKs >= 5
	switch {
	case st.ConsecFail > 0 && enough:
		return min(max(st.TTFB.P50, h.Min), h.Max), true
	case st.ConsecFail > 0:
		return h.Min, true
	case !enough:
		return h.Unknown, true
	}
	return min(max(st.TTFB.P95, h.Min), h.Max), true
}

// raceResult is what race found.
type raceResult struct {
	winner *result  // nil when nothing served
	tried  []result // every finished attempt but the winner, in the order they ended
	hedges int
	// timedOut: the request's deadline (or the client) ended it.
	timedOut bool
	// pending attempts were still running when one won; finish collects
	// them.
	pending int
	results chan result
}

// finish waits for the attempts that lost (cancelled, they end at once),
// feeds them to the health tracker, removes their spool files and adds
// them to tried. ServeHTTP calls it after answering.
func (r *Relay) finish(rr *raceResult) {
	for range rr.pending {
		res := <-rr.results
		res.aborted = true
		r.feed(res)
		res.release()
		rr.tried = append(rr.tried, res)
	}
	rr.pending = 0
}

// race runs attempts over the targets: one at first; the next at once when
// one fails (failover), or when the current ones have sent no headers
// within the hedge delay and the budget allows (a hedge), at most
// maxParallel at once. The first servable answer wins and the others are
// cancelled; finish collects them.
func (r *Relay) race(ctx context.Context, rt route, ts []target) raceResult {
	ctx, cancel := context.WithTimeout(ctx, r.deadline(rt.kind))
	results := make(chan result, len(ts))
	headers := make(chan int, len(ts))
	hasHeaders := make([]bool, len(ts))
	running := map[int]bool{}
	var out raceResult
	next := 0
	launch := func(hedge bool) {
		i := next
		next++
		running[i] = true
		r.bg.Add(1)
		go func() {
			defer r.bg.Done()
			res := r.attempt(ctx, rt, ts[i], i, headers)
			res.hedge = hedge
			results <- res
		}()
	}
	var timer *time.Timer
	var timerC <-chan time.Time
	var healthC <-chan struct{} // while a hedge waits for the budget
	arm := func() {
		if timer != nil {
			timer.Stop()
			timerC = nil
		}
		if next >= len(ts) {
			return
		}
		for i := range running {
			if hasHeaders[i] {
				return // hedging stops once headers have arrived
			}
		}
		if d, ok := r.hedgeDelay(ts[next-1]); ok {
			timer = time.NewTimer(d)
			timerC = timer.C
		}
	}
	launch(false)
	arm()
loop:
	for len(running) > 0 {
		select {
		case res := <-results:
			delete(running, res.idx)
			r.feed(res)
			if res.ok() {
				out.winner = &res
				break loop
			}
			out.tried = append(out.tried, res)
			if next < len(ts) && len(running) < maxParallel {
				launch(false)
			}
			arm()
		case i := <-headers:
			hasHeaders[i] = true
			if timer != nil {
				timer.Stop()
				timerC = nil
			}
			healthC = nil
		case <-timerC:
			timerC = nil
			// A hedge takes from the budget; but once the mirror waited on
			// is known to be down (its other requests stalled meanwhile),
			// moving on is a failover, which the budget does not limit.
			healthC = nil
			if next < len(ts) && len(running) < maxParallel {
				if r.health.State(ts[next-1].up.ID) == mirrors.HealthDown || r.budget.take() {
					out.hedges++
					launch(true)
				} else {
					// No budget: move on as soon as the mirror is found
					// down (other requests' attempts feed its health),
					// not only at the next delay.
					healthC = r.health.Changed()
				}
			}
			arm()
		case <-healthC:
			healthC = nil
			if timerC != nil && next < len(ts) && len(running) < maxParallel {
				if r.health.State(ts[next-1].up.ID) == mirrors.HealthDown {
					out.hedges++
					launch(true)
					arm()
				} else {
					healthC = r.health.Changed()
				}
			}
		case <-ctx.Done():
			out.timedOut = true
			break loop
		}
	}
	if timer != nil {
		timer.Stop()
	}
	cancel()
	if n := len(running); n > 0 {
		if out.winner == nil {
			// The deadline: the running attempts are failures of their
			// own, and are waited for (they end at once, cancelled).
			for range n {
				res := <-results
				if res.aborted {
					res.class = probe.ClassStall
					res.reason = fmt.Sprintf("no complete answer within the request's limit of %s", r.deadline(rt.kind))
				}
				r.feed(res)
				res.release()
				out.tried = append(out.tried, res)
			}
		} else {
			out.pending, out.results = n, results
		}
	}
	return out
}

// feed tells the health tracker what an attempt did. An attempt cut short
// after its headers (another one won) says nothing; one that had no
// headers when another won counts as a stall: the mirror was slower than
// its hedge delay and another answered first. Not found is a working
// mirror.
func (r *Relay) feed(res result) {
	if res.t.direct {
		return // not an upstream mirror
	}
	class := res.class
	switch {
	case res.aborted && res.ttfb > 0:
		return
	case res.aborted:
		class = probe.ClassStall
	case class == probe.ClassNotFound:
		class = probe.ClassOK
	}
	r.health.observe(res.t.up.ID, res.t.up.URL, res.start, class, res.status, res.ttfb, res.total, res.reason)
}
