package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// SumGolangOrgKey is the verifier key of sum.golang.org built into the go
// command (cmd/go/internal/modfetch/key.go).
const SumGolangOrgKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"

// DeepResult is the outcome of a deep probe: one module zip downloaded
// through a mirror and its hash checked.
type DeepResult struct {
	MirrorID string
	URL      string // redacted base URL
	Module   string
	Version  string
	Class    Class  // as for Result; ClassProtocol when the hash does not match
	Reason   string // one line, English; Message localises
	Status   int
	Start    time.Time
	Bytes    int64         // zip size
	Duration time.Duration // request to last byte
	// Throughput is Bytes over the transfer time (first byte to last),
	// in bytes per second.
	Throughput float64
	Hash       string // h1: hash of the zip (dirhash.Hash1), as in go.sum
	// GoSum is the go.sum hash from the checksum database, "" when it could
	// not be had; SumSource says where it came from.
	GoSum     string
	SumSource string
	// Verified: true when Hash equals GoSum, false when it differs, nil
	// when there was nothing to compare with.
	Verified *bool
	Notes    []string

	msg   *i18n.Msg
	notes []*i18n.Msg
}

// Message returns the reason in language l.
func (d DeepResult) Message(l i18n.Lang) string {
	if d.msg == nil {
		return d.Reason
	}
	return sanitize.Line(l.Error(d.msg), 400)
}

// NoteMessages returns Notes in language l.
func (d DeepResult) NoteMessages(l i18n.Lang) []string {
	out := make([]string, len(d.notes))
	for i, m := range d.notes {
		out[i] = sanitize.Line(l.Error(m), 300)
	}
	return out
}

func (d *DeepResult) note(m *i18n.Msg) {
	d.notes = append(d.notes, m)
	d.Notes = append(d.Notes, sanitize.Line(m.Error(), 300))
}

// Deep downloads modVersion's .zip through the mirror (bounded by
// opt.DeepTimeout and the go command's 500 MiB zip limit), measures the
// throughput and checks the zip's h1: hash against the go.sum line of the
// checksum database. The database is reached as the go command would: via
// the mirror's /sumdb/<name>/ proxy when it answers /supported with 200,
// else directly (opt.SumDBURL, default https://<name>); its answer is
// verified like the go command verifies it (signed tree head and inclusion
// proof, with opt's key for the database, SumGolangOrgKey for
// sum.golang.org) — the signature is checked, not just trusted.
func Deep(ctx context.Context, m mirrors.Mirror, modVersion string, opt Options) DeepResult {
	opt = opt.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, opt.DeepTimeout)
	defer cancel()
	d := DeepResult{MirrorID: m.ID, URL: mirrors.RedactURL(m.URL), Start: time.Now()}
	fail := func(c Class, err error) DeepResult {
		var r Result
		r.fail(c, err)
		d.Class, d.Reason, d.msg = r.Class, r.Reason, r.msg
		return d
	}
	base, err := parseBase(m.URL)
	if err != nil {
		return fail(ClassProtocol, err)
	}
	d.URL = mirrors.RedactURL(base.String())
	mod, ver, err := parseCanary(modVersion)
	if err != nil {
		return fail(ClassProtocol, err)
	}
	d.Module, d.Version = mod, ver
	if base.Scheme == "file" {
		return fail(ClassProtocol, i18n.Errorf("deep probes need an http(s) mirror"))
	}
	if base.User != nil && base.Scheme != "https" {
		return fail(ClassProtocol, i18n.Errorf("refusing to pass credentials to insecure URL %s (the go command refuses too)", d.URL))
	}

	return deepFetch(ctx, d, base, &opt)
}

// deepFetch downloads the canary's zip from base, hashes it and checks the
// hash against the checksum database (through the mirror when it proxies
// it).
func deepFetch(ctx context.Context, d DeepResult, base *url.URL, opt *Options) DeepResult {
	fail := func(c Class, err error) DeepResult {
		var r Result
		r.fail(c, err)
		d.Class, d.Reason, d.msg = r.Class, r.Reason, r.msg
		return d
	}
	tmp, err := os.CreateTemp("", "goproxytui-deep-*.zip")
	if err != nil {
		return fail(ClassProtocol, err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()

	tr := newTrace()
	defer tr.closeAll()
	client := newClient(ctx, tr, opt)
	defer client.Transport.(*http.Transport).CloseIdleConnections()

	zipURL := join(base, escapedPath(d.Module)+"/@v/"+mustEscapeVersion(d.Version)+".zip")
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, tr.hooks()), "GET", zipURL.String(), nil)
	if err != nil {
		return fail(ClassProtocol, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		var r Result
		tr.fill(&r)
		r.classifyErr(ctx, tr, err, opt)
		r.scrub(base)
		d.Class, d.Reason, d.msg = r.Class, r.Reason, r.msg
		d.Duration = time.Since(d.Start)
		return d
	}
	d.Status = resp.StatusCode
	if resp.StatusCode != http.StatusOK {
		body, _ := readBody(resp, maxErrorBody)
		var r Result
		r.httpFailure(resp, body)
		r.scrub(base)
		d.Class, d.Reason, d.msg = r.Class, r.Reason, r.msg
		d.Duration = time.Since(d.Start)
		return d
	}
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, modzip.MaxZipFile+1))
	resp.Body.Close()
	end := time.Now()
	d.Bytes, d.Duration = n, end.Sub(d.Start)
	if xfer := end.Sub(tr.firstByteTime()); xfer > 0 {
		d.Throughput = float64(n) / xfer.Seconds()
	}
	switch {
	case err != nil:
		var r Result
		r.classifyBodyErr(ctx, err, int(n), opt)
		d.Class, d.Reason, d.msg = r.Class, r.Reason, r.msg
		return d
	case n > modzip.MaxZipFile:
		return fail(ClassProtocol, i18n.Errorf("module zip over the go command's limit of %d bytes", int64(modzip.MaxZipFile)))
	}
	if err := tmp.Close(); err != nil {
		return fail(ClassProtocol, err)
	}
	d.Hash, err = dirhash.HashZip(tmp.Name(), dirhash.Hash1)
	if err != nil {
		return fail(ClassProtocol, i18n.Errorf("the zip does not open: %s", errText(err)))
	}

	d.GoSum, d.SumSource, err = lookupGoSum(ctx, client, base, d.Module, d.Version, opt)
	switch {
	case err != nil:
		d.note(asMsg(err))
		d.Class = ClassOK
	case d.GoSum == d.Hash:
		d.Verified = boolp(true)
		d.Class = ClassOK
	default:
		d.Verified = boolp(false)
		return fail(ClassProtocol, i18n.Errorf("checksum mismatch: the zip hashes to %s but the checksum database says %s: this mirror serves altered content", d.Hash, d.GoSum))
	}
	return d
}

func asMsg(err error) *i18n.Msg {
	var m *i18n.Msg
	if errors.As(err, &m) && m == err {
		return m
	}
	return &i18n.Msg{Format: "%s", Args: []any{sanitize.Line(err.Error(), 200)}}
}

// lookupGoSum returns the go.sum hash of mod@ver from the checksum database
// and where it was found.
func lookupGoSum(ctx context.Context, client *http.Client, base *url.URL, mod, ver string, opt *Options) (hash, source string, err error) {
	if opt.NoSumDB {
		return "", "", i18n.Errorf("GOSUMDB=off: the hash is not checked")
	}
	key := opt.SumDBKey
	if key == "" && opt.SumDB == DefaultSumDB {
		key = SumGolangOrgKey
	}
	if key == "" {
		return "", "", i18n.Errorf("no verifier key for the checksum database %s: the hash is not checked", opt.SumDB)
	}
	// As the go command: through the mirror if it proxies the database.
	dbURL := join(base, "sumdb/"+opt.SumDB)
	source = i18n.N("through the mirror")
	viaMirror := false
	if opt.SumDBURL == "" || opt.SumDBURL == "off" {
		status, _, _ := get(ctx, client, join(base, "sumdb/"+opt.SumDB+"/supported"))
		viaMirror = status == http.StatusOK
	}
	if !viaMirror {
		direct := opt.SumDBURL
		if direct == "off" {
			return "", "", i18n.Errorf("the mirror does not proxy the checksum database and direct lookups are off: the hash is not checked")
		}
		if direct == "" {
			direct = "https://" + opt.SumDB
		}
		if dbURL, err = url.Parse(strings.TrimSuffix(direct, "/")); err != nil {
			return "", "", err
		}
		source = mirrors.RedactURL(dbURL.String())
	}
	// As an error argument the source is translated with the message.
	var where error = &i18n.Msg{Format: source}
	ops := &sumdbOps{ctx: ctx, client: client, base: dbURL, key: key, config: map[string][]byte{}}
	lines, err := sumdb.NewClient(ops).Lookup(mod, ver)
	if err != nil {
		ops.mu.Lock()
		sec := ops.security
		ops.mu.Unlock()
		if sec != "" {
			return "", "", i18n.Errorf("checksum database %s: %s", where, sanitize.Line(firstLine(sec), 200))
		}
		return "", "", i18n.Errorf("checksum database %s: %s", where, errText(err))
	}
	prefix := mod + " " + ver + " "
	for _, l := range lines {
		if h, ok := strings.CutPrefix(l, prefix); ok {
			return strings.TrimSpace(h), source, nil
		}
	}
	return "", "", i18n.Errorf("checksum database %s has no line for %s@%s", where, mod, ver)
}

// sumdbOps lets a sumdb.Client talk to a checksum database over HTTP with
// the probe's client, caching nothing on disk.
type sumdbOps struct {
	ctx    context.Context
	client *http.Client
	base   *url.URL
	key    string

	mu       sync.Mutex
	config   map[string][]byte
	security string // message of a SecurityError
}

// ReadRemote fetches path ("/lookup/...", "/tile/...") from the database.
func (o *sumdbOps) ReadRemote(path string) ([]byte, error) {
	u := *o.base
	u.Path = strings.TrimSuffix(u.Path, "/") + path
	u.RawPath = ""
	status, body, err := get(o.ctx, o.client, &u)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d", path, status)
	}
	return body, nil
}

// ReadConfig gives the verifier key, and the latest tree seen in this
// lookup (none at first: every deep probe verifies from scratch).
func (o *sumdbOps) ReadConfig(file string) ([]byte, error) {
	if file == "key" {
		return []byte(o.key), nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.config[file], nil // nil: start from an empty tree
}

// WriteConfig keeps the latest tree in memory, compare-and-swap.
func (o *sumdbOps) WriteConfig(file string, old, new []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if string(o.config[file]) != string(old) {
		return sumdb.ErrWriteConflict
	}
	o.config[file] = new
	return nil
}

// ReadCache, WriteCache and Log: nothing is cached or logged.
func (o *sumdbOps) ReadCache(string) ([]byte, error) { return nil, os.ErrNotExist }
func (o *sumdbOps) WriteCache(string, []byte)        {}
func (o *sumdbOps) Log(string)                       {}

// SecurityError keeps the database's inconsistency for the reason (the
// client then fails with sumdb.ErrSecurity).
func (o *sumdbOps) SecurityError(msg string) {
	o.mu.Lock()
	o.security = msg
	o.mu.Unlock()
}

// ZipOutcome is what the go command would make of the .zip the deep probe
// got: a 200 whose zip does not open or does not match the checksum
// database is a broken 200 (mirrors.OutcomeBroken: final, the download
// fails at this mirror); a zip over go's size limit too; other failures are
// as Class.Outcome says.
func (d DeepResult) ZipOutcome() mirrors.Outcome {
	if d.Class == ClassProtocol && d.Status == 200 {
		return mirrors.OutcomeBroken
	}
	return d.Class.Outcome()
}
