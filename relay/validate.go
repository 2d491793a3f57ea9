package relay

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// Size caps of the bodies the relay reads. Small files are read whole and
// checked; a body over its cap is an invalid answer of that mirror.
const (
	maxInfo  = 1 << 20   // .info and @latest JSON
	maxMod   = 16 << 20  // .mod (the go command's own limit for go.mod files)
	maxList  = 16 << 20  // @v/list
	maxSumDB = 1 << 20   // checksum database lookups, tiles and latest
	maxZip   = 500 << 20 // .zip (the go command's limit, toolchains included)
)

// limitOf returns the size cap of a kind.
func limitOf(k Kind) int64 {
	switch k {
	case KindInfo, KindLatest:
		return maxInfo
	case KindMod:
		return maxMod
	case KindList:
		return maxList
	case KindZip:
		return maxZip
	}
	return maxSumDB
}

// checkBody says what is wrong with a small body of a 200 answer, or nil:
// the relay answers only what the go command will accept as the file it
// asked for, so that a mirror sending garbage or another file is skipped
// instead of served.
func checkBody(rt route, body []byte) error {
	switch rt.kind {
	case KindInfo, KindLatest:
		return checkInfo(rt, body)
	case KindMod:
		return checkMod(rt, body)
	case KindList:
		return checkList(rt, body)
	case KindLookup, KindSumLatest:
		// A signed note: text, a blank line, signature lines "— name sig".
		if !bytes.Contains(body, []byte("\n\n\u2014 ")) {
			return fmt.Errorf("not a signed checksum database answer")
		}
	case KindTile:
		if len(body) == 0 {
			return fmt.Errorf("empty tile")
		}
	}
	return nil
}

// checkInfo: JSON whose Version is the version asked for (a canonical
// one comes back as itself, as modfetch's proxyRepo.Stat checks; a query
// such as a branch resolves to a canonical version of the module; @latest
// to one too) and whose Time parses (RFC 3339).
func checkInfo(rt route, body []byte) error {
	var info struct {
		Version string
		Time    *string
	}
	if err := json.Unmarshal(body, &info); err != nil {
		return fmt.Errorf("invalid JSON")
	}
	if rt.kind == KindInfo && info.Version != rt.ver && module.CanonicalVersion(rt.ver) == rt.ver && module.Check(rt.mod, rt.ver) == nil {
		return fmt.Errorf("info for version %q instead of %s", clip(info.Version), rt.ver)
	}
	if module.Check(rt.mod, info.Version) != nil || module.CanonicalVersion(info.Version) != info.Version {
		return fmt.Errorf("%q in the JSON is not a canonical version of %s", clip(info.Version), rt.mod)
	}
	if info.Time == nil {
		return fmt.Errorf("no Time in the JSON")
	}
	if _, err := time.Parse(time.RFC3339, *info.Time); err != nil {
		return fmt.Errorf("Time %q in the JSON does not parse", clip(*info.Time))
	}
	return nil
}

// checkMod: a go.mod that parses strictly (modfile.Parse; a directive
// newer than this build, a lower-case word, is let through as the go
// command's own lax parse of dependencies does) and whose module line is
// the module asked for.
func checkMod(rt route, body []byte) error {
	f, err := modfile.Parse("go.mod", body, nil)
	if err != nil {
		if !onlyNewDirectives(err) {
			return fmt.Errorf("go.mod does not parse: %s", clip(err.Error()))
		}
		if f, err = modfile.ParseLax("go.mod", body, nil); err != nil {
			return fmt.Errorf("go.mod does not parse: %s", clip(err.Error()))
		}
	}
	if f.Module == nil {
		return fmt.Errorf("go.mod has no module line")
	}
	if got := f.Module.Mod.Path; got != rt.mod {
		return fmt.Errorf("go.mod of module %q, not %s", clip(got), rt.mod)
	}
	return nil
}

// onlyNewDirectives reports whether every error of a strict go.mod parse
// is an unknown directive named by a lower-case word.
func onlyNewDirectives(err error) bool {
	var list modfile.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return false
	}
	for _, e := range list {
		verb, ok := strings.CutPrefix(e.Err.Error(), "unknown directive: ")
		if !ok || verb == "" || strings.TrimLeft(verb, "abcdefghijklmnopqrstuvwxyz") != "" {
			return false
		}
	}
	return true
}

// checkList: every line a canonical version of the module (an optional
// time after it, as some mirrors add); an empty list is valid.
func checkList(rt route, body []byte) error {
	if !utf8.Valid(body) {
		return fmt.Errorf("the list is not text")
	}
	for line := range strings.SplitSeq(string(body), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if module.Check(rt.mod, f[0]) != nil || module.CanonicalVersion(f[0]) != f[0] {
			return fmt.Errorf("list line %q is not a version of %s", clip(line), rt.mod)
		}
	}
	return nil
}

// checkZip checks a spooled module zip: a complete archive (its central
// directory is at the end, so a truncated download fails here) whose files
// all lie under "<module>@<version>/", as the go command requires.
func checkZip(rt route, f *os.File, size int64) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return fmt.Errorf("not a complete zip file")
	}
	prefix := rt.mod + "@" + rt.ver + "/"
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, prefix) {
			return fmt.Errorf("zip file %q is not under %s", clip(zf.Name), prefix)
		}
	}
	return nil
}

// clip shortens untrusted text for a reason.
func clip(s string) string {
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
