package metrics

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// A real Prometheus (Debian's package; .ci/run installs it) scrapes an
// exporter running in-process over fake mirrors on loopback, in both
// patterns — the exporter's /metrics and the multi-target /probe with
// __param_target relabelling — and its HTTP API answers probe_success for
// each: 1 for the mirror that works, 0 for the one answering 500.
func TestPrometheusScrapesExporter(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a real Prometheus and waits for its scrapes; run without -short")
	}
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Skip("no prometheus binary on PATH (Debian: apt-get install prometheus; .ci/run installs it): the real scrape is not tested")
	}
	expAddr, target := startScrapedExporter(t)
	prom := startPrometheus(t, bin, expAddr, target)
	var exporter, multi map[string]string
	prom.poll(t, "probe_success of both mirrors from the exporter", func() bool {
		exporter = prom.query(`probe_success{job="goproxytui-exporter"}`)
		return exporter["good|"+expAddr] != "" && exporter["bad|"+expAddr] != ""
	})
	if exporter["good|"+expAddr] != "1" || exporter["bad|"+expAddr] != "0" {
		t.Errorf("probe_success from the exporter: %v", exporter)
	}
	prom.poll(t, "probe_success through /probe", func() bool {
		multi = prom.query(`probe_success{job="goproxytui-probe"}`)
		return len(multi) > 0
	})
	for k, v := range multi {
		if !strings.HasSuffix(k, "|"+target) || v != "1" {
			t.Errorf("probe_success through /probe: %s = %s (instance should be the target %s)", k, v, target)
		}
	}
}

// startScrapedExporter serves the exporter over two fake mirrors probed
// every 200 ms, one working and one answering 500; it returns the
// exporter's address and the working mirror's URL.
func startScrapedExporter(t *testing.T) (expAddr, target string) {
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	bad := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	fleet := []mirrors.Mirror{{ID: "good", URL: ok.URL()}, {ID: "bad", URL: bad.URL()}}

	o := testOptions()
	mon := NewMonitor(probe.HealthConfig{}, 0, probe.DefaultSumDB)
	mon.SetMirrors(fleet)
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan probe.Result)
	done := make(chan struct{})
	go func() {
		defer close(done)
		probe.NewScheduler(fleet, probe.SchedulerConfig{Interval: 200 * time.Millisecond, Options: o}).Run(ctx, out)
	}()
	go func() {
		for {
			select {
			case r := <-out:
				mon.Add(r)
			case <-ctx.Done():
				return
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	exp := httptest.NewServer(NewHandler(HandlerOptions{Monitor: mon, Resolve: AnyTargetResolver(mirrors.Builtin()), Options: o, Lang: i18n.EN}))
	t.Cleanup(exp.Close)
	return strings.TrimPrefix(exp.URL, "http://"), ok.URL()
}

// A promServer is a running prometheus and the way to its HTTP API.
type promServer struct {
	api      string
	logPath  string
	exited   chan struct{}
	deadline time.Time
}

// startPrometheus runs prometheus scraping the exporter at expAddr, both
// itself and, through its /probe, for target, and waits until it is ready.
func startPrometheus(t *testing.T, bin, expAddr, target string) *promServer {
	dir := t.TempDir()
	cfg := fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 800ms
scrape_configs:
  - job_name: goproxytui-exporter
    static_configs:
      - targets: [%q]
  - job_name: goproxytui-probe
    metrics_path: /probe
    static_configs:
      - targets: [%q]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: %q
`, expAddr, target, expAddr)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	promAddr := freeAddr(t)
	cmd := exec.Command(bin, "--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+promAddr, "--log.level=warn")
	// No go command runs here; the environment is confined all the same
	// (GOENV a temp file, HOME temp) as every test running a binary.
	cmd.Env = append(os.Environ(), "GOENV="+filepath.Join(dir, "goenv"), "HOME="+dir)
	logf, err := os.Create(filepath.Join(dir, "prometheus.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	p := &promServer{api: "http://" + promAddr, logPath: filepath.Join(dir, "prometheus.log"), exited: exited, deadline: time.Now().Add(60 * time.Second)}
	p.poll(t, "readiness", func() bool {
		resp, err := http.Get(p.api + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return p
}

// log is what prometheus has written so far.
func (p *promServer) log() string { b, _ := os.ReadFile(p.logPath); return string(b) }

// poll waits for cond; prometheus exiting, or no cond within 60s from the
// start, fails the test.
func (p *promServer) poll(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-p.exited:
			t.Fatalf("prometheus exited while waiting for %s:\n%s", what, p.log())
		default:
		}
		if time.Now().After(p.deadline) {
			t.Fatalf("no %s within 60s:\n%s", what, p.log())
		}
		time.Sleep(100 * time.Millisecond) // polling Prometheus, which has no event to wait on
	}
}

// query returns the values of the instant query q by "mirror|instance";
// nil when prometheus does not answer it.
func (p *promServer) query(q string) map[string]string {
	resp, err := http.Get(p.api + "/api/v1/query?query=" + url.QueryEscape(q))
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r struct {
		Status string
		Data   struct {
			Result []struct {
				Metric map[string]string
				Value  []any
			}
		}
	}
	if json.Unmarshal(body, &r) != nil || r.Status != "success" {
		return nil
	}
	got := map[string]string{}
	for _, s := range r.Data.Result {
		if len(s.Value) == 2 {
			got[s.Metric["mirror"]+"|"+s.Metric["instance"]], _ = s.Value[1].(string)
		}
	}
	return got
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
