package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// mirrorJSON is one element of `mirrors --json`. Keys are not translated;
// url is redacted.
type mirrorJSON struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	URL        string  `json:"url"`
	Region     string  `json:"region"`
	Operator   string  `json:"operator,omitempty"`
	Homepage   string  `json:"homepage,omitempty"`
	StatusPage string  `json:"status_page,omitempty"`
	Note       string  `json:"note,omitempty"`
	Weight     float64 `json:"weight"`
	Source     string  `json:"source"`
	Hidden     bool    `json:"hidden"`
}

func newMirrorsCmd(a *app) *cobra.Command {
	l := a.lang
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "mirrors",
		Short: l.T("list the mirror catalog merged with your config"),
		Long:  l.T("Lists the built-in mirror catalog merged with the custom mirrors of your config, then the GOPROXY keywords and the checksum databases."),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runMirrors(cmd.Context(), mirrorsOptions{json: asJSON})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, l.T("print a JSON array (id, name, url, region, weight, source, ...)"))
	return cmd
}

// runMirrors lists the catalog merged with the config: a table, or JSON.
func (a *app) runMirrors(_ context.Context, o mirrorsOptions) error {
	_, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	if o.json {
		out := make([]mirrorJSON, 0, len(cat.Mirrors))
		for _, m := range cat.Mirrors {
			out = append(out, mirrorJSON{
				ID: m.ID, Name: m.Name, URL: mirrors.RedactURL(m.URL), Region: m.Region,
				Operator: m.Operator, Homepage: mirrors.RedactURL(m.Homepage),
				StatusPage: mirrors.RedactURL(m.StatusPage), Note: m.Note,
				Weight: weightOf(m), Source: string(m.Source), Hidden: m.Hidden,
			})
		}
		return a.printJSON(out)
	}
	a.mirrorsTable(a.stdout, cat)
	return nil
}

// mirrorsOptions are the flags of mirrors.
type mirrorsOptions struct{ json bool }

func weightOf(m mirrors.Mirror) float64 {
	if m.Weight == 0 {
		return 1
	}
	return m.Weight
}

// mirrorsTable prints one row per mirror, then the GOPROXY keywords and the
// checksum databases, so that the list doubles as a reference.
func (a *app) mirrorsTable(w io.Writer, cat *mirrors.Catalog) {
	l := a.lang
	rows := [][]string{{l.T("ID"), l.T("NAME"), l.T("URL"), l.T("REGION"), l.T("WEIGHT"), l.T("SOURCE")}}
	for _, m := range cat.Mirrors {
		m = cat.Localize(m, l)
		source := l.T(sourceLabel(m.Source))
		if m.Hidden {
			source = l.T("%s, hidden", source)
		}
		rows = append(rows, []string{
			cleanCell(m.ID), cleanCell(m.Name), cleanCell(mirrors.RedactURL(m.URL)), cleanCell(m.Region),
			strconv.FormatFloat(weightOf(m), 'g', -1, 64), source,
		})
	}
	writeColumns(w, rows)
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("GOPROXY keywords:"))
	var kw [][]string
	for _, k := range cat.Keywords {
		kw = append(kw, []string{"  " + k.Name, k.NoteIn(l)})
	}
	writeColumns(w, kw)
	fmt.Fprintln(w, l.T("Checksum databases (GOSUMDB):"))
	var dbs [][]string
	for _, s := range cat.SumDBs {
		dbs = append(dbs, []string{"  " + s.Name, s.NoteIn(l)})
	}
	writeColumns(w, dbs)
}

// sourceLabel names a mirror source for the table (translated by T).
func sourceLabel(s mirrors.Source) string {
	switch s {
	case mirrors.SourceBuiltin:
		return i18n.N("builtin")
	case mirrors.SourceConfig:
		return i18n.N("config")
	case mirrors.SourceArg:
		return i18n.N("argument")
	}
	return string(s)
}

// cleanCell makes config text safe for a terminal cell.
func cleanCell(s string) string { return sanitize.Line(s, 80) }

// writeColumns prints rows as left-aligned columns two spaces apart,
// measuring cells in terminal columns (CJK characters are two wide), which
// text/tabwriter does not.
func writeColumns(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

// displayWidth is the number of terminal columns s takes: two for East
// Asian wide and full-width characters, one for the rest.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if isWide(r) {
			n++
		}
	}
	return n
}

func isWide(r rune) bool {
	return r >= 0x1100 && r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf && r != 0x303f ||
		r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f ||
		r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6 || r >= 0x20000 && r <= 0x3fffd
}
