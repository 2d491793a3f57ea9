package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
)

// benchDelay is the server delay of the round benchmarks: every request a
// fake mirror answers waits this long before its first byte.
const benchDelay = 200 * time.Millisecond

// floorOf measures the single-delay floor of this run: the fastest of a
// few GETs of the canary's .info from a mirror like the benchmark's (TLS,
// benchDelay), on a fresh connection each. A round is compared with it.
func floorOf(b *testing.B, s *fakeproxy.Server) time.Duration {
	b.Helper()
	floor := time.Duration(1<<63 - 1)
	for range 3 {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: fakeproxy.CAPool()}}}
		start := time.Now()
		resp, err := c.Get(s.URL() + "/example.com/canary/@v/v1.0.0.info")
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		c.CloseIdleConnections()
		if d := time.Since(start); d < floor {
			floor = d
		}
	}
	return floor
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSchedulerRound is the wall time of one full round (the first
// round's kind: .info, @v/list and the sumdb check on every mirror) over N
// HTTPS mirrors that each wait 200 ms before answering, with the
// scheduler's defaults (automatic concurrency, start jitter included). It
// reports the round as a ratio of the single-delay floor measured in the
// same run (x-floor: the target is under 2, "about one probe time"), and
// the CPU time per probe, the in-process fake servers' share included.
// With blackhole=true one more mirror never accepts the connection: the
// round of the others must not wait for it. With checks=false the rounds
// are the later rounds' kind (the .info only; 11 rounds in 12 with
// DefaultChecksEvery), whose CPU per probe should stay about 2 ms.
func BenchmarkSchedulerRound(b *testing.B) {
	for _, tc := range []struct {
		n         int
		http2     bool
		blackhole bool
		checks    bool
	}{
		{50, false, false, true}, {50, true, false, true}, {200, false, false, true}, {200, true, false, true},
		{50, false, true, true}, {50, false, false, false}, {50, true, false, false},
	} {
		b.Run(fmt.Sprintf("mirrors=%d/http2=%v/blackhole=%v/checks=%v", tc.n, tc.http2, tc.blackhole, tc.checks), func(b *testing.B) {
			var fleet []mirrors.Mirror
			var first *fakeproxy.Server
			for i := range tc.n {
				s := fakeproxy.StartMirror(b, fakeproxy.Options{TLS: true, HTTP2: tc.http2, SumDB: true, Behavior: fakeproxy.Delayed(benchDelay)})
				if first == nil {
					first = s
				}
				fleet = append(fleet, mirrorAt(fmt.Sprintf("m%03d", i), s.URL()))
			}
			if tc.blackhole {
				hole, err := fakeproxy.StartBlackhole()
				if err != nil {
					b.Skip("no blackhole here:", err)
				}
				b.Cleanup(func() { hole.Close() })
				fleet = append(fleet[:tc.n/2], append([]mirrors.Mirror{mirrorAt("blackhole", hole.URL())}, fleet[tc.n/2:]...)...)
			}
			floor := floorOf(b, first)
			o := testOptions()
			o.Timeout = 3 * time.Second
			o.CheckList, o.CheckSumDB = tc.checks, tc.checks
			sch := NewScheduler(fleet, SchedulerConfig{Interval: time.Hour, ChecksEvery: 1, Options: o})
			ctx, cancel := context.WithCancel(context.Background())
			out := make(chan Result, len(fleet))
			done := make(chan struct{})
			go func() { sch.Run(ctx, out); close(done) }()
			defer func() { cancel(); <-done }()

			var wall time.Duration
			probes := 0
			cpu0 := cpuTime()
			first2 := true
			for b.Loop() {
				start := time.Now()
				if !first2 {
					sch.ProbeNow()
				}
				first2 = false
				for got := 0; got < tc.n; {
					r := <-out
					if r.MirrorID == "blackhole" {
						continue // arrives at its timeout, in whatever round
					}
					checked := r.ListOK != nil && *r.ListOK && r.SumDBLookupOK != nil && *r.SumDBLookupOK
					if r.Class != ClassOK || checked != tc.checks {
						b.Fatalf("%s: %s %s (list %v, sumdb %v/%v)", r.MirrorID, r.Class, r.Reason, r.ListOK, r.SumDBSupported, r.SumDBLookupOK)
					}
					got++
				}
				wall += time.Since(start)
				probes += tc.n
			}
			cpu := cpuTime() - cpu0
			b.ReportMetric(float64(wall)/float64(b.N)/float64(floor), "x-floor")
			b.ReportMetric(float64(floor)/1e6, "floor-ms")
			b.ReportMetric(float64(cpu)/float64(probes)/1e6, "cpu-ms/probe")
		})
	}
}
