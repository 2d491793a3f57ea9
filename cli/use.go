package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// useOptions are the flags of use.
type useOptions struct {
	sumdb, private, profile string
	noproxy, nosumdb        string
	dryRun, asJSON, force   bool
	yes                     bool            // write GOSUMDB=off without asking
	timeout                 time.Duration   // of the check of the chain
	set                     map[string]bool // flags given on the command line
	chain                   string          // the CHAIN or PROFILE argument
	haveArg                 bool            // it was given
	cmdPath                 string          // for the --help hint of a usage error
}

// newUseCmd: `use CHAIN [--sumdb VALUE] [--private PATTERNS]`, or
// `use --profile NAME`: expand catalog ids, validate, apply atomically,
// verify, print old → new.
func newUseCmd(a *app) *cobra.Command {
	l := a.lang
	var o useOptions
	cmd := &cobra.Command{
		Use:   "use [CHAIN | PROFILE]",
		Short: l.T("set GOPROXY (and GOSUMDB, GOPRIVATE) safely through go env -w"),
		Long: l.T("Sets GOPROXY to CHAIN (catalog ids stand for their URLs: 'goproxy.cn|aliyun,direct'), checked before anything is written, through go env -w, atomically; then checks that the new values take effect and prints old → new. Undo with 'goproxytui undo'.") +
			"\n\n" + l.T("Exit status: 0 done, 1 failed (nothing written), 2 invalid input (nothing written), 3 written but overridden by an OS variable, 4 written but changed by another program right after."),
		Example: "goproxytui use goproxy.cn,direct\n" +
			"goproxytui use 'goproxy.cn|aliyun,direct' --sumdb sum.golang.google.cn\n" +
			"goproxytui use china --dry-run",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError(cmd.CommandPath(), i18n.Errorf("use: unexpected argument %q (quote a chain that contains '|')", args[1]))
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			out, dir := a.completeChain(toComplete)
			if !strings.ContainsAny(toComplete, ",|") {
				out = append(out, a.profileCompletions(toComplete)...)
			}
			return out, dir
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.set, o.cmdPath = map[string]bool{}, cmd.CommandPath()
			cmd.Flags().Visit(func(f *pflag.Flag) { o.set[f.Name] = true })
			if len(args) == 1 {
				o.chain, o.haveArg = args[0], true
			}
			return a.runUse(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.sumdb, "sumdb", "", l.T("also set GOSUMDB (off, sum.golang.org, sum.golang.google.cn, name+key [URL]); empty resets it"))
	f.StringVar(&o.private, "private", "", l.T("also set GOPRIVATE (comma-separated module path globs); empty resets it"))
	f.StringVar(&o.noproxy, "noproxy", "", l.T("also set GONOPROXY (module path globs fetched directly, not through GOPROXY); empty resets it (then GOPRIVATE applies)"))
	f.StringVar(&o.nosumdb, "nosumdb", "", l.T("also set GONOSUMDB (module path globs not checked against GOSUMDB); empty resets it (then GOPRIVATE applies)"))
	f.BoolVar(&o.force, "force", false, l.T("write without the check: a chain go would fail or hang through, entries the go command never reaches, patterns that match no module path"))
	f.BoolVar(&o.yes, "yes", false, l.T("do not ask before turning checksum verification off (--sumdb off)"))
	durationVar(f, &o.timeout, "timeout", defaultUseTimeout, l.T("how long the check of the chain waits for each mirror"))
	f.StringVar(&o.profile, "profile", "", l.T("apply a profile of the config file (built in: global, china)"))
	f.BoolVar(&o.dryRun, "dry-run", false, l.T("show what would change, write nothing"))
	f.BoolVar(&o.asJSON, "json", false, l.T("print the changes as JSON"))
	_ = cmd.RegisterFlagCompletionFunc("profile", a.completeProfiles)
	_ = cmd.RegisterFlagCompletionFunc("sumdb", cobra.FixedCompletions([]string{"sum.golang.org", "sum.golang.google.cn", "off"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) runUse(ctx context.Context, o useOptions) error {
	usageErr := func(err error) error { return usageError(o.cmdPath, err) }
	if o.haveArg && o.set["profile"] {
		return usageErr(i18n.Errorf("use: give a CHAIN or --profile, not both"))
	}
	if !o.haveArg && !o.set["profile"] && !o.set["sumdb"] && !o.set["private"] && !o.set["noproxy"] && !o.set["nosumdb"] {
		return usageErr(i18n.Errorf("use: missing CHAIN"))
	}
	cfg, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	chain, haveChain, err := useProfile(&o, cfg, cat)
	if err != nil {
		return usageErr(err)
	}
	documented, isDocumented := mirrors.Mirror{}, false
	if haveChain && !o.set["profile"] {
		var form string
		if form, documented, isDocumented = documentedForm(chain, cat); isDocumented {
			chain = form
		}
	}
	env := a.newEnv()
	changes, err := a.useChanges(ctx, env, o, chain, haveChain, cat)
	if err != nil {
		return err
	}
	if err := env.Validate(changes); err != nil {
		return usageErr(err)
	}
	if err := a.confirmSumDBOff(ctx, env, changes, o); err != nil {
		return err
	}
	if haveChain && !o.force {
		sumdb, err := a.useSumDB(ctx, env, changes)
		if err != nil {
			return failure(err)
		}
		if err := a.checkUseChain(ctx, changeValue(changes, "GOPROXY"), sumdb, cat, cfg.Probe, o.timeout); err != nil {
			return err
		}
	}
	say := func() {
		if isDocumented && !o.asJSON {
			a.sayDocumentedForm(changeValue(changes, "GOPROXY"), documented, o.dryRun)
		}
	}
	if o.dryRun {
		err := a.printPlan(ctx, env, changes, o.asJSON)
		if err == nil {
			say()
		}
		return err
	}
	rep, err := env.Apply(ctx, changes)
	if err != nil {
		return failure(err)
	}
	err = a.printReport(rep, o.asJSON, false)
	say()
	return err
}

// changeValue is the value changes write to key ("" when none does).
func changeValue(changes []envcfg.Change, key string) string {
	for _, ch := range changes {
		if ch.Key == key {
			return ch.Value
		}
	}
	return ""
}

// useProfile resolves the chain to write: the CHAIN argument, or a
// profile's (--profile, or a bare word that names one), whose GOSUMDB and
// GOPRIVATE then fill the flags not given. It updates o for the profile.
func useProfile(o *useOptions, cfg *config.Config, cat *mirrors.Catalog) (chain string, haveChain bool, err error) {
	if o.haveArg {
		chain, haveChain = o.chain, true
		// `use china`: a bare word that is no catalog id or keyword but a
		// profile name means that profile.
		if _, isProfile := cfg.Profiles[chain]; isProfile && !strings.ContainsAny(chain, ".:/,|") && chain != "direct" && chain != "off" {
			if _, isID := cat.ByID(chain); !isID {
				o.profile, o.set["profile"], haveChain = chain, true, false
			}
		}
	}
	if o.set["profile"] {
		p, ok := cfg.Profiles[o.profile]
		if !ok {
			return "", false, unknownProfile(o.profile, cfg)
		}
		if p.GOPROXY != "" {
			chain, haveChain = p.GOPROXY, true
		}
		if p.GOSUMDB != "" && !o.set["sumdb"] {
			o.sumdb, o.set["sumdb"] = p.GOSUMDB, true
		}
		if p.GOPRIVATE != "" && !o.set["private"] {
			o.private, o.set["private"] = p.GOPRIVATE, true
		}
	}
	return chain, haveChain, nil
}

// useChanges are the go env changes of use, each checked: the chain as
// typed (mirrors.CheckChain), credentials restored, and the patterns (a
// pattern that matches no module path needs --force). Warnings go to
// stderr at once.
func (a *app) useChanges(ctx context.Context, env *envcfg.Env, o useOptions, chain string, haveChain bool, cat *mirrors.Catalog) ([]envcfg.Change, error) {
	var changes []envcfg.Change
	if haveChain {
		// The gate's verdict, as export, relay --chain and config check
		// give it; with --force, what go accepts is a warning.
		expanded, err := mirrors.CheckChain(chain, cat)
		if mirrors.IsForceable(err) && o.force {
			fmt.Fprintln(a.stderr, a.lang.T("warning: %s", a.errorText(err)))
			err = nil
		}
		if err == nil {
			expanded, err = a.restoreCredentials(ctx, env, expanded, cat)
		}
		if err != nil {
			return nil, usageError(o.cmdPath, err)
		}
		changes = append(changes, envcfg.Change{Key: "GOPROXY", Value: expanded})
	}
	if o.set["sumdb"] {
		changes = append(changes, envcfg.Change{Key: "GOSUMDB", Value: strings.TrimSpace(o.sumdb)})
		if w := mirrors.SumDBURLWarning(strings.TrimSpace(o.sumdb)); w != nil {
			fmt.Fprintln(a.stderr, a.lang.T("warning: %s", a.errorText(w)))
		}
	}
	for _, p := range []struct{ flag, key, value string }{{"private", "GOPRIVATE", o.private}, {"noproxy", "GONOPROXY", o.noproxy}, {"nosumdb", "GONOSUMDB", o.nosumdb}} {
		if !o.set[p.flag] {
			continue
		}
		changes = append(changes, envcfg.Change{Key: p.key, Value: p.value})
		if err := mirrors.CheckPatternList(p.key, p.value); mirrors.IsForceable(err) && !o.force {
			return nil, saying(exitUsage, i18n.N("goproxytui: %s (nothing written; to write it anyway, add --force)"), err)
		}
		issues, _ := mirrors.CheckPatterns(p.value)
		for _, is := range issues {
			fmt.Fprintln(a.stderr, a.lang.T("warning: %s: %s", p.key, is.Message(a.lang)))
		}
	}
	if len(changes) == 0 {
		return nil, saying(exitUsage, i18n.N("goproxytui: profile %q sets nothing"), o.profile)
	}
	return changes, nil
}

// restoreCredentials puts back credentials that a redacted chain hides: an
// entry written as RedactURL shows it ("https://bob:xxxxx@athens.corp", as
// doctor's fixes name it) stands for the entry of the current GOPROXY (the
// effective value or the go env file's) that redacts to it. A redacted entry
// that matches none is an error, so that "xxxxx" is never written as a
// password. The go command is run only when some entry is redacted.
func (a *app) restoreCredentials(ctx context.Context, env *envcfg.Env, goproxy string, cat *mirrors.Catalog) (string, error) {
	c, err := mirrors.ParseChain(goproxy, cat)
	if err != nil {
		return goproxy, nil // Validate reports it
	}
	var current []mirrors.Entry
	read := false
	for i, e := range c.Entries {
		if e.Kind != mirrors.KindProxy || !strings.Contains(e.URL, "@") || mirrors.RedactURL(e.URL) != e.URL {
			continue // no credentials, or real ones
		}
		if !read {
			read = true
			s, err := env.Read(ctx)
			if err != nil {
				return "", err
			}
			for _, v := range []string{s.Get("GOPROXY").Value, s.File["GOPROXY"]} {
				if cur, err := mirrors.ParseChain(v, nil); err == nil {
					current = append(current, cur.Entries...)
				}
			}
		}
		found := false
		for _, cur := range current {
			if cur.Kind == mirrors.KindProxy && cur.URL != e.URL && mirrors.RedactURL(cur.URL) == e.URL {
				c.Entries[i].URL, found = cur.URL, true
				break
			}
		}
		if !found {
			return "", i18n.Errorf("GOPROXY entry %d %q: its credentials are hidden (xxxxx) and no entry of the current GOPROXY has them; write them out", i+1, e.URL)
		}
	}
	return c.String(), nil
}

// newUndoCmd: `undo [--force] [--json]`: restore the values from before
// the last apply.
func newUndoCmd(a *app) *cobra.Command {
	l := a.lang
	var force, asJSON bool
	cmd := &cobra.Command{
		Use:   "undo",
		Short: l.T("restore the values from before the last apply"),
		Long: l.T("Restores the values from before the last 'goproxytui use' (or TUI apply) to this go env file; the last 20 applies are kept.") +
			"\n\n" + l.T("Exit status: 0 done, 1 failed (nothing written), 2 invalid input (nothing written), 3 written but overridden by an OS variable, 4 written but changed by another program right after."),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runUndo(cmd.Context(), undoOptions{force: force, json: asJSON})
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, l.T("restore even if a value was changed since that apply"))
	cmd.Flags().BoolVar(&asJSON, "json", false, l.T("print the changes as JSON"))
	return cmd
}

// undoOptions are the flags of undo.
type undoOptions struct{ force, json bool }

func (a *app) runUndo(ctx context.Context, o undoOptions) error {
	env := a.newEnv()
	undo := env.Undo
	if o.force {
		undo = env.UndoForce
	}
	rep, err := undo(ctx)
	if err != nil {
		return failure(err)
	}
	return a.printReport(rep, o.json, true)
}

// lockWaitNotice tells the user that a write waits for the lock of the
// go env file (or of the undo history) and who holds it.
func (a *app) lockWaitNotice(h envcfg.LockHolder) {
	fmt.Fprintln(a.stderr, a.lang.T("goproxytui: waiting for the lock %s, held by %s (giving up after %s)…", shown(h.Path), shown(h.Message(a.lang)), envcfg.LockTimeout))
}

// exitChangedAfter: use, undo and reset wrote the go env file but another
// program changed a value in it right after (README: exit codes).
const exitChangedAfter = 4

// reportExitCode is the exit code of a write's report: 4 when another
// program changed a written value right after the write (that wins: the
// file itself does not say what the user asked for), 3 when an OS variable
// overrides one, else 0.
func reportExitCode(rep envcfg.Report) int {
	code := 0
	for _, ne := range rep.NotEffective {
		if ne.ChangedAfter {
			return exitChangedAfter
		}
		code = exitNotEffective
	}
	return code
}

// printReport prints what an apply or undo changed, what did not take
// effect, and warnings; it returns the exit code.
func (a *app) printReport(rep envcfg.Report, asJSON, undo bool) error {
	l := a.lang
	code := reportExitCode(rep)
	for _, w := range rep.Warnings {
		fmt.Fprintln(a.stderr, l.T("warning: %s", a.errorText(w)))
	}
	if asJSON {
		if err := a.printReportJSON(rep, false); err != nil {
			return err
		}
		return exit(code)
	}
	switch {
	case len(rep.Diffs) == 0:
		fmt.Fprintln(a.stdout, l.T("nothing to change: the go env file already holds these values"))
	case undo:
		fmt.Fprintln(a.stdout, l.T("restored in %s:", shown(rep.EnvFile)))
		a.printDiffs(rep.Diffs)
	default:
		fmt.Fprintln(a.stdout, l.T("changed %s:", shown(rep.EnvFile)))
		a.printDiffs(rep.Diffs)
	}
	for _, ne := range rep.NotEffective {
		if ne.ChangedAfter {
			now := l.T("(not set)")
			if ne.FileSet {
				now = quoteValue(ne.FileValue)
			}
			fmt.Fprintln(a.stderr, l.T("warning: %s was changed by another program right after the write: the go env file now says %s; run the command again if yours should win", ne.Key, now))
			continue
		}
		if ne.Source == envcfg.SourceEnv {
			fmt.Fprintln(a.stderr, l.T("warning: %s does not take effect: the OS environment variable %s=%s overrides the go env file; remove it from your shell profile (for this shell: unset %s)",
				ne.Key, ne.Key, quoteValue(ne.Effective), ne.Key))
		} else {
			fmt.Fprintln(a.stderr, l.T("warning: %s does not take effect: the go command uses %s (from %s)", ne.Key, quoteValue(ne.Effective), l.T(ne.Source.Label())))
		}
	}
	return exit(code)
}

// printDiffs prints one "KEY: old → new" line per change.
func (a *app) printDiffs(diffs []envcfg.Diff) {
	show := func(v string, set bool) string {
		if !set {
			return a.lang.T("(not set)")
		}
		return quoteValue(v)
	}
	for _, d := range diffs {
		fmt.Fprintf(a.stdout, "  %s: %s → %s\n", d.Key, show(d.Old, d.OldSet), show(d.New, d.NewSet))
	}
}

// reportJSON is the --json output of use and undo.
type reportJSON struct {
	EnvFile      string             `json:"envFile"`
	DryRun       bool               `json:"dryRun,omitempty"`
	Changes      []diffJSON         `json:"changes"`
	NotEffective []notEffectiveJSON `json:"notEffective"`
}

type diffJSON struct {
	Key string  `json:"key"`
	Old *string `json:"old"` // null: not in the file
	New *string `json:"new"`
}

type notEffectiveJSON struct {
	Key       string  `json:"key"`
	Want      *string `json:"want"` // null: reset
	Effective string  `json:"effective"`
	Source    string  `json:"source"`
	// ChangedAfter: another program changed the go env file right after
	// the write; File is what the file says then (null: not set).
	ChangedAfter bool    `json:"changedAfter"`
	File         *string `json:"file"`
}

func (a *app) printReportJSON(rep envcfg.Report, dryRun bool) error {
	return a.printJSON(reportToJSON(rep, dryRun))
}

// reportToJSON is an apply's report as use --json prints it, credentials
// redacted (recommend --apply prints it too).
func reportToJSON(rep envcfg.Report, dryRun bool) reportJSON {
	opt := func(v string, ok bool) *string {
		if !ok {
			return nil
		}
		r := envcfg.RedactValue(v)
		return &r
	}
	out := reportJSON{EnvFile: rep.EnvFile, DryRun: dryRun, Changes: []diffJSON{}, NotEffective: []notEffectiveJSON{}}
	for _, d := range rep.Diffs {
		out.Changes = append(out.Changes, diffJSON{Key: d.Key, Old: opt(d.Old, d.OldSet), New: opt(d.New, d.NewSet)})
	}
	for _, ne := range rep.NotEffective {
		out.NotEffective = append(out.NotEffective, notEffectiveJSON{Key: ne.Key, Want: opt(ne.Want, ne.WantSet), Effective: envcfg.RedactValue(ne.Effective), Source: string(ne.Source),
			ChangedAfter: ne.ChangedAfter, File: opt(ne.FileValue, ne.FileSet)})
	}
	return out
}
