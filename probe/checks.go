package probe

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/regfile"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// note adds a remark on the checks to r.
func (r *Result) note(err error) {
	var m *i18n.Msg
	if !errors.As(err, &m) {
		m = &i18n.Msg{Format: "%s", Args: []any{sanitize.Line(err.Error(), 200)}}
	}
	r.notes = append(r.notes, m)
	r.Notes = append(r.Notes, sanitize.Line(m.Error(), 300))
}

// NoteMessages returns Notes in language l.
func (r Result) NoteMessages(l i18n.Lang) []string {
	if len(r.notes) == 0 {
		return r.Notes
	}
	out := make([]string, len(r.notes))
	for i, m := range r.notes {
		out[i] = sanitize.Line(l.Error(m), 300)
	}
	return out
}

// get fetches u (no trace: these requests may reuse the probe's
// connection) and returns the status and at most MaxBody bytes of the body.
func get(ctx context.Context, c *http.Client, u *url.URL) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u.String(), nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err == nil && len(b) > MaxBody {
		err = errBodyTooLarge
	}
	return resp.StatusCode, b, err
}

// checkList asks <module>/@v/list (u) and reports whether it answered 200
// with lines that each start with a valid semantic version (an empty list
// is valid), how many usable versions it holds, and whether it lacks ver,
// the canary version. A failure to get an answer at all leaves ListOK
// unknown (nil); one before the timeout is a stall.
func (r *Result) checkList(ctx context.Context, c *http.Client, u *url.URL, ver string) {
	status, body, err := get(ctx, c, u)
	r.ListChecked, r.ListStatus = true, status
	switch {
	case err != nil && status == 0 && isTimeout(err):
		r.ListStalled = true
		r.note(i18n.Errorf("@v/list: no answer before the timeout: the go command, which has no timeout, would wait for it forever"))
		return
	case err != nil && status == 0:
		r.note(i18n.Errorf("@v/list: no answer: %s", errText(err)))
		return
	case err != nil:
		r.ListOK = boolp(false)
		r.note(i18n.Errorf("@v/list: %s", errText(err)))
		return
	case status != http.StatusOK:
		r.ListOK = boolp(false)
		r.note(i18n.Errorf("@v/list answered %d", status))
		return
	}
	hasVer, garbage := false, ""
	for _, line := range strings.Split(string(body), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !semver.IsValid(f[0]) {
			if garbage == "" {
				garbage = line
			}
			continue
		}
		r.ListVersions++
		hasVer = hasVer || f[0] == ver
	}
	r.ListLags = r.ListVersions > 0 && !hasVer
	if garbage != "" {
		r.ListOK = boolp(false)
		r.note(i18n.Errorf("@v/list has a line that is not a version: %q", sanitize.Line(garbage, 60)))
		return
	}
	if r.ListLags {
		r.note(i18n.Errorf("@v/list lacks %s, which the mirror serves: its list lags, and go would answer an older version", ver))
	}
	r.ListOK = boolp(true)
}

// checkLatest asks <module>/@latest (u), which go asks when the list holds
// no usable version: 200 with a .info JSON naming a valid version is an
// answer go accepts.
func (r *Result) checkLatest(ctx context.Context, c *http.Client, u *url.URL) {
	status, body, err := get(ctx, c, u)
	r.LatestChecked, r.LatestStatus = true, status
	switch {
	case err != nil && status == 0 && isTimeout(err):
		r.LatestStalled = true
		r.note(i18n.Errorf("@latest: no answer before the timeout"))
		return
	case err != nil && status == 0:
		r.note(i18n.Errorf("@latest: no answer: %s", errText(err)))
		return
	case err != nil || status != http.StatusOK:
		r.LatestOK = boolp(false)
		return
	}
	var info struct{ Version string }
	r.LatestOK = boolp(json.Unmarshal(body, &info) == nil && semver.IsValid(info.Version))
}

// checkSumDB asks /sumdb/<name>/supported (u) as the go command does to
// decide whether to reach the checksum database through this mirror: 200
// means yes, 404 or 410 no; no answer before the probe's timeout is a stall
// (go, which has no timeout, would hang there, whatever the separator);
// anything else is what go takes for an error, with a note. After a 200 it
// asks <name>/latest through the mirror too: go then sends every database
// request there, and a mirror that answers /supported but fails lookups
// makes go fail.
func (r *Result) checkSumDB(ctx context.Context, c *http.Client, u *url.URL) {
	r.SumDBName = sumdbNameOf(u.Path)
	status, _, err := get(ctx, c, u)
	r.SumDBChecked, r.SumDBStatus = true, status
	switch {
	case status == http.StatusOK:
		r.SumDBSupported = boolp(true)
		latest := *u
		latest.Path = strings.TrimSuffix(u.Path, "supported") + "latest"
		if u.RawPath != "" {
			latest.RawPath = strings.TrimSuffix(u.RawPath, "supported") + "latest"
		}
		r.checkSumDBLatest(ctx, c, &latest)
	case status == http.StatusNotFound || status == http.StatusGone:
		r.SumDBSupported = boolp(false)
	case err != nil && status == 0 && isTimeout(err):
		r.SumDBStalled = true
		r.note(i18n.Errorf("sumdb check: no answer before the timeout: the go command, which has no timeout, would wait for it forever"))
	case err != nil && status == 0:
		r.note(i18n.Errorf("sumdb check: no answer: %s", errText(err)))
	default:
		r.note(i18n.Errorf("sumdb check answered %d: the go command would find the checksum database unavailable through this mirror", status))
	}
}

// checkSumDBLatest asks the database's latest signed tree head through the
// mirror (u is <mirror>/sumdb/<name>/latest).
func (r *Result) checkSumDBLatest(ctx context.Context, c *http.Client, u *url.URL) {
	status, body, err := get(ctx, c, u)
	r.SumDBLookupStatus = status
	switch {
	case err != nil && status == 0 && isTimeout(err):
		r.SumDBLookupStalled = true
		r.note(i18n.Errorf("sumdb lookup through the mirror: no answer before the timeout: the go command would wait for it forever"))
	case err != nil && status == 0:
		r.SumDBLookupOK = boolp(false)
		r.note(i18n.Errorf("sumdb lookup through the mirror: no answer: %s", errText(err)))
	case status != http.StatusOK:
		r.SumDBLookupOK = boolp(false)
		r.note(i18n.Errorf("sumdb lookup through the mirror answered %d: it answers /supported, so the go command sends every checksum request there and fails", status))
	case err != nil || !strings.Contains(string(body), "go.sum database tree\n"):
		r.SumDBLookupOK = boolp(false)
		r.note(i18n.Errorf("sumdb lookup through the mirror: the answer to /latest is not a signed tree head: the go command would fail to verify modules through it"))
	default:
		r.SumDBLookupOK = boolp(true)
	}
}

// sumdbNameOf is <name> in a path ending in /sumdb/<name>/supported.
func sumdbNameOf(p string) string {
	p = strings.TrimSuffix(p, "/supported")
	if i := strings.LastIndex(p, "/sumdb/"); i >= 0 {
		return p[i+len("/sumdb/"):]
	}
	return ""
}

// SumDBOutcome is what the go command makes of this mirror's answer to
// /sumdb/<SumDBName>/supported, as mirrors.RouteSumDB takes it: OutcomeOK
// for a 200 whose lookup through the mirror worked (or was not asked),
// OutcomeBroken for a 200 whose lookup failed (go routes there and fails),
// OutcomeNotFound for 404/410, OutcomeHang for a stall of either request,
// OutcomeError for anything else. known is false when the check was not
// made in this probe (see KeepSumDB) and SumDBSupported was not set by
// hand. Doctor, recommend and the TUI route
// the checksum database with it (advisor.RouteSumDB).
func (r Result) SumDBOutcome() (o mirrors.Outcome, known bool) {
	switch {
	case !r.SumDBChecked && r.SumDBSupported == nil:
		return mirrors.OutcomeError, false
	case r.SumDBStalled:
		return mirrors.OutcomeHang, true
	case r.SumDBSupported != nil && *r.SumDBSupported:
		switch {
		case r.SumDBLookupStalled:
			return mirrors.OutcomeHang, true
		case r.SumDBLookupOK != nil && !*r.SumDBLookupOK:
			return mirrors.OutcomeBroken, true
		}
		return mirrors.OutcomeOK, true
	case r.SumDBSupported != nil:
		return mirrors.OutcomeNotFound, true
	}
	return mirrors.OutcomeError, true
}

// KeepSumDB copies prev's checksum database check into r when r did not
// make one (the scheduler asks only in some rounds) and prev asked about
// the same database name as wanted ("" for any). It reports whether r
// holds a check afterwards. The version query check, which runs in the
// same rounds, is kept too (KeepQuery), so that callers keeping the
// checks of an earlier round keep every operation's answer.
func (r *Result) KeepSumDB(prev Result, wanted string) bool {
	r.KeepQuery(prev)
	if r.SumDBChecked {
		return wanted == "" || r.SumDBName == wanted
	}
	if !prev.SumDBChecked || wanted != "" && prev.SumDBName != wanted {
		return false
	}
	r.SumDBChecked, r.SumDBStatus, r.SumDBName = true, prev.SumDBStatus, prev.SumDBName
	r.SumDBSupported, r.SumDBStalled = prev.SumDBSupported, prev.SumDBStalled
	r.SumDBLookupStatus, r.SumDBLookupOK, r.SumDBLookupStalled = prev.SumDBLookupStatus, prev.SumDBLookupOK, prev.SumDBLookupStalled
	return true
}

func boolp(b bool) *bool { return &b }

// probeFile probes a file:// proxy: the .info is read from disk with the
// same checks. There are no network phases.
func probeFile(ctx context.Context, r *Result, base *url.URL, mod, ver string) {
	p := filepath.FromSlash(base.Path + "/" + escapedPath(mod) + "/@v/" + mustEscapeVersion(ver) + ".info")
	f, err := regfile.Open(p) // a named pipe in the tree must not hang the probe
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			r.Status = http.StatusNotFound
			r.fail(ClassNotFound, i18n.Errorf("%s does not exist (under ',' the go command tries the next proxy)", p))
			return
		}
		r.fail(ClassProtocol, i18n.Errorf("cannot read %s: %s", p, errText(err)))
		return
	}
	defer f.Close()
	start := time.Now()
	body, err := io.ReadAll(io.LimitReader(f, MaxBody+1))
	r.Phases.Transfer = time.Since(start)
	switch {
	case err != nil:
		r.fail(ClassProtocol, i18n.Errorf("cannot read %s: %s", p, errText(err)))
	case len(body) > MaxBody:
		r.fail(ClassProtocol, i18n.Errorf("response body over %d bytes", MaxBody))
	default:
		r.Status = http.StatusOK
		r.checkInfo(body, ver)
	}
}

func mustEscapeVersion(v string) string {
	e, _ := module.EscapeVersion(v)
	return e
}
