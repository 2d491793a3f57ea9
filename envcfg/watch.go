package envcfg

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/atomicfile"
	"github.com/goproxytui/goproxytui/internal/regfile"
)

// debounce is how long the watcher waits after the last event before it
// reads a changed file: editors and go env -w make several events per save.
const debounce = 100 * time.Millisecond

// Watcher reports changes made outside this process to the go env file and
// the goproxytui config file. Create it with Env.Watch; read Events until it
// is closed; Close ends its goroutine.
type Watcher struct {
	fw     *fsnotify.Watcher
	events chan WatchEvent
	done   chan struct{}
	ended  chan struct{}
	once   sync.Once

	targets []*watchTarget
	watched map[string]bool // directories watched now
}

// watchTarget is one watched file.
type watchTarget struct {
	kind    FileKind
	path    string // cleaned absolute path as given
	real    string // path after symlinks (may equal path)
	last    []byte // content last seen (nil: missing)
	exists  bool
	cursor  uint64 // position in ownWrites (env file only)
	pending bool   // an event arrived since the last read
	empties int    // reads in a row that found the env file newly empty
}

// emptyLooks is how many debounces the watcher waits for an env file that
// was not empty and now is: go env -w rewrites the file in place
// (truncate, then write), so on a loaded machine an event can be read
// between the two. A file emptied on purpose is reported after them.
const emptyLooks = 10

// Watch starts watching the go env file (as the go command finds it) and
// the goproxytui config file at configPath ("" means the default path). It
// watches their parent directories, so that editors that save by writing a
// temp file and renaming it work; a directory that does not exist yet is
// watched through its nearest existing ancestor until it is created.
// Events are debounced (about 100 ms) and compared with the file's previous
// content: an event says which file changed and, for the env file, which
// keys changed from what to what. Writes made by Apply and Undo in this
// process are not reported. With GOENV=off only the config is watched.
func (e *Env) Watch(configPath string) (*Watcher, error) {
	envFile, err := e.envFilePath(context.Background())
	if err != nil {
		return nil, err
	}
	if configPath == "" {
		if configPath, err = config.DefaultPath(); err != nil {
			return nil, err
		}
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, i18n.Errorf("watching files: %w", err)
	}
	w := &Watcher{
		fw:      fw,
		events:  make(chan WatchEvent, 16),
		done:    make(chan struct{}),
		ended:   make(chan struct{}),
		watched: map[string]bool{},
	}
	add := func(kind FileKind, p string) error {
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		t := &watchTarget{kind: kind, path: filepath.Clean(abs)}
		t.resolve()
		if kind == EnvFile {
			t.cursor = ownWrites.cursor()
		}
		t.last, t.exists = readTarget(t.real)
		w.targets = append(w.targets, t)
		return nil
	}
	if envFile != "" {
		if err := add(EnvFile, envFile); err != nil {
			fw.Close()
			return nil, err
		}
	}
	if err := add(ConfigFile, configPath); err != nil {
		fw.Close()
		return nil, err
	}
	if err := w.rewatch(); err != nil {
		fw.Close()
		return nil, i18n.Errorf("watching files: %w", err)
	}
	go w.loop()
	return w, nil
}

// Events returns the channel of outside changes. It is closed when the
// watcher ends (Close, or the file system watch failing for good).
func (w *Watcher) Events() <-chan WatchEvent { return w.events }

// Close stops the watcher and waits for its goroutine to end.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		err = w.fw.Close()
	})
	<-w.ended
	return err
}

// resolve follows symlinks of the target's path.
func (t *watchTarget) resolve() {
	t.real = t.path
	if r, err := atomicfile.Resolve(t.path); err == nil {
		t.real = r
	}
}

// readTarget reads a watched file; a missing or unreadable file is nil, and
// so is one that is not a regular file (reading a named pipe would hang).
func readTarget(p string) ([]byte, bool) {
	b, err := regfile.ReadFile(p, 0)
	if err != nil {
		return nil, false
	}
	return b, true
}

// nearestDir returns the nearest existing directory at or above dir.
func nearestDir(dir string) string {
	for {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}

// rewatch makes the watched directories those the targets need now: the
// nearest existing directory at or above each file's directory (and its
// symlink target's).
func (w *Watcher) rewatch() error {
	var firstErr error
	// A directory created between finding the nearest existing one and
	// watching it sends no event: look again until nothing new is added.
	for range 16 {
		want := map[string]bool{}
		for _, t := range w.targets {
			t.resolve()
			want[nearestDir(filepath.Dir(t.path))] = true
			want[nearestDir(filepath.Dir(t.real))] = true
		}
		added := false
		for d := range want {
			if w.watched[d] {
				continue
			}
			if err := w.fw.Add(d); err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			w.watched[d], added = true, true
			// The file may have appeared before this watch: look at it.
			for _, t := range w.targets {
				t.pending = true
			}
		}
		for d := range w.watched {
			if !want[d] {
				w.fw.Remove(d) // may already be gone with the directory
				delete(w.watched, d)
			}
		}
		if !added {
			break
		}
	}
	return firstErr
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

func (w *Watcher) loop() {
	defer close(w.ended)
	defer close(w.events)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	arm := func() {
		timer.Stop()
		select { // drain a fire that raced with Stop
		case <-timer.C:
		default:
		}
		timer.Reset(debounce)
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if w.handle(ev) {
				arm()
			}
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			if !w.send(WatchEvent{Err: i18n.Errorf("watching files: %w", err)}) {
				return
			}
		case <-timer.C:
			rearm, ok := w.flush()
			if !ok {
				return
			}
			if rearm {
				arm()
			}
		}
	}
}

// handle notes which targets an event concerns, and re-watches when a
// directory on the way to a target appeared or went. It reports whether a
// read is due.
func (w *Watcher) handle(ev fsnotify.Event) bool {
	name := filepath.Clean(ev.Name)
	due := false
	dirChange := false
	for _, t := range w.targets {
		switch {
		case name == t.path || name == t.real:
			t.pending, due = true, true
		case within(filepath.Dir(t.path), name) || within(filepath.Dir(t.real), name):
			// A directory above the file was created, removed or renamed.
			t.pending, due, dirChange = true, true, true
		}
	}
	if dirChange || ev.Has(fsnotify.Remove) && w.watched[name] {
		if err := w.rewatch(); err != nil {
			w.send(WatchEvent{Err: i18n.Errorf("watching files: %w", err)})
		}
	}
	return due
}

// flush reads the targets with pending events and sends an event for each
// outside change. rearm asks for another look later (one of our own writes
// is being renamed into place); ok is false when the watcher is closing.
func (w *Watcher) flush() (rearm, ok bool) {
	for _, t := range w.targets {
		if !t.pending {
			continue
		}
		t.resolve()
		now, exists := readTarget(t.real)
		if t.kind == ConfigFile {
			t.pending = false
			if exists == t.exists && bytes.Equal(now, t.last) {
				continue
			}
			t.last, t.exists = now, exists
			if !w.send(WatchEvent{Path: t.path, File: ConfigFile, Exists: exists}) {
				return false, false
			}
			continue
		}
		if exists && len(now) == 0 && len(t.last) > 0 && t.empties < emptyLooks {
			t.empties++
			rearm = true
			continue
		}
		t.empties = 0
		recs, next, busy := ownWrites.since(t.real, t.cursor)
		if busy {
			rearm = true
			continue
		}
		t.pending, t.cursor = false, next
		// Walk our own writes from the last content seen: whatever does not
		// chain up (before ≠ what we had) was changed by someone else.
		base := t.last
		for _, r := range recs {
			if !bytes.Equal(r.before, base) {
				if !w.sendEnv(t, base, r.before, true) {
					return false, false
				}
			}
			base = r.after
		}
		if !bytes.Equal(now, base) || exists != t.exists && len(recs) == 0 {
			if !w.sendEnv(t, base, now, exists) {
				return false, false
			}
		}
		t.last, t.exists = now, exists
	}
	return rearm, true
}

// sendEnv sends the env file's change from old to now.
func (w *Watcher) sendEnv(t *watchTarget, old, now []byte, exists bool) bool {
	return w.send(WatchEvent{Path: t.path, File: EnvFile, Changes: diffValues(parseEnv(old), parseEnv(now)), Exists: exists})
}

// send delivers ev unless the watcher is closing.
func (w *Watcher) send(ev WatchEvent) bool {
	select {
	case w.events <- ev:
		return true
	case <-w.done:
		return false
	}
}
