package probe

import (
	"net/http"

	"github.com/goproxytui/goproxytui/mirrors"
)

// Operation is one of the things the go command asks a mirror for, each
// with its own requests (see shared facts: "Which operation asks for
// what").
type Operation string

// Operations.
const (
	// OpPinned is a pinned download (go mod download M@v1.2.3, a build with
	// a complete go.mod): .info, .mod and .zip only.
	OpPinned Operation = "pinned"
	// OpQuery is a version query (go get M@latest, go list -m -versions):
	// @v/list first, @latest only when the list holds no usable version.
	OpQuery Operation = "query"
	// OpChecksum is the checksum database route: /sumdb/<name>/supported,
	// then lookups through the mirror when it answers 200.
	OpChecksum Operation = "checksum"
)

// OpResult is how one operation went in a probe.
type OpResult struct {
	Op Operation
	// Checked says the probe asked this time; the other fields are zero
	// otherwise.
	Checked bool
	// Outcome is what the go command makes of the answer for this mirror
	// (mirrors.OutcomeOK, NotFound, Error, Hang, Broken).
	Outcome mirrors.Outcome
	// Status is the HTTP status that decided (0: no answer).
	Status int
}

// Operations returns the probe's result for each operation, in the order
// pinned, query, checksum.
func (r Result) Operations() []OpResult {
	pinned := OpResult{Op: OpPinned, Checked: true, Outcome: r.Files(nil).Info, Status: r.Status}
	q, qk := r.QueryOutcome()
	query := OpResult{Op: OpQuery, Checked: qk}
	if qk {
		query.Outcome, query.Status = q.Outcome(), r.ListStatus
		if q.List == mirrors.OutcomeOK && !q.ListUsable {
			query.Status = r.LatestStatus
		}
	}
	sum := OpResult{Op: OpChecksum}
	if o, known := r.SumDBOutcome(); known {
		sum.Checked, sum.Outcome, sum.Status = true, o, r.SumDBStatus
		if r.SumDBLookupStatus != 0 {
			sum.Status = r.SumDBLookupStatus
		}
	}
	return []OpResult{pinned, query, sum}
}

// QueryOutcome is what this mirror answers to a version query, as
// mirrors.SimulateQuery takes it; known is false when the probe did not
// ask @v/list (Options.CheckList off, or a round without the checks).
func (r Result) QueryOutcome() (q mirrors.Query, known bool) {
	if !r.ListChecked {
		return mirrors.Query{}, false
	}
	q.List = statusOutcome(r.ListStatus, r.ListStalled)
	q.ListUsable = r.ListVersions > 0
	q.ListLags = r.ListLags
	q.Latest = mirrors.OutcomeError
	switch {
	case r.LatestChecked:
		q.Latest = statusOutcome(r.LatestStatus, r.LatestStalled)
		if q.Latest == mirrors.OutcomeOK && (r.LatestOK == nil || !*r.LatestOK) {
			q.Latest = mirrors.OutcomeBroken
		}
	case q.List != mirrors.OutcomeOK || q.ListUsable:
		q.Latest = mirrors.OutcomeOK // never asked by go: any value
	}
	return q, true
}

// statusOutcome is what the go command makes of an answer with status
// (0: none; stalled: none before the timeout).
func statusOutcome(status int, stalled bool) mirrors.Outcome {
	switch {
	case stalled:
		return mirrors.OutcomeHang
	case status == http.StatusOK:
		return mirrors.OutcomeOK
	case status == http.StatusNotFound || status == http.StatusGone:
		return mirrors.OutcomeNotFound
	}
	return mirrors.OutcomeError
}

// KeepQuery copies prev's version query check into r when r did not make
// one (the scheduler asks only in some rounds). It reports whether r holds
// a check afterwards.
func (r *Result) KeepQuery(prev Result) bool {
	if r.ListChecked {
		return true
	}
	if !prev.ListChecked {
		return false
	}
	r.ListChecked, r.ListStatus, r.ListStalled = true, prev.ListStatus, prev.ListStalled
	r.ListVersions, r.ListLags, r.ListOK = prev.ListVersions, prev.ListLags, prev.ListOK
	r.LatestChecked, r.LatestStatus, r.LatestOK, r.LatestStalled = prev.LatestChecked, prev.LatestStatus, prev.LatestOK, prev.LatestStalled
	return true
}
