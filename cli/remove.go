package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
)

// newRemoveCmd: `remove ID`: a custom mirror out of the config file,
// edited in place (comments and layout kept).
func newRemoveCmd(a *app) *cobra.Command {
	l := a.lang
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "remove ID",
		Aliases: []string{"rm"},
		Short:   l.T("remove a custom mirror from the config file"),
		Long: l.T("Removes the [[mirror]] table with this id from the config file; the rest of the file, comments included, stays as it is. A mirror still named elsewhere in the file (weights, hidden, a profile) is not removed: the error says where. Built-in mirrors cannot be removed, only hidden.") +
			"\n\n" + l.T("Exit status: 0 done, 1 the file could not be read or written, 2 invalid input (nothing written)."),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(cmd.CommandPath(), i18n.Errorf("remove: want the id of a config mirror"))
			}
			return maxArgs(1)(cmd, args)
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return a.configMirrorCompletions(toComplete), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runRemove(cmd.Context(), removeOptions{id: args[0], json: asJSON})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, l.T("print what was done as JSON"))
	return cmd
}

// removeOptions are the argument and flags of remove.
type removeOptions struct {
	id   string
	json bool
}

func (a *app) runRemove(_ context.Context, o removeOptions) error {
	id := o.id
	path, err := a.userConfigPath()
	if err != nil {
		return configError(err)
	}
	if err := config.RemoveMirror(path, id); err != nil {
		return editError(err)
	}
	id = strings.TrimSpace(id)
	if o.json {
		return a.printJSON(configEditJSON{Action: "removed", ID: id, Config: path})
	}
	fmt.Fprintln(a.stdout, a.lang.T("removed mirror %s from %s", shown(id), shown(path)))
	return nil
}

// configMirrorCompletions are the ids of the config's own mirrors that
// start with prefix (what remove can remove).
func (a *app) configMirrorCompletions(prefix string) []cobra.Completion {
	cfg, err := a.userConfig()
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, m := range cfg.Mirrors {
		if strings.HasPrefix(m.ID, prefix) {
			out = append(out, cobra.CompletionWithDesc(m.ID, m.Name))
		}
	}
	return out
}
