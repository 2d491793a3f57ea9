//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly || illumos

package envcfg

import (
	"context"
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock (flock) on the file at path,
// creating it, and returns the function that releases it. It waits until
// the lock is free, ctx is done or opt's deadline passes. The kernel drops
// the lock if the process dies, so a crash never leaves the env file
// locked. While held, the file names the holder (writeHolder). The lock
// file itself stays: removing it would let two processes lock different
// inodes.
func lockFile(ctx context.Context, path string, opt lockOpts) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
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

// processAlive reports whether a process with this pid exists (one of
// another user counts).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
