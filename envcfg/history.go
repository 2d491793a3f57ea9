package envcfg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/atomicfile"
	"github.com/goproxytui/goproxytui/internal/regfile"
)

// historyMax is how many applies the undo history keeps.
const historyMax = 20

// HistoryEntry is one recorded apply: the values before and after, per key.
type HistoryEntry struct {
	ID      string    `json:"id"`
	Time    time.Time `json:"time"`
	EnvFile string    `json:"envFile"` // the file written (symlinks followed)
	Diffs   []Diff    `json:"diffs"`
}

type historyFile struct {
	Version int            `json:"version"`
	Entries []HistoryEntry `json:"entries"` // oldest first
}

// ErrNothingToUndo is wrapped by Undo's error when no apply is recorded for
// the go env file.
var ErrNothingToUndo = errors.New("nothing to undo")

// HistoryPath returns the undo history file: StateDir/history.json when
// StateDir is set; else $XDG_STATE_HOME/goproxytui/history.json; else, on
// Unix systems other than macOS, ~/.local/state/goproxytui/history.json (the
// XDG default); else os.UserConfigDir()/goproxytui/history.json. Variables
// are looked up in Environ.
func (e *Env) HistoryPath() (string, error) {
	if e.StateDir != "" {
		return filepath.Join(e.StateDir, "history.json"), nil
	}
	if d := e.getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "goproxytui", "history.json"), nil
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
	default:
		if h := e.getenv("HOME"); filepath.IsAbs(h) {
			return filepath.Join(h, ".local", "state", "goproxytui", "history.json"), nil
		}
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "goproxytui", "history.json"), nil
}

// History returns the recorded applies for the current go env file, oldest
// first; Undo restores the last one.
func (e *Env) History(ctx context.Context) ([]HistoryEntry, error) {
	path, err := e.envFilePath(ctx)
	if err != nil || path == "" {
		return nil, err
	}
	target, err := atomicfile.Resolve(path)
	if err != nil {
		return nil, err
	}
	hp, err := e.HistoryPath()
	if err != nil {
		return nil, err
	}
	h, err := loadHistory(hp)
	if err != nil {
		return nil, err
	}
	var out []HistoryEntry
	for _, en := range h.Entries {
		if en.EnvFile == target {
			out = append(out, en)
		}
	}
	return out, nil
}

func loadHistory(path string) (historyFile, error) {
	var h historyFile
	data, err := regfile.ReadFile(path, 0)
	if errors.Is(err, os.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return h, i18n.Errorf("reading the undo history %s: %w", path, err)
	}
	return h, nil
}

// updateHistory pushes an entry for diffs (record) and/or drops the entry
// popID, under the history's own lock (taken inside the env file's lock, so
// the order of locks is always the same).
func (e *Env) updateHistory(envFile string, diffs []Diff, record bool, popID string) error {
	hp, err := e.HistoryPath()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(hp), 0o700); err != nil {
		return err
	}
	unlock, err := lockFile(context.Background(), lockPath(hp), e.lockOpts())
	if err != nil {
		return err
	}
	defer unlock()
	h, err := loadHistory(hp)
	if err != nil {
		// A damaged history must not block applies: start a new one.
		h = historyFile{}
	}
	h.Version = 1
	if popID != "" {
		for i, en := range h.Entries {
			if en.ID == popID {
				h.Entries = append(h.Entries[:i:i], h.Entries[i+1:]...)
				break
			}
		}
	}
	if record {
		var id [8]byte
		rand.Read(id[:])
		h.Entries = append(h.Entries, HistoryEntry{ID: hex.EncodeToString(id[:]), Time: time.Now().UTC(), EnvFile: envFile, Diffs: diffs})
		if len(h.Entries) > historyMax {
			h.Entries = h.Entries[len(h.Entries)-historyMax:]
		}
	}
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	// 0600: values may hold proxy credentials.
	return atomicfile.WriteFile(hp, append(data, '\n'), 0o600)
}

// Undo restores the values from before the last recorded apply to this go
// env file, through the same locked, checked, atomic path as Apply, and
// drops that entry from the history. If a key no longer holds the value
// that apply wrote (someone changed it since), Undo stops with a
// *ConflictError (Undo set) and changes nothing; UndoForce restores anyway.
// With no recorded apply the error wraps ErrNothingToUndo.
func (e *Env) Undo(ctx context.Context) (Report, error) { return e.undo(ctx, false) }

// UndoForce is Undo without the check that the keys still hold the values
// the undone apply wrote.
func (e *Env) UndoForce(ctx context.Context) (Report, error) { return e.undo(ctx, true) }

func (e *Env) undo(ctx context.Context, force bool) (Report, error) {
	hp, err := e.HistoryPath()
	if err != nil {
		return Report{}, i18n.Errorf("finding the undo history: %w", err)
	}
	path, err := e.envFilePath(ctx)
	if err != nil {
		return Report{}, err
	}
	target := path
	if path != "" {
		if target, err = atomicfile.Resolve(path); err != nil {
			return Report{}, i18n.Errorf("finding the go env file: %w", err)
		}
	}
	return e.transact(ctx, tx{plan: func(cur map[string]string) ([]Change, string, error) {
		// Under the env file's lock: no other goproxytui can apply or
		// undo meanwhile, so the newest entry stays the newest.
		h, err := loadHistory(hp)
		if err != nil {
			return nil, "", err
		}
		var entry *HistoryEntry
		for i := len(h.Entries) - 1; i >= 0; i-- {
			if h.Entries[i].EnvFile == target {
				entry = &h.Entries[i]
				break
			}
		}
		if entry == nil {
			return nil, "", &i18n.Msg{Format: i18n.N("nothing to undo: no apply to %s is recorded"), Args: []any{target}, Wrapped: ErrNothingToUndo}
		}
		ce := &ConflictError{Path: target, Existed: true, Exists: true, Undo: true}
		var changes []Change
		for _, d := range entry.Diffs {
			v, ok := cur[d.Key]
			if ok != d.NewSet || v != d.New {
				ce.Changes = append(ce.Changes, Diff{Key: d.Key, Old: d.New, OldSet: d.NewSet, New: v, NewSet: ok})
			}
			if d.OldSet {
				changes = append(changes, Change{Key: d.Key, Value: d.Old})
			} else {
				changes = append(changes, Change{Key: d.Key, Unset: true})
			}
		}
		if len(ce.Changes) > 0 && !force {
			return nil, "", &i18n.Msg{Format: i18n.N("since the apply being undone, %s changed in %s; nothing was written (undo --force restores anyway)"), Args: []any{conflictSummary{ce}, target}, Wrapped: ce}
		}
		return changes, entry.ID, nil
	}})
}
