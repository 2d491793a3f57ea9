package relay

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// Size caps of the bodies the relay reads. Small files are read whole and
// checked; a body over its cap is a protocol failure of that mirror.
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
// the relay answers only what the go command will accept, so that a
// mirror sending garbage is skipped instead of served.
func checkBody(rt route, body []byte) error {
	switch rt.kind {
	case KindInfo, KindLatest:
		var info struct{ Version string }
		if err := json.Unmarshal(body, &info); err != nil {
			return fmt.Errorf("invalid JSON")
		}
		if !semver.IsValid(info.Version) {
			return fmt.Errorf("invalid version %q in the JSON", clip(info.Version))
		}
		// As the go command checks it (modfetch proxyRepo.Stat): a
		// canonical version must come back as itself.
		if rt.kind == KindInfo && info.Version != rt.ver && module.CanonicalVersion(rt.ver) == rt.ver && module.Check(rt.mod, rt.ver) == nil {
			return fmt.Errorf("info for version %s instead of %s", clip(info.Version), rt.ver)
		}
	case KindMod:
		if _, err := modfile.ParseLax("go.mod", body, nil); err != nil {
			return fmt.Errorf("go.mod does not parse")
		}
	case KindList:
		for line := range strings.SplitSeq(string(body), "\n") {
			f := strings.Fields(line)
			if len(f) > 0 && !semver.IsValid(f[0]) {
				return fmt.Errorf("list line %q is not a version", clip(line))
			}
		}
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
