package demofleet

import (
	"errors"
	"net"
	"strconv"
	"syscall"
	"time"
)

// StartBlackhole makes a Blackhole. Close it when done.
func StartBlackhole() (*Blackhole, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Blackhole, error) {
		syscall.Close(fd)
		return nil, err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		return fail(err)
	}
	// net.Listen cannot choose the backlog: a raw socket can.
	if err := syscall.Listen(fd, 0); err != nil {
		return fail(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		return fail(err)
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		return fail(errors.New("demofleet: blackhole socket is not IPv4"))
	}
	b := &Blackhole{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(in4.Port)), fd: fd}
	// This connection completes into the accept queue, filling it.
	if b.filler, err = net.DialTimeout("tcp", b.addr, 5*time.Second); err != nil {
		return fail(err)
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
