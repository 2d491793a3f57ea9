package cli

import (
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/goproxytui/goproxytui/i18n"
)

// helpTitles are the section titles of fang's help, which it writes in
// English capitals.
var helpTitles = map[string]string{
	"USAGE":    i18n.N("USAGE"),
	"EXAMPLES": i18n.N("EXAMPLES"),
	"COMMANDS": i18n.N("COMMANDS"),
	"FLAGS":    i18n.N("FLAGS"),
}

// helpWriter is w for cobra's output (help, version, completion scripts):
// piped, without the blanks fang pads lines with; in Chinese it translates
// the section titles of fang's help, each of which fang writes on a line
// of its own.
func (a *app) helpWriter(w io.Writer) io.Writer {
	f, isFile := w.(*os.File)
	if !a.stdoutTTY || !isFile {
		w, isFile = &trimWriter{w: w}, false // piped: no padding
	}
	if a.lang == i18n.EN {
		return w
	}
	t := &titleWriter{w: w, lang: a.lang}
	if isFile {
		// fang styles the help only for a terminal, which it detects
		// through Fd.
		return &titleFile{titleWriter: t, File: f}
	}
	return t
}

// descMark starts every command summary and flag description in Chinese:
// fang capitalizes the first word of those (cases.Title, which in a run of
// Chinese without spaces capitalizes every Latin word: "目录/Config.toml"),
// and this word is one it leaves as it is. titleWriter removes it again.
const descMark = "\u2060 "

// markDescriptions puts descMark before the summaries and flag
// descriptions of c and its subcommands (Chinese only).
func (a *app) markDescriptions(c *cobra.Command) {
	if a.lang == i18n.EN {
		return
	}
	mark := func(s string) string {
		if s == "" || strings.HasPrefix(s, descMark) {
			return s
		}
		return descMark + s
	}
	c.Short = mark(c.Short)
	for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags()} {
		fs.VisitAll(func(f *pflag.Flag) { f.Usage = mark(f.Usage) })
	}
	for _, sub := range c.Commands() {
		a.markDescriptions(sub)
	}
}

type titleWriter struct {
	w    io.Writer
	lang i18n.Lang
}

func (t *titleWriter) Write(p []byte) (int, error) {
	s := string(p)
	lines := strings.Split(s, "\n")
	changed := false
	for i, line := range lines {
		title := strings.TrimSpace(ansi.Strip(line))
		if key, ok := helpTitles[title]; ok {
			lines[i] = strings.Replace(line, title, t.lang.T(key), 1)
			changed = true
		}
	}
	if changed {
		s = strings.Join(lines, "\n")
	}
	s = strings.ReplaceAll(s, descMark, "")
	if _, err := io.WriteString(t.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// titleFile is a titleWriter on a terminal: fang sees its file descriptor.
type titleFile struct {
	*titleWriter
	*os.File
}

func (t *titleFile) Write(p []byte) (int, error) { return t.titleWriter.Write(p) }

// WriteString hides *os.File's, which io.WriteString would call instead of
// Write.
func (t *titleFile) WriteString(s string) (int, error) { return t.titleWriter.Write([]byte(s)) }

// typeFlagUsages starts the description of every flag that takes a value
// of c and its subcommands with the value's kind, and its unit where it
// has one ("duration, e.g. 2s: give up …"): fang's help lists flags by
// name only. A text flag's description already says what it takes. A
// word in backquotes in the usage names the kind instead, as pflag's
// UnquoteUsage reads it. A zero default that the description
// explains ("(default: config, 5s)") is not shown as "(0s)".
func (a *app) typeFlagUsages(c *cobra.Command) {
	done := map[*pflag.Flag]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if done[f] || f.Value.Type() == "bool" {
					return
				}
				done[f] = true
				kind, usage := a.flagKind(f)
				if kind != "" {
					f.Usage = kind + a.lang.T(": ") + usage
				}
				if strings.Contains(usage, "(default") && (f.DefValue == "0s" || f.DefValue == "0") {
					f.DefValue = ""
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(c)
}

// flagKind is the kind of value flag f takes, said for a person, and its
// usage without backquotes.
func (a *app) flagKind(f *pflag.Flag) (kind, usage string) {
	name, usage := pflag.UnquoteUsage(f)
	if strings.Contains(f.Usage, "`") {
		return name, usage
	}
	switch f.Value.Type() {
	case "duration":
		return a.lang.T("duration, e.g. 2s"), usage
	case "int", "int64", "uint", "uint64", "count":
		return a.lang.T("integer"), usage
	case "float64", "float32":
		return a.lang.T("number"), usage
	case "string":
		return "", usage // its description says what it takes ("path of …")
	case "stringSlice", "stringArray":
		return a.lang.T("list"), usage
	}
	return name, usage
}

// trimWriter drops the blanks at the end of every line written through
// it: fang pads its help to the terminal's width, which piped help must
// not carry. Blanks are held back until the next byte shows that they are
// not at the end of a line.
type trimWriter struct {
	w       io.Writer
	pending []byte // blanks not written yet
}

func (t *trimWriter) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p))
	for _, b := range p {
		switch b {
		case ' ', '\t':
			t.pending = append(t.pending, b)
		case '\n':
			t.pending = t.pending[:0]
			out = append(out, b)
		default:
			out = append(out, t.pending...)
			t.pending = t.pending[:0]
			out = append(out, b)
		}
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
