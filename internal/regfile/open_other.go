//go:build !unix

package regfile

import (
	"os"
)

// openNonBlocking opens path read-only after checking that it is a regular
// file: without O_NONBLOCK, a named pipe is refused before it is opened.
func openNonBlocking(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return os.Open(path)
}
