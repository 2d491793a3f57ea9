package advisor

// One model of what the go command would do with a chain, per operation:
// a pinned download (.info, .mod, .zip, the chain walked per file), a
// version query (@v/list first, @latest only when the list holds no
// usable version, then the retraction walk for the chosen version's .info
// and .mod) and the checksum database route (chosen once per process).
// Every face renders these verdicts: doctor's chain-* and query-*
// findings, recommend's caveats, and (through Verdicts) the TUI.

import (
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Query is what entry e answers to a version query, and whether that was
// measured: direct is taken to work but is never measured (known false);
// off and an entry go never contacts fail (known true). A probe that did
// not ask @v/list is judged by how the mirror answered, as Supported does:
// a stall hangs this request too, any failure other than a 404/410 fails
// it, and an answering mirror is not known.
func (m Measurements) Query(e mirrors.Entry) (q mirrors.Query, known bool) {
	switch {
	case e.Kind == mirrors.KindDirect:
		return mirrors.Query{List: mirrors.OutcomeOK, ListUsable: true}, false
	case e.Kind == mirrors.KindOff, e.Unusable() != "":
		return mirrors.Query{List: mirrors.OutcomeError}, true
	}
	r, ok := m.probeOf(e)
	if !ok {
		return mirrors.Query{List: mirrors.OutcomeError}, false
	}
	if q, known := r.QueryOutcome(); known {
		return q, true
	}
	switch r.Class {
	case probe.ClassStall:
		return mirrors.Query{List: mirrors.OutcomeHang}, true
	case probe.ClassOK, probe.ClassNotFound:
		return mirrors.Query{List: mirrors.OutcomeError}, false
	}
	return mirrors.Query{List: mirrors.OutcomeError}, true
}

// QueryKind is what JudgeQuery concludes about version queries.
type QueryKind int

// Query judgements, best first.
const (
	QueryOK            QueryKind = iota // a mirror answers the query
	QueryFallsToDirect                  // go would ask direct (the origin's VCS; not measured)
	QueryNotMeasured                    // a mirror go would ask was not measured: nothing is claimed
	QueryFails                          // go would fail: go get M@latest, go list -m -versions
	QueryHangs                          // go would hang
)

// String returns "ok", "falls-to-direct", "not-measured", "fails" or
// "hangs" (machine-readable, not translated).
func (k QueryKind) String() string {
	switch k {
	case QueryOK:
		return "ok"
	case QueryFallsToDirect:
		return "falls-to-direct"
	case QueryNotMeasured:
		return "not-measured"
	case QueryFails:
		return "fails"
	}
	return "hangs"
}

// Code is the doctor finding code of the judgement: "query-ok",
// "query-fails", "query-hangs", "query-falls-to-direct" or
// "query-not-measured".
func (k QueryKind) Code() string { return "query-" + k.String() }

// QueryJudgement is JudgeQuery's conclusion about a chain.
type QueryJudgement struct {
	Kind QueryKind
	// Verdict is the simulated walk of @v/list and @latest
	// (mirrors.SimulateQuery); Retraction the walk for the chosen
	// version's .info and .mod after it (mirrors.SimulateRetraction), when
	// the query is served by a mirror.
	Verdict, Retraction mirrors.Verdict
	// Why says what go would do, in one sentence: "version queries: go
	// would use goproxy.cn now", "version queries would fail now: …".
	Why Text
	// Detail says why, naming the mirror and what it answered ("go get
	// …@latest and go list -m -versions fail through it (403 on
	// @v/list)"); zero when there is nothing to add.
	Detail Text
	// Caveats are remarks on a query that works: a lagging list, a
	// retraction walk that fails (go list -m -versions reports it).
	Caveats []Text
	// NotMeasured lists the mirrors go would ask whose answer to a version
	// query was not measured (QueryNotMeasured).
	NotMeasured []string
}

// Message returns Why in language l.
func (j QueryJudgement) Message(l i18n.Lang) string { return j.Why.In(l) }

// Works reports whether version queries would get an answer, as far as
// measured (a mirror answers them, or direct does).
func (j QueryJudgement) Works() bool { return j.Kind == QueryOK || j.Kind == QueryFallsToDirect }

// JudgeQuery judges what go would do with a version query (go get
// M@latest, go list -m M@latest, go list -m -versions M, @upgrade) through
// chain c, from the measurements: the chain walked with each entry's
// mirrors.Query (Measurements.Query), then the retraction walk with the
// entries' measured .info and .mod. Pure, like JudgeChain.
func JudgeQuery(c mirrors.Chain, m Measurements) QueryJudgement {
	var notMeasured []string
	v := mirrors.SimulateQuery(c, func(_ int, e mirrors.Entry) mirrors.Query {
		q, known := m.Query(e)
		if !known && e.Kind == mirrors.KindProxy {
			notMeasured = append(notMeasured, e.Label())
		}
		return q
	})
	j := QueryJudgement{Verdict: v}
	if len(notMeasured) > 0 {
		j.Kind, j.NotMeasured = QueryNotMeasured, notMeasured
		j.Why = T("what go would do with a version query (go get …@latest, go list -m -versions) cannot be said yet: %s was not measured", notMeasured[0])
		return j
	}
	var at mirrors.Entry
	if v.Index >= 0 {
		at = c.Entries[v.Index]
	}
	switch {
	case v.Kind == mirrors.Hangs:
		j.Kind = QueryHangs
		j.Why = T("go get …@latest and go list -m -versions would hang now: %s", v)
		j.Detail = queryDetail(at, m)
	case v.Kind == mirrors.Failed:
		j.Kind = QueryFails
		j.Why = T("go get …@latest and go list -m -versions would fail now: %s", v)
		j.Detail = queryDetail(at, m)
	case at.Kind == mirrors.KindDirect:
		j.Kind = QueryFallsToDirect
		j.Why = T("version queries (go get …@latest, go list -m -versions) would fall back to direct now (the origin's version control; not measured)")
		j.Detail = queryFallThrough(c, v, m)
	default:
		j.Retraction = mirrors.SimulateRetraction(c, func(_ int, e mirrors.Entry) mirrors.Files {
			fs, _ := m.Files(e)
			return fs
		})
		if j.Retraction.Kind == mirrors.Hangs {
			// go get M@latest ignores an error of the retraction walk,
			// but not a request that never ends.
			j.Kind = QueryHangs
			j.Why = T("go get …@latest and go list -m -versions would hang now: after the list, go asks the chosen version's .info and .mod (the retraction check): %s", j.Retraction)
			return j
		}
		j.Kind = QueryOK
		j.Why = T("version queries (go get …@latest, go list -m -versions): go would use %s now", at.Label())
		j.Caveats = queryCaveats(c, v, j.Retraction, m)
	}
	return j
}

// queryDetail says what entry e answered to the version query that makes
// it fail or hang: "go get …@latest and go list -m -versions fail through
// it (403 on @v/list)".
func queryDetail(e mirrors.Entry, m Measurements) Text {
	if e.Kind != mirrors.KindProxy {
		return Text{}
	}
	what := queryAnswer(e, m)
	if fs, _ := m.Files(e); fs == mirrors.Same(mirrors.OutcomeOK) {
		return T("%s serves pinned downloads (a complete go.mod), but go get …@latest and go list -m -versions fail through it (%s)", e.Label(), what)
	}
	return T("go get …@latest and go list -m -versions fail through %s (%s)", e.Label(), what)
}

// QueryCaveat is what a face says beside a mirror that serves pinned
// downloads but not version queries — "go get …@latest and go list -m
// -versions fail through it (403 on @v/list)" — with ok false for any
// other mirror (one that answers queries, fails its pinned files too, or
// whose query answer was not measured). The dashboard marks such a row
// and shows the text in its detail; recommend's choices carry it.
func QueryCaveat(e mirrors.Entry, m Measurements) (Text, bool) {
	if e.Kind != mirrors.KindProxy {
		return Text{}, false
	}
	fs, known := m.Files(e)
	q, qKnown := m.Query(e)
	if !known || !qKnown || fs != mirrors.Same(mirrors.OutcomeOK) {
		return Text{}, false
	}
	switch q.Outcome() {
	case mirrors.OutcomeOK:
		return Text{}, false
	case mirrors.OutcomeHang:
		return T("go get …@latest and go list -m -versions hang through it (%s)", queryAnswer(e, m)), true
	}
	return T("go get …@latest and go list -m -versions fail through it (%s)", queryAnswer(e, m)), true
}

// queryFallThrough names the mirrors that do not answer a version query
// that direct then answers.
func queryFallThrough(c mirrors.Chain, v mirrors.Verdict, m Measurements) Text {
	var said texts
	for _, i := range v.Tried {
		if e := c.Entries[i]; e.Kind == mirrors.KindProxy {
			said = append(said, T("%s (%s)", e.Label(), queryAnswer(e, m)))
		}
	}
	if len(said) == 0 {
		return Text{}
	}
	return T("the mirrors before direct do not answer version queries: %s", said)
}

// queryCaveats are the remarks on a version query served at v.Index: a
// list that lags, and a retraction walk rv that fails.
func queryCaveats(c mirrors.Chain, v, rv mirrors.Verdict, m Measurements) []Text {
	var out []Text
	e := c.Entries[v.Index]
	if q, known := m.Query(e); known && q.ListLags {
		out = append(out, T("%s's @v/list lags (it lacks a version it serves): go get …@latest would silently answer an older version", e.Label()))
	}
	if rv.Kind != mirrors.Served {
		out = append(out, T("after the list, go asks the chosen version's .info and .mod (the retraction check), and that walk does not succeed: %s", rv))
	}
	return out
}

// queryAnswer says what a mirror answered to the version query: "403 on
// @v/list", "@v/list never answers", "404 on @latest".
func queryAnswer(e mirrors.Entry, m Measurements) Text {
	r, ok := m.probeOf(e)
	switch {
	case e.Unusable() != "":
		return raw(e.Unusable())
	case !ok:
		return T("not probed")
	case !r.ListChecked && r.Class == probe.ClassStall:
		return T("it never answers")
	case !r.ListChecked:
		return ClassText(r.Class)
	case r.ListStalled:
		return T("@v/list never answers")
	case r.ListStatus == 0:
		return T("no answer to @v/list")
	case r.ListStatus != 200:
		return T("%d on @v/list", r.ListStatus)
	case r.LatestStalled:
		return T("@latest never answers")
	case r.LatestStatus == 0:
		return T("no answer to @latest")
	case r.LatestStatus != 200:
		return T("%d on @latest", r.LatestStatus)
	}
	return T("a broken @latest")
}

// Verdicts are the verdicts on a chain, one per operation, computed once
// from the measurements and rendered by every face.
type Verdicts struct {
	// Download is the pinned download alone (go mod download M@v1.2.3, a
	// build with a complete go.mod): JudgeChain without the checksum
	// route. DownloadCode names it.
	Download Judgement
	// Query is the version query (JudgeQuery).
	Query QueryJudgement
	// Checksum is the checksum database route (RouteSumDB); zero when db
	// is off.
	Checksum Route
	// Overall is JudgeChain with db: the download, then the checksum
	// route, as a first download of a module missing from go.sum needs
	// both. Safe() on it decides whether a chain may be written.
	Overall Judgement
}

// JudgeOperations judges chain c with checksum database db per operation.
// Pure, like JudgeChain.
func JudgeOperations(c mirrors.Chain, db mirrors.SumDB, m Measurements) Verdicts {
	v := Verdicts{
		Download: JudgeChain(c, mirrors.SumDB{Off: true}, m),
		Query:    JudgeQuery(c, m),
		Overall:  JudgeChain(c, db, m),
	}
	if !db.Off {
		v.Checksum = RouteSumDB(c, db, m)
	}
	return v
}

// DownloadCode is the doctor finding code of a download judgement:
// "chain-ok", "chain-falls-to-direct", "chain-not-measured",
// "chain-fails" or "chain-hangs".
func DownloadCode(j Judgement) string {
	switch j.Kind {
	case JudgeOK:
		return "chain-ok"
	case JudgeDirect:
		return "chain-falls-to-direct"
	case JudgeUnknown:
		return "chain-not-measured"
	case JudgeFails:
		return "chain-fails"
	}
	return "chain-hangs"
}

// Codes are the machine-readable verdicts, one per operation: the
// download's (DownloadCode) and the query's (QueryKind.Code).
func (v Verdicts) Codes() (download, query string) {
	return DownloadCode(v.Download), v.Query.Kind.Code()
}

// Words renders the verdicts in language l, one line per operation:
// download, version query and (when not off) checksum database.
func (v Verdicts) Words(l i18n.Lang) []string {
	out := []string{v.Download.Message(l), v.Query.Message(l)}
	if v.Query.Detail.Format != "" {
		out[1] += " — " + v.Query.Detail.In(l)
	}
	if !v.Checksum.DB.Off && v.Checksum.DB.Name != "" {
		out = append(out, T("checksum database: %s", v.Checksum).In(l))
	}
	return out
}
