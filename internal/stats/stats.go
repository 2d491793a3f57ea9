// Package stats holds the one percentile definition that every part of
// goproxytui reports: the probe tracker, the advisor's summaries, the relay's
// statistics and the metrics.
package stats

import "time"

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of the
// ascending slice sorted: the smallest value such that at least p % of the
// samples are at or below it, i.e. sorted[ceil(p/100*n)-1]. With 10 samples
// p95 is the 10th value and p50 the 5th. It returns 0 for no samples; p <= 0
// gives the smallest value and p >= 100 the largest.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	// The rank is computed in integer hundredths so that p=95 with n=20 is
	// exactly rank 19 (floating point would make 0.95*20 = 19.000000000000004).
	hundredths := int64(p*100 + 0.5)
	rank := (hundredths*int64(n) + 9999) / 10000 // ceil(p/100*n)
	i := int(rank) - 1
	return sorted[max(0, min(i, n-1))]
}
