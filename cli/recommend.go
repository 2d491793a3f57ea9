package cli

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// adviceHooks are set only by in-process tests of recommend and doctor, to
// keep DNS and the public checksum databases hermetic: probeOptions adjusts
// every probe's options (a fake resolver, the test CA), sumdbURL maps a
// checksum database URL to a local one.
var adviceHooks struct {
	probeOptions func(*probe.Options)
	sumdbURL     func(string) string
}

// defaultRounds is how many times recommend probes each candidate.
const defaultRounds = 3

// newRecommendCmd: `recommend [--apply] [--json] [--rounds N] [--timeout D]
// [MIRROR ...]`: probe the candidates a few rounds, propose a chain and a
// GOSUMDB with a reason for every choice, and apply them with --apply.
func newRecommendCmd(a *app) *cobra.Command {
	l := a.lang
	var o recommendOptions
	cmd := &cobra.Command{
		Use:               "recommend [MIRROR ...]",
		Short:             l.T("probe mirrors and propose a chain and GOSUMDB"),
		Long:              l.T("Probes the mirrors (every enabled one, or the catalog ids and URLs given) for a few rounds and proposes a GOPROXY chain and a GOSUMDB, with a reason for every choice."),
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: a.completeMirrorArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.mirrors, o.cmdPath = args, cmd.CommandPath()
			return a.runRecommend(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.apply, "apply", false, l.T("write the proposal to the go env file (through go env -w, atomically) and print what changed"))
	f.BoolVar(&o.asJSON, "json", false, l.T("print an object: goproxy, gosumdb, reasons, candidates"))
	f.IntVar(&o.rounds, "rounds", defaultRounds, l.T("probe rounds per mirror"))
	durationVar(f, &o.timeout, "timeout", 0, l.T("timeout of one probe (default: the config's probe timeout, 5s)"))
	return cmd
}

// recommendOptions are the arguments and flags of recommend.
type recommendOptions struct {
	apply, asJSON bool
	rounds        int
	timeout       time.Duration
	mirrors       []string // the MIRROR arguments
	cmdPath       string   // for the --help hint of a usage error
}

func (a *app) runRecommend(ctx context.Context, o recommendOptions) error {
	if o.rounds < 1 || o.rounds > 100 {
		return usageError(o.cmdPath, i18n.Errorf("recommend: --rounds must be between 1 and 100, not %d", o.rounds))
	}
	if o.timeout < 0 {
		return usageError(o.cmdPath, i18n.Errorf("recommend: --timeout must not be negative"))
	}
	cfg, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	var cands []mirrors.Mirror
	for _, arg := range o.mirrors {
		m, err := resolveMirror(cat, arg)
		if err != nil {
			return badInput(err)
		}
		cands = append(cands, m)
	}
	if len(cands) == 0 {
		cands = cat.Visible()
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	opt := adviceOptions(cfg.Probe, o.timeout)
	opt.CheckSumDB = true // which mirrors proxy sum.golang.org decides GOSUMDB
	env := a.newEnv()
	snap, snapErr := env.Read(ctx)
	rec, ok := a.measureAndRecommend(ctx, cfg, cat, cands, o.rounds, opt, snap, snapErr)
	if !ok {
		return exit(130) // interrupted while probing
	}

	var rep *envcfg.Report
	if o.apply && rec.Usable {
		if snapErr != nil {
			return failure(snapErr)
		}
		if rep, err = applyRecommendation(ctx, env, snap, rec); err != nil {
			return failure(err)
		}
	}
	return a.printRecommendation(rec, rep, o)
}

// measureAndRecommend probes cands for rounds and asks the advisor, with
// the checksum database checks it asks for. snapErr is the error of
// reading the go env, if any (then nothing is known of the current
// GOSUMDB or relay). ok is false when ctx ended during the probes.
func (a *app) measureAndRecommend(ctx context.Context, cfg *config.Config, cat *mirrors.Catalog, cands []mirrors.Mirror, rounds int, opt probe.Options, snap envcfg.Snapshot, snapErr error) (rec advisor.Recommendation, ok bool) {
	// Does GOPROXY already go through a goproxytui relay? Asked while the
	// mirrors are probed: then recommend proposes none and keeps that one
	// in front of its proposal.
	relayIn := make(chan string, 1)
	go func() {
		if snapErr != nil {
			relayIn <- ""
			return
		}
		relayIn <- relayInGOPROXY(ctx, advisor.DoctorPlan(snap, cat))
	}()
	results := a.probeRounds(ctx, cands, rounds, opt, cfg.Probe.Concurrency)
	inGOPROXY := <-relayIn
	if ctx.Err() != nil {
		return advisor.Recommendation{}, false
	}
	in := advisor.RecommendInput{
		Lang:           a.lang,
		DirectLast:     cfg.Recommend.DirectLast,
		SumDB:          map[string]advisor.Reach{},
		RelayInGOPROXY: inGOPROXY,
	}
	if snapErr == nil {
		in.CurrentGOSUMDB = snap.Get("GOSUMDB").Value
	}
	for i, m := range cands {
		in.Candidates = append(in.Candidates, advisor.Candidate{Mirror: m, Results: results[i]})
	}
	rec = advisor.Recommend(in)
	for range 3 { // each check can ask for at most one more
		if len(rec.SumDBChecks) == 0 {
			break
		}
		for _, name := range rec.SumDBChecks {
			in.SumDB[name] = checkSumDB(ctx, "https://"+name, opt)
		}
		rec = advisor.Recommend(in)
	}
	return rec, true
}

// applyRecommendation writes the values of rec that differ from snap's
// and returns what changed.
func applyRecommendation(ctx context.Context, env *envcfg.Env, snap envcfg.Snapshot, rec advisor.Recommendation) (*envcfg.Report, error) {
	changes := recommendChanges(snap, rec)
	if len(changes) == 0 {
		return &envcfg.Report{EnvFile: snap.EnvFile, After: snap}, nil
	}
	r, err := env.Apply(ctx, changes)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// printRecommendation prints the proposal (and, when applied, the report
// rep) as text or JSON. Exit 1 when there is nothing to propose, else the
// report's code.
func (a *app) printRecommendation(rec advisor.Recommendation, rep *envcfg.Report, o recommendOptions) error {
	l := a.lang
	code := 0
	if !rec.Usable {
		code = 1
	}
	if o.asJSON {
		if err := a.printRecommendJSON(rec, rep); err != nil {
			return err
		}
		if rep != nil && len(rep.NotEffective) > 0 {
			return exit(reportExitCode(*rep))
		}
		return exit(code)
	}
	a.printRecommendText(rec)
	a.printRecommendRelay(rec)
	switch {
	case !rec.Usable:
		fmt.Fprintln(a.stdout, l.T("No chain to propose: no mirror answered well enough."))
		if o.apply {
			return saying(exitFailure, i18n.N("goproxytui: nothing applied"))
		}
	case rep != nil:
		fmt.Fprintln(a.stdout)
		return a.printReport(*rep, false, false)
	case rec.UseCommand == "":
		fmt.Fprintln(a.stdout)
		fmt.Fprintln(a.stdout, l.T("Apply it with: goproxytui recommend --apply (probes again)"))
	default:
		fmt.Fprintln(a.stdout)
		fmt.Fprintln(a.stdout, l.T("Apply it with: goproxytui recommend --apply (probes again), or: %s", shown(rec.UseCommand)))
	}
	return exit(code)
}

// adviceOptions are the probe options of recommend and doctor: the
// config's, with --timeout when given.
func adviceOptions(pc config.ProbeConfig, timeout time.Duration) probe.Options {
	opt := probe.OptionsFrom(pc)
	if timeout > 0 {
		opt.Timeout = timeout
	}
	if adviceHooks.probeOptions != nil {
		adviceHooks.probeOptions(&opt)
	}
	return opt
}

// recommendChanges are the go env changes that make rec effective: only the
// values that differ from the effective ones, or that an OS variable sets
// (then the file is written and the report says it is not effective).
func recommendChanges(s envcfg.Snapshot, rec advisor.Recommendation) []envcfg.Change {
	var changes []envcfg.Change
	for _, kv := range [][2]string{{"GOPROXY", rec.GOPROXY}, {"GOSUMDB", rec.GOSUMDB}} {
		v := s.Get(kv[0])
		if v.Value == kv[1] && v.Source != envcfg.SourceEnv {
			continue
		}
		changes = append(changes, envcfg.Change{Key: kv[0], Value: kv[1]})
	}
	return changes
}

// probeRounds probes every mirror rounds times (the rounds of one mirror one
// after the other, mirrors in parallel, at most concurrency at once) and
// returns the results by mirror index. A mirror that stalls is not probed
// again: it is out either way, and each stall costs a whole timeout. While it
// runs, stderr shows "mirrors done/total" when it is a terminal.
func (a *app) probeRounds(ctx context.Context, ms []mirrors.Mirror, rounds int, opt probe.Options, concurrency int) [][]probe.Result {
	if concurrency <= 0 {
		concurrency = 8
	}
	out := make([][]probe.Result, len(ms))
	var mu sync.Mutex
	done := 0
	progress := func() {
		if a.stderrTTY {
			fmt.Fprintf(a.stderr, "\r\x1b[K%s", a.lang.T("probing mirrors: %d/%d done", done, len(ms)))
		}
	}
	progress()
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			var rs []probe.Result
			for range rounds {
				if ctx.Err() != nil {
					break
				}
				r := probe.Probe(ctx, m, opt)
				rs = append(rs, r)
				if r.Class == probe.ClassStall {
					break
				}
			}
			mu.Lock()
			out[i] = rs
			done++
			progress()
			mu.Unlock()
		})
	}
	wg.Wait()
	if a.stderrTTY {
		fmt.Fprint(a.stderr, "\r\x1b[K")
	}
	return out
}

// checkSumDB asks <base>/latest, as the go command first does with a
// checksum database, and says whether a signed tree head came back. It
// honours HTTPS_PROXY like the go command, and the probe options' roots,
// resolver and timeout.
func checkSumDB(ctx context.Context, base string, opt probe.Options) advisor.Reach {
	if adviceHooks.sumdbURL != nil {
		base = adviceHooks.sumdbURL(base)
	}
	r := advisor.Reach{URL: mirrors.RedactURL(base)}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = probe.DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	proxy := opt.Proxy
	if proxy == nil {
		proxy = http.ProxyFromEnvironment
	}
	tr := &http.Transport{
		Proxy:             proxy,
		TLSClientConfig:   &tls.Config{RootCAs: opt.RootCAs},
		DisableKeepAlives: true,
		ForceAttemptHTTP2: true,
	}
	if opt.Resolver != nil {
		tr.DialContext = resolvingDialer(opt)
	}
	defer tr.CloseIdleConnections()
	var connected atomic.Bool
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { connected.Store(true) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodGet, trimSlash(base)+"/latest", nil)
	if err != nil {
		r.Class, r.Reason = probe.ClassProtocol, sanitize.Line(unwrapURLError(err).Error(), 200)
		return r
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		r.Class = reachClass(ctx, err, connected.Load())
		if r.Class != probe.ClassStall && r.Class != probe.ClassConnectTimeout {
			r.Reason = sanitize.Line(unwrapURLError(err).Error(), 200)
		}
		return r
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode != http.StatusOK:
		r.Class, r.Reason = probe.ClassHTTP4xx, sanitize.Line("HTTP "+resp.Status, 100)
		if resp.StatusCode >= 500 {
			r.Class = probe.ClassHTTP5xx
		}
	case err != nil:
		r.Class, r.Reason = probe.ClassReset, sanitize.Line(err.Error(), 200)
	case !bytes.HasPrefix(body, []byte("go.sum database tree\n")):
		r.Class = probe.ClassProtocol // not a signed tree head
	default:
		r.OK = true
	}
	return r
}

// resolvingDialer resolves with opt.Resolver and dials the first address,
// as probes do (tests inject a fake resolver).
func resolvingDialer(opt probe.Options) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ips, err := opt.Resolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, &net.DNSError{Err: err.Error(), Name: host, IsNotFound: true}
		}
		if len(ips) == 0 {
			return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
		dial := opt.Dial
		if dial == nil {
			dial = (&net.Dialer{}).DialContext
		}
		return dial(ctx, network, net.JoinHostPort(ips[0].String(), port))
	}
}

// reachClass classifies a failed checksum database request.
func reachClass(ctx context.Context, err error, connected bool) probe.Class {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &dnsErr):
		return probe.ClassDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return probe.ClassRefused
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalid):
		return probe.ClassTLS
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		if connected {
			return probe.ClassStall
		}
		return probe.ClassConnectTimeout
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return probe.ClassReset
	}
	return probe.ClassReset
}

// unwrapURLError drops url.Error's method and URL (which may hold
// credentials) from an error.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// printRecommendText prints the proposal and its reasons.
func (a *app) printRecommendText(rec advisor.Recommendation) {
	l := a.lang
	if rec.Usable {
		fmt.Fprintln(a.stdout, l.T("Proposed:"))
		fmt.Fprintf(a.stdout, "  GOPROXY=%s\n", shown(rec.Display))
		fmt.Fprintf(a.stdout, "  GOSUMDB=%s\n", shown(mirrors.RedactURL(rec.GOSUMDB)))
		fmt.Fprintln(a.stdout)
	}
	fmt.Fprintln(a.stdout, l.T("Reasons:"))
	for _, r := range rec.Reasons {
		fmt.Fprintf(a.stdout, "  - %s\n", sanitize.Line(r, 1000))
	}
}

// recommendJSON is the object recommend --json prints.
type recommendJSON struct {
	GOPROXY    string              `json:"goproxy"` // credentials redacted
	GOSUMDB    string              `json:"gosumdb"`
	Usable     bool                `json:"usable"`
	Reasons    []string            `json:"reasons"`
	Use        string              `json:"use,omitempty"` // the goproxytui use command that applies it
	Candidates []recommendCandJSON `json:"candidates"`
	Applied    *reportJSON         `json:"applied,omitempty"` // as use --json prints it`
	Relay      *recommendRelayJSON `json:"relay,omitempty"`   // goproxytui relay, when proposed
	// Verdicts are what go would do through the proposal per operation,
	// as doctor would judge it once written; absent when nothing is usable.
	Verdicts *recommendVerdictsJSON `json:"verdicts,omitempty"`
}

// recommendVerdictsJSON is advisor.Verdicts in --json: doctor's finding
// codes for the download and the version query, and one line per
// operation.
type recommendVerdictsJSON struct {
	Download string   `json:"download"` // chain-ok, chain-fails, ...
	Query    string   `json:"query"`    // query-ok, query-fails, ...
	Words    []string `json:"words"`
}

// recommendRelayJSON is recommend's relay proposal in --json.
type recommendRelayJSON struct {
	Command string `json:"command"` // "" when it would show credentials
	Chain   string `json:"chain"`   // its upstreams, credentials redacted
	Why     string `json:"why"`
}

type recommendCandJSON struct {
	ID             string         `json:"id"`
	URL            string         `json:"url"`
	Chosen         bool           `json:"chosen"`
	Position       int            `json:"position"` // 1-based; 0 when left out
	Rounds         int            `json:"rounds"`
	OK             int            `json:"ok"`
	Loss           float64        `json:"loss"`
	P50ms          *float64       `json:"p50_ms"`
	P95ms          *float64       `json:"p95_ms"`
	Failures       map[string]int `json:"failures"`
	SumDBSupported *bool          `json:"sumdb_supported"`
	TLSDaysLeft    *int           `json:"tls_days_left"`
	Reason         string         `json:"reason"`
}

func (a *app) printRecommendJSON(rec advisor.Recommendation, rep *envcfg.Report) error {
	out := recommendJSON{
		GOPROXY: rec.Display, GOSUMDB: mirrors.RedactURL(rec.GOSUMDB), Usable: rec.Usable,
		Reasons: rec.Reasons, Use: rec.UseCommand, Candidates: []recommendCandJSON{},
	}
	if out.Reasons == nil {
		out.Reasons = []string{}
	}
	if rec.Usable {
		d, q := rec.Verdicts.Codes()
		out.Verdicts = &recommendVerdictsJSON{Download: d, Query: q, Words: rec.Verdicts.Words(a.lang)}
	}
	msp := func(d time.Duration) *float64 {
		if d <= 0 {
			return nil
		}
		v := float64(d.Microseconds()) / 1000
		return &v
	}
	for _, ch := range rec.Choices {
		c := recommendCandJSON{
			ID: ch.Mirror.ID, URL: mirrors.RedactURL(ch.Mirror.URL), Chosen: ch.Chosen, Position: ch.Position,
			Rounds: ch.Rounds, OK: ch.OK, Loss: ch.Loss(), P50ms: msp(ch.P50), P95ms: msp(ch.P95),
			Failures: map[string]int{}, SumDBSupported: ch.SumDB, Reason: ch.Reason.In(a.lang),
		}
		for cl, n := range ch.Failures {
			c.Failures[string(cl)] = n
		}
		if ch.HasTLS {
			d := ch.TLSDaysLeft
			c.TLSDaysLeft = &d
		}
		out.Candidates = append(out.Candidates, c)
	}
	if rep != nil {
		r := reportToJSON(*rep, false)
		out.Applied = &r
	}
	if p := rec.Relay; p != nil {
		out.Relay = &recommendRelayJSON{Command: p.Command, Chain: p.Display, Why: p.Why}
	}
	return a.printJSON(out)
}

// relayInGOPROXY returns the URL (redacted) of the first goproxytui relay
// among the loopback entries of the plan's GOPROXY, "" when none answers
// as one.
func relayInGOPROXY(ctx context.Context, plan advisor.Plan) string {
	checks := map[string]advisor.RelayCheck{}
	ms := advisor.RelayEntries(plan)
	checkRelays(ctx, ms, checks)
	for _, m := range ms {
		if checks[m.ID].IsRelay {
			return mirrors.RedactURL(m.URL)
		}
	}
	return ""
}

// printRecommendRelay prints the relay proposal, when there is one.
func (a *app) printRecommendRelay(rec advisor.Recommendation) {
	p := rec.Relay
	if p == nil {
		return
	}
	l := a.lang
	fmt.Fprintln(a.stdout)
	if p.Command != "" {
		fmt.Fprintln(a.stdout, l.T("Relay: %s", sanitize.Line(p.Command, 1000)))
	} else {
		fmt.Fprintln(a.stdout, l.T("Relay: goproxytui relay over %s", sanitize.Line(p.Display, 1000)))
	}
	fmt.Fprintln(a.stdout, l.T("  why: %s", sanitize.Line(p.Why, 2000)))
}
