package mirrors

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	pathpkg "path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"

	"github.com/goproxytui/goproxytui/i18n"
)

//go:embed catalog.toml
var catalogTOML []byte

// Catalog is the set of known mirrors: the built-in ones, merged with the
// user's config by LoadCatalog. Keywords and SumDBs describe the GOPROXY
// keywords and the checksum databases, for help text and pickers.
type Catalog struct {
	Mirrors  []Mirror // catalog order: built-ins first, then config mirrors
	SumDBs   []SumDBInfo
	Keywords []KeywordInfo

	// zh holds the Simplified Chinese name and note of built-in mirrors by id.
	zh map[string]localText
}

// SumDBInfo describes a checksum database choice for GOSUMDB.
type SumDBInfo struct {
	Name   string // GOSUMDB value: "sum.golang.org", "sum.golang.google.cn", "off"
	URL    string // where it is reached; "" for off
	Note   string // one line, English
	NoteZH string // one line, Simplified Chinese
}

// KeywordInfo describes a GOPROXY keyword: "direct" or "off".
type KeywordInfo struct {
	Name   string
	Note   string // one line, English
	NoteZH string // one line, Simplified Chinese
}

type localText struct{ name, note string }

// NoteIn returns the note in language l (English when there is no
// translation).
func (s SumDBInfo) NoteIn(l i18n.Lang) string { return pickLang(l, s.Note, s.NoteZH) }

// NoteIn returns the note in language l (English when there is no
// translation).
func (k KeywordInfo) NoteIn(l i18n.Lang) string { return pickLang(l, k.Note, k.NoteZH) }

func pickLang(l i18n.Lang, en, zh string) string {
	if l == i18n.ZH && zh != "" {
		return zh
	}
	return en
}

// catalogFile is the shape of catalog.toml.
type catalogFile struct {
	Mirror []struct {
		ID         string `toml:"id"`
		Name       string `toml:"name"`
		NameZH     string `toml:"name_zh"`
		URL        string `toml:"url"`
		Region     string `toml:"region"`
		Operator   string `toml:"operator"`
		Homepage   string `toml:"homepage"`
		StatusPage string `toml:"status_page"`
		Note       string `toml:"note"`
		NoteZH     string `toml:"note_zh"`
	} `toml:"mirror"`
	Keyword []struct {
		Name   string `toml:"name"`
		Note   string `toml:"note"`
		NoteZH string `toml:"note_zh"`
	} `toml:"keyword"`
	SumDB []struct {
		Name   string `toml:"name"`
		URL    string `toml:"url"`
		Note   string `toml:"note"`
		NoteZH string `toml:"note_zh"`
	} `toml:"sumdb"`
}

// parseCatalog decodes a catalog file strictly.
func parseCatalog(data []byte) (*Catalog, error) {
	var f catalogFile
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	c := &Catalog{zh: map[string]localText{}}
	seen := map[string]bool{}
	for _, m := range f.Mirror {
		if m.ID == "" || m.URL == "" || m.Name == "" {
			return nil, fmt.Errorf("catalog mirror %q: id, name and url are required", m.ID)
		}
		if seen[m.ID] {
			return nil, fmt.Errorf("catalog mirror %q: duplicate id", m.ID)
		}
		seen[m.ID] = true
		if err := CheckURL(m.URL); err != nil {
			return nil, fmt.Errorf("catalog mirror %q: %v", m.ID, err)
		}
		c.Mirrors = append(c.Mirrors, Mirror{
			ID: m.ID, Name: m.Name, URL: m.URL, Region: m.Region, Operator: m.Operator,
			Homepage: m.Homepage, StatusPage: m.StatusPage, Note: m.Note,
			Weight: 1, Source: SourceBuiltin,
		})
		c.zh[m.ID] = localText{name: m.NameZH, note: m.NoteZH}
	}
	for _, k := range f.Keyword {
		c.Keywords = append(c.Keywords, KeywordInfo{Name: k.Name, Note: k.Note, NoteZH: k.NoteZH})
	}
	for _, s := range f.SumDB {
		c.SumDBs = append(c.SumDBs, SumDBInfo{Name: s.Name, URL: s.URL, Note: s.Note, NoteZH: s.NoteZH})
	}
	return c, nil
}

var builtinCatalog = sync.OnceValue(func() *Catalog {
	c, err := parseCatalog(catalogTOML)
	if err != nil {
		panic("mirrors: embedded catalog.toml: " + err.Error()) // caught by TestBuiltin
	}
	return c
})

// Builtin returns the embedded catalog. Each call returns a fresh copy that
// the caller may change.
func Builtin() *Catalog { return builtinCatalog().Clone() }

func (c *Catalog) Clone() *Catalog {
	out := &Catalog{
		Mirrors:  append([]Mirror(nil), c.Mirrors...),
		SumDBs:   append([]SumDBInfo(nil), c.SumDBs...),
		Keywords: append([]KeywordInfo(nil), c.Keywords...),
		zh:       make(map[string]localText, len(c.zh)),
	}
	for k, v := range c.zh {
		out.zh[k] = v
	}
	return out
}

// ByID returns the mirror with id (exact, else ignoring case), hidden ones
// included: hiding only takes a mirror off lists, not out of reach.
func (c *Catalog) ByID(id string) (Mirror, bool) {
	if c == nil {
		return Mirror{}, false
	}
	for _, m := range c.Mirrors {
		if m.ID == id {
			return m, true
		}
	}
	for _, m := range c.Mirrors {
		if strings.EqualFold(m.ID, id) {
			return m, true
		}
	}
	return Mirror{}, false
}

// ByURL returns the mirror whose URL is u as the go command sees it: URLKey
// equal, so a trailing slash, host case, a missing https:// and credentials
// make no difference.
func (c *Catalog) ByURL(u string) (Mirror, bool) {
	if c == nil || strings.TrimSpace(u) == "" {
		return Mirror{}, false
	}
	k := URLKey(u)
	for _, m := range c.Mirrors {
		if URLKey(m.URL) == k {
			return m, true
		}
	}
	return Mirror{}, false
}

// Visible returns the mirrors that are not hidden, in catalog order.
func (c *Catalog) Visible() []Mirror {
	if c == nil {
		return nil
	}
	out := make([]Mirror, 0, len(c.Mirrors))
	for _, m := range c.Mirrors {
		if !m.Hidden {
			out = append(out, m)
		}
	}
	return out
}

// Localize returns m with its name and note in language l, when the
// catalog has them (built-in mirrors have Simplified Chinese versions;
// config mirrors keep what the user wrote).
func (c *Catalog) Localize(m Mirror, l i18n.Lang) Mirror {
	if c == nil || l != i18n.ZH || m.Source != SourceBuiltin {
		return m
	}
	t := c.zh[m.ID]
	if t.name != "" {
		m.Name = t.name
	}
	if t.note != "" {
		m.Note = t.note
	}
	return m
}

// ResolveMirror turns a command-line argument into a mirror: a catalog id,
// else a URL matching a catalog mirror, else an ad-hoc mirror for that URL
// (Source SourceArg, ID derived from the URL without scheme or credentials).
// The URL must be one the go command accepts as a GOPROXY entry.
func ResolveMirror(c *Catalog, arg string) (Mirror, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return Mirror{}, i18n.Errorf("empty mirror name")
	}
	if m, ok := c.ByID(arg); ok {
		return m, nil
	}
	if arg == "direct" || arg == "off" {
		return Mirror{}, i18n.Errorf("%q is a GOPROXY keyword, not a mirror", arg)
	}
	if !strings.ContainsAny(arg, ".:/") {
		return Mirror{}, i18n.Errorf("unknown mirror %q: not a catalog id or URL", arg)
	}
	if m, ok := c.ByURL(arg); ok {
		return m, nil
	}
	u := URLWithScheme(arg)
	if err := CheckURL(u); err != nil {
		return Mirror{}, i18n.Errorf("mirror %q: %w", RedactURL(arg), err)
	}
	return Mirror{
		ID:     shortID(u),
		Name:   RedactURL(u),
		URL:    u,
		Weight: 1,
		Source: SourceArg,
	}, nil
}

// shortID is the id of an ad-hoc mirror: its URLKey without the scheme
// (host and path, no credentials).
func shortID(u string) string {
	k := URLKey(u)
	if rest, ok := strings.CutPrefix(k, "file://"); ok {
		return rest
	}
	if _, rest, ok := strings.Cut(k, "://"); ok {
		return rest
	}
	return k
}

// URLWithScheme adds https:// where the go command does for a GOPROXY
// entry: when it contains '.', ':' or '/', has no ":/" and is not an
// absolute path.
func URLWithScheme(u string) string {
	if strings.ContainsAny(u, ".:/") && !strings.Contains(u, ":/") && !filepath.IsAbs(u) && !pathpkg.IsAbs(u) {
		return "https://" + u
	}
	return u
}

// CheckURL applies the go command's rules for a GOPROXY entry (after
// URLWithScheme) to a mirror URL: scheme https, http or file; file://
// with a path only; a host for http(s); and no credentials over plain http,
// which go refuses to send. Errors never show the credentials.
func CheckURL(raw string) error {
	p, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the URL, credentials included
		}
		return i18n.Errorf("invalid URL: %w", err)
	}
	switch p.Scheme {
	case "https", "http":
		if p.Hostname() == "" {
			return i18n.Errorf("invalid proxy URL: no host")
		}
		if p.Scheme == "http" && p.User != nil {
			return i18n.Errorf("credentials over plain http: the go command refuses to send them (use https)")
		}
	case "file":
		if *p != (url.URL{Scheme: p.Scheme, Path: p.Path, RawPath: p.RawPath}) {
			return i18n.Errorf("invalid file:// proxy URL with non-path elements (want file:///absolute/path)")
		}
	case "":
		return i18n.Errorf("invalid proxy URL missing scheme")
	default:
		return i18n.Errorf("invalid proxy URL scheme (must be https, http, file)")
	}
	return nil
}
