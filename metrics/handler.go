package metrics

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// DefaultPort is the exporter's port on loopback when --listen is not
// given (127.0.0.1:9739; the relay's is 7390).
const DefaultPort = 9739

// ScrapeTimeoutOffset is taken off Prometheus' scrape timeout (the
// X-Prometheus-Scrape-Timeout-Seconds header) for a /probe, so that the
// answer, probe_success 0 for a mirror that stalls, arrives before
// Prometheus gives up: blackbox_exporter's --timeout-offset default.
const ScrapeTimeoutOffset = 500 * time.Millisecond

// HandlerOptions configure NewHandler.
type HandlerOptions struct {
	// Monitor is exposed on /metrics (nil: no mirror metrics).
	Monitor *Monitor
	// Relay is exposed on /metrics too (nil: no relay metrics).
	Relay *Relay
	// Resolve turns a /probe target (a mirror id or URL) into a mirror;
	// nil: no /probe endpoint. CatalogResolver is the usual one; an error
	// wrapping ErrTargetNotAllowed answers 403, any other 400.
	Resolve func(target string) (mirrors.Mirror, error)
	// Options are the probe options of /probe; their Timeout is the
	// longest a probe takes, cut to the scrape timeout.
	Options probe.Options
	// Health sets the thresholds of /probe's one-result health.
	Health probe.HealthConfig
	// Probe does one probe (nil: probe.Probe); tests substitute it.
	Probe func(ctx context.Context, m mirrors.Mirror, opt probe.Options) probe.Result
	// Lang is the language of /probe's errors and the index page.
	Lang i18n.Lang
}

// NewHandler returns the exporter's handler: /metrics (the Monitor, the
// Relay, and the Go runtime's and process' collectors), /probe?target=
// (one probe on demand, in a registry of its own, as blackbox_exporter's
// multi-target pattern) and / (a page listing them). Both metric endpoints
// negotiate the OpenMetrics format with the scraper.
func NewHandler(o HandlerOptions) http.Handler {
	if o.Probe == nil {
		o.Probe = probe.Probe
	}
	reg := prometheus.NewRegistry()
	// Without the MemStats metrics: go_memstats_alloc_bytes (a gauge) and
	// go_memstats_alloc_bytes_total (a counter) are one family name in
	// OpenMetrics, which its parsers refuse. Runtime metrics stay.
	reg.MustRegister(collectors.NewGoCollector(collectors.WithGoCollectorMemStatsMetricsDisabled()), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if o.Monitor != nil {
		reg.MustRegister(o.Monitor)
	}
	if o.Relay != nil {
		reg.MustRegister(o.Relay)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true, Registry: reg}))
	if o.Resolve != nil {
		mux.HandleFunc("/probe", o.serveProbe)
	}
	mux.HandleFunc("/", o.serveIndex)
	return mux
}

// serveProbe probes the target once within the scrape timeout and answers
// its metrics.
func (o HandlerOptions) serveProbe(w http.ResponseWriter, r *http.Request) {
	// Prometheus counts its scrape timeout from sending the request: the
	// probe's deadline counts from its arrival, not from after the checks.
	arrived := time.Now()
	l := o.Lang
	target := strings.TrimSpace(r.URL.Query().Get("target"))
	if target == "" {
		http.Error(w, l.T("the target parameter is missing: /probe?target=MIRROR (a catalog id or a URL)"), http.StatusBadRequest)
		return
	}
	m, err := o.Resolve(target)
	if err != nil {
		code := http.StatusBadRequest
		if errors.Is(err, ErrTargetNotAllowed) {
			code = http.StatusForbidden
		}
		http.Error(w, l.Error(err), code)
		return
	}
	opt := o.Options
	timeout, err := probeTimeout(r.Header.Get("X-Prometheus-Scrape-Timeout-Seconds"), opt.Timeout)
	if err != nil {
		http.Error(w, l.Error(err), http.StatusBadRequest)
		return
	}
	opt.Timeout = timeout
	ctx, cancel := context.WithDeadline(r.Context(), arrived.Add(timeout))
	defer cancel()
	res := o.Probe(ctx, m, opt)
	mon := NewMonitor(o.Health, 1, opt.SumDB)
	mon.SetMirrors([]mirrors.Mirror{m})
	mon.Add(res)
	reg := prometheus.NewRegistry()
	reg.MustRegister(mon)
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true}).ServeHTTP(w, r)
}

// probeTimeout is a /probe's timeout: the probe's own (probe.DefaultTimeout
// when 0), cut to the scrape timeout less ScrapeTimeoutOffset (less a
// fifth when the scrape timeout is shorter than twice the offset).
func probeTimeout(header string, own time.Duration) (time.Duration, error) {
	if own <= 0 {
		own = probe.DefaultTimeout
	}
	if header == "" {
		return own, nil
	}
	secs, err := strconv.ParseFloat(header, 64)
	if err != nil || !(secs > 0 && secs <= 1e6) { // NaN compares false
		return 0, i18n.Errorf("bad X-Prometheus-Scrape-Timeout-Seconds %q: want a positive number of seconds", header)
	}
	scrape := time.Duration(secs * float64(time.Second))
	t := scrape - ScrapeTimeoutOffset
	if scrape < 2*ScrapeTimeoutOffset {
		t = scrape * 4 / 5
	}
	return min(own, t), nil
}

// serveIndex is the page listing the endpoints.
func (o HandlerOptions) serveIndex(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	l := o.Lang
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	e := html.EscapeString
	fmt.Fprintf(w, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>goproxytui exporter</title></head><body>\n<h1>goproxytui exporter</h1>\n<ul>\n")
	fmt.Fprintf(w, "<li><a href=\"/metrics\">/metrics</a>: %s</li>\n", e(l.T("every mirror's latest probe, health, loss and latency, and the relay's traffic")))
	if o.Resolve != nil {
		example := "proxy.golang.org"
		if o.Monitor != nil {
			if ids := o.Monitor.IDs(); len(ids) > 0 {
				example = ids[0]
			}
		}
		fmt.Fprintf(w, "<li><a href=\"/probe?target=%s\">/probe?target=%s</a>: %s</li>\n", e(url.QueryEscape(example)), e(example),
			e(l.T("one probe now of a mirror (a catalog id or a URL), for Prometheus' multi-target pattern")))
	}
	fmt.Fprintf(w, "</ul>\n")
	if o.Monitor != nil {
		if ids := o.Monitor.IDs(); len(ids) > 0 {
			fmt.Fprintf(w, "<p>%s</p>\n<ul>\n", e(l.T("Mirrors probed:")))
			for _, id := range ids {
				fmt.Fprintf(w, "<li>%s</li>\n", e(id))
			}
			fmt.Fprintf(w, "</ul>\n")
		}
	}
	fmt.Fprintf(w, "</body></html>\n")
}

// IDs returns the ids of the mirrors the Monitor exposes, in order.
func (m *Monitor) IDs() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.order...)
}
