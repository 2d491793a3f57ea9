package advisor

// recommend's relay proposal: where no chain of mirrors is safe
// because the fast mirror stalls now and then, `goproxytui relay` can use
// it anyway, and recommend says so, and why.

import (
	"cmp"
	"net/url"
	"slices"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// RelayProposal is recommend's proposal of `goproxytui relay`.
type RelayProposal struct {
	// Chain is the relay's upstreams in priority order: the mirrors that
	// stall now and then first, then the proposed chain's.
	Chain mirrors.Chain
	// Display is Chain as a GOPROXY value with credentials redacted.
	Display string
	// Command starts the relay over Chain and puts it in front of GOPROXY
	// ('relay|the chain it replaces'); "" when it would have to show
	// credentials (a mirror named by a URL that holds them).
	Command string
	// Why says why, in RecommendInput.Lang; WhyText is the same, to
	// render in another language.
	Why     string
	WhyText Text
}

// intermittent reports whether the summary is of a mirror that stalls now
// and then: it stalled in some rounds and answered in others, and nothing
// else rules it out (the protocol, an unusable URL, a checksum database
// that answers 200 and fails). A chain cannot hold it (go hangs on the
// stall); the relay can (it times out, hedges and fails over).
func intermittent(ch Choice) bool {
	return ch.Stalled() && ch.OK > 0 && !ch.ProtocolFailed() && !ch.SumDBBroken &&
		mirrors.NewEntry(ch.Mirror).Unusable() == ""
}

// recommendRelay is the relay proposal for rec, made from in (the rule,
// documented in README): proposed when a mirror stalled in some rounds and
// answered in the others (intermittent), faster at p50 than the proposed
// chain's first mirror or with no usable chain at all. A chain of mirrors
// cannot use it: the go command has no timeout and hangs on a stall even
// with '|' after it. The relay's upstreams are those mirrors, fastest
// first, then the chain's. Not proposed when GOPROXY already goes through
// a goproxytui relay (RecommendInput.RelayInGOPROXY): the returned note
// says so instead.
func recommendRelay(in RecommendInput, rec Recommendation) (*RelayProposal, []Text) {
	var first *Choice
	for i := range rec.Choices {
		if rec.Choices[i].Position == 1 {
			first = &rec.Choices[i]
		}
	}
	var stallers []Choice
	for _, ch := range rec.Choices {
		if intermittent(ch) && (first == nil || ch.P50 < first.P50) {
			stallers = append(stallers, ch)
		}
	}
	if len(stallers) == 0 {
		return nil, nil
	}
	if in.RelayInGOPROXY != "" {
		return nil, []Text{T("GOPROXY already goes through the goproxytui relay at %s, which times out, hedges and fails over: no relay proposed", in.RelayInGOPROXY)}
	}
	slices.SortStableFunc(stallers, func(a, b Choice) int { return cmp.Compare(a.P50, b.P50) })

	var chain mirrors.Chain
	var said texts
	for _, ch := range stallers {
		chain.Entries = append(chain.Entries, mirrors.NewEntry(ch.Mirror))
		said = append(said, T("%s stalled in %d of %d probes and answered the others (p50 %d ms)", labelOf(ch.Mirror), ch.Failures[probe.ClassStall], ch.Rounds, ms(ch.P50)))
	}
	for _, e := range rec.Chain.Entries {
		if e.Kind == mirrors.KindProxy {
			chain.Entries = append(chain.Entries, e)
		}
	}
	for i := range chain.Entries {
		chain.Entries[i].Sep = mirrors.SepPipe
	}
	chain = chain.Normalized()

	p := &RelayProposal{Chain: chain, Display: displayChain(chain)}
	sources := map[string]mirrors.Source{}
	for _, ch := range rec.Choices {
		sources[mirrors.NewEntry(ch.Mirror).Key()] = ch.Mirror.Source
	}
	named := chain
	named.Entries = slices.Clone(chain.Entries)
	redacted := false
	for i, e := range named.Entries {
		if sources[e.Key()] == mirrors.SourceArg {
			named.Entries[i].MirrorID = "" // named on the command line: by URL
			redacted = redacted || mirrors.RedactURL(e.URL) != e.URL
		}
	}
	if !redacted {
		p.Command = "goproxytui relay --chain " + envcfg.ShellWord(labelChain(named)) + " --apply"
	}
	switch {
	case !rec.Usable:
		p.WhyText = T("%s: no chain of mirrors is safe without it — the go command has no timeout and hangs on a stall, even with | after it; goproxytui relay can use it: it gives up on a mirror that does not answer, hedges slow requests and fails over to the next", said)
	case rec.UseCommand != "":
		p.WhyText = T("%s, faster than %s, the chain's first mirror, but a chain cannot hold it — the go command has no timeout and hangs on a stall, even with | after it; goproxytui relay can use it: it gives up on a mirror that does not answer, hedges slow requests and fails over to the next. Apply the chain first (%s), so that while the relay is down go gets connection refused and falls through to it", said, labelOf(first.Mirror), rec.UseCommand)
	default:
		p.WhyText = T("%s, faster than %s, the chain's first mirror, but a chain cannot hold it — the go command has no timeout and hangs on a stall, even with | after it; goproxytui relay can use it: it gives up on a mirror that does not answer, hedges slow requests and fails over to the next. Apply the chain first (recommend --apply), so that while the relay is down go gets connection refused and falls through to it", said, labelOf(first.Mirror))
	}
	p.Why = p.WhyText.In(in.Lang)
	return p, nil
}

// keepRelay puts the goproxytui relay that GOPROXY goes through
// (RecommendInput.RelayInGOPROXY) in front of a usable proposal, with '|'
// after it, the shape `goproxytui relay --apply` writes: go keeps using the
// relay and falls through to the proposed chain while it is down. Applying
// the proposal would otherwise take the relay out of GOPROXY. A relay URL
// with credentials is not kept (it comes redacted: it could not be written
// back).
func keepRelay(in RecommendInput, rec *Recommendation) (Text, bool) {
	u := in.RelayInGOPROXY
	if pu, err := url.Parse(u); u == "" || !rec.Usable || err != nil || pu.User != nil {
		return Text{}, false
	}
	c, err := mirrors.ParseChain(u, nil)
	if err != nil || len(c.Entries) != 1 || c.Entries[0].Kind != mirrors.KindProxy {
		return Text{}, false
	}
	e := c.Entries[0]
	e.Sep = mirrors.SepPipe
	rec.Chain.Entries = append([]mirrors.Entry{e}, rec.Chain.Entries...)
	rec.GOPROXY = rec.Chain.String()
	rec.Display = displayChain(rec.Chain)
	return T("the goproxytui relay at %s stays in front, with | after it: go keeps using it and falls through to the chain while it is down", u), true
}
