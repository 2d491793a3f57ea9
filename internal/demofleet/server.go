// Package demofleet runs simulated Go module mirrors in-process on loopback:
// the fleet `goproxytui --demo` shows (StartDemo), and the single servers
// that tests start through package fakeproxy.
//
// A Server speaks the Go module proxy protocol (@v/list, .info, .mod, .zip,
// @latest) over HTTP or HTTPS for a few synthesised modules (DefaultModules
// plus Options.Modules; GoSum gives their go.sum lines) and, when it proxies
// the checksum database (Options.SumDB, SetSumDB), /sumdb/<name>/supported
// and a real, signed database whose key SumDBKey gives for GOSUMDB. It answers with a Behavior that can be switched while it runs:
// OK after a first-byte delay, 404, 410, 403, 500, any status, a stall that
// never answers, a connection reset, a slow body, garbage JSON, a .info for
// the wrong version, a text/plain error body full of terminal escapes, a
// 100 MiB body. HTTPS servers present a certificate signed by a CA this
// package generates once per process (CAPool, CAPEM, Server.CAFile), in one
// of the CertKind variants: valid, expired, wrong host, unknown CA, expiring.
//
// Two failures need no server:
//   - connection refused: start a server, keep its URL, Close it; or use
//     RefusedURL. (The port could in principle be reused by another
//     listener of the machine before the request; on loopback this is rare.)
//   - DNS failure: any host under the reserved .invalid top-level domain,
//     e.g. "https://mirror.invalid" (RFC 2606); see UnresolvableURL.
//
// Usage: Start(Options{TLS: true, Cert: CertExpired}) for a mirror whose
// certificate has expired; s.Set(Do(Stall)), s.Set(Delayed(100*time.Millisecond)),
// s.Set(Code(502)) to change what it does; s.SetEndpoint(EndpointList, Do(Gone))
// for one endpoint only. StartDemo runs a fleet standing in for the catalog.
//
// Every request is counted and logged (Count, CountKind, Requests) and tests
// wait for requests with WaitRequest instead of sleeping. Close ends every
// goroutine the server started, stalled handlers included.
package demofleet

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"
)

// UnresolvableURL is a proxy URL whose host cannot resolve: .invalid is
// reserved and never delegated (RFC 2606), so a lookup fails with "no such
// host" (on a machine without DNS, with whatever error its resolver gives).
const UnresolvableURL = "https://goproxy.invalid"

// Options configure a Server. The zero value is a plain HTTP server offering
// DefaultModules, answering OK, not proxying the checksum database.
type Options struct {
	TLS           bool          // serve HTTPS with a certificate of the package CA
	Cert          CertKind      // certificate variant (TLS only)
	CertExpiresIn time.Duration // for CertExpiring; 0 means 5 days
	HTTP2         bool          // offer h2 by ALPN (TLS only); default HTTP/1.1 only
	// BasePath is the path the proxy lives under, e.g. "/goproxy" as in
	// https://mirrors.aliyun.com/goproxy/; URL includes it. Default: root.
	BasePath string
	// Modules are offered in addition to DefaultModules.
	Modules  []Module
	Behavior Behavior // initial behaviour
	// SumDB makes /sumdb/<SumDBName>/supported answer 200 (proxying the
	// checksum database); otherwise every /sumdb/ path answers 404.
	SumDB     bool
	SumDBName string // default "sum.golang.org"
}

// Request is one request a server received, recorded when its headers
// arrived, before the behaviour acted.
type Request struct {
	Seq      int // 1 for the first request of the server, then 2, 3, ...
	Time     time.Time
	Method   string
	Path     string // URL path as received (decoded), BasePath included
	Endpoint Endpoint
	Module   string // decoded module path, when the path names one
	Version  string // decoded version, for .info, .mod and .zip
	Kind     Kind   // the behaviour applied (Status for FailRate's 502s)
	Remote   string // client address
}

// logSize bounds the request log (a demo server runs for hours).
const logSize = 4096

// Server is one simulated mirror. Its methods are safe for concurrent use.
type Server struct {
	opts     Options
	cat      *catalog
	srv      *http.Server
	url      string
	basePath string
	sumdbPfx string // "/sumdb/<name>/"

	closing   chan struct{}
	serveDone chan struct{}
	closeOnce sync.Once
	handlers  sync.WaitGroup

	mu         sync.Mutex
	closed     bool
	beh        Behavior
	byEndpoint map[Endpoint]Behavior
	byPath     map[string]Behavior
	sumdb      bool
	certKind   CertKind
	certExp    time.Duration
	log        []Request // ring of the last logSize requests
	total      int
	countPath  map[string]int
	countKind  map[Kind]int
	countEP    map[Endpoint]int
	notify     chan struct{} // closed and replaced on every request
	caDir      string
}

// Start starts a server on 127.0.0.1 on a free port. Close it when done.
func Start(opts Options) (*Server, error) {
	cat, err := newCatalog(append(DefaultModules(), opts.Modules...))
	if err != nil {
		return nil, err
	}
	if opts.SumDBName == "" {
		opts.SumDBName = "sum.golang.org"
	}
	base := "/" + strings.Trim(opts.BasePath, "/")
	if base == "/" {
		base = ""
	}
	s := &Server{
		opts:       opts,
		cat:        cat,
		basePath:   base,
		sumdbPfx:   "/sumdb/" + opts.SumDBName + "/",
		closing:    make(chan struct{}),
		serveDone:  make(chan struct{}),
		beh:        opts.Behavior,
		byEndpoint: map[Endpoint]Behavior{},
		byPath:     map[string]Behavior{},
		sumdb:      opts.SumDB,
		certKind:   opts.Cert,
		certExp:    opts.CertExpiresIn,
		countPath:  map[string]int{},
		countKind:  map[Kind]int{},
		countEP:    map[Endpoint]int{},
		notify:     make(chan struct{}),
	}
	var protos http.Protocols
	protos.SetHTTP1(true)
	if opts.TLS {
		// Make the certificate now, so a broken random source fails Start
		// and the first handshake is not slowed down.
		if _, err := leaf(opts.Cert, opts.CertExpiresIn); err != nil {
			return nil, err
		}
		if opts.HTTP2 {
			protos.SetHTTP2(true)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 30 * time.Second,
		// Handshake failures are what the certificate variants are for;
		// logging them would only litter test output and the demo's screen.
		ErrorLog:  log.New(io.Discard, "", 0),
		Protocols: &protos,
	}
	scheme := "http"
	if opts.TLS {
		scheme = "https"
		s.srv.TLSConfig = &tls.Config{GetCertificate: s.getCertificate, MinVersion: tls.VersionTLS12}
	}
	s.url = scheme + "://" + ln.Addr().String() + base
	go func() {
		defer close(s.serveDone)
		if opts.TLS {
			s.srv.ServeTLS(ln, "", "")
		} else {
			s.srv.Serve(ln)
		}
	}()
	return s, nil
}

// getCertificate presents the current certificate variant.
func (s *Server) getCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	s.mu.Lock()
	kind, exp := s.certKind, s.certExp
	if s.beh.Kind != HandshakeStall || s.closed {
		s.mu.Unlock()
		return leaf(kind, exp)
	}
	s.handlers.Add(1)
	defer s.handlers.Done()
	s.record(Request{Time: time.Now(), Kind: HandshakeStall, Remote: hello.Conn.RemoteAddr().String()})
	s.mu.Unlock()

	// The handshake goroutine is blocked here, so nothing else reads the
	// connection: a read ends when the client hangs up or the server's
	// handshake deadline passes.
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		var b [1]byte
		hello.Conn.Read(b[:])
	}()
	select {
	case <-gone:
	case <-hello.Context().Done():
	case <-s.closing:
	}
	hello.Conn.Close()
	<-gone
	return nil, errors.New("demofleet: handshake stalled")
}

// record logs and counts a request; s.mu is held.
func (s *Server) record(r Request) Request {
	s.total++
	r.Seq = s.total
	if len(s.log) < logSize {
		s.log = append(s.log, r)
	} else {
		s.log[(s.total-1)%logSize] = r
	}
	s.countPath[r.Path]++
	s.countKind[r.Kind]++
	s.countEP[r.Endpoint]++
	close(s.notify)
	s.notify = make(chan struct{})
	return r
}

// URL returns the base URL of the proxy, e.g. "https://127.0.0.1:41234"
// (with Options.BasePath appended, no trailing slash). It stays valid after
// Close and then gives "connection refused".
func (s *Server) URL() string { return s.url }

// Addr returns the host:port the server listens on.
func (s *Server) Addr() string {
	u := strings.TrimPrefix(strings.TrimPrefix(s.url, "https://"), "http://")
	host, _, _ := strings.Cut(u, "/")
	return host
}

// CAPool returns the pool that verifies this server's certificate (except
// CertUnknownCA); the same pool for every server of the process.
func (s *Server) CAPool() *x509.CertPool { return CAPool() }

// CAFile writes the package CA in PEM form to a file removed by Close, for
// SSL_CERT_FILE, and returns its path. Repeated calls return the same file.
func (s *Server) CAFile() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return writeCAFile(&s.caDir)
}

// Set switches the behaviour of every request that has no per-endpoint or
// per-path behaviour. Requests already in progress keep theirs.
func (s *Server) Set(b Behavior) {
	s.mu.Lock()
	s.beh = b
	s.mu.Unlock()
}

// Behavior returns the current default behaviour.
func (s *Server) Behavior() Behavior {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.beh
}

// SetEndpoint gives one endpoint its own behaviour, e.g. a mirror whose
// @v/list fails while .info works. It wins over Set.
func (s *Server) SetEndpoint(e Endpoint, b Behavior) {
	s.mu.Lock()
	s.byEndpoint[e] = b
	s.mu.Unlock()
}

// SetPath gives one exact URL path (as Request.Path reports it, BasePath
// included) its own behaviour. It wins over SetEndpoint and Set.
func (s *Server) SetPath(path string, b Behavior) {
	s.mu.Lock()
	s.byPath[path] = b
	s.mu.Unlock()
}

// ClearOverrides removes every SetEndpoint and SetPath behaviour.
func (s *Server) ClearOverrides() {
	s.mu.Lock()
	clear(s.byEndpoint)
	clear(s.byPath)
	s.mu.Unlock()
}

// SetSumDB switches whether the server proxies the checksum database.
func (s *Server) SetSumDB(on bool) {
	s.mu.Lock()
	s.sumdb = on
	s.mu.Unlock()
}

// SetCert switches the certificate variant presented to new TLS handshakes
// (expiresIn is for CertExpiring; 0 means 5 days). It has no effect on a
// plain HTTP server.
func (s *Server) SetCert(kind CertKind, expiresIn time.Duration) error {
	if _, err := leaf(kind, expiresIn); err != nil {
		return err
	}
	s.mu.Lock()
	s.certKind, s.certExp = kind, expiresIn
	s.mu.Unlock()
	return nil
}

// Count returns how many requests arrived for a URL path (as Request.Path
// reports it), or in all when path is "".
func (s *Server) Count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if path == "" {
		return s.total
	}
	return s.countPath[path]
}

// CountKind returns how many requests were answered with a behaviour kind.
func (s *Server) CountKind(k Kind) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.countKind[k]
}

// CountEndpoint returns how many requests arrived for an endpoint.
func (s *Server) CountEndpoint(e Endpoint) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.countEP[e]
}

// Requests returns the last requests (at most 4096), oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requestsLocked()
}

func (s *Server) requestsLocked() []Request {
	out := make([]Request, 0, len(s.log))
	if len(s.log) < logSize {
		return append(out, s.log...)
	}
	i := s.total % logSize
	out = append(out, s.log[i:]...)
	return append(out, s.log[:i]...)
}

// ErrClosed is returned by WaitRequest when the server closes first.
var ErrClosed = errors.New("demofleet: server closed")

// WaitRequest returns the first logged request for which match returns true
// (nil matches any), waiting for it to arrive until ctx is done or the
// server closes. Requests that arrived before the call count: to wait for a
// new one, match on Seq > the Count("") taken before.
func (s *Server) WaitRequest(ctx context.Context, match func(Request) bool) (Request, error) {
	seen := 0 // Seq of the last request looked at
	for {
		s.mu.Lock()
		for _, r := range s.requestsLocked() {
			if r.Seq <= seen {
				continue
			}
			seen = r.Seq
			if match == nil || match(r) {
				s.mu.Unlock()
				return r, nil
			}
		}
		ch := s.notify
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return Request{}, ctx.Err()
		case <-s.closing:
			return Request{}, ErrClosed
		}
	}
}

// Close stops the server: the listener, every connection, every handler
// (stalled ones too) and the CA file. URL then refuses connections. Close
// returns when every goroutine of the server has ended; it may be called
// more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.closing)
		s.mu.Unlock()
		s.srv.Close()
		s.handlers.Wait()
		<-s.serveDone
		s.mu.Lock()
		if s.caDir != "" {
			os.RemoveAll(s.caDir)
		}
		s.mu.Unlock()
	})
}

// route is a parsed request path.
type route struct {
	ep       Endpoint
	mod, ver string
	ext      string // ".info", ".mod", ".zip"
}

// parse classifies a path (BasePath removed).
func (s *Server) parse(p string) route {
	if strings.HasPrefix(p, "/sumdb/") {
		return route{ep: EndpointSumDB}
	}
	p = strings.TrimPrefix(p, "/")
	var r route
	var escMod string
	if i := strings.LastIndex(p, "/@v/"); i >= 0 {
		escMod = p[:i]
		rest := p[i+len("/@v/"):]
		if rest == "list" {
			r.ep = EndpointList
		} else {
			for _, x := range []struct {
				ext string
				ep  Endpoint
			}{{".info", EndpointInfo}, {".mod", EndpointMod}, {".zip", EndpointZip}} {
				if esc, ok := strings.CutSuffix(rest, x.ext); ok {
					v, err := module.UnescapeVersion(esc)
					if err != nil {
						return route{}
					}
					r.ep, r.ver, r.ext = x.ep, v, x.ext
					break
				}
			}
			if r.ep == EndpointOther {
				return route{}
			}
		}
	} else if esc, ok := strings.CutSuffix(p, "/@latest"); ok {
		escMod = esc
		r.ep = EndpointLatest
	} else {
		return route{}
	}
	m, err := module.UnescapePath(escMod)
	if err != nil {
		return route{}
	}
	r.mod = m
	return r
}

// serveHTTP is the handler of every request.
func (s *Server) serveHTTP(w http.ResponseWriter, req *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "closing", http.StatusServiceUnavailable)
		return
	}
	s.handlers.Add(1)
	defer s.handlers.Done()

	path := req.URL.Path
	var rt route
	if rel, ok := strings.CutPrefix(path, s.basePath); ok && (s.basePath == "" || strings.HasPrefix(rel, "/")) {
		rt = s.parse(rel)
		if rt.ep == EndpointSumDB {
			rt.mod = rel // kept for serveSumDB
		}
	}
	b, ok := s.byPath[path]
	if !ok {
		if b, ok = s.byEndpoint[rt.ep]; !ok {
			b = s.beh
		}
	}
	if b.FailRate > 0 && rand.Float64() < b.FailRate {
		b = Behavior{Kind: Status, Status: http.StatusBadGateway, Delay: b.Delay, Jitter: b.Jitter, Gate: b.Gate}
	}
	if b.Kind == HandshakeStall {
		b.Kind = Stall // over plain HTTP, or if switched after the handshake
	}
	sumdb := s.sumdb
	r := Request{
		Time: time.Now(), Method: req.Method, Path: path,
		Endpoint: rt.ep, Version: rt.ver, Kind: b.Kind, Remote: req.RemoteAddr,
	}
	if rt.ep != EndpointSumDB {
		r.Module = rt.mod
	}
	s.record(r)
	s.mu.Unlock()

	ctx := req.Context()
	if b.Kind == Stall {
		select {
		case <-ctx.Done():
		case <-s.closing:
		}
		// Close the connection without answering.
		panic(http.ErrAbortHandler)
	}
	if b.Gate != nil && !s.wait(ctx, b.Gate) {
		panic(http.ErrAbortHandler)
	}
	if d := b.Delay + jitter(b.Jitter); d > 0 && !s.sleep(ctx, d) {
		panic(http.ErrAbortHandler)
	}
	switch b.Kind {
	case Reset:
		s.reset(w)
		return
	case NotFound, Gone, Forbidden, ServerError, Status:
		code := b.status()
		plain(w, code, fmt.Sprintf("%d %s: %s\n", code, http.StatusText(code), path))
		return
	case ANSIBody:
		plain(w, b.status(), ansiBody)
		return
	case HugeBody:
		s.huge(ctx, w, b.Size)
		return
	}
	code, ctype, body := s.answer(rt, b.Kind, sumdb)
	if b.Kind == SlowBody && code == http.StatusOK {
		s.trickle(ctx, w, ctype, body, b.Chunk, b.Interval)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(code)
	w.Write(body)
}

// jitter returns a random duration in [0, j).
func jitter(j time.Duration) time.Duration {
	if j <= 0 {
		return 0
	}
	return rand.N(j)
}

// sleep waits d; false if the client left or the server closed first.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closing:
	}
	return false
}

// wait waits until gate is closed; false if the client left or the server
// closed first.
func (s *Server) wait(ctx context.Context, gate <-chan struct{}) bool {
	select {
	case <-gate:
		return true
	case <-ctx.Done():
	case <-s.closing:
	}
	return false
}

// plain writes a text/plain answer.
func plain(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(code)
	io.WriteString(w, body)
}

// reset closes the client's TCP connection with an RST.
func (s *Server) reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 cannot hijack: aborting resets the stream.
		panic(http.ErrAbortHandler)
	}
	nc := conn
	if tc, ok := conn.(*tls.Conn); ok {
		nc = tc.NetConn() // no close_notify: the connection just dies
	}
	if tcp, ok := nc.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	nc.Close()
}

// huge streams n generated bytes (HugeSize when n <= 0).
func (s *Server) huge(ctx context.Context, w http.ResponseWriter, n int64) {
	if n <= 0 {
		n = HugeSize
	}
	head := []byte(`{"Version":"v1.0.0","Time":"2024-01-02T03:04:05Z","Padding":"`)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(n))
	w.WriteHeader(http.StatusOK)
	buf := make([]byte, 32<<10)
	for i := range buf {
		buf[i] = 'x'
	}
	for n > 0 {
		chunk := buf
		if head != nil {
			chunk = append(head, buf[len(head):]...)
			head = nil
		}
		if int64(len(chunk)) > n {
			chunk = chunk[:n]
		}
		if _, err := w.Write(chunk); err != nil {
			return
		}
		n -= int64(len(chunk))
		select {
		case <-ctx.Done():
			return
		case <-s.closing:
			return
		default:
		}
	}
}

// trickle sends headers at once, then the body a few bytes at a time.
func (s *Server) trickle(ctx context.Context, w http.ResponseWriter, ctype string, body []byte, chunk int, every time.Duration) {
	if chunk <= 0 {
		chunk = 8
	}
	if every <= 0 {
		every = 100 * time.Millisecond
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	rc.Flush()
	for len(body) > 0 {
		if !s.sleep(ctx, every) {
			panic(http.ErrAbortHandler)
		}
		n := min(chunk, len(body))
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		rc.Flush()
		body = body[n:]
	}
}

// answer computes the protocol answer of a request (OK, SlowBody,
// GarbageJSON and WrongVersion).
func (s *Server) answer(rt route, kind Kind, sumdb bool) (code int, ctype string, body []byte) {
	const textPlain = "text/plain; charset=utf-8"
	notFound := func(what string) (int, string, []byte) {
		return http.StatusNotFound, textPlain, []byte("not found: " + what + "\n")
	}
	switch rt.ep {
	case EndpointSumDB:
		return s.answerSumDB(rt.mod, sumdb)
	case EndpointList:
		list, ok := s.cat.list(rt.mod)
		if !ok {
			return notFound(rt.mod + ": no matching versions")
		}
		switch kind {
		case GarbageJSON:
			list = []byte("<html>\n<body>not a version</body>\n</html>\n")
		case StaleList:
			lines := strings.SplitAfter(strings.TrimSuffix(string(list), "\n"), "\n")
			list = []byte(strings.Join(lines[:len(lines)-1], ""))
		}
		return http.StatusOK, textPlain, list
	case EndpointLatest:
		v := s.cat.latest(rt.mod)
		if v == nil {
			return notFound(rt.mod + "@latest: no matching versions")
		}
		return s.infoAnswer(v, v.vers, kind)
	case EndpointInfo, EndpointMod, EndpointZip:
		v := s.cat.lookup(rt.mod, rt.ver)
		if v == nil {
			return notFound(rt.mod + "@" + rt.ver + ": invalid version: unknown revision " + rt.ver)
		}
		switch rt.ep {
		case EndpointInfo:
			return s.infoAnswer(v, v.vers, kind)
		case EndpointMod:
			return http.StatusOK, textPlain, v.mod
		default:
			z, err := v.zipData()
			if err != nil {
				return http.StatusInternalServerError, textPlain, []byte(err.Error() + "\n")
			}
			return http.StatusOK, "application/zip", z
		}
	}
	return notFound("unknown path")
}

// infoAnswer is a .info or @latest answer.
func (s *Server) infoAnswer(v *version, vers string, kind Kind) (int, string, []byte) {
	const ctype = "application/json"
	switch kind {
	case GarbageJSON:
		return http.StatusOK, ctype, []byte(`{"Version":"` + vers + `","Time":<html>oops</html>`)
	case WrongVersion:
		other := "v9.9.9"
		if vers == other {
			other = "v9.9.8"
		}
		return http.StatusOK, ctype, v.info(other)
	}
	return http.StatusOK, ctype, v.info(vers)
}

// GoSum returns the two go.sum lines of a module version this server offers
// (see the package function GoSum).
func (s *Server) GoSum(modPath, vers string) (string, error) {
	v := s.cat.lookup(modPath, vers)
	if v == nil {
		return "", fmt.Errorf("demofleet: no module %s@%s", modPath, vers)
	}
	b, err := v.goSum()
	return string(b), err
}
