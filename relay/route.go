package relay

import (
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/tlog"
)

// Kind is the kind of a request the relay serves.
type Kind string

// Request kinds: the Go module proxy protocol and the checksum database.
const (
	KindList      Kind = "list"   // <module>/@v/list
	KindInfo      Kind = "info"   // <module>/@v/<version>.info
	KindMod       Kind = "mod"    // <module>/@v/<version>.mod
	KindZip       Kind = "zip"    // <module>/@v/<version>.zip
	KindLatest    Kind = "latest" // <module>/@latest
	KindSupported Kind = "sumdb-supported"
	KindLookup    Kind = "sumdb-lookup"
	KindTile      Kind = "sumdb-tile"
	KindSumLatest Kind = "sumdb-latest"
)

// IsSumDB reports whether k is a checksum database request.
func (k Kind) IsSumDB() bool { return strings.HasPrefix(string(k), "sumdb-") }

// route is a parsed, validated request.
type route struct {
	kind Kind
	mod  string // module path (decoded); for lookups the looked-up module
	ver  string // version (decoded), for info, mod, zip and lookups
	// rel is the path to ask each upstream, relative to its base URL and
	// rebuilt from the validated parts (never the client's bytes): for
	// module files "<escaped module>/@v/<escaped version>.zip"; for the
	// checksum database the part after "/sumdb/<name>/".
	rel   string
	sumdb string // checksum database name, for sumdb kinds
}

// parseRoute parses and validates a request path (decoded, as in
// URL.Path). Only the module proxy protocol and the checksum database
// paths are accepted; module paths and versions must pass
// golang.org/x/mod/module's checks, as the go command's own requests do.
// sumdbNames are the database names whose names may contain a '/'.
func parseRoute(p string, sumdbNames []string) (route, bool) {
	p = strings.TrimPrefix(p, "/")
	if rest, ok := strings.CutPrefix(p, "sumdb/"); ok {
		return parseSumDB(rest, sumdbNames)
	}
	if esc, ok := strings.CutSuffix(p, "/@latest"); ok {
		mod, ok := modulePath(esc)
		if !ok {
			return route{}, false
		}
		return route{kind: KindLatest, mod: mod, rel: mustEscape(mod) + "/@latest"}, true
	}
	i := strings.LastIndex(p, "/@v/")
	if i < 0 {
		return route{}, false
	}
	mod, ok := modulePath(p[:i])
	if !ok {
		return route{}, false
	}
	base := mustEscape(mod) + "/@v/"
	file := p[i+len("/@v/"):]
	if file == "list" {
		return route{kind: KindList, mod: mod, rel: base + "list"}, true
	}
	for _, x := range []struct {
		ext  string
		kind Kind
	}{{".info", KindInfo}, {".mod", KindMod}, {".zip", KindZip}} {
		esc, ok := strings.CutSuffix(file, x.ext)
		if !ok {
			continue
		}
		ver, err := module.UnescapeVersion(esc)
		if err != nil || ver == "" {
			return route{}, false
		}
		// .mod and .zip are asked for canonical versions only; .info may
		// also be a query the proxy resolves (a branch, a commit).
		if x.kind != KindInfo && (module.Check(mod, ver) != nil || module.CanonicalVersion(ver) != ver) {
			return route{}, false
		}
		ev, err := module.EscapeVersion(ver)
		if err != nil {
			return route{}, false
		}
		return route{kind: x.kind, mod: mod, ver: ver, rel: base + ev + x.ext}, true
	}
	return route{}, false
}

// modulePath unescapes and checks an escaped module path.
func modulePath(esc string) (string, bool) {
	mod, err := module.UnescapePath(esc)
	if err != nil || module.CheckPath(mod) != nil {
		return "", false
	}
	return mod, true
}

// mustEscape escapes a module path that passed CheckPath (which cannot
// fail then).
func mustEscape(mod string) string {
	e, err := module.EscapePath(mod)
	if err != nil {
		return mod
	}
	return e
}

// parseSumDB parses "<name>/supported", "<name>/latest",
// "<name>/lookup/<module>@<version>" and "<name>/tile/...".
func parseSumDB(p string, names []string) (route, bool) {
	name, rest, ok := "", "", false
	for _, n := range names {
		if r, cut := strings.CutPrefix(p, n+"/"); cut && strings.Contains(n, "/") {
			name, rest, ok = n, r, true
			break
		}
	}
	if !ok {
		name, rest, ok = strings.Cut(p, "/")
	}
	if !ok || !validSumDBName(name) {
		return route{}, false
	}
	r := route{sumdb: name, rel: rest}
	switch {
	case rest == "supported":
		r.kind = KindSupported
	case rest == "latest":
		r.kind = KindSumLatest
	case strings.HasPrefix(rest, "lookup/"):
		escMod, escVer, ok := strings.Cut(strings.TrimPrefix(rest, "lookup/"), "@")
		if !ok {
			return route{}, false
		}
		mod, ok := modulePath(escMod)
		if !ok {
			return route{}, false
		}
		ver, err := module.UnescapeVersion(escVer)
		if err != nil || module.Check(mod, ver) != nil {
			return route{}, false
		}
		ev, _ := module.EscapeVersion(ver)
		r.kind, r.mod, r.ver, r.rel = KindLookup, mod, ver, "lookup/"+mustEscape(mod)+"@"+ev
	case strings.HasPrefix(rest, "tile/"):
		t, err := tlog.ParseTilePath(rest)
		if err != nil {
			return route{}, false
		}
		r.kind, r.rel = KindTile, t.Path()
	default:
		return route{}, false
	}
	return r, true
}

// validSumDBName accepts a host[/path] made of the characters host names
// and paths use.
func validSumDBName(n string) bool {
	if n == "" || strings.HasPrefix(n, ".") || strings.Contains(n, "..") {
		return false
	}
	for _, c := range n {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '/' || c == '_' || c == ':') {
			return false
		}
	}
	return true
}
