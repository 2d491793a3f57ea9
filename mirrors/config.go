package mirrors

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/atomicfile"
	"github.com/goproxytui/goproxytui/internal/sanitize"
)

//go:embed config.example.toml
var exampleConfig []byte

// ExampleConfig returns a config file with every key present and explained
// (config.example.toml in the repository; a test decodes it).
func ExampleConfig() []byte { return bytes.Clone(exampleConfig) }

// DefaultCanary is the module version probes fetch to check that a mirror
// really serves modules. rsc.io/quote is the module of the Go tutorial
// ("Hello, World!" in go.dev/doc/tutorial): tiny, published in 2018 and
// never retracted, and requested by every newcomer, so every public mirror
// has it cached and answers fast.
const DefaultCanary = "rsc.io/quote@v1.5.2"

// Config is the user's goproxytui config file.
type Config struct {
	Theme    string `toml:"theme"`    // TUI theme name; "" = automatic
	Language string `toml:"language"` // "en", "zh" or "" (locale)
	// Mirrors are the user's own mirrors ([[mirror]]), private ones included.
	Mirrors []ConfigMirror `toml:"mirror"`
	// Weights are ranking weights by mirror id (built-in or config); > 0.
	Weights map[string]float64 `toml:"weights"`
	// Hidden lists mirror ids kept off lists and the dashboard.
	Hidden []string `toml:"hidden"`
	// Profiles are named settings ([profile.NAME]) that `use NAME` applies.
	Profiles  map[string]Profile `toml:"profile"`
	Probe     ProbeConfig        `toml:"probe"`
	Recommend RecommendConfig    `toml:"recommend"`
	Relay     RelayConfig        `toml:"relay"` // see relayconfig.go
}

// ConfigMirror is one [[mirror]] of the config: a mirror the catalog does
// not know, e.g. a company Athens. URL may hold credentials (https only).
type ConfigMirror struct {
	ID         string  `toml:"id,omitempty"`
	Name       string  `toml:"name,omitempty"`
	URL        string  `toml:"url,omitempty"`
	Region     string  `toml:"region,omitempty"`
	Operator   string  `toml:"operator,omitempty"`
	Homepage   string  `toml:"homepage,omitempty"`
	StatusPage string  `toml:"status_page,omitempty"`
	Note       string  `toml:"note,omitempty"`
	Weight     float64 `toml:"weight,omitempty"` // 0: unset (1); an explicit 0 is an error
	// Private marks the upstream for module paths matching GOPRIVATE or
	// GONOPROXY (a company Athens): the relay sends private paths only
	// to such mirrors and never to public ones.
	Private bool `toml:"private,omitempty"`
}

// Profile is a named set of go env values. GOPROXY may name catalog ids
// instead of URLs ("goproxy.cn,direct").
type Profile struct {
	GOPROXY   string `toml:"goproxy,omitempty"`
	GOSUMDB   string `toml:"gosumdb,omitempty"`
	GOPRIVATE string `toml:"goprivate,omitempty"`
}

// ProbeConfig tunes how mirrors are measured and when their health changes.
type ProbeConfig struct {
	Interval     Duration `toml:"interval"`      // between rounds
	Timeout      Duration `toml:"timeout"`       // per probe, all phases
	Canary       string   `toml:"canary"`        // module@version fetched by probes
	Concurrency  int      `toml:"concurrency"`   // probes in flight at once
	History      int      `toml:"history"`       // results kept per mirror
	DownAfter    int      `toml:"down_after"`    // consecutive failures → down
	UpAfter      int      `toml:"up_after"`      // consecutive successes → up again
	DegradedLoss float64  `toml:"degraded_loss"` // loss (0..1) above which a mirror is degraded
	DegradedP95  Duration `toml:"degraded_p95"`  // p95 latency above which a mirror is degraded
	CheckList    bool     `toml:"check_list"`    // also fetch <canary>/@v/list
	CheckSumDB   bool     `toml:"check_sumdb"`   // also ask /sumdb/sum.golang.org/supported
}

// RecommendConfig tunes `recommend`.
type RecommendConfig struct {
	DirectLast bool `toml:"direct_last"` // end proposed chains with direct (default true)
}

// Duration is a time.Duration written as a Go duration string ("5s",
// "1m30s") in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return i18n.Errorf("invalid duration %q (want e.g. \"5s\", \"1m30s\")", string(b))
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// DefaultConfig returns the configuration used when there is no file, and
// the base every file is decoded onto.
func DefaultConfig() *Config {
	return &Config{
		Weights:  map[string]float64{},
		Profiles: defaultProfiles(),
		Probe: ProbeConfig{
			Interval:     Duration{5 * time.Second},
			Timeout:      Duration{5 * time.Second},
			Canary:       DefaultCanary,
			Concurrency:  8,
			History:      300,
			DownAfter:    2,
			UpAfter:      2,
			DegradedLoss: 0.1,
			DegradedP95:  Duration{2 * time.Second},
			CheckList:    true,
			CheckSumDB:   true,
		},
		Recommend: RecommendConfig{DirectLast: true},
	}
}

// defaultProfiles are there without a config: "global" is the go command's
// own default; "china" is what goproxy.cn documents, with the checksum
// database at its address that is reachable from mainland China.
func defaultProfiles() map[string]Profile {
	return map[string]Profile{
		"global": {GOPROXY: "https://proxy.golang.org,direct", GOSUMDB: "sum.golang.org"},
		"china":  {GOPROXY: "https://goproxy.cn,direct", GOSUMDB: "sum.golang.google.cn"},
	}
}

// DefaultConfigPath returns os.UserConfigDir()/goproxytui/config.toml.
func DefaultConfigPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", i18n.Errorf("finding the config directory: %w", err)
	}
	return filepath.Join(dir, "goproxytui", "config.toml"), nil
}

// ConfigError is an error in a config file. Line and Col (1-based, Col in
// bytes as Go tools count) are 0 when the position is unknown.
type ConfigError struct {
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

func (e *ConfigError) Error() string { return e.Text(i18n.EN) }

// Unwrap returns Err.
func (e *ConfigError) Unwrap() error { return e.Err }

// Text renders the error in language l: "file:line:col: msg", then the
// offending line with a caret under the column.
func (e *ConfigError) Text(l i18n.Lang) string {
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
func (e *ConfigError) caretOffset() int {
	if e.caret > 0 || e.Col <= 1 {
		return e.caret
	}
	return min(e.Col-1, utf8.RuneCountInString(e.LineText))
}

// newConfigError positions msg at byte offset off of data (-1: unknown).
func newConfigError(file string, data []byte, off int, err error) *ConfigError {
	ce := &ConfigError{File: file, Msg: err.Error(), Err: err}
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

// userinfoRE matches the credentials of a URL in free text.
var userinfoRE = regexp.MustCompile(`://[^/@\s"'` + "`" + `]+@`)

// redactLine hides the credentials of URLs in a line of the config file, as
// RedactURL does: user:xxxxx@ or, for a bare token, xxxxx@.
func redactLine(s string) string {
	return userinfoRE.ReplaceAllStringFunc(s, func(m string) string {
		info := strings.TrimSuffix(strings.TrimPrefix(m, "://"), "@")
		if user, _, ok := strings.Cut(info, ":"); ok {
			return "://" + user + ":xxxxx@"
		}
		return "://xxxxx@"
	})
}

// LoadConfig reads and checks the config file at path ("" = the default
// path). A missing file gives DefaultConfig(). A file that does not decode
// strictly onto Config, or that does not make sense (bad mirror URL,
// duplicate id, unknown hidden id, weight <= 0, bad duration, ...), gives a
// *ConfigError with the position of the offending key or value.
func LoadConfig(path string) (*Config, error) {
	if path == "" {
		p, err := DefaultConfigPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return DefaultConfig(), nil
	}
	if err != nil {
		return nil, i18n.Errorf("reading config: %w", err)
	}
	return parseConfig(path, data)
}

// parseConfig decodes data (the contents of file) strictly and checks it.
func parseConfig(file string, data []byte) (*Config, error) {
	idx, perr := indexKeys(data)
	if perr == nil {
		// A duration written as a number or bool would reach UnmarshalText
		// without a position; catch it here, where positions are known.
		for _, k := range durationKeys() {
			if off, ok := idx.vals[k]; ok && idx.kinds[k] != unstable.String {
				return nil, newConfigError(file, data, off, i18n.Errorf("%s: want a duration string such as \"5s\"", dotted(k)))
			}
		}
	}
	c := DefaultConfig()
	c.Profiles = map[string]Profile{}
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, decodeError(file, data, err)
	}
	for name, p := range defaultProfiles() {
		if _, ok := c.Profiles[name]; !ok {
			c.Profiles[name] = p
		}
	}
	if c.Weights == nil {
		c.Weights = map[string]float64{}
	}
	if p := c.check(idx.has); p != nil {
		off := -1
		if idx != nil {
			off = idx.offset(p.path)
			var pe *profileError
			if _, exact := idx.vals[p.path]; exact && errors.As(p.err, &pe) && pe.at > 0 {
				off += stringValueOffset(data[off:], pe.at-1)
			}
		}
		return nil, newConfigError(file, data, off, p.err)
	}
	return c, nil
}

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

// decodeError turns a go-toml error into a positioned *ConfigError.
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

// problem is a semantic error in a config and the path of the key it is
// about (keyPath form), for positioning.
type problem struct {
	path string
	err  error
}

// profileError is a profile value the chain model rejects; its message is
// localised through the chain model's own Message when it has one.
type profileError struct {
	name, key string
	err       error
	// at, when > 0, is 1 + the byte offset in the value of the faulty
	// part (the entry of a GOPROXY list), for the error position.
	at int
}

func (e *profileError) Error() string { return e.Message(i18n.EN) }

func (e *profileError) Unwrap() error { return e.err }

// Message renders the error in language l.
func (e *profileError) Message(l i18n.Lang) string {
	inner := l.Error(e.err)
	if m, ok := e.err.(interface{ Message(i18n.Lang) string }); ok {
		inner = m.Message(l)
	}
	return l.T("profile %q: %s: %s", e.name, e.key, inner)
}

// withMirrors returns cat with the config mirrors added (ids and URLs only
// matter), for checking profiles before LoadCatalog.
func withMirrors(cat *Catalog, ms []ConfigMirror) *Catalog {
	out := cat.clone()
	for _, m := range ms {
		out.Mirrors = append(out.Mirrors, Mirror{ID: m.ID, URL: mirrorURLWithScheme(strings.TrimSpace(m.URL)), Weight: 1, Source: SourceConfig})
	}
	return out
}

// Validate checks a config that was not read by LoadConfig (LoadConfig
// checks its result already): mirror URLs and ids, weights, hidden ids,
// language, profiles and probe settings.
func (c *Config) Validate() error {
	if p := c.check(nil); p != nil {
		return p.err
	}
	return nil
}

// check returns the first problem of c. has says whether the file set a
// key (nil: nothing known), so that an explicit `weight = 0` is told from
// an absent weight.
func (c *Config) check(has func(string) bool) *problem {
	if has == nil {
		has = func(string) bool { return false }
	}
	if c.Language != "" && c.Language != "en" && c.Language != "zh" {
		return &problem{"language", i18n.Errorf("language %q: want en or zh (or empty for the locale)", c.Language)}
	}
	builtin := Builtin()
	ids := map[string]bool{}
	for i, m := range c.Mirrors {
		at := func(key string) string { return keyPath("mirror", fmt.Sprintf("#%d", i), key) }
		switch {
		case m.ID == "":
			return &problem{at("id"), i18n.Errorf("[[mirror]] number %d: id is missing", i+1)}
		case strings.ContainsAny(m.ID, ",| \t\r\n"):
			return &problem{at("id"), i18n.Errorf("mirror %q: an id cannot contain spaces, ',' or '|'", m.ID)}
		case m.ID == "direct" || m.ID == "off":
			return &problem{at("id"), i18n.Errorf("mirror %q: direct and off are GOPROXY keywords", m.ID)}
		}
		if b, ok := builtin.ByID(m.ID); ok {
			return &problem{at("id"), i18n.Errorf("mirror %q: the id is taken by the built-in mirror %q; choose another", m.ID, b.ID)}
		}
		if ids[strings.ToLower(m.ID)] {
			return &problem{at("id"), i18n.Errorf("mirror %q: duplicate id", m.ID)}
		}
		ids[strings.ToLower(m.ID)] = true
		if strings.TrimSpace(m.URL) == "" {
			return &problem{at("url"), i18n.Errorf("mirror %q: url is missing", m.ID)}
		}
		u := strings.TrimSpace(m.URL)
		if u == "direct" || u == "off" {
			return &problem{at("url"), i18n.Errorf("mirror %q: url %q is a GOPROXY keyword, not a URL", m.ID, u)}
		}
		if err := checkMirrorURL(mirrorURLWithScheme(u)); err != nil {
			return &problem{at("url"), i18n.Errorf("mirror %q: url %s: %w", m.ID, RedactURL(u), err)}
		}
		if badWeight(m.Weight) || has(at("weight")) && m.Weight == 0 {
			return &problem{at("weight"), i18n.Errorf("mirror %q: weight %v: want a number > 0", m.ID, m.Weight)}
		}
		if m.Weight != 0 && c.Weights != nil {
			if _, dup := c.Weights[m.ID]; dup {
				return &problem{keyPath("weights", m.ID), i18n.Errorf("mirror %q: weight set both in its [[mirror]] and in [weights]", m.ID)}
			}
		}
	}
	known := func(id string) bool {
		_, ok := builtin.ByID(id)
		return ok || ids[strings.ToLower(id)]
	}
	for _, id := range slices.Sorted(maps.Keys(c.Weights)) {
		w := c.Weights[id]
		if !known(id) {
			return &problem{keyPath("weights", id), i18n.Errorf("[weights]: unknown mirror %q", id)}
		}
		if badWeight(w) || w == 0 {
			return &problem{keyPath("weights", id), i18n.Errorf("mirror %q: weight %v: want a number > 0", id, w)}
		}
	}
	for i, id := range c.Hidden {
		if !known(id) {
			return &problem{keyPath("hidden", fmt.Sprintf("#%d", i)), i18n.Errorf("hidden: unknown mirror %q", id)}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Profiles)) {
		p := c.Profiles[name]
		if strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t\r\n") {
			return &problem{keyPath("profile", name), i18n.Errorf("profile %q: a name cannot be empty or contain spaces", name)}
		}
		if strings.TrimSpace(p.GOPROXY) == "" && strings.TrimSpace(p.GOSUMDB) == "" && strings.TrimSpace(p.GOPRIVATE) == "" {
			return &problem{keyPath("profile", name), i18n.Errorf("profile %q sets nothing: give goproxy, gosumdb or goprivate", name)}
		}
		for _, kv := range []struct{ key, v string }{{"goproxy", p.GOPROXY}, {"gosumdb", p.GOSUMDB}, {"goprivate", p.GOPRIVATE}} {
			if strings.ContainsAny(kv.v, "\r\n\x00") {
				return &problem{path: keyPath("profile", name, kv.key), err: i18n.Errorf("profile %q: %s cannot contain a newline or NUL (go env -w refuses it)", name, kv.key)}
			}
		}
		// The values must be ones the go command accepts, checked by the
		// chain model's parsers, with ids of this config's mirrors allowed.
		if strings.TrimSpace(p.GOPROXY) != "" {
			if _, err := ExpandChain(p.GOPROXY, withMirrors(builtin, c.Mirrors)); err != nil {
				pe := &profileError{name: name, key: "goproxy", err: err}
				var ce *ChainError
				if errors.As(err, &ce) && ce.Offset >= 0 {
					pe.at = ce.Offset + 1
				}
				return &problem{keyPath("profile", name, "goproxy"), pe}
			}
		}
		if p.GOSUMDB != "" {
			if _, err := ParseSumDB(p.GOSUMDB); err != nil {
				return &problem{path: keyPath("profile", name, "gosumdb"), err: &profileError{name: name, key: "gosumdb", err: err}}
			}
		}
		if _, err := CheckPatterns(p.GOPRIVATE); err != nil {
			return &problem{path: keyPath("profile", name, "goprivate"), err: &profileError{name: name, key: "goprivate", err: err}}
		}
	}
	if p := c.Relay.check(); p != nil {
		return p
	}
	return c.Probe.check()
}

func (p *ProbeConfig) check() *problem {
	at := func(key string) string { return keyPath("probe", key) }
	for _, d := range []struct {
		key string
		v   Duration
	}{{"interval", p.Interval}, {"timeout", p.Timeout}, {"degraded_p95", p.DegradedP95}} {
		if d.v.Duration <= 0 {
			return &problem{at(d.key), i18n.Errorf("probe.%s %v: want a duration > 0", d.key, d.v.Duration)}
		}
	}
	if p.Interval.Duration < 100*time.Millisecond {
		return &problem{at("interval"), i18n.Errorf("probe.interval %v: want at least 100ms, to stay polite to mirrors", p.Interval.Duration)}
	}
	path, version, ok := strings.Cut(p.Canary, "@")
	if !ok {
		return &problem{at("canary"), i18n.Errorf("probe.canary %q: want module@version, e.g. %q", p.Canary, DefaultCanary)}
	}
	if err := module.Check(path, version); err != nil {
		return &problem{at("canary"), i18n.Errorf("probe.canary %q: %v", p.Canary, err)}
	}
	for _, n := range []struct {
		key string
		v   int
	}{{"concurrency", p.Concurrency}, {"history", p.History}, {"down_after", p.DownAfter}, {"up_after", p.UpAfter}} {
		if n.v < 1 {
			return &problem{at(n.key), i18n.Errorf("probe.%s %d: want at least 1", n.key, n.v)}
		}
	}
	if p.History > 100000 {
		return &problem{at("history"), i18n.Errorf("probe.history %d: want at most 100000", p.History)}
	}
	if math.IsNaN(p.DegradedLoss) || p.DegradedLoss < 0 || p.DegradedLoss > 1 {
		return &problem{at("degraded_loss"), i18n.Errorf("probe.degraded_loss %v: want a fraction from 0 to 1", p.DegradedLoss)}
	}
	return nil
}

// badWeight reports a weight no ranking can use: negative, NaN or infinite.
func badWeight(w float64) bool { return w < 0 || math.IsNaN(w) || math.IsInf(w, 0) }

// LoadCatalog returns the built-in catalog merged with cfg (nil: none):
// config mirrors appended in file order, weights applied, hidden ids
// marked Hidden.
func LoadCatalog(cfg *Config) (*Catalog, error) {
	c := Builtin()
	if cfg == nil {
		return c, nil
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	for _, m := range cfg.Mirrors {
		name := m.Name
		if name == "" {
			name = m.ID
		}
		c.Mirrors = append(c.Mirrors, Mirror{
			ID: m.ID, Name: name, URL: mirrorURLWithScheme(strings.TrimSpace(m.URL)),
			Region: m.Region, Operator: m.Operator, Homepage: m.Homepage,
			StatusPage: m.StatusPage, Note: m.Note, Weight: 1, Source: SourceConfig,
		})
		if m.Weight > 0 {
			c.Mirrors[len(c.Mirrors)-1].Weight = m.Weight
		}
	}
	for i := range c.Mirrors {
		m := &c.Mirrors[i]
		for id, w := range cfg.Weights {
			if strings.EqualFold(id, m.ID) {
				m.Weight = w
			}
		}
		for _, id := range cfg.Hidden {
			if strings.EqualFold(id, m.ID) {
				m.Hidden = true
			}
		}
	}
	return c, nil
}

// Save writes c to path ("" = the default path) atomically (temp file in
// the same directory, fsync, rename), through symlinks, keeping the file's
// mode (new files get 0600: mirror URLs may hold credentials). Only values
// that differ from DefaultConfig are written, so later defaults still apply.
// The file is rewritten in canonical form; when the old one had comments,
// it is kept next to it as path.bak first, so nothing the user wrote is
// lost. An invalid c is refused and no file is touched.
func (c *Config) Save(path string) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if path == "" {
		p, err := DefaultConfigPath()
		if err != nil {
			return err
		}
		path = p
	}
	data, err := c.marshal()
	if err != nil {
		return err
	}
	target, err := atomicfile.Resolve(path)
	if err != nil {
		return i18n.Errorf("saving config: %w", err)
	}
	if old, err := os.ReadFile(target); err == nil && !bytes.Equal(old, data) && hasComment(bytes.TrimPrefix(old, []byte(savedHeader))) {
		if err := atomicfile.WriteFile(target+".bak", old, 0o600); err != nil {
			return i18n.Errorf("saving config: keeping a backup: %w", err)
		}
	}
	if err := atomicfile.WriteFile(target, data, 0o600); err != nil {
		return i18n.Errorf("saving config: %w", err)
	}
	return nil
}

const savedHeader = "# goproxytui config, written by goproxytui.\n# `goproxytui config example` shows every key with an explanation.\n\n"

// marshal renders the values of c that differ from the defaults.
func (c *Config) marshal() ([]byte, error) {
	def := DefaultConfig()
	doc := map[string]any{}
	if c.Theme != "" {
		doc["theme"] = c.Theme
	}
	if c.Language != "" {
		doc["language"] = c.Language
	}
	if len(c.Hidden) > 0 {
		doc["hidden"] = c.Hidden
	}
	if len(c.Mirrors) > 0 {
		doc["mirror"] = c.Mirrors
	}
	if len(c.Weights) > 0 {
		doc["weights"] = c.Weights
	}
	profiles := map[string]Profile{}
	for name, p := range c.Profiles {
		if d, ok := def.Profiles[name]; !ok || d != p {
			profiles[name] = p
		}
	}
	if len(profiles) > 0 {
		doc["profile"] = profiles
	}
	if t := changedFields(c.Probe, def.Probe); len(t) > 0 {
		doc["probe"] = t
	}
	if t := changedFields(c.Recommend, def.Recommend); len(t) > 0 {
		doc["recommend"] = t
	}
	var b bytes.Buffer
	b.WriteString(savedHeader)
	enc := toml.NewEncoder(&b)
	if err := enc.Encode(doc); err != nil {
		return nil, i18n.Errorf("saving config: %w", err)
	}
	return b.Bytes(), nil
}

// changedFields maps the toml names of v's fields that differ from def to
// their values.
func changedFields(v, def any) map[string]any {
	rv, rd := reflect.ValueOf(v), reflect.ValueOf(def)
	out := map[string]any{}
	for i := 0; i < rv.NumField(); i++ {
		name := tomlName(rv.Type().Field(i))
		if name == "" || reflect.DeepEqual(rv.Field(i).Interface(), rd.Field(i).Interface()) {
			continue
		}
		out[name] = rv.Field(i).Interface()
	}
	return out
}

// hasComment reports whether a TOML document has a comment line.
func hasComment(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			return true
		}
	}
	return false
}
