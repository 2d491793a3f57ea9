package probe

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// synth makes a result for the tracker: ok with a total time, or a failure.
func synth(id string, i int, class Class, total, ttfb time.Duration) Result {
	r := Result{MirrorID: id, URL: "https://" + id + ".example/", Round: uint64(i), Start: t0.Add(time.Duration(i) * time.Second), Class: class}
	r.Phases.Total, r.Phases.TTFB = total, ttfb
	if class != ClassOK {
		r.setReason(fmt.Errorf("synthetic %s failure", class))
	}
	return r
}

func TestHealthHysteresis(t *testing.T) {
	t.Parallel()
	// MinSamples high: only the streak rules apply here.
	tr := NewTracker(HealthConfig{MinSamples: 100}, 0)
	ok := func(i int) *Event { return tr.Add(synth("m", i, ClassOK, 100*time.Millisecond, 50*time.Millisecond)) }
	expired := func(i int) *Event {
		r := synth("m", i, ClassTLS, 10*time.Millisecond, 0)
		r.setReason(i18n.Errorf("certificate has expired (on %s)", "2026-01-02"))
		return tr.Add(r)
	}
	if h := tr.Health("m"); h != mirrors.HealthUnknown {
		t.Fatalf("before any result: %v", h)
	}
	ev := ok(0)
	if ev == nil || ev.From != mirrors.HealthUnknown || ev.To != mirrors.HealthHealthy || !strings.Contains(ev.Cause, "first successful probe") {
		t.Fatalf("first success: %+v", ev)
	}
	if ev := expired(1); ev != nil {
		t.Fatalf("one failure must not change health: %+v", ev)
	}
	ev = expired(2)
	if ev == nil || ev.To != mirrors.HealthDown {
		t.Fatalf("two failures: %+v", ev)
	}
	if got, want := ev.String(), "down: 2 consecutive tls failures: certificate has expired (on 2026-01-02)"; got != want {
		t.Errorf("event %q, want %q", got, want)
	}
	if z := ev.Message(i18n.ZH); !strings.Contains(z, "证书已过期") {
		t.Errorf("zh event %q is not translated", z)
	}
	if !ev.Time.Equal(t0.Add(2*time.Second + 10*time.Millisecond)) {
		t.Errorf("event time %v", ev.Time)
	}
	if ev := expired(3); ev != nil {
		t.Errorf("down stays down without an event: %+v", ev)
	}
	if ev := ok(4); ev != nil {
		t.Errorf("one success must not bring it up: %+v", ev)
	}
	ev = ok(5)
	if ev == nil || ev.From != mirrors.HealthDown || ev.To != mirrors.HealthHealthy || ev.Cause != "2 consecutive successes" {
		t.Fatalf("two successes: %+v", ev)
	}
	// A mixed streak names the last class.
	tr.Add(synth("m", 6, ClassStall, time.Second, 0))
	ev = tr.Add(synth("m", 7, ClassReset, time.Second, 0))
	if ev == nil || !strings.HasPrefix(ev.Cause, "2 consecutive failures, the last reset: synthetic reset failure") {
		t.Errorf("mixed streak: %+v", ev)
	}
	st := tr.Stats("m")
	if st.ConsecFail != 2 || st.ConsecOK != 0 || st.LastClass != ClassReset || st.Samples != 8 || st.OKs != 3 {
		t.Errorf("stats %+v", st)
	}
	if d := st.SinceSuccess(t0.Add(10 * time.Second)); d != 10*time.Second-5*time.Second-100*time.Millisecond {
		t.Errorf("since success %v", d)
	}
}

func TestHealthDegraded(t *testing.T) {
	t.Parallel()
	tr := NewTracker(HealthConfig{DegradedLoss: 0.2, DegradedP95: time.Second, MinSamples: 5}, 20)
	var events []*Event
	add := func(r Result) {
		if ev := tr.Add(r); ev != nil {
			events = append(events, ev)
		}
	}
	i := 0
	// 4 fast successes, then alternate failure and success: 3 of 10 lost.
	for ; i < 4; i++ {
		add(synth("m", i, ClassOK, 100*time.Millisecond, 10*time.Millisecond))
	}
	for ; i < 10; i++ {
		c := ClassOK
		if i%2 == 0 {
			c = ClassHTTP5xx
		}
		add(synth("m", i, c, 100*time.Millisecond, 10*time.Millisecond))
	}
	if len(events) != 2 || events[1].To != mirrors.HealthDegraded || !strings.Contains(events[1].Cause, "loss") || !strings.Contains(events[1].Cause, "threshold 20%") {
		t.Fatalf("events %v", events)
	}
	// Many successes: loss falls under 0.8 × 20 % = 16 % → healthy again.
	for ; i < 40; i++ {
		add(synth("m", i, ClassOK, 100*time.Millisecond, 10*time.Millisecond))
	}
	if last := events[len(events)-1]; last.To != mirrors.HealthHealthy || !strings.Contains(last.Cause, "back under") {
		t.Fatalf("events %v", events)
	}
	// Slow: p95 over 1 s.
	n := len(events)
	for ; i < 60; i++ {
		add(synth("m", i, ClassOK, 1500*time.Millisecond, 10*time.Millisecond))
	}
	if len(events) != n+1 || events[n].To != mirrors.HealthDegraded || !strings.Contains(events[n].Cause, "p95 1.5s over the threshold 1s") {
		t.Fatalf("events %v", events[n:])
	}
}

// Stats agree with a brute-force computation over the window.
func TestStatsMatchBruteForce(t *testing.T) {
	t.Parallel()
	const history = 50
	tr := NewTracker(HealthConfig{}, history)
	rng := rand.New(rand.NewPCG(1, 2))
	var all []Result
	for i := range 500 {
		c := ClassOK
		if rng.IntN(5) == 0 {
			c = ClassStall
		}
		total := time.Duration(rng.IntN(1000)) * time.Millisecond
		r := synth("m", i, c, total, total/3)
		all = append(all, r)
		tr.Add(r)
		if i%37 != 0 && i != 499 {
			continue
		}
		win, totals, ttfbs := window(all, history)
		want := bruteDurations(totals)
		wantTTFB := bruteDurations(ttfbs)
		st := tr.Stats("m")
		if st.Durations != want || st.TTFB != wantTTFB {
			t.Fatalf("after %d: got %+v / %+v, want %+v / %+v", i, st.Durations, st.TTFB, want, wantTTFB)
		}
		if wantLoss := float64(len(win)-len(totals)) / float64(len(win)); st.Loss != wantLoss || st.Samples != len(win) {
			t.Fatalf("loss %v samples %d, want %v %d", st.Loss, st.Samples, wantLoss, len(win))
		}
		rec := tr.Recent("m", 0)
		if len(rec) != len(win) || rec[0].Round != win[0].Round || rec[len(rec)-1].Round != uint64(i) {
			t.Fatalf("Recent: %d results, first round %d", len(rec), rec[0].Round)
		}
		if r3 := tr.Recent("m", 3); i >= 2 && (len(r3) != 3 || r3[2].Round != uint64(i) || r3[0].Round != uint64(i-2)) {
			t.Fatalf("Recent 3: %v", r3)
		}
	}
}

// window returns the last history results of all and the total and
// first-byte times of its successes, in order.
func window(all []Result, history int) (win []Result, totals, ttfbs []time.Duration) {
	win = all[max(0, len(all)-history):]
	for _, w := range win {
		if w.OK() {
			totals = append(totals, w.Phases.Total)
			ttfbs = append(ttfbs, w.Phases.TTFB)
		}
	}
	return win, totals, ttfbs
}

func bruteDurations(xs []time.Duration) Durations {
	var d Durations
	if len(xs) == 0 {
		return d
	}
	d.Last = xs[len(xs)-1]
	var sum, jsum time.Duration
	for i, x := range xs {
		sum += x
		if i > 0 {
			diff := x - xs[i-1]
			if diff < 0 {
				diff = -diff
			}
			jsum += diff
		}
	}
	d.Mean = sum / time.Duration(len(xs))
	if len(xs) > 1 {
		d.Jitter = jsum / time.Duration(len(xs)-1)
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	d.Min, d.Max = s[0], s[len(s)-1]
	rank := func(p float64) time.Duration {
		// nearest rank: ceil(p/100 × n)
		k := int(p * float64(len(s)) / 100)
		if float64(k) < p*float64(len(s))/100 {
			k++
		}
		return s[max(k, 1)-1]
	}
	d.P50, d.P95 = rank(50), rank(95)
	return d
}

func TestMirrorStatsByIDAndURLKey(t *testing.T) {
	t.Parallel()
	tr := NewTracker(HealthConfig{}, 0)
	r := synth("goproxy.cn", 0, ClassOK, 80*time.Millisecond, 20*time.Millisecond)
	r.URL = "https://GoProxy.cn/"
	tr.Add(r)
	var src mirrors.StatsSource = tr
	for _, key := range []string{"goproxy.cn", "https://goproxy.cn", mirrors.URLKey("goproxy.cn/")} {
		ms, ok := src.MirrorStats(key)
		if !ok || ms.Samples != 1 || ms.P50 != 80*time.Millisecond || ms.Health != mirrors.HealthHealthy {
			t.Errorf("MirrorStats(%q) = %+v, %v", key, ms, ok)
		}
	}
	if _, ok := src.MirrorStats("nope.example"); ok {
		t.Error("unknown key found")
	}
	tr.Forget("goproxy.cn")
	if _, ok := src.MirrorStats("https://goproxy.cn"); ok {
		t.Error("forgotten mirror still found")
	}
}

// Memory stays flat: 50 mirrors, 10,000 rounds, rings of 300.
func TestTrackerMemoryFlat(t *testing.T) {
	const mirrorsN, rounds = 50, 10000
	tr := NewTracker(HealthConfig{}, DefaultHistory)
	ids := make([]string, mirrorsN)
	for i := range ids {
		ids[i] = fmt.Sprintf("m%02d", i)
	}
	// Results are made once and replayed with new rounds: what is measured
	// is the tracker, not the making of synthetic errors.
	made := make([][]Result, mirrorsN)
	for j, id := range ids {
		for k := range 7 {
			c := ClassOK
			if k == 0 {
				c = ClassHTTP5xx
			}
			made[j] = append(made[j], synth(id, k, c, time.Duration(50+(k*j)%400)*time.Millisecond, 20*time.Millisecond))
		}
	}
	feed := func(from, to int) {
		for round := from; round < to; round++ {
			for j := range ids {
				r := made[j][(round+j)%7]
				r.Round = uint64(round)
				r.Start = t0.Add(time.Duration(round) * time.Second)
				tr.Add(r)
			}
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	feed(0, 2*DefaultHistory) // fill every ring
	warm := heap()
	feed(2*DefaultHistory, rounds)
	after := heap()
	t.Logf("heap after warm-up %d KiB, after %d rounds %d KiB", warm>>10, rounds, after>>10)
	if after > warm+warm/4+256<<10 {
		t.Errorf("heap grew from %d to %d bytes over %d rounds", warm, after, rounds)
	}
	for _, id := range ids {
		if st := tr.Stats(id); st.Samples != DefaultHistory {
			t.Fatalf("%s: %d samples", id, st.Samples)
		}
	}
}

// BenchmarkTrackerAdd is the cost of Tracker.Add with full rings of 300 (the
// TUI calls it in Update: target < 50 µs).
func BenchmarkTrackerAdd(b *testing.B) {
	tr := NewTracker(HealthConfig{}, DefaultHistory)
	rs := make([]Result, 1024)
	for i := range rs {
		c := ClassOK
		if i%11 == 0 {
			c = ClassStall
		}
		rs[i] = synth(fmt.Sprintf("m%d", i%50), i, c, time.Duration(50+i%500)*time.Millisecond, 10*time.Millisecond)
	}
	for i := range 50 * DefaultHistory {
		tr.Add(rs[i%len(rs)])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tr.Add(rs[i%len(rs)])
	}
}

// BenchmarkTrackerStats is the cost of computing one mirror's Stats.
func BenchmarkTrackerStats(b *testing.B) {
	tr := NewTracker(HealthConfig{}, DefaultHistory)
	for i := range DefaultHistory {
		tr.Add(synth("m", i, ClassOK, time.Duration(i)*time.Millisecond, time.Millisecond))
	}
	b.ReportAllocs()
	for b.Loop() {
		tr.Stats("m")
	}
}

func TestClassOutcome(t *testing.T) {
	t.Parallel()
	want := map[Class]mirrors.Outcome{
		ClassOK: mirrors.OutcomeOK, ClassNotFound: mirrors.OutcomeNotFound, ClassStall: mirrors.OutcomeHang,
		ClassDNS: mirrors.OutcomeError, ClassRefused: mirrors.OutcomeError, ClassConnectTimeout: mirrors.OutcomeError,
		ClassTLS: mirrors.OutcomeError, ClassTLSTimeout: mirrors.OutcomeError, ClassHTTP4xx: mirrors.OutcomeError,
		ClassHTTP5xx: mirrors.OutcomeError, ClassProtocol: mirrors.OutcomeError, ClassReset: mirrors.OutcomeError,
	}
	for c, o := range want {
		if got := c.Outcome(); got != o {
			t.Errorf("%s.Outcome() = %v, want %v", c, got, o)
		}
	}
}

// Property: after every Add, for several window sizes, with many equal
// times (a coarse clock) and first-byte times that do not sort like the
// totals, the statistics kept incrementally (the sorted slices with
// eviction) equal a naive recomputation over the window.
func TestStatsEvictionProperty(t *testing.T) {
	t.Parallel()
	for _, history := range []int{1, 2, 3, 7, 64} {
		for seed := range uint64(4) {
			tr := NewTracker(HealthConfig{}, history)
			rng := rand.New(rand.NewPCG(seed, uint64(history)))
			var all []Result
			for i := range 400 {
				c := ClassOK
				if rng.IntN(4) == 0 {
					c = ClassReset
				}
				r := synth("m", i, c, time.Duration(rng.IntN(6))*time.Millisecond, time.Duration(rng.IntN(4))*time.Millisecond)
				all = append(all, r)
				tr.Add(r)
				win, totals, ttfbs := window(all, history)
				st := tr.Stats("m")
				if want, wantTTFB := bruteDurations(totals), bruteDurations(ttfbs); st.Durations != want || st.TTFB != wantTTFB {
					t.Fatalf("history %d seed %d after %d: got %+v / %+v, want %+v / %+v", history, seed, i, st.Durations, st.TTFB, want, wantTTFB)
				}
				if st.Samples != len(win) || st.OKs != len(totals) || st.Loss != float64(len(win)-len(totals))/float64(len(win)) {
					t.Fatalf("history %d after %d: samples %d oks %d loss %v", history, i, st.Samples, st.OKs, st.Loss)
				}
				if ms, ok := tr.MirrorStats("m"); !ok || ms.P50 != st.P50 || ms.P95 != st.P95 || ms.Loss != st.Loss || ms.Samples != st.Samples {
					t.Fatalf("MirrorStats %+v vs Stats %+v", ms, st)
				}
			}
		}
	}
}
