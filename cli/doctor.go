package cli

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

// proxyEnvKeys are the OS variables through which the go command (net/http)
// picks an HTTP(S) proxy.
var proxyEnvKeys = []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"}

// proxyEnvOf collects the OS environment's HTTP(S) proxy variables that are
// set, for the triage view's doctor (as doctor does).
func proxyEnvOf(getenv func(string) string) map[string]string {
	out := map[string]string{}
	for _, k := range proxyEnvKeys {
		if v := getenv(k); v != "" {
			out[k] = v
		}
	}
	return out
}

// newDoctorCmd: `doctor [--json] [--timeout D]`: diagnose the current setup
// without changing anything. Exit 1 when a finding is an error.
func newDoctorCmd(a *app) *cobra.Command {
	l := a.lang
	var o doctorOptions
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: l.T("diagnose the current setup without changing anything"),
		Long: l.T("Diagnoses the current setup without changing anything: effective values and their sources, values the go command rejects or misreads, every mirror of GOPROXY probed and what go would do now, a goproxytui relay in GOPROXY (its upstreams, and what go does while it is down), the checksum database route, HTTPS_PROXY, certificates about to expire, GOPRIVATE patterns. Each finding says why it matters and the command that fixes it. With --deep each working mirror also serves a small module's .zip, checked against its go.sum hash: a mirror whose .info answers but whose .zip is broken makes go fail.") +
			"\n\n" + l.T("Exit status: 0 no errors, 1 some finding is an error, 2 invalid arguments."),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runDoctor(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, l.T("print an object: env, findings (severity, code, message, why, fix)"))
	durationVar(cmd.Flags(), &o.timeout, "timeout", 0, l.T("timeout of one probe (default: the config's probe timeout, 5s)"))
	cmd.Flags().BoolVar(&o.deep, "deep", false, l.T("also download a small module's .zip through each working mirror and check its hash"))
	return cmd
}

// doctorOptions are the flags of doctor.
type doctorOptions struct {
	json, deep bool
	timeout    time.Duration
}

func (a *app) runDoctor(ctx context.Context, o doctorOptions) error {
	l := a.lang
	cfg, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	snap, err := a.newEnv().Read(ctx)
	if err != nil {
		return failure(err)
	}

	plan := advisor.DoctorPlan(snap, cat)
	opt := adviceOptions(cfg.Probe, o.timeout)
	opt.CheckSumDB = true
	if plan.SumDBErr == nil && !plan.SumDB.Off {
		opt.SumDB = plan.SumDB.Name // ask the mirrors about the database go will use
	}
	in := advisor.DoctorInput{
		Lang:     l,
		Snapshot: snap,
		Catalog:  cat,
		Probes:   map[string]probe.Result{},
		SumDB:    map[string]advisor.Reach{},
		ProxyEnv: proxyEnvOf(a.getenv),
		Relays:   map[string]advisor.RelayCheck{},
		// The relay's address, for the hint that a relay is not running.
		RelayListen: cfg.Relay.ListenAddr(),
	}
	var wg sync.WaitGroup
	probed := map[string]mirrors.Mirror{} // for --deep
	probeAll := func(ms []mirrors.Mirror) {
		maps.Copy(in.Probes, probeMirrors(ctx, ms, opt))
		for _, m := range ms {
			probed[m.ID] = m
		}
	}
	// A loopback entry may be a goproxytui relay: asked for its status
	// while the entries are probed.
	relaysDone := make(chan struct{})
	go func() {
		defer close(relaysDone)
		checkRelays(ctx, advisor.RelayEntries(plan), in.Relays)
	}()
	probeAll(plan.Mirrors)
	<-relaysDone
	// A fix for a relay with nothing after it needs its upstreams measured.
	probeAll(advisor.RelayUpstreamChecks(in))
	// When the chain's own mirrors make no fix, the other catalog and
	// config mirrors are measured too, so that the fix can use one that
	// works now.
	probeAll(advisor.SpareChecks(in))
	for range 3 { // each round of checks can ask for the alternatives
		checks := advisor.SumDBChecks(in)
		if len(checks) == 0 || ctx.Err() != nil {
			break
		}
		reach := make([]advisor.Reach, len(checks))
		for i, u := range checks {
			wg.Go(func() { reach[i] = checkSumDB(ctx, u, opt) })
		}
		wg.Wait()
		for i, u := range checks {
			in.SumDB[u] = reach[i]
		}
	}
	if o.deep {
		in.Deep = a.doctorDeep(ctx, in.Probes, probed, opt)
	}
	if ctx.Err() != nil {
		return exit(130)
	}
	findings := advisor.Doctor(in)

	code := 0
	for _, f := range findings {
		if f.Severity == advisor.SeverityError {
			code = 1
		}
	}
	if o.json {
		if err := a.printDoctorJSON(snap, findings); err != nil {
			return err
		}
		return exit(code)
	}
	a.printDoctorText(snap, findings)
	return exit(code)
}

// doctorDeep downloads the canary's .zip through each mirror whose probe
// worked (deepAll), so that the chain verdict knows a mirror whose .info
// answers but whose .zip go would reject; by the probes' keys.
func (a *app) doctorDeep(ctx context.Context, probes map[string]probe.Result, probed map[string]mirrors.Mirror, opt probe.Options) map[string]probe.DeepResult {
	var ms []mirrors.Mirror
	for id, r := range probes {
		if m, ok := probed[id]; ok && r.OK() {
			ms = append(ms, m)
		}
	}
	out := map[string]probe.DeepResult{}
	for i, d := range a.deepAll(ctx, ms, opt, 4) {
		out[ms[i].ID] = d
	}
	return out
}

// relayStatusTimeout bounds doctor's question to a loopback GOPROXY entry
// whether it is a goproxytui relay: a relay answers at once.
const relayStatusTimeout = 2 * time.Second

// checkRelays asks each of ms (loopback GOPROXY entries) for its relay
// status at once, and records the answers in out by Mirror.ID.
func checkRelays(ctx context.Context, ms []mirrors.Mirror, out map[string]advisor.RelayCheck) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, m := range ms {
		wg.Go(func() {
			st, ok, err := relay.FetchStatus(ctx, m.URL, relayStatusTimeout)
			rc := advisor.RelayCheck{IsRelay: ok, Status: st}
			if err != nil {
				rc.Err = sanitize.Line(mirrors.RedactURL(unwrapURLError(err).Error()), 300)
			}
			mu.Lock()
			out[m.ID] = rc
			mu.Unlock()
		})
	}
	wg.Wait()
}

// doctorKeys are the variables whose effective values doctor shows.
var doctorKeys = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"}

// sourceText says where a value comes from, in words.
func (a *app) sourceText(s envcfg.Snapshot, v envcfg.Var) string {
	l := a.lang
	switch v.Source {
	case envcfg.SourceEnv:
		return l.T("OS environment")
	case envcfg.SourceFile:
		return l.T("go env file %s", shown(s.EnvFile))
	case envcfg.SourceGoroot:
		return l.T("$GOROOT/go.env")
	}
	if (v.Name == "GONOPROXY" || v.Name == "GONOSUMDB") && v.Value != "" && v.Value == s.Get("GOPRIVATE").Value {
		return l.T("GOPRIVATE's value (go's fallback)")
	}
	return l.T("go's built-in default")
}

// printDoctorText prints the effective values, then the findings worst
// first, each with why and the fix, then a count.
func (a *app) printDoctorText(s envcfg.Snapshot, findings []advisor.Finding) {
	l := a.lang
	w := a.stdout
	fmt.Fprintln(w, l.T("Effective settings:"))
	for _, k := range doctorKeys {
		v := s.Get(k)
		val := sanitize.Line(envcfg.RedactValue(v.Value), 200)
		if val == "" {
			val = l.T("(empty)")
		}
		fmt.Fprintf(w, "  %-10s %s   [%s]\n", k, val, a.sourceText(s, v))
	}
	fmt.Fprintln(w)
	if len(findings) == 0 {
		fmt.Fprintln(w, l.T("No findings."))
		return
	}
	fmt.Fprintln(w, l.T("Findings:"))
	counts := map[advisor.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
		msg, code := sanitize.Line(f.Message, 2000), f.Code
		switch f.Severity {
		case advisor.SeverityError:
			fmt.Fprintln(w, l.T("  ERROR   %s  (%s)", msg, code))
		case advisor.SeverityWarning:
			fmt.Fprintln(w, l.T("  WARNING %s  (%s)", msg, code))
		default:
			fmt.Fprintln(w, l.T("  info    %s  (%s)", msg, code))
		}
		if f.Why != "" {
			fmt.Fprintln(w, l.T("          why: %s", sanitize.Line(f.Why, 2000)))
		}
		if f.Fix != "" {
			fmt.Fprintln(w, l.T("          fix: %s", sanitize.Line(f.Fix, 2000)))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("errors: %d, warnings: %d, notes: %d", counts[advisor.SeverityError], counts[advisor.SeverityWarning], counts[advisor.SeverityInfo]))
}

// doctorJSON is the object doctor --json prints.
type doctorJSON struct {
	Env      map[string]doctorEnvJSON `json:"env"`
	Findings []findingJSON            `json:"findings"`
	Errors   int                      `json:"errors"`
	Warnings int                      `json:"warnings"`
}

type doctorEnvJSON struct {
	Value    string  `json:"value"`
	Source   string  `json:"source"`
	Shadowed *string `json:"shadowed"`
}

type findingJSON struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Subject  string `json:"subject,omitempty"`
	Message  string `json:"message"`
	Why      string `json:"why"`
	Fix      string `json:"fix"`
}

func (a *app) printDoctorJSON(s envcfg.Snapshot, findings []advisor.Finding) error {
	out := doctorJSON{Env: map[string]doctorEnvJSON{}, Findings: []findingJSON{}}
	for _, k := range doctorKeys {
		v := s.Get(k)
		e := doctorEnvJSON{Value: envcfg.RedactValue(v.Value), Source: string(v.Source)}
		if v.Shadowed != nil {
			sh := envcfg.RedactValue(*v.Shadowed)
			e.Shadowed = &sh
		}
		out.Env[k] = e
	}
	for _, f := range findings {
		out.Findings = append(out.Findings, findingJSON{
			Severity: string(f.Severity), Code: f.Code, Subject: f.Subject,
			Message: f.Message, Why: f.Why, Fix: f.Fix,
		})
		switch f.Severity {
		case advisor.SeverityError:
			out.Errors++
		case advisor.SeverityWarning:
			out.Warnings++
		}
	}
	return a.printJSON(out)
}
