// Package i18n is goproxytui's one message catalog: every user-facing string of
// the TUI and the CLI passes through Lang.T, written in English in the code and
// looked up in the Simplified Chinese table when the language is zh.
//
// The English text is the key (as with gettext), so code stays readable and a
// missing translation falls back to English instead of showing a key. A test
// (catalog_test.go) scans the whole module for T/Errorf calls with literal
// format strings and fails when one has no Chinese entry, or when the two
// versions disagree on their format verbs.
package i18n

import (
	"fmt"
	"slices"
	"strings"
)

// Lang is a user-interface language.
type Lang string

// The supported languages.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

// zh maps an English format string to its Simplified Chinese version. It is
// filled by the zh_*.go files of this package, one per area, so that work on
// different areas does not collide; entries must not repeat across files
// (init panics on a duplicate).
var zh = map[string]string{}

func register(m map[string]string) {
	for k, v := range m {
		if _, dup := zh[k]; dup {
			panic("i18n: duplicate zh entry for " + fmt.Sprintf("%q", k))
		}
		zh[k] = v
	}
}

// Parse returns the language named by s ("en", "zh", "zh_CN.UTF-8", "zh-Hans", ...)
// and whether s named a supported one.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || s == "c" || s == "posix" || strings.HasPrefix(s, "c."):
		return EN, true
	case s == "zh" || strings.HasPrefix(s, "zh_") || strings.HasPrefix(s, "zh-") || strings.HasPrefix(s, "zh."):
		return ZH, true
	}
	return EN, false
}

// Detect picks the language: the --lang flag, else the config's language,
// else the locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them),
// else English. getenv is os.Getenv in production.
func Detect(flag, config string, getenv func(string) string) Lang {
	for _, s := range []string{flag, config} {
		if l, ok := Parse(s); ok {
			return l
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			l, _ := Parse(v)
			return l // the first set variable decides, as in POSIX
		}
	}
	return EN
}

// T formats the message in l's language. With no args the text is returned
// as is (no % processing), so plain strings need no escaping.
func (l Lang) T(format string, args ...any) string {
	if l == ZH {
		if t, ok := zh[format]; ok {
			format = t
		}
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// N marks a string for translation where it is defined and returns it
// unchanged; it is translated later by T with a non-literal argument (like
// gettext's N_). The catalog test treats N's literals like T's.
func N(s string) string { return s }

// Msg is an error whose text can be shown in any language. Lower packages
// return it (through Errorf) for errors a user reads, and the CLI and TUI
// show it with Lang.Error.
type Msg struct {
	Format string
	Args   []any
	// Wrapped is an error the Msg wraps besides those of its %w verbs
	// (for a Msg made without Errorf). errors.Is/As see through a Msg to
	// every wrapped error.
	Wrapped error

	wrapped []error // the arguments matched by %w (Errorf)
}

// Errorf makes a *Msg. Like fmt.Errorf, every error argument matched by a
// %w verb is wrapped (Unwrap returns them all); %w is shown as %v.
func Errorf(format string, args ...any) error {
	m := &Msg{Format: format, Args: args}
	if strings.Contains(format, "%w") {
		// fmt decides which arguments the %w verbs match.
		switch e := fmt.Errorf(format, args...).(type) {
		case interface{ Unwrap() []error }:
			m.wrapped = e.Unwrap()
		case interface{ Unwrap() error }:
			if w := e.Unwrap(); w != nil {
				m.wrapped = []error{w}
			}
		}
	}
	return m
}

func (m *Msg) Error() string { return EN.format(m) }

// Unwrap returns the errors matched by %w and Wrapped, if any.
func (m *Msg) Unwrap() []error {
	if m.Wrapped == nil {
		return m.wrapped
	}
	return append(slices.Clip(m.wrapped), m.Wrapped)
}

func (l Lang) format(m *Msg) string {
	f := l.T(m.Format)
	f = strings.ReplaceAll(f, "%w", "%v")
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if e, ok := a.(error); ok {
			args[i] = l.Error(e)
		} else {
			args[i] = a
		}
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// Localizer is an error (or any value) that can say itself in a language,
// such as mirrors.ChainError.
type Localizer interface {
	Message(l Lang) string
}

// Error renders err in l's language: a *Msg or a Localizer is translated,
// any other error keeps its own text. Only err itself is looked at, not what
// it wraps, so that a wrapping error's own words are never dropped.
func (l Lang) Error(err error) string {
	switch e := err.(type) {
	case nil:
		return ""
	case *Msg:
		return l.format(e)
	case Localizer:
		return e.Message(l)
	}
	return err.Error()
}
