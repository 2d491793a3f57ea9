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

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// app is what every command gets: its streams, the environment and the
// global flags. Commands write to a.stdout and a.stderr (not cobra's
// OutOrStdout), so that in-process tests can capture them.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
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

// exitError carries a command's exit code out of cobra. err is the message
// the error handler prints in the user's language (nil: the command has
// already said why); usage adds a hint pointing at the command's --help.
type exitError struct {
	code  int
	err   error
	usage string // command path for the "--help" hint; "" for none
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// exit turns a command's exit code into its RunE result: nil for 0, else
// an exitError whose message the command has printed already.
func exit(code int) error {
	if code == 0 {
		return nil
	}
	return &exitError{code: code}
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
	return exitFailure
}

// userConfigPath returns the config file in use: --config, else the default
// path.
func (a *app) userConfigPath() (string, error) {
	if a.configPath != "" {
		return a.configPath, nil
	}
	return mirrors.DefaultConfigPath()
}

// userConfig loads the config file in use (defaults when it does not
// exist). Callers report an error with printConfigError.
func (a *app) userConfig() (*mirrors.Config, error) {
	path, err := a.userConfigPath()
	if err != nil {
		return nil, err
	}
	return mirrors.LoadConfig(path)
}

// loadUserCatalog loads the config in use and the catalog merged with it.
// On error it reports it on stderr and returns a nil catalog with the exit
// code (see printConfigError).
func (a *app) loadUserCatalog() (*mirrors.Config, *mirrors.Catalog, int) {
	cfg, err := a.userConfig()
	if err != nil {
		return nil, nil, a.printConfigError(err)
	}
	cat, err := mirrors.LoadCatalog(cfg)
	if err != nil {
		return nil, nil, a.printConfigError(err)
	}
	return cfg, cat, 0
}

// printConfigError prints a config error on stderr — with its position,
// the offending line and a caret when it is a *mirrors.ConfigError — and
// returns the exit code: 2 for a bad file, 1 when it could not be read.
func (a *app) printConfigError(err error) int {
	var ce *mirrors.ConfigError
	if errors.As(err, &ce) {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", ce.Text(a.lang)))
		return exitUsage
	}
	fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.lang.Error(err)))
	return exitFailure
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

// printJSON writes v to stdout as indented JSON and returns the exit code.
func (a *app) printJSON(v any) int {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", err))
		return exitFailure
	}
	return 0
}

// errorText renders an error of envcfg or mirrors in the user's language.
func (a *app) errorText(err error) string {
	var ce *mirrors.ChainError
	if errors.As(err, &ce) {
		return ce.Message(a.lang)
	}
	var cfe *mirrors.ConfigError
	if errors.As(err, &cfe) {
		return cfe.Text(a.lang)
	}
	return strings.TrimSpace(a.lang.Error(err))
}

// printPlan prints what applying changes would change (a --dry-run), as
// text or JSON, and returns the exit code.
func (a *app) printPlan(ctx context.Context, env *envcfg.Env, changes []envcfg.Change, asJSON bool) int {
	s, err := env.Read(ctx)
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return exitFailure
	}
	diffs := env.Plan(s, changes)
	if asJSON {
		return a.printReportJSON(envcfg.Report{EnvFile: s.EnvFile, Diffs: diffs, After: s}, true)
	}
	if len(diffs) == 0 {
		fmt.Fprintln(a.stdout, a.lang.T("nothing to change: the go env file already holds these values"))
		return 0
	}
	fmt.Fprintln(a.stdout, a.lang.T("would change %s:", s.EnvFile))
	a.printDiffs(diffs)
	return 0
}

// resolveMirror is the gate for a mirror argument (mirrors.CheckMirror).
func resolveMirror(cat *mirrors.Catalog, arg string) (mirrors.Mirror, error) {
	return mirrors.CheckMirror(arg, cat)
}

// unknownProfile is the error for a profile name cfg does not have: the
// nearest name when there is one, else the list.
func unknownProfile(name string, cfg *mirrors.Config) error {
	names := slices.Sorted(maps.Keys(cfg.Profiles))
	if near, ok := mirrors.Suggest(name, names); ok {
		return i18n.Errorf("unknown profile %q — did you mean %s?", name, near)
	}
	return i18n.Errorf("unknown profile %q (profiles: %s)", name, strings.Join(names, ", "))
}

// editExitCode is the exit code for an error of a config edit (add,
// remove): 1 when the file could not be read or written, 2 for bad input
// (nothing written either way).
func editExitCode(err error) int {
	var pe *fs.PathError
	var le *os.LinkError
	if errors.As(err, &pe) || errors.As(err, &le) {
		return exitFailure
	}
	return exitUsage
}
