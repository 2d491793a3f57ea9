package probe

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	pathpkg "path"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
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
}

// attempt is one request sent on one connection: when it got the
// connection, wrote its headers and got the first byte of its answer (zero
// if not). The write may be reported after the first byte (HTTP/2 writes
// on another goroutine), but writes come in the order of the attempts;
// a first byte is reported before the next attempt starts.
type attempt struct{ gotConn, wrote, firstByte time.Time }

func newTrace() *trace { return &trace{writeSig: make(chan struct{}, 1)} }

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
	return func(_ context.Context, network, addr string) (net.Conn, error) {
		ctx := pctx
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		t.mu.Lock()
		hop := 0
		if t.waiting && t.hopDial != t.hop {
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

// Probe measures one mirror once: a fresh connection, the canary's .info
// and, when asked, the @v/list and sumdb checks. It never takes longer than
// opt.Timeout (or ctx), and every goroutine it starts has ended or is
// unblocked when it returns.
func Probe(ctx context.Context, m mirrors.Mirror, opt Options) (r Result) {
	opt = opt.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	r = Result{MirrorID: m.ID, URL: mirrors.RedactURL(m.URL), Start: time.Now()}
	defer func() {
		if r.Phases.Total == 0 {
			r.Phases.Total = time.Since(r.Start)
		}
	}()

	base, err := parseBase(m.URL)
	if err != nil {
		r.fail(ClassProtocol, err)
		return r
	}
	r.URL = mirrors.RedactURL(base.String())
	mod, ver, err := parseCanary(opt.Canary)
	if err != nil {
		r.fail(ClassProtocol, err)
		return r
	}
	if base.Scheme == "file" {
		probeFile(ctx, &r, base, mod, ver)
		return r
	}
	if base.User != nil && base.Scheme != "https" {
		// As the go command: credentials never travel in clear text.
		r.fail(ClassProtocol, i18n.Errorf("refusing to pass credentials to insecure URL %s (the go command refuses too)", r.URL))
		return r
	}

	tr := newTrace()
	defer tr.closeAll()
	client := newClient(ctx, tr, &opt)
	defer client.Transport.(*http.Transport).CloseIdleConnections()

	infoURL := join(base, escapedPath(mod)+"/@v/"+mustEscapeVersion(ver)+".info")
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, tr.hooks()), "GET", infoURL.String(), nil)
	if err != nil {
		r.fail(ClassProtocol, err)
		return r
	}
	resp, err := client.Do(req)
	if err == nil {
		// The write hooks run on net/http's writing goroutine and may
		// trail the response by a moment (HTTP/2, a fast server).
		tr.waitWrites(ctx)
	}
	tr.fill(&r)
	if err != nil {
		r.Phases.Total = time.Since(r.Start)
		r.classifyErr(ctx, tr, err, &opt)
		r.scrub(base)
		return r
	}
	if n := tr.hops() - 1; n > 0 {
		r.note(i18n.Errorf("redirects followed: %d, the last to %s; each phase is the sum over every hop", n, resp.Request.URL.Host))
	}
	var body []byte
	var rerr error
	if resp.StatusCode == http.StatusOK || readsErrorBody(resp.Header) {
		body, rerr = readBody(resp, MaxBody)
		if resp.StatusCode != http.StatusOK && rerr != nil && ctx.Err() == nil && !isTimeout(rerr) {
			// The go command reads an error body only for the detail it
			// shows and ignores a failure to read it (a reset, any
			// size): the status decides. Only a stall would hang it.
			rerr = nil
		}
	} else {
		resp.Body.Close() // as the go command, which does not read it
	}
	end := time.Now()
	r.Phases.Transfer = end.Sub(tr.firstByteTime())
	// Total is the measured exchange; the optional checks come after it.
	r.Phases.Total = end.Sub(r.Start)
	r.Status = resp.StatusCode
	switch {
	case rerr != nil:
		r.classifyBodyErr(ctx, rerr, len(body), &opt)
	case resp.StatusCode != http.StatusOK:
		r.httpFailure(resp, body)
	default:
		r.checkInfo(body, ver)
		if r.ViaProxy != "" {
			r.setReason(i18n.Errorf("via proxy %s: DNS and connect times measure the proxy, not the mirror", r.ViaProxy))
		}
	}
	if r.Status != 0 && ctx.Err() == nil {
		if opt.CheckList {
			r.checkList(ctx, client, join(base, escapedPath(mod)+"/@v/list"))
		}
		if opt.CheckSumDB {
			r.checkSumDB(ctx, client, join(base, "sumdb/"+opt.SumDB+"/supported"))
		}
	}
	r.scrub(base)
	return r
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
		DialContext:            tr.dialer(ctx, opt),
		TLSClientConfig:        &tls.Config{RootCAs: opt.RootCAs},
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

// readBody reads at most max bytes of resp's body (one more to detect a body
// over the cap) and closes it.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > max {
		return b[:max], errBodyTooLarge
	}
	return b, nil
}

var errBodyTooLarge = errors.New("body over the cap")

// parseBase parses a mirror URL as the go command parses a GOPROXY entry.
func parseBase(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, i18n.Errorf("empty proxy URL")
	}
	if !strings.Contains(s, "://") {
		if !strings.ContainsAny(s, ".:/") {
			return nil, i18n.Errorf("invalid proxy URL missing scheme: %s", mirrors.RedactURL(s))
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, i18n.Errorf("invalid proxy URL %s", mirrors.RedactURL(raw))
	}
	switch u.Scheme {
	case "https", "http":
		if u.Host == "" {
			return nil, i18n.Errorf("invalid proxy URL %s", mirrors.RedactURL(raw))
		}
	case "file":
		if u.Host != "" {
			return nil, i18n.Errorf("invalid proxy URL %s", mirrors.RedactURL(raw))
		}
	default:
		return nil, i18n.Errorf("invalid proxy URL scheme (must be https, http, file): %s", mirrors.RedactURL(raw))
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = strings.TrimSuffix(u.RawPath, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// ParseCanary splits "module@version" and checks both parts as the go
// command would (module path syntax, canonical semantic version).
func ParseCanary(s string) (mod, ver string, err error) { return parseCanary(s) }

func parseCanary(s string) (mod, ver string, err error) {
	mod, ver, ok := strings.Cut(strings.TrimSpace(s), "@")
	if !ok || mod == "" || ver == "" {
		return "", "", i18n.Errorf("invalid canary %q: want MODULE@VERSION", s)
	}
	if err := module.Check(mod, ver); err != nil {
		return "", "", i18n.Errorf("invalid canary %q: %v", s, err)
	}
	return mod, ver, nil
}

// escapedPath is module.EscapePath of a path already checked by parseCanary.
func escapedPath(mod string) string {
	p, _ := module.EscapePath(mod)
	return p
}

// join returns base with rel appended, escaped exactly as the go command
// does (cmd/go/internal/modfetch/proxy.go getBody).
func join(base *url.URL, rel string) *url.URL {
	u := *base
	u.Path = pathpkg.Join(base.Path, rel)
	u.RawPath = pathpkg.Join(base.RawPath, strings.ReplaceAll(url.PathEscape(rel), "%2F", "/"))
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	if !strings.HasPrefix(u.RawPath, "/") {
		u.RawPath = "/" + u.RawPath
	}
	return &u
}

// checkInfo checks a 200 .info body as the go command does.
func (r *Result) checkInfo(body []byte, ver string) {
	var info struct {
		Version string
		Time    time.Time
	}
	if err := json.Unmarshal(body, &info); err != nil {
		r.fail(ClassProtocol, i18n.Errorf("invalid response from proxy: .info is not JSON: %s", sanitize.Line(err.Error(), 120)))
		return
	}
	if info.Version != ver {
		r.fail(ClassProtocol, i18n.Errorf("proxy returned info for version %s instead of requested version %s", sanitize.Line(info.Version, 80), ver))
		return
	}
	r.Class = ClassOK
	r.setReason(nil)
}

// httpFailure classifies a non-200 answer and keeps the start of a
// text/plain body, as the go command shows it.
func (r *Result) httpFailure(resp *http.Response, body []byte) {
	if readsErrorBody(resp.Header) {
		r.Body = errorBody(body)
	}
	first := sanitize.Line(firstLine(r.Body), 120)
	code := resp.StatusCode
	var class Class
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		class = ClassNotFound
	case code >= 400 && code < 500:
		class = ClassHTTP4xx
	case code >= 500 && code < 600:
		class = ClassHTTP5xx
	default:
		class = ClassProtocol
	}
	status := sanitize.Line(resp.Status, 80)
	if strings.HasPrefix(first, strconv.Itoa(code)+" ") {
		// The body starts with the status line already ("404 Not Found: ...").
		status, first = first, ""
	}
	switch {
	case class == ClassNotFound && first != "":
		r.fail(class, i18n.Errorf("%s (under ',' the go command tries the next proxy): %s", status, first))
	case class == ClassNotFound:
		r.fail(class, i18n.Errorf("%s (under ',' the go command tries the next proxy)", status))
	case first != "":
		r.fail(class, &i18n.Msg{Format: "%s: %s", Args: []any{status, first}})
	default:
		r.fail(class, &i18n.Msg{Format: "%s", Args: []any{status}})
	}
}

// readsErrorBody reports whether the go command reads a non-200 body to
// show its start: text/plain in UTF-8 or US-ASCII (cmd/go/internal/web).
// It then reads it to the end, so a stalled one hangs it.
func readsErrorBody(h http.Header) bool {
	mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if mt != "text/plain" {
		return false
	}
	switch strings.ToLower(params["charset"]) {
	case "us-ascii", "utf-8", "":
		return true
	}
	return false
}

// errorBody returns the start of an error body as the go command shows it:
// at most maxErrorBody bytes and maxErrorLines lines, control characters and
// escape sequences removed.
func errorBody(b []byte) string {
	if len(b) > maxErrorBody {
		b = b[:maxErrorBody]
	}
	s := sanitize.Text(string(b), 0, true)
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > maxErrorLines {
		lines = append(lines[:maxErrorLines], "…")
	}
	return strings.Join(lines, "\n")
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

// scrub removes the mirror's credentials from every text of r (reason,
// body, notes, and the messages they are made from, nested ones too),
// should an error or a mirror echoing them have quoted them.
func (r *Result) scrub(base *url.URL) {
	rp := credReplacer(base)
	if rp == nil {
		return
	}
	r.Reason = rp.Replace(r.Reason)
	r.Body = rp.Replace(r.Body)
	scrubMsg(r.msg, rp)
	for i := range r.Notes {
		r.Notes[i] = rp.Replace(r.Notes[i])
	}
	for _, m := range r.notes {
		scrubMsg(m, rp)
	}
}

// credReplacer returns a replacer of base's user name and password, as
// written, as escaped in a URL and as the Basic token a mirror may echo;
// nil without credentials.
func credReplacer(base *url.URL) *strings.Replacer {
	if base.User == nil {
		return nil
	}
	user := base.User.Username()
	pass, hasPass := base.User.Password()
	var secrets []string
	if hasPass {
		secrets = append(secrets, base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))
	}
	for _, s := range []string{user, pass} {
		secrets = append(secrets, s, url.PathEscape(s), url.QueryEscape(s))
	}
	var pairs []string
	for _, s := range secrets {
		if len(s) < 3 {
			continue // too short to hunt for without mangling text
		}
		pairs = append(pairs, s, "xxxxx")
	}
	if len(pairs) == 0 {
		return nil
	}
	return strings.NewReplacer(pairs...)
}

// scrubMsg replaces the credentials in m's arguments, in place.
func scrubMsg(m *i18n.Msg, rp *strings.Replacer) {
	if m == nil {
		return
	}
	for i, a := range m.Args {
		switch a := a.(type) {
		case string:
			m.Args[i] = rp.Replace(a)
		case *i18n.Msg:
			scrubMsg(a, rp)
		case error:
			m.Args[i] = rp.Replace(a.Error())
		}
	}
}
