package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/tuiapp"
)

// runTUI opens the terminal UI (package tuiapp): the live mirror dashboard
// and chain editor. args are extra mirrors (catalog ids or URLs) shown for
// this run only.
func runTUI(a *app, args []string) int {
	l := a.lang
	ctx := context.Background()
	path, err := a.userConfigPath()
	if err != nil && !a.demo { // --demo reads the user's config only for its theme
		fmt.Fprintln(a.stderr, l.T("goproxytui: %v", a.errorText(err)))
		return exitUsage
	}
	s, err := tuiapp.Open(ctx, tuiapp.Options{
		Lang: l, GoBin: a.goBin, ConfigPath: path, Theme: a.theme, Mirrors: args, Demo: a.demo,
		NoColor: a.getenv("NO_COLOR") != "", Environ: os.Environ(), ProxyEnv: proxyEnvOf(a.getenv),
		CheckSumDB: tuiSumDBCheck,
	})
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return a.printConfigError(err)
		}
		fmt.Fprintln(a.stderr, l.T("goproxytui: %v", a.errorText(err)))
		return exitUsage
	}
	defer s.Close()
	if !a.stdoutTTY {
		fmt.Fprintln(a.stderr, l.T("goproxytui: the terminal UI needs a terminal; run a command instead (see goproxytui --help)"))
		return exitUsage
	}
	runErr := s.Run(ctx, a.stdout)
	switch {
	case runErr == nil:
		return 0
	case errors.Is(runErr, tea.ErrInterrupted):
		return 130
	default:
		fmt.Fprintln(a.stderr, l.T("goproxytui: %v", runErr))
		return exitFailure
	}
}

// tuiSumDBCheck is the TUI's checksum database check: recommend's and
// doctor's, with the config's probe settings.
func tuiSumDBCheck(ctx context.Context, url string, pc config.ProbeConfig) advisor.Reach {
	return checkSumDB(ctx, url, adviceOptions(pc, 0))
}
