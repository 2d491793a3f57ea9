package cli

import (
	"fmt"

	mango "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// newManCmd: `man`: the manual page, in roff, made from the command tree
// (as fang's man command does, but written to the command's output so
// that it is translated like the help and can be tested in process).
func newManCmd(a *app) *cobra.Command {
	l := a.lang
	return &cobra.Command{
		Use:   "man",
		Short: l.T("print the manual page (roff): goproxytui man | man -l -"),
		Long:  l.T("Prints goproxytui's manual page in roff, made from the commands and flags of this help. Install it with: goproxytui man > ~/.local/share/man/man1/goproxytui.1"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mango.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), page.Build(roff.NewDocument()))
			return err
		},
	}
}
