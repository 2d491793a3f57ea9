// Package envcfg reads the effective go env values and where each comes
// from, applies changes through `go env -w` atomically and verified, keeps an
// undo history, and watches the env file and the goproxytui config for
// changes made outside the program.
package envcfg

import "github.com/goproxytui/goproxytui/i18n"

// Source says where an effective go env value comes from.
type Source string

// Value sources, in the go command's order of precedence.
const (
	SourceEnv     Source = "env"     // a non-empty OS environment variable
	SourceFile    Source = "file"    // the user's go env file ($GOENV or os.UserConfigDir()/go/env)
	SourceGoroot  Source = "goroot"  // $GOROOT/go.env
	SourceDefault Source = "default" // built into the go command
)

// Label returns the source's name for people, in English, to be translated
// with i18n.Lang.T: "OS environment", "go env file", "$GOROOT/go.env",
// "built-in default".
func (s Source) Label() string {
	switch s {
	case SourceEnv:
		return i18n.N("OS environment")
	case SourceFile:
		return i18n.N("go env file")
	case SourceGoroot:
		return i18n.N("$GOROOT/go.env")
	}
	return i18n.N("built-in default")
}

// Keys is the list of variables goproxytui reads and reports, in display order.
var Keys = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS", "GOENV", "GOROOT"}

// Var is one effective variable.
type Var struct {
	Name   string
	Value  string // effective value, as `go env` prints it
	Source Source
	// Shadowed is the go env file's value when an OS environment variable
	// overrides it with a different value (then `go env -w` does not take
	// effect in shells that set the variable); nil otherwise.
	Shadowed *string
	// OSValue is the OS environment variable's value when Source is
	// SourceEnv, else "".
	OSValue string
}

// Snapshot is the effective configuration at one moment.
type Snapshot struct {
	Vars    map[string]Var
	EnvFile string // path of the user's go env file (it may not exist); "" when GOENV=off
	GOROOT  string

	// GoVersion is the go command's version ("go1.26.8").
	GoVersion string
	// EnvFileExists says whether EnvFile existed when it was read.
	EnvFileExists bool
	// File holds the KEY=VALUE lines of the user's go env file as the go
	// command reads them (the last line of a key wins). A key present with
	// an empty value still hides $GOROOT/go.env.
	File map[string]string
	// GorootFile holds the KEY=VALUE lines of $GOROOT/go.env.
	GorootFile map[string]string
}

// Get returns the variable named key, or a Var with only its Name when the
// snapshot does not hold it.
func (s Snapshot) Get(key string) Var {
	if v, ok := s.Vars[key]; ok {
		return v
	}
	return Var{Name: key}
}

// Change is one intended change to the go env file.
type Change struct {
	Key   string
	Value string
	Unset bool // `go env -u Key` (reset), never an empty value
}

// Diff is one key's change as applied, for reports and undo.
type Diff struct {
	Key    string `json:"key"`
	Old    string `json:"old"`    // value in the go env file before ("" when absent)
	New    string `json:"new"`    // and after
	OldSet bool   `json:"oldSet"` // whether the key was present in the file before
	NewSet bool   `json:"newSet"` // and after
}

// FileKind says which watched file a WatchEvent is about.
type FileKind int

// Watched files.
const (
	EnvFile    FileKind = iota + 1 // the user's go env file
	ConfigFile                     // the goproxytui config file
)

// String returns "env" or "config".
func (k FileKind) String() string {
	switch k {
	case EnvFile:
		return "env"
	case ConfigFile:
		return "config"
	}
	return "unknown"
}

// WatchEvent reports a change made outside this process to a watched file.
type WatchEvent struct {
	Path string // cleaned absolute path of the file as watched
	File FileKind
	// Changes lists, for the env file, each key whose value changed, from
	// what to what (Old/OldSet before, New/NewSet now), sorted by key. It is
	// empty when only comments or blank lines changed, and for the config
	// file.
	Changes []Diff
	// Exists says whether the file exists after the change.
	Exists bool
	// Err is set when the file could not be read or the watch failed; the
	// watcher goes on.
	Err error
}

// NotEffective is a key whose new value is not the effective value after
// an apply: an OS environment variable overrides it (Source SourceEnv), or
// another program changed the file right after the write (ChangedAfter).
type NotEffective struct {
	Key string
	// Want is what the file now says (WantSet false: the key was reset).
	Want    string
	WantSet bool
	// Effective is the value the go command uses, and Source where it comes
	// from (SourceEnv for a shadowing OS variable).
	Effective string
	Source    Source
	// ChangedAfter is set when the go env file itself no longer holds what
	// was written when the values were read again: another program (one
	// that takes no lock, such as go env -w or an editor) changed it right
	// after the write. FileValue/FileSet are what the file says then.
	ChangedAfter bool
	FileValue    string
	FileSet      bool
}

// Report says what an Apply or Undo did.
type Report struct {
	EnvFile string // the file written (symlinks followed)
	// Diffs is what changed in the file, in the order of the changes. It is
	// empty when the file already held every value (nothing was written).
	Diffs []Diff
	// NotEffective lists keys that did not take effect (found by reading
	// the effective values again after the rename).
	NotEffective []NotEffective
	// Warnings are problems that did not stop the apply: a failure to record
	// the undo history, unexpected messages of the go command. Render with
	// i18n.Lang.Error.
	Warnings []error
	// After is the effective configuration read after the rename.
	After Snapshot
}
