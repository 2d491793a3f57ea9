package probe

// The plumbing of one probe: the httptrace hooks that time each phase, the
// dialer that resolves and dials as the go command does, and the client.

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// phase is how far a probe got; an error is classified by the phase it
// happened in.
type phase int

const (
	phaseStart   phase = iota
	phaseDNS           // resolving the host name
	phaseConnect       // dialling the address
	phaseConn          // connected: proxy CONNECT, waiting to start TLS or write
	phaseTLS           // TLS handshake started
	phaseWrite         // connection ready, writing the request
	phaseWait          // request written, waiting for the first byte
	phaseBody          // first byte received: headers, then the body
)

// trace collects the timestamps of one probe. Its hooks run on net/http's
// goroutines, hence the mutex. A redirect is one more hop of the traced
// request: each phase adds up its hops, as blackbox_exporter's do.
type trace struct {
	mu sync.Mutex

	phase             phase
	dnsStart, dnsDone time.Time // of the latest measured dial
	tlsStart, tlsDone time.Time // of the latest handshake
	// Sums over the hops.
	dnsSum, connSum, tlsSum time.Duration
	// One attempt per connection a hop got (net/http sends a request
	// again when a kept-alive connection turns out dead), in order.
	attempts []attempt
	writeSig chan struct{} // a write was recorded (buffered)
	// A dial is measured when it starts while a hop waits for a
	// connection (GetConn to GotConn), and only until the hop gets one:
	// net/http may dial in the background and then hand the hop an idle
	// connection instead, and the checks' dials come after fill.
	hop         int    // GetConn calls so far
	waiting     bool   // hop waits for its connection
	hopDial     int    // hop whose dial is measured (0: none)
	frozen      bool   // fill ran
	remote      string // of the latest measured connection
	tlsState    *tls.ConnectionState
	tlsErr      error
	proxy       *url.URL
	conns       []net.Conn // every connection dialled, closed when the probe ends
	closed      bool
	dialHost    string
	dialAddr    string // host:port of the latest measured dial
	dialErr     error  // of the latest measured dial
	failedAddrs int    // addresses that failed before a measured connection
	// connected is closed when the traced request first gets a
	// connection: the checks start then, to share it over HTTP/2.
	connected     chan struct{}
	connectedDone bool
}

// attempt is one request sent on one connection: when it got the
// connection, wrote its headers and got the first byte of its answer (zero
// if not). The write may be reported after the first byte (HTTP/2 writes
// on another goroutine), but writes come in the order of the attempts;
// a first byte is reported before the next attempt starts.
type attempt struct{ gotConn, wrote, firstByte time.Time }

func newTrace() *trace {
	return &trace{writeSig: make(chan struct{}, 1), connected: make(chan struct{})}
}

// unmeasuredKey marks the context of a request whose dials the trace does
// not measure (the checks running beside the traced request).
type unmeasuredKey struct{}

// unmeasured returns ctx marked so that the dials of its requests are not
// taken for the traced request's.
func unmeasured(ctx context.Context) context.Context {
	return context.WithValue(ctx, unmeasuredKey{}, true)
}

func (t *trace) hooks() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(string) {
			t.mu.Lock()
			t.hop++
			t.waiting = !t.frozen
			t.mu.Unlock()
		},
		GotConn: func(info httptrace.GotConnInfo) {
			t.mu.Lock()
			t.waiting = false
			t.attempts = append(t.attempts, attempt{gotConn: time.Now()})
			// A new hop starts here, on a new or a reused connection.
			t.phase = phaseWrite
			if !t.connectedDone {
				t.connectedDone = true
				close(t.connected)
			}
			t.mu.Unlock()
		},
		TLSHandshakeStart: func() {
			t.mu.Lock()
			t.tlsStart = time.Now()
			t.tlsDone = time.Time{}
			if t.phase < phaseTLS {
				t.phase = phaseTLS
			}
			t.mu.Unlock()
		},
		TLSHandshakeDone: func(cs tls.ConnectionState, err error) {
			t.mu.Lock()
			t.tlsDone = time.Now()
			if !t.tlsStart.IsZero() {
				t.tlsSum += t.tlsDone.Sub(t.tlsStart)
			}
			t.tlsState = &cs
			t.tlsErr = err
			t.mu.Unlock()
		},
		// HTTP/1 and HTTP/2 both report the headers written (then
		// WroteRequest, later, for the body): that is the request sent.
		WroteHeaders: t.wroteRequest,
		GotFirstResponseByte: func() {
			t.mu.Lock()
			if n := len(t.attempts); n > 0 {
				t.attempts[n-1].firstByte = time.Now()
			}
			if t.phase < phaseBody {
				t.phase = phaseBody
			}
			t.mu.Unlock()
		},
	}
}

func (t *trace) wroteRequest() {
	t.mu.Lock()
	for i := range t.attempts {
		if t.attempts[i].wrote.IsZero() {
			t.attempts[i].wrote = time.Now()
			break
		}
	}
	if t.phase < phaseWait {
		t.phase = phaseWait
	}
	t.mu.Unlock()
	select {
	case t.writeSig <- struct{}{}:
	default:
	}
}

// waitWrites waits until every hop that got a first byte has its write
// recorded (the hook may trail the answer by a moment), or ctx ends.
func (t *trace) waitWrites(ctx context.Context) {
	for {
		t.mu.Lock()
		done := true
		for _, a := range t.attempts {
			done = done && (a.firstByte.IsZero() || !a.wrote.IsZero())
		}
		t.mu.Unlock()
		if done {
			return
		}
		select {
		case <-t.writeSig:
		case <-ctx.Done():
			return
		}
	}
}

// closeAll closes every connection of the probe, which ends net/http's
// goroutines for them (a dial or TLS handshake net/http runs detached from
// the request context included).
func (t *trace) closeAll() {
	t.mu.Lock()
	conns := t.conns
	t.conns = nil
	t.closed = true
	t.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// dialer returns the DialContext of the probe's transport: it resolves the
// host first and dials the address (timing both for every hop of the
// traced request), bound to the probe's context rather than net/http's
// detached one.
func (t *trace) dialer(pctx context.Context, opt *Options) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(dctx context.Context, network, addr string) (net.Conn, error) {
		ctx := pctx
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		// net/http keeps the request's values in the dial's context.
		mine := dctx.Value(unmeasuredKey{}) == nil
		t.mu.Lock()
		hop := 0
		if mine && t.waiting && t.hopDial != t.hop {
			hop, t.hopDial = t.hop, t.hop
			t.dialHost, t.dialAddr, t.dialErr = host, addr, nil
		}
		t.mu.Unlock()
		// measuring reports whether this dial is still the one its hop
		// waits for; t.mu is held.
		measuring := func() bool { return hop != 0 && t.waiting && t.hop == hop }

		var addrs []netip.Addr
		if ip, err := netip.ParseAddr(host); err == nil {
			addrs = []netip.Addr{ip}
		} else if host == "" {
			// As net.Dial (and so the go command): no host name is the
			// local system, dialled over IPv4's unspecified address.
			addrs = []netip.Addr{netip.IPv4Unspecified()}
		} else {
			t.mu.Lock()
			if measuring() {
				t.phase = phaseDNS
				t.dnsStart = time.Now()
			}
			t.mu.Unlock()
			addrs, err = opt.Resolver.LookupNetIP(ctx, "ip", host)
			t.mu.Lock()
			if measuring() {
				t.dnsDone = time.Now()
				t.dnsSum += t.dnsDone.Sub(t.dnsStart)
			}
			t.mu.Unlock()
			if err == nil && len(addrs) == 0 {
				err = errNoAddresses
			}
			if err != nil {
				err = &dnsError{host: host, err: err}
				t.dialFailed(measuring, err)
				return nil, err
			}
		}
		t.mu.Lock()
		if measuring() {
			t.phase = phaseConnect
		}
		t.mu.Unlock()
		conn, attempt, failed, err := dialAddrs(ctx, opt.Dial, network, addrs, port)
		if err != nil {
			t.dialFailed(measuring, err)
			return nil, err
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.closed {
			conn.Close()
			return nil, net.ErrClosed
		}
		t.conns = append(t.conns, conn)
		if measuring() {
			// As blackbox_exporter with happy eyeballs: the connect phase
			// is the successful attempt; time lost on dead addresses
			// before it shows in the total, and as a note.
			t.connSum += time.Since(attempt)
			t.phase = phaseConn
			t.remote = conn.RemoteAddr().String()
			t.failedAddrs += failed
		}
		if dl, ok := ctx.Deadline(); ok {
			// A backstop only, a little after the probe's deadline: at
			// the same instant, a read timing out on a reused
			// connection before the context did made net/http send the
			// request again on a new one, so a stall after a redirect
			// was taken for a connect timeout. closeAll ends the rest.
			conn.SetDeadline(dl.Add(time.Second))
		}
		return conn, nil
	}
}

func (t *trace) dialFailed(measuring func() bool, err error) {
	t.mu.Lock()
	if measuring() {
		t.dialErr = err
	}
	t.mu.Unlock()
}

var errNoAddresses = errors.New("no addresses")

// dnsError marks a failure to resolve, whatever the resolver returned.
type dnsError struct {
	host string
	err  error
}

// Error and Unwrap make dnsError an error wrapping the resolver's.
func (e *dnsError) Error() string { return "lookup " + e.host + ": " + e.err.Error() }
func (e *dnsError) Unwrap() error { return e.err }

// dialAddrs dials addrs as the go command's net.Dialer does: the addresses
// of the first one's family in turn, and, 300 ms later or as soon as those
// failed, the other family's in parallel (happy eyeballs); the first
// connection wins and the other attempt is cancelled (a connection it makes
// anyway is closed). It returns as dialSerial does.
func dialAddrs(ctx context.Context, dial func(context.Context, string, string) (net.Conn, error), network string, addrs []netip.Addr, port string) (net.Conn, time.Time, int, error) {
	var primaries, fallbacks []netip.Addr
	for _, a := range addrs {
		if a.Unmap().Is4() == addrs[0].Unmap().Is4() {
			primaries = append(primaries, a)
		} else {
			fallbacks = append(fallbacks, a)
		}
	}
	if len(fallbacks) == 0 {
		return dialSerial(ctx, dial, network, primaries, port)
	}
	type result struct {
		conn    net.Conn
		started time.Time
		failed  int
		err     error
		primary bool
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan result, 2)
	race := func(as []netip.Addr, primary bool) {
		c, st, f, err := dialSerial(ctx, dial, network, as, port)
		results <- result{c, st, f, err, primary}
	}
	go race(primaries, true)
	fallback := time.NewTimer(fallbackDelay)
	defer fallback.Stop()
	running, startedFallback, failed, primaryDone := 1, false, 0, false
	var firstErr error
	startFallback := func() {
		if !startedFallback {
			startedFallback = true
			running++
			go race(fallbacks, false)
		}
	}
	for {
		select {
		case <-fallback.C:
			startFallback()
		case r := <-results:
			running--
			primaryDone = primaryDone || r.primary
			if r.err == nil {
				if !primaryDone {
					// The first family did not connect in time: for the
					// note, its addresses failed too.
					failed += len(primaries)
				}
				if running > 0 { // the loser: wait for it off the probe's path
					go func() {
						if l := <-results; l.conn != nil {
							l.conn.Close()
						}
					}()
				}
				return r.conn, r.started, failed + r.failed, nil
			}
			failed += r.failed
			if firstErr == nil {
				firstErr = r.err
			}
			startFallback()
			if running == 0 {
				return nil, r.started, failed, firstErr
			}
		}
	}
}

// dialSerial tries each address in turn, as net.Dialer does without a dual
// stack race: each attempt gets an equal share of the time left (at least
// 2 s, as net.Dialer's partial deadlines), so a dead first address does not
// use up the whole probe. It returns the connection, when the successful
// attempt started and how many addresses failed before it.
func dialSerial(ctx context.Context, dial func(context.Context, string, string) (net.Conn, error), network string, addrs []netip.Addr, port string) (conn net.Conn, started time.Time, failed int, err error) {
	var first error
	for i, a := range addrs {
		started = time.Now()
		actx := ctx
		cancel := context.CancelFunc(func() {})
		if dl, ok := ctx.Deadline(); ok && i < len(addrs)-1 {
			share := time.Until(dl) / time.Duration(len(addrs)-i)
			if share < 2*time.Second {
				share = 2 * time.Second
			}
			if d := time.Now().Add(share); d.Before(dl) {
				actx, cancel = context.WithDeadline(ctx, d)
			}
		}
		c, err := dial(actx, network, net.JoinHostPort(a.Unmap().String(), port))
		cancel()
		if err == nil {
			return c, started, i, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, started, len(addrs), first
}

// newClient returns a client on a fresh transport whose connections are all
// dialled by tr; it follows redirects as the go command does (at most 10,
// never from https to http).
func newClient(ctx context.Context, tr *trace, opt *Options) *http.Client {
	proxy := opt.Proxy
	t := &http.Transport{
		Proxy: func(r *http.Request) (*url.URL, error) {
			u, err := proxy(r)
			if u != nil {
				tr.mu.Lock()
				if tr.proxy == nil {
					tr.proxy = u
				}
				tr.mu.Unlock()
			}
			return u, err
		},
		DialContext: tr.dialer(ctx, opt),
		// The session cache is this probe's only (a fresh transport per
		// probe): the .info's handshake is always a full one, and the
		// checks' connections over HTTP/1.1 resume its session when its
		// ticket has arrived, instead of verifying the chain again.
		TLSClientConfig:        &tls.Config{RootCAs: opt.RootCAs, ClientSessionCache: tls.NewLRUClientSessionCache(4)},
		ForceAttemptHTTP2:      true,
		MaxIdleConnsPerHost:    1,
		DisableCompression:     true,
		MaxResponseHeaderBytes: maxHeader,
		// The go command allows 10 s for TLS; the probe's own timeout
		// (ctx) is usually shorter and always applies.
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 0,
	}
	return &http.Client{
		Transport: t,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
				return errInsecureRedirect
			}
			return nil
		},
	}
}

var errInsecureRedirect = errors.New("redirected from a secure URL to an insecure one")

// fill copies the phase times (each the sum over the hops), the remote
// address, the proxy and the TLS details into r. Dials after it (the
// checks') are not measured.
func (t *trace) fill(r *Result) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.frozen = true
	r.Phases.DNS, r.Phases.Connect, r.Phases.TLS = t.dnsSum, t.connSum, t.tlsSum
	for _, a := range t.attempts {
		switch {
		case a.firstByte.IsZero():
			// No answer on this connection: its time is in the total.
		case !a.wrote.IsZero() && !a.wrote.After(a.firstByte):
			r.Phases.TTFB += a.firstByte.Sub(a.wrote)
		case !a.gotConn.After(a.firstByte):
			// The write hook ran after the answer came: the request went
			// out between getting the connection and the first byte.
			r.Phases.TTFB += a.firstByte.Sub(a.gotConn)
		}
	}
	r.RemoteAddr = t.remote
	if t.failedAddrs > 0 {
		r.note(i18n.Errorf("connected to %s after %d other addresses failed; their time is in the total, not in connect", t.remote, t.failedAddrs))
	}
	if t.proxy != nil {
		r.ViaProxy = mirrors.RedactURL(t.proxy.String())
	}
	if t.tlsState != nil || t.tlsErr != nil {
		r.TLS = tlsInfo(t.tlsState, t.tlsErr, time.Now())
	}
}

// hops returns how many answers the traced request got: 1 plus the
// redirects followed.
func (t *trace) hops() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, a := range t.attempts {
		if !a.firstByte.IsZero() {
			n++
		}
	}
	return n
}

func (t *trace) firstByteTime() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := len(t.attempts) - 1; i >= 0; i-- {
		if fb := t.attempts[i].firstByte; !fb.IsZero() {
			return fb
		}
	}
	return time.Now()
}
