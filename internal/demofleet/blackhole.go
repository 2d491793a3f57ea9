package demofleet

import (
	"net"
	"sync"
)

// Blackhole is a loopback address where TCP connects hang until the
// client's connect timeout: a listening socket with a backlog of zero whose
// only accept-queue slot is taken and never accepted, so the kernel drops
// every further SYN. Probes classify it connect_timeout. Linux only
// (StartBlackhole returns errors.ErrUnsupported elsewhere).
type Blackhole struct {
	addr   string
	fd     int
	filler net.Conn // holds the accept-queue slot
	once   sync.Once
	err    error
}

// URL returns an https:// URL of the blackhole ("https://127.0.0.1:port").
func (b *Blackhole) URL() string { return "https://" + b.addr }

// Addr returns the host:port of the blackhole.
func (b *Blackhole) Addr() string { return b.addr }
