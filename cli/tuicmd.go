package cli

import (
	"context"
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/tuiapp"
)

// tuiOptions are the arguments of the root command, which opens the TUI;
// its flags (--demo, --theme) are global.
type tuiOptions struct {
	mirrors []string // extra mirrors (catalog ids or URLs) for this run only
}

// runTUI opens the terminal UI (package tuiapp): the live mirror dashboard
// and chain editor.
func (a *app) runTUI(ctx context.Context, o tuiOptions) error {
	l := a.lang
	path, err := a.userConfigPath()
	if err != nil && !a.demo { // --demo reads the user's config only for its theme
		return badInput(err)
	}
	if !a.demo {
		// The config is judged as every command judges it: exit 2 for a
		// bad file, 1 for one that cannot be read (a named pipe, say).
		if _, _, err := a.loadUserCatalog(); err != nil {
			return err
		}
	}
	s, err := tuiapp.Open(ctx, tuiapp.Options{
		Lang: l, GoBin: a.goBin, ConfigPath: path, Theme: a.theme, Mirrors: o.mirrors, Demo: a.demo,
		NoColor: a.getenv("NO_COLOR") != "", Environ: os.Environ(), ProxyEnv: proxyEnvOf(a.getenv),
		CheckSumDB: tuiSumDBCheck,
	})
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return configError(err)
		}
		return badInput(err) // a mirror argument, a theme
	}
	defer s.Close()
	if !a.stdoutTTY {
		return saying(exitUsage, i18n.N("goproxytui: the terminal UI needs a terminal; run a command instead (see goproxytui --help)"))
	}
	// The real stdin is back in os.Stdin while the TUI runs (Main hides it
	// from fang, so that no other command queries the terminal).
	defer func(hidden *os.File) { os.Stdin = hidden }(os.Stdin)
	os.Stdin = processStdin
	runErr := s.Run(ctx, a.stdout)
	switch {
	case runErr == nil:
		return nil
	case errors.Is(runErr, tea.ErrInterrupted):
		return exit(130)
	default:
		return failure(runErr)
	}
}

// tuiSumDBCheck is the TUI's checksum database check: recommend's and
// doctor's, with the config's probe settings.
func tuiSumDBCheck(ctx context.Context, url string, pc config.ProbeConfig) advisor.Reach {
	return checkSumDB(ctx, url, adviceOptions(pc, 0))
}
