//go:build !linux

package demofleet

import "errors"

// StartBlackhole makes a Blackhole; only on Linux.
func StartBlackhole() (*Blackhole, error) {
	return nil, errors.ErrUnsupported
}

// Close releases the blackhole.
func (b *Blackhole) Close() error { return nil }
