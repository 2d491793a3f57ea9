// Package cli is goproxytui's command line: the cobra command tree, styled
// by charm's fang (help, errors, completion and man page), its flags and its
// output. The work itself is done by the packages config, mirrors, probe,
// envcfg, advisor, relay and metrics, and the terminal UI by tuiapp (which
// runs package ui); main.go only calls Main.
//
// Adding a command: write cli/NAME.go with
//
//	func newNAMECmd(a *app) *cobra.Command
//
// (Use, Short and Long through a.lang.T, flags with translated usages, Args
// from noArgs/maxArgs, ValidArgsFunction for completion, RunE calling
// a.runNAME(ctx, options), which returns nil or an error of app.go that
// carries the exit code: failure, badInput, usageError, saying, exit), its
// test in cli/NAME_test.go, and list it in commands below. Write output
// to a.stdout/a.stderr. The global flags (--config, --lang, --go, --theme,
// --demo) are persistent: every command accepts them in any position and
// reads them from a.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/themes"
)

// commands are the subcommands, in the order --help lists them.
func (a *app) commands() []*cobra.Command {
	return []*cobra.Command{
		newCurrentCmd(a),
		newMirrorsCmd(a),
		newLsCmd(a),
		newAddCmd(a),
		newRemoveCmd(a),
		newConfigCmd(a),
		newProbeCmd(a),
		newTestCmd(a),
		newEnvCmd(a),
		newUseCmd(a),
		newUndoCmd(a),
		newResetCmd(a),
		newExportCmd(a),
		newRecommendCmd(a),
		newDoctorCmd(a),
		newRelayCmd(a),
		newExporterCmd(a),
	}
}

// Main runs goproxytui with args (os.Args[1:]) on the process's streams and
// returns the exit code.
func Main(args []string) int {
	// fang asks the terminal for its background colour (OSC 11, then DA1)
	// before it prints any help page or error, when os.Stdin and os.Stdout
	// are terminals, and waits seconds for an answer that a dumb terminal
	// never gives. Only the TUI may query the terminal: while commands run,
	// os.Stdin is the null device, and the TUI takes the real one back.
	if null, err := os.Open(os.DevNull); err == nil {
		os.Stdin = null
		defer func() { os.Stdin = processStdin; null.Close() }()
	}
	a := &app{
		stdin:     processStdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		getenv:    os.Getenv,
		stdinTTY:  term.IsTerminal(os.Stdin.Fd()), // not /dev/null, a character device too
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
	return a.main(args)
}

// processStdin is the process' standard input, which Main hides from fang
// in os.Stdin.
var processStdin = os.Stdin

// main picks the language, builds the command tree in it and runs it. It
// returns the exit code.
func (a *app) main(args []string) int {
	a.lang = i18n.Detect("", "", a.getenv)
	// The help texts are set when the tree is built, so the language is
	// found before cobra parses anything: --lang, else the config's
	// language (of --config's file when given), else the locale.
	langFlag, _ := scanFlag(args, "lang")
	if cfg, ok := scanFlag(args, "config"); ok {
		a.configPath = cfg
	}
	if langFlag != "" {
		if err := mirrors.CheckLanguage(langFlag); err != nil {
			err = usageError("goproxytui", err)
			a.handleError(a.stderr, fang.Styles{}, err)
			return exitCodeOf(err)
		}
		a.lang, _ = i18n.Parse(langFlag)
	} else {
		a.lang = i18n.Detect("", a.configLanguage(), a.getenv)
	}
	a.configPath = ""
	if theme, ok := scanFlag(args, "theme"); ok && !isCompletion(args) {
		if err := mirrors.CheckTheme(theme, themes.Names()); err != nil {
			err = usageError("goproxytui", err)
			a.handleError(a.stderr, fang.Styles{}, err)
			return exitCodeOf(err)
		}
	}

	root := a.newRootCmd()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.helpWriter(a.stdout))
	root.SetErr(a.stderr)
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(versionString()),
		fang.WithoutManpage(), // newManCmd writes through the help writer
		fang.WithErrorHandler(a.handleError),
	)
	return exitCodeOf(err)
}

// isCompletion reports whether args ask for shell completions, where a
// flag's value is still being typed.
func isCompletion(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// scanFlag finds the value of the global flag --name in args (--name V or
// --name=V) before cobra parses them; the last one wins, as in pflag.
func scanFlag(args []string, name string) (string, bool) {
	val, found := "", false
	for i := 0; i < len(args); i++ {
		s := args[i]
		if s == "--" {
			break
		}
		if v, ok := strings.CutPrefix(s, "--"+name+"="); ok {
			val, found = v, true
		} else if s == "--"+name && i+1 < len(args) {
			val, found = args[i+1], true
			i++
		}
	}
	return val, found
}

func (a *app) newRootCmd() *cobra.Command {
	l := a.lang
	root := &cobra.Command{
		Use:   "goproxytui [MIRROR ...]",
		Short: l.T("see, choose and fix your Go module proxy setup"),
		Long: l.T("goproxytui — see, choose and fix your Go module proxy setup") + "\n\n" +
			l.T("With no command it opens the terminal UI; extra arguments (catalog ids or URLs) add mirrors to the dashboard."),
		Example: "goproxytui --demo\n" +
			"goproxytui use goproxy.cn,direct\n" +
			"goproxytui doctor\n" +
			"goproxytui completion bash > ~/.local/share/bash-completion/completions/goproxytui",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: a.completeMirrorArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat := a.catalogOrBuiltin()
			for _, arg := range args {
				if !a.isMirrorArg(arg) {
					return a.unknownCommand(cmd, arg, cat)
				}
				if _, err := resolveMirror(cat, arg); err != nil {
					return usageError(cmd.CommandPath(), err)
				}
			}
			return a.runTUI(cmd.Context(), tuiOptions{mirrors: args})
		},
	}
	// --demo is global so that it may come anywhere, but only the terminal
	// UI takes it: given to a command, it would be silently ignored.
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if a.demo && cmd != cmd.Root() {
			return usageError(cmd.CommandPath(), i18n.Errorf("%s: --demo runs only the terminal UI (goproxytui --demo); this command ignores it", commandName(cmd)))
		}
		return nil
	}
	root.SuggestionsMinimumDistance = 2
	cobra.EnableCommandSorting = false // --help lists commands in commands' order
	root.SetVersionTemplate("goproxytui {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError(c.CommandPath(), a.flagError(err))
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", "", l.T("path of the config file (default: user config dir/goproxytui/config.toml)"))
	pf.StringVar(&a.langFlag, "lang", "", l.T("language: en or zh (default: config, then LC_ALL/LANG)"))
	pf.StringVar(&a.goBin, "go", "", l.T("go binary to run (default: go on PATH)"))
	pf.StringVar(&a.theme, "theme", "", l.T("theme of the terminal UI: %s", strings.Join(themes.Names(), ", ")))
	pf.BoolVar(&a.demo, "demo", false, l.T("run the terminal UI against simulated mirrors and a temporary go env file"))
	_ = root.RegisterFlagCompletionFunc("theme", completeThemes)
	_ = root.RegisterFlagCompletionFunc("lang", completeWords([]string{"en", "zh"}))
	_ = root.MarkPersistentFlagFilename("config", "toml")
	root.Flags().BoolP("version", "v", false, l.T("print the version"))

	root.AddCommand(a.commands()...)
	root.AddCommand(newManCmd(a))
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	a.localizeGenerated(root)
	a.completeByConvention(root)
	a.typeFlagUsages(root)
	a.markDescriptions(root)
	return root
}

// localizeGenerated translates what cobra adds by itself: the help and
// completion commands and every command's --help flag.
func (a *app) localizeGenerated(root *cobra.Command) {
	l := a.lang
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Short = l.T("help about any command")
			c.Long = l.T("Shows the help of any command: goproxytui help [COMMAND].")
			// cobra's says "Unknown help topic" in English and exits 0.
			c.Run = nil
			c.RunE = func(cmd *cobra.Command, args []string) error {
				target, _, err := cmd.Root().Find(args)
				if err != nil || target == nil || len(args) > 0 && target == cmd.Root() {
					return usageError(cmd.Root().CommandPath(), i18n.Errorf("no help for %q: unknown command", strings.Join(args, " ")))
				}
				return target.Help()
			}
		case "completion":
			a.localizeCompletion(c)
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("help") == nil {
			c.Flags().BoolP("help", "h", false, l.T("help for %s", c.Name()))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// isMirrorArg tells an extra TUI argument — a URL, or the id of a catalog or
// config mirror ("goproxy.cn", "aliyun") — from a mistyped subcommand.
// Subcommand names are matched first, so they always win.
func (a *app) isMirrorArg(s string) bool {
	if strings.ContainsAny(s, ".:/") {
		return true
	}
	_, ok := a.catalogOrBuiltin().ByID(s)
	return ok
}

// catalogOrBuiltin is the catalog merged with the config in use, or the
// built-in catalog when the config cannot be read (the command that reads
// it reports why).
func (a *app) catalogOrBuiltin() *mirrors.Catalog {
	if cfg, err := a.userConfig(); err == nil {
		if c, err := config.LoadCatalog(cfg); err == nil {
			return c
		}
	}
	return mirrors.Builtin()
}

// unknownCommand is the usage error for a word that is neither a command
// nor a mirror, with cobra's suggestions of commands, else the nearest
// mirror id (the TUI takes those).
func (a *app) unknownCommand(root *cobra.Command, word string, cat *mirrors.Catalog) error {
	err := i18n.Errorf("unknown command %q", word)
	if s := readOnlySuggestions(root, word); len(s) > 0 {
		err = i18n.Errorf("unknown command %q — did you mean %s?", word, strings.Join(s, ", "))
	} else if id, ok := cat.SuggestID(word); ok {
		err = i18n.Errorf("unknown command or mirror %q — did you mean %s?", word, id)
	}
	return usageError(root.CommandPath(), err)
}

// changesSettings names the commands that write settings (the go env
// file, the config, the undo history) or take over GOPROXY: a mistyped
// word is never answered with one of them, so that "goproxytui tset" does
// not lead to reset.
var changesSettings = map[string]bool{"use": true, "undo": true, "reset": true, "add": true, "remove": true, "relay": true}

// readOnlySuggestions are cobra's suggestions for word without the
// commands that change settings.
func readOnlySuggestions(root *cobra.Command, word string) []string {
	var out []string
	for _, s := range root.SuggestionsFor(word) {
		if !changesSettings[s] {
			out = append(out, s)
		}
	}
	return out
}

// handleError is fang's error handler: the message in the user's language,
// then, for a usage error, where to find the usage. An exitError without
// a message was reported by the command itself.
func (a *app) handleError(w io.Writer, _ fang.Styles, err error) {
	// Errors quote what the user typed and what servers said: nothing of
	// it reaches the terminal raw.
	var b strings.Builder
	a.writeError(&b, err)
	io.WriteString(w, sanitize.Text(b.String(), 0, true))
}

// writeError writes what handleError says about err.
func (a *app) writeError(w io.Writer, err error) {
	var ee *exitError
	if errors.As(err, &ee) {
		switch {
		case ee.format != "":
			args := make([]any, len(ee.args))
			for i, v := range ee.args {
				if err, ok := v.(error); ok {
					v = a.errorText(err)
				}
				args[i] = v
			}
			fmt.Fprintln(w, a.lang.T(ee.format, args...))
		case ee.err != nil:
			fmt.Fprintln(w, a.lang.T("goproxytui: %v", a.errorText(ee.err)))
		}
		if ee.usage != "" {
			fmt.Fprintln(w, a.lang.T("Run '%s --help' for usage.", ee.usage))
		}
		return
	}
	if ue := a.cobraError(err); ue != nil {
		fmt.Fprintln(w, a.lang.T("goproxytui: %v", a.errorText(ue)))
		fmt.Fprintln(w, a.lang.T("Run '%s --help' for usage.", "goproxytui"))
		return
	}
	fmt.Fprintln(w, a.lang.T("goproxytui: %v", a.errorText(err)))
}

// cobraErrors are the texts of the usage errors cobra makes itself (no
// command of ours lets them through, but a generated one may), matched to
// say them in the user's language.
var cobraErrors = []struct {
	re  *regexp.Regexp
	msg string
}{
	{regexp.MustCompile(`^unknown command ("(?:[^"\\]|\\.)*") for `), i18n.N("unknown command %s")},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), i18n.N("accepts at most %s argument(s), received %s")},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), i18n.N("accepts %s argument(s), received %s")},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), i18n.N("requires at least %s argument(s), received %s")},
	{regexp.MustCompile(`^invalid argument ("(?:[^"\\]|\\.)*") for `), i18n.N("invalid argument %s")},
}

// isCobraUsageError reports whether err is one of cobraErrors: a usage
// error, exit 2 like every other.
func isCobraUsageError(err error) bool {
	for _, c := range cobraErrors {
		if c.re.MatchString(err.Error()) {
			return true
		}
	}
	return false
}

// cobraError is err as a translatable usage error when it is one of
// cobraErrors, else nil.
func (a *app) cobraError(err error) error {
	for _, c := range cobraErrors {
		if m := c.re.FindStringSubmatch(err.Error()); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				args[i] = s
			}
			return i18n.Errorf(c.msg, args...)
		}
	}
	return nil
}

// flagError is a flag parse error of pflag in a translatable form, flags
// named as they are typed (--count).
func (a *app) flagError(err error) error {
	var (
		notExist *pflag.NotExistError
		required *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		name := "--" + notExist.GetSpecifiedName()
		if notExist.GetSpecifiedShortnames() != "" { // -x, or x in -vx
			name = "-" + notExist.GetSpecifiedName()
		}
		return i18n.Errorf("unknown flag %s", name)
	case errors.As(err, &required):
		return i18n.Errorf("flag %s needs a value", "--"+required.GetFlag().Name)
	case errors.As(err, &invalid):
		cause := invalid.Unwrap()
		var gate *mirrors.Refusal
		if errors.As(cause, &gate) { // the gate's words, as for the config file
			return i18n.Errorf("%s: %w", "--"+invalid.GetFlag().Name, cause)
		}
		var num *strconv.NumError
		if errors.As(cause, &num) {
			cause = num.Err
		}
		return i18n.Errorf("invalid value %s for %s: %s", strconv.Quote(invalid.GetValue()), "--"+invalid.GetFlag().Name, cause.Error())
	case errors.As(err, &syntax):
		return i18n.Errorf("bad flag syntax: %s", syntax.GetSpecifiedFlag())
	}
	return err
}

// noArgs is the Args of a command that takes no positional argument.
func noArgs(cmd *cobra.Command, args []string) error {
	return maxArgs(0)(cmd, args)
}

// maxArgs is the Args of a command that takes at most n positional
// arguments.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usageError(cmd.CommandPath(), i18n.Errorf("%s: unexpected argument %q", commandName(cmd), args[n]))
		}
		return nil
	}
}

// commandName is the command's path without the program name ("config
// check").
func commandName(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}
