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
			Help: "Upstream attempts the relay sent, by mirror and how they ended (probe's failure classes, ok, or lost: cut short because another attempt won)",
		}, []string{"mirror", "class"}),
		hedges: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "goproxytui_relay_hedges_total",
			Help: "Hedged attempts fired (the same request to the next mirror while the first had not answered), by the mirror hedged to",
		}, []string{"mirror"}),
		failovers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "goproxytui_relay_failovers_total",
			Help: "Requests where a mirror failed before another served (or none did), by request kind",
		}, []string{"kind"}),
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
		class := string(a.Class)
		if a.Lost {
			class = "lost" // cut short because another attempt won
		}
		m.attempts.WithLabelValues(LabelURL(a.Mirror), class).Inc()
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
	m.duration.Describe(ch)
}

// Collect sends the relay metrics.
func (m *Relay) Collect(ch chan<- prometheus.Metric) {
	m.requests.Collect(ch)
	m.attempts.Collect(ch)
	m.hedges.Collect(ch)
	m.failovers.Collect(ch)
	m.duration.Collect(ch)
}
