package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// The relay serves /metrics on its own port: its traffic
// (goproxytui_relay_*) and its upstreams as its probes see them, in the
// exporter's names (whose labels metrics.LabelURL redacts, tested in
// package metrics). The relay runs as the binary with a sandboxed GOENV (startRelayBin).
func TestRelayMetricsOnItsPort(t *testing.T) {
	t.Parallel()
	bad := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	good := fakeproxy.StartMirror(t, fakeproxy.Options{})
	env := append(sandboxEnv(t), "GOPROXY="+bad.URL()+","+good.URL()+",direct")
	rr := startRelayBin(t, env, "--hedge", "off")
	defer rr.stop(t)

	resp, err := http.Get(rr.url + "/example.com/hello/@v/v1.0.0.info")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET .info: %d", resp.StatusCode)
	}

	resp, err = http.Get(rr.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics: %d %s", resp.StatusCode, raw)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("/metrics does not parse: %v\n%s", err, raw)
	}
	sum := func(name string, match func(map[string]string) bool) (float64, int) {
		f := fams[name]
		if f == nil {
			t.Fatalf("no %s in /metrics:\n%s", name, raw)
		}
		var v float64
		n := 0
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, lp := range m.GetLabel() {
				labels[lp.GetName()] = lp.GetValue()
			}
			if !match(labels) {
				continue
			}
			n++
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				v += m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				v += m.GetGauge().GetValue()
			}
		}
		return v, n
	}
	if v, _ := sum("goproxytui_relay_requests_total", func(l map[string]string) bool { return l["outcome"] == "served" }); v != 1 {
		t.Errorf("served requests = %v, want 1 (the /metrics scrape is not a request)", v)
	}
	if v, _ := sum("goproxytui_relay_attempts_total", func(l map[string]string) bool { return l["class"] == "http_5xx" }); v != 1 {
		t.Errorf("5xx attempts = %v, want 1", v)
	}
	if v, _ := sum("goproxytui_relay_failovers_total", func(map[string]string) bool { return true }); v != 1 {
		t.Errorf("failovers = %v, want 1", v)
	}
	// Both upstreams are exposed with the exporter's names, each with one
	// health state set, under its redacted URL.
	for _, u := range []string{bad.URL(), good.URL()} {
		if v, n := sum("goproxytui_mirror_health", func(l map[string]string) bool { return strings.HasPrefix(l["url"], u) }); v != 1 || n == 0 {
			t.Errorf("goproxytui_mirror_health for %s: value %v over %d series, want one state set", u, v, n)
		}
	}
}
