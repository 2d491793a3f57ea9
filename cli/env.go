package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/internal/sanitize"
)

// writableKeys are the keys of envcfg.Keys that go env -w can write.
func writableKey(k string) bool { return k != "GOENV" && k != "GOROOT" }

// envJSONVar is one variable of `env --json`.
type envJSONVar struct {
	Value    string  `json:"value"`
	Source   string  `json:"source"`            // env, file, goroot, default
	Shadowed *string `json:"shadowed"`          // the file's value hidden by an OS variable
	OSValue  *string `json:"osValue"`           // the OS variable's value, when it sets the key
	File     *string `json:"file"`              // the value in the go env file, when present
	Goroot   *string `json:"goroot,omitempty"`  // the value in $GOROOT/go.env, when present
	EnvFile  string  `json:"envFile,omitempty"` // for source "file": which file
	Writable bool    `json:"writable"`          // go env -w can set it
}

// newEnvCmd: `env [--json]`: effective values, their sources and shadowing.
func newEnvCmd(a *app) *cobra.Command {
	l := a.lang
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "env",
		Short: l.T("show effective go env values and where each comes from"),
		Long:  l.T("Shows the effective GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE, GOFLAGS, GOENV and GOROOT, where each comes from (OS environment, go env file, $GOROOT/go.env or default), and OS variables that hide the go env file."),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runEnv(cmd.Context(), envOptions{json: asJSON})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, l.T("an object keyed by variable name: value, source (env|file|goroot|default), shadowed (the file's value hidden by an OS variable, or null)"))
	return cmd
}

// envOptions are the flags of env.
type envOptions struct{ json bool }

func (a *app) runEnv(ctx context.Context, o envOptions) error {
	s, err := a.newEnv().Read(ctx)
	if err != nil {
		return failure(err)
	}
	if o.json {
		return a.printEnvJSON(s)
	}
	a.printEnvText(s)
	return nil
}

func (a *app) printEnvJSON(s envcfg.Snapshot) error {
	out := make(map[string]envJSONVar, len(s.Vars))
	opt := func(v string, ok bool) *string {
		if !ok {
			return nil
		}
		r := envcfg.RedactValue(v)
		return &r
	}
	for k, v := range s.Vars {
		j := envJSONVar{
			Value:    envcfg.RedactValue(v.Value),
			Source:   string(v.Source),
			Writable: writableKey(k),
		}
		if v.Shadowed != nil {
			j.Shadowed = opt(*v.Shadowed, true)
		}
		j.OSValue = opt(v.OSValue, v.Source == envcfg.SourceEnv)
		if k != "GOENV" {
			fv, ok := s.File[k]
			j.File = opt(fv, ok)
		}
		if k != "GOROOT" && k != "GOENV" {
			gv, ok := s.GorootFile[k]
			j.Goroot = opt(gv, ok)
		}
		if v.Source == envcfg.SourceFile {
			j.EnvFile = s.EnvFile
		}
		out[k] = j
	}
	return a.printJSON(out)
}

func (a *app) printEnvText(s envcfg.Snapshot) {
	l := a.lang
	switch {
	case s.EnvFile == "":
		fmt.Fprintln(a.stdout, l.T("go env file: none (GOENV=off)"))
	case s.EnvFileExists:
		fmt.Fprintln(a.stdout, l.T("go env file: %s", shown(s.EnvFile)))
	default:
		fmt.Fprintln(a.stdout, l.T("go env file: %s (does not exist yet)", shown(s.EnvFile)))
	}
	fmt.Fprintln(a.stdout, l.T("go version: %s", shown(s.GoVersion)))
	fmt.Fprintln(a.stdout)
	rows := [][3]string{{l.T("VARIABLE"), l.T("VALUE"), l.T("SOURCE")}}
	for _, k := range envcfg.Keys {
		v := s.Get(k)
		val := sanitize.Line(envcfg.RedactValue(v.Value), 0)
		if val == "" {
			val = l.T("(empty)")
		}
		src := l.T(v.Source.Label())
		if k == "GONOPROXY" || k == "GONOSUMDB" {
			if v.Source == envcfg.SourceDefault && v.Value != "" {
				src = l.T("default (from GOPRIVATE)")
			}
		}
		rows = append(rows, [3]string{k, val, src})
	}
	var w0, w1 int
	for _, r := range rows {
		w0, w1 = max(w0, cellWidth(r[0])), max(w1, cellWidth(r[1]))
	}
	for _, r := range rows {
		fmt.Fprintf(a.stdout, "%s%s  %s%s  %s\n", r[0], pad(w0-cellWidth(r[0])), r[1], pad(w1-cellWidth(r[1])), r[2])
	}
	var notes []string
	for _, k := range envcfg.Keys {
		v := s.Get(k)
		if v.Source != envcfg.SourceEnv || !writableKey(k) {
			continue
		}
		if v.Shadowed != nil {
			notes = append(notes, l.T("warning: %s is set in the OS environment (%s), which hides the go env file's value %s: go env -w and goproxytui use do not take effect in shells that set it",
				k, quoteValue(v.OSValue), quoteValue(*v.Shadowed)))
		} else {
			notes = append(notes, l.T("note: %s is set in the OS environment: go env -w and goproxytui use do not take effect in shells that set it", k))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(a.stdout)
		for _, n := range notes {
			fmt.Fprintln(a.stdout, n)
		}
	}
}

// cellWidth is the number of terminal columns s takes: East Asian wide
// and full-width characters take two.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf, r >= 0xac00 && r <= 0xd7a3,
			r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff00 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6:
			n += 2
		default:
			n++
		}
	}
	return n
}

func pad(n int) string { return strings.Repeat(" ", max(n, 0)) }

// quoteValue quotes a go env value for messages, credentials redacted.
func quoteValue(v string) string {
	return fmt.Sprintf("%q", envcfg.RedactValue(v))
}
