// Package atomicfile replaces files so that a reader sees the old content or
// the new, never a mix, and a crash leaves one or the other.
package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Resolve follows symlinks at path to the file that is really written, so
// that replacing it keeps the link. A missing file resolves to itself (or to
// a dangling link's target).
func Resolve(path string) (string, error) {
	p, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	for i := 0; i < 40; i++ {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		t, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(t) {
			t = filepath.Join(filepath.Dir(p), t)
		}
		p = filepath.Clean(t)
	}
	return "", &fs.PathError{Op: "resolve", Path: path, Err: errors.New("too many levels of symbolic links")}
}

// TempFile creates an empty temp file in dir for a later Commit, with a name
// that starts with "."+base+".tmp".
func TempFile(dir, base string) (*os.File, error) {
	return os.CreateTemp(dir, "."+base+".tmp*")
}

// WriteFile writes data to path atomically: a temp file in the same
// directory, fsync, rename over path, fsync of the directory. path is
// resolved through symlinks first. An existing file's mode is kept; a new
// file gets perm. Missing parent directories are created (0o755).
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	target, err := Resolve(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := TempFile(dir, filepath.Base(target))
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return Commit(f.Name(), target, perm)
}

// Commit moves the finished temp file tmp over target: it fsyncs tmp, gives
// it target's mode (or perm when target does not exist), renames it, and
// fsyncs the directory. On error tmp is removed and target is untouched.
func Commit(tmp, target string, perm fs.FileMode) (err error) {
	return CommitChecked(tmp, target, perm, nil)
}

// CommitChecked is Commit that calls check (when not nil) after tmp is
// synced and closed, immediately before the rename: a check error removes
// tmp and is returned, and target is not touched. It narrows the window in
// which a writer that takes no lock can change target unseen to the rename
// itself.
func CommitChecked(tmp, target string, perm fs.FileMode, check func() error) (err error) {
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	mode := perm
	if fi, err := os.Stat(target); err == nil {
		mode = fi.Mode().Perm()
	}
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(target)); err == nil {
		d.Sync() // best effort: not every file system syncs directories
		d.Close()
	}
	return nil
}
