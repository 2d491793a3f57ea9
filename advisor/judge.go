package advisor

// Judging a chain before it is shown or written: the download simulated
// file by file with what was measured, the checksum database routed with
// the same measurements, and the rule for ',direct' at the end of a chain.
// Doctor, recommend, the TUI (digit switching, triage, the checksum line)
// and `goproxytui use` all judge through these functions.

import (
	"slices"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Measurements is what has been measured of the mirrors now. The zero
// value knows nothing.
type Measurements struct {
	// Probes holds the last probe of each mirror by mirrors.Entry.Key (a
	// catalog or config mirror's id, else mirrors.URLKey of its URL). For
	// the checksum database route the probes should have asked about the
	// database GOSUMDB names (probe.Options.SumDB = SumDB.Name); a probe
	// that did not ask this time can keep an earlier answer
	// (probe.Result.KeepSumDB).
	Probes map[string]probe.Result
	// Deep holds deep probes (the canary's .zip downloaded and checked) by
	// the same key; optional. Without one, a mirror's .zip is taken to be
	// what its .info was.
	Deep map[string]probe.DeepResult
	// Reach holds direct checks of checksum database URLs (GET
	// <url>/latest), by URL (https://<name> or GOSUMDB's URL); optional.
	Reach map[string]Reach
}

// probeOf returns the probe of proxy entry e.
func (m Measurements) probeOf(e mirrors.Entry) (probe.Result, bool) {
	r, ok := m.Probes[e.Key()]
	return r, ok
}

// Files is what entry e would answer for each file of a download, and
// whether that was measured: direct is taken to work but is never measured
// (known false); an entry go never contacts (mirrors.Entry.Unusable) fails
// every file (known true); a proxy without a probe is not known.
func (m Measurements) Files(e mirrors.Entry) (fs mirrors.Files, known bool) {
	switch {
	case e.Kind == mirrors.KindDirect:
		return mirrors.Same(mirrors.OutcomeOK), false
	case e.Kind == mirrors.KindOff, e.Unusable() != "":
		return mirrors.Same(mirrors.OutcomeError), true
	}
	r, ok := m.probeOf(e)
	if !ok {
		return mirrors.Same(mirrors.OutcomeError), false
	}
	if d, ok := m.Deep[e.Key()]; ok {
		return r.Files(&d), true
	}
	return r.Files(nil), true
}

// Supported is entry e's answer to /sumdb/<name>/supported as go takes it
// (see probe.Result.SumDBOutcome), and whether it was measured for that
// name. A probe that did not ask is judged by how the mirror answered: a
// stall hangs this request too, an answering mirror is taken not to proxy
// the database (most do not; known false), any other failure fails it.
func (m Measurements) Supported(e mirrors.Entry, name string) (o mirrors.Outcome, known bool) {
	if e.Kind != mirrors.KindProxy {
		return mirrors.OutcomeNotFound, true
	}
	if e.Unusable() != "" {
		return mirrors.OutcomeError, true
	}
	r, ok := m.probeOf(e)
	if !ok {
		return mirrors.OutcomeError, false
	}
	if o, known := r.SumDBOutcome(); known && (r.SumDBName == "" || r.SumDBName == name) {
		return o, true
	}
	switch r.Class {
	case probe.ClassStall:
		return mirrors.OutcomeHang, true
	case probe.ClassOK, probe.ClassNotFound:
		return mirrors.OutcomeNotFound, false
	}
	return mirrors.OutcomeError, true
}

// Route is how the go command reaches the checksum database, from
// measurements: mirrors.SumDBRoute (Kind, Index, URL, Tried, the reason)
// with what the measurements add.
type Route struct {
	mirrors.SumDBRoute
	// DB is the database routed.
	DB mirrors.SumDB
	// Reach is the direct check of URL for a Direct route; nil when not
	// checked.
	Reach *Reach
	// NotProbed lists the labels of chain entries go would ask that have
	// no probe at all: the route is not known (Known is false) and must
	// not be claimed.
	NotProbed []string
	// Unchecked lists the labels of entries that were probed but not asked
	// /sumdb/<name>/supported: they are taken not to proxy the database.
	// Show it ("not measured whether … proxies it").
	Unchecked []string
}

// Known reports whether every entry the route depends on was probed.
func (r Route) Known() bool { return len(r.NotProbed) == 0 }

// Works reports whether go would reach the database as far as measured:
// off, through a proxy whose lookups work, or directly at a URL that
// answered or was not checked.
func (r Route) Works() bool {
	switch r.Kind {
	case mirrors.Off, mirrors.ViaProxy:
		return true
	case mirrors.Direct:
		return r.Reach == nil || r.Reach.OK
	}
	return false
}

// RouteSumDB is THE checksum database route of goproxytui: where the go
// command reaches database db with chain c, given the measurements. doctor
// and the TUI's checksum line both use it. It follows mirrors.RouteSumDB
// (go's dbClient.initBase): GOSUMDB with a URL goes there; else each proxy
// is asked /sumdb/<name>/supported in turn through the same walk as module
// lookups. A 200 whose lookups fail leaves the database unavailable; a
// /supported that never answers hangs go wherever it sits (before any
// separator is looked at); an error after ',' makes the database
// unavailable, after '|' go asks the next entry. The route's message names
// the separator that decided it.
func RouteSumDB(c mirrors.Chain, db mirrors.SumDB, m Measurements) Route {
	r := Route{DB: db}
	r.SumDBRoute = mirrors.RouteSumDB(c, db, func(_ int, e mirrors.Entry) mirrors.Outcome {
		o, known := m.Supported(e, db.Name)
		if !known {
			if _, probed := m.probeOf(e); probed {
				r.Unchecked = append(r.Unchecked, e.Label())
			} else {
				r.NotProbed = append(r.NotProbed, e.Label())
			}
		}
		return o
	})
	if r.Kind == mirrors.Direct {
		if reach, ok := m.Reach[r.URL]; ok {
			r.Reach = &reach
		}
	}
	return r
}

// JudgeKind is what JudgeChain concludes.
type JudgeKind int

// Judgements, best first.
const (
	JudgeOK      JudgeKind = iota // go would use a mirror, and reach the checksum database
	JudgeDirect                   // go would fall back to direct (git from the origin; not measured)
	JudgeUnknown                  // a mirror go would ask was not probed: nothing is claimed
	JudgeFails                    // go would fail (the download or the checksum database)
	JudgeHangs                    // go would hang (the download or the checksum database)
)

// String returns "ok", "direct", "unknown", "fails" or "hangs"
// (machine-readable, not translated).
func (k JudgeKind) String() string {
	switch k {
	case JudgeOK:
		return "ok"
	case JudgeDirect:
		return "direct"
	case JudgeUnknown:
		return "unknown"
	case JudgeFails:
		return "fails"
	}
	return "hangs"
}

// Judgement is JudgeChain's conclusion about a chain.
type Judgement struct {
	Kind JudgeKind
	// Verdict is the simulated download (mirrors.SimulateDownload).
	Verdict mirrors.Verdict
	// Route is the checksum database route (RouteSumDB); zero when the
	// download already fails or hangs, or GOSUMDB is invalid.
	Route Route
	// Why says why, in one sentence: "go would use goproxy.cn", "go would
	// HANG: …", "go would FAIL: …". Message renders it.
	Why Text
	// NotProbed lists the mirrors go would ask that have no probe
	// (JudgeUnknown).
	NotProbed []string
}

// Message returns Why in language l.
func (j Judgement) Message(l i18n.Lang) string { return j.Why.In(l) }

// Safe reports whether the chain may be written without asking: go would
// use a mirror, or fall back to direct, and would neither fail nor hang as
// far as measured. JudgeUnknown is not safe: ask, saying why.
func (j Judgement) Safe() bool { return j.Kind == JudgeOK || j.Kind == JudgeDirect }

// JudgeChain judges chain c before it is shown as a fix or written (the
// TUI's digit keys, `use`, doctor's and the triage's fixes): what go would
// do with a module download, simulated file by file with the measurements
// (mirrors.SimulateDownload over Measurements.Files), then how it would
// reach the checksum database db (RouteSumDB; pass mirrors.SumDB{Off:
// true} to judge the download alone). Refuse a chain judged JudgeFails or
// JudgeHangs (say Why); ask before writing one judged JudgeUnknown.
//
// It is pure: measure first (probe.Probe with CheckSumDB and SumDB =
// db.Name; optionally probe.Deep; Reach for a direct database URL).
// Modules matching GONOPROXY/GOPRIVATE are outside it.
func JudgeChain(c mirrors.Chain, db mirrors.SumDB, m Measurements) Judgement {
	var notProbed []string
	v := mirrors.SimulateDownload(c, func(_ int, e mirrors.Entry) mirrors.Files {
		fs, known := m.Files(e)
		if !known && e.Kind == mirrors.KindProxy {
			notProbed = append(notProbed, e.Label())
		}
		return fs
	})
	j := Judgement{Verdict: v}
	if len(notProbed) > 0 {
		j.Kind, j.NotProbed = JudgeUnknown, notProbed
		j.Why = T("what go would do cannot be said yet: %s was not probed", notProbed[0])
		return j
	}
	switch v.Kind {
	case mirrors.Hangs:
		j.Kind, j.Why = JudgeHangs, T("go would HANG: %s", v)
		return j
	case mirrors.Failed:
		j.Kind, j.Why = JudgeFails, T("go would FAIL: %s", v)
		return j
	}
	j.Route = RouteSumDB(c, db, m)
	switch r := j.Route; {
	case !r.Known():
		j.Kind, j.NotProbed = JudgeUnknown, r.NotProbed
		j.Why = T("how go would reach the checksum database cannot be said yet: %s was not probed", r.NotProbed[0])
		return j
	case r.Kind == mirrors.RouteHangs:
		j.Kind, j.Why = JudgeHangs, T("go would HANG: checksum database: %s", r)
		return j
	case r.Kind == mirrors.Direct && !r.Works():
		j.Kind, j.Why = JudgeFails, T("go would FAIL: checksum database: %s, but it does not answer: %s", r, r.Reach.text())
		return j
	case !r.Works():
		j.Kind, j.Why = JudgeFails, T("go would FAIL: checksum database: %s", r)
		return j
	}
	if c.Entries[v.Index].Kind == mirrors.KindDirect {
		j.Kind, j.Why = JudgeDirect, T("go would fall back to direct (fetch from the origin with git; not measured)")
		return j
	}
	j.Kind, j.Why = JudgeOK, T("go would use %s", c.Entries[v.Index].Label())
	return j
}

// SepBeforeDirect is THE rule for ',direct' at the end of a chain, used by
// recommend for its proposals and by doctor for its fixes and its
// findings: between the last mirror and direct goproxytui puts ',', so
// that go fetches from the origin (git, every origin server reachable)
// only for modules the mirrors do not have (404/410), and an outage of the
// last mirror is reported as such instead of silently turning every
// download into a slow, often blocked fetch from origin servers. A ','
// before direct is therefore never called a mistake, even when the mirror
// before it fails now (doctor then proposes other mirrors).
//
// The one exception is '|': when GOSUMDB names no URL and that last
// mirror answers /sumdb/<name>/supported with an error (not 200, 404/410,
// a stall or a failing lookup, which leave it out of proposals), go
// would stop there after ',' and find the checksum database unavailable;
// with '|' it goes on to direct, which reaches the database itself.
func SepBeforeDirect(lastSupported mirrors.Outcome, db mirrors.SumDB) mirrors.Sep {
	if lastSupported == mirrors.OutcomeError && db.URL == "" && !db.Off {
		return mirrors.SepPipe
	}
	return mirrors.SepComma
}

// WantSepBeforeDirect applies SepBeforeDirect to chain c as measured: when
// c ends in a mirror followed by direct, index is that mirror's place and
// want the separator the rule puts after it (its answer to
// /sumdb/<db.Name>/supported from m). ok is false when c does not end so.
// A face that hints at the separator before direct (the dashboard) asks
// this, as doctor and recommend do, so that none calls ',direct' a mistake
// the others propose.
func WantSepBeforeDirect(c mirrors.Chain, db mirrors.SumDB, m Measurements) (index int, want mirrors.Sep, ok bool) {
	n := len(c.Entries)
	if n < 2 || c.Entries[n-1].Kind != mirrors.KindDirect || c.Entries[n-2].Kind != mirrors.KindProxy {
		return 0, 0, false
	}
	return n - 2, sepBeforeDirectOf(c.Entries[n-2], db, m), true
}

// sepBeforeDirectOf is SepBeforeDirect for mirror e with its measured
// answer to /sumdb/<name>/supported. A mirror whose probe did not get to
// ask (it is down) keeps ',': its outage is reported, and doctor proposes
// other mirrors, rather than '|' sending every download to the origin.
func sepBeforeDirectOf(e mirrors.Entry, db mirrors.SumDB, m Measurements) mirrors.Sep {
	o := mirrors.OutcomeNotFound
	if r, ok := m.probeOf(e); ok && e.Unusable() == "" {
		if so, known := r.SumDBOutcome(); known && (r.SumDBName == "" || r.SumDBName == db.Name) {
			o = so
		}
	}
	return SepBeforeDirect(o, db)
}

// WithTail returns proxies joined by '|' and followed by tail (direct or
// off, or nothing when tail is nil), direct after SepBeforeDirect: the
// one way a chain is built, by doctor's and recommend's fixes and the
// TUI's one-key switch alike.
func WithTail(proxies []mirrors.Entry, tail *mirrors.Entry, db mirrors.SumDB, m Measurements) mirrors.Chain {
	c := mirrors.Chain{Entries: slices.Clone(proxies)}
	for i := range c.Entries {
		c.Entries[i].Sep = mirrors.SepPipe
	}
	if tail != nil {
		if n := len(c.Entries); n > 0 {
			c.Entries[n-1].Sep = mirrors.SepComma
			if tail.Kind == mirrors.KindDirect {
				c.Entries[n-1].Sep = sepBeforeDirectOf(c.Entries[n-1], db, m)
			}
		}
		c.Entries = append(c.Entries, *tail)
	}
	return c.Normalized()
}
