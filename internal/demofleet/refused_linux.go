package demofleet

import (
	"errors"
	"net"
	"strconv"
	"sync"
	"syscall"
)

// refused holds the sockets of RefusedURL for the life of the process.
var refused struct {
	sync.Mutex
	fds []int
}

// RefusedURL returns an http:// URL on loopback where connections are
// refused, for as long as the process lives: the port is bound by a socket
// that never listens (and without SO_REUSEADDR), so no other listener, of
// this process or another, can take it, as one could take a port that was
// merely free a moment ago.
func RefusedURL() (string, error) {
	fd, port, err := bindLoopback()
	if err != nil {
		return "", err
	}
	refused.Lock()
	refused.fds = append(refused.fds, fd)
	refused.Unlock()
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), nil
}

// bindLoopback returns a TCP socket bound to a free port of 127.0.0.1,
// not listening, and that port.
func bindLoopback() (fd, port int, err error) {
	fd, err = syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, 0, err
	}
	fail := func(err error) (int, int, error) {
		syscall.Close(fd)
		return -1, 0, err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		return fail(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		return fail(err)
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		return fail(errors.New("demofleet: loopback socket is not IPv4"))
	}
	return fd, in4.Port, nil
}
