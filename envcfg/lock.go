package envcfg

import (
	"context"
	"path/filepath"
	"time"
)

// lockPath is the advisory lock file beside the env file (after symlinks):
// "env" is locked through ".env.lock" in the same directory.
func lockPath(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".lock")
}

// pollLock calls try until it takes the lock, fails, or ctx is done,
// waiting a little longer each time (1 ms up to 20 ms).
func pollLock(ctx context.Context, try func() (bool, error)) error {
	wait := time.Millisecond
	for {
		ok, err := try()
		if ok || err != nil {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, 20*time.Millisecond)
	}
}
