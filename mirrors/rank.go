package mirrors

import (
	"math"
	"slices"
	"time"
)

// Ranking constants; see Score.
const (
	// scoreLatencyScale is the latency at which the latency factor halves.
	scoreLatencyScale = 250 * time.Millisecond
	// scoreUnknownLatency is assumed when a mirror has no successful probe.
	scoreUnknownLatency = time.Second
)

// Score rates a mirror from its recent statistics and its weight; higher is
// better. It is
//
//	weight × (1 − loss)² × 1 / (1 + p50 / 250ms)
//
// where weight ≤ 0 (or NaN, ±Inf) counts as 1, loss is clamped to 0..1, and
// p50 is the median total probe time of successful probes, taken as 1s when
// unknown (no samples, or 0). So a mirror answering in 250ms scores half of
// an instant one, a weight of 2 doubles a score, and 10% loss costs 19%. A
// down mirror scores 0. The score alone does not order a chain: Rank ranks
// by health first.
func Score(m MirrorStats, weight float64) float64 {
	if m.Health == HealthDown {
		return 0
	}
	w := weightOf(weight)
	loss := m.Loss
	if math.IsNaN(loss) || loss < 0 {
		loss = 0
	}
	loss = min(loss, 1)
	p50 := m.P50
	if p50 <= 0 || m.Samples == 0 {
		p50 = scoreUnknownLatency
	}
	avail := 1 - loss
	return w * avail * avail / (1 + float64(p50)/float64(scoreLatencyScale))
}

// healthTier orders health states for ranking: healthy, then degraded
// (slow or lossy, but answering), then unknown (not measured yet: better
// than known-down, worse than known-working), then down.
func healthTier(h Health) int {
	switch h {
	case HealthHealthy:
		return 0
	case HealthDegraded:
		return 1
	case HealthDown:
		return 3
	}
	return 2
}

// Rank returns the chain's proxy entries ordered best first: by health
// (healthy, degraded, unknown, down), then by Score with the entry's weight,
// ties keeping chain order. An entry without statistics counts as unknown.
// direct and off stay last. Separators stay where they were: the chain's
// shape ("A|B,direct") is kept and the mirrors move through it, so an
// all-'|' chain stays all-'|'. The result is Normalized; c is not changed.
// Rank is pure: the same chain and statistics give the same order.
func Rank(c Chain, stats StatsSource) Chain {
	type ranked struct {
		e     Entry
		tier  int
		score float64
	}
	var proxies []ranked
	var tail []Entry
	for _, e := range c.Entries {
		if e.Kind != KindProxy {
			tail = append(tail, e)
			continue
		}
		var st MirrorStats // HealthUnknown
		if stats != nil {
			if s, ok := stats.MirrorStats(e.Key()); ok {
				st = s
			}
		}
		proxies = append(proxies, ranked{e, healthTier(st.Health), Score(st, e.Weight)})
	}
	slices.SortStableFunc(proxies, func(a, b ranked) int {
		if a.tier != b.tier {
			return a.tier - b.tier
		}
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	out := Chain{Entries: make([]Entry, 0, len(c.Entries))}
	for _, r := range proxies {
		e := r.e
		e.Sep = c.Entries[len(out.Entries)].Sep // the separator of this slot
		out.Entries = append(out.Entries, e)
	}
	out.Entries = append(out.Entries, tail...)
	return out.Normalized()
}
