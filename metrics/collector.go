package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Every per-mirror metric has these labels: the mirror's id and its URL
// without credentials (LabelURL).
var mirrorLabels = []string{"mirror", "url"}

func desc(name, help string, extra ...string) *prometheus.Desc {
	return prometheus.NewDesc(name, help, append(append([]string(nil), mirrorLabels...), extra...), nil)
}

// The descriptors. The probe_* names, types and labels are
// blackbox_exporter's (prober/prober.go, prober/http.go), so dashboards
// and alerts written for it read goproxytui's too; the labels mirror and
// url are added.
var (
	descSuccess  = desc("probe_success", "Displays whether or not the probe was a success")
	descDuration = desc("probe_duration_seconds", "Returns how long the probe took to complete in seconds")
	descPhase    = desc("probe_http_duration_seconds", "Duration of http request by phase, summed over all redirects", "phase")
	descStatus   = desc("probe_http_status_code", "Response HTTP status code")
	descVersion  = desc("probe_http_version", "Returns the version of HTTP of the probe response")
	descExpiry   = desc("probe_ssl_earliest_cert_expiry", "Returns last SSL chain expiry in unixtime")
	descTLSVer   = desc("probe_tls_version_info", "Returns the TLS version used or NaN when unknown", "version")

	descHealth    = desc("goproxytui_mirror_health", "The mirror's health state with hysteresis, as the TUI shows it: 1 for the current state", "state")
	descProbes    = desc("goproxytui_probes_total", "Probes of the mirror since the exporter started")
	descFailures  = desc("goproxytui_probe_failures_total", "Failed probes of the mirror by failure class since the exporter started", "class")
	descSumDB     = desc("goproxytui_sumdb_supported", "1 when the go command would reach the checksum database through this mirror (/sumdb/<name>/supported answers 200 and a lookup works), 0 when not; absent until checked", "sumdb")
	descLoss      = desc("goproxytui_mirror_loss_ratio", "Failed share of the probes in the window, 0..1")
	descLatency   = desc("goproxytui_mirror_latency_seconds", "Total time of the successful probes in the window")
	descConsec    = desc("goproxytui_mirror_consecutive_failures", "Failed probes in a row, 0 after a success")
	descLastProbe = desc("goproxytui_last_probe_timestamp_seconds", "When the mirror's latest probe started, in unixtime")
)

var allDescs = []*prometheus.Desc{
	descSuccess, descDuration, descPhase, descStatus, descVersion, descExpiry, descTLSVer,
	descHealth, descProbes, descFailures, descSumDB, descLoss, descLatency, descConsec, descLastProbe,
}

var healthStates = []mirrors.Health{mirrors.HealthUnknown, mirrors.HealthHealthy, mirrors.HealthDegraded, mirrors.HealthDown}

// Describe sends the descriptors of every metric Collect sends.
func (m *Monitor) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range allDescs {
		ch <- d
	}
}

// Collect sends the metrics of every mirror, from its latest result and
// window.
func (m *Monitor) Collect(ch chan<- prometheus.Metric) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range m.order {
		st := m.byID[id]
		if st == nil {
			continue
		}
		m.collectMirror(ch, st)
	}
}

func gauge(ch chan<- prometheus.Metric, d *prometheus.Desc, v float64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// collectMirror sends one mirror's metrics; m.mu is held.
func (m *Monitor) collectMirror(ch chan<- prometheus.Metric, st *mirrorState) {
	lv := []string{st.id, st.url}
	with := func(extra ...string) []string { return append(append([]string(nil), lv...), extra...) }
	s := m.tracker.Stats(st.id)
	for _, h := range healthStates {
		gauge(ch, descHealth, b2f(s.Health == h), with(h.String())...)
	}
	ch <- prometheus.MustNewConstMetric(descProbes, prometheus.CounterValue, float64(st.probes), lv...)
	for _, c := range failureClasses {
		ch <- prometheus.MustNewConstMetric(descFailures, prometheus.CounterValue, float64(st.failures[c]), with(string(c))...)
	}
	if !st.has {
		return
	}
	r := st.last
	gauge(ch, descSuccess, b2f(r.OK()), lv...)
	gauge(ch, descDuration, r.Phases.Total.Seconds(), lv...)
	p := r.Phases
	for _, ph := range []struct {
		name string
		v    float64
	}{
		{"resolve", p.DNS.Seconds()}, {"connect", p.Connect.Seconds()}, {"tls", p.TLS.Seconds()},
		{"processing", p.TTFB.Seconds()}, {"transfer", p.Transfer.Seconds()},
	} {
		gauge(ch, descPhase, ph.v, with(ph.name)...)
	}
	gauge(ch, descStatus, float64(r.Status), lv...)
	gauge(ch, descVersion, httpVersion(r), lv...)
	if t := r.TLS; t != nil {
		exp := t.ChainNotAfter
		if exp.IsZero() {
			exp = t.LeafNotAfter
		}
		if !exp.IsZero() {
			gauge(ch, descExpiry, float64(exp.Unix()), lv...)
		}
		if t.Version != "" {
			gauge(ch, descTLSVer, 1, with(t.Version)...)
		}
	}
	if o, known := r.SumDBOutcome(); known {
		gauge(ch, descSumDB, b2f(o == mirrors.OutcomeOK), with(r.SumDBName)...)
	}
	gauge(ch, descLoss, s.Loss, lv...)
	gauge(ch, descConsec, float64(s.ConsecFail), lv...)
	gauge(ch, descLastProbe, float64(r.Start.UnixNano())/1e9, lv...)
	if s.OKs > 0 {
		ch <- prometheus.MustNewConstSummary(descLatency, uint64(s.OKs), s.Mean.Seconds()*float64(s.OKs),
			map[float64]float64{0.5: s.P50.Seconds(), 0.95: s.P95.Seconds()}, lv...)
	}
}

// httpVersion is probe_http_version: 2 over HTTP/2 (ALPN h2), 1.1 for an
// answer otherwise (net/http speaks no other version to a mirror), 0
// without an answer, as blackbox_exporter.
func httpVersion(r probe.Result) float64 {
	switch {
	case r.Status == 0:
		return 0
	case r.TLS != nil && r.TLS.ALPN == "h2":
		return 2
	}
	return 1.1
}
