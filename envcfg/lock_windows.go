//go:build windows

package envcfg

import (
	"context"
	"errors"
	"os"
	"syscall"
	"unsafe"

	"github.com/goproxytui/goproxytui/internal/regfile"
)

var (
	kernel32         = syscall.NewLazyDLL("kernel32.dll")
	procLockFileEx   = kernel32.NewProc("LockFileEx")
	procUnlockFileEx = kernel32.NewProc("UnlockFileEx")
)

const (
	lockfileExclusiveLock   = 0x2
	lockfileFailImmediately = 0x1
	errorLockViolation      = syscall.Errno(33)
)

// lockFile takes an exclusive lock (LockFileEx) on the file at path,
// creating it, and returns the function that releases it. It waits until
// the lock is free, ctx is done or opt's deadline passes. Windows drops
// the lock when the process dies. The lock file itself stays.
func lockFile(ctx context.Context, path string, opt lockOpts) (func(), error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		// A link would lead the holder's line into another file.
		return nil, lockFileRefused(path, regfile.Kind(fi.Mode()))
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	h := f.Fd()
	var ol syscall.Overlapped
	err = pollLock(ctx, path, opt, func() (bool, error) {
		r, _, e := procLockFileEx.Call(h, lockfileExclusiveLock|lockfileFailImmediately, 0, 1, 0, uintptr(unsafe.Pointer(&ol)))
		if r != 0 {
			return true, nil
		}
		if errors.Is(e, errorLockViolation) || errors.Is(e, syscall.ERROR_IO_PENDING) {
			return false, nil
		}
		return false, e
	})
	if err != nil {
		f.Close()
		return nil, err
	}
	writeHolder(f) // other processes cannot read it while it is locked: the holder is not known there
	return func() {
		f.Truncate(0)
		procUnlockFileEx.Call(h, 0, 1, 0, uintptr(unsafe.Pointer(&ol)))
		f.Close()
	}, nil
}

// processAlive: the pid is never read on Windows (the locked file cannot
// be read by others), so every pid counts as alive.
func processAlive(int) bool { return true }
