package stats

import (
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		out := make([]time.Duration, len(xs))
		for i, x := range xs {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	ten := ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	twenty := ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)
	cases := []struct {
		name string
		xs   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one sample", ms(7), 95, 7 * time.Millisecond},
		{"p50 of ten is the 5th", ten, 50, 5 * time.Millisecond},
		{"p95 of ten is the 10th", ten, 95, 10 * time.Millisecond},
		{"p90 of ten is the 9th", ten, 90, 9 * time.Millisecond},
		{"p95 of twenty is the 19th", twenty, 95, 19 * time.Millisecond},
		{"p99 of twenty is the 20th", twenty, 99, 20 * time.Millisecond},
		{"p100 is the largest", ten, 100, 10 * time.Millisecond},
		{"p0 is the smallest", ten, 0, 1 * time.Millisecond},
		{"p50 of two is the 1st", ms(1, 2), 50, 1 * time.Millisecond},
	}
	for _, c := range cases {
		if got := Percentile(c.xs, c.p); got != c.want {
			t.Errorf("%s: Percentile(%v, %v) = %v, want %v", c.name, c.xs, c.p, got, c.want)
		}
	}
}
