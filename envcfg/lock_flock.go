//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly || illumos

package envcfg

import (
	"context"
	"errors"
	"os"
	"syscall"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/regfile"
)

// lockFile takes an exclusive advisory lock (flock) on the file at path,
// creating it, and returns the function that releases it. It waits until
// the lock is free, ctx is done or opt's deadline passes. The kernel drops
// the lock if the process dies, so a crash never leaves the env file
// locked. While held, the file names the holder (writeHolder). The lock
// file itself stays: removing it would let two processes lock different
// inodes. A symbolic link, a named pipe or another file that is not a
// regular one with a single link is refused (openLockFile): the holder's
// line would be written into whatever file it leads to.
func lockFile(ctx context.Context, path string, opt lockOpts) (func(), error) {
	f, err := openLockFile(path)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
	err = pollLock(ctx, path, opt, func() (bool, error) {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK), errors.Is(err, syscall.EINTR):
			return false, nil
		}
		return false, err
	})
	if err != nil {
		f.Close()
		return nil, err
	}
	writeHolder(f)
	return func() {
		f.Truncate(0)
		syscall.Flock(fd, syscall.LOCK_UN)
		f.Close()
	}, nil
}

// openLockFile opens (creating it) the lock file at path without following
// a symbolic link and without blocking on a named pipe, and returns it
// only when it is a regular file with no other hard link.
func openLockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	if errors.Is(err, syscall.ELOOP) {
		return nil, lockFileRefused(path, i18n.N("a symbolic link"))
	}
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, err
	case !fi.Mode().IsRegular():
		f.Close()
		return nil, lockFileRefused(path, regfile.Kind(fi.Mode()))
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
		f.Close()
		return nil, lockFileRefused(path, i18n.N("a file with other hard links"))
	}
	return f, nil
}

// processAlive reports whether a process with this pid exists (one of
// another user counts).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
