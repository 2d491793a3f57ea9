package mirrors

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
)

// InputProblem is a reason not to write a GOPROXY value as the user typed
// it (for `use`, and the TUI's chain editor), found before the catalog ids
// are expanded. The go command would accept some of these values; they are
// refused because they do not do what the user meant.
type InputProblem struct {
	// Index is the 0-based position of the entry among the non-empty
	// entries of the value, -1 for the value as a whole.
	Index int
	// Entry is the entry as typed, trimmed, credentials redacted.
	Entry string
	// Code is machine-readable: "control", "empty", "typo", "ignored"
	// (after direct or off), "insecure-credentials" (http:// with
	// credentials), "no-host".
	Code string
	// Suggestion is the catalog id meant, for "typo".
	Suggestion string
	// Forceable says whether `use --force` may write the value anyway:
	// true for entries go accepts but never reaches; false for an empty
	// value (go fails on it) and a typo (write the URL out instead).
	Forceable bool
	// Msg is the message; Error is its English text.
	Msg *i18n.Msg
}

func (p InputProblem) Error() string { return p.Msg.Error() }

// Message returns the message in language l.
func (p InputProblem) Message(l i18n.Lang) string { return l.Error(p.Msg) }

// DefaultGOPROXY is the go command's built-in GOPROXY.
const DefaultGOPROXY = "https://proxy.golang.org,direct"

// CheckChainInput returns the problems of a GOPROXY value as typed, where
// catalog ids (of cat, nil: none) stand for their URLs:
//   - a control character, a bidirectional control or invalid UTF-8
//     (the only problem then reported);
//   - an empty value (go fails on it: it is not a reset);
//   - an entry that is not a keyword, a catalog id or a URL of the catalog,
//     has no scheme written out, and is one or two edits from an id
//     ("goproxy.cm": did you mean goproxy.cn?); "https://goproxy.cm" is
//     taken as meant;
//   - entries after direct or off, which go never reaches;
//   - an entry go accepts but never sends a request to: http:// with
//     credentials (go refuses to send them), or an http(s) URL without host.
//
// Syntax errors are left to ExpandChain and ParseChain.
func CheckChainInput(input string, cat *Catalog) []InputProblem {
	if i, r := sanitize.FirstControl(input); i >= 0 {
		return []InputProblem{{Index: -1, Entry: RedactURL(input), Code: "control",
			Msg: newMsg(i18n.N("%q holds the control character %U, which a terminal would act on: type the value again without it"), RedactURL(input), r)}}
	}
	var out []InputProblem
	var ids []string
	if cat != nil {
		ids = cat.IDs()
	}
	n := 0
	end := "" // the keyword that ended the list
	for _, field := range strings.FieldsFunc(input, func(r rune) bool { return r == ',' || r == '|' }) {
		raw := strings.TrimSpace(field)
		if raw == "" {
			continue
		}
		i := n
		n++
		shown := RedactURL(raw)
		if end != "" {
			out = append(out, InputProblem{Index: i, Entry: shown, Code: "ignored", Forceable: true,
				Msg: newMsg(i18n.N("GOPROXY entry %d %q comes after %s: the go command never reaches it (remove it, or write it anyway with --force)"), i+1, shown, end)})
			continue
		}
		if raw == "direct" || raw == "off" {
			end = raw
			continue
		}
		u := raw
		if m, ok := cat.ByID(raw); ok {
			u = m.URL
		} else if _, ok := cat.ByURL(resolveEntry(raw)); !ok && !strings.Contains(raw, "://") && !filepath.IsAbs(raw) && !strings.HasPrefix(raw, "/") {
			if s, ok := Suggest(raw, ids); ok {
				out = append(out, InputProblem{Index: i, Entry: shown, Code: "typo", Suggestion: s,
					Msg: newMsg(i18n.N("GOPROXY entry %d %q is not a catalog mirror: did you mean %s? (to use that host anyway, write the URL out: https://%s)"), i+1, shown, s, shown)})
				continue
			}
		}
		switch why := (Entry{Kind: KindProxy, URL: u}).Unusable(); why {
		case "":
			if portOnly(u) {
				out = append(out, InputProblem{Index: i, Entry: shown, Code: "no-host",
					Msg: newMsg(i18n.N("GOPROXY entry %d %q names a port but no host: the go command would send the requests to this machine; write the host out (https://localhost:PORT if that is meant)"), i+1, shown)})
			}
		case ErrTextInsecureCreds:
			out = append(out, InputProblem{Index: i, Entry: shown, Code: "insecure-credentials", Forceable: true,
				Msg: newMsg(i18n.N("GOPROXY entry %d %q: the go command never sends a request to it (%s): use https:// (or write it anyway with --force)"), i+1, shown, why)})
		default:
			out = append(out, InputProblem{Index: i, Entry: shown, Code: "no-host", Forceable: true,
				Msg: newMsg(i18n.N("GOPROXY entry %d %q: the go command never sends a request to it (%s): add the host (or write it anyway with --force)"), i+1, shown, why)})
		}
	}
	if n == 0 {
		out = append(out, InputProblem{Index: -1, Code: "empty",
			Msg: newMsg(i18n.N("an empty GOPROXY is not a reset: every go command would fail (%s). For the go command's default, type: goproxytui use %s; to restore the value before your last change: goproxytui undo"), reasonNoEntries, DefaultGOPROXY)})
	}
	return out
}

// portOnly reports an http(s) URL whose host is a port alone
// ("https://:443"): the go command sends its requests to this machine.
func portOnly(u string) bool {
	p, err := url.Parse(resolveEntry(u))
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.Hostname() == ""
}
