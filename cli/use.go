package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// useOptions are the flags of use.
type useOptions struct {
	sumdb, private, profile string
	noproxy, nosumdb        string
	dryRun, asJSON, force   bool
	set                     map[string]bool // flags given on the command line
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
			o.set = map[string]bool{}
			cmd.Flags().Visit(func(f *pflag.Flag) { o.set[f.Name] = true })
			return a.runUse(cmd, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.sumdb, "sumdb", "", l.T("also set GOSUMDB (off, sum.golang.org, sum.golang.google.cn, name+key [URL]); empty resets it"))
	f.StringVar(&o.private, "private", "", l.T("also set GOPRIVATE (comma-separated module path globs); empty resets it"))
	f.StringVar(&o.noproxy, "noproxy", "", l.T("also set GONOPROXY (module path globs fetched directly, not through GOPROXY); empty resets it (then GOPRIVATE applies)"))
	f.StringVar(&o.nosumdb, "nosumdb", "", l.T("also set GONOSUMDB (module path globs not checked against GOSUMDB); empty resets it (then GOPRIVATE applies)"))
	f.BoolVar(&o.force, "force", false, l.T("write entries the go command never reaches and patterns that match no module path anyway"))
	f.StringVar(&o.profile, "profile", "", l.T("apply a profile of the config file (built in: global, china)"))
	f.BoolVar(&o.dryRun, "dry-run", false, l.T("show what would change, write nothing"))
	f.BoolVar(&o.asJSON, "json", false, l.T("print the changes as JSON"))
	_ = cmd.RegisterFlagCompletionFunc("profile", a.completeProfiles)
	_ = cmd.RegisterFlagCompletionFunc("sumdb", cobra.FixedCompletions([]string{"sum.golang.org", "sum.golang.google.cn", "off"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) runUse(cmd *cobra.Command, o useOptions, args []string) error {
	set, sumdb, private, profile := o.set, &o.sumdb, &o.private, &o.profile
	usageErr := func(err error) error { return usageError(cmd.CommandPath(), err) }
	if len(args) == 1 && set["profile"] {
		return usageErr(i18n.Errorf("use: give a CHAIN or --profile, not both"))
	}
	if len(args) == 0 && !set["profile"] && !set["sumdb"] && !set["private"] && !set["noproxy"] && !set["nosumdb"] {
		return usageErr(i18n.Errorf("use: missing CHAIN"))
	}

	cfg, cat, code := a.loadUserCatalog()
	if cat == nil {
		return exit(code)
	}

	var chain string
	var haveChain bool
	if len(args) == 1 {
		chain, haveChain = args[0], true
		// `use china`: a bare word that is no catalog id or keyword but a
		// profile name means that profile.
		if _, isProfile := cfg.Profiles[chain]; isProfile && !strings.ContainsAny(chain, ".:/,|") && chain != "direct" && chain != "off" {
			if _, isID := cat.ByID(chain); !isID {
				*profile, set["profile"], haveChain = chain, true, false
			}
		}
	}
	if set["profile"] {
		p, ok := cfg.Profiles[*profile]
		if !ok {
			return usageError(cmd.CommandPath(), unknownProfile(*profile, cfg))
		}
		if p.GOPROXY != "" {
			chain, haveChain = p.GOPROXY, true
		}
		if p.GOSUMDB != "" && !set["sumdb"] {
			*sumdb, set["sumdb"] = p.GOSUMDB, true
		}
		if p.GOPRIVATE != "" && !set["private"] {
			*private, set["private"] = p.GOPRIVATE, true
		}
	}

	env := a.newEnv()
	ctx := context.Background()
	var changes []envcfg.Change
	if haveChain {
		if code := a.checkChainInput(chain, cat, o.force); code != 0 {
			return exit(code)
		}
		expanded, err := mirrors.ExpandChain(chain, cat)
		if err == nil {
			expanded, err = a.restoreCredentials(ctx, env, expanded, cat)
		}
		if err != nil {
			fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
			return exit(2)
		}
		changes = append(changes, envcfg.Change{Key: "GOPROXY", Value: expanded})
	}
	if set["sumdb"] {
		changes = append(changes, envcfg.Change{Key: "GOSUMDB", Value: strings.TrimSpace(*sumdb)})
		if w := mirrors.SumDBURLWarning(strings.TrimSpace(*sumdb)); w != nil {
			fmt.Fprintln(a.stderr, a.lang.T("warning: %s", a.errorText(w)))
		}
	}
	for _, p := range []struct{ flag, key, value string }{{"private", "GOPRIVATE", *private}, {"noproxy", "GONOPROXY", o.noproxy}, {"nosumdb", "GONOSUMDB", o.nosumdb}} {
		if !set[p.flag] {
			continue
		}
		changes = append(changes, envcfg.Change{Key: p.key, Value: p.value})
		if err := mirrors.CheckPatternList(p.key, p.value); mirrors.IsForceable(err) {
			if !o.force {
				fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %s (nothing written; to write it anyway, add --force)", a.errorText(err)))
				return exit(exitUsage)
			}
		}
		issues, _ := mirrors.CheckPatterns(p.value)
		for _, is := range issues {
			fmt.Fprintln(a.stderr, a.lang.T("warning: %s: %s", p.key, is.Message(a.lang)))
		}
	}
	if len(changes) == 0 {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: profile %q sets nothing", *profile))
		return exit(2)
	}
	if err := env.Validate(changes); err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return exit(2)
	}
	if o.dryRun {
		s, err := env.Read(ctx)
		if err != nil {
			fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
			return exit(1)
		}
		diffs := env.Plan(s, changes)
		if o.asJSON {
			return exit(a.printReportJSON(envcfg.Report{EnvFile: s.EnvFile, Diffs: diffs, After: s}, true))
		}
		if len(diffs) == 0 {
			fmt.Fprintln(a.stdout, a.lang.T("nothing to change: the go env file already holds these values"))
			return nil
		}
		fmt.Fprintln(a.stdout, a.lang.T("would change %s:", s.EnvFile))
		a.printDiffs(diffs)
		return nil
	}
	rep, err := env.Apply(ctx, changes)
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return exit(1)
	}
	return exit(a.printReport(rep, o.asJSON, false))
}

// checkChainInput refuses a chain as typed that does not do what the user
// meant (mirrors.CheckChainInput): it prints each problem and returns
// exitUsage, or 0. With force, problems go accepts are warnings.
func (a *app) checkChainInput(chain string, cat *mirrors.Catalog, force bool) int {
	code := 0
	for _, p := range mirrors.CheckChainInput(chain, cat) {
		if force && p.Forceable {
			fmt.Fprintln(a.stderr, a.lang.T("warning: %s", p.Message(a.lang)))
			continue
		}
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", p.Message(a.lang)))
		code = exitUsage
	}
	return code
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
		RunE: func(*cobra.Command, []string) error {
			return exit(a.runUndo(force, asJSON))
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, l.T("restore even if a value was changed since that apply"))
	cmd.Flags().BoolVar(&asJSON, "json", false, l.T("print the changes as JSON"))
	return cmd
}

func (a *app) runUndo(force, asJSON bool) int {
	env := a.newEnv()
	undo := env.Undo
	if force {
		undo = env.UndoForce
	}
	rep, err := undo(context.Background())
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return 1
	}
	return a.printReport(rep, asJSON, true)
}

// lockWaitNotice tells the user that a write waits for the lock of the
// go env file (or of the undo history) and who holds it.
func (a *app) lockWaitNotice(h envcfg.LockHolder) {
	fmt.Fprintln(a.stderr, a.lang.T("goproxytui: waiting for the lock %s, held by %s (giving up after %s)…", h.Path, h.Message(a.lang), envcfg.LockTimeout))
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
func (a *app) printReport(rep envcfg.Report, asJSON, undo bool) int {
	l := a.lang
	code := reportExitCode(rep)
	for _, w := range rep.Warnings {
		fmt.Fprintln(a.stderr, l.T("warning: %s", a.errorText(w)))
	}
	if asJSON {
		if c := a.printReportJSON(rep, false); c != 0 {
			return c
		}
		return code
	}
	switch {
	case len(rep.Diffs) == 0:
		fmt.Fprintln(a.stdout, l.T("nothing to change: the go env file already holds these values"))
	case undo:
		fmt.Fprintln(a.stdout, l.T("restored in %s:", rep.EnvFile))
		a.printDiffs(rep.Diffs)
	default:
		fmt.Fprintln(a.stdout, l.T("changed %s:", rep.EnvFile))
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
	return code
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

func (a *app) printReportJSON(rep envcfg.Report, dryRun bool) int {
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
