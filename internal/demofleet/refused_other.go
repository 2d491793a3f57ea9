//go:build !linux

package demofleet

import "net"

// RefusedURL returns an http:// URL on loopback where nothing listens: a
// port that was free a moment ago (on Linux, one reserved for the life of
// the process).
func RefusedURL() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr, nil
}
