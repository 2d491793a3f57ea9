package cli

import (
	"runtime/debug"
	"strings"
)

// Version, when set at build time (-ldflags "-X
// github.com/goproxytui/goproxytui/cli.Version=v1.2.3", or main.version,
// which main passes on), is the version --version prints; else it comes
// from the build info.
var Version = ""

// versionString is what --version prints after the program name.
func versionString() string {
	bi, _ := debug.ReadBuildInfo()
	return formatVersion(Version, bi)
}

// formatVersion is the version: override, else the module version of a
// binary built by `go install module@version` (the build info has its
// checksum), else "devel" for a build from a working tree; then the VCS
// revision, whether the tree had uncommitted changes and the commit time
// when the go command recorded them (go build in a repository):
// "devel (0123456789ab, modified, 2026-12-04T13:10:50Z)".
func formatVersion(override string, bi *debug.BuildInfo) string {
	v := override
	if v == "" {
		v = "devel"
		// A working-tree build has a pseudo-version made up from the
		// revision (Go 1.24+) or "(devel)", but no checksum.
		if bi != nil && bi.Main.Sum != "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	if bi == nil {
		return v
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	parts := []string{rev[:min(len(rev), 12)]}
	if modified {
		parts = append(parts, "modified")
	}
	if when != "" {
		parts = append(parts, when)
	}
	return v + " (" + strings.Join(parts, ", ") + ")"
}
