package relay

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
)

// spoolDirName is the directory, under TempDir, that holds every relay's
// spool directory.
const spoolDirName = "goproxytui-relay"

// lockName is the lock file of a spool directory: held (flock) while its
// relay runs. A directory whose lock can be taken belongs to a relay that
// died (a lock dies with its process, kill -9 included).
const lockName = "lock"

// spool is one relay's directory for zips being downloaded and checked.
type spool struct {
	dir    string
	unlock func()
	once   sync.Once
}

// openSpool removes the spool directories of dead relays under
// base/goproxytui-relay and makes this relay's own, locked.
func openSpool(base string) (*spool, error) {
	if base == "" {
		base = os.TempDir()
	}
	root := filepath.Join(base, spoolDirName)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, err
	}
	// TempDir is shared: the root must be this user's own directory, not
	// a symlink another user planted, before anything in it is removed.
	if fi, err := os.Lstat(root); err != nil {
		return nil, err
	} else if !fi.IsDir() || !ownedBySelf(fi) {
		return nil, fmt.Errorf("spool directory %s is not a directory of this user's own", root)
	}
	removeStaleSpools(root)
	dir, err := os.MkdirTemp(root, fmt.Sprintf("%d-", os.Getpid()))
	if err != nil {
		return nil, err
	}
	unlock, err := lockDir(filepath.Join(dir, lockName))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &spool{dir: dir, unlock: unlock}, nil
}

// spoolName matches the names openSpool gives: "<pid>-<random digits>".
var spoolName = regexp.MustCompile(`^[0-9]+-[0-9]+$`)

// removeStaleSpools removes every spool directory under root whose relay
// is gone; it leaves alone what a relay did not make.
func removeStaleSpools(root string) {
	ents, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() || !spoolName.MatchString(e.Name()) {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if unlock, ok := tryLockDir(filepath.Join(dir, lockName)); ok {
			os.RemoveAll(dir)
			unlock()
		}
	}
}

// create opens a new spool file.
func (s *spool) create() (*os.File, error) {
	return os.CreateTemp(s.dir, "*.zip")
}

// close removes the directory and its lock (once).
func (s *spool) close() {
	s.once.Do(func() {
		os.RemoveAll(s.dir)
		s.unlock()
	})
}
