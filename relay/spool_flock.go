//go:build unix

package relay

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockDir creates and locks a spool directory's lock file for as long as
// the process holds it.
func lockDir(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// tryLockDir takes the lock of another spool directory if its relay is
// gone: the lock file is free, or missing for over a minute (the relay
// died before locking, or the directory is half removed; a relay starting
// now has not locked yet).
func tryLockDir(path string) (func(), bool) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		fi, err := os.Stat(filepath.Dir(path))
		return func() {}, err == nil && time.Since(fi.ModTime()) > time.Minute
	}
	if err != nil {
		return nil, false
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}

// ownedBySelf reports whether fi belongs to this process's user.
func ownedBySelf(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
