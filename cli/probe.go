package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// probeJSON is one element of `probe --json`. Keys are not translated;
// reason and notes are English; url is redacted.
type probeJSON struct {
	ID             string          `json:"id"`
	URL            string          `json:"url"`
	Class          string          `json:"class"`
	Reason         string          `json:"reason"`
	Status         int             `json:"status"`
	Samples        int             `json:"samples"`
	Loss           float64         `json:"loss"`
	Phases         probePhasesJSON `json:"phases"`
	P50            *float64        `json:"p50_ms"` // null without a successful sample
	P95            *float64        `json:"p95_ms"`
	TLS            *probeTLSJSON   `json:"tls"`
	SumDBSupported *bool           `json:"sumdb_supported"`
	ListOK         *bool           `json:"list_ok"`
	Health         string          `json:"health"`
	RemoteAddr     string          `json:"remote_addr,omitempty"`
	ViaProxy       string          `json:"via_proxy,omitempty"`
	Body           string          `json:"body,omitempty"`
	Notes          []string        `json:"notes,omitempty"`
	Deep           *probeDeepJSON  `json:"deep,omitempty"`
	// Operations is the probe's result for each operation the go command
	// asks a mirror for: pinned (.info), query (@v/list, then @latest)
	// and checksum (/sumdb/<name>/supported and a lookup).
	Operations []probeOpJSON `json:"operations"`
}

// outcomeName names an operation's outcome in --json: ok, not-found,
// error, hang or broken (a 200 go rejects).
func outcomeName(o mirrors.Outcome) string {
	switch o {
	case mirrors.OutcomeOK:
		return "ok"
	case mirrors.OutcomeNotFound:
		return "not-found"
	case mirrors.OutcomeHang:
		return "hang"
	case mirrors.OutcomeBroken:
		return "broken"
	}
	return "error"
}

// probeOpJSON is one operation's result (probe.OpResult) in --json.
type probeOpJSON struct {
	Op      string `json:"op"`                // pinned, query, checksum
	Checked bool   `json:"checked"`           // false: not asked (the rest is empty)
	Outcome string `json:"outcome,omitempty"` // ok, not-found, error, hang, broken
	Status  int    `json:"status,omitempty"`  // the HTTP status that decided; 0: no answer
}

type probePhasesJSON struct {
	DNS      float64 `json:"dns_ms"`
	Connect  float64 `json:"connect_ms"`
	TLS      float64 `json:"tls_ms"`
	TTFB     float64 `json:"ttfb_ms"` // from the request sent to the first response byte
	Transfer float64 `json:"transfer_ms"`
	Total    float64 `json:"total_ms"`
}

type probeTLSJSON struct {
	Version      string    `json:"version"`
	ALPN         string    `json:"alpn"`
	Issuer       string    `json:"issuer"`
	NotAfter     time.Time `json:"not_after"` // earliest in the verified chain
	DaysLeft     int       `json:"days_left"`
	Subject      string    `json:"subject"`
	CipherSuite  string    `json:"cipher_suite"`
	LeafNotAfter time.Time `json:"leaf_not_after"`
	VerifyError  string    `json:"verify_error,omitempty"`
}

type probeDeepJSON struct {
	Module       string   `json:"module"`
	Class        string   `json:"class"`
	Reason       string   `json:"reason"`
	Status       int      `json:"status"`
	Bytes        int64    `json:"bytes"`
	DurationMS   float64  `json:"duration_ms"`
	BytesPerSec  float64  `json:"bytes_per_sec"`
	Hash         string   `json:"hash"`
	GoSum        string   `json:"gosum"`
	SumSource    string   `json:"sum_source"`
	HashVerified *bool    `json:"hash_verified"`
	Notes        []string `json:"notes,omitempty"`
}

// probeRun is what `probe` measured for one mirror.
type probeRun struct {
	m     mirrors.Mirror
	last  probe.Result
	sumdb *bool // last known answer of the sumdb check
	list  *bool
	deep  *probe.DeepResult
}

// usable: the last probe succeeded and a deep probe, if any, found no
// tampering.
func (p *probeRun) usable() bool {
	if !p.last.OK() {
		return false
	}
	return p.deep == nil || p.deep.Verified == nil || *p.deep.Verified
}

// probeOptions are the arguments and flags of probe.
type probeOptions struct {
	asJSON, deep      bool
	watch, wide       bool
	count             int
	interval, timeout time.Duration
	canary            string
	mirrors           []string        // the MIRROR arguments
	set               map[string]bool // the flags given
	cmdPath           string          // for the --help hint of a usage error
}

// newProbeCmd measures mirrors: `goproxytui probe [flags] [MIRROR ...]`.
func newProbeCmd(a *app) *cobra.Command {
	l := a.lang
	var o probeOptions
	cmd := &cobra.Command{
		Use:   "probe [MIRROR ...]",
		Short: l.T("measure mirrors: phases, TLS, protocol checks, health"),
		Long: l.T("Measures each mirror on a fresh connection: DNS, connect, TLS, first byte, total; TLS version and certificate expiry; Go protocol checks. MIRROR is a catalog id or a URL; default: every catalog and config mirror not hidden.") +
			"\n\n" + l.T("With --watch it probes until interrupted and prints each result as it arrives: one JSON object a line with --json (the objects of --json's array), else a table updated in place on a terminal and one line per result otherwise.") +
			"\n\n" + l.T("Exit status: 0 when at least one mirror is usable, 1 when none is, 2 on bad arguments; with --watch, 0 when stopped by SIGINT or SIGTERM.") +
			"\n\n" + l.T("Classes: ok; DNS failure; refused; timeout (connect); TLS error; timeout (TLS); stall (no answer: go would hang); not found (404/410: under ',' go tries the next proxy); client error (4xx); server error (5xx); bad answer (not the module's .info); reset (connection cut). --json gives the machine names (dns, connect_timeout, tls_timeout, stall, not_found, http_5xx, ...)."),
		Example:           "goproxytui probe\ngoproxytui probe goproxy.cn aliyun --count 5 --interval 2s\ngoproxytui probe --deep --json\ngoproxytui probe --watch --json | jq -c '{id, class, total: .phases.total_ms}'",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: a.completeMirrorArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.mirrors, o.cmdPath, o.set = args, cmd.CommandPath(), map[string]bool{}
			cmd.Flags().Visit(func(f *pflag.Flag) { o.set[f.Name] = true })
			return a.runProbe(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.asJSON, "json", false, l.T("print a JSON array, one object per mirror"))
	f.IntVar(&o.count, "count", 1, l.T("probe N rounds and report p50, p95 and loss"))
	durationOrZeroVar(f, &o.interval, "interval", time.Second, l.T("wait this long between rounds"))
	durationVar(f, &o.timeout, "timeout", 0, l.T("give up on a probe after this long (default: config, 5s)"))
	f.StringVar(&o.canary, "canary", "", l.T("the canary to fetch, as module@version (default: config, rsc.io/quote@v1.5.2)"))
	f.BoolVar(&o.watch, "watch", false, l.T("probe until interrupted, printing each result as it arrives (NDJSON with --json)"))
	f.BoolVar(&o.wide, "wide", false, l.T("show every column of the table (each phase, TLS version, ALPN); without it the table fits 80 columns"))
	f.BoolVar(&o.deep, "deep", false, l.T("also download the canary's zip: throughput and hash checked against the checksum database"))
	return cmd
}

func (a *app) runProbe(ctx context.Context, o probeOptions) error {
	if err := o.check(); err != nil {
		return usageError(o.cmdPath, err)
	}
	cfg, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	var ms []mirrors.Mirror
	seen := map[string]bool{}
	for _, arg := range o.mirrors {
		m, err := resolveMirror(cat, arg)
		if err != nil {
			return usageError(o.cmdPath, err)
		}
		if !seen[m.ID] {
			seen[m.ID] = true
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		ms = cat.Visible()
	}
	if len(ms) == 0 {
		return saying(exitFailure, i18n.N("goproxytui: no mirror to probe: every catalog mirror is hidden"))
	}

	opt := probe.OptionsFrom(cfg.Probe)
	if o.set["timeout"] {
		opt.Timeout = o.timeout
	}
	if o.set["canary"] {
		opt.Canary = o.canary
	}
	a.sumdbOptions(&opt)
	if _, _, err := probe.ParseCanary(opt.Canary); err != nil {
		return configError(err) // from the config file
	}
	conc := probe.Concurrency(cfg.Probe.Concurrency, len(ms))

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The statistics cover a bounded window (the config's history, 300
	// by default), however many rounds: memory stays flat.
	if o.watch {
		sc := probe.SchedulerConfigFrom(cfg.Probe)
		sc.Options, sc.Interval, sc.Concurrency = opt, o.interval, conc
		if o.interval <= 0 {
			sc.Interval = time.Millisecond // as fast as the probes go
		}
		tracker := probe.NewTracker(probe.HealthConfigFrom(cfg.Probe), probe.Window(0, cfg.Probe.History))
		return exit(a.watchProbes(ctx, ms, sc, tracker, o.asJSON, o.wide))
	}
	tracker := probe.NewTracker(probe.HealthConfigFrom(cfg.Probe), probe.Window(o.count, cfg.Probe.History))
	runs, rounds := a.probeCounted(ctx, ms, opt, conc, o, tracker)
	if rounds == 0 {
		return saying(exitFailure, i18n.N("goproxytui: interrupted before a round finished"))
	}
	if o.deep && ctx.Err() == nil {
		a.deepProbes(ctx, runs, opt, conc)
	}

	if o.asJSON {
		if err := a.printProbeJSON(runs, tracker); err != nil {
			return failure(err)
		}
	} else {
		a.printProbeTable(runs, tracker, o.count > 1, o.wide, opt.Canary)
	}
	for _, r := range runs {
		if r.usable() {
			return nil
		}
	}
	return exit(exitFailure)
}

// check refuses flags that contradict each other or make no sense.
func (o probeOptions) check() error {
	switch {
	case o.count < 1:
		return i18n.Errorf("--count must be at least 1, not %d", o.count)
	case o.watch && o.set["count"]:
		return i18n.Errorf("--watch probes until interrupted: it takes no --count")
	case o.watch && o.deep:
		return i18n.Errorf("--watch does not download zips: drop --deep")
	}
	if o.set["canary"] {
		if _, _, err := probe.ParseCanary(o.canary); err != nil {
			return err
		}
	}
	return nil
}

// probeCounted probes ms for o.count rounds, o.interval apart, into
// tracker, and returns each mirror's run and how many rounds finished
// (an interrupted round does not count).
func (a *app) probeCounted(ctx context.Context, ms []mirrors.Mirror, opt probe.Options, conc int, o probeOptions, tracker *probe.Tracker) ([]*probeRun, int) {
	runs := make([]*probeRun, len(ms))
	for i, m := range ms {
		runs[i] = &probeRun{m: m}
	}
	rounds := 0
	for round := 1; round <= o.count; round++ {
		ro := opt
		if round > 1 { // the checks need not be repeated every round
			ro.CheckList, ro.CheckSumDB = false, false
		}
		results := a.probeRound(ctx, ms, ro, conc, round, o.count)
		if ctx.Err() != nil {
			break // interrupted: this round is incomplete
		}
		rounds++
		for i, r := range results {
			r.Round = uint64(round)
			tracker.Add(r)
			if round > 1 {
				// The checks of round 1 stand for the run: each operation's
				// result (Operations) is the last one measured.
				r.KeepSumDB(runs[i].last, "")
			}
			runs[i].last = r
			if r.SumDBSupported != nil {
				runs[i].sumdb = r.SumDBSupported
			}
			if r.ListOK != nil {
				runs[i].list = r.ListOK
			}
		}
		if round < o.count && !sleepCtx(ctx, o.interval) {
			break
		}
	}
	return runs, rounds
}

// sumdbOptions points deep probes at the checksum database GOSUMDB names
// in the environment, as the go command would (the go env file's value is
// not read here).
func (a *app) sumdbOptions(opt *probe.Options) {
	v := strings.TrimSpace(a.getenv("GOSUMDB"))
	if v == "" {
		return
	}
	db, err := mirrors.ParseSumDB(v)
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: ignoring GOSUMDB: %v", shown(a.lang.Error(err))))
		return
	}
	if db.Off {
		opt.NoSumDB = true
		return
	}
	opt.SumDB, opt.SumDBKey, opt.SumDBURL = db.Name, db.Key, db.URL
}

// probeRound probes every mirror once, concurrently (at most conc at a
// time), and returns the results in the order of ms. On a terminal it
// shows a progress line on stderr as results arrive.
func (a *app) probeRound(ctx context.Context, ms []mirrors.Mirror, opt probe.Options, conc, round, rounds int) []probe.Result {
	type indexed struct {
		i int
		r probe.Result
	}
	ch := make(chan indexed)
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			ch <- indexed{i, probe.Probe(ctx, m, opt)}
		}()
	}
	go func() { wg.Wait(); close(ch) }()
	out := make([]probe.Result, len(ms))
	done := 0
	a.probeProgress(round, rounds, done, len(ms))
	for x := range ch {
		out[x.i] = x.r
		done++
		a.probeProgress(round, rounds, done, len(ms))
	}
	if a.stderrTTY {
		fmt.Fprint(a.stderr, "\r\x1b[K")
	}
	return out
}

func (a *app) probeProgress(round, rounds, done, total int) {
	if !a.stderrTTY {
		return
	}
	if rounds > 1 {
		fmt.Fprint(a.stderr, "\r\x1b[K", a.lang.T("probing: round %d/%d, %d/%d mirrors answered", round, rounds, done, total))
		return
	}
	fmt.Fprint(a.stderr, "\r\x1b[K", a.lang.T("probing: %d/%d mirrors answered", done, total))
}

// deepProbes downloads the canary's zip through every mirror whose last
// probe succeeded.
func (a *app) deepProbes(ctx context.Context, runs []*probeRun, opt probe.Options, conc int) {
	var ms []mirrors.Mirror
	var at []int
	for i, r := range runs {
		if r.last.OK() {
			ms, at = append(ms, r.m), append(at, i)
		}
	}
	for k, d := range a.deepAll(ctx, ms, opt, conc) {
		runs[at[k]].deep = &d
	}
}

// deepAll runs probe.Deep (the canary's .zip downloaded and its hash
// checked) on each of ms, conc at once, saying so on a terminal; the
// results are in the order of ms.
func (a *app) deepAll(ctx context.Context, ms []mirrors.Mirror, opt probe.Options, conc int) []probe.DeepResult {
	out := make([]probe.DeepResult, len(ms))
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = probe.Deep(ctx, m, opt.Canary, opt)
		})
	}
	if a.stderrTTY {
		fmt.Fprint(a.stderr, "\r\x1b[K", a.lang.T("deep probe: downloading %s…", opt.Canary))
	}
	wg.Wait()
	if a.stderrTTY {
		fmt.Fprint(a.stderr, "\r\x1b[K")
	}
	return out
}

// sleepCtx waits d; false if ctx ended first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// ms converts a duration to milliseconds with microsecond precision.
func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

func msPtr(d time.Duration, ok bool) *float64 {
	if !ok {
		return nil
	}
	v := ms(d)
	return &v
}

func (a *app) printProbeJSON(runs []*probeRun, tr *probe.Tracker) error {
	out := make([]probeJSON, 0, len(runs))
	for _, run := range runs {
		out = append(out, probeJSONOf(run, tr.Stats(run.last.MirrorID)))
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// probeJSONOf is one element of `probe --json`, and one line of `probe
// --watch --json`.
func probeJSONOf(run *probeRun, st probe.Stats) probeJSON {
	r := run.last
	p := r.Phases
	j := probeJSON{
		ID: run.m.ID, URL: mirrors.RedactURL(run.m.URL), Class: string(r.Class), Reason: r.Reason,
		Status: r.Status, Samples: st.Samples, Loss: st.Loss,
		Phases: probePhasesJSON{DNS: ms(p.DNS), Connect: ms(p.Connect), TLS: ms(p.TLS),
			TTFB: ms(p.TTFB), Transfer: ms(p.Transfer), Total: ms(p.Total)},
		P50: msPtr(st.P50, st.OKs > 0), P95: msPtr(st.P95, st.OKs > 0),
		SumDBSupported: run.sumdb, ListOK: run.list, Health: st.Health.String(),
		RemoteAddr: r.RemoteAddr, ViaProxy: r.ViaProxy, Body: r.Body, Notes: r.Notes,
	}
	for _, op := range r.Operations() {
		oj := probeOpJSON{Op: string(op.Op), Checked: op.Checked}
		if op.Checked {
			oj.Outcome, oj.Status = outcomeName(op.Outcome), op.Status
		}
		j.Operations = append(j.Operations, oj)
	}
	if t := r.TLS; t != nil {
		j.TLS = &probeTLSJSON{
			Version: t.Version, ALPN: t.ALPN, Issuer: t.Issuer, NotAfter: t.ChainNotAfter,
			DaysLeft: t.DaysLeft, Subject: t.Subject, CipherSuite: t.CipherSuite,
			LeafNotAfter: t.LeafNotAfter, VerifyError: t.VerifyError,
		}
	}
	if d := run.deep; d != nil {
		j.Deep = &probeDeepJSON{
			Module: d.Module + "@" + d.Version, Class: string(d.Class), Reason: d.Reason, Status: d.Status,
			Bytes: d.Bytes, DurationMS: ms(d.Duration), BytesPerSec: math.Round(d.Throughput),
			Hash: d.Hash, GoSum: d.GoSum, SumSource: d.SumSource, HashVerified: d.Verified, Notes: d.Notes,
		}
	}
	return j
}

// dur formats a phase for the table: "—" when it did not happen.
func dur(d time.Duration) string {
	switch {
	case d <= 0:
		return "—"
	case d < 10*time.Millisecond:
		return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) + "ms"
	case d < 10*time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
}

func tri(b *bool) string {
	switch {
	case b == nil:
		return "?"
	case *b:
		return "✓"
	}
	return "✗"
}

// printProbeTable prints one row per mirror in the spirit of httpstat, then
// the reasons, error bodies and notes, then the deep probes.
func (a *app) printProbeTable(runs []*probeRun, tr *probe.Tracker, stats, wide bool, canary string) {
	l := a.lang
	rows := [][]string{tableColumns(probeHeader(l, stats), stats, wide)}
	for _, run := range runs {
		rows = append(rows, tableColumns(probeRow(l, run, tr.Stats(run.last.MirrorID), stats), stats, wide))
	}
	writeColumns(a.stdout, rows)

	var notes []string
	for _, run := range runs {
		r := run.last
		id := sanitize.Line(run.m.ID, 40)
		if msg := r.Message(l); msg != "" {
			notes = append(notes, fmt.Sprintf("%s: %s", id, msg))
		}
		if r.Body != "" {
			for _, line := range strings.Split(r.Body, "\n") {
				notes = append(notes, "    | "+sanitize.Line(line, 200))
			}
		}
		for _, n := range r.NoteMessages(l) {
			notes = append(notes, fmt.Sprintf("%s: %s", id, l.T("check note: %s", n)))
		}
		if t, ok := queryCaveat(run); ok {
			notes = append(notes, fmt.Sprintf("%s: %s %s", id, partialMark, l.T("usable for pinned builds (a complete go.mod); %s", t.In(l))))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(a.stdout)
		for _, n := range notes {
			fmt.Fprintln(a.stdout, n)
		}
	}

	var deep [][]string
	for _, run := range runs {
		d := run.deep
		if d == nil {
			continue
		}
		id := sanitize.Line(run.m.ID, 40)
		if d.Class != probe.ClassOK {
			deep = append(deep, []string{"  " + id, string(d.Class), d.Message(l)})
			continue
		}
		check := l.T("hash not checked: %s", strings.Join(d.NoteMessages(l), "; "))
		if d.Verified != nil && *d.Verified {
			check = l.T("hash matches the checksum database (%s)", l.T(d.SumSource))
		}
		deep = append(deep, []string{"  " + id, byteSize(d.Bytes), dur(d.Duration), byteSize(int64(d.Throughput)) + "/s", check})
	}
	if len(deep) > 0 {
		fmt.Fprintln(a.stdout)
		fmt.Fprintln(a.stdout, l.T("Deep probe (%s.zip):", shown(canary)))
		writeColumns(a.stdout, deep)
	}
}

// byteSize formats a byte count with a binary unit.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for x := n / unit; x >= unit && exp < 3; x /= unit {
		div *= unit
		exp++
	}
	return strconv.FormatFloat(float64(n)/float64(div), 'f', 1, 64) + " " + []string{"KiB", "MiB", "GiB", "TiB"}[exp]
}
