package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/themes"
)

// newConfigCmd: `config example`, `config path`, `config check`.
func newConfigCmd(a *app) *cobra.Command {
	l := a.lang
	cmd := &cobra.Command{
		Use:   "config",
		Short: l.T("the config file: print an example, its path, or check it"),
		Long:  l.T("Works with goproxytui's config file (custom mirrors, profiles, probe settings, theme, language): print an example, its path, or check it."),
		// A subcommand is required: alone or with an unknown word it is a
		// usage error.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError(cmd.CommandPath(), i18n.Errorf("config: unknown subcommand %q", args[0]))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError(cmd.CommandPath(), i18n.Errorf("config: missing subcommand"))
		},
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:   "example",
			Short: l.T("print a config file with every key explained"),
			Args:  noArgs,
			RunE: func(*cobra.Command, []string) error {
				a.stdout.Write(config.Example())
				return nil
			},
		},
		&cobra.Command{
			Use:   "path",
			Short: l.T("print the path of the config file in use"),
			Args:  noArgs,
			RunE: func(*cobra.Command, []string) error {
				path, err := a.userConfigPath()
				if err != nil {
					return configError(err)
				}
				fmt.Fprintln(a.stdout, shown(path))
				return nil
			},
		},
		&cobra.Command{
			Use:   "check",
			Short: l.T("check the config file; errors show file:line:col"),
			Args:  noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return a.runConfigCheck(cmd.Context(), configCheckOptions{})
			},
		},
	)
	return cmd
}

// configCheckOptions are the flags of config check (none yet).
type configCheckOptions struct{}

func (a *app) runConfigCheck(_ context.Context, _ configCheckOptions) error {
	path, err := a.userConfigPath()
	if err != nil {
		return configError(err)
	}
	cfg, err := config.LoadWithThemes(path, themes.Names())
	if err != nil {
		return configError(err)
	}
	for _, name := range slices.Sorted(maps.Keys(cfg.Profiles)) {
		if w := mirrors.SumDBURLWarning(cfg.Profiles[name].GOSUMDB); w != nil {
			fmt.Fprintln(a.stderr, a.lang.T("warning: %s: profile %q: %s", shown(path), name, shown(a.errorText(w))))
		}
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintln(a.stdout, a.lang.T("%s: no such file; the defaults apply", shown(path)))
		return nil
	}
	fmt.Fprintln(a.stdout, a.lang.T("%s: ok", shown(path)))
	return nil
}
