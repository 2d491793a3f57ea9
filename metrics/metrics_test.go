package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

func testOptions() probe.Options {
	o := probe.DefaultOptions()
	o.Canary = fakeproxy.Canary
	o.RootCAs = fakeproxy.CAPool()
	o.Proxy = func(*http.Request) (*url.URL, error) { return nil, nil }
	o.Timeout = time.Minute // never reached on a loaded machine
	return o
}

// scrape GETs path with the Accept header and decodes the families in the
// format the server answered (text or OpenMetrics), with the raw body.
func scrape(t *testing.T, base, path, accept string, hdr http.Header) (map[string]*dto.MetricFamily, string, *http.Response) {
	t.Helper()
	raw, resp, _ := get(t, base, path, accept, hdr)
	return decode(t, path, raw, resp), raw, resp
}

// get GETs path with the Accept header and reads the whole answer, which
// must be a 200; took is the exchange's time, the body's end included.
func get(t *testing.T, base, path, accept string, hdr http.Header) (raw string, resp *http.Response, took time.Duration) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	took = time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
	}
	return string(b), resp, took
}

// decode parses raw, the answer to path, in the format resp names. The
// OpenMetrics 1.0 parser of prometheus/common checks every line against
// the format's ABNF grammar: about 0.5 s for /probe's 11 families under
// -race, several times that on a loaded machine, so a time limit never
// includes it.
func decode(t *testing.T, path, raw string, resp *http.Response) map[string]*dto.MetricFamily {
	t.Helper()
	fams := map[string]*dto.MetricFamily{}
	dec := expfmt.NewDecoder(strings.NewReader(raw), expfmt.ResponseFormat(resp.Header))
	for {
		var f dto.MetricFamily
		err := dec.Decode(&f)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s (%s) does not parse: %v\n%s", path, resp.Header.Get("Content-Type"), err, raw)
		}
		name := f.GetName()
		if f.GetType() == dto.MetricType_COUNTER && !strings.HasSuffix(name, "_total") {
			name += "_total" // OpenMetrics names a counter family without the suffix
		}
		fams[name] = &f
	}
	return fams
}

func labelsOf(m *dto.Metric) map[string]string {
	out := map[string]string{}
	for _, lp := range m.GetLabel() {
		out[lp.GetName()] = lp.GetValue()
	}
	return out
}

// find returns the metric of family name whose labels include want.
func find(t *testing.T, fams map[string]*dto.MetricFamily, name string, typ dto.MetricType, want map[string]string) *dto.Metric {
	t.Helper()
	f := fams[name]
	if f == nil {
		t.Fatalf("no metric %s", name)
	}
	if f.GetType() != typ {
		t.Errorf("%s is a %v, want %v", name, f.GetType(), typ)
	}
	for _, m := range f.GetMetric() {
		l := labelsOf(m)
		ok := true
		for k, v := range want {
			ok = ok && l[k] == v
		}
		if ok {
			return m
		}
	}
	t.Fatalf("no %s with labels %v", name, want)
	return nil
}

func value(m *dto.Metric) float64 {
	switch {
	case m.Gauge != nil:
		return m.GetGauge().GetValue()
	case m.Counter != nil:
		return m.GetCounter().GetValue()
	}
	return -1
}

// The exposition, in the text format and in OpenMetrics, parses with
// Prometheus' own parser and has blackbox_exporter's names with their
// types and labels, goproxytui's own, and never a credential.
func TestExposition(t *testing.T) {
	t.Parallel()
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, HTTP2: true, SumDB: true, Behavior: fakeproxy.Delayed(5 * time.Millisecond)})
	stall := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	const secret = "s3cr3t-pass"
	credURL := strings.Replace(ok.URL(), "https://", "https://alice-token:"+secret+"@", 1)
	fleet := []mirrors.Mirror{
		{ID: "ok", URL: ok.URL()},
		{ID: "creds", URL: credURL},
		{ID: "stall", URL: stall.URL()},
		{ID: "new", URL: "https://new.example"},
	}
	o := testOptions()
	stalls := o
	stalls.Timeout = 300 * time.Millisecond
	mon := NewMonitor(probe.HealthConfig{}, 0, probe.DefaultSumDB)
	mon.SetMirrors(fleet)
	for range 2 {
		for _, m := range fleet[:3] {
			if m.ID == "stall" {
				mon.Add(probe.Probe(context.Background(), m, stalls))
				continue
			}
			mon.Add(probe.Probe(context.Background(), m, o))
		}
	}
	rl := NewRelay()
	rl.OnRequest(relay.RequestRecord{Kind: relay.KindZip, Status: 200, Mirror: "ok", Duration: 30 * time.Millisecond, Hedges: 1,
		Attempts: []relay.AttemptRecord{{Mirror: "stall", Class: probe.ClassStall}, {Mirror: "ok", Class: probe.ClassOK, Hedge: true}}})
	rl.OnRequest(relay.RequestRecord{Kind: relay.KindInfo, Status: 404, Mirror: "", Duration: time.Millisecond,
		Attempts: []relay.AttemptRecord{{Mirror: "https://bob:" + secret + "@corp.example", Class: probe.ClassNotFound}}})
	rl.OnRequest(relay.RequestRecord{Kind: relay.KindList, Status: 200, Mirror: relay.CacheMirror, FromCache: true, Partial: true, Duration: time.Millisecond,
		Attempts: []relay.AttemptRecord{{Mirror: "garbage", Class: relay.ClassInvalid}}})
	srv := httptest.NewServer(NewHandler(HandlerOptions{Monitor: mon, Relay: rl, Lang: i18n.EN}))
	defer srv.Close()

	for _, accept := range []string{"", "application/openmetrics-text; version=1.0.0; charset=utf-8"} {
		fams, raw, resp := scrape(t, srv.URL, "/metrics", accept, nil)
		ct := resp.Header.Get("Content-Type")
		if accept != "" && !strings.HasPrefix(ct, "application/openmetrics-text") || accept == "" && !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("Accept %q answered %q", accept, ct)
		}
		if strings.Contains(raw, secret) || strings.Contains(raw, "alice-token") || strings.Contains(raw, "bob") {
			t.Errorf("a credential in the exposition:\n%s", raw)
		}
		checkProbeMetrics(t, fams, ok.URL(), stall.URL())
		checkRelayMetrics(t, fams)
		if fams["go_goroutines"] == nil {
			t.Error("no Go runtime metrics")
		}
	}
}

// checkProbeMetrics checks the probe metrics of the fleet TestExposition
// probes: ok at okURL (also under the name creds), stall at stallURL,
// and new, never probed.
func checkProbeMetrics(t *testing.T, fams map[string]*dto.MetricFamily, okURL, stallURL string) {
	G, C := dto.MetricType_GAUGE, dto.MetricType_COUNTER
	okL := map[string]string{"mirror": "ok", "url": okURL}
	if v := value(find(t, fams, "probe_success", G, okL)); v != 1 {
		t.Errorf("probe_success of ok = %v", v)
	}
	if v := value(find(t, fams, "probe_success", G, map[string]string{"mirror": "stall", "url": stallURL})); v != 0 {
		t.Errorf("probe_success of stall = %v", v)
	}
	if v := value(find(t, fams, "probe_success", G, map[string]string{"mirror": "creds", "url": okURL})); v != 1 {
		t.Errorf("probe_success of creds = %v", v)
	}
	if v := value(find(t, fams, "probe_duration_seconds", G, okL)); v <= 0 || v > 1 {
		t.Errorf("probe_duration_seconds = %v", v)
	}
	for _, ph := range []string{"resolve", "connect", "tls", "processing", "transfer"} {
		find(t, fams, "probe_http_duration_seconds", G, map[string]string{"mirror": "ok", "phase": ph})
	}
	if v := value(find(t, fams, "probe_http_duration_seconds", G, map[string]string{"mirror": "ok", "phase": "processing"})); v < 0.005 {
		t.Errorf("processing %v, the server waits 5 ms", v)
	}
	if v := value(find(t, fams, "probe_http_status_code", G, okL)); v != 200 {
		t.Errorf("status %v", v)
	}
	if v := value(find(t, fams, "probe_http_version", G, okL)); v != 2 {
		t.Errorf("probe_http_version %v over h2", v)
	}
	if v := value(find(t, fams, "probe_ssl_earliest_cert_expiry", G, okL)); v < float64(time.Now().Unix()) {
		t.Errorf("probe_ssl_earliest_cert_expiry %v", v)
	}
	find(t, fams, "probe_tls_version_info", G, map[string]string{"mirror": "ok", "version": "TLS 1.3"})
	if v := value(find(t, fams, "goproxytui_mirror_health", G, map[string]string{"mirror": "ok", "state": "healthy"})); v != 1 {
		t.Errorf("health healthy = %v", v)
	}
	if v := value(find(t, fams, "goproxytui_mirror_health", G, map[string]string{"mirror": "stall", "state": "down"})); v != 1 {
		t.Errorf("stall not down: %v", v)
	}
	if v := value(find(t, fams, "goproxytui_mirror_health", G, map[string]string{"mirror": "new", "state": "unknown"})); v != 1 {
		t.Errorf("a mirror with no probe yet is not unknown: %v", v)
	}
	if v := value(find(t, fams, "goproxytui_probe_failures_total", C, map[string]string{"mirror": "stall", "class": "stall"})); v != 2 {
		t.Errorf("stall failures %v", v)
	}
	if v := value(find(t, fams, "goproxytui_probe_failures_total", C, map[string]string{"mirror": "ok", "class": "dns"})); v != 0 {
		t.Errorf("dns failures of ok %v", v)
	}
	if v := value(find(t, fams, "goproxytui_probes_total", C, okL)); v != 2 {
		t.Errorf("probes %v", v)
	}
	if v := value(find(t, fams, "goproxytui_sumdb_supported", G, map[string]string{"mirror": "ok", "sumdb": "sum.golang.org"})); v != 1 {
		t.Errorf("sumdb supported %v", v)
	}
	if v := value(find(t, fams, "goproxytui_mirror_loss_ratio", G, map[string]string{"mirror": "stall"})); v != 1 {
		t.Errorf("loss of stall %v", v)
	}
	lat := find(t, fams, "goproxytui_mirror_latency_seconds", dto.MetricType_SUMMARY, okL)
	if s := lat.GetSummary(); s.GetSampleCount() != 2 || len(s.GetQuantile()) != 2 || s.GetQuantile()[0].GetQuantile() != 0.5 || s.GetQuantile()[1].GetQuantile() != 0.95 {
		t.Errorf("latency summary %v", s)
	}
	find(t, fams, "goproxytui_mirror_consecutive_failures", G, okL)
	find(t, fams, "goproxytui_last_probe_timestamp_seconds", G, okL)
}

// checkRelayMetrics checks the relay metrics of the requests TestExposition
// records.
func checkRelayMetrics(t *testing.T, fams map[string]*dto.MetricFamily) {
	C := dto.MetricType_COUNTER
	if v := value(find(t, fams, "goproxytui_relay_requests_total", C, map[string]string{"mirror": "ok", "outcome": "served"})); v != 1 {
		t.Errorf("relay served %v", v)
	}
	if v := value(find(t, fams, "goproxytui_relay_requests_total", C, map[string]string{"mirror": "none", "outcome": "not_found"})); v != 1 {
		t.Errorf("relay not found %v", v)
	}
	find(t, fams, "goproxytui_relay_attempts_total", C, map[string]string{"mirror": "stall", "class": "stall"})
	find(t, fams, "goproxytui_relay_attempts_total", C, map[string]string{"mirror": "https://corp.example", "class": "not_found"})
	find(t, fams, "goproxytui_relay_attempts_total", C, map[string]string{"mirror": "garbage", "class": "invalid"})
	if v := value(find(t, fams, "goproxytui_relay_cache_served_total", C, map[string]string{"kind": "list", "partial": "true"})); v != 1 {
		t.Errorf("served from the cache %v", v)
	}
	if v := value(find(t, fams, "goproxytui_relay_hedges_total", C, map[string]string{"mirror": "ok"})); v != 1 {
		t.Errorf("hedges %v", v)
	}
	if v := value(find(t, fams, "goproxytui_relay_failovers_total", C, map[string]string{"kind": "zip"})); v != 1 {
		t.Errorf("failovers %v", v)
	}
	h := find(t, fams, "goproxytui_relay_request_duration_seconds", dto.MetricType_HISTOGRAM, map[string]string{"kind": "zip", "outcome": "served"})
	if h.GetHistogram().GetSampleCount() != 1 {
		t.Errorf("duration histogram %v", h.GetHistogram())
	}
}

// LabelURL drops user name and password however the URL is written.
func TestLabelURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://u:p4ss@host.example/x?tok=1": "https://host.example/x",
		"https://tok3n@host.example":          "https://host.example",
		"host.example/goproxy":                "host.example/goproxy",
		"https://u:p%zz@host.example/a":       "https://host.example/a",
	} {
		if got := LabelURL(in); got != want {
			t.Errorf("LabelURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func probeServer(t *testing.T, o probe.Options) *httptest.Server {
	cat := mirrors.Builtin()
	srv := httptest.NewServer(NewHandler(HandlerOptions{Resolve: AnyTargetResolver(cat), Options: o, Lang: i18n.EN}))
	t.Cleanup(srv.Close)
	return srv
}

// /probe?target= probes once on demand, answered in the same format; for
// a mirror that stalls it answers probe_success 0 within Prometheus' scrape
// timeout, however long the probe's own timeout is.
func TestProbeEndpoint(t *testing.T) {
	t.Parallel()
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	stall := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	o := testOptions()
	o.Timeout = time.Hour // only the scrape timeout can end the stall
	srv := probeServer(t, o)

	fams, _, _ := scrape(t, srv.URL, "/probe?target="+url.QueryEscape(ok.URL()), "", nil)
	if v := value(find(t, fams, "probe_success", dto.MetricType_GAUGE, map[string]string{"url": ok.URL()})); v != 1 {
		t.Errorf("probe_success %v", v)
	}
	if fams["go_goroutines"] != nil {
		t.Error("/probe answers the probe's metrics only, in a registry of its own")
	}

	// The limit is on the answer, not on parsing it (see decode): the
	// probe gets the 1 s the offset leaves, and the 0.5 s offset is the
	// margin for a loaded machine, as it is for Prometheus.
	hdr := http.Header{"X-Prometheus-Scrape-Timeout-Seconds": {"1.5"}}
	path := "/probe?target=" + url.QueryEscape(stall.URL())
	raw, resp, took := get(t, srv.URL, path, "application/openmetrics-text", hdr)
	fams = decode(t, path, raw, resp)
	if v := value(find(t, fams, "probe_success", dto.MetricType_GAUGE, map[string]string{"url": stall.URL()})); v != 0 {
		t.Errorf("probe_success of a stall %v", v)
	}
	// Not cut short: the answer waited out the 1 s the offset leaves; and
	// the probe's duration is never longer than the answer took.
	if took < time.Second {
		t.Errorf("answered after %v: the stall was cut short of the 1 s left after the offset", took)
	}
	if v := value(find(t, fams, "probe_duration_seconds", dto.MetricType_GAUGE, nil)); v <= 0 || v > took.Seconds() {
		t.Errorf("probe_duration_seconds %v, want at most the %v the answer took", v, took)
	}
}

// However a mirror hangs — no answer to the request over HTTP/2, a TLS
// handshake that never finishes, a connect that is never accepted — /probe
// answers probe_success 0 within the scrape timeout.
func TestProbeEndpointHangingMirrors(t *testing.T) {
	o := testOptions()
	o.Timeout = time.Hour // only the scrape timeout can end the hang
	srv := probeServer(t, o)
	targets := map[string]string{
		"stall over h2":   fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, HTTP2: true, Behavior: fakeproxy.Do(fakeproxy.Stall)}).URL(),
		"handshake stall": fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, Behavior: fakeproxy.Do(fakeproxy.HandshakeStall)}).URL(),
	}
	if hole, err := fakeproxy.StartBlackhole(); err == nil {
		t.Cleanup(func() { hole.Close() })
		targets["blackhole"] = hole.URL()
	} else {
		t.Log("no blackhole here, that case is left out:", err)
	}
	for name, target := range targets {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := "/probe?target=" + url.QueryEscape(target)
			raw, resp, _ := get(t, srv.URL, path, "", http.Header{"X-Prometheus-Scrape-Timeout-Seconds": {"1.5"}})
			if v := value(find(t, decode(t, path, raw, resp), "probe_success", dto.MetricType_GAUGE, nil)); v != 0 {
				t.Errorf("probe_success %v", v)
			}
		})
	}
}

// Bad targets answer 400 with a message that says what is wrong.
func TestProbeEndpointBadTarget(t *testing.T) {
	t.Parallel()
	srv := probeServer(t, testOptions())
	for target, want := range map[string]string{
		"":                "target parameter is missing",
		"goproxy.cm":      "did you mean goproxy.cn?",
		"nosuchmirror":    "unknown mirror",
		"ftp://x.example": "ftp",
	} {
		resp, err := http.Get(srv.URL + "/probe?target=" + url.QueryEscape(target))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), want) {
			t.Errorf("target %q: %d %q, want 400 with %q", target, resp.StatusCode, body, want)
		}
	}
	// Checked before any probe: nothing is sent to goproxy.cn.
	req, _ := http.NewRequest("GET", srv.URL+"/probe?target=goproxy.cn", nil)
	req.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", "soon")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad scrape timeout header: %d", resp.StatusCode)
	}
}

// The index page lists the endpoints and the mirrors.
func TestIndexPage(t *testing.T) {
	t.Parallel()
	mon := NewMonitor(probe.HealthConfig{}, 0, "")
	mon.SetMirrors([]mirrors.Mirror{{ID: "<b>x</b>", URL: "https://x.example"}})
	srv := httptest.NewServer(NewHandler(HandlerOptions{Monitor: mon, Resolve: CatalogResolver(mirrors.Builtin()), Lang: i18n.EN}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`href="/metrics"`, `/probe?target=`, "&lt;b&gt;x&lt;/b&gt;"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("index page lacks %q:\n%s", want, body)
		}
	}
	if r, _ := http.Get(srv.URL + "/nothing"); r != nil {
		r.Body.Close()
		if r.StatusCode != 404 {
			t.Errorf("/nothing: %d", r.StatusCode)
		}
	}
}
