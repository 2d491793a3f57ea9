package mirrors

import (
	"errors"
	"math"
	"net/url"
	pathpkg "path"
	"path/filepath"
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
)

// Reasons a GOPROXY value is rejected, in the go command's own words
// (cmd/go/internal/modfetch/proxy.go), so that a user can search for them.
// A url.Parse failure keeps url's own text instead.
var (
	reasonNoEntries     = i18n.N("GOPROXY list is not the empty string, but contains no entries")
	reasonMissingScheme = i18n.N("invalid proxy URL missing scheme")
	reasonBadScheme     = i18n.N("invalid proxy URL scheme (must be https, http, file)")
	reasonFileNonPath   = i18n.N("invalid file:// proxy URL with non-path elements")
	reasonUnknownID     = i18n.N("not a catalog mirror id, and not a URL (invalid proxy URL missing scheme)")
)

// ChainError says why a GOPROXY value is rejected and which entry is at fault.
type ChainError struct {
	// Index is the 0-based position of the faulty entry among the non-empty
	// entries of the list (as the go command counts them), or -1 when the
	// list as a whole is at fault.
	Index int
	// Offset is the byte offset of the faulty entry in the value, -1 with
	// Index.
	Offset int
	// Entry is the entry as written, trimmed, with credentials redacted.
	Entry string
	// Reason is the go command's reason, in its words.
	Reason string
}

// Error returns the English message: which entry and why.
func (e *ChainError) Error() string { return e.Message(i18n.EN) }

// Message returns the message in language l. The go command's reason is
// translated too when the catalog has it; its English words stay searchable
// in the English message.
func (e *ChainError) Message(l i18n.Lang) string {
	if e.Index < 0 {
		return l.T("GOPROXY: %s", l.T(e.Reason))
	}
	return l.T("GOPROXY entry %d %q: %s", e.Index+1, e.Entry, l.T(e.Reason))
}

// ParseChain parses a GOPROXY value exactly as the go command does
// (modfetch.proxyList): the value is split at every ',' and '|'; each entry is
// trimmed of spaces and empty ones are skipped; "direct" and "off" end the
// list, and what follows them is neither kept nor validated; any other entry
// must be a URL the go command accepts (https://, http:// or file:///path; an
// entry without a scheme gets https:// when it contains '.', ':' or '/' and is
// not an absolute path). The empty string is rejected as go rejects it: it is
// what a "GOPROXY=" line in the go env file leaves, not "use the default".
//
// Entries whose URL matches a mirror of cat (nil: none) get its id and weight.
// Credentials in an http:// URL are accepted here, as by the go command, which
// refuses them only when it makes a request: see Entry.CredentialsRefused.
// Errors are *ChainError.
func ParseChain(goproxy string, cat *Catalog) (Chain, error) {
	return parseChain(goproxy, func(u string) (Mirror, bool) { return cat.ByURL(u) })
}

// parseChain is ParseChain with the catalog lookup abstracted, for tests.
func parseChain(s string, match func(u string) (Mirror, bool)) (Chain, error) {
	var c Chain
	offset := 0
	for s != "" {
		field, sep := s, SepNone
		if i := strings.IndexAny(s, ",|"); i >= 0 {
			field, sep = s[:i], Sep(s[i])
			s = s[i+1:]
		} else {
			s = ""
		}
		fieldOffset := offset
		offset += len(field) + 1
		raw := strings.TrimSpace(field)
		if raw == "" {
			continue
		}
		fieldOffset += strings.Index(field, raw)
		switch raw {
		case "off":
			c.Entries = append(c.Entries, Entry{Kind: KindOff, Weight: 1})
			return c, nil
		case "direct":
			c.Entries = append(c.Entries, Entry{Kind: KindDirect, Weight: 1})
			return c, nil
		}
		if reason := checkEntryURL(raw); reason != "" {
			return Chain{}, &ChainError{Index: len(c.Entries), Offset: fieldOffset, Entry: RedactURL(raw), Reason: reason}
		}
		e := Entry{Kind: KindProxy, URL: raw, Sep: sep, Weight: 1}
		if match != nil {
			if m, ok := match(raw); ok {
				e.MirrorID = m.ID
				e.Weight = weightOf(m.Weight)
			}
		}
		c.Entries = append(c.Entries, e)
	}
	if len(c.Entries) == 0 {
		return Chain{}, &ChainError{Index: -1, Offset: -1, Reason: reasonNoEntries}
	}
	c.Entries[len(c.Entries)-1].Sep = SepNone
	return c, nil
}

// implicitHTTPS reports whether the go command adds "https://" to entry:
// single words are reserved for keywords, and anything containing ":/" or
// that is an absolute file path must be a complete URL.
func implicitHTTPS(entry string) bool {
	return strings.ContainsAny(entry, ".:/") && !strings.Contains(entry, ":/") &&
		!filepath.IsAbs(entry) && !pathpkg.IsAbs(entry)
}

// resolveEntry returns the URL the go command makes of a proxy entry.
func resolveEntry(entry string) string {
	if implicitHTTPS(entry) {
		return "https://" + entry
	}
	return entry
}

// checkEntryURL returns why the go command rejects a trimmed, non-keyword
// GOPROXY entry, or "" when it accepts it (modfetch.newProxyRepo).
func checkEntryURL(entry string) string {
	base, err := url.Parse(resolveEntry(entry))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			// url's text without the quoted URL, which may hold credentials.
			return ue.Err.Error()
		}
		return err.Error()
	}
	switch base.Scheme {
	case "http", "https":
		return ""
	case "file":
		if *base != (url.URL{Scheme: base.Scheme, Path: base.Path, RawPath: base.RawPath}) {
			return reasonFileNonPath
		}
		return ""
	case "":
		return reasonMissingScheme
	}
	return reasonBadScheme
}

func weightOf(w float64) float64 {
	if w <= 0 || math.IsNaN(w) || math.IsInf(w, 0) {
		return 1
	}
	return w
}

// ExpandChain turns a GOPROXY value that may name catalog mirrors by id
// ("goproxy.cn|aliyun,direct") into one the go command understands, with
// each id replaced by its mirror's URL. An id is looked up before the entry
// is taken as a URL, so "goproxy.cn" becomes the catalog's
// "https://goproxy.cn". The result is in canonical form (as Chain.String
// writes it: trimmed, no empty entries, nothing after direct or off). A value
// that is still invalid gives a *ChainError.
func ExpandChain(s string, cat *Catalog) (string, error) {
	var b strings.Builder
	var offsets []int // of each non-empty entry in s
	offset := 0
	for rest := s; rest != ""; {
		field, sepStr := rest, ""
		if i := strings.IndexAny(rest, ",|"); i >= 0 {
			field, sepStr = rest[:i], rest[i:i+1]
			rest = rest[i+1:]
		} else {
			rest = ""
		}
		fieldOffset := offset
		offset += len(field) + 1
		raw := strings.TrimSpace(field)
		if raw == "" {
			b.WriteString(sepStr)
			continue
		}
		offsets = append(offsets, fieldOffset+strings.Index(field, raw))
		if raw == "direct" || raw == "off" {
			b.WriteString(raw)
			break // the go command ignores the rest
		}
		if m, ok := cat.ByID(raw); ok {
			raw = m.URL
		} else if !strings.ContainsAny(raw, ".:/") && !filepath.IsAbs(raw) {
			return "", &ChainError{Index: len(offsets) - 1, Offset: offsets[len(offsets)-1],
				Entry: RedactURL(raw), Reason: reasonUnknownID}
		}
		b.WriteString(raw)
		b.WriteString(sepStr)
	}
	c, err := ParseChain(b.String(), cat)
	if err != nil {
		var ce *ChainError
		if errors.As(err, &ce) && ce.Index >= 0 && ce.Index < len(offsets) {
			ce.Offset = offsets[ce.Index] // an offset in s, not in the expansion
		}
		return "", err
	}
	return c.String(), nil
}

// String formats the chain as a GOPROXY value. For a chain ParseChain
// returned, ParseChain(c.String()) gives c back. Separators are written
// between entries (SepNone there is written as ','); nothing is written after
// the last entry.
func (c Chain) String() string {
	var b strings.Builder
	for i, e := range c.Entries {
		if i > 0 {
			sep := c.Entries[i-1].Sep
			if sep != SepPipe {
				sep = SepComma
			}
			b.WriteByte(byte(sep))
		}
		b.WriteString(e.text())
	}
	return b.String()
}

// keyword is "direct" or "off" for those entries, else "".
func (e Entry) keyword() string {
	switch e.Kind {
	case KindDirect:
		return "direct"
	case KindOff:
		return "off"
	}
	return ""
}

// text is the entry as written in GOPROXY.
func (e Entry) text() string {
	if k := e.keyword(); k != "" {
		return k
	}
	return e.URL
}

// Normalized returns the chain as ParseChain would return it after
// formatting, without checking URLs: entries after the first direct or off
// dropped, the last entry's separator SepNone, SepNone between entries made
// SepComma, weights ≤ 0 made 1. Use it on chains built by hand.
func (c Chain) Normalized() Chain {
	out := Chain{Entries: make([]Entry, 0, len(c.Entries))}
	for _, e := range c.Entries {
		e.Weight = weightOf(e.Weight)
		if e.Sep != SepPipe {
			e.Sep = SepComma
		}
		if e.Kind != KindProxy {
			e.URL, e.MirrorID = "", ""
		}
		out.Entries = append(out.Entries, e)
		if e.Kind != KindProxy {
			break
		}
	}
	if n := len(out.Entries); n > 0 {
		out.Entries[n-1].Sep = SepNone
	}
	return out
}

// Equal reports whether two chains have the same entries.
func (c Chain) Equal(d Chain) bool {
	if len(c.Entries) != len(d.Entries) {
		return false
	}
	for i := range c.Entries {
		if c.Entries[i] != d.Entries[i] {
			return false
		}
	}
	return true
}

// Key identifies the entry for statistics and matching: the catalog id when
// the entry is a catalog mirror, else URLKey of its URL; "direct" or "off".
func (e Entry) Key() string {
	if k := e.keyword(); k != "" {
		return k
	}
	if e.MirrorID != "" {
		return e.MirrorID
	}
	return URLKey(e.URL)
}

// Resolved returns the base URL the go command requests for a proxy entry:
// its URL with "https://" added where go adds it, credentials kept (never
// show it: use Label). It is "" for direct and off.
func (e Entry) Resolved() string {
	if e.Kind != KindProxy {
		return ""
	}
	return resolveEntry(e.URL)
}

// Label is how the entry is shown: the catalog id, else the URL with
// credentials redacted; "direct" or "off".
func (e Entry) Label() string {
	if k := e.keyword(); k != "" {
		return k
	}
	if e.MirrorID != "" {
		return e.MirrorID
	}
	return RedactURL(e.URL)
}

// CredentialsRefused reports whether the go command refuses to use this
// entry because it is a plain http:// URL with credentials: go accepts such
// a GOPROXY value but fails every request to it with "refusing to pass
// credentials to insecure URL", an error that is not a 404/410.
func (e Entry) CredentialsRefused() bool {
	if e.Kind != KindProxy {
		return false
	}
	u, err := url.Parse(resolveEntry(e.URL))
	return err == nil && u.Scheme == "http" && u.User != nil
}

// Unusable returns, in the go command's words, why go fails every request
// to this entry without sending it: "refusing to pass credentials to
// insecure URL" for an http:// URL with credentials, "http: no Host in
// request URL" for an http(s) URL without host or port. Such an entry fails
// with an error that is not a 404/410. It is "" for usable entries and for
// direct and off.
func (e Entry) Unusable() string {
	if e.Kind != KindProxy {
		return ""
	}
	u, err := url.Parse(resolveEntry(e.URL))
	switch {
	case err != nil:
		return ""
	case u.Scheme == "http" && u.User != nil:
		return ErrTextInsecureCreds
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host == "":
		return errTextNoHost
	}
	return ""
}

// NewEntry returns the proxy entry for mirror m: its URL, id and weight, and
// the separator ',' (the go command's default; String writes none after the
// last entry).
func NewEntry(m Mirror) Entry {
	return Entry{Kind: KindProxy, URL: m.URL, MirrorID: m.ID, Sep: SepComma, Weight: weightOf(m.Weight)}
}

// String returns the entry's label followed by its separator, for debugging.
func (e Entry) String() string {
	s := e.Label()
	if e.Sep != SepNone {
		s += string(rune(e.Sep))
	}
	return s
}
