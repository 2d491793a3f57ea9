package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/themes"
)

// app is what every command gets: its streams, the environment and the
// global flags. Commands write to a.stdout and a.stderr (not cobra's
// OutOrStdout), so that in-process tests can capture them.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	stdinTTY       bool // stdin is a terminal: questions may be asked
	stdoutTTY      bool // stdout is a terminal
	stderrTTY      bool // stderr is a terminal

	lang       i18n.Lang
	langFlag   string
	configPath string // --config; "" means the default path
	goBin      string // --go; "" means "go" on PATH
	theme      string // --theme
	demo       bool   // --demo
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Exit codes, as README documents them.
const (
	exitFailure = 1 // the command failed
	exitUsage   = 2 // bad usage or invalid input; nothing was changed
	// exitNotEffective: use, undo and reset wrote the go env file but a
	// value does not take effect (an OS variable overrides it).
	exitNotEffective = 3
)

// exitError is how every command reports failure: the exit code, and what
// handleError (the one place that prints errors) says in the user's
// language: err as "goproxytui: %v", or the message format with args
// (error args said in the user's language); nothing when both are unset:
// the command's own output said why (doctor's findings, a report whose
// value does not take effect). usage adds a hint pointing at the
// command's --help; errors.Is and errors.As see err.
type exitError struct {
	code   int
	err    error
	format string // an i18n.N message; "" means "goproxytui: %v" of err
	args   []any
	usage  string // command path for the "--help" hint; "" for none
}

func (e *exitError) Error() string {
	switch {
	case e.format != "":
		return fmt.Sprintf(e.format, e.args...)
	case e.err != nil:
		return e.err.Error()
	}
	return fmt.Sprintf("exit status %d", e.code)
}

func (e *exitError) Unwrap() error { return e.err }

// exit turns a command's exit code into its result: nil for 0, else an
// exitError whose reason the command's output has given already.
func exit(code int) error {
	if code == 0 {
		return nil
	}
	return &exitError{code: code}
}

// failure is the error of a command that failed (exit 1).
func failure(err error) error { return &exitError{code: exitFailure, err: err} }

// badInput is the error of a command refusing its input (exit 2), without
// the --help hint: the input was well-formed but wrong.
func badInput(err error) error { return &exitError{code: exitUsage, err: err} }

// saying is the error of exit code code that handleError says with format
// (an i18n.N message) and args; the first error among args is its cause.
func saying(code int, format string, args ...any) error {
	e := &exitError{code: code, format: format, args: args}
	for _, a := range args {
		if err, ok := a.(error); ok {
			e.err = err
			break
		}
	}
	return e
}

// usageError is a usage error (exit 2) of the command at path ("goproxytui
// use"): the handler prints err, then how to get the command's help.
func usageError(path string, err error) error {
	return &exitError{code: exitUsage, err: err, usage: path}
}

// exitCodeOf is the process exit code for the error of a command.
func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if isCobraUsageError(err) {
		return exitUsage
	}
	return exitFailure
}

// userConfigPath returns the config file in use: --config, else the default
// path.
func (a *app) userConfigPath() (string, error) {
	if a.configPath != "" {
		return a.configPath, nil
	}
	return config.DefaultPath()
}

// userConfig loads the config file in use (defaults when it does not
// exist), its theme checked too: every command refuses the file config
// check refuses. Callers report an error with printConfigError.
func (a *app) userConfig() (*config.Config, error) {
	path, err := a.userConfigPath()
	if err != nil {
		return nil, err
	}
	return config.LoadWithThemes(path, themes.Names())
}

// loadUserCatalog loads the config in use and the catalog merged with it;
// its error is a command's (see configError).
func (a *app) loadUserCatalog() (*config.Config, *mirrors.Catalog, error) {
	cfg, err := a.userConfig()
	if err != nil {
		return nil, nil, configError(err)
	}
	cat, err := config.LoadCatalog(cfg)
	if err != nil {
		return nil, nil, configError(err)
	}
	return cfg, cat, nil
}

// configError is the command error for a config that could not be used:
// exit 2 for a bad file (said with its position, the offending line and a
// caret when it is a *config.Error), 1 when it could not be read.
func configError(err error) error {
	var ce *config.Error
	if errors.As(err, &ce) {
		return badInput(err)
	}
	return failure(err)
}

// configLanguage is the language the config file asks for, or "" when it
// sets none or cannot be read (the command that reads it reports why).
func (a *app) configLanguage() string {
	c, err := a.userConfig()
	if err != nil {
		return ""
	}
	return c.Language
}

// newEnv is the envcfg.Env of a command: the --go binary and the process
// environment; a write that waits for the go env file's lock says so on
// stderr (lockWaitNotice, cli/use.go).
func (a *app) newEnv() *envcfg.Env {
	return &envcfg.Env{GoBin: a.goBin, OnLockWait: a.lockWaitNotice}
}

// printJSON writes v to stdout as indented JSON.
func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return failure(err)
	}
	return nil
}

// errorText renders an error of envcfg or mirrors in the user's language,
// fit for the terminal: errors quote values (sanitize.Text, lines kept).
func (a *app) errorText(err error) string {
	var ce *mirrors.ChainError
	var cfe *config.Error
	var s string
	switch {
	case errors.As(err, &cfe): // first: it may wrap a ChainError, and has the position
		s = cfe.Text(a.lang)
	case errors.As(err, &ce):
		s = ce.Message(a.lang)
	default:
		s = strings.TrimSpace(a.lang.Error(err))
	}
	return sanitize.Text(s, 0, true)
}

// printPlan prints what applying changes would change (a --dry-run), as
// text or JSON.
func (a *app) printPlan(ctx context.Context, env *envcfg.Env, changes []envcfg.Change, asJSON bool) error {
	s, err := env.Read(ctx)
	if err != nil {
		return failure(err)
	}
	diffs := env.Plan(s, changes)
	if asJSON {
		return a.printReportJSON(envcfg.Report{EnvFile: s.EnvFile, Diffs: diffs, After: s}, true)
	}
	if len(diffs) == 0 {
		fmt.Fprintln(a.stdout, a.lang.T("nothing to change: the go env file already holds these values"))
		return nil
	}
	fmt.Fprintln(a.stdout, a.lang.T("would change %s:", shown(s.EnvFile)))
	a.printDiffs(diffs)
	return nil
}

// shown is user input or what the system says of it (a path, an id, a
// name, a value) made fit to echo: no escape sequence, control or bidi
// character reaches the terminal. Spaces are kept.
func shown(s string) string { return sanitize.Text(s, 0, false) }

// resolveMirror is the gate for a mirror argument (mirrors.CheckMirror).
func resolveMirror(cat *mirrors.Catalog, arg string) (mirrors.Mirror, error) {
	return mirrors.CheckMirror(arg, cat)
}

// unknownProfile is the error for a profile name cfg does not have: the
// nearest name when there is one, else the list.
func unknownProfile(name string, cfg *config.Config) error {
	names := slices.Sorted(maps.Keys(cfg.Profiles))
	if near, ok := mirrors.Suggest(name, names); ok {
		return i18n.Errorf("unknown profile %q — did you mean %s?", name, near)
	}
	return i18n.Errorf("unknown profile %q (profiles: %s)", name, strings.Join(names, ", "))
}

// editError is the command error for an error of a config edit (add,
// remove): exit 1 when the file could not be read or written, 2 for bad
// input (nothing written either way).
func editError(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	if errors.As(err, &pe) || errors.As(err, &le) {
		return failure(err)
	}
	return badInput(err)
}
