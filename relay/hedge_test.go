package relay

import (
	"context"
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

// Once headers have arrived there is no hedge, even if the body is slow.
func TestNoHedgeAfterHeaders(t *testing.T) {
	drip := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Behavior{Kind: fakeproxy.SlowBody, Chunk: 16, Interval: 20 * time.Millisecond}})
	other := mirror(t, fakeproxy.Options{})
	f := start(t, Options{Upstreams: chainOf(drip, other), Hedge: HedgePolicy{Mode: HedgeFixed, Delay: 5 * time.Millisecond}})
	if code, _ := f.get(t, helloInfo); code != 200 {
		t.Fatal(code)
	}
	if rec := f.log.last(); rec.Hedged || rec.Mirror != "a" || other.Count(helloInfo) != 0 {
		t.Errorf("hedged after headers: %+v", rec)
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
	timeout := time.After(10 * time.Second)
	for {
		ch := h.Changed()
		if h.State("a") != mirrors.HealthDown {
			break // healthy, or degraded by its recent losses
		}
		select {
		case <-ch:
		case <-timeout:
			t.Fatalf("no probe result within 10s: %+v", h.Stats("a"))
		}
	}
	cancel()
	<-done
	if st := h.Stats("a"); st.LastClass != probe.ClassOK {
		t.Errorf("a after the probe: %+v", st)
	}
}
