//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly || illumos || windows)

package envcfg

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"
)

// lockFile, on systems without flock or LockFileEx, creates path+".excl"
// exclusively (naming the holder in it) and removes it on release. A lock
// older than a minute is taken to be left by a crashed process and broken.
func lockFile(ctx context.Context, path string, opt lockOpts) (func(), error) {
	p := path + ".excl"
	err := pollLock(ctx, p, opt, func() (bool, error) {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			writeHolder(f)
			f.Close()
			return true, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return false, err
		}
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(p)
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return func() { os.Remove(p) }, nil
}

// processAlive cannot tell here: every pid counts as alive.
func processAlive(int) bool { return true }
