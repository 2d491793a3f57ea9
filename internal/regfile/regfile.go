// Package regfile reads files that must be regular files. Opening a named
// pipe blocks until a writer comes, and reading a device may never end: a
// FIFO in a file:// mirror tree, or where a config or go env file should
// be, would hang the command that reads it. Open never blocks and refuses
// everything but a regular file.
package regfile

import (
	"errors"
	"io"
	"io/fs"
	"os"

	"github.com/goproxytui/goproxytui/i18n"
)

// Open opens path for reading when it is a regular file (after following
// symbolic links); for anything else it returns a *NotRegularError, without
// waiting for a writer of a named pipe.
func Open(path string) (*os.File, error) {
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return f, nil
}

// ReadFile reads the regular file at path, at most max bytes (max <= 0: no
// cap); a longer file gives an error wrapping ErrTooLarge.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if max <= 0 {
		return io.ReadAll(f)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		return nil, i18n.Errorf("%s: %w", path, ErrTooLarge)
	}
	return data, err
}

// ErrTooLarge is wrapped by ReadFile's error for a file over its cap.
var ErrTooLarge = errors.New("file too large")

// NotRegularError is a path that is not a regular file.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string { return e.Message(i18n.EN) }

// Message says what the file is, in language l.
func (e *NotRegularError) Message(l i18n.Lang) string {
	return l.T("%s is %s, not a regular file", e.Path, Kind(e.Mode).Message(l))
}

// Kind names the kind of a file that is not a regular one, in the user's
// language.
type Kind fs.FileMode

func (k Kind) Error() string { return k.Message(i18n.EN) }

// Message names the kind in language l.
func (k Kind) Message(l i18n.Lang) string {
	switch m := fs.FileMode(k); {
	case m&fs.ModeNamedPipe != 0:
		return l.T("a named pipe (FIFO)")
	case m.IsDir():
		return l.T("a directory")
	case m&fs.ModeSocket != 0:
		return l.T("a socket")
	case m&fs.ModeDevice != 0:
		return l.T("a device")
	}
	return l.T("a special file")
}
