package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Exit code of use and undo when the go env file was written but a value
// does not take effect (an OS variable overrides it).
const exitNotEffective = 3

// cmdUse: `use CHAIN [--sumdb VALUE] [--private PATTERNS]`, or
// `use --profile NAME`: expand catalog ids, validate, apply atomically,
// verify, print old → new.
func cmdUse(a *app, args []string) int {
	fs := flag.NewFlagSet("use", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	sumdb := fs.String("sumdb", "", "")
	private := fs.String("private", "", "")
	profile := fs.String("profile", "", "")
	dryRun := fs.Bool("dry-run", false, "")
	asJSON := fs.Bool("json", false, "")
	if code, done := a.parseCmdFlags(fs, args, a.useUsage); done {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	usageErr := func(msg string) int {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", msg))
		a.useUsage(a.stderr)
		return 2
	}
	if fs.NArg() > 1 {
		return usageErr(a.lang.T("use: unexpected argument %q (quote a chain that contains '|')", fs.Arg(1)))
	}
	if fs.NArg() == 1 && set["profile"] {
		return usageErr(a.lang.T("use: give a CHAIN or --profile, not both"))
	}
	if fs.NArg() == 0 && !set["profile"] && !set["sumdb"] && !set["private"] {
		return usageErr(a.lang.T("use: missing CHAIN"))
	}

	cfg, cat, code := a.loadUserCatalog()
	if cat == nil {
		return code
	}

	var chain string
	var haveChain bool
	if fs.NArg() == 1 {
		chain, haveChain = fs.Arg(0), true
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
			names := slices.Sorted(maps.Keys(cfg.Profiles))
			fmt.Fprintln(a.stderr, a.lang.T("goproxytui: unknown profile %q (profiles: %s)", *profile, strings.Join(names, ", ")))
			return 2
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
		expanded, err := mirrors.ExpandChain(chain, cat)
		if err == nil {
			expanded, err = a.restoreCredentials(ctx, env, expanded, cat)
		}
		if err != nil {
			fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
			return 2
		}
		changes = append(changes, envcfg.Change{Key: "GOPROXY", Value: expanded})
		if c, err := mirrors.ParseChain(expanded, cat); err == nil {
			for i, e := range c.Entries {
				if why := e.Unusable(); why != "" {
					fmt.Fprintln(a.stderr, a.lang.T("warning: GOPROXY entry %d %q: the go command accepts it but never sends it a request (%s)", i+1, mirrors.RedactURL(e.URL), why))
				}
			}
		}
	}
	if set["sumdb"] {
		changes = append(changes, envcfg.Change{Key: "GOSUMDB", Value: strings.TrimSpace(*sumdb)})
	}
	if set["private"] {
		changes = append(changes, envcfg.Change{Key: "GOPRIVATE", Value: *private})
		issues, _ := mirrors.CheckPatterns(*private)
		for _, is := range issues {
			fmt.Fprintln(a.stderr, a.lang.T("warning: GOPRIVATE: %s", is.Message(a.lang)))
		}
	}
	if len(changes) == 0 {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: profile %q sets nothing", *profile))
		return 2
	}
	if err := env.Validate(changes); err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return 2
	}
	if *dryRun {
		s, err := env.Read(ctx)
		if err != nil {
			fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
			return 1
		}
		diffs := env.Plan(s, changes)
		if *asJSON {
			return a.printReportJSON(envcfg.Report{EnvFile: s.EnvFile, Diffs: diffs, After: s}, true)
		}
		if len(diffs) == 0 {
			fmt.Fprintln(a.stdout, a.lang.T("nothing to change: the go env file already holds these values"))
			return 0
		}
		fmt.Fprintln(a.stdout, a.lang.T("would change %s:", s.EnvFile))
		a.printDiffs(diffs)
		return 0
	}
	rep, err := env.Apply(ctx, changes)
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return 1
	}
	return a.printReport(rep, *asJSON, false)
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

// cmdUndo: `undo [--force] [--json]`: restore the values from before the
// last apply.
func cmdUndo(a *app, args []string) int {
	fs := flag.NewFlagSet("undo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	force := fs.Bool("force", false, "")
	asJSON := fs.Bool("json", false, "")
	if code, done := a.parseCmdFlags(fs, args, a.undoUsage); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.lang.T("undo: unexpected argument %q", fs.Arg(0))))
		a.undoUsage(a.stderr)
		return 2
	}
	env := a.newEnv()
	undo := env.Undo
	if *force {
		undo = env.UndoForce
	}
	rep, err := undo(context.Background())
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return 1
	}
	return a.printReport(rep, *asJSON, true)
}

// printReport prints what an apply or undo changed, what did not take
// effect, and warnings; it returns the exit code.
func (a *app) printReport(rep envcfg.Report, asJSON, undo bool) int {
	l := a.lang
	code := 0
	if len(rep.NotEffective) > 0 {
		code = exitNotEffective
	}
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
		out.NotEffective = append(out.NotEffective, notEffectiveJSON{Key: ne.Key, Want: opt(ne.Want, ne.WantSet), Effective: envcfg.RedactValue(ne.Effective), Source: string(ne.Source)})
	}
	return out
}

func (a *app) useUsage(w io.Writer) {
	l := a.lang
	fmt.Fprintln(w, l.T("usage: goproxytui use CHAIN [--sumdb VALUE] [--private PATTERNS] [--dry-run] [--json]"))
	fmt.Fprintln(w, l.T("       goproxytui use --profile NAME    (or: goproxytui use NAME)"))
	fmt.Fprintln(w, l.T("Sets GOPROXY to CHAIN (catalog ids stand for their URLs: 'goproxy.cn|aliyun,direct'), checked before anything is written, through go env -w, atomically; then checks that the new values take effect and prints old → new. Undo with 'goproxytui undo'."))
	fmt.Fprintln(w, l.T("  --sumdb VALUE      also set GOSUMDB (off, sum.golang.org, sum.golang.google.cn, name+key [URL]); empty resets it"))
	fmt.Fprintln(w, l.T("  --private LIST     also set GOPRIVATE (comma-separated module path globs); empty resets it"))
	fmt.Fprintln(w, l.T("  --profile NAME     apply a profile of the config file (built in: global, china)"))
	fmt.Fprintln(w, l.T("  --dry-run          show what would change, write nothing"))
	fmt.Fprintln(w, l.T("  --json             print the changes as JSON"))
	fmt.Fprintln(w, l.T("Exit status: 0 done, 1 failed (nothing written), 2 invalid input (nothing written), 3 written but overridden by an OS variable."))
}

func (a *app) undoUsage(w io.Writer) {
	l := a.lang
	fmt.Fprintln(w, l.T("usage: goproxytui undo [--force] [--json]"))
	fmt.Fprintln(w, l.T("Restores the values from before the last 'goproxytui use' (or TUI apply) to this go env file; the last 20 applies are kept."))
	fmt.Fprintln(w, l.T("  --force   restore even if a value was changed since that apply"))
	fmt.Fprintln(w, l.T("  --json    print the changes as JSON"))
}
