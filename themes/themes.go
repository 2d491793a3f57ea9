// Package themes holds goproxytui's colour themes. Each theme is a function
// returning a Palette; one function turns any palette into the nested Styles
// struct the TUI renders with, so themes differ only in colours. The
// monochrome rendering (NO_COLOR, colourless terminals) uses no colour at all:
// states are told apart by the symbols the TUI draws, and emphasis by bold,
// underline and reverse video.
package themes

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/goproxytui/goproxytui/i18n"
)

// Palette is the set of colours a theme is made of.
type Palette struct {
	Text       color.Color // ordinary text
	Subtle     color.Color // secondary text: sources, units, hints
	Border     color.Color // panel borders
	Focus      color.Color // border and title of the focused panel
	Accent     color.Color // titles, keys in help
	SelectedFg color.Color // selected row
	SelectedBg color.Color
	Success    color.Color // healthy, "go would use"
	Warning    color.Color // degraded, pending edits, expiring certificates
	Error      color.Color // down, FAIL, config errors
	Info       color.Color // unknown, informational events
	Pipe       color.Color // the `|` separator
	Comma      color.Color // the `,` separator
	// Waterfall phase colours.
	DNS, Connect, TLS, TTFB, Transfer color.Color
}

// Styles is every style the TUI uses, built from one Palette.
type Styles struct {
	Name string // theme name
	Mono bool   // no colours: states only by symbols and attributes

	Text, Subtle, Bold, Accent lipgloss.Style
	Success, Warning, Error    lipgloss.Style
	Info                       lipgloss.Style

	Panel struct {
		Border  lipgloss.Style // unfocused panel box
		Focused lipgloss.Style // focused panel box
		Title   lipgloss.Style
		// FocusedTitle is the title of the focused panel.
		FocusedTitle lipgloss.Style
	}
	Header struct {
		Key, Value, Source lipgloss.Style
		Shadow             lipgloss.Style // OS variable shadows the env file
		Modified           lipgloss.Style // "modified — not applied"
	}
	Table struct {
		Header   lipgloss.Style
		Cell     lipgloss.Style
		Selected lipgloss.Style
	}
	Health struct {
		Healthy, Degraded, Down, Unknown lipgloss.Style
	}
	Chain struct {
		Entry, Selected, Weight lipgloss.Style
		Comma, Pipe, Keyword    lipgloss.Style
		OK, Fail, Hang          lipgloss.Style // verdicts
	}
	Waterfall struct {
		DNS, Connect, TLS, TTFB, Transfer lipgloss.Style
	}
	Input struct {
		Prompt, Text, Placeholder, Error, OK lipgloss.Style
	}
	Dialog lipgloss.Style
	Help   help.Styles
}

// theme builds a palette for a background (isDark).
type theme func(isDark bool) Palette

var registry = []struct {
	name string
	fn   theme
}{
	{"default", defaultPalette},
	{"dark", func(bool) Palette { return defaultPalette(true) }},
	{"light", func(bool) Palette { return defaultPalette(false) }},
	{"high-contrast", highContrast},
	{"mono", nil},
}

// Names returns the theme names in cycling order. "default" adapts to the
// terminal's background; "mono" has no colours.
func Names() []string {
	out := make([]string, len(registry))
	for i, t := range registry {
		out[i] = t.name
	}
	return out
}

// Get returns the styles of the named theme for a dark (isDark) or light
// background; "" means "default". An unknown name is an error.
func Get(name string, isDark bool) (Styles, error) {
	if name == "" {
		name = "default"
	}
	for _, t := range registry {
		if t.name != name {
			continue
		}
		if t.fn == nil {
			s := Mono()
			s.Name = name
			return s, nil
		}
		s := FromPalette(t.fn(isDark))
		s.Name = name
		return s, nil
	}
	return Styles{}, i18n.Errorf("unknown theme %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Next returns the theme after name in Names, wrapping around.
func Next(name string) string {
	names := Names()
	for i, n := range names {
		if n == name {
			return names[(i+1)%len(names)]
		}
	}
	return names[0]
}

func defaultPalette(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return Palette{
		Text:       ld(c("#1F2328"), c("#E6EDF3")),
		Subtle:     ld(c("#6E7781"), c("#8B949E")),
		Border:     ld(c("#D0D7DE"), c("#3D444D")),
		Focus:      ld(c("#8250DF"), c("#BC8CFF")),
		Accent:     ld(c("#0969DA"), c("#58A6FF")),
		SelectedFg: ld(c("#1F2328"), c("#FFFFFF")),
		SelectedBg: ld(c("#DDF4FF"), c("#264F78")),
		Success:    ld(c("#1A7F37"), c("#3FB950")),
		Warning:    ld(c("#9A6700"), c("#D29922")),
		Error:      ld(c("#CF222E"), c("#F85149")),
		Info:       ld(c("#6E7781"), c("#8B949E")),
		Pipe:       ld(c("#1A7F37"), c("#56D364")),
		Comma:      ld(c("#BC4C00"), c("#FFA657")),
		DNS:        ld(c("#0969DA"), c("#58A6FF")),
		Connect:    ld(c("#8250DF"), c("#BC8CFF")),
		TLS:        ld(c("#BF3989"), c("#FF7B72")),
		TTFB:       ld(c("#9A6700"), c("#D29922")),
		Transfer:   ld(c("#1A7F37"), c("#3FB950")),
	}
}

// highContrast uses pure colours on the terminal's own background.
func highContrast(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	fg := ld(c("#000000"), c("#FFFFFF"))
	return Palette{
		Text: fg, Subtle: fg, Border: fg,
		Focus:      ld(c("#0000FF"), c("#FFFF00")),
		Accent:     ld(c("#0000FF"), c("#00FFFF")),
		SelectedFg: ld(c("#FFFFFF"), c("#000000")),
		SelectedBg: fg,
		Success:    ld(c("#006400"), c("#00FF00")),
		Warning:    ld(c("#8B4500"), c("#FFFF00")),
		Error:      ld(c("#B00000"), c("#FF3030")),
		Info:       fg,
		Pipe:       ld(c("#006400"), c("#00FF00")),
		Comma:      ld(c("#8B4500"), c("#FFA500")),
		DNS:        ld(c("#0000FF"), c("#00FFFF")),
		Connect:    ld(c("#800080"), c("#FF00FF")),
		TLS:        ld(c("#B00000"), c("#FF3030")),
		TTFB:       ld(c("#8B4500"), c("#FFFF00")),
		Transfer:   ld(c("#006400"), c("#00FF00")),
	}
}

// FromPalette turns a palette into Styles.
func FromPalette(p Palette) Styles {
	n := lipgloss.NewStyle
	fg := func(c color.Color) lipgloss.Style { return n().Foreground(c) }
	var s Styles
	s.Text = fg(p.Text)
	s.Subtle = fg(p.Subtle)
	s.Bold = n().Bold(true)
	s.Accent = fg(p.Accent).Bold(true)
	s.Success = fg(p.Success)
	s.Warning = fg(p.Warning)
	s.Error = fg(p.Error).Bold(true)
	s.Info = fg(p.Info)

	s.Panel.Border = n().Border(lipgloss.RoundedBorder()).BorderForeground(p.Border)
	s.Panel.Focused = n().Border(lipgloss.RoundedBorder()).BorderForeground(p.Focus)
	s.Panel.Title = fg(p.Subtle).Bold(true)
	s.Panel.FocusedTitle = fg(p.Focus).Bold(true)

	s.Header.Key = fg(p.Subtle)
	s.Header.Value = fg(p.Text).Bold(true)
	s.Header.Source = fg(p.Subtle)
	s.Header.Shadow = fg(p.Warning).Bold(true)
	s.Header.Modified = fg(p.Warning).Bold(true)

	s.Table.Header = fg(p.Subtle).Bold(true)
	s.Table.Cell = fg(p.Text)
	s.Table.Selected = n().Foreground(p.SelectedFg).Background(p.SelectedBg).Bold(true)

	s.Health.Healthy = fg(p.Success)
	s.Health.Degraded = fg(p.Warning)
	s.Health.Down = fg(p.Error).Bold(true)
	s.Health.Unknown = fg(p.Info)

	s.Chain.Entry = fg(p.Text)
	s.Chain.Selected = n().Foreground(p.SelectedFg).Background(p.SelectedBg).Bold(true)
	s.Chain.Weight = fg(p.Subtle)
	s.Chain.Comma = fg(p.Comma).Bold(true)
	s.Chain.Pipe = fg(p.Pipe).Bold(true)
	s.Chain.Keyword = fg(p.Subtle).Italic(true)
	s.Chain.OK = fg(p.Success).Bold(true)
	s.Chain.Fail = fg(p.Error).Bold(true)
	s.Chain.Hang = fg(p.Warning).Bold(true)

	s.Waterfall.DNS = fg(p.DNS)
	s.Waterfall.Connect = fg(p.Connect)
	s.Waterfall.TLS = fg(p.TLS)
	s.Waterfall.TTFB = fg(p.TTFB)
	s.Waterfall.Transfer = fg(p.Transfer)

	s.Input.Prompt = fg(p.Accent).Bold(true)
	s.Input.Text = fg(p.Text)
	s.Input.Placeholder = fg(p.Subtle)
	s.Input.Error = fg(p.Error)
	s.Input.OK = fg(p.Success)

	s.Dialog = n().Border(lipgloss.DoubleBorder()).BorderForeground(p.Focus).Padding(0, 1)

	s.Help = help.Styles{
		Ellipsis:       fg(p.Subtle),
		ShortKey:       fg(p.Accent),
		ShortDesc:      fg(p.Subtle),
		ShortSeparator: fg(p.Border),
		FullKey:        fg(p.Accent),
		FullDesc:       fg(p.Subtle),
		FullSeparator:  fg(p.Border),
	}
	return s
}

// Mono returns colourless styles for NO_COLOR and colourless terminals:
// emphasis by bold, underline and reverse video only. The TUI draws a
// symbol next to every state, so nothing depends on colour.
func Mono() Styles {
	n := lipgloss.NewStyle
	plain := n()
	bold := n().Bold(true)
	var s Styles
	s.Name = "mono"
	s.Mono = true
	s.Text, s.Subtle, s.Bold, s.Accent = plain, plain, bold, bold
	s.Success, s.Warning, s.Error, s.Info = plain, bold, bold, plain
	s.Panel.Border = n().Border(lipgloss.NormalBorder())
	s.Panel.Focused = n().Border(lipgloss.ThickBorder())
	s.Panel.Title = plain
	s.Panel.FocusedTitle = n().Bold(true).Underline(true)
	s.Header.Key, s.Header.Value, s.Header.Source = plain, bold, plain
	s.Header.Shadow, s.Header.Modified = bold, n().Bold(true).Reverse(true)
	s.Table.Header = n().Bold(true).Underline(true)
	s.Table.Cell = plain
	s.Table.Selected = n().Reverse(true)
	s.Health.Healthy, s.Health.Degraded, s.Health.Down, s.Health.Unknown = plain, bold, bold, plain
	s.Chain.Entry, s.Chain.Selected, s.Chain.Weight = plain, n().Reverse(true), plain
	s.Chain.Comma, s.Chain.Pipe, s.Chain.Keyword = bold, bold, plain
	s.Chain.OK, s.Chain.Fail, s.Chain.Hang = bold, n().Bold(true).Reverse(true), n().Bold(true).Reverse(true)
	s.Waterfall.DNS, s.Waterfall.Connect, s.Waterfall.TLS, s.Waterfall.TTFB, s.Waterfall.Transfer = plain, plain, plain, plain, plain
	s.Input.Prompt, s.Input.Text, s.Input.Placeholder, s.Input.Error, s.Input.OK = bold, plain, plain, bold, plain
	s.Dialog = n().Border(lipgloss.DoubleBorder()).Padding(0, 1)
	s.Help = help.Styles{
		Ellipsis: plain, ShortKey: bold, ShortDesc: plain, ShortSeparator: plain,
		FullKey: bold, FullDesc: plain, FullSeparator: plain,
	}
	return s
}
