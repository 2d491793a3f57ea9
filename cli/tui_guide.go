package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/ui"
)

// The wiring of the TUI's first-run guide, triage view and event log
// file, kept out of tui.go, which only calls these.

// configMissing reports whether no goproxytui config file exists at path:
// then the TUI opens the first-run guide, which saves one.
func configMissing(path string) bool {
	_, err := os.Lstat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// proxyEnvOf collects the OS environment's HTTP(S) proxy variables that are
// set, for the triage view's doctor (as doctor does).
func proxyEnvOf(getenv func(string) string) map[string]string {
	out := map[string]string{}
	for _, k := range proxyEnvKeys {
		if v := getenv(k); v != "" {
			out[k] = v
		}
	}
	return out
}

// maxLogNames is how many names saveEventLog tries (name, name-2, …) before
// giving up: w pressed twice in one second gets a second file.
const maxLogNames = 20

// saveEventLog writes text to a new file called name in dir (never
// replacing a file: a taken name gets -2, -3, … before its extension) and
// returns the file's absolute path. A failed write leaves no file.
func saveEventLog(dir, name, text string) (string, error) {
	if strings.ContainsAny(name, `/\`) || name == "" || name[0] == '.' {
		return "", i18n.Errorf("bad log file name %q", name)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; i <= maxLogNames; i++ {
		p := filepath.Join(abs, name)
		if i > 1 {
			p = filepath.Join(abs, fmt.Sprintf("%s-%d%s", stem, i, ext))
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, werr := f.WriteString(text)
		cerr := f.Close()
		if werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(p)
			return "", werr
		}
		return p, nil
	}
	return "", i18n.Errorf("%s and %d more names are taken", filepath.Join(abs, name), maxLogNames-1)
}

// saveLogDep implements ui.Deps.SaveLog: the event log goes to the current
// directory, where the user is and will look for it.
func saveLogDep(name, text string) tea.Cmd {
	return func() tea.Msg {
		p, err := saveEventLog(".", name, text)
		return ui.LogSavedMsg{Path: p, Err: err}
	}
}

// checkSumDBDep implements ui.Deps.CheckSumDB with recommend's and doctor's
// check (checkSumDB in recommend.go), in parallel, with the probe
// options of the config that cfg returns when the command runs.
func checkSumDBDep(ctx context.Context, cfg func() *mirrors.Config) func(urls []string) tea.Cmd {
	return func(urls []string) tea.Cmd {
		urls = append([]string(nil), urls...)
		return func() tea.Msg {
			opt := adviceOptions(cfg().Probe, 0)
			reach := make([]advisor.Reach, len(urls))
			var wg sync.WaitGroup
			for i, u := range urls {
				wg.Go(func() { reach[i] = checkSumDB(ctx, u, opt) })
			}
			wg.Wait()
			out := make(map[string]advisor.Reach, len(urls))
			for i, u := range urls {
				out[u] = reach[i]
			}
			return ui.SumDBCheckedMsg{Reach: out}
		}
	}
}

// checkSumDB is the session's ui.Deps.CheckSumDB; nil in --demo, which
// never reaches the network (the guide and triage then go by the probes).
func (s *tuiSession) checkSumDB() func(urls []string) tea.Cmd {
	if s.demo != nil {
		return nil
	}
	return checkSumDBDep(s.ctx, func() *mirrors.Config {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.cfg
	})
}
