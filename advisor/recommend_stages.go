package advisor

import (
	"slices"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// recommender holds what Recommend's stages decide, in the order they run:
// tally (which candidates are usable), rank (health, score, the region and
// certificate demotion), routeChecksum (which chosen mirror proxies
// sum.golang.org, adding one when needed), buildChain (separators and
// direct). Each stage that explains itself returns its reasons.
type recommender struct {
	in       RecommendInput
	maxN     int
	warnDays int
	rec      Recommendation

	byKey  map[string]int // Entry.Key → index in rec.Choices
	stats  statsMap
	usable mirrors.Chain

	ranked  mirrors.Chain
	china   bool
	demoted map[string]bool
	chosen  []mirrors.Entry

	org, cn               Reach
	orgChecked, cnChecked bool
	viaIndex              int

	current      mirrors.SumDB
	curErr       error
	custom       bool
	pipeForSumDB int
}

func newRecommender(in RecommendInput) *recommender {
	r := &recommender{in: in, maxN: in.MaxMirrors, warnDays: in.CertWarnDays,
		byKey: map[string]int{}, stats: statsMap{}, demoted: map[string]bool{}, viaIndex: -1, pipeForSumDB: -1}
	if r.maxN <= 0 {
		r.maxN = DefaultMaxMirrors
	}
	if r.warnDays <= 0 {
		r.warnDays = DefaultCertWarnDays
	}
	return r
}

// choice is the decision about the candidate of entry e.
func (r *recommender) choice(e mirrors.Entry) *Choice { return &r.rec.Choices[r.byKey[e.Key()]] }

// tally summarizes each distinct candidate and leaves out the unusable
// ones, with the reason in their Choice.
func (r *recommender) tally() {
	seen := map[string]bool{}
	for _, c := range r.in.Candidates {
		k := mirrors.URLKey(c.Mirror.URL)
		if seen[k] {
			continue
		}
		seen[k] = true
		ch := Choice{Summary: Summarize(c.Mirror, c.Results)}
		if reason, out := leftOut(c.Mirror, &ch.Summary); out {
			ch.Reason = reason
		} else {
			e := mirrors.NewEntry(c.Mirror)
			e.Sep = mirrors.SepPipe
			r.usable.Entries = append(r.usable.Entries, e)
			r.byKey[e.Key()] = len(r.rec.Choices)
			r.stats[e.Key()] = ch.Stats()
		}
		r.rec.Choices = append(r.rec.Choices, ch)
	}
}

// leftOut says why a candidate cannot be in a chain, if it cannot.
func leftOut(m mirrors.Mirror, s *Summary) (Text, bool) {
	label := labelOf(m)
	switch {
	case mirrors.NewEntry(m).Unusable() != "":
		return T("%s: the go command refuses to use it (%s) — left out", label, raw(mirrors.NewEntry(m).Unusable())), true
	case s.Rounds == 0:
		return T("%s: not probed — left out", label), true
	case s.Stalled():
		return T("%s: stalled in %d/%d rounds (connected, never answered) — left out: the go command has no timeout and would hang on it, even with | after it", label, s.Failures[probe.ClassStall], s.Rounds), true
	case s.OK == 0:
		return T("%s: %s — left out", label, s.failureText()), true
	case s.ProtocolFailed():
		return T("%s: breaks the Go module proxy protocol (%s) — left out", label, protocolText(s)), true
	case s.SumDBStalled:
		return T("%s: never answered whether it proxies the checksum database — left out: the go command would hang on it, whatever the separator", label), true
	case s.SumDBBroken:
		return T("%s: answers that it proxies the checksum database but its lookups fail — left out: go would send every checksum request there and fail", label), true
	}
	return Text{}, false
}

// rank orders the usable mirrors by mirrors.Rank, then the region: when
// proxy.golang.org was measured unreachable, the mirrors in mainland China
// go first (the China route); then a mirror whose certificate expires
// within warnDays goes after those whose do not (demoted, with the
// reason). The best maxN are chosen; the others get their reason.
func (r *recommender) rank() {
	r.ranked = mirrors.Rank(r.usable, r.stats)
	for _, ch := range r.rec.Choices {
		if mirrors.URLKey(ch.Mirror.URL) == mirrors.URLKey("https://proxy.golang.org") && ch.Rounds > 0 && ch.OK == 0 {
			r.china = true
		}
	}
	expiring := func(e mirrors.Entry) bool {
		ch := r.choice(e)
		return ch.HasTLS && ch.TLSDaysLeft <= r.warnDays
	}
	rankKey := func(e mirrors.Entry) int {
		k := 0
		if r.stats[e.Key()].Health != mirrors.HealthHealthy {
			k += 4 // health first, as mirrors.Rank
		}
		if expiring(e) {
			k += 2
		}
		if r.china && r.choice(e).Mirror.Region != "cn" {
			k++
		}
		return k
	}
	for _, e := range r.ranked.Entries {
		if expiring(e) && slices.ContainsFunc(r.ranked.Entries, func(o mirrors.Entry) bool {
			return !expiring(o) && r.stats[o.Key()].Health <= r.stats[e.Key()].Health
		}) {
			r.demoted[e.Key()] = true
		}
	}
	slices.SortStableFunc(r.ranked.Entries, func(a, b mirrors.Entry) int { return rankKey(a) - rankKey(b) })
	for i, e := range r.ranked.Entries {
		if i < r.maxN {
			r.chosen = append(r.chosen, e)
			continue
		}
		ch := r.choice(e)
		ch.Reason = T("%s: %s — not chosen: the chain keeps the %d best mirrors, and each extra one only adds waiting when those before it fail", e.Label(), ch.details(false, r.warnDays), r.maxN)
	}
}

// routeChecksum finds the first chosen mirror that proxies sum.golang.org;
// when none does and neither sum.golang.org nor its alias answers
// directly, the best remaining mirror that proxies it is added.
func (r *recommender) routeChecksum() {
	r.org, r.orgChecked = r.in.SumDB[mirrors.SumGolangOrg]
	r.cn, r.cnChecked = r.in.SumDB[mirrors.SumGolangCN]
	proxies := func(e mirrors.Entry) bool {
		p := r.choice(e).SumDB
		return p != nil && *p
	}
	for i, e := range r.chosen {
		if proxies(e) {
			r.viaIndex = i
			break
		}
	}
	if r.viaIndex < 0 && r.orgChecked && !r.org.OK && !(r.cnChecked && r.cn.OK) {
		for _, e := range r.ranked.Entries[len(r.chosen):] {
			if proxies(e) {
				r.choice(e).Reason = Text{}
				r.chosen = append(r.chosen, e)
				r.viaIndex = len(r.chosen) - 1
				break
			}
		}
	}
	if r.viaIndex >= 0 {
		r.rec.SumDBVia = r.chosen[r.viaIndex].Label()
	}
	r.current, r.curErr = mirrors.ParseSumDB(r.in.CurrentGOSUMDB)
	r.custom = r.in.CurrentGOSUMDB != "" && r.curErr == nil && !r.current.Off &&
		!(r.current.Name == mirrors.SumGolangOrg && (r.current.URL == "" || r.current.String() == mirrors.SumGolangCN))
}

// buildChain joins the chosen mirrors with '|', puts ',' before direct
// (or '|' by the rule of SepBeforeDirect) and gives each chosen mirror its
// position and reason.
func (r *recommender) buildChain() {
	rec := &r.rec
	rec.Chain.Entries = make([]mirrors.Entry, 0, len(r.chosen)+1)
	for i, e := range r.chosen {
		e.Sep = mirrors.SepPipe
		if i == len(r.chosen)-1 {
			e.Sep = mirrors.SepComma
		}
		rec.Chain.Entries = append(rec.Chain.Entries, e)
	}
	if r.in.DirectLast {
		rec.Chain.Entries = append(rec.Chain.Entries, mirrors.Entry{Kind: mirrors.KindDirect})
	}
	rec.Chain = rec.Chain.Normalized()
	// go asks the mirrors in chain order whether they proxy the checksum
	// database; an error answer followed by ',' leaves it unavailable
	// (mirrors.RouteSumDB). With '|' there go moves on, to direct and the
	// database itself. Not needed for a database of the user's own (kept,
	// and not the one the probes asked about) nor for sum.golang.google.cn
	// (proposed when sum.golang.org is unreachable, no chosen mirror
	// proxies it and the alias answers), which names its URL: go asks no
	// proxy then.
	toAlias := r.viaIndex < 0 && r.orgChecked && !r.org.OK && r.cnChecked && r.cn.OK
	if n := len(rec.Chain.Entries); r.in.DirectLast && len(r.chosen) > 0 && !r.custom && !toAlias {
		last := r.choice(rec.Chain.Entries[n-2])
		if sep := SepBeforeDirect(supportedOutcome(last.Summary), mirrors.SumDB{Name: mirrors.SumGolangOrg}); sep != rec.Chain.Entries[n-2].Sep {
			rec.Chain.Entries[n-2].Sep = sep
			r.pipeForSumDB = n - 2
		}
	}
	rec.Usable = len(r.chosen) > 0
	rec.GOPROXY = rec.Chain.String()
	rec.Display = displayChain(rec.Chain)
	for i, e := range r.chosen {
		ch := r.choice(e)
		ch.Chosen, ch.Position = true, i+1
		d := ch.details(true, r.warnDays)
		switch {
		case i == 0:
			ch.Reason = T("%s: %s — first", e.Label(), d)
		case i >= r.maxN:
			ch.Reason = T("%s: %s — number %d in the chain, added because it proxies sum.golang.org, which is unreachable here", e.Label(), d, i+1)
		case r.demoted[e.Key()]:
			ch.Reason = T("%s: %s — number %d in the chain, after the mirrors whose certificates do not expire within %d days", e.Label(), d, i+1, r.warnDays)
		default:
			ch.Reason = T("%s: %s — number %d in the chain", e.Label(), d, i+1)
		}
	}
}

// supportedOutcome is a mirror's measured answer to
// /sumdb/sum.golang.org/supported as the chain model reads it.
func supportedOutcome(s Summary) mirrors.Outcome {
	switch {
	case s.SumDB != nil && *s.SumDB:
		return mirrors.OutcomeOK
	case s.SumDBFailed:
		return mirrors.OutcomeError
	}
	return mirrors.OutcomeNotFound
}

// choiceReasons are the region's reason and each candidate's: the chosen
// in chain order, then the others.
func (r *recommender) choiceReasons() []Text {
	var out []Text
	if r.china && r.rec.Usable {
		out = append(out, T("proxy.golang.org is unreachable from here: the China route — mirrors in mainland China first; the checksum database through a chosen mirror that proxies it, else sum.golang.google.cn (the same database, reachable in mainland China) when it answers"))
	}
	for _, e := range r.chosen {
		out = append(out, r.choice(e).Reason)
	}
	for _, ch := range r.rec.Choices {
		if !ch.Chosen {
			out = append(out, ch.Reason)
		}
	}
	return out
}

// chainReasons explain the separators and the end of the chain.
func (r *recommender) chainReasons() []Text {
	rec := &r.rec
	switch {
	case !rec.Usable && r.in.DirectLast:
		return []Text{T("no mirror is usable: only direct (fetching from version control) is left — check your network, or name mirrors that work")}
	case !rec.Usable:
		rec.GOPROXY, rec.Display = "", ""
		return []Text{T("no mirror is usable, and the config rules out direct (recommend.direct_last = false): nothing to propose")}
	}
	var out []Text
	if len(r.chosen) > 1 {
		out = append(out, T("| after each mirror but the last, so that an outage of one (DNS, TLS, 5xx, anything) falls through to the next"))
	}
	switch {
	case r.pipeForSumDB >= 0:
		out = append(out, T("| before direct too: %s answers /sumdb/sum.golang.org/supported with an error, and after , go would stop there and find the checksum database unavailable; so an outage of the last mirror also falls through to direct (fetching from version control)", rec.Chain.Entries[r.pipeForSumDB].Label()))
	case r.in.DirectLast:
		out = append(out, T(", then direct at the end: go fetches from version control only for modules the mirrors do not have (404/410); an outage of the last mirror is reported instead of turning into slow or blocked fetches from origin servers"))
	default:
		out = append(out, T("no direct at the end: the config says recommend.direct_last = false, so go never fetches from version control"))
	}
	return out
}

// sumDBReasons decide GOSUMDB and say why.
func (r *recommender) sumDBReasons() []Text {
	rec := &r.rec
	org, cn := r.org, r.cn
	rec.GOSUMDB = mirrors.SumGolangOrg
	var out []Text
	switch {
	case r.custom:
		rec.GOSUMDB = r.in.CurrentGOSUMDB
		out = append(out, T("GOSUMDB stays %s: a checksum database of your own", mirrors.RedactURL(r.in.CurrentGOSUMDB)))
	case r.viaIndex >= 0 && r.orgChecked && !org.OK:
		out = append(out, T("GOSUMDB=sum.golang.org: it is unreachable directly (%s), but %s proxies it and go asks the mirrors first", org.text(), rec.SumDBVia))
	case r.viaIndex >= 0:
		out = append(out, T("GOSUMDB=sum.golang.org: go reaches it through %s, which proxies it", rec.SumDBVia))
	case !r.orgChecked:
		rec.SumDBChecks = append(rec.SumDBChecks, mirrors.SumGolangOrg)
		out = append(out, T("GOSUMDB=sum.golang.org, the default (whether it is reachable was not checked)"))
	case org.OK:
		out = append(out, T("GOSUMDB=sum.golang.org: it is reachable directly"))
	case !r.cnChecked:
		rec.SumDBChecks = append(rec.SumDBChecks, mirrors.SumGolangCN)
		out = append(out, T("GOSUMDB=sum.golang.org, although it is unreachable directly (%s) and no chosen mirror proxies it: whether sum.golang.google.cn answers was not checked", org.text()))
	case cn.OK:
		rec.GOSUMDB = mirrors.SumGolangCN
		out = append(out, T("GOSUMDB=sum.golang.google.cn because sum.golang.org is unreachable (%s) and no chosen mirror proxies it; sum.golang.google.cn serves the same database and is reachable", org.text()))
	default:
		out = append(out, T("GOSUMDB=sum.golang.org, but no checksum database is reachable (sum.golang.org: %s; sum.golang.google.cn: %s) and no chosen mirror proxies one: go cannot verify modules missing from go.sum until one is — do not turn checksums off", org.text(), cn.text()))
	}
	if !r.custom && r.curErr == nil && r.current.Off {
		out = append(out, T("checksum verification was off (GOSUMDB=off): the proposal turns it back on"))
	}
	return out
}

// operationReasons judge the proposed chain per operation with the
// candidates' latest probes (JudgeOperations) and say what a version
// query would do when it would not get an answer from a mirror: a mirror
// that serves pinned files but refuses queries is proposed, with this
// caveat.
func (r *recommender) operationReasons() []Text {
	rec := &r.rec
	if !rec.Usable {
		return nil
	}
	db, err := mirrors.ParseSumDB(rec.GOSUMDB)
	if err != nil {
		db = mirrors.SumDB{Off: true}
	}
	m := candidateMeasurements(r.in)
	rec.Verdicts = JudgeOperations(rec.Chain, db, m)
	for i := range rec.Choices {
		if t, ok := QueryCaveat(mirrors.NewEntry(rec.Choices[i].Mirror), m); ok {
			rec.Choices[i].QueryCaveat = t
		}
	}
	q := rec.Verdicts.Query
	switch q.Kind {
	case QueryOK:
		return q.Caveats
	case QueryFails, QueryHangs, QueryFallsToDirect:
		if q.Detail.Format != "" {
			return []Text{q.Why, q.Detail}
		}
		return []Text{q.Why}
	}
	return nil
}

// candidateMeasurements are the measurements of the candidates: the
// latest probe of each, with the latest version query and checksum
// database checks of earlier rounds kept where it made none, and the
// direct checks of the checksum databases by URL.
func candidateMeasurements(in RecommendInput) Measurements {
	m := Measurements{Probes: map[string]probe.Result{}, Reach: map[string]Reach{}}
	for _, c := range in.Candidates {
		results := slices.Clone(c.Results)
		slices.SortStableFunc(results, func(a, b probe.Result) int { return a.Start.Compare(b.Start) })
		for i := 1; i < len(results); i++ {
			results[i].KeepQuery(results[i-1])
			results[i].KeepSumDB(results[i-1], "")
		}
		if n := len(results); n > 0 {
			m.Probes[mirrors.NewEntry(c.Mirror).Key()] = results[n-1]
		}
	}
	for value, reach := range in.SumDB {
		if db, err := mirrors.ParseSumDB(value); err == nil && !db.Off {
			u := db.URL
			if u == "" {
				u = "https://" + db.Name
			}
			m.Reach[u] = reach
		}
	}
	return m
}

// caveats are notes on how the measurements were taken: the times of a
// chosen mirror whose probes went through an HTTP(S) proxy include it (the
// probes of a mirror left out, or of one net/http reaches directly, such
// as a loopback one, say nothing about the proposal).
func (r *recommender) caveats() []Text {
	for _, ch := range r.rec.Choices {
		if ch.Chosen && ch.ViaProxy != "" {
			return []Text{T("the probes went through the HTTP(S) proxy %s, as go's requests will: the times include it", ch.ViaProxy)}
		}
	}
	return nil
}

// useCommand is the goproxytui use command that applies the proposal:
// catalog and config mirrors by id (goproxytui use expands them), mirrors
// named on the command line by URL, which keeps the scheme. A command with
// redacted credentials would write "xxxxx" as the password: then there is
// none, nor when nothing is usable.
func (r *recommender) useCommand() string {
	rec := &r.rec
	if !rec.Usable {
		return ""
	}
	named := rec.Chain
	named.Entries = slices.Clone(named.Entries)
	redacted := mirrors.RedactURL(rec.GOSUMDB) != rec.GOSUMDB
	for i, e := range named.Entries {
		ci, chosen := r.byKey[e.Key()] // not the relay kept in front
		if e.Kind == mirrors.KindProxy && chosen && rec.Choices[ci].Mirror.Source == mirrors.SourceArg {
			named.Entries[i].MirrorID = ""
			redacted = redacted || mirrors.RedactURL(e.URL) != e.URL
		}
	}
	if redacted {
		return ""
	}
	return "goproxytui use " + envcfg.ShellWord(labelChain(named)) + " --sumdb " + envcfg.ShellWord(rec.GOSUMDB)
}
