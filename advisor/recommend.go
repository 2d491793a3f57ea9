package advisor

import (
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Defaults of RecommendInput.
const (
	// DefaultMaxMirrors is how many mirrors a proposed chain holds at most:
	// enough that an outage of one or two falls through, few enough that a
	// lookup does not wait on a long row of failing mirrors.
	DefaultMaxMirrors = 3
	// DefaultCertWarnDays is how close a certificate's expiry must be to
	// be mentioned (recommend) or warned about (doctor).
	DefaultCertWarnDays = 14
)

// Reach is whether a checksum database answered at a URL.
type Reach struct {
	URL    string      // what was asked, credentials redacted
	OK     bool        // it answered 200 to /latest
	Class  probe.Class // failure class when !OK, if known
	Reason string      // one line, sanitised, when !OK
}

// text says how the check went: "reachable", or the failure.
func (r Reach) text() Text {
	if r.OK {
		return T("reachable")
	}
	if r.Reason != "" {
		return raw(r.Reason)
	}
	if r.Class != "" {
		return ClassText(r.Class)
	}
	return T("unreachable")
}

// Candidate is a mirror with its probe results, one per round.
type Candidate struct {
	Mirror  mirrors.Mirror
	Results []probe.Result
}

// RecommendInput is everything Recommend decides from.
type RecommendInput struct {
	// Lang is the language of Recommendation.Reasons.
	Lang       i18n.Lang
	Candidates []Candidate
	// SumDB holds direct reachability checks of the checksum database, by
	// GOSUMDB value: mirrors.SumGolangOrg (https://sum.golang.org/latest) and
	// mirrors.SumGolangCN (https://sum.golang.google.cn/latest). A missing
	// entry was not checked: Recommendation.SumDBChecks lists the checks
	// that would change the advice.
	SumDB map[string]Reach
	// DirectLast ends the chain with direct (config recommend.direct_last,
	// default true).
	DirectLast bool
	// MaxMirrors caps the mirrors in the chain (0: DefaultMaxMirrors).
	MaxMirrors int
	// CurrentGOSUMDB is the effective GOSUMDB, if known: a checksum database
	// of the user's own (another name or URL) is kept as it is.
	CurrentGOSUMDB string
	// CertWarnDays (0: DefaultCertWarnDays): a chosen mirror whose
	// certificate expires within this many days gets a note.
	CertWarnDays int
	// RelayInGOPROXY is the URL of a goproxytui relay the effective GOPROXY
	// goes through (it answered relay.StatusPath), "" when none: then no
	// relay is proposed (see Recommendation.Relay).
	RelayInGOPROXY string
}

// Choice is the decision about one candidate.
type Choice struct {
	Summary
	Chosen   bool
	Position int  // 1-based place in the chain; 0 when left out
	Reason   Text // why it is in, out, or where
	// QueryCaveat says that the mirror serves pinned downloads but version
	// queries fail through it (see QueryCaveat); zero otherwise.
	QueryCaveat Text
}

// Recommendation is a proposed chain and checksum database, with reasons.
type Recommendation struct {
	// GOPROXY is the value to write. It may hold credentials of private
	// mirrors: show Display instead.
	GOPROXY string
	// Display is GOPROXY with credentials redacted.
	Display string
	GOSUMDB string
	Chain   mirrors.Chain
	// Usable is false when no candidate mirror can be used; then GOPROXY is
	// "direct", or "" when the config rules direct out, and nothing should
	// be applied.
	Usable bool
	// Reasons explain every choice, rendered in RecommendInput.Lang; Texts
	// are the same, to render in another language.
	Reasons []string
	Texts   []Text
	// UseCommand is the goproxytui use command that applies the proposal,
	// with catalog ids standing for their URLs; "" when nothing is usable,
	// or when it would have to show credentials (of a mirror named by URL,
	// or in GOSUMDB): config mirrors are named by id.
	UseCommand string
	// Choices holds one decision per distinct candidate, in input order.
	Choices []Choice
	// SumDBVia is the label of the chosen mirror through which go would
	// reach sum.golang.org, "" when none proxies it.
	SumDBVia string
	// SumDBChecks lists the GOSUMDB values (mirrors.SumGolangOrg,
	// mirrors.SumGolangCN) whose direct reachability was not given but would
	// decide GOSUMDB: check them and call Recommend again.
	SumDBChecks []string
	// Verdicts are what go would do through Chain per operation (pinned
	// download, version query, checksum database), judged with the
	// candidates' latest probes: the same verdicts doctor gives once the
	// chain is written. Zero when nothing is usable.
	Verdicts Verdicts
	// Relay proposes goproxytui relay where no chain of mirrors is safe (a
	// fast mirror stalls now and then); nil when not proposed. The plain
	// chain above stays the proposal to write.
	Relay *RelayProposal
}

// Recommend proposes a chain and a GOSUMDB from probe rounds of the
// candidates. The rules, documented in README.md:
//
//   - A mirror is left out when it stalled in any round (the go command has
//     no timeout and would hang on it, whatever the separator), when no
//     round succeeded, when it broke the Go proxy protocol, or when go
//     refuses to use its URL (mirrors.Entry.Unusable: credentials over
//     plain http, no host).
//   - The rest are ranked by mirrors.Rank (health, then a score of weight,
//     latency and loss) and the best MaxMirrors are kept; when sum.golang.org
//     is unreachable directly, its alias sum.golang.google.cn too, and none
//     of them proxies it, the best remaining mirror that proxies it is added.
//   - '|' follows every mirror but the last, so that an outage of one falls
//     through to the next; the last mirror is followed by ',' and direct (or
//     by nothing when DirectLast is false): go fetches from version control
//     only for modules the mirrors do not have (404/410), and an outage of
//     every mirror is reported as such instead of turning into slow or
//     blocked fetches from origin servers.
//   - GOSUMDB stays sum.golang.org when a chosen mirror proxies it (go asks
//     the mirrors first) or when it is reachable directly; else it is
//     sum.golang.google.cn when that answers; a database of the user's own
//     is kept; GOSUMDB=off is never proposed.
//   - goproxytui relay is proposed beside the chain (Recommendation.Relay,
//     see recommendRelay) when a mirror stalled in some rounds and answered
//     in the others faster than the chain's first mirror: no chain can hold
//     it, the relay can.
func Recommend(in RecommendInput) Recommendation {
	r := newRecommender(in)
	r.tally()
	r.rank()
	r.routeChecksum()
	r.buildChain()
	reasons := r.choiceReasons()
	reasons = append(reasons, r.chainReasons()...)
	reasons = append(reasons, r.sumDBReasons()...)
	reasons = append(reasons, r.operationReasons()...)
	reasons = append(reasons, r.caveats()...)
	rec := &r.rec
	if t, ok := keepRelay(in, rec); ok {
		reasons = append(reasons, t)
	}
	rec.UseCommand = r.useCommand()
	var notes []Text
	rec.Relay, notes = recommendRelay(in, *rec)
	reasons = append(reasons, notes...)
	rec.Texts = reasons
	rec.Reasons = make([]string, len(reasons))
	for i, t := range reasons {
		rec.Reasons[i] = t.In(in.Lang)
	}
	return *rec
}

// details describes a usable mirror: "p50 38 ms, proxies sum.golang.org".
func (ch Choice) details(sumdb bool, warnDays int) Text {
	d := texts{T("p50 %d ms", ms(ch.P50))}
	if f := ch.Failed(); f > 0 {
		d = append(d, T("failed %d/%d rounds (%s)", f, ch.Rounds, ClassText(ch.LastFailure.Class)))
	}
	if sumdb && ch.SumDB != nil {
		if *ch.SumDB {
			d = append(d, T("proxies sum.golang.org"))
		} else {
			d = append(d, T("does not proxy sum.golang.org"))
		}
	}
	if ch.HasTLS && ch.TLSDaysLeft <= warnDays {
		d = append(d, T("its certificate %s", certExpiry(ch.TLSDaysLeft)))
	}
	if w := ch.Mirror.Weight; w > 0 && w != 1 {
		d = append(d, T("weight %g", w))
	}
	return Text{Format: "%s", Args: []any{d}}
}

// protocolText says which protocol check failed.
func protocolText(s *Summary) Text {
	if s.Failures[probe.ClassProtocol] > 0 && s.LastFailure.Class == probe.ClassProtocol && s.LastFailure.Reason != "" {
		return Text{Format: "%s", Args: []any{s.LastFailure}}
	}
	return ClassText(probe.ClassProtocol)
}

// labelOf is how a mirror is named in advice: its id, else its redacted URL.
func labelOf(m mirrors.Mirror) string { return mirrors.NewEntry(m).Label() }

// displayChain formats c as a GOPROXY value with credentials redacted.
func displayChain(c mirrors.Chain) string {
	var b strings.Builder
	for i, e := range c.Entries {
		if i > 0 {
			b.WriteByte(byte(c.Entries[i-1].Sep))
		}
		switch e.Kind {
		case mirrors.KindDirect:
			b.WriteString("direct")
		case mirrors.KindOff:
			b.WriteString("off")
		default:
			b.WriteString(mirrors.RedactURL(e.URL))
		}
	}
	return b.String()
}

// statsMap gives ranking the summaries' statistics.
type statsMap map[string]mirrors.MirrorStats

func (m statsMap) MirrorStats(key string) (mirrors.MirrorStats, bool) {
	s, ok := m[key]
	return s, ok
}
