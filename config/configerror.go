package config

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Error is an error in a config file. Line and Col (1-based, Col in
// bytes as Go tools count) are 0 when the position is unknown.
type Error struct {
	File     string
	Line     int
	Col      int
	LineText string // the offending line, terminal-safe
	Msg      string // English
	// Err is the error in a translatable form (an *i18n.Msg) when there is
	// one; Text uses it.
	Err error

	caret int // runes of LineText before Col
}

func (e *Error) Error() string { return e.Text(i18n.EN) }

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Text renders the error in language l: "file:line:col: msg", then the
// offending line with a caret under the column.
func (e *Error) Text(l i18n.Lang) string {
	msg := e.Msg
	if m, ok := e.Err.(interface{ Message(i18n.Lang) string }); ok {
		msg = m.Message(l)
	} else if e.Err != nil {
		msg = l.Error(e.Err)
	}
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	b.WriteString(msg)
	if e.Line > 0 && e.LineText != "" {
		num := fmt.Sprint(e.Line)
		fmt.Fprintf(&b, "\n %s | %s\n %s | %s^", num, e.LineText, strings.Repeat(" ", len(num)), strings.Repeat(" ", e.caretOffset()))
	}
	return b.String()
}

// caretOffset is the number of runes of LineText before Col.
func (e *Error) caretOffset() int {
	if e.caret > 0 || e.Col <= 1 {
		return e.caret
	}
	return min(e.Col-1, utf8.RuneCountInString(e.LineText))
}

// newConfigError positions msg at byte offset off of data (-1: unknown).
func newConfigError(file string, data []byte, off int, err error) *Error {
	ce := &Error{File: file, Msg: err.Error(), Err: err}
	if off < 0 || off > len(data) {
		return ce
	}
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	end := bytes.IndexByte(data[start:], '\n')
	if end < 0 {
		end = len(data) - start
	}
	line := strings.TrimSuffix(string(data[start:start+end]), "\r")
	ce.Line = bytes.Count(data[:start], []byte("\n")) + 1
	ce.Col = off - start + 1
	ce.LineText = redactLine(sanitize.Text(line, 0, false))
	if off-start <= len(line) {
		ce.caret = utf8.RuneCountInString(redactLine(sanitize.Text(line[:off-start], 0, false)))
	}
	return ce
}

// redactLine hides the credentials of URLs in a line of the config file.
func redactLine(s string) string { return mirrors.RedactText(s) }

// stringValueOffset returns where byte i of the value of the TOML string
// starting at raw lies, relative to raw: past the opening quote, when the
// string is a one-line string without escapes (else 0: the value's start).
func stringValueOffset(raw []byte, i int) int {
	if len(raw) < 2 || raw[0] != '"' && raw[0] != '\'' || raw[1] == raw[0] {
		return 0
	}
	end := bytes.IndexByte(raw[1:], raw[0])
	if end < 0 || i > end || raw[0] == '"' && bytes.IndexByte(raw[1:end+1], '\\') >= 0 {
		return 0
	}
	return 1 + i
}

// decodeError turns a go-toml error into a positioned *Error.
func decodeError(file string, data []byte, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		line, col := e.Position()
		key := []string(e.Key())
		var msg error
		if strings.Contains(e.Error(), "table") {
			msg = i18n.Errorf("unknown table [%s]", strings.Join(key, "."))
		} else {
			msg = i18n.Errorf("unknown key %q", strings.Join(key, "."))
		}
		if known := knownKeys(key[:len(key)-1]); len(known) > 0 {
			msg = i18n.Errorf("%w (known here: %s)", msg, strings.Join(known, ", "))
		}
		if n := len(strict.Errors) - 1; n > 0 {
			msg = i18n.Errorf("%w (and %d more unknown keys)", msg, n)
		}
		return newConfigError(file, data, lineColOffset(data, line, col), msg)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if strings.Contains(msg, "cannot decode TOML table into") {
			// Usually `goproxy.cn = 2`: a dotted key where an id was meant.
			return newConfigError(file, data, lineColOffset(data, line, col),
				i18n.Errorf("%s (a key with dots makes nested tables: quote it, e.g. \"goproxy.cn\" = 2)", msg))
		}
		// go-toml's own words: English only.
		return newConfigError(file, data, lineColOffset(data, line, col), errors.New(msg))
	}
	return newConfigError(file, data, -1, err)
}

// lineColOffset turns a 1-based line and byte column into an offset.
func lineColOffset(data []byte, line, col int) int {
	if line < 1 || col < 1 {
		return -1
	}
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return min(off+col-1, len(data))
}

// keyIndex knows where each key of a document is: paths are key parts
// joined by "\x00", array elements and [[tables]] counted as "#0", "#1"...
type keyIndex struct {
	vals  map[string]int           // path → offset of its value (or table header)
	kinds map[string]unstable.Kind // path → kind of its value
}

// has reports whether the document sets path (nil-safe).
func (x *keyIndex) has(path string) bool {
	if x == nil {
		return false
	}
	_, ok := x.vals[path]
	return ok
}

// offset returns the offset of path, else of its closest parent, else -1.
func (x *keyIndex) offset(path string) int {
	for {
		if off, ok := x.vals[path]; ok {
			return off
		}
		i := strings.LastIndexByte(path, 0)
		if i < 0 {
			return -1
		}
		path = path[:i]
	}
}

func keyPath(parts ...string) string { return strings.Join(parts, "\x00") }

func dotted(path string) string { return strings.ReplaceAll(path, "\x00", ".") }

// indexKeys parses data with go-toml's parser and records every key's
// position. It fails only on syntax errors, which Decode reports better.
func indexKeys(data []byte) (*keyIndex, error) {
	x := &keyIndex{vals: map[string]int{}, kinds: map[string]unstable.Kind{}}
	var p unstable.Parser
	p.Reset(data)
	counts := map[string]int{}
	prefix := ""
	join := func(a, b string) string {
		if a == "" {
			return b
		}
		return a + "\x00" + b
	}
	keyOf := func(n *unstable.Node) (string, int) {
		var parts []string
		off := -1
		it := n.Key()
		for it.Next() {
			k := it.Node()
			parts = append(parts, string(k.Data))
			off = int(k.Raw.Offset) // the last part: "x" of [profile.x]
		}
		return keyPath(parts...), off
	}
	var record func(path string, v *unstable.Node)
	record = func(path string, v *unstable.Node) {
		x.vals[path] = int(v.Raw.Offset)
		x.kinds[path] = v.Kind
		switch v.Kind {
		case unstable.Array:
			it := v.Children()
			for i := 0; it.Next(); i++ {
				record(fmt.Sprintf("%s\x00#%d", path, i), it.Node())
			}
		case unstable.InlineTable:
			it := v.Children()
			for it.Next() {
				kv := it.Node()
				k, _ := keyOf(kv)
				record(join(path, k), kv.Value())
			}
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			k, off := keyOf(e)
			prefix = k
			if _, ok := x.vals[k]; !ok {
				x.vals[k] = off
				x.kinds[k] = unstable.Table
			}
		case unstable.ArrayTable:
			k, off := keyOf(e)
			n := counts[k]
			counts[k]++
			prefix = fmt.Sprintf("%s\x00#%d", k, n)
			x.vals[prefix] = off
			x.kinds[prefix] = unstable.Table
		case unstable.KeyValue:
			k, _ := keyOf(e)
			record(join(prefix, k), e.Value())
		}
	}
	if err := p.Error(); err != nil {
		return nil, err
	}
	return x, nil
}

// durationKeys lists the paths of every Duration field of Config.
func durationKeys() []string {
	var out []string
	var walk func(t reflect.Type, prefix []string)
	walk = func(t reflect.Type, prefix []string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name := tomlName(f)
			if name == "" {
				continue
			}
			p := append(slices.Clone(prefix), name)
			switch {
			case f.Type == reflect.TypeFor[Duration]():
				out = append(out, keyPath(p...))
			case f.Type.Kind() == reflect.Struct:
				walk(f.Type, p)
			}
		}
	}
	walk(reflect.TypeFor[Config](), nil)
	return out
}

func tomlName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		name = f.Name
	}
	return name
}

// knownKeys lists the keys Config accepts in the table at path (as go-toml
// reports it: names of map entries included, array indexes not), or nil
// when path is not a fixed table.
func knownKeys(path []string) []string {
	t := reflect.TypeFor[Config]()
	for _, part := range path {
		for t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Map:
			t = t.Elem()
			continue
		case reflect.Struct:
		default:
			return nil
		}
		found := false
		for i := 0; i < t.NumField(); i++ {
			if tomlName(t.Field(i)) == part {
				t, found = t.Field(i).Type, true
				break
			}
		}
		if !found {
			return nil
		}
	}
	for t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if n := tomlName(t.Field(i)); n != "" {
			out = append(out, n)
		}
	}
	return out
}
