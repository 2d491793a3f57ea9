//go:build !unix

package relay

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// lockDir, without flock, writes the lock file; its age tells a dead
// relay (see tryLockDir).
func lockDir(path string) (func(), error) {
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		return nil, err
	}
	return func() {}, nil
}

// tryLockDir, without flock, takes a spool directory untouched for a day
// as left by a dead relay.
func tryLockDir(path string) (func(), bool) {
	fi, err := os.Stat(filepath.Dir(path))
	return func() {}, err == nil && time.Since(fi.ModTime()) > 24*time.Hour
}

// ownedBySelf: without Unix owners, a directory (not a link) will do.
func ownedBySelf(fi fs.FileInfo) bool { return fi.Mode()&fs.ModeSymlink == 0 }
