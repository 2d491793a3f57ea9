package advisor

// The doctor's check of a goproxytui relay named in GOPROXY:
// does it answer, which upstreams it serves from, and what the go command
// does while it is down.

import (
	"maps"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

// RelayCheck is what a loopback GOPROXY entry answered at relay.StatusPath
// (relay.FetchStatus).
type RelayCheck struct {
	// IsRelay says it answered as a goproxytui relay; Status is then its
	// answer (URLs redacted, texts sanitised).
	IsRelay bool
	Status  relay.Status
	// Err says why it gave no relay status when it did not answer at all
	// (refused, timeout) or answered as a relay without a valid status;
	// "" when it answered.
	Err string
}

// relayDownReason is the probe result doctor takes for a relay while it is
// down: nothing listens on its loopback port.
const relayDownReason = "connection refused"

// RelayEntries returns the proxy entries of p.Mirrors that may be a
// goproxytui relay: plain http:// on a loopback host (127.0.0.0/8, ::1,
// localhost), as the relay serves. Ask each relay.FetchStatus and put the
// answers in DoctorInput.Relays by Mirror.ID.
func RelayEntries(p Plan) []mirrors.Mirror {
	var out []mirrors.Mirror
	for _, m := range p.Mirrors {
		if relay.MaybeRelayURL(m.URL) {
			out = append(out, m)
		}
	}
	return out
}

// RelayUpstreamChecks lists the upstream mirrors of the relays in
// in.Relays that a fix needs measured and in.Probes lacks: for a relay with
// no mirror measured working after it in GOPROXY (probe those first), the
// fix puts its upstreams after a '|'
// (as `goproxytui relay --apply` writes 'relay|old chain'), and is shown
// only when simulated to work. Probe them by Mirror.ID, then call Doctor.
func RelayUpstreamChecks(in DoctorInput) []mirrors.Mirror {
	d := newDoctor(in)
	if d.plan.ChainErr != nil {
		return nil
	}
	var out []mirrors.Mirror
	seen := map[string]bool{}
	for i, e := range d.plan.Chain.Entries {
		rc, ok := in.Relays[e.Key()]
		if e.Kind != mirrors.KindProxy || !ok || !rc.IsRelay || len(d.workingAfter(i)) > 0 {
			continue
		}
		for _, u := range d.upstreamEntries(i, rc.Status) {
			if _, probed := in.Probes[u.Key()]; probed || seen[u.Key()] {
				continue
			}
			seen[u.Key()] = true
			out = append(out, mirrors.Mirror{ID: u.Key(), Name: u.Label(), URL: u.Resolved(), Weight: u.Weight, Source: mirrors.SourceArg})
		}
	}
	return out
}

// proxyAfter reports whether a proxy entry follows entry i in the chain.
func (d *doctor) proxyAfter(i int) bool {
	return slices.ContainsFunc(d.plan.Chain.Entries[i+1:], func(e mirrors.Entry) bool { return e.Kind == mirrors.KindProxy })
}

// workingAfter returns the proxy entries after entry i measured to serve
// every file now.
func (d *doctor) workingAfter(i int) []mirrors.Entry {
	var out []mirrors.Entry
	for _, e := range d.plan.Chain.Entries[i+1:] {
		if d.works(e) {
			out = append(out, e)
		}
	}
	return out
}

// works reports whether proxy entry e was measured and serves every file.
func (d *doctor) works(e mirrors.Entry) bool {
	fs, known := d.m.Files(e)
	return e.Kind == mirrors.KindProxy && known && !bad(fs, known)
}

// upstreamEntries are the relay's upstreams as chain entries, in priority
// (pool) order: by id for a catalog or config mirror, else by URL when it
// holds no credentials (the status has them redacted); never the relay
// (entry i) itself.
func (d *doctor) upstreamEntries(i int, st relay.Status) []mirrors.Entry {
	ups := st.ByPriority()
	self := mirrors.URLKey(d.plan.Chain.Entries[i].Resolved())
	var out []mirrors.Entry
	seen := map[string]bool{}
	for _, u := range ups {
		var e mirrors.Entry
		if m, ok := d.catalogMirror(u.ID); ok {
			e = mirrors.NewEntry(m)
		} else if u.URL != "" && !strings.Contains(u.URL, "@") {
			c, err := mirrors.ParseChain(u.URL, d.in.Catalog)
			if err != nil || c.Entries[0].Kind != mirrors.KindProxy {
				continue
			}
			e = c.Entries[0]
		} else {
			continue
		}
		if mirrors.URLKey(e.Resolved()) == self || seen[e.Key()] {
			continue
		}
		seen[e.Key()] = true
		out = append(out, e)
	}
	return out
}

func (d *doctor) catalogMirror(id string) (mirrors.Mirror, bool) {
	if d.in.Catalog == nil || id == "" {
		return mirrors.Mirror{}, false
	}
	return d.in.Catalog.ByID(id)
}

// withRelayDown returns the measurements with entry e (a relay) refusing
// connections, as it does while it is not running.
func (d *doctor) withRelayDown(e mirrors.Entry) Measurements {
	m := d.m
	m.Probes = maps.Clone(m.Probes)
	if m.Probes == nil {
		m.Probes = map[string]probe.Result{}
	}
	m.Probes[e.Key()] = probe.Result{MirrorID: e.Key(), URL: e.Label(), Class: probe.ClassRefused, Reason: relayDownReason}
	if m.Deep != nil {
		m.Deep = maps.Clone(m.Deep)
		delete(m.Deep, e.Key())
	}
	return m
}

// relay reports each relay named in GOPROXY (DoctorInput.Relays): the
// upstreams it serves from and what go does while it is down, a relay
// whose upstreams are all down, and a loopback entry at the relay's
// address that does not answer.
func (d *doctor) relay() {
	if d.plan.ChainErr != nil || len(d.in.Relays) == 0 {
		return
	}
	d.keepRelayFallback()
	for i, e := range d.plan.Chain.Entries {
		rc, ok := d.in.Relays[e.Key()]
		if e.Kind != mirrors.KindProxy || !ok {
			continue
		}
		switch {
		case rc.IsRelay:
			d.relayUp(i, e, rc.Status)
		case rc.Err != "":
			d.relayNotRunning(i, e)
		}
		// Answered, but not a goproxytui relay: a mirror like any other.
	}
}

// keepRelayFallback withdraws the chain repair (getRepair) when it keeps a
// relay without '|' and a mirror after it (one that leaves the relay out
// stays): it leaves out entries that fail
// now, but behind a working relay go never reaches them, and while the
// relay is down they are all go has ("relay|goproxy.cn" with goproxy.cn
// failing is not fixed by "relay", nor "relay,bad,direct" by
// "relay,direct"). relayFix proposes a chain that keeps a fallback.
func (d *doctor) keepRelayFallback() {
	r := d.repair
	if !d.fixGiven || r == nil || r.fix == "" || r.recommend {
		return
	}
	c := d.plan.Chain
	for _, e := range c.Entries {
		if rc := d.in.Relays[e.Key()]; e.Kind != mirrors.KindProxy || !rc.IsRelay {
			continue
		}
		j := slices.IndexFunc(r.chain.Entries, func(x mirrors.Entry) bool { return x.Key() == e.Key() })
		if j < 0 || r.chain.Entries[j].Sep == mirrors.SepPipe &&
			slices.ContainsFunc(r.chain.Entries[j+1:], func(x mirrors.Entry) bool { return x.Kind == mirrors.KindProxy }) {
			continue
		}
		for k := range d.out {
			if d.out[k].Fix == r.fix {
				d.out[k].Fix = ""
			}
		}
		d.fixGiven = false
		return
	}
}

// relayUp reports a relay that answers: its upstreams, and what go does
// while it is down (a warning with a simulated fix when go would fail).
func (d *doctor) relayUp(i int, e mirrors.Entry, st relay.Status) {
	c := d.plan.Chain
	label := e.Label()
	msg := T("%s is a goproxytui relay with no upstream mirror", label)
	if len(st.Upstreams) > 0 {
		msg = T("%s is a goproxytui relay serving from %s", label, upstreamsText(st))
	}
	db := d.judgeDB()
	down := JudgeChain(c, db, d.withRelayDown(e))
	rest := mirrors.Chain{Entries: c.Entries[i+1:]}
	var why Text
	sev, code, fix := SeverityInfo, "relay", ""
	switch {
	case i == len(c.Entries)-1:
		why = T("it is the last entry: while it is down, go gets connection refused and every module download fails until it is back")
	case e.Sep == mirrors.SepPipe:
		why = T("while it is down, go gets connection refused at once and the | after it moves on to %s: %s", labelChain(rest), down)
	default:
		why = T("while it is down, go gets connection refused and the , after it stops the lookup there (go moves on only after a 404/410): every module download fails until it is back")
	}
	if down.Kind != JudgeOK && down.Kind != JudgeDirect && down.Kind != JudgeUnknown {
		sev, code = SeverityWarning, "relay-no-fallback"
		if !d.fixGiven {
			if fixed, ok := d.relayFix(i, e, st); ok {
				fix, d.fixGiven = d.chainFix(fixed), true
				why = T("%s; with | after it go falls through to the mirrors after it, as goproxytui relay --apply writes it ('relay|old chain')", why)
			}
		}
	}
	d.add(sev, code, label, msg, why, fix)
	d.relayUpstreamsDown(i, e, st)
}

// relayFix is a chain with '|' after the relay at i and mirrors after it
// that work: the chain with '|' there; else the measured working mirrors
// after it, then its measured working upstreams, and the direct or off the
// chain ends with. It is a fix only when the simulation says go would use a
// mirror both with the relay as measured and while it is down, and it
// differs from the current value.
func (d *doctor) relayFix(i int, e mirrors.Entry, st relay.Status) (mirrors.Chain, bool) {
	c := d.plan.Chain
	db := d.judgeDB()
	var cands []mirrors.Chain
	if d.proxyAfter(i) {
		pipe := clone(c)
		pipe.Entries[i].Sep = mirrors.SepPipe
		cands = append(cands, pipe.Normalized())
	}
	proxies := append(slices.Clone(c.Entries[:i]), e)
	seen := map[string]bool{}
	for _, x := range append(d.workingAfter(i), d.upstreamEntries(i, st)...) {
		if !seen[x.Key()] && d.works(x) {
			seen[x.Key()] = true
			proxies = append(proxies, x)
		}
	}
	if len(proxies) > i+1 {
		var tail *mirrors.Entry
		if n := len(c.Entries); c.Entries[n-1].Kind != mirrors.KindProxy {
			t := c.Entries[n-1]
			tail = &t
		}
		cands = append(cands, WithTail(proxies, tail, db, d.m))
	}
	for _, fixed := range cands {
		if labelChain(fixed) != labelChain(c.Normalized()) &&
			JudgeChain(fixed, db, d.m).Kind == JudgeOK && JudgeChain(fixed, db, d.withRelayDown(e)).Kind == JudgeOK {
			return fixed, true
		}
	}
	return mirrors.Chain{}, false
}

// relayUpstreamsDown warns when the relay reports every upstream down: it
// answers 502 at once, an error to go (not a 404/410).
func (d *doctor) relayUpstreamsDown(i int, e mirrors.Entry, st relay.Status) {
	if len(st.Upstreams) == 0 || slices.ContainsFunc(st.Upstreams, func(u relay.UpstreamStatus) bool { return u.Health != mirrors.HealthDown.String() }) {
		return
	}
	c := d.plan.Chain
	ids := make([]string, len(st.Upstreams))
	for j, u := range st.Upstreams {
		ids[j] = u.ID
	}
	var why Text
	switch {
	case i == len(c.Entries)-1:
		why = T("it is the last entry: go reports the relay's 502 for every module download until an upstream recovers")
	case e.Sep == mirrors.SepPipe:
		why = T("go takes the 502 for an error and the | after the relay moves on to %s", labelChain(mirrors.Chain{Entries: c.Entries[i+1:]}))
	default:
		why = T("go takes the 502 for an error, and the , after the relay stops the lookup there: every module download fails until an upstream recovers")
	}
	d.add(SeverityWarning, "relay-upstreams-down", e.Label(),
		T("the relay %s reports every upstream down (%s): it answers 502 at once", e.Label(), raw(strings.Join(ids, ", "))),
		why, "")
}

// relayNotRunning hints that a loopback entry refusing connections at the
// relay's address (the default port, or the config's [relay] listen) is a
// relay that is not running. The chain verdict already says what go does.
func (d *doctor) relayNotRunning(i int, e mirrors.Entry) {
	if r, ok := d.in.Probes[e.Key()]; ok && r.Class != probe.ClassRefused {
		return
	}
	u, err := url.Parse(e.Resolved())
	if err != nil {
		return
	}
	port, _ := strconv.Atoi(u.Port())
	want := config.DefaultRelayPort
	if _, p, err := net.SplitHostPort(d.in.RelayListen); err == nil {
		if n, err := strconv.Atoi(p); err == nil && n > 0 {
			want = n
		}
	}
	if port != want && port != config.DefaultRelayPort {
		return
	}
	c := d.plan.Chain
	var why Text
	switch {
	case i < len(c.Entries)-1 && e.Sep == mirrors.SepPipe:
		why = T("while it is down, go falls through the | after it at once; start it with goproxytui relay, or at every login with goproxytui relay --service systemd (or launchd, see README)")
	default:
		why = T("while it is down, every module download that reaches it fails; start it with goproxytui relay, or at every login with goproxytui relay --service systemd (or launchd, see README)")
	}
	d.add(SeverityWarning, "relay-not-running", e.Label(),
		T("nothing answers at %s (connection refused), the address goproxytui relay listens on: if it is your relay, it is not running", e.Label()),
		why, "")
}

// upstreamsText lists a relay's upstreams in priority (pool) order:
// "goproxy.cn (pool 1, weight 3, healthy), aliyun (pool 1, weight 1, down)".
func upstreamsText(st relay.Status) Text {
	var out texts
	for _, u := range st.ByPriority() {
		out = append(out, T("%s (pool %d, weight %g, %s)", raw(u.ID), u.Pool+1, u.Weight, healthText(u.Health)))
	}
	return Text{Format: "%s", Args: []any{out}}
}

// healthText is a relay's upstream health in words.
func healthText(h string) Text {
	switch h {
	case "healthy":
		return T("healthy")
	case "degraded":
		return T("degraded")
	case "down":
		return T("down")
	case "unknown", "":
		return T("unknown")
	}
	return raw(h)
}
