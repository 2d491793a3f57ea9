// Package config reads, checks and edits the user's goproxytui config file
// (config.toml): its sections, their defaults, errors that point at the
// offending line, and in-place edits that keep the user's comments.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/atomicfile"
	"github.com/goproxytui/goproxytui/internal/regfile"
	"github.com/goproxytui/goproxytui/mirrors"
)

//go:embed config.example.toml
var exampleConfig []byte

// Example returns a config file with every key present and explained
// (config.example.toml in the repository; a test decodes it).
func Example() []byte { return bytes.Clone(exampleConfig) }

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
	Mirrors []Mirror `toml:"mirror"`
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

// Mirror is one [[mirror]] of the config: a mirror the catalog does
// not know, e.g. a company Athens. URL may hold credentials (https only).
type Mirror struct {
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
	Concurrency  int      `toml:"concurrency"`   // probes in flight at once; 0: automatic (see probe.Concurrency)
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

// UnmarshalText parses a Go duration string greater than zero: the gate's
// verdict (mirrors.CheckDuration), as for a duration flag.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := mirrors.CheckDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Default returns the configuration used when there is no file, and
// the base every file is decoded onto.
func Default() *Config {
	return &Config{
		Weights:  map[string]float64{},
		Profiles: defaultProfiles(),
		Probe: ProbeConfig{
			Interval:     Duration{5 * time.Second},
			Timeout:      Duration{5 * time.Second},
			Canary:       DefaultCanary,
			Concurrency:  0, // automatic: every mirror at once, at most 256
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

// DefaultPath returns os.UserConfigDir()/goproxytui/config.toml.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", i18n.Errorf("finding the config directory: %w", err)
	}
	return filepath.Join(dir, "goproxytui", "config.toml"), nil
}

// Load reads and checks the config file at path ("" = the default
// path). A missing file gives Default(). A file that does not decode
// strictly onto Config, or that does not make sense (bad mirror URL,
// duplicate id, unknown hidden id, weight <= 0, bad duration, ...), gives a
// *Error with the position of the offending key or value. A file
// larger than MaxSize, or one that is not a regular file (a FIFO
// would block the read), is an error; a UTF-8 byte order mark is skipped.
func Load(path string) (*Config, error) {
	return LoadWithThemes(path, nil)
}

// LoadWithThemes is Load that also checks the theme against the
// names of the themes there are (nil: not checked), naming the nearest one
// after a typo.
func LoadWithThemes(path string, themes []string) (*Config, error) {
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	data, err := readConfigCapped(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	c, err := parseConfig(path, data)
	if err == nil && themes != nil && c.Theme != "" && !slices.Contains(themes, c.Theme) {
		msg := mirrors.CheckTheme(c.Theme, themes)
		off := -1
		if idx, perr := indexKeys(skipBOM(data)); perr == nil {
			off = idx.offset(keyPath("theme"))
		}
		return nil, newConfigError(path, skipBOM(data), off, msg)
	}
	return c, err
}

// MaxSize is the largest config file goproxytui reads, like the
// 1 MiB cap on every other input (probe and relay bodies): a config is a
// few KiB.
const MaxSize = 1 << 20

// readConfigCapped reads the config at path: a regular file of at most
// MaxSize bytes. A missing file gives an fs.ErrNotExist error.
func readConfigCapped(path string) ([]byte, error) {
	f, err := regfile.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var nr *regfile.NotRegularError
	if errors.As(err, &nr) {
		return nil, i18n.Errorf("reading config: %s is not a regular file (%v)", path, nr.Mode.Type())
	}
	if err != nil {
		return nil, i18n.Errorf("reading config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, i18n.Errorf("reading config: %w", err)
	}
	if len(data) > MaxSize {
		return nil, i18n.Errorf("reading config: %s is larger than %d KiB, the most goproxytui reads; is it the right file?", path, MaxSize>>10)
	}
	return data, nil
}

// skipBOM returns data without a leading UTF-8 byte order mark: editors do
// not show it, so columns count from after it. (utf8BOM is in configedit.go.)
func skipBOM(data []byte) []byte { return bytes.TrimPrefix(data, utf8BOM) }

// parseConfig decodes data (the contents of file) strictly and checks it.
func parseConfig(file string, data []byte) (*Config, error) {
	data = skipBOM(data)
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, newConfigError(file, data, -1, i18n.Errorf("the file starts with a UTF-16 byte order mark: save it as UTF-8"))
	}
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
	c := Default()
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
			var ve interface{ valueOffset() int }
			if _, exact := idx.vals[p.path]; exact && errors.As(p.err, &ve) && ve.valueOffset() > 0 {
				off += stringValueOffset(data[off:], ve.valueOffset()-1)
			}
		}
		return nil, newConfigError(file, data, off, p.err)
	}
	return c, nil
}

// LoadCatalog returns the built-in catalog merged with cfg (nil: none):
// config mirrors appended in file order, weights applied, hidden ids
// marked Hidden.
func LoadCatalog(cfg *Config) (*mirrors.Catalog, error) {
	c := mirrors.Builtin()
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
		c.Mirrors = append(c.Mirrors, mirrors.Mirror{
			ID: m.ID, Name: name, URL: mirrors.URLWithScheme(strings.TrimSpace(m.URL)),
			Region: m.Region, Operator: m.Operator, Homepage: m.Homepage,
			StatusPage: m.StatusPage, Note: m.Note, Weight: 1, Source: mirrors.SourceConfig,
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
// that differ from Default are written, so later defaults still apply.
// The file is rewritten in canonical form; when the old one had comments,
// it is kept next to it as path.bak first, so nothing the user wrote is
// lost. An invalid c is refused and no file is touched.
func (c *Config) Save(path string) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if path == "" {
		p, err := DefaultPath()
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
	// The file in place is read as Load reads it: a FIFO or a device is
	// refused, not waited on nor replaced.
	old, err := readConfigCapped(target)
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	case err == nil && !bytes.Equal(old, data) && hasComment(bytes.TrimPrefix(old, []byte(savedHeader))):
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
	def := Default()
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
		if name == "" || sameValue(rv.Field(i).Interface(), rd.Field(i).Interface()) {
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
