package relay

import (
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

// has reports whether a hedge could be taken now.
func (b *budget) has() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens >= 1
}

// order returns the targets' upstreams in the order to try: pools by
// priority, the members of a pool in a weighted random order (a member
// first with probability weight/sum), then every mirror that is down
// (circuit open), or that never answered and stalled, marked down: those
// are asked only when no mirror that is up served, all at once, with
// short deadlines. A down mirror whose trial is due (TrialAfter since it
// went down or was last tried) goes first instead, marked trial: it is
// asked beside the first mirror that is up.
func (r *Relay) order(ups []Upstream) []target {
	pools := map[int][]Upstream{}
	var prios []int
	for _, u := range ups {
		if _, ok := pools[u.Pool]; !ok {
			prios = append(prios, u.Pool)
		}
		pools[u.Pool] = append(pools[u.Pool], u)
	}
	slices.Sort(prios)
	var trials, up, down []target
	for _, p := range prios {
		for _, u := range weightedShuffle(pools[p]) {
			switch {
			case r.health.State(u.ID) != mirrors.HealthDown && !r.stalledUnproven(u.ID):
				up = append(up, target{up: u})
			case r.health.claimTrial(u.ID, r.opts.TrialAfter):
				trials = append(trials, target{up: u, trial: true})
			default:
				down = append(down, target{up: u, down: true})
			}
		}
	}
	if len(up) == 0 {
		// Every mirror is down: all are asked at once anyway.
		for i := range trials {
			trials[i].trial, trials[i].down = false, true
		}
	}
	return append(append(trials, up...), down...)
}

// stalledUnproven reports whether a mirror never answered and its newest
// attempt or probe stalled (or dripped): on a cold relay, waiting on it again would
// cost every request its hedge delay until it is found down, so it is
// treated as down at once (a slow but healthy mirror is back with the
// first time to first byte measured). Automatic hedging only: a fixed
// hedge delay or none leaves the breaker to DownAfter.
func (r *Relay) stalledUnproven(id string) bool {
	if r.opts.Hedge.Mode != HedgeAuto {
		return false
	}
	st := r.health.Stats(id)
	switch st.LastClass {
	case probe.ClassStall, probe.ClassConnectTimeout, probe.ClassTLSTimeout, ClassDrip:
		return st.OKs == 0 && st.ConsecFail > 0
	}
	return false
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

// hedgeDelay is how long to wait for t's headers (or its body's progress)
// before hedging; ok false means no hedging. Automatic: the mirror's p95
// time to first byte, clamped to [Min, Max]. A mirror with fewer than 5
// successes is hedged after Min while the budget has a token (a cold
// relay in front of a stalled primary loses little on its first
// requests; the budget keeps a slow but healthy mirror from being hedged
// on every first request), else after Unknown. A mirror whose newest
// attempt or probe failed (a stall outrun by a hedge, an error) is
// suspect: the wait is its median time to first byte (at least Min; Min
// without samples), so that a mirror that has just begun to stall costs
// the next request little, and one that answers as usual is not hedged
// (the budget caps the rest).
func (r *Relay) hedgeDelay(t target) (time.Duration, bool) {
	h := r.opts.Hedge
	switch h.Mode {
	case HedgeOff:
		return 0, false
	case HedgeFixed:
		return h.Delay, true
	}
	if t.down || t.trial {
		return 0, true
	}
	st := r.health.Stats(t.up.ID)
	enough := st.OKs >= 5
	switch {
	case st.ConsecFail > 0 && enough:
		return min(max(st.TTFB.P50, h.Min), h.Max), true
	case st.ConsecFail > 0:
		return h.Min, true
	case !enough && r.budget.has():
		return h.Min, true
	case !enough:
		return h.Unknown, true
	}
	return min(max(st.TTFB.P95, h.Min), h.Max), true
}

// limitsFor chooses an attempt's deadlines when it starts, elapsed into
// its request. A down mirror (or its trial) gets DownTimeout for its
// headers and a small body, and so does one that failed and never
// answered; a mirror not proven (no result yet, or its newest result
// failed) gets what is left of ColdTTFB since the request began, so that
// a cold relay in front of mirrors that all stall still answers in time;
// a proven one TTFBTimeout. A small body must be whole
// within a deadline from the mirror's measured times (8x its p95 total,
// at least a second, at most a BodyWindow).
func (r *Relay) limitsFor(rt route, t target, elapsed time.Duration) limits {
	o := r.opts
	st := r.health.Stats(t.up.ID)
	l := limits{ttfb: o.TTFBTimeout}
	switch {
	case t.down || t.trial, st.OKs == 0 && st.ConsecFail > 0:
		l.ttfb = o.DownTimeout
	case st.OKs == 0 || st.ConsecFail > 0:
		l.ttfb = min(o.TTFBTimeout, max(o.ColdTTFB-elapsed, o.DownTimeout))
	case elapsed >= o.ColdTTFB:
		l.ttfb = min(o.TTFBTimeout, max(o.ColdTTFB, o.DownTimeout))
	}
	if d, ok := r.hedgeDelay(t); ok && !t.down && !t.trial {
		l.hedge = d
	}
	l.body = bodyLimits{window: o.BodyWindow, floor: o.BodyFloor, idle: o.IdleTimeout, hedge: l.hedge}
	if rt.kind != KindZip {
		l.body.whole = o.BodyWindow
		if st.OKs >= 5 {
			l.body.whole = min(max(8*st.Durations.P95, time.Second), o.BodyWindow)
		}
		if t.down || t.trial {
			l.body.whole = min(l.body.whole, o.DownTimeout)
		}
	}
	return l
}

// measurable reports whether an attempt at t, outrun before its headers,
// is left to run to its headers (within its deadline) to measure the
// mirror: an upstream with fewer than 5 successes and no failure, one
// attempt per mirror at a time. Its time to first byte is a sample, so a
// slow but healthy mirror gets real figures instead of being taken for a
// staller.
func (r *Relay) measurable(t target) bool {
	if t.direct || t.down || t.trial || r.opts.Hedge.Mode != HedgeAuto {
		return false
	}
	st := r.health.Stats(t.up.ID)
	if st.OKs >= 5 || st.ConsecFail > 0 {
		return false
	}
	return r.health.claimMeasure(t.up.ID)
}
