package mirrors

import (
	"math"
	"strings"
	"testing"
	"time"
)

type statsMap map[string]MirrorStats

func (m statsMap) MirrorStats(key string) (MirrorStats, bool) {
	s, ok := m[key]
	return s, ok
}

func healthy(p50 time.Duration, loss float64) MirrorStats {
	return MirrorStats{Health: HealthHealthy, P50: p50, P95: 2 * p50, Loss: loss, Samples: 10}
}

func TestScore(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	tests := []struct {
		m      MirrorStats
		weight float64
		want   float64
	}{
		{healthy(0, 0), 1, 0.2},          // no latency known → 1s assumed: 1/(1+4)
		{healthy(250*ms, 0), 1, 0.5},     // 1/(1+1)
		{healthy(250*ms, 0), 2, 1},       // weight doubles
		{healthy(250*ms, 0), 0, 0.5},     // weight 0 counts as 1
		{healthy(250*ms, 0), -3, 0.5},    // so does a negative one
		{healthy(250*ms, 0.1), 1, 0.405}, // (0.9)² / 2
		{healthy(250*ms, 1), 1, 0},       // all lost
		{healthy(250*ms, 7), 1, 0},       // loss clamped to 1
		{healthy(250*ms, -1), 1, 0.5},    // and to 0
		{healthy(750*ms, 0), 1, 0.25},    // 1/(1+3)
		{MirrorStats{Health: HealthDown, P50: ms, Samples: 5}, 5, 0},
		{MirrorStats{P50: 250 * ms}, 1, 0.2}, // no samples: latency unknown
	}
	for _, tt := range tests {
		if got := Score(tt.m, tt.weight); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Score(%+v, %v) = %v, want %v", tt.m, tt.weight, got, tt.want)
		}
	}
	if Score(healthy(100*ms, 0), 1) <= Score(healthy(200*ms, 0), 1) {
		t.Error("a faster mirror must score higher")
	}
	if Score(healthy(100*ms, 0.2), 1) >= Score(healthy(100*ms, 0), 1) {
		t.Error("a lossy mirror must score lower")
	}
}

func TestRank(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	stats := statsMap{
		"fast.test":        healthy(50*ms, 0),
		"slow.test":        healthy(800*ms, 0),
		"lossy.test":       healthy(50*ms, 0.5),
		"deg.test":         {Health: HealthDegraded, P50: 10 * ms, Samples: 10},
		"down.test":        {Health: HealthDown, P50: 1 * ms, Samples: 10},
		"heavy.test":       healthy(800*ms, 0),
		"https://u.test/x": healthy(400*ms, 0),
	}
	cat := &Catalog{Mirrors: []Mirror{
		{ID: "fast.test", URL: "https://fast.test"}, {ID: "slow.test", URL: "https://slow.test"},
		{ID: "lossy.test", URL: "https://lossy.test"}, {ID: "deg.test", URL: "https://deg.test"},
		{ID: "down.test", URL: "https://down.test"}, {ID: "heavy.test", URL: "https://heavy.test", Weight: 10},
	}}
	tests := []struct{ in, want string }{
		{"https://slow.test,https://fast.test,direct", "https://fast.test,https://slow.test,direct"},
		// Down never above healthy, however fast; degraded below healthy; unknown between.
		{"https://down.test|https://deg.test|https://nostats.test|https://slow.test", "https://slow.test|https://deg.test|https://nostats.test|https://down.test"},
		// Loss costs: 50% loss at 50ms, (0.5)²/1.2 ≈ 0.21, ranks below 800ms
		// without loss, 1/4.2 ≈ 0.24.
		{"https://slow.test,https://lossy.test,https://fast.test,off", "https://fast.test,https://slow.test,https://lossy.test,off"},
		// Weight: 10 × 1/4.2 beats fast's 1/1.2.
		{"https://fast.test,https://heavy.test", "https://heavy.test,https://fast.test"},
		// Separators stay in place; the mirrors move through them.
		{"https://slow.test|https://fast.test", "https://fast.test|https://slow.test"},
		{"https://slow.test|https://fast.test,direct", "https://fast.test|https://slow.test,direct"},
		// Ties keep chain order; entries outside the catalog rank by URL key.
		{"https://nostats.test,https://other.test,https://u.test/x/", "https://u.test/x/,https://nostats.test,https://other.test"},
		{"direct", "direct"},
	}
	for _, tt := range tests {
		c, err := ParseChain(tt.in, cat)
		if err != nil {
			t.Fatal(err)
		}
		before := c.String()
		got := Rank(c, stats)
		if got.String() != tt.want {
			t.Errorf("Rank(%s) = %s, want %s", tt.in, got, tt.want)
		}
		if c.String() != before {
			t.Errorf("Rank changed its argument: %s", c)
		}
		if again, err := ParseChain(got.String(), cat); err != nil || !again.Equal(got) {
			t.Errorf("Rank(%s) is not a canonical chain: %+v", tt.in, got)
		}
		if !strings.HasSuffix(got.String(), "direct") && strings.HasSuffix(tt.in, "direct") {
			t.Errorf("Rank(%s) moved direct", tt.in)
		}
	}
	// No statistics at all: order kept.
	c, _ := ParseChain("https://b.test|https://a.test,direct", nil)
	if got := Rank(c, nil).String(); got != c.String() {
		t.Errorf("Rank without stats = %s, want %s", got, c)
	}
}
