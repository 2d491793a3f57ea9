package cli

import (
	"bytes"
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// exportOptions are the flags of export.
type exportOptions struct {
	format, profile       string
	showCredentials, json bool
	chain                 string // the CHAIN argument, "" when none
	profileSet            bool   // --profile was given
	cmdPath               string // for the --help hint of a usage error
}

// exportJSON is `export --json`: the values and the snippet, redacted unless
// --show-credentials.
type exportJSON struct {
	Format  string            `json:"format"`
	Values  map[string]string `json:"values"` // the keys that have a value of their own
	Unset   []string          `json:"unset"`  // the keys left to the go command's defaults
	Snippet string            `json:"snippet"`
}

// newExportCmd: `export [--format F] [--profile NAME | CHAIN]
// [--show-credentials]`: the settings as a snippet for a shell, a
// Dockerfile or a CI file.
func newExportCmd(a *app) *cobra.Command {
	l := a.lang
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export [CHAIN]",
		Short: l.T("print the settings as a shell, Dockerfile or CI snippet"),
		Long: l.T("Prints GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY and GONOSUMDB as a snippet to paste into a shell, a Dockerfile (ENV GOPROXY=…) or a CI file, to carry your setup into containers and CI: the current values, or those that 'goproxytui use' would give with --profile NAME or a CHAIN (catalog ids stand for their URLs). Keys left at the go command's defaults are unset in the shell formats and left out of the others. Credentials in URLs are printed as xxxxx unless --show-credentials.") +
			"\n\n" + l.T("Formats: %s.", strings.Join(envcfg.ExportFormats(), ", ")),
		Example: "eval \"$(goproxytui export)\"\n" +
			"goproxytui export --format dockerfile >> Dockerfile\n" +
			"goproxytui export --format github-actions --profile china\n" +
			"goproxytui export --format fish 'goproxy.cn|aliyun,direct' | source",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError(cmd.CommandPath(), i18n.Errorf("export: unexpected argument %q (quote a chain that contains '|')", args[1]))
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return a.completeChain(toComplete)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.cmdPath, o.profileSet = cmd.CommandPath(), cmd.Flags().Changed("profile")
			if len(args) == 1 {
				o.chain = args[0]
			}
			return a.runExport(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", string(envcfg.ExportSh), l.T("snippet format: %s", strings.Join(envcfg.ExportFormats(), ", ")))
	f.StringVar(&o.profile, "profile", "", l.T("export what this profile of the config file sets, over the current values"))
	f.BoolVar(&o.showCredentials, "show-credentials", false, l.T("print credentials in URLs instead of xxxxx"))
	f.BoolVar(&o.json, "json", false, l.T("print an object: format, values, unset, snippet"))
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords(envcfg.ExportFormats()))
	_ = cmd.RegisterFlagCompletionFunc("profile", a.completeProfiles)
	return cmd
}

func (a *app) runExport(ctx context.Context, o exportOptions) error {
	usageErr := func(err error) error { return usageError(o.cmdPath, err) }
	format, err := envcfg.ParseExportFormat(o.format)
	if err != nil {
		return usageErr(err)
	}
	if o.chain != "" && o.profileSet {
		return usageErr(i18n.Errorf("export: give a CHAIN or --profile, not both"))
	}
	cfg, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	// The changes `use` would make, checked before the go command runs.
	env := a.newEnv()
	var changes []envcfg.Change
	chain := o.chain
	if o.profileSet {
		p, ok := cfg.Profiles[o.profile]
		if !ok {
			return usageErr(unknownProfile(o.profile, cfg))
		}
		chain = p.GOPROXY
		if p.GOSUMDB != "" {
			changes = append(changes, envcfg.Change{Key: "GOSUMDB", Value: strings.TrimSpace(p.GOSUMDB)})
		}
		if p.GOPRIVATE != "" {
			changes = append(changes, envcfg.Change{Key: "GOPRIVATE", Value: p.GOPRIVATE})
		}
	}
	if chain != "" {
		expanded, err := mirrors.CheckChain(chain, cat)
		if err == nil {
			expanded, err = a.restoreCredentials(ctx, env, expanded, cat)
		}
		if err != nil {
			return usageErr(err)
		}
		changes = append(changes, envcfg.Change{Key: "GOPROXY", Value: expanded})
	}
	if err := env.Validate(changes); err != nil {
		return usageErr(err)
	}
	s, err := env.Read(ctx)
	if err != nil {
		return failure(err)
	}
	v := envcfg.ExportValuesOf(s)
	v.Lang = a.lang
	for _, c := range changes {
		switch c.Key {
		case "GOPROXY":
			v.GOPROXY = c.Value
		case "GOSUMDB":
			v.GOSUMDB = c.Value
		case "GOPRIVATE":
			v.GOPRIVATE = c.Value
		}
		v.Set[c.Key] = true
	}

	var snippet bytes.Buffer
	if err := envcfg.Export(&snippet, format, v, o.showCredentials); err != nil {
		return badInput(err)
	}
	if o.json {
		out := exportJSON{Format: string(format), Values: map[string]string{}, Unset: []string{}, Snippet: snippet.String()}
		for _, k := range envcfg.ExportKeys {
			switch {
			case !v.Set[k]:
				out.Unset = append(out.Unset, k)
			case o.showCredentials:
				out.Values[k] = v.Get(k)
			default:
				out.Values[k] = envcfg.RedactValue(v.Get(k))
			}
		}
		return a.printJSON(out)
	}
	a.stdout.Write(snippet.Bytes())
	return nil
}
