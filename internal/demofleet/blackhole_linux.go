package demofleet

import (
	"net"
	"strconv"
	"syscall"
	"time"
)

// StartBlackhole makes a Blackhole. Close it when done.
func StartBlackhole() (*Blackhole, error) {
	fd, port, err := bindLoopback()
	if err != nil {
		return nil, err
	}
	// net.Listen cannot choose the backlog: a raw socket can.
	if err := syscall.Listen(fd, 0); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	b := &Blackhole{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), fd: fd}
	// This connection completes into the accept queue, filling it.
	if b.filler, err = net.DialTimeout("tcp", b.addr, 5*time.Second); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return b, nil
}

// Close releases the socket; connects then fail with "connection refused".
// It may be called more than once.
func (b *Blackhole) Close() error {
	b.once.Do(func() {
		b.filler.Close()
		b.err = syscall.Close(b.fd)
	})
	return b.err
}
