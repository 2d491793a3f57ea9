package tuiapp

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
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/ui"
)

// The wiring of the first-run guide, the triage view and the event log
// file, kept out of session.go, which only calls these.

// configMissing reports whether no goproxytui config file exists at path:
// then the TUI opens the first-run guide, which saves one.
func configMissing(path string) bool {
	_, err := os.Lstat(path)
	return errors.Is(err, fs.ErrNotExist)
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

// checkSumDBDep implements ui.Deps.CheckSumDB with check (recommend's and
// doctor's check), in parallel, with the probe settings of the config that
// cfg returns when the command runs.
func checkSumDBDep(ctx context.Context, check func(context.Context, string, config.ProbeConfig) advisor.Reach, cfg func() *config.Config) func(urls []string) tea.Cmd {
	return func(urls []string) tea.Cmd {
		urls = append([]string(nil), urls...)
		return func() tea.Msg {
			pc := cfg().Probe
			reach := make([]advisor.Reach, len(urls))
			var wg sync.WaitGroup
			for i, u := range urls {
				wg.Go(func() { reach[i] = check(ctx, u, pc) })
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
// never reaches the network (the guide and triage then go by the probes),
// and when Options.CheckSumDB is nil.
func (s *Session) checkSumDB() func(urls []string) tea.Cmd {
	if s.demo != nil || s.sumdbCheck == nil {
		return nil
	}
	return checkSumDBDep(s.ctx, s.sumdbCheck, func() *config.Config {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.cfg
	})
}
