package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

// Relay counts the relay's traffic: it is a relay.Observer (pass it in
// relay.Options.Observers) and a prometheus.Collector. The mirror labels
// are the relay's upstream labels (a catalog id, a URL without
// credentials, or "direct:<sumdb name>"); "none" when no mirror served.
type Relay struct {
	requests  *prometheus.CounterVec
	attempts  *prometheus.CounterVec
	hedges    *prometheus.CounterVec
	failovers *prometheus.CounterVec
	fromCache *prometheus.CounterVec
	duration  *prometheus.HistogramVec
}

// NewRelay returns a Relay with every counter at zero.
func NewRelay() *Relay {
	return &Relay{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "goproxytui_relay_requests_total",
			Help: "Requests the relay answered, by the mirror that served (none: no mirror did) and outcome (served, not_found, error)",
		}, []string{"mirror", "outcome"}),
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "goproxytui_relay_attempts_total",
			Help: "Upstream attempts the relay sent, by mirror and how they ended: ok, probe's failure classes, or the relay's (invalid: not the file asked for; drip: under the floor rate; outrun: another mirror answered first; abandoned: the client left)",
		}, []string{"mirror", "class"}),
		hedges: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "goproxytui_relay_hedges_total",
			Help: "Hedged attempts fired (the same request to the next mirror while the first had not answered), by the mirror hedged to",
		}, []string{"mirror"}),
		failovers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "goproxytui_relay_failovers_total",
			Help: "Requests where a mirror failed before another served (or none did), by request kind",
		}, []string{"kind"}),
		fromCache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "goproxytui_relay_cache_served_total",
			Help: "Requests every mirror failed and this machine's module cache served, by request kind and whether the answer holds only what the cache has (partial: @v/list, @latest)",
		}, []string{"kind", "partial"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "goproxytui_relay_request_duration_seconds",
			Help:    "Time to answer a request, all attempts together, by request kind and outcome",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300},
		}, []string{"kind", "outcome"}),
	}
}

// OnRequest counts one answered request (relay.Observer).
func (m *Relay) OnRequest(rec relay.RequestRecord) {
	served := rec.Mirror
	if served == "" {
		served = "none"
	}
	outcome := relayOutcome(rec.Status)
	kind := string(rec.Kind)
	if kind == "" {
		kind = "other"
	}
	m.requests.WithLabelValues(LabelURL(served), outcome).Inc()
	for _, a := range rec.Attempts {
		if a.Hedge {
			m.hedges.WithLabelValues(LabelURL(a.Mirror)).Inc()
		}
		m.attempts.WithLabelValues(LabelURL(a.Mirror), string(a.Class)).Inc()
	}
	if rec.FromCache {
		partial := "false"
		if rec.Partial {
			partial = "true"
		}
		m.fromCache.WithLabelValues(kind, partial).Inc()
	}
	if rec.Failover() {
		m.failovers.WithLabelValues(kind).Inc()
	}
	m.duration.WithLabelValues(kind, outcome).Observe(rec.Duration.Seconds())
}

var _ relay.Observer = (*Relay)(nil)

func relayOutcome(status int) string {
	switch status {
	case 200:
		return "served"
	case 404, 410:
		return string(probe.ClassNotFound)
	}
	return "error"
}

// Describe sends the relay metrics' descriptors.
func (m *Relay) Describe(ch chan<- *prometheus.Desc) {
	m.requests.Describe(ch)
	m.attempts.Describe(ch)
	m.hedges.Describe(ch)
	m.failovers.Describe(ch)
	m.fromCache.Describe(ch)
	m.duration.Describe(ch)
}

// Collect sends the relay metrics.
func (m *Relay) Collect(ch chan<- prometheus.Metric) {
	m.requests.Collect(ch)
	m.attempts.Collect(ch)
	m.hedges.Collect(ch)
	m.failovers.Collect(ch)
	m.fromCache.Collect(ch)
	m.duration.Collect(ch)
}
