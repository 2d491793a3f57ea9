package mirrors

import (
	"errors"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
)

// The gate: one validating function per kind of value a user gives (on
// the command line, in the config file and its profiles, in the TUI's
// editors, to the relay and the exporter), so that one input gets one
// verdict, in the same words, wherever it is typed. Each returns nil or an
// error whose message is fit for the terminal (no control character, no
// credentials); a *Refusal tells whether `--force` may write the value
// anyway.

// Refusal is a value the gate refuses.
type Refusal struct {
	// Forceable says the go command accepts the value but it never does
	// what was meant (entries after direct, patterns that match nothing):
	// `use --force` may write it anyway. Everything else is refused always.
	Forceable bool
	// Err is the message.
	Err error
}

func (r *Refusal) Error() string { return r.Err.Error() }

// Unwrap returns the message's error.
func (r *Refusal) Unwrap() error { return r.Err }

// Message returns the message in language l.
func (r *Refusal) Message(l i18n.Lang) string { return l.Error(r.Err) }

// IsForceable reports whether err is a Refusal that --force may override.
func IsForceable(err error) bool {
	var r *Refusal
	return errors.As(err, &r) && r.Forceable
}

// CheckText refuses a value holding a control character, a bidirectional
// control or invalid UTF-8: such a value would drive the terminal that
// shows it, or show as something it is not. The value is quoted with its
// controls escaped.
func CheckText(value string) error {
	i, r := sanitize.FirstControl(value)
	if i < 0 {
		return nil
	}
	return &Refusal{Err: i18n.Errorf("%q holds the control character %U, which a terminal would act on: type the value again without it", redactValue(value), r)}
}

// redactValue returns a value of any kind fit to show in a refusal: each
// piece between ',', '|' and white space with its credentials replaced,
// whether it is a URL (RedactURL) or a pattern pasted from one
// (redactPattern).
func redactValue(v string) string {
	var b strings.Builder
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || strings.IndexByte(",| \t\r\n", v[i]) >= 0 {
			b.WriteString(redactPattern(RedactURL(v[start:i])))
			if i < len(v) {
				b.WriteByte(v[i])
			}
			start = i + 1
		}
	}
	return b.String()
}

// redactPattern replaces everything before the last '@' of a pattern's
// first element (after a "scheme://" without '@') with "xxxxx":
// "alice:pw@corp.example.com/*" shows as "xxxxx@corp.example.com/*".
// Userinfo RedactURL has redacted ("bob:xxxxx@") is kept.
func redactPattern(s string) string {
	prefix, rest := "", s
	if scheme, after, ok := strings.Cut(s, "://"); ok && !strings.Contains(scheme, "@") {
		prefix, rest = scheme+"://", after
	}
	first, _, _ := strings.Cut(rest, "/")
	i := strings.LastIndex(first, "@")
	if i < 0 || first[:i] == "xxxxx" || strings.HasSuffix(first[:i], ":xxxxx") {
		return s // no userinfo, or redacted already
	}
	return prefix + "xxxxx" + rest[i:]
}

// CheckMirror is the gate for one mirror, given by catalog id or URL (the
// arguments of probe, export, the TUI and the exporter, the exporter's
// /probe): it returns the mirror ResolveMirror makes of it. Besides
// ResolveMirror's rules it refuses control characters and, like `use`, a
// word one or two edits from a catalog id (cat.UnknownMirror: "unknown
// mirror "goproxy.cm" — did you mean goproxy.cn?"), and a bare word that is
// no id; the URL written out (https://goproxy.cm) is taken as meant.
func CheckMirror(arg string, cat *Catalog) (Mirror, error) {
	if err := CheckText(arg); err != nil {
		return Mirror{}, err
	}
	arg = strings.TrimSpace(arg)
	_, isID := cat.ByID(arg)
	_, isURL := cat.ByURL(arg)
	if !isID && !isURL && arg != "" && !strings.Contains(arg, "://") && arg != "direct" && arg != "off" {
		if _, near := cat.SuggestID(arg); near || !strings.ContainsAny(arg, ".:/") {
			return Mirror{}, &Refusal{Err: cat.UnknownMirror(RedactURL(arg))}
		}
	}
	return ResolveMirror(cat, arg)
}

// CheckChain is the gate for a GOPROXY value as typed, where catalog ids
// (of cat) stand for their URLs: the problems CheckChainInput finds (the
// first is the error; Forceable when every problem is), then the go
// command's own rules (ExpandChain). It returns the expanded value.
func CheckChain(value string, cat *Catalog) (string, error) {
	if probs := CheckChainInput(value, cat); len(probs) > 0 {
		first := probs[0]
		forceable := true
		for _, p := range probs {
			if !p.Forceable {
				if forceable {
					first = p
				}
				forceable = false
			}
		}
		if !forceable {
			return "", &Refusal{Err: first}
		}
		expanded, err := ExpandChain(value, cat)
		if err != nil {
			return "", err
		}
		return expanded, &Refusal{Forceable: true, Err: first}
	}
	return ExpandChain(value, cat)
}

// CheckSumDB is the gate for a GOSUMDB value: no control characters, and
// the go command's rules (ParseSumDB). A URL go accepts but cannot use is
// refused too (SumDBURLWarning), forceably.
func CheckSumDB(value string) error {
	if err := CheckText(value); err != nil {
		return err
	}
	if _, err := ParseSumDB(strings.TrimSpace(value)); err != nil {
		return err
	}
	if w := SumDBURLWarning(strings.TrimSpace(value)); w != nil {
		return &Refusal{Forceable: true, Err: w}
	}
	return nil
}

// CheckPatternList is the gate for a GOPRIVATE, GONOPROXY, GONOSUMDB or
// GOINSECURE value (key names it in the message): no control characters,
// no glob syntax errors (CheckPatterns), and, forceably, no pattern that
// can match no module path (PatternConfirmation: a scheme, white space,
// credentials, a port or git@host:path).
func CheckPatternList(key, list string) error {
	if err := CheckText(list); err != nil {
		return err
	}
	if _, err := CheckPatterns(list); err != nil {
		return err
	}
	if err := PatternConfirmation(key, list); err != nil {
		return &Refusal{Forceable: true, Err: err}
	}
	return nil
}

// exampleListenPort is the port CheckListen's messages show in their
// example address: the relay's default (config.DefaultRelayPort).
const exampleListenPort = 7390

// CheckListen is the gate for an address to listen on (relay, exporter):
// HOST:PORT with a port from 0 to 65535. The empty address is refused,
// not taken as every interface. Whether it is loopback is the caller's
// business (relay.IsLoopback).
func CheckListen(addr string) error {
	if err := CheckText(addr); err != nil {
		return err
	}
	a := strings.TrimSpace(addr)
	if a == "" {
		return &Refusal{Err: i18n.Errorf("listen address %q: empty: give HOST:PORT, e.g. 127.0.0.1:%d", a, exampleListenPort)}
	}
	_, port, err := net.SplitHostPort(a)
	if err != nil {
		return &Refusal{Err: i18n.Errorf("listen address %q: want HOST:PORT, e.g. 127.0.0.1:%d", redactValue(a), exampleListenPort)}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || strings.HasPrefix(port, "+") {
		return &Refusal{Err: i18n.Errorf("listen address %q: port %q: want a number from 0 to 65535", redactValue(a), port)}
	}
	return nil
}

// CheckDuration is the gate for a duration ("5s", "1m30s"): a Go duration
// string greater than zero.
func CheckDuration(s string) (time.Duration, error) {
	if err := CheckText(s); err != nil {
		return 0, err
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d <= 0 {
		return 0, &Refusal{Err: i18n.Errorf("invalid duration %q: want a time greater than zero, such as \"5s\" or \"1m30s\"", redactValue(s))}
	}
	return d, nil
}

// CheckTheme is the gate for a theme name: empty (automatic) or one of
// themes, with the nearest name after a typo.
func CheckTheme(name string, themes []string) error {
	if name == "" || slices.Contains(themes, name) {
		return nil
	}
	if err := CheckText(name); err != nil {
		return err
	}
	if s, ok := Suggest(name, themes); ok {
		return &Refusal{Err: i18n.Errorf("theme %q: unknown — did you mean %s? (themes: %s)", name, s, strings.Join(themes, ", "))}
	}
	return &Refusal{Err: i18n.Errorf("theme %q: unknown (themes: %s; empty for automatic)", name, strings.Join(themes, ", "))}
}

// CheckLanguage is the gate for a language: en, zh, or empty for the
// locale's.
func CheckLanguage(s string) error {
	if s == "" || s == "en" || s == "zh" {
		return nil
	}
	return &Refusal{Err: i18n.Errorf("language %q: want en or zh (or empty for the locale)", s)}
}

// CheckProfileName is the gate for a profile's name: not empty, no white
// space, no control character.
func CheckProfileName(name string) error {
	if err := CheckText(name); err != nil {
		return err
	}
	if strings.TrimSpace(name) == "" || strings.ContainsFunc(name, unicode.IsSpace) {
		return &Refusal{Err: i18n.Errorf("profile %q: a name cannot be empty or contain spaces", name)}
	}
	return nil
}

// CheckMirrorID is the gate for the id of a mirror the user defines: a
// [[mirror]] of the config (which `add` writes) and the TUI's new-mirror
// editor. The id stands for the URL in chains, so it holds no white space,
// ',' or '|', and is neither direct nor off. An empty id is the caller's
// to word (which table or field lacks it).
func CheckMirrorID(id string) error {
	if err := CheckText(id); err != nil {
		return err
	}
	switch {
	case strings.ContainsAny(id, ",| \t\r\n"):
		return &Refusal{Err: i18n.Errorf("mirror %q: an id cannot contain spaces, ',' or '|'", id)}
	case id == "direct" || id == "off":
		return &Refusal{Err: i18n.Errorf("mirror %q: direct and off are GOPROXY keywords", id)}
	}
	return nil
}

// CheckMirrorURL is the gate for the URL of a mirror the user defines
// (see CheckMirrorID), id naming it in the words: not empty, not a GOPROXY
// keyword, no ',' or '|' (GOPROXY would split it there), a port that can
// be dialled, then the go command's own rules (CheckURL). Credentials
// never appear in the words.
func CheckMirrorURL(id, raw string) error {
	if err := CheckText(raw); err != nil {
		return err
	}
	u := strings.TrimSpace(raw)
	switch {
	case u == "":
		return &Refusal{Err: i18n.Errorf("mirror %q: url is missing", id)}
	case u == "direct" || u == "off":
		return &Refusal{Err: i18n.Errorf("mirror %q: url %q is a GOPROXY keyword, not a URL", id, u)}
	}
	if i := strings.IndexAny(u, ",|"); i >= 0 {
		return &Refusal{Err: i18n.Errorf("mirror %q: url %s contains %q: GOPROXY splits its entries at ',' and '|', so the chain would read this URL as two entries (percent-encode it: %s)", id, RedactURL(u), u[i:i+1], map[byte]string{',': "%2C", '|': "%7C"}[u[i]])}
	}
	full := URLWithScheme(u)
	if err := CheckURL(full); err != nil {
		return &Refusal{Err: i18n.Errorf("mirror %q: url %s: %w", id, RedactURL(u), err)}
	}
	if p, err := url.Parse(full); err == nil && p.Port() != "" {
		if n, err := strconv.Atoi(p.Port()); err != nil || n < 1 || n > 65535 {
			return &Refusal{Err: i18n.Errorf("mirror %q: url %s: port %s: want a number from 1 to 65535", id, RedactURL(u), p.Port())}
		}
	}
	return nil
}
