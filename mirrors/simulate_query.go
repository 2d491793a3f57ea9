package mirrors

import "github.com/goproxytui/goproxytui/i18n"

// Query is what one entry answers to a version query (go get M@latest,
// go list -m M@latest, go list -m -versions M, @upgrade).
type Query struct {
	// List is the entry's answer to <module>/@v/list.
	List Outcome
	// ListUsable says a 200 list holds at least one version (lines that
	// are not versions are filtered out by go).
	ListUsable bool
	// ListLags says the list lacks a version the entry serves: go takes it
	// as a success and silently answers an older version.
	ListLags bool
	// Latest is the answer to <module>/@latest, which go asks only when
	// the list answered 200 with no usable version.
	Latest Outcome
}

// Outcome is the entry's outcome for the query as go's queryProxy takes
// it: an erroring list is the entry's error (what @latest would have
// answered never matters then); a usable list serves; an empty or
// filtered list hands over to @latest, whose broken answer is an error.
func (q Query) Outcome() Outcome {
	switch {
	case q.List != OutcomeOK:
		if q.List == OutcomeBroken {
			return OutcomeError
		}
		return q.List
	case q.ListUsable:
		return OutcomeOK
	case q.Latest == OutcomeBroken:
		return OutcomeError
	}
	return q.Latest
}

// FileQuery marks a Verdict of SimulateQuery: the walk of a version query
// (@v/list, then @latest), not of a file of a download.
const FileQuery File = FileZip + 1

// SimulateQuery says what the go command does with a version query given
// the chain and what each entry answers (query(i, e) is called for the
// entries go reaches): the chain is walked as for one file of a download
// (modfetch.TryProxies), each entry's outcome being Query.Outcome. off is
// a not-found and Unusable entries an error, without a request.
//
// After it the query walks the chain again for the chosen version's .info
// and .mod (the retraction check): SimulateRetraction.
func SimulateQuery(c Chain, query func(i int, e Entry) Query) Verdict {
	if len(c.Entries) == 0 {
		m := newMsg(reasonNoEntries)
		return Verdict{Kind: Failed, Index: -1, Outcome: OutcomeError, Reason: m.Error(), Msg: m, File: FileQuery}
	}
	return walk(c, FileQuery, func(i int, e Entry) Outcome { return query(i, e).Outcome() })
}

// SimulateRetraction is the retraction check of a version query: the
// chain walked for the chosen version's .info and .mod, as for a
// download. go list -m -versions reports its error; go get M@latest
// ignores an error but not a hang.
func SimulateRetraction(c Chain, files func(i int, e Entry) Files) Verdict {
	return simulateFiles(c, []File{FileInfo, FileMod}, files)
}

// queryMessage is the explanation of a query verdict whose entry answered
// o, or nil when the download wording fits.
func queryMessage(v Verdict, e Entry) *i18n.Msg {
	if v.Kind == Served && e.Kind == KindProxy && v.Index == 0 {
		return newMsg(i18n.N("%s answers the version query: it is the first entry"), e.Label())
	}
	if v.Kind == Served && e.Kind == KindProxy {
		return newMsg(i18n.N("%s answers the version query: every entry before it failed in a way that lets go move on"), e.Label())
	}
	return nil
}
