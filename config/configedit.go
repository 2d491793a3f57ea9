package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"

	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/atomicfile"
	"github.com/goproxytui/goproxytui/mirrors"
)

// This file edits the user's config.toml in place, so that adding or
// removing a [[mirror]] keeps every comment, blank line, key order and
// spacing the user wrote: go-toml/v2 decodes and encodes values but drops
// comments, so the edits are made on the bytes, at positions found by
// go-toml's own parser, and the result is decoded and checked with the
// code of Load (and `config check`) before it replaces the file.
//
// Which lines a [[mirror]] table owns, for removing it and for adding after
// it:
//   - its header line and every line up to its last key/value (comments and
//     blank lines between its keys included);
//   - comment lines right after the last key/value with no blank line
//     between (commented-out keys), unless they touch the next header, whose
//     leading comment they then are;
//   - the comment block right above its header (no blank line between)
//     only when the table before it is also a [[mirror]]: between two
//     mirrors such a comment can only be about the second one, while above
//     the first [[mirror]] it often introduces the whole list ("# Your own
//     mirrors, ...") and stays.
//
// Anything after a blank line that follows the table (an end-of-file
// note, a modeline) is not the table's and is kept.

// utf8BOM is the byte order mark some Windows editors put first.
var utf8BOM = []byte("\xEF\xBB\xBF")

// lineKind is what a line of the document holds.
type lineKind int

const (
	lineBlank   lineKind = iota // only spaces and tabs
	lineComment                 // a comment on its own line
	lineHeader                  // a [table] or [[array table]] header
	lineKeyVal                  // part of a key = value (multi-line values span lines)
)

// docLine is one line of the document: data[start:end] including its line
// ending.
type docLine struct {
	start, end int
	kind       lineKind
	mirror     bool // a [[mirror]] header
}

// configDoc is a config file's bytes split into lines classified by
// go-toml's parser.
type configDoc struct {
	data  []byte
	bom   int    // len(utf8BOM) when the file starts with one, else 0
	eol   string // "\r\n" when the file uses CRLF line endings, else "\n"
	lines []docLine
	// mirrors are the indexes in lines of the [[mirror]] headers, in order:
	// the i-th is Config.Mirrors[i] (when the mirrors are written as
	// [[mirror]] tables at all).
	mirrors []int
}

// parseDoc classifies the lines of data. It fails only on TOML syntax
// errors, which parseConfig reports better (callers decode first).
func parseDoc(data []byte) (*configDoc, error) {
	d := &configDoc{data: data, eol: "\n"}
	if bytes.HasPrefix(data, utf8BOM) {
		d.bom = len(utf8BOM)
	}
	if bytes.Contains(data, []byte("\r\n")) {
		d.eol = "\r\n"
	}
	for start := d.bom; start < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		d.lines = append(d.lines, docLine{start: start, end: end})
		start = end
	}
	lineAt := func(off int) int {
		i, found := slices.BinarySearchFunc(d.lines, off, func(l docLine, off int) int {
			switch {
			case l.end <= off:
				return -1
			case l.start > off:
				return 1
			}
			return 0
		})
		if !found {
			return len(d.lines) - 1
		}
		return i
	}
	body := data[d.bom:]
	var p unstable.Parser
	p.KeepComments = true
	p.Reset(body)
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Comment:
			d.lines[lineAt(d.bom+int(e.Raw.Offset))].kind = lineComment
		case unstable.Table, unstable.ArrayTable:
			var parts []string
			off := -1
			it := e.Key()
			for it.Next() {
				k := it.Node()
				parts = append(parts, string(k.Data))
				if off < 0 {
					off = int(k.Raw.Offset)
				}
			}
			i := lineAt(d.bom + off)
			d.lines[i].kind = lineHeader
			if e.Kind == unstable.ArrayTable && len(parts) == 1 && parts[0] == "mirror" {
				d.lines[i].mirror = true
				d.mirrors = append(d.mirrors, i)
			}
		case unstable.KeyValue:
			first := lineAt(d.bom + int(e.Raw.Offset))
			last := lineAt(d.bom + int(e.Raw.Offset+e.Raw.Length) - 1)
			for i := first; i <= last; i++ {
				d.lines[i].kind = lineKeyVal
			}
		}
	}
	if err := p.Error(); err != nil {
		return nil, err
	}
	return d, nil
}

// nextHeader returns the index of the first header after line h, or
// len(d.lines).
func (d *configDoc) nextHeader(h int) int {
	for i := h + 1; i < len(d.lines); i++ {
		if d.lines[i].kind == lineHeader {
			return i
		}
	}
	return len(d.lines)
}

// leadingComments returns the first line of the comment block right above
// line h (h itself when there is none), not going above line floor.
func (d *configDoc) leadingComments(h, floor int) int {
	i := h
	for i-1 > floor && d.lines[i-1].kind == lineComment {
		i--
	}
	return i
}

// tableEnd returns the last line owned by the table whose header is line h
// (see the rules at the top of this file).
func (d *configDoc) tableEnd(h int) int {
	next := d.nextHeader(h)
	last := h
	for i := h + 1; i < next; i++ {
		if d.lines[i].kind == lineKeyVal {
			last = i
		}
	}
	lead := next
	if next < len(d.lines) {
		lead = d.leadingComments(next, last)
	}
	for last+1 < lead && d.lines[last+1].kind == lineComment {
		last++
	}
	return last
}

// tableStart returns the first line owned by the table whose header is
// line h: its leading comment block when the table before it is a
// [[mirror]] too, else h.
func (d *configDoc) tableStart(h int) int {
	prev := -1
	for i := h - 1; i >= 0; i-- {
		if d.lines[i].kind == lineHeader {
			prev = i
			break
		}
	}
	if prev < 0 || !d.lines[prev].mirror {
		return h
	}
	return d.leadingComments(h, d.tableEnd(prev))
}

func (d *configDoc) blank(i int) bool {
	return i >= 0 && i < len(d.lines) && d.lines[i].kind == lineBlank
}

// AddMirror adds m as a new [[mirror]] table to the config file at
// path ("" = the default path), keeping every byte already there: the
// table goes right after the last [[mirror]] table, or at the end of the
// file when there is none, in the file's line endings. A missing file (and
// directory) is created. m is checked as `config check` checks a mirror
// (id syntax, URL rules, weight > 0 when set), and its id must be new:
// neither a built-in nor one of the config's mirrors. The file must load
// before the edit, and the result is decoded again and must be the old
// config plus m, or nothing is written. The file is replaced atomically
// (mode kept; a new file gets 0600, since URLs may hold credentials).
func AddMirror(path string, m Mirror) error {
	m.URL = strings.TrimSpace(m.URL)
	return editConfig(path, func(file string, data []byte, old *Config, d *configDoc) ([]byte, *Config, error) {
		if b, ok := mirrors.Builtin().ByID(m.ID); ok && m.ID != "" {
			return nil, nil, i18n.Errorf("mirror %q: the id is taken by the built-in mirror %q; choose another", m.ID, b.ID)
		}
		for i, o := range old.Mirrors {
			if m.ID != "" && strings.EqualFold(o.ID, m.ID) {
				if i < len(d.mirrors) {
					return nil, nil, i18n.Errorf("mirror %q is already in %s (line %d); remove it first or choose another id", o.ID, file, lineNumber(d.data, d.lines[d.mirrors[i]].start))
				}
				return nil, nil, i18n.Errorf("mirror %q is already in %s; remove it first or choose another id", o.ID, file)
			}
		}
		want := cloneConfigShallow(old)
		want.Mirrors = append(slices.Clone(old.Mirrors), m)
		if p := want.check(nil); p != nil {
			return nil, nil, p.err
		}
		if len(old.Mirrors) > 0 && len(d.mirrors) == 0 {
			return nil, nil, i18n.Errorf("%s writes its mirrors as an inline array (mirror = [...]): add the mirror there by hand", file)
		}
		table, err := mirrorTable(m, d.eol)
		if err != nil {
			return nil, nil, err
		}
		return d.withTable(table), want, nil
	})
}

// RemoveMirror removes the [[mirror]] table whose id is id (ignoring
// case) from the config file at path ("" = the default path), with the
// lines it owns (see the top of this file) and the blank lines that
// separated it, and keeps every other byte. A built-in id is an error
// (built-ins are hidden with hidden = [...], not removed); an unknown id is
// an error with the nearest id as a suggestion. A mirror still named
// elsewhere in the file ([weights], hidden, a profile's goproxy) is not
// removed: the error points at that place. The result is decoded again and
// must be the old config without the mirror, or nothing is written.
func RemoveMirror(path string, id string) error {
	id = strings.TrimSpace(id)
	return editConfig(path, func(file string, data []byte, old *Config, d *configDoc) ([]byte, *Config, error) {
		at := slices.IndexFunc(old.Mirrors, func(m Mirror) bool { return m.ID == id })
		if at < 0 {
			at = slices.IndexFunc(old.Mirrors, func(m Mirror) bool { return strings.EqualFold(m.ID, id) })
		}
		if at < 0 {
			if b, ok := mirrors.Builtin().ByID(id); ok {
				return nil, nil, i18n.Errorf("%q is a built-in mirror: built-ins cannot be removed, only hidden (hidden = [%q] in %s)", b.ID, b.ID, file)
			}
			var ids []string
			for _, m := range old.Mirrors {
				ids = append(ids, m.ID)
			}
			if s, ok := mirrors.Suggest(id, ids); ok {
				return nil, nil, i18n.Errorf("%s has no mirror %q — did you mean %s?", file, id, s)
			}
			if len(ids) == 0 {
				return nil, nil, i18n.Errorf("%s has no mirror %q (it has no [[mirror]] at all)", file, id)
			}
			return nil, nil, i18n.Errorf("%s has no mirror %q (its mirrors: %s)", file, id, strings.Join(ids, ", "))
		}
		if at >= len(d.mirrors) || len(d.mirrors) != len(old.Mirrors) {
			return nil, nil, i18n.Errorf("%s writes its mirrors as an inline array (mirror = [...]): remove the mirror there by hand", file)
		}
		want := cloneConfigShallow(old)
		want.Mirrors = slices.Delete(slices.Clone(old.Mirrors), at, at+1)
		if len(want.Mirrors) == 0 {
			want.Mirrors = nil // as the decoder leaves it
		}
		idx, err := indexKeys(data[d.bom:])
		if err != nil {
			return nil, nil, err
		}
		// Positions of the remaining mirrors' keys shift by one: only the
		// other keys' presence matters here (an explicit weight = 0).
		has := func(p string) bool { return !strings.HasPrefix(p, "mirror\x00") && idx.has(p) }
		if p := want.check(has); p != nil {
			off := idx.offset(p.path)
			if off >= 0 {
				off += d.bom
			}
			return nil, nil, i18n.Errorf("cannot remove mirror %q, the config still names it: %w", old.Mirrors[at].ID, localConfigError{newConfigError(file, data, off, p.err)})
		}
		return d.withoutMirror(at), want, nil
	})
}

// localConfigError is a *Error inside another message: it renders
// in the reader's language there too (i18n looks for Message).
type localConfigError struct{ err *Error }

func (e localConfigError) Error() string { return e.err.Error() }

func (e localConfigError) Message(l i18n.Lang) string { return e.err.Text(l) }

func (e localConfigError) Unwrap() error { return e.err }

// withTable returns the document with table (a rendered [[mirror]])
// added after the last [[mirror]] table, or at the end when there is none.
func (d *configDoc) withTable(table []byte) []byte {
	var out []byte
	if len(d.mirrors) > 0 {
		last := d.tableEnd(d.mirrors[len(d.mirrors)-1])
		pos := d.lines[last].end
		var ins []byte
		if !bytes.HasSuffix(d.data[:pos], []byte("\n")) {
			ins = append(ins, d.eol...)
		}
		// Follow the file's style: a blank line before the new table
		// when one (or the end of the file) follows the last mirror;
		// none when the next table starts on the very next line. So
		// RemoveMirror gives back the bytes AddMirror got.
		if last+1 == len(d.lines) || d.blank(last+1) {
			ins = append(ins, d.eol...)
		}
		ins = append(ins, table...)
		out = slices.Concat(d.data[:pos], ins, d.data[pos:])
	} else {
		out = slices.Clone(d.data)
		if len(d.lines) > 0 {
			if !bytes.HasSuffix(out, []byte("\n")) {
				out = append(out, d.eol...)
			}
			if !d.blank(len(d.lines) - 1) {
				out = append(out, d.eol...)
			}
		}
		out = append(out, table...)
	}
	return out
}

// withoutMirror returns the document without the lines of its at-th
// [[mirror]] table (see the top of this file) and the blank lines that
// separated it.
func (d *configDoc) withoutMirror(at int) []byte {
	first := d.tableStart(d.mirrors[at])
	last := d.tableEnd(d.mirrors[at])
	// Take the blank lines that separated the table along, so that no
	// double gap is left, and trailing blank lines at the end.
	if first == 0 || d.blank(first-1) {
		for d.blank(last + 1) {
			last++
		}
	}
	if last == len(d.lines)-1 {
		for d.blank(first - 1) {
			first--
		}
	}
	return slices.Concat(d.data[:d.lines[first].start], d.data[d.lines[last].end:])
}

// maxEditAttempts bounds the retries when another program writes the
// config between our read and our write.
const maxEditAttempts = 3

// editConfig reads the config at path, decodes it as Load does,
// lets edit produce the new bytes and the config they must decode to,
// checks that they do, and replaces the file atomically unless it changed
// meanwhile (then it starts over).
func editConfig(path string, edit func(file string, data []byte, old *Config, d *configDoc) ([]byte, *Config, error)) error {
	path, target, err := configTarget(path)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		data, exists, err := readConfigFile(target)
		if err != nil {
			return err
		}
		old, err := parseConfig(path, data)
		if err != nil {
			return err
		}
		d, err := parseDoc(data)
		if err != nil {
			return newConfigError(path, data, -1, err) // parseConfig passed: unreachable
		}
		out, want, err := edit(path, data, old, d)
		if err != nil {
			return err
		}
		if !exists && !bytes.HasPrefix(out, utf8BOM) {
			out = append([]byte(savedHeader), out...)
		}
		got, err := parseConfig(path, out)
		if err != nil {
			return i18n.Errorf("editing config: the edited file would not load, nothing written: %w", err)
		}
		if !Equal(got, want) {
			return i18n.Errorf("editing config: the edited file would not decode to the intended config, nothing written")
		}
		now, nowExists, err := readConfigFile(target)
		if err != nil {
			return err
		}
		if nowExists != exists || !bytes.Equal(now, data) {
			if attempt+1 < maxEditAttempts {
				continue
			}
			return i18n.Errorf("editing config: %s keeps changing while being edited; try again", path)
		}
		if err := atomicfile.WriteFile(target, out, 0o600); err != nil {
			return i18n.Errorf("editing config: %w", err)
		}
		return nil
	}
}

// configTarget returns path ("" = the default path) and the file that
// writing it really replaces (symlinks followed).
func configTarget(path string) (string, string, error) {
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return "", "", err
		}
		path = p
	}
	target, err := atomicfile.Resolve(path)
	if err != nil {
		return "", "", i18n.Errorf("editing config: %w", err)
	}
	return path, target, nil
}

// readConfigFile reads path as Load does (readConfigCapped: a regular
// file, capped); a missing file is empty and exists false.
func readConfigFile(path string) (data []byte, exists bool, err error) {
	data, err = readConfigCapped(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// cloneConfigShallow copies c with its own Mirrors slice header; the
// other fields are shared (callers only replace Mirrors).
func cloneConfigShallow(c *Config) *Config {
	out := *c
	return &out
}

// lineNumber is the 1-based line of offset off in data.
func lineNumber(data []byte, off int) int {
	return bytes.Count(data[:min(off, len(data))], []byte("\n")) + 1
}

// mirrorTable renders m as a [[mirror]] table with go-toml's encoder (as
// Save writes them): the set fields in the order of Mirror, one
// `key = value` line each, with eol line endings.
func mirrorTable(m Mirror, eol string) ([]byte, error) {
	// go-toml turns invalid UTF-8 into other characters: refuse it instead.
	for _, s := range []string{m.ID, m.Name, m.URL, m.Region, m.Operator, m.Homepage, m.StatusPage, m.Note} {
		if !utf8.ValidString(s) {
			return nil, i18n.Errorf("mirror %q: %w", m.ID, i18n.Errorf("not valid UTF-8"))
		}
	}
	b, err := toml.Marshal(struct {
		Mirror []Mirror `toml:"mirror"`
	}{[]Mirror{m}})
	if err != nil {
		return nil, i18n.Errorf("mirror %q: %w", m.ID, err)
	}
	if eol != "\n" {
		b = bytes.ReplaceAll(b, []byte("\n"), []byte(eol))
	}
	return b, nil
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", i18n.Errorf("not valid UTF-8")
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// tomlFloat writes f so that TOML reads a float back (2 → 2.0).
func tomlFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}
