package metrics

import (
	"errors"
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// ErrTargetNotAllowed is wrapped by a resolver's error for a /probe target
// the exporter was not started to probe; /probe answers it with 403.
var ErrTargetNotAllowed = errors.New("target not allowed")

// CatalogResolver resolves a /probe target to a mirror the exporter was
// configured for: a mirror of the catalog (built-in and config mirrors, cat)
// or of started (the mirrors named on the command line), by id or by a URL
// equal to one of theirs (mirrors.URLKey: scheme, host and path; the
// probe then uses the mirror's own URL, never credentials from the
// target). Anything else — another URL, an internal or link-local address,
// localhost, a file:// path — is refused with ErrTargetNotAllowed: /probe
// is reachable by every program and web page that can reach the exporter,
// and must not make it send requests where nobody configured them.
func CatalogResolver(cat *mirrors.Catalog, started ...mirrors.Mirror) func(string) (mirrors.Mirror, error) {
	return func(target string) (mirrors.Mirror, error) {
		if err := mirrors.CheckText(target); err != nil {
			return mirrors.Mirror{}, err
		}
		target = strings.TrimSpace(target)
		if m, ok := configured(cat, started, target); ok {
			return m, nil
		}
		if _, near := cat.SuggestID(target); near && !strings.Contains(target, "://") {
			return mirrors.Mirror{}, cat.UnknownMirror(target)
		}
		return mirrors.Mirror{}, notAllowed(target)
	}
}

// AnyTargetResolver resolves any /probe target as the command line does
// (mirrors.CheckMirror: a catalog id, a URL, or a host name), except a
// file:// URL that is not a configured mirror (CatalogResolver's): that
// would tell a caller what exists on the exporter's disk. This is
// blackbox_exporter's model, where whoever reaches the exporter chooses
// what it probes: `goproxytui exporter --probe-any-target` only.
func AnyTargetResolver(cat *mirrors.Catalog, started ...mirrors.Mirror) func(string) (mirrors.Mirror, error) {
	return func(target string) (mirrors.Mirror, error) {
		target = strings.TrimSpace(target)
		if m, ok := configured(cat, started, target); ok {
			return m, nil
		}
		m, err := mirrors.CheckMirror(target, cat)
		if err != nil {
			return m, err
		}
		if strings.HasPrefix(m.URL, "file:") {
			return mirrors.Mirror{}, notAllowed(target)
		}
		return m, nil
	}
}

// configured returns the mirror of cat or started that target names, by id
// or by URL.
func configured(cat *mirrors.Catalog, started []mirrors.Mirror, target string) (mirrors.Mirror, bool) {
	if target == "" {
		return mirrors.Mirror{}, false
	}
	if m, ok := cat.ByID(target); ok {
		return m, true
	}
	if m, ok := cat.ByURL(target); ok {
		return m, true
	}
	key := mirrors.URLKey(target)
	for _, m := range started {
		if m.ID == target || mirrors.URLKey(m.URL) == key {
			return m, true
		}
	}
	return mirrors.Mirror{}, false
}

// notAllowed is the error for a target the exporter does not probe.
func notAllowed(target string) error {
	return &targetError{i18n.Errorf("target %q is not a mirror of the catalog or the config, and this exporter probes only those (start it with --probe-any-target to probe any URL but files)", mirrors.RedactURL(target))}
}

// targetError is a refused target: errors.Is(err, ErrTargetNotAllowed).
type targetError struct{ msg error }

func (e *targetError) Error() string              { return e.msg.Error() }
func (e *targetError) Message(l i18n.Lang) string { return l.Error(e.msg) }
func (e *targetError) Is(target error) bool       { return target == ErrTargetNotAllowed }
