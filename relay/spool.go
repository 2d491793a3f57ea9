package relay

import (
	"fmt"
	"os"
	"path/filepath"
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

// removeStaleSpools removes every spool directory under root whose relay
// is gone.
func removeStaleSpools(root string) {
	ents, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() {
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
