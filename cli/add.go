package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// configEditJSON is the --json output of add and remove.
type configEditJSON struct {
	Action string `json:"action"` // added, removed
	ID     string `json:"id"`
	URL    string `json:"url,omitempty"` // redacted
	Config string `json:"config"`
}

// newAddCmd: `add ID URL [--weight N] [--name TEXT] [--private]`: a custom
// mirror in the config file, edited in place (comments and layout kept).
func newAddCmd(a *app) *cobra.Command {
	l := a.lang
	var o addOptions
	cmd := &cobra.Command{
		Use:   "add ID URL",
		Short: l.T("add a custom mirror to the config file"),
		Long: l.T("Adds a [[mirror]] table to the config file, checked as 'config check' checks it (id syntax, URL rules, weight), with an id that no built-in or config mirror has. The file keeps its comments and layout and is replaced atomically; a missing file is created. Remove it again with 'goproxytui remove ID'.") +
			"\n\n" + l.T("Exit status: 0 done, 1 the file could not be read or written, 2 invalid input (nothing written)."),
		Example: "goproxytui add corp https://athens.corp.example --name 'Corp Athens' --private\n" +
			"goproxytui add backup https://goproxy.example.com --weight 0.5",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usageError(cmd.CommandPath(), i18n.Errorf("add: want an ID and a URL"))
			}
			return maxArgs(2)(cmd, args)
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("weight") && o.mirror.Weight <= 0 {
				return usageError(cmd.CommandPath(), i18n.Errorf("add: --weight must be positive"))
			}
			o.mirror.ID, o.mirror.URL = args[0], args[1]
			return a.runAdd(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&o.mirror.Weight, "weight", 0, l.T("ranking weight, more than 0 (default 1)"))
	f.StringVar(&o.mirror.Name, "name", "", l.T("name shown in the dashboard and lists (default: the id)"))
	f.BoolVar(&o.mirror.Private, "private", false, l.T("a private upstream (a company Athens): the relay sends GOPRIVATE paths only to such mirrors"))
	f.BoolVar(&o.json, "json", false, l.T("print what was done as JSON"))
	return cmd
}

// addOptions are the arguments and flags of add.
type addOptions struct {
	mirror config.Mirror
	json   bool
}

func (a *app) runAdd(_ context.Context, o addOptions) error {
	m := o.mirror
	path, err := a.userConfigPath()
	if err != nil {
		return configError(err)
	}
	if err := config.AddMirror(path, m); err != nil {
		return editError(err)
	}
	if o.json {
		return a.printJSON(configEditJSON{Action: "added", ID: m.ID, URL: mirrors.RedactURL(m.URL), Config: path})
	}
	fmt.Fprintln(a.stdout, a.lang.T("added mirror %s (%s) to %s", shown(m.ID), shown(mirrors.RedactURL(m.URL)), shown(path)))
	return nil
}
