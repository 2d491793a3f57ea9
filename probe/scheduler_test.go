package probe

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
)

// recv returns the next result. The bound only turns a hang into a
// readable failure; it is far beyond any loaded machine's wait.
func recv(t *testing.T, ch <-chan Result) Result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(2 * time.Minute):
		t.Fatal("no result within 2 minutes")
	}
	return Result{}
}

// 50 mirrors finish one round together, and a blackholed mirror among them
// delays none of their results. The 50 hold their answers until every one
// of them has been asked, which only probes running at the same time
// achieve. BenchmarkSchedulerRound measures the wall time.
func TestSchedulerRoundOf50WithBlackhole(t *testing.T) {
	release := make(chan struct{})
	var fleet []mirrors.Mirror
	var servers []*fakeproxy.Server
	for i := range 50 {
		s := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Behavior{Gate: release}})
		servers = append(servers, s)
		fleet = append(fleet, mirrorAt(fmt.Sprintf("m%02d", i), s.URL()))
	}
	hole := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	fleet = append(fleet[:25], append([]mirrors.Mirror{mirrorAt("blackhole", hole.URL())}, fleet[25:]...)...)

	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	settleGoroutines(t, runtime.NumGoroutine())
	before := runtime.NumGoroutine()
	sch := NewScheduler(fleet, SchedulerConfig{Interval: time.Hour, Concurrency: 64, Jitter: -1, Options: o})
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan Result)
	done := make(chan struct{})
	go func() { sch.Run(ctx, out); close(done) }()
	asked := make(chan struct{})
	go func() {
		defer close(asked)
		for _, s := range servers {
			if _, err := s.WaitRequest(ctx, nil); err != nil {
				return
			}
		}
		close(release)
	}()

	seen := map[string]bool{}
	for range 50 {
		r := recv(t, out)
		if r.MirrorID == "blackhole" {
			t.Fatalf("the blackholed mirror's result came before the others: %+v", r)
		}
		if r.Class != ClassOK || r.Round != 1 || seen[r.MirrorID] {
			t.Fatalf("result %s round %d class %s %q", r.MirrorID, r.Round, r.Class, r.Reason)
		}
		seen[r.MirrorID] = true
	}
	<-asked
	if _, err := hole.WaitRequest(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// The blackhole would answer at the probe's timeout; closing it ends
	// the wait now, the connection dropped without an answer.
	hole.Close()
	r := recv(t, out)
	if r.MirrorID != "blackhole" || r.Class == ClassOK {
		t.Errorf("last result %s %s %q", r.MirrorID, r.Class, r.Reason)
	}
	cancel()
	<-done
	settleGoroutines(t, before)
}

// fakeProbe is an injected probe: it records calls and answers at once,
// except for mirrors in block, which wait until released or ctx ends.
type fakeProbe struct {
	mu     sync.Mutex
	calls  []call
	block  map[string]chan struct{}
	active atomic.Int32
}

type call struct {
	id     string
	at     time.Time
	checks bool
}

func (f *fakeProbe) probe(ctx context.Context, m mirrors.Mirror, opt Options) Result {
	f.active.Add(1)
	defer f.active.Add(-1)
	f.mu.Lock()
	f.calls = append(f.calls, call{m.ID, time.Now(), opt.CheckList})
	ch := f.block[m.ID]
	f.mu.Unlock()
	if ch != nil {
		select {
		case <-ch:
		case <-ctx.Done():
		}
	}
	return Result{MirrorID: m.ID, Class: ClassOK, Start: time.Now()}
}

func (f *fakeProbe) callsOf(id string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.id == id {
			out = append(out, c)
		}
	}
	return out
}

func TestSchedulerControls(t *testing.T) {
	t.Parallel()
	fp := &fakeProbe{block: map[string]chan struct{}{}}
	opt := testOptions()
	opt.CheckList = true
	ms := []mirrors.Mirror{mirrorAt("a", "https://a.example"), mirrorAt("b", "https://b.example")}
	sch := NewScheduler(ms, SchedulerConfig{Interval: time.Hour, Jitter: -1, ChecksEvery: 2, Options: opt, Probe: fp.probe})
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan Result)
	done := make(chan struct{})
	go func() { sch.Run(ctx, out); close(done) }()

	round := func(want uint64, ids ...string) {
		t.Helper()
		got := map[string]bool{}
		for range ids {
			r := recv(t, out)
			if r.Round != want {
				t.Fatalf("result of %s in round %d, want %d", r.MirrorID, r.Round, want)
			}
			got[r.MirrorID] = true
		}
		for _, id := range ids {
			if !got[id] {
				t.Fatalf("round %d: no result for %s (got %v)", want, id, got)
			}
		}
	}
	round(1, "a", "b") // the first round starts at once
	sch.Pause()
	if !sch.Paused() {
		t.Fatal("not paused")
	}
	sch.ProbeNow() // an explicit request works while paused
	round(2, "a", "b")
	sch.Resume() // resuming starts a round at once
	round(3, "a", "b")
	sch.SetMirrors([]mirrors.Mirror{mirrorAt("c", "https://c.example")})
	sch.ProbeNow()
	round(4, "c")
	if sch.Round() != 4 {
		t.Errorf("Round() = %d", sch.Round())
	}
	// Checks on the 1st, 3rd, ... probe of each mirror.
	a := fp.callsOf("a")
	if len(a) != 3 || !a[0].checks || a[1].checks || !a[2].checks {
		t.Errorf("calls of a: %+v", a)
	}
	if c := fp.callsOf("c"); len(c) != 1 || !c[0].checks {
		t.Errorf("a new mirror gets the checks on its first probe: %+v", c)
	}

	// A mirror still being probed is not started again.
	release := make(chan struct{})
	fp.mu.Lock()
	fp.block["c"] = release
	fp.mu.Unlock()
	sch.ProbeNow() // round 5: c blocks
	waitFor(t, func() bool { return len(fp.callsOf("c")) == 2 })
	sch.ProbeNow() // round 6: c skipped
	waitFor(t, func() bool { return sch.Round() == 6 })
	close(release)
	if r := recv(t, out); r.MirrorID != "c" || r.Round != 5 {
		t.Errorf("got %s round %d", r.MirrorID, r.Round)
	}
	if n := len(fp.callsOf("c")); n != 2 {
		t.Errorf("c probed %d times, want 2 (no pile-up)", n)
	}

	// Cancel with a probe in flight: Run returns when it has ended.
	fp.mu.Lock()
	fp.block["c"] = make(chan struct{})
	fp.mu.Unlock()
	sch.ProbeNow()
	waitFor(t, func() bool { return fp.active.Load() == 1 })
	cancel()
	<-done
	if n := fp.active.Load(); n != 0 {
		t.Errorf("%d probes still running after Run returned", n)
	}
}

// Mirrors on one host start Spread apart; a mirror on another host does
// not wait for them.
func TestSchedulerSpreadsOneHost(t *testing.T) {
	t.Parallel()
	ms := []mirrors.Mirror{
		mirrorAt("x1", "https://mirrors.example.com/goproxy"),
		mirrorAt("x2", "https://MIRRORS.example.com/other"),
		mirrorAt("y", "https://y.example"),
	}
	t.Run("spread", func(t *testing.T) {
		fp := &fakeProbe{}
		spread := 80 * time.Millisecond
		sch := NewScheduler(ms, SchedulerConfig{Interval: time.Hour, Jitter: -1, Spread: spread, Probe: fp.probe})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		out := make(chan Result, 3)
		start := time.Now()
		go sch.Run(ctx, out)
		for range 3 {
			recv(t, out)
		}
		if d := fp.callsOf("x2")[0].at.Sub(start); d < spread {
			t.Errorf("x2 shares x1's host but started %v after the round", d)
		}
	})
	t.Run("other host", func(t *testing.T) {
		fp := &fakeProbe{}
		sch := NewScheduler(ms, SchedulerConfig{Interval: time.Hour, Jitter: -1, Spread: time.Hour, Probe: fp.probe})
		ctx, cancel := context.WithCancel(context.Background())
		out := make(chan Result, 3)
		done := make(chan struct{})
		go func() { sch.Run(ctx, out); close(done) }()
		got := map[string]bool{recv(t, out).MirrorID: true, recv(t, out).MirrorID: true}
		cancel()
		<-done
		if !got["x1"] || !got["y"] || len(fp.callsOf("x2")) != 0 {
			t.Errorf("first results %v, x2 called %d times: y has its own host and must not wait like x2", got, len(fp.callsOf("x2")))
		}
	})
}

// waitFor polls cond (bounded) for state that has no event to wait on.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within a minute")
		}
		time.Sleep(time.Millisecond)
	}
}

// BenchmarkSchedulerMemory drives a Scheduler of 50 mirrors through 10,000
// rounds (each op: 10,000 rounds; a round starts as soon as the previous
// one is delivered, standing in for a 1 s interval) into a Tracker, with an
// instant fake probe, and reports the live heap above the start's at round
// 1,000 and at the end, and their ratio (growth-x): flat (about 1)
// because the rings are bounded and the scheduler keeps nothing per round.
func BenchmarkSchedulerMemory(b *testing.B) {
	const mirrorsN, rounds = 50, 10000
	var fleet []mirrors.Mirror
	for i := range mirrorsN {
		fleet = append(fleet, mirrorAt(fmt.Sprintf("m%02d", i), fmt.Sprintf("https://m%02d.example", i)))
	}
	probeFn := func(ctx context.Context, m mirrors.Mirror, opt Options) Result {
		r := Result{MirrorID: m.ID, URL: m.URL, Class: ClassOK, Start: time.Now()}
		r.Phases.Total = time.Duration(len(m.ID)) * time.Millisecond
		return r
	}
	heap := func() float64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc)
	}
	var warm, end float64
	for b.Loop() {
		base := heap()
		tr := NewTracker(HealthConfig{}, DefaultHistory)
		sch := NewScheduler(fleet, SchedulerConfig{Interval: time.Hour, Jitter: -1, Concurrency: mirrorsN, Probe: probeFn})
		ctx, cancel := context.WithCancel(context.Background())
		out := make(chan Result, mirrorsN)
		done := make(chan struct{})
		go func() { sch.Run(ctx, out); close(done) }()
		for round := 1; round <= rounds; round++ {
			for range mirrorsN {
				tr.Add(<-out)
			}
			if round == 1000 {
				warm = heap() - base
			}
			if round < rounds {
				sch.ProbeNow()
			}
		}
		end = heap() - base
		runtime.KeepAlive(tr)
		cancel()
		<-done
	}
	b.ReportMetric(warm/1024, "heap-KiB@1000")
	b.ReportMetric(end/1024, "heap-KiB@10000")
	b.ReportMetric(end/warm, "growth-x")
}

// Every control called from many goroutines at once while rounds run: no
// race, the concurrency bound holds, and Run returns with every goroutine
// ended even while results are left unread.
func TestSchedulerControlsUnderLoad(t *testing.T) {
	settleGoroutines(t, runtime.NumGoroutine())
	before := runtime.NumGoroutine()
	const conc = 3
	var active, peak atomic.Int32
	var probes atomic.Int64
	probeFn := func(ctx context.Context, m mirrors.Mirror, opt Options) Result {
		n := active.Add(1)
		defer active.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		probes.Add(1)
		select { // some probes are slow, like a mirror near its timeout
		case <-time.After(time.Duration(len(m.ID)%3) * time.Millisecond):
		case <-ctx.Done():
		}
		return Result{MirrorID: m.ID, Class: ClassOK, Start: time.Now()}
	}
	fleet := func(n int) []mirrors.Mirror {
		var ms []mirrors.Mirror
		for i := range n {
			ms = append(ms, mirrorAt(fmt.Sprintf("m%d", i), fmt.Sprintf("https://h%d.example/p%d", i%3, i)))
		}
		return ms
	}
	sch := NewScheduler(fleet(10), SchedulerConfig{Interval: time.Millisecond, Concurrency: conc, Spread: 50 * time.Microsecond, Jitter: 100 * time.Microsecond, Probe: probeFn})
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan Result)
	done := make(chan struct{})
	go func() { sch.Run(ctx, out); close(done) }()

	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 300 {
				switch (g + i) % 6 {
				case 0:
					sch.Pause()
				case 1:
					sch.Resume()
				case 2:
					sch.ProbeNow()
				case 3:
					sch.SetMirrors(fleet(1 + (g*i)%12))
				case 4:
					_ = sch.Paused()
				case 5:
					_ = sch.Round()
				}
			}
		})
	}
	ctlDone := make(chan struct{})
	go func() { wg.Wait(); close(ctlDone) }()
	got := 0
	for got < 200 {
		select {
		case <-ctlDone: // the last control may have been a Pause
			sch.Resume()
			ctlDone = nil
		case r := <-out:
			if r.MirrorID == "" || r.Round == 0 {
				t.Fatalf("result %+v", r)
			}
			got++
		case <-time.After(2 * time.Minute):
			t.Fatalf("only %d results", got)
		}
	}
	wg.Wait()
	sch.Resume()
	cancel() // results still in flight are never read
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("Run did not return")
	}
	if p := peak.Load(); p > conc {
		t.Errorf("%d probes at once, bound %d", p, conc)
	}
	t.Logf("%d probes, %d results read, %d rounds", probes.Load(), got, sch.Round())
	settleGoroutines(t, before)
}

// Concurrency 0 (automatic) probes every mirror of a round at once, up to
// MaxConcurrency: 300 blocked probes reach exactly the cap, 40 reach 40.
func TestSchedulerAutomaticConcurrency(t *testing.T) {
	t.Parallel()
	for _, n := range []int{40, MaxConcurrency + 44} {
		fp := &fakeProbe{block: map[string]chan struct{}{}}
		release := make(chan struct{})
		var ms []mirrors.Mirror
		for i := range n {
			id := fmt.Sprintf("m%03d", i)
			ms = append(ms, mirrorAt(id, fmt.Sprintf("https://%s.example", id)))
			fp.block[id] = release
		}
		sch := NewScheduler(ms, SchedulerConfig{Interval: time.Hour, Jitter: -1, Probe: fp.probe})
		ctx, cancel := context.WithCancel(context.Background())
		out := make(chan Result, n)
		done := make(chan struct{})
		go func() { sch.Run(ctx, out); close(done) }()
		want := int32(min(n, MaxConcurrency))
		waitFor(t, func() bool { return fp.active.Load() == want })
		close(release)
		for range n {
			recv(t, out)
		}
		cancel()
		<-done
		if got := Concurrency(0, n); got != int(want) {
			t.Errorf("Concurrency(0, %d) = %d, want %d", n, got, want)
		}
	}
	if Concurrency(3, 100) != 3 || Concurrency(0, 0) != 1 {
		t.Errorf("Concurrency(3, 100) = %d, Concurrency(0, 0) = %d", Concurrency(3, 100), Concurrency(0, 0))
	}
}
