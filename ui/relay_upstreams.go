package ui

import (
	"github.com/goproxytui/goproxytui/mirrors"
)

// relayUpstreamChain is the chain the relay that the R key starts forwards
// to. The pending chain's mirrors (relayChain) while one of them answers
// now, or none is measured yet: the relay skips the failing ones by its own
// health. When every one of them is known to fail now, the healthy mirrors
// of the dashboard instead, in its order: a relay over mirrors that all
// fail answers 502 at once, while healthy mirrors sit unused. ok is false
// when no mirror answers now at all: no relay helps then.
func (m *Model) relayUpstreamChain() (c mirrors.Chain, ok bool) {
	chain := m.relayChain()
	proxies := 0
	for _, e := range chain.Entries {
		if e.Kind != mirrors.KindProxy {
			continue
		}
		proxies++
		if o, known := m.outcome(e); !known || o == mirrors.OutcomeOK {
			return chain, true
		}
	}
	if proxies == 0 {
		return chain, true // direct or off alone: the relay says why it cannot start
	}
	var healthy mirrors.Chain
	for _, mm := range m.list {
		if m.track.Health(mm.ID) == mirrors.HealthHealthy {
			e := mirrors.NewEntry(mm)
			e.Sep = mirrors.SepPipe
			healthy.Entries = append(healthy.Entries, e)
		}
	}
	if len(healthy.Entries) == 0 {
		return mirrors.Chain{}, false
	}
	return healthy.Normalized(), true
}
