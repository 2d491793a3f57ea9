package relay

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultGrace is how long in-flight requests may take to finish when the
// relay shuts down.
const DefaultGrace = 5 * time.Second

// Serve serves r on ln until ctx is done, then shuts down: no new
// connections, in-flight requests get grace to finish (then their
// connections are closed and their attempts cancelled), and Serve returns
// when every goroutine of the relay has ended. It returns nil after a
// shutdown, else the listener's error.
func (r *Relay) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	if grace <= 0 {
		grace = DefaultGrace
	}
	srv := &http.Server{
		Handler:           r,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), grace)
		if srv.Shutdown(sctx) != nil {
			srv.Close() // the grace is over: cut what is left
		}
		cancel()
		err = <-errc
	}
	r.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// URL is the GOPROXY URL of a relay listening on addr ("http://host:port").
func URL(addr net.Addr) string { return "http://" + addr.String() }

// IsLoopback reports whether a listen address ("host:port") is loopback
// only. An empty host (all interfaces) is not.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// MaybeRelayURL reports whether a GOPROXY entry could be a goproxytui
// relay: plain http:// on a loopback host, as the relay serves. Only such
// entries are asked for a status (FetchStatus).
func MaybeRelayURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "http" && IsLoopback(net.JoinHostPort(u.Hostname(), "0"))
}

// ApplyValue is the GOPROXY that puts the relay in front of the chain it
// replaces: "relayURL|old". While the relay is down, the go command gets
// "connection refused" at once and, after '|', falls through to the old
// chain, so nothing is worse than before. An old value that already starts
// with the relay is not repeated.
func ApplyValue(relayURL, old string) string {
	old = strings.TrimSpace(old)
	for {
		rest, ok := strings.CutPrefix(old, relayURL)
		if !ok || rest != "" && rest[0] != '|' && rest[0] != ',' {
			break
		}
		old = strings.TrimLeft(rest, "|,")
	}
	if old == "" || old == "off" {
		return relayURL
	}
	return relayURL + "|" + old
}
