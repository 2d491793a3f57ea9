// Package advisor turns measurements into advice: Recommend proposes a
// GOPROXY chain and a GOSUMDB from a few probe rounds of candidate mirrors,
// and Doctor diagnoses the current go env setup. Both are pure: every fact
// (probe results, checksum database reachability, effective go env values)
// is passed in, so the rules are table-tested without a network; the
// goproxytui recommend and doctor commands do the measuring.
//
// Every text meant for a user is a Text (English format and arguments),
// rendered in the user's language by Text.In, so the same advice reads well
// in English and in Chinese.
package advisor

import (
	"errors"
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
)

// Text is a user-facing message: an English format string (the i18n
// catalog key) and its arguments, rendered in a language by In.
type Text struct {
	Format string
	Args   []any
}

// T makes a Text. As with i18n.Lang.T, the catalog test checks that every
// literal format passed to T has a Chinese version with the same verbs.
func T(format string, args ...any) Text { return Text{Format: format, Args: args} }

// texts is a list of Texts rendered joined by a comma.
type texts []Text

// In renders t in language l. Arguments that are a Text, a list of Texts or
// an error are rendered in l too.
func (t Text) In(l i18n.Lang) string {
	if len(t.Args) == 0 {
		return l.T(t.Format)
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = render(l, a)
	}
	return l.T(t.Format, args...)
}

// String renders t in English.
func (t Text) String() string { return t.In(i18n.EN) }

func render(l i18n.Lang, a any) any {
	switch v := a.(type) {
	case Text:
		return v.In(l)
	case texts:
		sep := ", "
		if l == i18n.ZH {
			sep = "，"
		}
		parts := make([]string, len(v))
		for i, t := range v {
			parts[i] = t.In(l)
		}
		return strings.Join(parts, sep)
	case interface{ Message(i18n.Lang) string }:
		// probe.Result, mirrors.Verdict, SumDBRoute, ChainError, PatternIssue
		return v.Message(l)
	case error:
		var m *i18n.Msg
		if errors.As(v, &m) {
			return l.Error(v)
		}
		return v.Error()
	}
	return a
}

// raw is a Text shown as is in every language (a value, not a message).
func raw(s string) Text { return Text{Format: s} }
