package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/envcfg"
)

// resetKeys are the keys reset puts back to the go command's defaults.
var resetKeys = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB"}

// newResetCmd: `reset [--dry-run] [--json]`: go env -u for the proxy
// settings, through envcfg (atomic, verified, undoable).
func newResetCmd(a *app) *cobra.Command {
	l := a.lang
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "reset",
		Short: l.T("back to the go command's defaults for GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY, GONOSUMDB"),
		Long: l.T("Removes GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY and GONOSUMDB from the go env file (go env -u), atomically, so that the go command's defaults apply (proxy.golang.org,direct and sum.golang.org, or $GOROOT/go.env's); then checks that they take effect and prints old → new. Undo with 'goproxytui undo'.") +
			"\n\n" + l.T("Exit status: 0 done, 1 failed (nothing written), 2 invalid input (nothing written), 3 written but overridden by an OS variable, 4 written but changed by another program right after."),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runReset(cmd.Context(), resetOptions{dryRun: dryRun, json: asJSON})
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, l.T("show what would change, write nothing"))
	cmd.Flags().BoolVar(&asJSON, "json", false, l.T("print the changes as JSON"))
	return cmd
}

// resetOptions are the flags of reset.
type resetOptions struct{ dryRun, json bool }

func (a *app) runReset(ctx context.Context, o resetOptions) error {
	env := a.newEnv()
	changes := make([]envcfg.Change, len(resetKeys))
	for i, k := range resetKeys {
		changes[i] = envcfg.Change{Key: k, Unset: true}
	}
	if o.dryRun {
		return a.printPlan(ctx, env, changes, o.json)
	}
	rep, err := env.Apply(ctx, changes)
	if err != nil {
		return failure(err)
	}
	return a.printReport(rep, o.json, false)
}
