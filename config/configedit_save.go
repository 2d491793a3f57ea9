package config

import (
	"bytes"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/atomicfile"
)

// SaveKeepingLayout writes c to path ("" = the default path) as Save does,
// but edits the file in place when the change is one of those the TUI
// makes, so that the user's comments and layout stay:
//   - [[mirror]] tables added (after the last one) or removed, the others
//     unchanged and in the same order;
//   - theme, language and hidden set (their value replaced, or a line added
//     among the top-level keys);
//   - entries of a [weights] table set, added or removed (or a [weights]
//     table added at the end when the file has none).
//
// Anything else (a changed profile, probe settings, a mirror edited in
// place, weights written as an inline table, a file that does not load
// now) falls back to Save, which rewrites the file and keeps the old one as
// path.bak when it had comments. The edited bytes are decoded again and
// must give c, or Save is used instead. An invalid c is refused and no file
// is touched.
func (c *Config) SaveKeepingLayout(path string) error {
	if err := c.Validate(); err != nil {
		return err
	}
	path, target, err := configTarget(path)
	if err != nil {
		return err
	}
	for attempt := 0; attempt < maxEditAttempts; attempt++ {
		data, exists, err := readConfigFile(target)
		if err != nil {
			return err
		}
		if !exists {
			return c.Save(path)
		}
		old, err := parseConfig(path, data)
		if err != nil {
			return c.Save(path)
		}
		out, ok := editInPlace(data, old, c)
		if !ok {
			return c.Save(path)
		}
		if got, err := parseConfig(path, out); err != nil || !Equal(got, c) {
			return c.Save(path)
		}
		now, _, err := readConfigFile(target)
		if err != nil {
			return err
		}
		if !bytes.Equal(now, data) {
			continue // written meanwhile: start over from what is there now
		}
		if bytes.Equal(out, data) {
			return nil
		}
		if err := atomicfile.WriteFile(target, out, 0o600); err != nil {
			return i18n.Errorf("saving config: %w", err)
		}
		return nil
	}
	return i18n.Errorf("editing config: %s keeps changing while being edited; try again", path)
}

// editInPlace returns data edited to hold c instead of old, when every
// difference is one SaveKeepingLayout edits in place.
func editInPlace(data []byte, old, c *Config) ([]byte, bool) {
	// Everything that is not edited here must already be equal.
	a, b := *old, *c
	for _, x := range []*Config{&a, &b} {
		x.Theme, x.Language, x.Mirrors, x.Weights, x.Hidden = "", "", nil, nil, nil
	}
	if !Equal(&a, &b) {
		return nil, false
	}
	out, ok := editMirrors(data, old.Mirrors, c.Mirrors)
	if !ok {
		return nil, false
	}
	for _, kv := range []struct {
		key      string
		old, new string
	}{{"theme", old.Theme, c.Theme}, {"language", old.Language, c.Language}} {
		if kv.old == kv.new {
			continue
		}
		v, err := tomlString(kv.new)
		if err != nil {
			return nil, false
		}
		if out, ok = setKey(out, nil, kv.key, v); !ok {
			return nil, false
		}
	}
	if !sameValue(old.Hidden, c.Hidden) {
		var items []string
		for _, id := range c.Hidden {
			s, err := tomlString(id)
			if err != nil {
				return nil, false
			}
			items = append(items, s)
		}
		if out, ok = setKey(out, nil, "hidden", "["+strings.Join(items, ", ")+"]"); !ok {
			return nil, false
		}
	}
	if !sameValue(old.Weights, c.Weights) {
		if out, ok = editWeights(out, old.Weights, c.Weights); !ok {
			return nil, false
		}
	}
	return out, true
}

// editMirrors removes the [[mirror]] tables of old that are not in new and
// appends those of new that were not in old. ok is false for any other
// difference (an edited mirror, a new order, inline mirrors).
func editMirrors(data []byte, old, new []Mirror) ([]byte, bool) {
	if sameValue(old, new) {
		return data, true
	}
	in := func(ms []Mirror, id string) bool {
		return slices.ContainsFunc(ms, func(m Mirror) bool { return strings.EqualFold(m.ID, id) })
	}
	var kept []Mirror
	var removed []int
	for i, m := range old {
		if in(new, m.ID) {
			kept = append(kept, m)
		} else {
			removed = append(removed, i)
		}
	}
	if len(kept) > len(new) || !sameValue(kept, new[:len(kept)]) {
		return nil, false
	}
	d, err := parseDoc(data)
	if err != nil || len(d.mirrors) != len(old) {
		return nil, false // mirrors written inline (mirror = [...])
	}
	out := data
	for k := len(removed) - 1; k >= 0; k-- { // from the end: indexes stay valid
		if k < len(removed)-1 {
			if d, err = parseDoc(out); err != nil {
				return nil, false
			}
		}
		out = d.withoutMirror(removed[k])
	}
	for _, m := range new[len(kept):] {
		if d, err = parseDoc(out); err != nil {
			return nil, false
		}
		table, err := mirrorTable(m, d.eol)
		if err != nil {
			return nil, false
		}
		out = d.withTable(table)
	}
	return out, true
}

// editWeights sets the entries of the [weights] table to new.
func editWeights(data []byte, old, new map[string]float64) ([]byte, bool) {
	kvs, headers, err := scanKeys(data)
	if err != nil {
		return nil, false
	}
	table := []string{"weights"}
	hasTable := slices.ContainsFunc(headers, func(h docHeader) bool { return slices.Equal(h.key, table) })
	for _, kv := range kvs {
		if kv.table == nil && kv.key[0] == "weights" {
			return nil, false // inline table or dotted keys: not edited here
		}
	}
	out := data
	ok := true
	if !hasTable {
		if len(old) > 0 {
			return nil, false
		}
		d, err := parseDoc(out)
		if err != nil {
			return nil, false
		}
		var b bytes.Buffer
		b.WriteString("[weights]" + d.eol)
		for _, id := range slices.Sorted(maps.Keys(new)) {
			b.WriteString(tomlKey(id) + " = " + tomlFloat(new[id]) + d.eol)
		}
		out = slices.Clone(out)
		if len(out) > 0 {
			if !bytes.HasSuffix(out, []byte("\n")) {
				out = append(out, d.eol...)
			}
			if len(d.lines) > 0 && !d.blank(len(d.lines)-1) {
				out = append(out, d.eol...)
			}
		}
		return append(out, b.Bytes()...), true
	}
	for _, id := range slices.Sorted(maps.Keys(old)) {
		if _, keep := new[id]; !keep {
			if out, ok = deleteKey(out, table, id); !ok {
				return nil, false
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(new)) {
		if w, had := old[id]; had && w == new[id] {
			continue
		}
		if out, ok = setKey(out, table, id, tomlFloat(new[id])); !ok {
			return nil, false
		}
	}
	return out, true
}

// docKV is a top-level key = value of a document.
type docKV struct {
	table      []string // key of the [table] it is in; nil at the top level
	arrayTable bool     // the table is a [[table]]
	key        []string // its key parts
	start, end int      // the whole key = value
	valStart   int      // where the value starts
}

// docHeader is a [table] header.
type docHeader struct {
	key        []string
	arrayTable bool
	off        int
}

// scanKeys lists the top-level key/values and table headers of data.
func scanKeys(data []byte) ([]docKV, []docHeader, error) {
	bom := 0
	if bytes.HasPrefix(data, utf8BOM) {
		bom = len(utf8BOM)
	}
	var kvs []docKV
	var headers []docHeader
	var table []string
	arrayTable := false
	keyOf := func(n *unstable.Node) ([]string, int) {
		var parts []string
		end := -1
		it := n.Key()
		for it.Next() {
			k := it.Node()
			parts = append(parts, string(k.Data))
			end = int(k.Raw.Offset + k.Raw.Length)
		}
		return parts, end
	}
	var p unstable.Parser
	p.Reset(data[bom:])
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			k, end := keyOf(e)
			table, arrayTable = k, e.Kind == unstable.ArrayTable
			headers = append(headers, docHeader{key: k, arrayTable: arrayTable, off: bom + end})
		case unstable.KeyValue:
			k, keyEnd := keyOf(e)
			rest := data[bom+keyEnd:]
			eq := bytes.IndexByte(rest, '=')
			if eq < 0 {
				continue
			}
			v := bom + keyEnd + eq + 1
			for v < len(data) && (data[v] == ' ' || data[v] == '\t') {
				v++
			}
			kvs = append(kvs, docKV{table: table, arrayTable: arrayTable, key: k,
				start: bom + int(e.Raw.Offset), end: bom + int(e.Raw.Offset+e.Raw.Length), valStart: v})
		}
	}
	return kvs, headers, p.Error()
}

// setKey sets key of the table named table (nil: the top level) to the
// TOML value text val: it replaces the value when the key is there, else
// adds a key = val line after the table's last key (for the top level:
// after the last top-level key, else above the first table and its
// comment, else at the end).
func setKey(data []byte, table []string, key, val string) ([]byte, bool) {
	kvs, headers, err := scanKeys(data)
	if err != nil {
		return nil, false
	}
	var lastInTable *docKV
	for i := range kvs {
		kv := &kvs[i]
		if !slices.Equal(kv.table, table) || kv.arrayTable {
			continue
		}
		if slices.Equal(kv.key, []string{key}) {
			return slices.Concat(data[:kv.valStart], []byte(val), data[kv.end:]), true
		}
		if kv.key[0] == key {
			return nil, false // dotted keys under it: not a plain value
		}
		lastInTable = kv
	}
	d, err := parseDoc(data)
	if err != nil {
		return nil, false
	}
	line := []byte(tomlKey(key) + " = " + val + d.eol)
	lineAt := func(off int) int {
		for i, l := range d.lines {
			if off >= l.start && off < l.end {
				return i
			}
		}
		return len(d.lines) - 1
	}
	switch {
	case lastInTable != nil:
		pos := d.lines[lineAt(lastInTable.end-1)].end
		if !bytes.HasSuffix(data[:pos], []byte("\n")) {
			line = append([]byte(d.eol), line...)
		}
		return slices.Concat(data[:pos], line, data[pos:]), true
	case table != nil:
		for _, h := range headers {
			if slices.Equal(h.key, table) && !h.arrayTable {
				pos := d.lines[lineAt(h.off)].end
				if !bytes.HasSuffix(data[:pos], []byte("\n")) {
					line = append([]byte(d.eol), line...)
				}
				return slices.Concat(data[:pos], line, data[pos:]), true
			}
		}
		return nil, false
	case len(headers) > 0:
		first := lineAt(headers[0].off)
		pos := d.lines[d.leadingComments(first, -1)].start
		return slices.Concat(data[:pos], line, []byte(d.eol), data[pos:]), true
	}
	out := slices.Clone(data)
	if len(out) > d.bom && !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, d.eol...)
	}
	return append(out, line...), true
}

// deleteKey removes the line(s) of key in table.
func deleteKey(data []byte, table []string, key string) ([]byte, bool) {
	kvs, _, err := scanKeys(data)
	if err != nil {
		return nil, false
	}
	d, err := parseDoc(data)
	if err != nil {
		return nil, false
	}
	for _, kv := range kvs {
		if slices.Equal(kv.table, table) && !kv.arrayTable && slices.Equal(kv.key, []string{key}) {
			start, end := len(data), 0
			for _, l := range d.lines {
				if l.end > kv.start && l.start < kv.end {
					start, end = min(start, l.start), max(end, l.end)
				}
			}
			return slices.Concat(data[:start], data[end:]), true
		}
	}
	return nil, false
}

var bareKeyRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// tomlKey writes a key bare when TOML allows it, else quoted.
func tomlKey(k string) string {
	if bareKeyRE.MatchString(k) {
		return k
	}
	s, err := tomlString(k)
	if err != nil {
		return `""` // invalid UTF-8: the decode check refuses the result
	}
	return s
}

// Equal reports whether a and b hold the same settings, an empty slice or
// map being the same as none. It is the one equality of configs: saving,
// editing and reloading all ask it.
func Equal(a, b *Config) bool {
	if a == nil || b == nil {
		return a == b
	}
	return sameValue(*a, *b)
}

// sameValue is reflect.DeepEqual with nil and empty slices and maps equal.
func sameValue(a, b any) bool { return sameReflect(reflect.ValueOf(a), reflect.ValueOf(b)) }

func sameReflect(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !sameReflect(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		it := a.MapRange()
		for it.Next() {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() || !sameReflect(it.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !sameReflect(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameReflect(a.Elem(), b.Elem())
	}
	switch a.Kind() {
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.String:
		return a.String() == b.String()
	}
	if a.CanInterface() && b.CanInterface() {
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	return false // a kind a config does not hold: not known to be equal
}
