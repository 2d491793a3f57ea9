package envcfg

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
)

// How long a write waits for the go env file's lock (or the undo
// history's) before it says so (Env.OnLockWait), and before it gives up
// with a *LockTimeoutError. README documents both.
const (
	LockNotice  = time.Second
	LockTimeout = 30 * time.Second
)

// LockHolder says who holds a lock, as far as can be known: a goproxytui
// writes its process id and program name into the lock file while it holds
// the lock, and removes them before it lets go.
type LockHolder struct {
	// Path is the lock file.
	Path string
	// PID is the holder's process id, 0 when not known: a program that
	// writes nothing into the lock file (or one on a system where the
	// lock file cannot be read while it is locked).
	PID int
	// Program is the holder's program name as it wrote it ("" when not
	// known).
	Program string
}

// Message says who holds the lock: "process 1234 (goproxytui)", or
// "another program" when the lock file does not tell.
func (h LockHolder) Message(l i18n.Lang) string {
	switch {
	case h.PID > 0 && h.Program != "":
		return l.T("process %d (%s)", h.PID, h.Program)
	case h.PID > 0:
		return l.T("process %d", h.PID)
	}
	return l.T("another program")
}

// LockTimeoutError is the error of a write that did not get the lock
// within LockTimeout: nothing was written.
type LockTimeoutError struct {
	Holder LockHolder
	After  time.Duration
}

func (e *LockTimeoutError) Error() string { return e.Message(i18n.EN) }

// Message is the error in language l.
func (e *LockTimeoutError) Message(l i18n.Lang) string {
	return l.T("gave up after %s waiting for the lock %s, held by %s; nothing was written: try again when it is done (a lock whose holder has ended is free again at once)",
		e.After, e.Holder.Path, e.Holder.Message(l))
}

// lockOpts are how long lockFile waits and whom it tells.
type lockOpts struct {
	notice, timeout time.Duration // 0: LockNotice, LockTimeout
	onWait          func(LockHolder)
}

// lockOpts returns e's lock timings (test hooks) and notice function.
func (e *Env) lockOpts() lockOpts {
	return lockOpts{notice: e.lockNotice, timeout: e.lockTimeout, onWait: e.OnLockWait}
}

// lockFileRefused is the error for a lock file that is not a regular file
// of its own (kind says what it is: a string to translate, or a Localizer
// such as regfile.Kind): nothing is written, and the user removes it.
func lockFileRefused(path string, kind any) error {
	var what error
	switch k := kind.(type) {
	case string:
		what = &i18n.Msg{Format: k}
	case error:
		what = k
	}
	return i18n.Errorf("the lock file %s is %w: goproxytui locks only a regular file of its own and follows no link to another file; nothing was written: remove it", sanitize.Line(path, 0), what)
}

// lockPath is the advisory lock file beside the env file (after symlinks):
// "env" is locked through ".env.lock" in the same directory.
func lockPath(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".lock")
}

// pollLock calls try until it takes the lock, fails, ctx is done or
// opt.timeout has passed (a *LockTimeoutError naming the holder read from
// holderFile), waiting a little longer each time (1 ms up to 20 ms). After
// opt.notice it calls opt.onWait once with the holder.
func pollLock(ctx context.Context, holderFile string, opt lockOpts, try func() (bool, error)) error {
	if opt.notice <= 0 {
		opt.notice = LockNotice
	}
	if opt.timeout <= 0 {
		opt.timeout = LockTimeout
	}
	deadline := time.NewTimer(opt.timeout)
	defer deadline.Stop()
	notice := time.NewTimer(opt.notice)
	defer notice.Stop()
	noticeC := notice.C
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
		case <-deadline.C:
			t.Stop()
			return &LockTimeoutError{Holder: readHolder(holderFile), After: opt.timeout}
		case <-noticeC:
			t.Stop()
			noticeC = nil
			if opt.onWait != nil {
				opt.onWait(readHolder(holderFile))
			}
		case <-t.C:
		}
		wait = min(2*wait, 20*time.Millisecond)
	}
}

// holderLine is what a lock's holder writes into the lock file: its pid
// and program name.
func holderLine() []byte {
	return fmt.Appendf(nil, "%d %s\n", os.Getpid(), filepath.Base(os.Args[0]))
}

// writeHolder puts holderLine into f, the locked lock file (best effort:
// the lock works without it).
func writeHolder(f *os.File) {
	if f.Truncate(0) == nil {
		f.WriteAt(holderLine(), 0)
	}
}

// readHolder reads who holds the lock from the lock file at path (at most
// 200 bytes; the program name is stripped of control characters). A pid
// of a process that has ended is not the holder: it is left out.
func readHolder(path string) LockHolder {
	h := LockHolder{Path: path}
	f, err := os.Open(path)
	if err != nil {
		return h
	}
	defer f.Close()
	buf := make([]byte, 200)
	n, _ := f.ReadAt(buf, 0)
	line, _, _ := bytes.Cut(buf[:n], []byte("\n"))
	pid, prog, _ := strings.Cut(string(line), " ")
	p, err := strconv.Atoi(pid)
	if err != nil || p <= 0 || !processAlive(p) {
		return h
	}
	h.PID, h.Program = p, sanitize.Line(prog, 64)
	return h
}
