package probe

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// BenchmarkCountMemory is `probe --count 2000` over 20 mirrors, fed into
// a Tracker as the CLI does, each result freshly made (strings, TLS
// details, notes) as a probe makes it. window=Window keeps the bounded
// window the CLI now asks for; window=count keeps every round, as the CLI
// did (RSS 20 → 66 MB). It reports the live heap after 500 rounds and at
// the end, and their ratio: flat (about 1) with the window, growing
// with the rounds without it.
func BenchmarkCountMemory(b *testing.B) {
	const mirrorsN, rounds = 20, 2000
	for _, tc := range []struct {
		name    string
		history int
	}{{"window=Window", Window(rounds, 0)}, {"window=count", rounds}} {
		b.Run(tc.name, func(b *testing.B) {
			heap := func() float64 {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				return float64(ms.HeapAlloc) / 1024
			}
			var at500, end float64
			for b.Loop() {
				tr := NewTracker(HealthConfig{}, tc.history)
				base := heap()
				for round := 1; round <= rounds; round++ {
					for j := range mirrorsN {
						tr.Add(freshResult(j, round))
					}
					if round == 500 {
						at500 = heap() - base
					}
				}
				end = heap() - base
				runtime.KeepAlive(tr)
			}
			b.ReportMetric(at500, "heap-KiB@500")
			b.ReportMetric(end, "heap-KiB@2000")
			b.ReportMetric(end/at500, "growth-x")
		})
	}
}

// freshResult is a result as a probe makes it, with its own allocations.
func freshResult(j, round int) Result {
	id := fmt.Sprintf("mirror-%02d", j)
	r := Result{
		MirrorID: id, URL: "https://" + id + ".example/goproxy", Round: uint64(round),
		Start: time.Unix(int64(round), 0), Class: ClassOK, Status: 200,
		RemoteAddr: fmt.Sprintf("192.0.2.%d:443", j),
		TLS: &TLSInfo{Version: "TLS 1.3", CipherSuite: "TLS_AES_128_GCM_SHA256", ALPN: "h2",
			Subject: "CN=" + id + ".example", Issuer: "CN=Example CA " + fmt.Sprint(round%7), DaysLeft: 60},
	}
	r.Phases.Total = time.Duration(50+(round*j)%400) * time.Millisecond
	r.Phases.TTFB = r.Phases.Total / 2
	if round%10 == 0 {
		r.Class, r.Status = ClassHTTP5xx, 502
		r.Reason = fmt.Sprintf("502 Bad Gateway: upstream %s timed out in round %d", id, round)
		r.Notes = []string{fmt.Sprintf("@v/list answered %d", 502)}
	}
	return r
}

// Window bounds the history: --count 5 keeps 5, --count 2000 keeps the
// configured history (300 by default), --watch (0 rounds) the history.
func TestWindow(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ rounds, history, want int }{
		{5, 0, 5}, {2000, 0, DefaultHistory}, {2000, 1000, 1000}, {0, 0, DefaultHistory}, {0, 50, 50},
	} {
		if got := Window(c.rounds, c.history); got != c.want {
			t.Errorf("Window(%d, %d) = %d, want %d", c.rounds, c.history, got, c.want)
		}
	}
}
