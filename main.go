// Command goproxytui lets a Go developer see, choose and fix their Go module
// proxy setup: a live dashboard of mirrors, an editable failover chain, and
// safe, verified, undoable changes to go env.
//
// main.go holds the global flags and the subcommand table; each subcommand's
// flags and output live in its cmd_*.go file. The work itself is done by the
// packages mirrors, probe, envcfg, advisor and ui.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// version is set at build time with -ldflags "-X main.version=..."; else
// the module version from the build info is used.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// app is what every subcommand gets: its streams, the environment and the
// global flags.
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

type command struct {
	name    string
	summary string // English; shown through app.lang.T
	run     func(a *app, args []string) int
}

// commands is the subcommand table, in the order --help lists them.
func commands() []command {
	return []command{
		{"mirrors", i18n.N("list the mirror catalog merged with your config"), cmdMirrors},
		{"config", i18n.N("config example: print a config file with every key explained"), cmdConfig},
		{"probe", i18n.N("measure mirrors: phases, TLS, protocol checks, health"), cmdProbe},
		{"env", i18n.N("show effective go env values and where each comes from"), cmdEnv},
		{"use", i18n.N("set GOPROXY (and GOSUMDB, GOPRIVATE) safely through go env -w"), cmdUse},
		{"undo", i18n.N("restore the values from before the last apply"), cmdUndo},
		{"recommend", i18n.N("probe mirrors and propose a chain and GOSUMDB"), cmdRecommend},
		{"doctor", i18n.N("diagnose the current setup without changing anything"), cmdDoctor},
	}
}

func main() {
	a := &app{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		getenv:    os.Getenv,
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
	os.Exit(a.main(os.Args[1:]))
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// main parses the global flags and runs the subcommand, or the TUI when
// there is none. It returns the exit code.
func (a *app) main(args []string) int {
	a.lang = i18n.Detect("", "", a.getenv)
	fs := flag.NewFlagSet("goproxytui", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	showVersion := fs.Bool("version", false, "")
	fs.StringVar(&a.configPath, "config", "", "")
	fs.StringVar(&a.langFlag, "lang", "", "")
	fs.StringVar(&a.goBin, "go", "", "")
	fs.StringVar(&a.theme, "theme", "", "")
	fs.BoolVar(&a.demo, "demo", false, "")
	err := fs.Parse(args)
	if a.langFlag != "" {
		l, ok := i18n.Parse(a.langFlag)
		if !ok || (a.langFlag != "en" && a.langFlag != "zh") {
			fmt.Fprintln(a.stderr, a.lang.T("invalid --lang %q: want en or zh", a.langFlag))
			fmt.Fprintln(a.stderr, a.lang.T("usage: goproxytui [flags] [command] [args]"))
			return 2
		}
		a.lang = l
	}
	if errors.Is(err, flag.ErrHelp) {
		a.usage(a.stdout)
		return 0
	}
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.flagError(err)))
		fmt.Fprintln(a.stderr, a.lang.T("usage: goproxytui [flags] [command] [args]"))
		return 2
	}
	if *showVersion {
		fmt.Fprintln(a.stdout, "goproxytui", versionString())
		return 0
	}
	if a.langFlag == "" {
		a.lang = i18n.Detect("", a.configLanguage(), a.getenv)
	}
	rest := fs.Args()
	if len(rest) > 0 && rest[0] == "help" {
		a.usage(a.stdout)
		return 0
	}
	if len(rest) > 0 {
		for _, c := range commands() {
			if c.name == rest[0] {
				return c.run(a, rest[1:])
			}
		}
		if !a.isMirrorArg(rest[0]) {
			fmt.Fprintln(a.stderr, a.lang.T("unknown command %q", rest[0]))
			fmt.Fprintln(a.stderr, a.lang.T("usage: goproxytui [flags] [command] [args]"))
			return 2
		}
	}
	return runTUI(a, rest)
}

// isMirrorArg tells an extra TUI argument — a URL, or the id of a catalog or
// config mirror ("goproxy.cn", "aliyun") — from a mistyped subcommand.
// Subcommand names are matched first, so they always win.
func (a *app) isMirrorArg(s string) bool {
	if strings.ContainsAny(s, ".:/") {
		return true
	}
	cat := mirrors.Builtin()
	if cfg, err := a.userConfig(); err == nil {
		if c, err := mirrors.LoadCatalog(cfg); err == nil {
			cat = c
		}
	}
	_, ok := cat.ByID(s)
	return ok
}

func (a *app) usage(w io.Writer) {
	l := a.lang
	fmt.Fprintln(w, l.T("goproxytui — see, choose and fix your Go module proxy setup"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("usage: goproxytui [flags] [command] [args]"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("With no command it opens the terminal UI; extra arguments (catalog ids or URLs) add mirrors to the dashboard."))
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("Commands:"))
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, l.T(c.summary))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("Flags:"))
	fmt.Fprintln(w, l.T("  --config PATH   goproxytui config file (default: user config dir/goproxytui/config.toml)"))
	fmt.Fprintln(w, l.T("  --go PATH       go binary to run (default: go on PATH)"))
	fmt.Fprintln(w, l.T("  --lang en|zh    language (default: config, then LC_ALL/LANG)"))
	fmt.Fprintln(w, l.T("  --theme NAME    TUI theme"))
	fmt.Fprintln(w, l.T("  --demo          TUI against simulated mirrors and a temporary go env file"))
	fmt.Fprintln(w, l.T("  --version       print the version"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("Run 'goproxytui COMMAND --help' for a command's flags."))
}

// parseCmdFlags parses a subcommand's flags, which may also follow its
// positional arguments (`use CHAIN --sumdb off`). It returns done with an
// exit code for --help and for flag errors.
func (a *app) parseCmdFlags(fs *flag.FlagSet, args []string, usage func(io.Writer)) (code int, done bool) {
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			usage(a.stdout)
			return 0, true
		}
		if err != nil {
			fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.flagError(err)))
			usage(a.stderr)
			return 2, true
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	fs.Parse(append([]string{"--"}, pos...))
	return 0, false
}

// flagErrors are the flag package's error texts, matched to say them in the
// user's language; the value's own parse error (from strconv or time) stays
// as it is.
var flagErrors = []struct {
	re  *regexp.Regexp
	msg string
}{
	{regexp.MustCompile(`^flag provided but not defined: (-\S+)$`), i18n.N("unknown flag %s")},
	{regexp.MustCompile(`^flag needs an argument: (-\S+)$`), i18n.N("flag %s needs a value")},
	{regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?(-\S+): (.*)$`), i18n.N("invalid value %s for %s: %s")},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), i18n.N("bad flag syntax: %s")},
}

// flagError renders an error of flag.FlagSet.Parse in a.lang.
func (a *app) flagError(err error) string {
	for _, f := range flagErrors {
		if m := f.re.FindStringSubmatch(err.Error()); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				args[i] = s
			}
			return a.lang.T(f.msg, args...)
		}
	}
	return err.Error()
}
