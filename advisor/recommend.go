package advisor

import (
	"slices"
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
	maxN := in.MaxMirrors
	if maxN <= 0 {
		maxN = DefaultMaxMirrors
	}
	warnDays := in.CertWarnDays
	if warnDays <= 0 {
		warnDays = DefaultCertWarnDays
	}
	var rec Recommendation
	var reasons []Text
	say := func(t Text) { reasons = append(reasons, t) }

	// Tally each distinct candidate and leave out the unusable ones.
	seen := map[string]bool{}
	byKey := map[string]int{} // Entry.Key → index in rec.Choices
	stats := statsMap{}
	var usable mirrors.Chain
	for _, c := range in.Candidates {
		k := mirrors.URLKey(c.Mirror.URL)
		if seen[k] {
			continue
		}
		seen[k] = true
		ch := Choice{Summary: Summarize(c.Mirror, c.Results)}
		s := &ch.Summary
		label := labelOf(c.Mirror)
		switch {
		case mirrors.NewEntry(c.Mirror).Unusable() != "":
			ch.Reason = T("%s: the go command refuses to use it (%s) — left out", label, raw(mirrors.NewEntry(c.Mirror).Unusable()))
		case s.Rounds == 0:
			ch.Reason = T("%s: not probed — left out", label)
		case s.Stalled():
			ch.Reason = T("%s: stalled in %d/%d rounds (connected, never answered) — left out: the go command has no timeout and would hang on it, even with | after it", label, s.Failures[probe.ClassStall], s.Rounds)
		case s.OK == 0:
			ch.Reason = T("%s: %s — left out", label, s.failureText())
		case s.ProtocolFailed():
			ch.Reason = T("%s: breaks the Go module proxy protocol (%s) — left out", label, protocolText(s))
		case s.SumDBStalled:
			ch.Reason = T("%s: never answered whether it proxies the checksum database — left out: the go command would hang on it, whatever the separator", label)
		case s.SumDBBroken:
			ch.Reason = T("%s: answers that it proxies the checksum database but its lookups fail — left out: go would send every checksum request there and fail", label)
		default:
			e := mirrors.NewEntry(c.Mirror)
			e.Sep = mirrors.SepPipe
			usable.Entries = append(usable.Entries, e)
			byKey[e.Key()] = len(rec.Choices)
			stats[e.Key()] = s.Stats()
		}
		rec.Choices = append(rec.Choices, ch)
	}

	ranked := mirrors.Rank(usable, stats)
	// The region: when proxy.golang.org was measured unreachable, the
	// mirrors in mainland China go first (the China route). Then a mirror
	// whose certificate expires within warnDays goes after those whose do
	// not (demoted, with the reason).
	china := false
	for _, ch := range rec.Choices {
		if mirrors.URLKey(ch.Mirror.URL) == mirrors.URLKey("https://proxy.golang.org") && ch.Rounds > 0 && ch.OK == 0 {
			china = true
		}
	}
	expiring := func(e mirrors.Entry) bool {
		ch := rec.Choices[byKey[e.Key()]]
		return ch.HasTLS && ch.TLSDaysLeft <= warnDays
	}
	rankKey := func(e mirrors.Entry) int {
		k := 0
		if stats[e.Key()].Health != mirrors.HealthHealthy {
			k += 4 // health first, as mirrors.Rank
		}
		if expiring(e) {
			k += 2
		}
		if china && rec.Choices[byKey[e.Key()]].Mirror.Region != "cn" {
			k++
		}
		return k
	}
	demoted := map[string]bool{}
	for _, e := range ranked.Entries {
		if expiring(e) && slices.ContainsFunc(ranked.Entries, func(o mirrors.Entry) bool {
			return !expiring(o) && stats[o.Key()].Health <= stats[e.Key()].Health
		}) {
			demoted[e.Key()] = true
		}
	}
	slices.SortStableFunc(ranked.Entries, func(a, b mirrors.Entry) int { return rankKey(a) - rankKey(b) })
	var chosen []mirrors.Entry
	for i, e := range ranked.Entries {
		if i < maxN {
			chosen = append(chosen, e)
			continue
		}
		ch := &rec.Choices[byKey[e.Key()]]
		ch.Reason = T("%s: %s — not chosen: the chain keeps the %d best mirrors, and each extra one only adds waiting when those before it fail", e.Label(), ch.details(false, warnDays), maxN)
	}

	// The checksum database: can go reach sum.golang.org at all?
	org, orgChecked := in.SumDB[mirrors.SumGolangOrg]
	cn, cnChecked := in.SumDB[mirrors.SumGolangCN]
	proxies := func(e mirrors.Entry) bool {
		p := rec.Choices[byKey[e.Key()]].SumDB
		return p != nil && *p
	}
	viaIndex := -1
	for i, e := range chosen {
		if proxies(e) {
			viaIndex = i
			break
		}
	}
	if viaIndex < 0 && orgChecked && !org.OK && !(cnChecked && cn.OK) {
		for _, e := range ranked.Entries[len(chosen):] {
			if proxies(e) {
				ch := &rec.Choices[byKey[e.Key()]]
				ch.Reason = Text{}
				chosen = append(chosen, e)
				viaIndex = len(chosen) - 1
				break
			}
		}
	}

	// The chain: '|' between mirrors, ',' before direct.
	rec.Chain.Entries = make([]mirrors.Entry, 0, len(chosen)+1)
	for i, e := range chosen {
		e.Sep = mirrors.SepPipe
		if i == len(chosen)-1 {
			e.Sep = mirrors.SepComma
		}
		rec.Chain.Entries = append(rec.Chain.Entries, e)
	}
	if in.DirectLast {
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
	current, curErr := mirrors.ParseSumDB(in.CurrentGOSUMDB)
	custom := in.CurrentGOSUMDB != "" && curErr == nil && !current.Off &&
		!(current.Name == mirrors.SumGolangOrg && (current.URL == "" || current.String() == mirrors.SumGolangCN))
	toAlias := viaIndex < 0 && orgChecked && !org.OK && cnChecked && cn.OK
	pipeForSumDB := -1
	if n := len(rec.Chain.Entries); in.DirectLast && len(chosen) > 0 && !custom && !toAlias {
		// The one rule for ',direct' (SepBeforeDirect), with the last
		// mirror's answer to /sumdb/sum.golang.org/supported.
		last := rec.Choices[byKey[rec.Chain.Entries[n-2].Key()]]
		o := mirrors.OutcomeNotFound
		switch {
		case last.SumDB != nil && *last.SumDB:
			o = mirrors.OutcomeOK
		case last.SumDBFailed:
			o = mirrors.OutcomeError
		}
		if sep := SepBeforeDirect(o, mirrors.SumDB{Name: mirrors.SumGolangOrg}); sep != rec.Chain.Entries[n-2].Sep {
			rec.Chain.Entries[n-2].Sep = sep
			pipeForSumDB = n - 2
		}
	}
	rec.Usable = len(chosen) > 0
	rec.GOPROXY = rec.Chain.String()
	rec.Display = displayChain(rec.Chain)

	for i, e := range chosen {
		ch := &rec.Choices[byKey[e.Key()]]
		ch.Chosen, ch.Position = true, i+1
		d := ch.details(true, warnDays)
		switch {
		case i == 0:
			ch.Reason = T("%s: %s — first", e.Label(), d)
		case i >= maxN:
			ch.Reason = T("%s: %s — number %d in the chain, added because it proxies sum.golang.org, which is unreachable here", e.Label(), d, i+1)
		case demoted[e.Key()]:
			ch.Reason = T("%s: %s — number %d in the chain, after the mirrors whose certificates do not expire within %d days", e.Label(), d, i+1, warnDays)
		default:
			ch.Reason = T("%s: %s — number %d in the chain", e.Label(), d, i+1)
		}
	}
	if china && rec.Usable {
		say(T("proxy.golang.org is unreachable from here: the China route — mirrors in mainland China first; the checksum database through a chosen mirror that proxies it, else sum.golang.google.cn (the same database, reachable in mainland China) when it answers"))
	}
	for _, e := range chosen {
		say(rec.Choices[byKey[e.Key()]].Reason)
	}
	for _, ch := range rec.Choices {
		if !ch.Chosen {
			say(ch.Reason)
		}
	}

	switch {
	case !rec.Usable && in.DirectLast:
		say(T("no mirror is usable: only direct (fetching from version control) is left — check your network, or name mirrors that work"))
	case !rec.Usable:
		rec.GOPROXY, rec.Display = "", ""
		say(T("no mirror is usable, and the config rules out direct (recommend.direct_last = false): nothing to propose"))
	default:
		if len(chosen) > 1 {
			say(T("| after each mirror but the last, so that an outage of one (DNS, TLS, 5xx, anything) falls through to the next"))
		}
		if pipeForSumDB >= 0 {
			say(T("| before direct too: %s answers /sumdb/sum.golang.org/supported with an error, and after , go would stop there and find the checksum database unavailable; so an outage of the last mirror also falls through to direct (fetching from version control)", rec.Chain.Entries[pipeForSumDB].Label()))
		} else if in.DirectLast {
			say(T(", then direct at the end: go fetches from version control only for modules the mirrors do not have (404/410); an outage of the last mirror is reported instead of turning into slow or blocked fetches from origin servers"))
		} else {
			say(T("no direct at the end: the config says recommend.direct_last = false, so go never fetches from version control"))
		}
	}

	// GOSUMDB.
	if viaIndex >= 0 {
		rec.SumDBVia = chosen[viaIndex].Label()
	}
	rec.GOSUMDB = mirrors.SumGolangOrg
	switch {
	case custom:
		rec.GOSUMDB = in.CurrentGOSUMDB
		say(T("GOSUMDB stays %s: a checksum database of your own", mirrors.RedactURL(in.CurrentGOSUMDB)))
	case viaIndex >= 0 && orgChecked && !org.OK:
		say(T("GOSUMDB=sum.golang.org: it is unreachable directly (%s), but %s proxies it and go asks the mirrors first", org.text(), rec.SumDBVia))
	case viaIndex >= 0:
		say(T("GOSUMDB=sum.golang.org: go reaches it through %s, which proxies it", rec.SumDBVia))
	case !orgChecked:
		rec.SumDBChecks = append(rec.SumDBChecks, mirrors.SumGolangOrg)
		say(T("GOSUMDB=sum.golang.org, the default (whether it is reachable was not checked)"))
	case org.OK:
		say(T("GOSUMDB=sum.golang.org: it is reachable directly"))
	case !cnChecked:
		rec.SumDBChecks = append(rec.SumDBChecks, mirrors.SumGolangCN)
		say(T("GOSUMDB=sum.golang.org, although it is unreachable directly (%s) and no chosen mirror proxies it: whether sum.golang.google.cn answers was not checked", org.text()))
	case cn.OK:
		rec.GOSUMDB = mirrors.SumGolangCN
		say(T("GOSUMDB=sum.golang.google.cn because sum.golang.org is unreachable (%s) and no chosen mirror proxies it; sum.golang.google.cn serves the same database and is reachable", org.text()))
	default:
		say(T("GOSUMDB=sum.golang.org, but no checksum database is reachable (sum.golang.org: %s; sum.golang.google.cn: %s) and no chosen mirror proxies one: go cannot verify modules missing from go.sum until one is — do not turn checksums off", org.text(), cn.text()))
	}
	if !custom && curErr == nil && current.Off {
		say(T("checksum verification was off (GOSUMDB=off): the proposal turns it back on"))
	}

	// Measurement caveats.
	for _, ch := range rec.Choices {
		if ch.ViaProxy != "" {
			say(T("the probes went through the HTTP(S) proxy %s, as go's requests will: the times include it", ch.ViaProxy))
			break
		}
	}

	if t, ok := keepRelay(in, &rec); ok {
		say(t)
	}
	if rec.Usable {
		// Catalog and config mirrors by id (goproxytui use expands them);
		// mirrors named on the command line by URL, which keeps the scheme.
		// A command with redacted credentials would write "xxxxx" as the
		// password: then there is none.
		named := rec.Chain
		named.Entries = slices.Clone(named.Entries)
		redacted := mirrors.RedactURL(rec.GOSUMDB) != rec.GOSUMDB
		for i, e := range named.Entries {
			ci, chosen := byKey[e.Key()] // not the relay kept in front
			if e.Kind == mirrors.KindProxy && chosen && rec.Choices[ci].Mirror.Source == mirrors.SourceArg {
				named.Entries[i].MirrorID = ""
				redacted = redacted || mirrors.RedactURL(e.URL) != e.URL
			}
		}
		if !redacted {
			rec.UseCommand = "goproxytui use " + shellQuote(labelChain(named)) + " --sumdb " + shellQuote(rec.GOSUMDB)
		}
	}
	var notes []Text
	rec.Relay, notes = recommendRelay(in, rec)
	reasons = append(reasons, notes...)
	rec.Texts = reasons
	rec.Reasons = make([]string, len(reasons))
	for i, t := range reasons {
		rec.Reasons[i] = t.In(in.Lang)
	}
	return rec
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
	if s.ListFailed {
		return Text{Format: "%s", Args: []any{listNote{s.ListFailure}}}
	}
	return ClassText(probe.ClassProtocol)
}

// listNote says, in a language, what the probe found wrong with @v/list
// (for example "@v/list answered 403"), from the probe's own note.
type listNote struct{ r probe.Result }

// Message implements i18n.Localizer.
func (n listNote) Message(l i18n.Lang) string {
	msgs := n.r.NoteMessages(l)
	for i, en := range n.r.Notes {
		if strings.HasPrefix(en, "@v/list") && i < len(msgs) {
			return msgs[i]
		}
	}
	return l.T("@v/list check failed")
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
