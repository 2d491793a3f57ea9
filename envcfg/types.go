// Package envcfg reads the effective go env values and where each comes
// from, applies changes through `go env -w` atomically and verified, keeps an
// undo history, and watches the env file and the goproxytui config for
// changes made outside the program.
package envcfg

// Source says where an effective go env value comes from.
type Source string

// Value sources, in the go command's order of precedence.
const (
	SourceEnv     Source = "env"     // a non-empty OS environment variable
	SourceFile    Source = "file"    // the user's go env file ($GOENV or os.UserConfigDir()/go/env)
	SourceGoroot  Source = "goroot"  // $GOROOT/go.env
	SourceDefault Source = "default" // built into the go command
)

// Keys is the list of variables goproxytui reads and reports, in display order.
var Keys = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS", "GOENV", "GOROOT"}

// Var is one effective variable.
type Var struct {
	Name   string
	Value  string // effective value
	Source Source
	// Shadowed is the go env file's value when an OS environment variable
	// overrides it (then `go env -w` does not take effect in shells that set
	// the variable); nil otherwise.
	Shadowed *string
}

// Snapshot is the effective configuration at one moment.
type Snapshot struct {
	Vars    map[string]Var
	EnvFile string // path of the user's go env file (it may not exist)
	GOROOT  string
}

// Change is one intended change to the go env file.
type Change struct {
	Key   string
	Value string
	Unset bool // `go env -u Key` (reset), never an empty value
}

// Diff is one key's change as applied, for reports and undo.
type Diff struct {
	Key      string
	Old, New string // values in the go env file ("" when absent)
	OldSet   bool   // whether the key was present in the file before
	NewSet   bool
}
