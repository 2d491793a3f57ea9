package advisor

// The commands the doctor proposes as fixes, and the chain helpers they
// are built with.

import (
	"slices"
	"strings"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
)

// without returns the chain without entry i.
func (d *doctor) without(i int) mirrors.Chain {
	c := clone(d.plan.Chain)
	if i >= 0 && i < len(c.Entries) {
		c.Entries = slices.Delete(c.Entries, i, i+1)
	}
	return c
}

// healthy returns the chain without the mirrors that fail with errors or
// hang, with '|' between the mirrors that are left.
func (d *doctor) healthy() mirrors.Chain {
	var c mirrors.Chain
	for i, e := range d.plan.Chain.Entries {
		if e.Kind == mirrors.KindProxy {
			if o := d.outcome(i, e); o == mirrors.OutcomeError || o == mirrors.OutcomeHang {
				continue
			}
		}
		c.Entries = append(c.Entries, e)
	}
	for i := range c.Entries {
		if i+1 < len(c.Entries) && c.Entries[i].Kind == mirrors.KindProxy && c.Entries[i+1].Kind == mirrors.KindProxy {
			c.Entries[i].Sep = mirrors.SepPipe
		}
	}
	return c
}

// fixOrRecommend proposes c, or recommend when c holds no mirror.
func (d *doctor) fixOrRecommend(c mirrors.Chain) string {
	for _, e := range c.Entries {
		if e.Kind == mirrors.KindProxy {
			return d.chainFix(c)
		}
	}
	return d.recommendFix("GOPROXY")
}

// recommendFix is goproxytui recommend --apply, after unsetting those of
// keys that an OS variable sets: it writes the go env file, which they hide.
func (d *doctor) recommendFix(keys ...string) string {
	var b strings.Builder
	for _, k := range keys {
		if d.in.Snapshot.Get(k).Source == envcfg.SourceEnv {
			b.WriteString("unset " + k + " && ")
		}
	}
	return b.String() + "goproxytui recommend --apply"
}

// chainFix is the command that sets GOPROXY to c: goproxytui use with
// catalog ids (which also keeps credentials of configured mirrors off the
// screen), or an export when an OS variable sets GOPROXY.
func (d *doctor) chainFix(c mirrors.Chain) string {
	c = c.Normalized()
	if d.in.Snapshot.Get("GOPROXY").Source == envcfg.SourceEnv {
		return "export GOPROXY=" + shellQuote(displayChain(c))
	}
	return "goproxytui use " + shellQuote(labelChain(c))
}

// invalidChainFix proposes GOPROXY without its invalid entries, or a reset.
func (d *doctor) invalidChainFix(v envcfg.Var) string {
	items := splitChain(v.Value)
	for range items {
		_, err := mirrors.ParseChain(joinChain(items), d.in.Catalog)
		ce, ok := err.(*mirrors.ChainError)
		if !ok || ce.Index < 0 {
			break
		}
		items = slices.Delete(items, ce.Index, ce.Index+1)
	}
	if c, err := mirrors.ParseChain(joinChain(items), d.in.Catalog); err == nil {
		return d.chainFix(c)
	}
	if v.Source == envcfg.SourceFile {
		return unsetFix(v)
	}
	return d.recommendFix("GOPROXY")
}

// chainItem is a non-empty GOPROXY entry with the separator after it.
type chainItem struct {
	text string
	sep  byte
}

func splitChain(s string) []chainItem {
	var items []chainItem
	for s != "" {
		f, sep := s, byte(0)
		if i := strings.IndexAny(s, ",|"); i >= 0 {
			f, sep, s = s[:i], s[i], s[i+1:]
		} else {
			s = ""
		}
		if f = strings.TrimSpace(f); f != "" {
			items = append(items, chainItem{f, sep})
		}
	}
	return items
}

func joinChain(items []chainItem) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			sep := items[i-1].sep
			if sep == 0 {
				sep = ','
			}
			b.WriteByte(sep)
		}
		b.WriteString(it.text)
	}
	return b.String()
}

func clone(c mirrors.Chain) mirrors.Chain {
	return mirrors.Chain{Entries: slices.Clone(c.Entries)}
}

// labelChain formats c with catalog ids for mirrors (as goproxytui use
// accepts them) and redacted URLs for the rest.
func labelChain(c mirrors.Chain) string {
	var b strings.Builder
	for i, e := range c.Entries {
		if i > 0 {
			b.WriteByte(byte(c.Entries[i-1].Sep))
		}
		b.WriteString(e.Label())
	}
	return b.String()
}

// setFix is the command that sets v's variable to value where it is set.
func setFix(v envcfg.Var, value string) string {
	if v.Source == envcfg.SourceEnv {
		return "export " + v.Name + "=" + shellQuote(value)
	}
	return "go env -w " + v.Name + "=" + shellQuote(value)
}

// unsetFix is the command that returns v's variable to its default.
func unsetFix(v envcfg.Var) string {
	if v.Source == envcfg.SourceEnv {
		return "unset " + v.Name
	}
	return "go env -u " + v.Name
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// redactValue hides credentials in every URL of a list value.
func redactValue(s string) string {
	var b strings.Builder
	for s != "" {
		i := strings.IndexAny(s, ",| ")
		f := s
		if i >= 0 {
			f = s[:i]
		}
		b.WriteString(mirrors.RedactURL(f))
		if i < 0 {
			break
		}
		b.WriteByte(s[i])
		s = s[i+1:]
	}
	return b.String()
}
