package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/goproxytui/goproxytui/mirrors"
)

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
		return 2
	}
	fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.lang.Error(err)))
	return 1
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

// cmdConfig: `config example`, `config path`, `config check`.
func cmdConfig(a *app, args []string) int {
	flags := flag.NewFlagSet("config", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.StringVar(&a.configPath, "config", a.configPath, "")
	if code, done := a.parseCmdFlags(flags, args, a.configUsage); done {
		return code
	}
	rest := flags.Args()
	if len(rest) == 0 {
		fmt.Fprintln(a.stderr, a.lang.T("config: missing subcommand"))
		a.configUsage(a.stderr)
		return 2
	}
	sub := rest[0]
	if len(rest) > 1 {
		fmt.Fprintln(a.stderr, a.lang.T("config %s: unexpected argument %q", sub, rest[1]))
		a.configUsage(a.stderr)
		return 2
	}
	switch sub {
	case "example":
		a.stdout.Write(mirrors.ExampleConfig())
		return 0
	case "path":
		path, err := a.userConfigPath()
		if err != nil {
			return a.printConfigError(err)
		}
		fmt.Fprintln(a.stdout, path)
		return 0
	case "check":
		path, err := a.userConfigPath()
		if err != nil {
			return a.printConfigError(err)
		}
		if _, err := mirrors.LoadConfig(path); err != nil {
			return a.printConfigError(err)
		}
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintln(a.stdout, a.lang.T("%s: no such file; the defaults apply", path))
			return 0
		}
		fmt.Fprintln(a.stdout, a.lang.T("%s: ok", path))
		return 0
	}
	fmt.Fprintln(a.stderr, a.lang.T("config: unknown subcommand %q", sub))
	a.configUsage(a.stderr)
	return 2
}

func (a *app) configUsage(w io.Writer) {
	l := a.lang
	fmt.Fprintln(w, l.T("usage: goproxytui config example|path|check [--config PATH]"))
	fmt.Fprintln(w, l.T("  example   print a config file with every key explained"))
	fmt.Fprintln(w, l.T("  path      print the path of the config file in use"))
	fmt.Fprintln(w, l.T("  check     check the config file; errors show file:line:col"))
}
