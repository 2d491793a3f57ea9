package probe

import (
	"context"
	"crypto/x509"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/goproxytui/goproxytui/config"
)

// Defaults of Options.
const (
	// DefaultTimeout bounds one probe: resolve, connect, TLS, request, body
	// and the optional checks together.
	DefaultTimeout = 5 * time.Second
	// DefaultCanary is the module version asked for by default: small,
	// old, and cached by every public mirror.
	DefaultCanary = config.DefaultCanary
	// DefaultSumDB is the checksum database whose /sumdb/<name>/supported
	// endpoint the sumdb check asks, as the go command does with the
	// default GOSUMDB.
	DefaultSumDB = "sum.golang.org"
	// MaxBody is the most read from any response body; a body over it is a
	// protocol failure (a .info or @v/list is a few hundred bytes).
	MaxBody = 1 << 20
	// maxHeader is the most read of a response's status line and headers
	// (net/http's default is 10 MB; a proxy's are a few hundred bytes).
	maxHeader = 1 << 20
	// fallbackDelay is how long the go command's dialer (net.Dialer's
	// default) waits on the first address family before racing the
	// other (happy eyeballs, RFC 6555).
	fallbackDelay = 300 * time.Millisecond
	// maxErrorBody is how much of a non-200 text/plain body is read to be
	// shown, and maxErrorLines how many of its lines (as the go command,
	// which shows at most 8).
	maxErrorBody  = 512
	maxErrorLines = 8
)

// Resolver looks up a host's addresses. *net.Resolver implements it; tests
// pass a fake one so that DNS failures are hermetic.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options configure a probe. The zero value is not useful: start from
// DefaultOptions or OptionsFrom.
type Options struct {
	// Timeout bounds the whole probe (default DefaultTimeout).
	Timeout time.Duration
	// Canary is the module@version whose .info is fetched.
	Canary string
	// CheckList asks <module>/@v/list and checks that it parses.
	CheckList bool
	// CheckSumDB asks /sumdb/<SumDB>/supported: does the mirror proxy the
	// checksum database?
	CheckSumDB bool
	// RootCAs verifies servers; nil means the system roots, with
	// SSL_CERT_FILE and SSL_CERT_DIR honoured as the go command does.
	// Verification is never switched off.
	RootCAs *x509.CertPool
	// Proxy picks the HTTP(S) proxy for a request; nil means
	// http.ProxyFromEnvironment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, as the
	// go command). When a proxy applies, the DNS and connect phases
	// measure the proxy, and Result.ViaProxy says so.
	Proxy func(*http.Request) (*url.URL, error)

	// Resolver resolves host names; nil means net.DefaultResolver.
	Resolver Resolver
	// Dial opens a connection to an IP address ("tcp", "1.2.3.4:443");
	// nil means a net.Dialer. Tests inject a blocking dialer.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// SumDB is the checksum database name for the sumdb check (default
	// DefaultSumDB).
	SumDB string

	// DeepTimeout bounds a deep probe (default 2 minutes).
	DeepTimeout time.Duration
	// SumDBURL is where a deep probe looks up the go.sum line. "" means as
	// the go command without a URL in GOSUMDB: through the mirror when it
	// proxies the database, else https://<SumDB>. A URL means there
	// directly (GOSUMDB "name+key URL"). "off" means through the mirror
	// only, never directly.
	SumDBURL string
	// NoSumDB skips the go.sum lookup altogether (GOSUMDB=off): the zip is
	// hashed but not checked.
	NoSumDB bool
	// SumDBKey is the verifier key of the checksum database SumDB ("" for
	// sum.golang.org means SumGolangOrgKey).
	SumDBKey string
}

// DefaultOptions returns the options used when nothing is configured:
// 5 s timeout, the default canary, both protocol checks on.
func DefaultOptions() Options {
	return Options{
		Timeout:    DefaultTimeout,
		Canary:     DefaultCanary,
		CheckList:  true,
		CheckSumDB: true,
		SumDB:      DefaultSumDB,
	}
}

// withDefaults fills the zero fields of o.
func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Canary == "" {
		o.Canary = DefaultCanary
	}
	if o.SumDB == "" {
		o.SumDB = DefaultSumDB
	}
	if o.Proxy == nil {
		o.Proxy = http.ProxyFromEnvironment
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.Dial == nil {
		d := &net.Dialer{}
		o.Dial = d.DialContext
	}
	if o.DeepTimeout <= 0 {
		o.DeepTimeout = 2 * time.Minute
	}
	return o
}
