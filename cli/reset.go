package cli

import (
	"context"
	"fmt"

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
		RunE: func(*cobra.Command, []string) error {
			return exit(a.runReset(dryRun, asJSON))
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, l.T("show what would change, write nothing"))
	cmd.Flags().BoolVar(&asJSON, "json", false, l.T("print the changes as JSON"))
	return cmd
}

func (a *app) runReset(dryRun, asJSON bool) int {
	env := a.newEnv()
	ctx := context.Background()
	changes := make([]envcfg.Change, len(resetKeys))
	for i, k := range resetKeys {
		changes[i] = envcfg.Change{Key: k, Unset: true}
	}
	if dryRun {
		return a.printPlan(ctx, env, changes, asJSON)
	}
	rep, err := env.Apply(ctx, changes)
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return exitFailure
	}
	return a.printReport(rep, asJSON, false)
}
