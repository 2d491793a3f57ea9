package advisor

import (
	"cmp"
	"slices"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/stats"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Summary is what a few probe rounds say about one mirror.
type Summary struct {
	Mirror mirrors.Mirror
	Rounds int // probes counted
	OK     int // successful ones
	// Failures counts the failed probes by class.
	Failures map[probe.Class]int
	// LastFailure is the most recent failed probe (zero when none failed).
	LastFailure probe.Result
	// P50 and P95 are of the total time of the successful probes.
	P50, P95 time.Duration
	// SumDB says whether the mirror proxies the checksum database: true when
	// a probe saw /sumdb/<name>/supported answer 200, false when one saw
	// 404/410 and none 200, nil when unknown.
	SumDB *bool
	// SumDBFailed says a probe's /sumdb/<name>/supported check answered
	// neither 200 nor 404/410 and none answered 200: the go command takes
	// that for an error (after ',' the database is unavailable).
	SumDBFailed bool
	// SumDBStalled says a probe's /sumdb/<name>/supported (or the lookup
	// after a 200) never answered: go would hang on it. SumDBBroken says a
	// 200 to /supported came with a failing lookup: go would route all
	// checksum traffic there and fail.
	SumDBStalled, SumDBBroken bool
	// TLSDaysLeft is the fewest days until a verified certificate chain
	// expires (calendar days, probe.CertDaysLeft), over the probes that
	// completed a handshake; HasTLS says whether any did.
	TLSDaysLeft int
	HasTLS      bool
	// ViaProxy is the HTTP(S) proxy the probes went through, redacted; "" if
	// none.
	ViaProxy string
}

// Summarize tallies the probe results of mirror m (one per round, any order).
func Summarize(m mirrors.Mirror, results []probe.Result) Summary {
	s := Summary{Mirror: m, Failures: map[probe.Class]int{}}
	var totals []time.Duration
	var last time.Time
	for _, r := range results {
		s.Rounds++
		if r.ViaProxy != "" {
			s.ViaProxy = r.ViaProxy
		}
		if r.TLS != nil && r.TLS.VerifyError == "" && !r.TLS.ChainNotAfter.IsZero() {
			if !s.HasTLS || r.TLS.DaysLeft < s.TLSDaysLeft {
				s.TLSDaysLeft = r.TLS.DaysLeft
			}
			s.HasTLS = true
		}
		if r.SumDBSupported != nil {
			if *r.SumDBSupported || s.SumDB == nil {
				v := *r.SumDBSupported
				s.SumDB = &v
			}
		}
		if sumDBCheckFailed(r) {
			s.SumDBFailed = true
		}
		switch o, known := r.SumDBOutcome(); {
		case !known:
		case o == mirrors.OutcomeHang:
			s.SumDBStalled = true
		case o == mirrors.OutcomeBroken:
			s.SumDBBroken = true
		}
		if r.OK() {
			s.OK++
			totals = append(totals, r.Phases.Total)
			continue
		}
		s.Failures[r.Class]++
		if s.LastFailure.Class == "" || !r.Start.Before(last) {
			s.LastFailure, last = r, r.Start
		}
	}
	if s.SumDB != nil && *s.SumDB {
		s.SumDBFailed = false
	}
	slices.Sort(totals)
	s.P50 = stats.Percentile(totals, 50)
	s.P95 = stats.Percentile(totals, 95)
	return s
}

// sumDBCheckFailed reports whether r asked /sumdb/<name>/supported and got
// neither 200 nor 404/410 (another status, or no answer). The go command
// treats such an answer as an error: after ',' the checksum database is
// unavailable, after '|' it asks the next entry.
func sumDBCheckFailed(r probe.Result) bool {
	return r.SumDBChecked && r.SumDBSupported == nil && !r.SumDBStalled
}

// Failed is the number of failed probes.
func (s Summary) Failed() int { return s.Rounds - s.OK }

// Loss is the share of failed probes, 0..1.
func (s Summary) Loss() float64 {
	if s.Rounds == 0 {
		return 0
	}
	return float64(s.Failed()) / float64(s.Rounds)
}

// Stalled reports whether the mirror stalled in any round: it accepted the
// connection and never answered, and the go command, which has no timeout,
// would hang on it.
func (s Summary) Stalled() bool { return s.Failures[probe.ClassStall] > 0 }

// ProtocolFailed reports whether the mirror broke the Go module proxy
// protocol for pinned files in any round (bad .info JSON, wrong version).
// A failed @v/list is not: go asks it only for version queries, and a
// mirror that refuses them serves builds with a complete go.mod (see
// JudgeQuery).
func (s Summary) ProtocolFailed() bool { return s.Failures[probe.ClassProtocol] > 0 }

// Health is the mirror's health over the rounds: healthy when every probe
// succeeded, degraded when some did, down when none did.
func (s Summary) Health() mirrors.Health {
	switch {
	case s.Rounds == 0:
		return mirrors.HealthUnknown
	case s.OK == s.Rounds:
		return mirrors.HealthHealthy
	case s.OK > 0:
		return mirrors.HealthDegraded
	}
	return mirrors.HealthDown
}

// Stats returns the summary as ranking statistics.
func (s Summary) Stats() mirrors.MirrorStats {
	return mirrors.MirrorStats{Health: s.Health(), P50: s.P50, P95: s.P95, Loss: s.Loss(), Samples: s.Rounds}
}

// classNames are the failure classes in words.
var classNames = map[probe.Class]string{
	probe.ClassDNS:            i18n.N("DNS failure"),
	probe.ClassRefused:        i18n.N("connection refused"),
	probe.ClassConnectTimeout: i18n.N("connect timeout"),
	probe.ClassTLS:            i18n.N("TLS failure"),
	probe.ClassTLSTimeout:     i18n.N("TLS handshake timeout"),
	probe.ClassStall:          i18n.N("stall (connected, never answered)"),
	probe.ClassNotFound:       i18n.N("not found (404/410)"),
	probe.ClassHTTP4xx:        i18n.N("HTTP 4xx error"),
	probe.ClassHTTP5xx:        i18n.N("HTTP 5xx error"),
	probe.ClassProtocol:       i18n.N("Go protocol error"),
	probe.ClassReset:          i18n.N("connection reset"),
}

// ClassText is a failure class in words.
func ClassText(c probe.Class) Text {
	if s, ok := classNames[c]; ok {
		return Text{Format: s}
	}
	return raw(string(c))
}

// failureText says how the mirror failed: "DNS failure in 3/3 rounds", or
// several classes, most frequent first.
func (s Summary) failureText() Text {
	type kv struct {
		c probe.Class
		n int
	}
	var list []kv
	for c, n := range s.Failures {
		list = append(list, kv{c, n})
	}
	slices.SortFunc(list, func(a, b kv) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return cmp.Compare(a.c, b.c)
	})
	var out texts
	for _, e := range list {
		out = append(out, T("%s in %d/%d rounds", ClassText(e.c), e.n, s.Rounds))
	}
	return Text{Format: "%s", Args: []any{out}}
}

// ms formats a duration in whole milliseconds (at least 1 for a nonzero
// duration).
func ms(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return max(1, (d + time.Millisecond/2).Milliseconds())
}
