package relay

// Benchmarks of the relay against the same fake mirrors directly, each
// reporting its figures as ratios measured in one run:
//
//	go test -run '^$' -bench . -benchtime 1x ./relay/
//
// The go command runs sandboxed (goEnv: GOENV a temp file, temp HOME, XDG
// dirs and module cache).

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// latencies runs n GETs of path on base with conc workers and returns
// their sorted durations.
func latencies(b *testing.B, c *http.Client, base, path string, n, conc int) []time.Duration {
	b.Helper()
	var mu sync.Mutex
	var ds []time.Duration
	work := make(chan struct{})
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				t0 := time.Now()
				resp, err := c.Get(base + path)
				if err != nil {
					b.Error(err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("%s: %d", path, resp.StatusCode)
				}
				d := time.Since(t0)
				mu.Lock()
				ds = append(ds, d)
				mu.Unlock()
			}
		}()
	}
	for range n {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	slices.Sort(ds)
	return ds
}

func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[int(float64(len(ds)-1)*q)]
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// benchRelay runs a relay on loopback for a benchmark.
func benchRelay(b *testing.B, opts Options) (string, *Relay) {
	b.Helper()
	if opts.RootCAs == nil {
		opts.RootCAs = fakeproxy.CAPool()
	}
	opts.TempDir = b.TempDir()
	r, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(r)
	b.Cleanup(func() { srv.Close(); r.Close() })
	return srv.URL, r
}

// Small requests with a healthy mirror: relay vs the mirror directly.
func BenchmarkOverheadSmall(b *testing.B) {
	m := mirror(b, fakeproxy.Options{})
	u, _ := benchRelay(b, Options{Upstreams: chainOf(m)})
	c := &http.Client{}
	for range b.N {
		latencies(b, c, m.URL(), helloInfo, 50, 1) // warm-up
		latencies(b, c, u, helloInfo, 50, 1)
		d := latencies(b, c, m.URL(), helloInfo, 500, 1)
		r := latencies(b, c, u, helloInfo, 500, 1)
		b.ReportMetric(msOf(quantile(r, .5)-quantile(d, .5)), "added-ms-p50")
		b.ReportMetric(float64(quantile(r, .5))/float64(quantile(d, .5)), "relay/direct-p50")
	}
}

// bigZipServer serves a valid module zip of about size bytes (stored,
// incompressible) for example.com/big@v1.0.0, written to disk once, at
// rate bytes per second (0: unlimited).
func bigZipServer(b *testing.B, size int64, rate int64) string {
	b.Helper()
	dir := b.TempDir()
	file := filepath.Join(dir, "big.zip")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "example.com/big@v1.0.0/data.bin", Method: zip.Store})
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	rng := rand.NewChaCha8([32]byte{1})
	for n := int64(0); n < size; n += int64(len(buf)) {
		rng.Read(buf)
		w.Write(buf)
	}
	zw.Close()
	f.Close()
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !strings.HasSuffix(req.URL.Path, ".zip") {
			http.NotFound(w, req)
			return
		}
		f, err := os.Open(file)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer f.Close()
		st, _ := f.Stat()
		w.Header().Set("Content-Length", strconv.FormatInt(st.Size(), 10))
		if rate <= 0 {
			io.Copy(w, f)
			return
		}
		chunk := rate / 100 // every 10 ms
		t0 := time.Now()
		for sent := int64(0); ; {
			n, err := io.CopyN(w, f, chunk)
			sent += n
			if err != nil {
				return
			}
			if d := time.Duration(sent * int64(time.Second) / rate); d > time.Since(t0) {
				time.Sleep(d - time.Since(t0)) // the server's pace, not a test wait
			}
		}
	})
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv.URL
}

const bigZip = "/example.com/big/@v/v1.0.0.zip"

// A 50 MB zip: throughput through the relay (spooled, checked, then sent)
// over the mirror's directly, unthrottled on loopback and at a mirror's
// realistic 20 MB/s.
func BenchmarkZip50MB(b *testing.B) {
	c := &http.Client{}
	for range b.N {
		for _, rate := range []int64{0, 20 << 20} {
			m := bigZipServer(b, 50<<20, rate)
			u, _ := benchRelay(b, Options{Upstreams: []Upstream{up("big", m, 0)}})
			d := latencies(b, c, m, bigZip, 2, 1)
			r := latencies(b, c, u, bigZip, 2, 1)
			name := "loopback"
			if rate > 0 {
				name = "20MBps"
			}
			b.ReportMetric(float64(quantile(d, 0))/float64(quantile(r, 0)), "relay/direct-throughput-"+name)
		}
	}
}

// rssMB returns the process's peak resident set (VmHWM) in MB, or -1.
func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return -1
}

// Memory: peak RSS while relaying a 200 MB zip stays flat (spooled to
// disk); 10 000 requests leave no goroutines or heap behind.
func BenchmarkMemory(b *testing.B) {
	for range b.N {
		m := bigZipServer(b, 200<<20, 0)
		u, _ := benchRelay(b, Options{Upstreams: []Upstream{up("big", m, 0)}})
		runtime.GC()
		debug.FreeOSMemory()
		os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // reset VmHWM (Linux)
		before := rssMB()
		latencies(b, &http.Client{}, u, bigZip, 1, 1)
		b.ReportMetric(rssMB(), "peak-RSS-MB-200MB-zip")
		b.ReportMetric(rssMB()-before, "peak-RSS-growth-MB")

		s := mirror(b, fakeproxy.Options{})
		u2, _ := benchRelay(b, Options{Upstreams: chainOf(s)})
		c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
		latencies(b, c, u2, helloInfo, 1000, 8)
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		g0 := runtime.NumGoroutine()
		latencies(b, c, u2, helloInfo, 10000, 8)
		runtime.GC()
		runtime.ReadMemStats(&m1)
		b.ReportMetric(float64(runtime.NumGoroutine()-g0), "goroutine-growth-10k")
		b.ReportMetric((float64(m1.HeapAlloc)-float64(m0.HeapAlloc))/(1<<20), "heap-growth-MB-10k")
	}
}

// tailServer delays share of its requests by d, then serves what s serves.
func tailServer(b *testing.B, s *fakeproxy.Server, share float64, d time.Duration) string {
	b.Helper()
	target, _ := url.Parse(s.URL())
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if rand.Float64() < share {
			select {
			case <-time.After(d): // the mirror's slowness, not a test wait
			case <-req.Context().Done():
				return
			}
		}
		rp.ServeHTTP(w, req)
	}))
	b.Cleanup(srv.Close)
	return srv.URL
}

// Heavy tail: mirrors with 5 % of requests delayed 2 s. p99 through the
// relay (hedge auto) against one such mirror alone, and the extra upstream
// requests that cost.
func BenchmarkHeavyTail(b *testing.B) {
	s := mirror(b, fakeproxy.Options{})
	a := tailServer(b, s, 0.05, 2*time.Second)
	bb := tailServer(b, s, 0.05, 2*time.Second)
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	for range b.N {
		u, r := benchRelay(b, Options{Upstreams: []Upstream{{ID: "a", URL: a, Weight: 1}, {ID: "b", URL: bb, Weight: 1}}})
		const n = 400
		d := latencies(b, c, a, helloInfo, n, 16)
		rl := latencies(b, c, u, helloInfo, n, 16)
		st := r.Stats()
		b.ReportMetric(msOf(quantile(d, .99)), "direct-p99-ms")
		b.ReportMetric(msOf(quantile(rl, .99)), "relay-p99-ms")
		b.ReportMetric(float64(quantile(d, .99))/float64(quantile(rl, .99)), "p99-direct/relay")
		b.ReportMetric(100*float64(st.ExtraRequests)/float64(st.Requests), "extra-upstream-%")
	}
}

// modules20 are 20 module versions every mirror of the stall benchmark
// offers.
func modules20() ([]fakeproxy.Module, []string) {
	var mods []fakeproxy.Module
	var args []string
	for i := range 20 {
		p := fmt.Sprintf("example.com/m%02d", i)
		mods = append(mods, fakeproxy.Module{Path: p, Versions: []string{"v1.0.0"}})
		args = append(args, p+"@v1.0.0")
	}
	return mods, args
}

// A stalled primary: `go mod download` of 20 module versions through the
// relay against the healthy baseline (go straight to the healthy mirror):
// cold, a relay just started that learns of the stall from this download's
// first requests (each pays a hedge delay until the mirror is down); warm,
// a relay whose background probes (Run, as `goproxytui relay` does) have
// found the primary stalled (the faster of two runs). And go's own chain "stalled|healthy", which
// hangs (killed after 20 s).
func BenchmarkStalledPrimary(b *testing.B) {
	mods, args := modules20()
	stalled := mirror(b, fakeproxy.Options{Modules: mods, Behavior: fakeproxy.Do(fakeproxy.Stall)})
	healthy := mirror(b, fakeproxy.Options{Modules: mods, SumDB: true})
	key, err := fakeproxy.SumDBKey("")
	if err != nil {
		b.Fatal(err)
	}
	run := func(goproxy string, timeout time.Duration) (time.Duration, error) {
		env := goEnv(b, "GOPROXY="+goproxy, "GOSUMDB="+key)
		t0 := time.Now()
		_, err := goModDownload(b, env, timeout, args...)
		return time.Since(t0), err
	}
	ups := func() []Upstream { return []Upstream{up("stalled", stalled.URL(), 0), up("healthy", healthy.URL(), 1)} }
	for range b.N {
		// The baseline is the faster of two runs: the first go process of
		// a run also warms the OS's caches.
		base := time.Duration(1 << 62)
		for range 2 {
			d, err := run(healthy.URL(), 2*time.Minute)
			if err != nil {
				b.Fatal(err)
			}
			base = min(base, d)
		}
		u, r := benchRelay(b, Options{Upstreams: ups()})
		cold, err := run(u, 2*time.Minute)
		if err != nil {
			b.Fatal(err)
		}

		wu, wr := benchRelay(b, Options{Upstreams: ups()})
		ctx, cancel := context.WithCancel(context.Background())
		ran := make(chan struct{})
		go func() {
			defer close(ran)
			wr.Run(ctx, probe.SchedulerConfig{Interval: 50 * time.Millisecond, Jitter: -1,
				Options: probe.Options{Timeout: 200 * time.Millisecond, RootCAs: fakeproxy.CAPool()}})
		}()
		for wr.Health().State("stalled") != mirrors.HealthDown {
			select {
			case <-wr.Health().Changed():
			case <-time.After(30 * time.Second):
				b.Fatal("the probes did not find the stalled primary down")
			}
		}
		cancel()
		<-ran
		// Warm is the faster of two runs, as the baseline is.
		warm := time.Duration(1 << 62)
		for range 2 {
			d, err := run(wu, 2*time.Minute)
			if err != nil {
				b.Fatal(err)
			}
			warm = min(warm, d)
		}

		own, err := run(stalled.URL()+"|"+healthy.URL(), 20*time.Second)
		b.ReportMetric(float64(warm)/float64(base), "warm-relay/healthy-time")
		b.ReportMetric(float64(cold)/float64(base), "cold-relay/healthy-time")
		b.ReportMetric(base.Seconds(), "healthy-s")
		b.ReportMetric(warm.Seconds(), "warm-relay-s")
		b.ReportMetric(cold.Seconds(), "cold-relay-s")
		if err == errTimeout {
			b.ReportMetric(own.Seconds(), "go-chain-killed-after-s")
		} else {
			b.Errorf("go's own chain with a stalled primary did not hang: %v after %v", err, own)
		}
		b.ReportMetric(float64(r.Stats().Hedges), "cold-hedges")
	}
}

// A broken mirror of every kind in front of a healthy one: `go mod
// download` of a version query and 19 pinned versions (modules20) through
// the relay, cold (a relay just started) and warm (the same relay, go with
// a fresh module cache, the faster of two runs), against go straight to
// the healthy mirror (the faster of two runs), as ratios.
func BenchmarkBrokenPrimary(b *testing.B) {
	key, err := fakeproxy.SumDBKey("")
	if err != nil {
		b.Fatal(err)
	}
	mods, args := modules20()
	args[0] = mods[0].Path + "@latest"
	run := func(goproxy string) time.Duration {
		env := goEnv(b, "GOPROXY="+goproxy, "GOSUMDB="+key)
		t0 := time.Now()
		if _, err := goModDownload(b, env, 2*time.Minute, args...); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	for range b.N {
		for _, kind := range allBreaks {
			healthy := mirror(b, fakeproxy.Options{Modules: mods, SumDB: true})
			base := min(run(healthy.URL()), run(healthy.URL()))
			// The same relay with the healthy mirror alone: what the
			// broken mirror in front costs, apart from the relay's hop.
			hu, _ := benchRelay(b, Options{Upstreams: []Upstream{up("healthy", healthy.URL(), 1)}, NoCacheFallback: true})
			coldBase := run(hu)
			warmBase := min(run(hu), run(hu))
			u, _ := benchRelay(b, Options{Upstreams: []Upstream{up("broken", brokenMirror(b, healthy, kind), 0), up("healthy", healthy.URL(), 1)}, NoCacheFallback: true})
			cold := run(u)
			warm := min(run(u), run(u)) // the faster of two, as the baseline
			b.ReportMetric(float64(cold)/float64(base), "cold/healthy-"+string(kind))
			b.ReportMetric(float64(warm)/float64(base), "warm/healthy-"+string(kind))
			b.ReportMetric(float64(cold)/float64(coldBase), "cold/relay-healthy-"+string(kind))
			b.ReportMetric(float64(warm)/float64(warmBase), "warm/relay-healthy-"+string(kind))
			if kind == allBreaks[0] {
				b.ReportMetric(base.Seconds(), "healthy-s-"+string(kind))
			}
		}
	}
}

// Every mirror down (a staller, a 500, a refused port): the time to the
// 502 of a cold relay's first request, and of the next one once the
// mirrors are known down.
func BenchmarkAllDown502(b *testing.B) {
	refused, _ := fakeproxy.RefusedURL()
	stall := mirror(b, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	five := mirror(b, fakeproxy.Options{Behavior: fakeproxy.Code(500)})
	c := &http.Client{}
	get := func(u, p string) time.Duration {
		t0 := time.Now()
		resp, err := c.Get(u + p)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 502 {
			b.Fatalf("%s: %d, want 502", p, resp.StatusCode)
		}
		return time.Since(t0)
	}
	for range b.N {
		u, _ := benchRelay(b, Options{Upstreams: []Upstream{up("stall", stall.URL(), 0), up("five", five.URL(), 1), up("refused", refused, 2)}, NoCacheFallback: true})
		first := get(u, helloInfo)
		second := get(u, helloMod)
		next := get(u, helloZip)
		b.ReportMetric(first.Seconds(), "first-502-s")
		b.ReportMetric(second.Seconds(), "second-502-s")
		b.ReportMetric(next.Seconds(), "next-502-s")
	}
}
