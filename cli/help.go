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
// in Chinese it translates the section titles of fang's help, each of
// which fang writes on a line of its own.
func (a *app) helpWriter(w io.Writer) io.Writer {
	if a.lang == i18n.EN {
		return w
	}
	t := &titleWriter{w: w, lang: a.lang}
	if f, ok := w.(*os.File); ok {
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
