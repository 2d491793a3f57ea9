package relay

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// The budget caps hedges: a burst of Tokens, then Ratio per request.
func TestHedgeBudget(t *testing.T) {
	slow := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Delayed(100 * time.Millisecond)})
	fast := mirror(t, fakeproxy.Options{})
	// The slow mirror, losing every race, would soon be down and asked
	// second: keep it up to measure the budget.
	patient := NewHealth(probe.HealthConfig{DownAfter: 1000}, 0)
	f := start(t, Options{Upstreams: chainOf(slow, fast), Health: patient, Hedge: HedgePolicy{Mode: HedgeFixed, Delay: 5 * time.Millisecond, Tokens: 2, Ratio: 0.1}})
	const n = 30
	for range n {
		if code, _ := f.get(t, helloInfo); code != 200 {
			t.Fatal(code)
		}
	}
	s := f.r.Stats()
	// 2 at once, then 0.1 per request: at most 2 + 30*0.1 = 5.
	if s.Hedges < 3 || s.Hedges > 5 {
		t.Errorf("hedges %d of %d requests, want 3..5", s.Hedges, n)
	}
	if s.ExtraRequests != s.Hedges || s.Attempts != n+s.Hedges {
		t.Errorf("extra %d, attempts %d, hedges %d", s.ExtraRequests, s.Attempts, s.Hedges)
	}
}

// A body that comes on pace is not hedged once its headers arrived; the
// hedge delay of the headers (an hour here) plays no part after them.
func TestNoHedgeWhileBodyOnPace(t *testing.T) {
	drip := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Behavior{Kind: fakeproxy.SlowBody, Chunk: 16, Interval: 20 * time.Millisecond}})
	other := mirror(t, fakeproxy.Options{})
	f := start(t, Options{Upstreams: chainOf(drip, other), Hedge: HedgePolicy{Mode: HedgeFixed, Delay: time.Hour}, BodyWindow: time.Minute})
	if code, _ := f.get(t, helloInfo); code != 200 {
		t.Fatal(code)
	}
	if rec := f.log.last(); rec.Hedged || rec.Mirror != "a" || other.Count(helloInfo) != 0 {
		t.Errorf("hedged a body on pace: %+v", rec)
	}
}

// A body that stops after the headers is hedged before its deadline: the
// next mirror serves, and the stalled attempt is said to be a stall (or,
// had its deadline not passed, outrun; never "protocol" or a context
// error).
func TestHedgeStalledBody(t *testing.T) {
	t.Parallel()
	good := mirror(t, fakeproxy.Options{})
	f := start(t, Options{Upstreams: []Upstream{up("stuck", brokenMirror(t, good, breakStallAfterHeaders), 0), up("good", good.URL(), 1)},
		Hedge: HedgePolicy{Mode: HedgeFixed, Delay: time.Hour}})
	code, body := f.get(t, helloZip)
	if code != 200 || body != direct(t, good, helloZip) {
		t.Fatalf("%d, %d bytes", code, len(body))
	}
	rec := f.log.last()
	if !rec.Hedged || rec.Mirror != "good" || len(rec.Attempts) != 2 {
		t.Fatalf("record %+v", rec)
	}
	if c := rec.Attempts[0].Class; c != ClassOutrun && c != probe.ClassStall {
		t.Errorf("the stalled body's class %q (%s)", c, rec.Attempts[0].Reason)
	}
}

// Cancelled losers leave no goroutine behind, in the relay or the mirrors.
func TestLosersEnd(t *testing.T) {
	stall := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	slowZip := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Behavior{Kind: fakeproxy.SlowBody, Chunk: 64, Interval: 50 * time.Millisecond}})
	good := mirror(t, fakeproxy.Options{})
	f := start(t, Options{Upstreams: chainOf(stall, good), Health: NewHealth(probe.HealthConfig{DownAfter: 1000}, 0),
		Hedge: HedgePolicy{Mode: HedgeFixed, Delay: 5 * time.Millisecond, Tokens: 100}})
	g := start(t, Options{Upstreams: []Upstream{up("slowzip", slowZip.URL(), 0), up("good", good.URL(), 1)},
		Hedge: HedgePolicy{Mode: HedgeOff}, IdleTimeout: 20 * time.Millisecond})
	quiet := func() {
		f.c.CloseIdleConnections()
		g.c.CloseIdleConnections()
		f.r.client.CloseIdleConnections()
		g.r.client.CloseIdleConnections()
	}
	f.get(t, helloInfo) // warm up connections
	quiet()
	base := runtime.NumGoroutine()
	for range 20 {
		if code, _ := f.get(t, helloInfo); code != 200 {
			t.Fatal(code)
		}
		if code, _ := g.get(t, helloZip); code != 200 {
			t.Fatal(code)
		}
	}
	if f.r.Stats().Hedges != 21 { // the warm-up too
		t.Errorf("hedges %d", f.r.Stats().Hedges)
	}
	quiet()
	settleGoroutines(t, base)
}

// Live failures feed the probe tracker: after DownAfter consecutive
// failures a mirror is down and asked last; probes bring it back.
func TestHealthFromTraffic(t *testing.T) {
	flaky := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	good := mirror(t, fakeproxy.Options{})
	h := NewHealth(probe.HealthConfig{DownAfter: 2, UpAfter: 1}, 0)
	f := start(t, Options{Upstreams: chainOf(flaky, good), Health: h, Hedge: HedgePolicy{Mode: HedgeOff}})
	for range 2 {
		f.get(t, helloInfo)
	}
	if h.State("a") != mirrors.HealthDown {
		t.Fatalf("a is %v after 2 failures", h.State("a"))
	}
	f.get(t, helloMod)
	if a := f.log.last().Attempts; len(a) != 1 || a[0].Mirror != "b" {
		t.Errorf("a down but asked first: %+v", a)
	}
	if evs := h.Events(); len(evs) == 0 || !strings.Contains(evs[len(evs)-1].String(), "2 consecutive http_5xx") {
		t.Errorf("events %v", h.Events())
	}
	// Every mirror down: the down ones are still tried, as a last resort.
	good.Set(fakeproxy.Do(fakeproxy.ServerError))
	f.get(t, helloInfo)
	f.get(t, helloInfo)
	good.Set(fakeproxy.Behavior{})
	if code, _ := f.get(t, helloInfo); code != 200 {
		t.Errorf("last resort not tried: %d", code)
	}
	// A background probe round brings a mirror back.
	flaky.Set(fakeproxy.Behavior{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.r.Run(ctx, probe.SchedulerConfig{Interval: time.Hour, Options: probe.Options{Timeout: 2 * time.Second}})
	}()
	for {
		ch := h.Changed()
		if h.State("a") != mirrors.HealthDown {
			break // healthy, or degraded by its recent losses
		}
		<-ch // the next probe result
	}
	cancel()
	<-done
	if st := h.Stats("a"); st.LastClass != probe.ClassOK {
		t.Errorf("a after the probe: %+v", st)
	}
}

// The automatic hedge delay: Min without enough samples while the budget
// lasts, then Unknown; the p95 time
// to first byte (clamped) with them, and for a suspect mirror (its newest
// result failed) its median, or Min without samples.
func TestHedgeDelaySuspect(t *testing.T) {
	h := NewHealth(probe.DefaultHealthConfig(), 0)
	r, err := New(Options{Upstreams: []Upstream{up("a", "https://a.example", 0)}, Health: h, TempDir: t.TempDir(),
		Hedge: HedgePolicy{Min: time.Millisecond, Unknown: 300 * time.Millisecond, Max: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	tg := target{up: r.opts.Upstreams[0]}
	delay := func() time.Duration {
		d, ok := r.hedgeDelay(tg)
		if !ok {
			t.Fatal("auto mode does not hedge")
		}
		return d
	}
	add := func(class probe.Class, ttfb time.Duration) {
		h.Add(probe.Result{MirrorID: "a", URL: "https://a.example", Start: time.Now(), Class: class, Phases: probe.Phases{TTFB: ttfb, Total: ttfb}})
	}
	if d := delay(); d != time.Millisecond {
		t.Errorf("no samples, budget left: %v, want Min", d)
	}
	for r.budget.take() {
	}
	if d := delay(); d != 300*time.Millisecond {
		t.Errorf("no samples, no budget: %v, want Unknown", d)
	}
	add(probe.ClassStall, 0)
	if d := delay(); d != time.Millisecond {
		t.Errorf("a stall and no samples: %v, want Min", d)
	}
	for _, ms := range []int{10, 10, 10, 10, 10, 10, 10, 10, 10, 90} {
		add(probe.ClassOK, time.Duration(ms)*time.Millisecond)
	}
	if d := delay(); d != 90*time.Millisecond {
		t.Errorf("10 samples: %v, want their p95 90ms", d)
	}
	add(probe.ClassStall, 0)
	if d := delay(); d != 10*time.Millisecond {
		t.Errorf("suspect with samples: %v, want their median 10ms", d)
	}
	add(probe.ClassOK, 10*time.Millisecond)
	if d := delay(); d != 90*time.Millisecond {
		t.Errorf("answered again: %v, want the p95", d)
	}
}

// A request whose hedge found no budget moves on once the mirror it waits
// on is found down (here by the other request's outrun attempt): both are
// served, each with one hedge (one from the budget, one a failover), and
// the stalled mirror is asked once per request. How soon it moves on is a
// timing, not checked here.
func TestFailoverWhenFoundDown(t *testing.T) {
	stall := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	backing := mirror(t, fakeproxy.Options{})
	// The good mirror answers once both requests are at the stalled one,
	// so neither finds it down before it asked it.
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if _, err := stall.WaitRequest(req.Context(), func(r fakeproxy.Request) bool { return r.Seq >= 2 }); err != nil {
			return
		}
		w.Write([]byte(direct(t, backing, req.URL.Path)))
	}))
	t.Cleanup(good.Close)
	f := start(t, Options{Upstreams: []Upstream{up("a", stall.URL(), 0), up("b", good.URL, 1)}, Health: NewHealth(probe.HealthConfig{DownAfter: 1}, 0),
		Hedge: HedgePolicy{Mode: HedgeFixed, Delay: 50 * time.Millisecond, Tokens: 1, Ratio: 0.001}})
	got := make(chan int, 2)
	for _, p := range []string{helloInfo, helloMod} {
		go func() {
			resp, err := f.c.Get(f.srv.URL + p)
			if err != nil {
				got <- -1
				return
			}
			resp.Body.Close()
			got <- resp.StatusCode
		}()
	}
	for range 2 {
		if code := <-got; code != 200 {
			t.Fatalf("status %d", code)
		}
	}
	f.log.wait(t)
	f.log.wait(t)
	if s := f.r.Stats(); s.Hedges != 2 || stall.Count(helloInfo)+stall.Count(helloMod) != 2 {
		t.Errorf("hedges %d (want 1 from the budget, 1 failover); stalled mirror asked %d times", s.Hedges, stall.Count(helloInfo)+stall.Count(helloMod))
	}
}

// A slow but healthy mirror on a cold relay: its first request is hedged
// (the budget allows it), its attempt is left to run to its headers, and
// that time to first byte is a sample: the mirror is proven, asked first
// again, and not taken for a staller. The slow mirror answers once the
// fast one has (a gate, not a clock).
func TestSlowMirrorMeasured(t *testing.T) {
	fast := mirror(t, fakeproxy.Options{})
	gate := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		select {
		case <-gate:
		case <-req.Context().Done():
			return
		}
		w.Write([]byte(direct(t, fast, req.URL.Path)))
	}))
	t.Cleanup(slow.Close)
	h := NewHealth(probe.DefaultHealthConfig(), 0)
	f := start(t, Options{Upstreams: []Upstream{up("a", slow.URL, 0), up("b", fast.URL(), 1)}, Health: h})
	if code, _ := f.get(t, helloInfo); code != 200 {
		t.Fatal(code)
	}
	rec := f.log.last()
	if rec.Mirror != "b" || !rec.Hedged || rec.Attempts[0].Mirror != "a" || !strings.Contains(rec.Attempts[0].Reason, "measure") {
		t.Fatalf("record %+v", rec)
	}
	close(gate)
	for {
		ch := h.Changed()
		if h.Stats("a").OKs > 0 {
			break
		}
		<-ch // the measured headers, fed when they come
	}
	if st := h.Stats("a"); h.State("a") == mirrors.HealthDown || st.ConsecFail != 0 || st.TTFB.Max < time.Duration(rec.Attempts[0].MS*float64(time.Millisecond)) {
		t.Errorf("slow mirror after its measurement: %v, %+v", h.State("a"), st)
	}
	ts, _ := f.r.targets(route{kind: KindInfo, mod: "example.com/hello", ver: "v1.0.0", rel: "example.com/hello/@v/v1.0.0.info"})
	if ts[0].up.ID != "a" || ts[0].down {
		t.Errorf("the measured mirror is not asked first: %+v", ts)
	}
}

// A down mirror is skipped while another is up; after TrialAfter one
// request also asks it (half-open), and its success brings it back.
func TestHalfOpenTrial(t *testing.T) {
	flaky := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	other := mirror(t, fakeproxy.Options{})
	h := NewHealth(probe.HealthConfig{DownAfter: 1, UpAfter: 1}, 0)
	f := start(t, Options{Upstreams: chainOf(flaky, other), Health: h, Hedge: HedgePolicy{Mode: HedgeOff}, TrialAfter: time.Hour})
	f.get(t, helloInfo)
	if h.State("a") != mirrors.HealthDown {
		t.Fatalf("a is %v", h.State("a"))
	}
	flaky.Set(fakeproxy.Behavior{})
	f.get(t, helloInfo)
	if a := f.log.last().Attempts; len(a) != 1 || a[0].Mirror != "b" || flaky.Count(helloInfo) != 1 {
		t.Fatalf("a down mirror was asked while another is up: %+v", a)
	}
	f.r.opts.TrialAfter = time.Nanosecond
	other.Set(fakeproxy.Do(fakeproxy.ServerError))
	if code, _ := f.get(t, helloInfo); code != 200 {
		t.Fatalf("the trial did not serve: %d", code)
	}
	rec := f.log.last()
	if rec.Mirror != "a" || !rec.Attempts[len(rec.Attempts)-1].Trial || h.State("a") == mirrors.HealthDown {
		t.Errorf("trial: %+v, a is %v", rec, h.State("a"))
	}
}

// A measuring attempt whose headers came just as another attempt won (its
// event still queued when the race ends) is cancelled with the race, not
// left to read a body nobody will serve.
func TestRaceEndCancelsMeasureWithQueuedHeaders(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	mctx, mc := context.WithCancelCause(context.Background())
	rc := &racer{
		ctx: ctx, cancel: cancel, ts: []target{{up: up("a", "http://127.0.0.1:1", 0)}, {up: up("b", "http://127.0.0.1:1", 0)}},
		events: make(chan event, 4), running: map[int]bool{}, gotHdr: map[int]bool{},
		measure: map[int]context.CancelCauseFunc{0: mc}, starts: map[int]time.Time{}, hedged: map[int]bool{},
	}
	rc.out.winner = &result{idx: 1}
	rc.events <- event{0, evHeaders}
	rc.end()
	if got := context.Cause(mctx); got != errWon {
		t.Errorf("the measuring attempt's cause = %v, want %v", got, errWon)
	}
	if _, left := rc.out.measuring[0]; left {
		t.Error("an attempt with headers is left to measure")
	}
}
