package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// newLsCmd: `ls`: the mirrors, one a line, '*' on the one go asks first (as
// nrm ls and chsrc ls show them).
func newLsCmd(a *app) *cobra.Command {
	l := a.lang
	return &cobra.Command{
		Use:     "ls",
		Aliases: []string{"list"},
		Short:   l.T("list the mirrors, * marking the one go asks first"),
		Long:    l.T("Lists the catalog and config mirrors, one a line: its id and URL, with * on the mirror the go command asks first (the first entry of the GOPROXY it uses). 'goproxytui mirrors' gives every detail."),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runLs(cmd.Context())
		},
	}
}

func (a *app) runLs(ctx context.Context) error {
	_, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	first, _ := a.firstProxy(ctx, cat)
	rows := [][]string{}
	found := false
	for _, m := range cat.Visible() {
		mark := " "
		if asksFirst(m, first) {
			mark, found = "*", true
		}
		rows = append(rows, []string{mark, cleanCell(m.ID), cleanCell(mirrors.RedactURL(m.URL))})
	}
	if first.Kind == mirrors.KindProxy && !found {
		rows = append(rows, []string{"*", cleanCell(first.Label()), a.lang.T("(from GOPROXY)")})
	}
	writeColumns(a.stdout, rows)
	switch first.Kind {
	case mirrors.KindDirect:
		fmt.Fprintln(a.stdout, a.lang.T("GOPROXY starts with direct: go fetches from the origin servers, no mirror"))
	case mirrors.KindOff:
		fmt.Fprintln(a.stdout, a.lang.T("GOPROXY starts with off: go downloads no module"))
	}
	return nil
}

// firstProxy is the first entry of the GOPROXY the go command uses, and
// the whole chain; an Entry of no kind when it cannot be known. When the go
// command cannot tell (a --go that does not run, say), stderr says why no
// mirror is marked.
func (a *app) firstProxy(ctx context.Context, cat *mirrors.Catalog) (mirrors.Entry, mirrors.Chain) {
	s, err := a.newEnv().Read(ctx)
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("warning: no mirror is marked *: the GOPROXY go uses is unknown: %s", a.errorText(err)))
		return mirrors.Entry{Kind: -1}, mirrors.Chain{}
	}
	c, err := mirrors.ParseChain(s.Get("GOPROXY").Value, cat)
	if err != nil || len(c.Entries) == 0 {
		return mirrors.Entry{Kind: -1}, mirrors.Chain{}
	}
	return c.Entries[0], c
}

// asksFirst reports whether m is first, the first entry of GOPROXY: the
// same catalog mirror, or the same URL.
func asksFirst(m mirrors.Mirror, first mirrors.Entry) bool {
	if first.Kind != mirrors.KindProxy {
		return false
	}
	return first.MirrorID != "" && first.MirrorID == m.ID || mirrors.URLKey(first.Resolved()) == mirrors.URLKey(m.URL)
}

// newTestCmd: `test [MIRROR ...]`: probe each mirror once and print its time
// or its failure, as nrm test does.
func newTestCmd(a *app) *cobra.Command {
	l := a.lang
	var o testOptions
	cmd := &cobra.Command{
		Use:   "test [MIRROR ...]",
		Short: l.T("time each mirror once (nrm test): its time or why it failed"),
		Long: l.T("Probes each mirror once (the catalog and config mirrors and those of GOPROXY, or the catalog ids and URLs given) and prints its total time or why it failed, with * on the mirror go asks first. It takes at most --timeout. 'goproxytui probe' measures in detail.") +
			"\n\n" + l.T("Exit status: 0 when at least one mirror answered, 1 when none did, 2 on bad arguments."),
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: a.completeMirrorArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.mirrors, o.cmdPath = args, cmd.CommandPath()
			o.timeoutSet = cmd.Flags().Changed("timeout")
			return a.runTest(cmd.Context(), o)
		},
	}
	durationVar(cmd.Flags(), &o.timeout, "timeout", 0, l.T("give up on a mirror after this long (default: config, 5s)"))
	return cmd
}

// testOptions are the arguments and flags of test.
type testOptions struct {
	mirrors    []string
	timeout    time.Duration
	timeoutSet bool
	cmdPath    string
}

func (a *app) runTest(ctx context.Context, o testOptions) error {
	cfg, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	first, chain := a.firstProxy(ctx, cat)
	ms, err := testMirrors(cat, chain, o.mirrors)
	if err != nil {
		return usageError(o.cmdPath, err)
	}
	opt := probe.OptionsFrom(cfg.Probe)
	if o.timeoutSet {
		opt.Timeout = o.timeout
	}
	opt.CheckList, opt.CheckSumDB = false, false
	a.sumdbOptions(&opt)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	results := a.probeRound(ctx, ms, opt, probe.Concurrency(cfg.Probe.Concurrency, len(ms)), 1, 1)
	if ctx.Err() != nil {
		return exit(130)
	}
	a.printTestRows(ms, results, first)
	for _, r := range results {
		if r.OK() {
			return nil
		}
	}
	return exit(exitFailure)
}

// testMirrors are the mirrors test probes: those named, else the visible
// catalog and config mirrors and the proxies of chain not among them.
func testMirrors(cat *mirrors.Catalog, chain mirrors.Chain, args []string) ([]mirrors.Mirror, error) {
	var ms []mirrors.Mirror
	seen := map[string]bool{}
	add := func(m mirrors.Mirror) {
		if k := mirrors.NewEntry(m).Key(); !seen[k] {
			seen[k] = true
			ms = append(ms, m)
		}
	}
	for _, arg := range args {
		m, err := resolveMirror(cat, arg)
		if err != nil {
			return nil, err
		}
		add(m)
	}
	if len(args) > 0 {
		return ms, nil
	}
	for _, m := range cat.Visible() {
		add(m)
	}
	for _, e := range chain.Entries {
		if e.Kind == mirrors.KindProxy && e.Unusable() == "" {
			add(mirrors.Mirror{ID: e.Key(), Name: e.Label(), URL: e.Resolved(), Source: mirrors.SourceArg})
		}
	}
	if len(ms) == 0 {
		return nil, i18n.Errorf("no mirror to test: every catalog mirror is hidden")
	}
	return ms, nil
}

// printTestRows prints a line a mirror: '*' on the one go asks first, its
// id, then its total time or its failure class and reason.
func (a *app) printTestRows(ms []mirrors.Mirror, results []probe.Result, first mirrors.Entry) {
	rows := make([][]string, 0, len(ms))
	for i, m := range ms {
		mark := " "
		if asksFirst(m, first) {
			mark = "*"
		}
		r := results[i]
		what := strconv.FormatInt(r.Phases.Total.Milliseconds(), 10) + " ms"
		if !r.OK() {
			what = classLabel(a.lang, r.Class)
			if msg := r.Message(a.lang); msg != "" {
				what += ": " + cleanCell(msg)
			}
		}
		rows = append(rows, []string{mark, cleanCell(m.ID), what})
	}
	writeColumns(a.stdout, rows)
}
