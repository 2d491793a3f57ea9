package envcfg

import (
	"strings"
	"unicode/utf8"

	"github.com/goproxytui/goproxytui/i18n"
)

// Validate checks changes before anything runs, because the go command
// does not validate GOPROXY, GOSUMDB or the pattern lists: every key must
// be a variable name given once, GOENV cannot be written, values must be
// what go env -w accepts (UTF-8, no NUL, no newline), GOPROXY must parse as a
// chain, GOSUMDB as a checksum database, and GOPRIVATE, GONOPROXY,
// GONOSUMDB and GOINSECURE as pattern lists. A Change with an empty Value is
// a reset (Unset). It does no I/O; every error it returns is a validation
// error naming the key and the bad entry: a *mirrors.ChainError for GOPROXY
// (its Message method localizes it), else an *i18n.Msg.
func (e *Env) Validate(changes []Change) error {
	norm, err := normalize(changes)
	if err != nil {
		return err
	}
	for _, c := range norm {
		if c.Unset {
			continue
		}
		if err := validateValue(c.Key, c.Value); err != nil {
			return err
		}
	}
	return nil
}

// normalize checks the keys and turns empty values into resets.
func normalize(changes []Change) ([]Change, error) {
	out := make([]Change, 0, len(changes))
	seen := map[string]bool{}
	for _, c := range changes {
		if !validKey(c.Key) {
			return nil, i18n.Errorf("invalid variable name %q", c.Key)
		}
		switch c.Key {
		case "GOENV":
			return nil, i18n.Errorf("GOENV can only be set in the OS environment, not in the go env file")
		case "GOVERSION", "GOMOD", "GOWORK", "GOEXE", "GOGCCFLAGS", "GOHOSTARCH", "GOHOSTOS", "GOTOOLDIR", "GOTELEMETRY", "GOTELEMETRYDIR", "GODEBUG":
			return nil, i18n.Errorf("%s cannot be set with go env -w", c.Key)
		}
		if seen[c.Key] {
			return nil, i18n.Errorf("%s is given more than once", c.Key)
		}
		seen[c.Key] = true
		if c.Unset || c.Value == "" {
			c.Unset, c.Value = true, ""
		} else if err := checkRaw(c.Value); err != nil {
			return nil, i18n.Errorf("invalid %s: %w", c.Key, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// validKey reports whether k looks like a go command variable: an upper-case
// letter, then upper-case letters, digits and underscores.
func validKey(k string) bool {
	if k == "" || k[0] < 'A' || k[0] > 'Z' {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// checkRaw applies the go command's own rules for any value written by
// go env -w (cmd/go/internal/envcmd.checkEnvWrite), so that go is never
// started with a value it would refuse.
func checkRaw(v string) error {
	switch {
	case !utf8.ValidString(v):
		return i18n.Errorf("the value is not valid UTF-8")
	case strings.Contains(v, "\x00"):
		return i18n.Errorf("the value contains a NUL byte")
	case strings.ContainsAny(v, "\v\r\n"):
		return i18n.Errorf("the value contains a line break")
	}
	return nil
}

// Plan returns what applying changes to the configuration in s would change
// in the go env file, in the order of the changes, leaving out changes that
// change nothing. A Change with an empty Value is a reset, as in Apply. It
// does no I/O and no validation.
func (e *Env) Plan(s Snapshot, changes []Change) []Diff {
	norm := make([]Change, len(changes))
	for i, c := range changes {
		if c.Value == "" {
			c.Unset = true
		}
		norm[i] = c
	}
	return planDiffs(s.File, norm)
}

// planDiffs is Plan on the file's values, taking changes literally: a
// Change with an empty Value and Unset false writes "KEY=" (Undo restores
// such a line exactly; it hides $GOROOT/go.env, a reset does not).
func planDiffs(file map[string]string, changes []Change) []Diff {
	var out []Diff
	for _, c := range changes {
		old, oldSet := file[c.Key]
		d := Diff{Key: c.Key, Old: old, OldSet: oldSet, New: c.Value, NewSet: !c.Unset}
		if c.Unset {
			d.New = ""
		}
		if d.OldSet == d.NewSet && d.Old == d.New {
			continue
		}
		out = append(out, d)
	}
	return out
}
