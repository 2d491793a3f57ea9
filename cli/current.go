package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// currentJSON is `current --json`. Values are redacted.
type currentJSON struct {
	Mirror   string   `json:"mirror"`             // the first entry: id, redacted URL, direct or off
	MirrorID string   `json:"mirror_id"`          // its catalog id, "" when none
	URL      string   `json:"url,omitempty"`      // its URL, redacted
	Chain    string   `json:"chain"`              // GOPROXY with catalog ids for known URLs
	GOPROXY  string   `json:"goproxy"`            // GOPROXY as go uses it, redacted
	GOSUMDB  string   `json:"gosumdb"`            // GOSUMDB as go uses it, redacted
	FromOS   []string `json:"from_os"`            // keys set by OS variables (go env -w does not reach them)
	Shadowed []string `json:"shadowed"`           // of those, the keys whose go env file value is hidden
	Invalid  string   `json:"invalid,omitempty"`  // why GOPROXY does not parse, if it does not
	EnvFile  string   `json:"env_file,omitempty"` // the go env file
}

// newCurrentCmd: `current [--json]`: one line for a prompt or a glance.
func newCurrentCmd(a *app) *cobra.Command {
	l := a.lang
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "current",
		Short: l.T("one line: the mirror go uses now, the chain and GOSUMDB"),
		Long: l.T("Prints one line for a shell prompt or a glance: the mirror the go command asks first (its catalog id when it is in the catalog), the whole GOPROXY chain, GOSUMDB, and a mark (!) when an OS environment variable sets one of them, so that go env -w and goproxytui use do not reach it.") +
			"\n\n" + l.T("Example output: goproxy.cn  goproxy.cn,direct  GOSUMDB=sum.golang.google.cn"),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runCurrent(cmd.Context(), currentOptions{json: asJSON})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, l.T("print an object: mirror, mirror_id, chain, goproxy, gosumdb, from_os, shadowed"))
	return cmd
}

// currentOptions are the flags of current.
type currentOptions struct{ json bool }

func (a *app) runCurrent(ctx context.Context, o currentOptions) error {
	cat := a.catalogOrBuiltin()
	s, err := a.newEnv().Read(ctx)
	if err != nil {
		return failure(err)
	}
	c := currentOf(s, cat)
	if o.json {
		return a.printJSON(c)
	}
	fmt.Fprintln(a.stdout, a.currentLine(c))
	return nil
}

// currentOf is what current reports of snapshot s.
func currentOf(s envcfg.Snapshot, cat *mirrors.Catalog) currentJSON {
	goproxy := s.Get("GOPROXY").Value
	c := currentJSON{
		GOPROXY:  envcfg.RedactValue(goproxy),
		GOSUMDB:  envcfg.RedactValue(s.Get("GOSUMDB").Value),
		FromOS:   []string{},
		Shadowed: []string{},
		EnvFile:  s.EnvFile,
	}
	for _, k := range envcfg.ExportKeys {
		v := s.Get(k)
		if v.Source == envcfg.SourceEnv {
			c.FromOS = append(c.FromOS, k)
			if v.Shadowed != nil {
				c.Shadowed = append(c.Shadowed, k)
			}
		}
	}
	chain, err := mirrors.ParseChain(goproxy, cat)
	if err != nil || len(chain.Entries) == 0 {
		c.Mirror, c.Chain = c.GOPROXY, c.GOPROXY
		if err != nil {
			c.Invalid = err.Error()
		}
		return c
	}
	var b strings.Builder
	for i, e := range chain.Entries {
		if i > 0 {
			if chain.Entries[i-1].Sep == mirrors.SepPipe {
				b.WriteByte('|')
			} else {
				b.WriteByte(',')
			}
		}
		b.WriteString(e.Label())
	}
	c.Chain = b.String()
	first := chain.Entries[0]
	c.Mirror, c.MirrorID = first.Label(), first.MirrorID
	if first.Kind == mirrors.KindProxy {
		c.URL = mirrors.RedactURL(first.URL)
	}
	return c
}

// currentLine is current's line: "goproxy.cn  goproxy.cn,direct
// GOSUMDB=sum.golang.google.cn", then "!GOPROXY" for each key an OS
// variable sets.
func (a *app) currentLine(c currentJSON) string {
	parts := []string{sanitize.Line(c.Mirror, 80)}
	if c.Chain != c.Mirror {
		parts = append(parts, sanitize.Line(c.Chain, 200))
	}
	sumdb := c.GOSUMDB
	if sumdb == "" {
		sumdb = "sum.golang.org"
	}
	parts = append(parts, "GOSUMDB="+sanitize.Line(sumdb, 120))
	if c.Invalid != "" {
		parts = append(parts, a.lang.T("(invalid GOPROXY)"))
	}
	for _, k := range c.FromOS {
		parts = append(parts, "!"+k)
	}
	return strings.Join(parts, "  ")
}
