package envcfg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/atomicfile"
	"github.com/goproxytui/goproxytui/internal/regfile"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// ConflictError says that the go env file was changed, by a program that
// does not take goproxytui's lock (go env -w itself, an editor), between the
// moment Apply or Undo read it and the moment it would have replaced it.
// Nothing was written. Apply and Undo return it wrapped in a translatable
// message: find it with errors.As.
type ConflictError struct {
	Path string
	// Changes lists each key whose value changed, from what was read (Old)
	// to what the file holds now (New).
	Changes []Diff
	// Existed and Exists say whether the file existed when read and now.
	Existed, Exists bool
	// OtherLines is set when comments, blank lines or lines the go command
	// ignores changed.
	OtherLines bool
	// Undo is set for Undo's check that the keys still hold the values the
	// undone apply wrote: then Changes goes from what that apply wrote to
	// what the file holds now.
	Undo bool
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("go env file %s changed: %s", e.Path, e.Summary())
}

// Summary describes what changed, in English:
// `GOPROXY "a" → "b"`, `GOSUMDB (unset) → "off"`, "file created",
// "comments".
func (e *ConflictError) Summary() string { return e.summary(i18n.EN) }

// summary is Summary in language l.
func (e *ConflictError) summary(l i18n.Lang) string {
	var parts []string
	switch {
	case e.Existed && !e.Exists:
		parts = append(parts, l.T("file removed"))
	case !e.Existed && e.Exists:
		parts = append(parts, l.T("file created"))
	}
	for _, d := range e.Changes {
		parts = append(parts, d.Key+" "+showValue(l, d.Old, d.OldSet)+" → "+showValue(l, d.New, d.NewSet))
	}
	if e.OtherLines {
		parts = append(parts, l.T("comments"))
	}
	return strings.Join(parts, "; ")
}

// conflictSummary is a ConflictError's summary as an argument of a
// translatable message: said in the message's language.
type conflictSummary struct{ e *ConflictError }

func (s conflictSummary) Error() string              { return s.e.summary(i18n.EN) }
func (s conflictSummary) Message(l i18n.Lang) string { return s.e.summary(l) }

// showValue quotes a file value for messages, with credentials redacted.
func showValue(l i18n.Lang, v string, set bool) string {
	if !set {
		return l.T("(unset)")
	}
	return fmt.Sprintf("%q", RedactValue(v))
}

// tx is one change of the env file under its lock.
type tx struct {
	// plan returns the changes to make, given the file's values as read
	// under the lock (Undo checks them there), and the id of the undo
	// entry to drop once they are made.
	plan func(file map[string]string) (changes []Change, popID string, err error)
	// record pushes an undo entry after the rename.
	record bool
}

// Apply writes changes to the go env file: validated first, then through one
// `go env -w` (and one `go env -u` for resets) run on a temporary copy
// beside the file, under an advisory lock, checked, and renamed over the
// file; then the effective values are read again to report what did not
// take effect. The previous values are recorded for Undo. An error means
// the go env file is unchanged.
func (e *Env) Apply(ctx context.Context, changes []Change) (Report, error) {
	if err := e.Validate(changes); err != nil {
		return Report{}, err
	}
	norm, _ := normalize(changes)
	if len(norm) == 0 {
		return Report{}, i18n.Errorf("nothing to apply")
	}
	return e.transact(ctx, tx{
		plan:   func(map[string]string) ([]Change, string, error) { return norm, "", nil },
		record: true,
	})
}

// transact runs one write of the go env file under its lock: t.plan says
// the changes from the file's current values, the file is replaced by a
// checked copy (swap), the undo history is updated, and the effective
// values are read again for the report.
func (e *Env) transact(ctx context.Context, t tx) (rep Report, err error) {
	target, unlock, err := e.lockEnvFile(ctx)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	rep.EnvFile = target

	removeStaleCopies(target)

	orig, existed, err := readMaybe(target)
	if err != nil {
		return Report{}, i18n.Errorf("reading the go env file: %w", err)
	}
	cur := parseEnv(orig)
	changes, popID, err := t.plan(cur)
	if err != nil {
		return Report{}, err
	}
	diffs := planDiffs(cur, changes)
	rep.Diffs = diffs
	var goStderr []byte
	if len(diffs) > 0 {
		if goStderr, err = e.swap(ctx, target, orig, existed, diffs); err != nil {
			return Report{}, err
		}
	}
	if (t.record && len(diffs) > 0) || popID != "" {
		if err := e.updateHistory(target, diffs, t.record && len(diffs) > 0, popID); err != nil {
			rep.Warnings = append(rep.Warnings, i18n.Errorf("the change was made, but the undo history could not be updated: %w", err))
		}
	}
	// Verify still under the lock, so that no goproxytui can write in
	// between: a change seen now was made by a writer that takes no lock.
	return e.verify(ctx, rep, changes, goStderr), nil
}

// lockEnvFile finds the go env file (symlinks followed), checks that it can
// be one, creates its directory and takes its lock.
func (e *Env) lockEnvFile(ctx context.Context) (target string, unlock func(), err error) {
	path, err := e.envFilePath(ctx)
	if err != nil {
		return "", nil, err
	}
	if path == "" {
		return "", nil, i18n.Errorf("GOENV=off: there is no go env file to write")
	}
	target, err = atomicfile.Resolve(path)
	if err != nil {
		return "", nil, i18n.Errorf("finding the go env file: %w", err)
	}
	if err := checkEnvFile(target); err != nil {
		return "", nil, err
	}
	if err := checkWritable(target); err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return "", nil, i18n.Errorf("creating the go env directory: %w", err)
	}
	unlock, err = lockFile(ctx, lockPath(target), e.lockOpts())
	if err != nil {
		return "", nil, i18n.Errorf("locking the go env file: %w", err)
	}
	return target, unlock, nil
}

// swap writes diffs with the go command on a copy of the file (orig, as
// read; existed: it was there), checks the copy, and renames it over the
// file unless the file changed since it was read. It returns what go
// printed on stderr.
func (e *Env) swap(ctx context.Context, target string, orig []byte, existed bool, diffs []Diff) ([]byte, error) {
	got, goStderr, err := e.runOnCopy(ctx, filepath.Dir(target), target, orig, diffs)
	if err != nil {
		return nil, err
	}
	if err := checkCopy(orig, got.data, diffs); err != nil {
		os.Remove(got.tmp)
		return nil, err
	}
	// The file must still be what was read; checked after the copy is
	// synced, right before the rename (writers that take no lock, such
	// as go env -w itself, can still write between this read and the
	// rename: README says so).
	var seq uint64
	check := func() error {
		if e.beforeSwap != nil {
			e.beforeSwap()
		}
		now, exists, err := readMaybe(target)
		if err != nil {
			return i18n.Errorf("reading the go env file: %w", err)
		}
		if exists != existed || !bytes.Equal(now, orig) {
			ce := conflict(target, orig, now, existed, exists)
			return &i18n.Msg{Format: i18n.N("the go env file %s was changed by another program while applying (%s); nothing was written: try again"), Args: []any{target, conflictSummary{ce}}, Wrapped: ce}
		}
		seq = ownWrites.add(target, orig, got.data)
		return nil
	}
	if err := atomicfile.CommitChecked(got.tmp, target, 0o644, check); err != nil {
		if seq != 0 {
			ownWrites.done(seq, false)
		}
		var m *i18n.Msg
		if errors.As(err, &m) {
			return nil, err
		}
		return nil, i18n.Errorf("replacing the go env file: %w", err)
	}
	ownWrites.done(seq, true)
	if e.afterSwap != nil {
		e.afterSwap()
	}
	return goStderr, nil
}

// verify completes rep with what the go command uses now for the keys of
// changes: the values that do not take effect, and go's warnings.
func (e *Env) verify(ctx context.Context, rep Report, changes []Change, goStderr []byte) Report {
	keys := make([]string, 0, len(changes))
	for _, c := range changes {
		keys = append(keys, c.Key)
	}
	after, err := e.read(ctx, keys)
	if err != nil {
		rep.Warnings = append(rep.Warnings, i18n.Errorf("the change was made, but the effective values could not be read again: %w", err))
		return rep
	}
	rep.After = after
	rep.NotEffective = notEffective(after, changes)
	rep.Warnings = append(rep.Warnings, goWarnings(goStderr)...)
	return rep
}

// checkWritable refuses a go env file that exists but cannot be written,
// such as one of mode 0444, with the words `go env -w` uses for it: the
// copy-and-rename would replace it where go itself refuses to write.
func checkWritable(target string) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0) // a named pipe is refused before
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return i18n.Errorf("writing go env config: %w; nothing was written", err)
	}
	return f.Close()
}

// removeStaleCopies removes temporary copies of the env file left by a
// goproxytui that was killed before its rename. Called under the lock: no
// other goproxytui is working on a copy of this file.
func removeStaleCopies(target string) {
	ents, err := os.ReadDir(filepath.Dir(target))
	if err != nil {
		return
	}
	prefix := "." + filepath.Base(target) + ".tmp"
	for _, en := range ents {
		if strings.HasPrefix(en.Name(), prefix) && en.Type().IsRegular() {
			os.Remove(filepath.Join(filepath.Dir(target), en.Name()))
		}
	}
}

// copyResult is the temp copy after go env ran on it.
type copyResult struct {
	tmp  string
	data []byte
}

// runOnCopy copies orig to a temp file in dir and runs one `go env -w` for
// the new values and one `go env -u` for the resets with GOENV pointing at
// the copy (both on the same copy, so the real file still changes once, at
// the rename). The copy always exists, so `go env -u` never fails for a
// missing file. It returns the copy's path and content and go's stderr.
func (e *Env) runOnCopy(ctx context.Context, dir, target string, orig []byte, diffs []Diff) (res copyResult, stderr []byte, err error) {
	f, err := atomicfile.TempFile(dir, filepath.Base(target))
	if err != nil {
		return res, nil, i18n.Errorf("creating a temporary copy of the go env file: %w", err)
	}
	res.tmp = f.Name()
	defer func() {
		if err != nil {
			os.Remove(res.tmp)
		}
	}()
	_, err = f.Write(orig)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return res, nil, i18n.Errorf("creating a temporary copy of the go env file: %w", err)
	}
	var sets, unsets []string
	for _, d := range diffs {
		if d.NewSet {
			sets = append(sets, d.Key+"="+d.New)
		} else {
			unsets = append(unsets, d.Key)
		}
	}
	env := withEnv(e.environ(), "GOENV", res.tmp)
	if len(sets) > 0 {
		_, se, err := e.runGo(ctx, env, append([]string{"env", "-w"}, sets...)...)
		if err != nil {
			return res, nil, err
		}
		stderr = append(stderr, se...)
	}
	if len(unsets) > 0 {
		_, se, err := e.runGo(ctx, env, append([]string{"env", "-u"}, unsets...)...)
		if err != nil {
			return res, nil, err
		}
		stderr = append(stderr, se...)
	}
	res.data, err = os.ReadFile(res.tmp)
	if err != nil {
		return res, nil, i18n.Errorf("reading the temporary copy of the go env file: %w", err)
	}
	return res, stderr, nil
}

// checkCopy verifies that go env left the copy holding exactly the intended
// values: every comment, blank and other non KEY=VALUE line unchanged and in
// order, every other key with its old value, and the changed keys with their
// new values or gone. (go env -w may sort runs of KEY=VALUE lines and drop
// earlier duplicates of a key; neither changes what the file means.)
func checkCopy(orig, got []byte, diffs []Diff) error {
	ol, gl := splitLines(orig), splitLines(got)
	if !slices.Equal(otherLines(ol), otherLines(gl)) {
		return i18n.Errorf("go env changed lines it should have kept (comments or blank lines); nothing was written")
	}
	want := lineValues(ol)
	for _, d := range diffs {
		if d.NewSet {
			want[d.Key] = d.New
		} else {
			delete(want, d.Key)
		}
	}
	have := lineValues(gl)
	var bad []string
	for k, v := range want {
		if hv, ok := have[k]; !ok || hv != v {
			bad = append(bad, k)
		}
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return i18n.Errorf("go env did not write the intended values (%s); nothing was written", strings.Join(bad, ", "))
	}
	return nil
}

// otherLines returns the lines that are not KEY=VALUE lines, in order.
func otherLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if lineKey(l) == "" {
			out = append(out, l)
		}
	}
	return out
}

// lineValues returns the KEY=VALUE lines as go env -w sees them, the last
// line of a key winning, values without their line end.
func lineValues(lines []string) map[string]string {
	m := map[string]string{}
	for _, l := range lines {
		if k := lineKey(l); k != "" {
			m[k] = strings.TrimSuffix(l[len(k)+1:], "\n")
		}
	}
	return m
}

// conflict describes how the file changed from orig to now.
func conflict(path string, orig, now []byte, existed, exists bool) *ConflictError {
	ce := &ConflictError{Path: path, Existed: existed, Exists: exists}
	ce.Changes = diffValues(parseEnv(orig), parseEnv(now))
	ce.OtherLines = !slices.Equal(otherLines(splitLines(orig)), otherLines(splitLines(now)))
	if len(ce.Changes) == 0 && !ce.OtherLines && existed == exists {
		ce.OtherLines = true // same meaning, different bytes (order, duplicates)
	}
	return ce
}

// diffValues lists the keys whose presence or value differs, sorted.
func diffValues(a, b map[string]string) []Diff {
	var out []Diff
	for k, av := range a {
		bv, ok := b[k]
		if !ok || bv != av {
			out = append(out, Diff{Key: k, Old: av, OldSet: true, New: bv, NewSet: ok})
		}
	}
	for k, bv := range b {
		if _, ok := a[k]; !ok {
			out = append(out, Diff{Key: k, New: bv, NewSet: true})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// notEffective compares the effective values after an apply with what was
// written: a key the go env file no longer holds as written was changed by
// another program right after the write (ChangedAfter, whatever the OS
// environment says); else a key whose effective value is not the written
// one is overridden (by an OS variable, as a rule).
func notEffective(after Snapshot, changes []Change) []NotEffective {
	var out []NotEffective
	for _, c := range changes {
		v := after.Get(c.Key)
		fv, inFile := after.File[c.Key]
		changed := !inFile || fv != c.Value
		if c.Unset {
			changed = inFile
		}
		bad := changed
		switch {
		case bad:
		case c.Unset || c.Value == "":
			// A reset (or an empty value, restored by Undo) takes effect
			// unless an OS variable still sets the key.
			bad = v.Source == SourceEnv
		default:
			bad = v.Value != c.Value
		}
		if bad {
			out = append(out, NotEffective{Key: c.Key, Want: c.Value, WantSet: !c.Unset, Effective: v.Value, Source: v.Source,
				ChangedAfter: changed, FileValue: fv, FileSet: inFile})
		}
	}
	return out
}

// overrideWarning is go env -w's warning about a shadowing OS variable,
// already reported as NotEffective by the verification.
var overrideWarning = regexp.MustCompile(`^warning: go env -w [A-Z0-9_]+=\.\.\. does not override conflicting OS environment variable$`)

// goWarnings turns the rest of go env's stderr into warnings.
func goWarnings(stderr []byte) []error {
	var out []error
	for _, l := range strings.Split(string(stderr), "\n") {
		l = sanitize.Line(l, 500)
		if l == "" || overrideWarning.MatchString(l) {
			continue
		}
		out = append(out, i18n.Errorf("go env said: %s", l))
	}
	return out
}

// readMaybe reads path; a missing file is empty and not an error, one that
// is not a regular file an error.
func readMaybe(path string) (data []byte, exists bool, err error) {
	data, err = regfile.ReadFile(path, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// ownWrites is the log of this process's own writes to env files, so that
// watchers do not report them as outside changes.
var ownWrites = &writeLog{}

// writeRecord is one write: the file's content before and after.
type writeRecord struct {
	seq           uint64
	path          string // after symlinks
	before, after []byte
	pending       bool // not renamed into place yet
}

// writeLog keeps the last writeLogMax records; each watcher follows it with
// its own cursor.
type writeLog struct {
	mu   sync.Mutex
	seq  uint64
	recs []writeRecord
}

const writeLogMax = 64

// add records a write about to be renamed into place, as pending.
func (w *writeLog) add(path string, before, after []byte) uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seq++
	w.recs = append(w.recs, writeRecord{seq: w.seq, path: path, before: before, after: after, pending: true})
	if len(w.recs) > writeLogMax {
		w.recs = w.recs[len(w.recs)-writeLogMax:]
	}
	return w.seq
}

// done marks write seq as renamed into place (ok) or drops it.
func (w *writeLog) done(seq uint64, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := range w.recs {
		if w.recs[i].seq == seq {
			if ok {
				w.recs[i].pending = false
			} else {
				w.recs = append(w.recs[:i:i], w.recs[i+1:]...)
			}
			return
		}
	}
}

// cursor returns the sequence number of the latest record.
func (w *writeLog) cursor() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seq
}

// since returns the finished writes to path after cursor, and the new
// cursor. If a write is still pending it returns pending true and the
// cursor unchanged: the caller looks again after the rename.
func (w *writeLog) since(path string, cursor uint64) (recs []writeRecord, next uint64, pending bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.recs {
		if r.seq <= cursor || r.path != path {
			continue
		}
		if r.pending {
			return nil, cursor, true
		}
		recs = append(recs, r)
	}
	return recs, w.seq, false
}

// RedactValue returns a go env value fit to show: mirrors.RedactList.
func RedactValue(v string) string { return mirrors.RedactList(v) }
