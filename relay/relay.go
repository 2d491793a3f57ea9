// Package relay is a local GOPROXY that fails over, hedges and never hangs.
//
// A Relay is an http.Handler serving only the Go module proxy protocol
// (<module>/@v/list, @v/<version>.info, .mod, .zip, <module>/@latest) and
// the checksum database paths (/sumdb/<name>/supported, /latest,
// /lookup/..., /tile/...); anything else is 404. Module paths and versions
// are checked with golang.org/x/mod/module before anything is forwarded,
// and requests go only to the configured upstreams.
//
// Per request the relay tries its upstreams in priority order (pools of
// one priority share traffic by weight; mirrors that are down are skipped
// while another is up), fails over on every error (refused, DNS, TLS,
// timeout, stall, a body under the floor rate, reset, 5xx, 4xx other than
// 404/410, a 200 that is not the file asked for), hedges a slow attempt
// (no headers, or a body falling behind) on the next mirror within a
// budget, and answers 404/410 only when every mirror that answered said
// so. Bodies are read whole and checked (.zip spooled to the relay's own
// directory) before the answer starts, so the go command never gets a
// truncated or wrong file; when every mirror fails, a module file this
// machine's module cache holds is served from it, else the answer is a
// 502 naming each failure, within DownTimeout once the mirrors are known
// down. The relay never alters a body: go verifies checksum database
// signatures.
package relay

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Defaults of Options.
const (
	DefaultTTFBTimeout    = 15 * time.Second
	DefaultIdleTimeout    = 15 * time.Second
	DefaultRequestTimeout = time.Minute
	DefaultZipTimeout     = 15 * time.Minute
	// DefaultBodyWindow and DefaultBodyFloor are the body's floor rate:
	// less than 16 KiB in a 2 s window (and not the end) is a drip.
	DefaultBodyWindow = 2 * time.Second
	DefaultBodyFloor  = 16 << 10
	// DefaultColdTTFB bounds the wait for the headers of a mirror not
	// proven yet (no success, or its newest result failed), counted from
	// the request's start; DefaultDownTimeout the deadline of an attempt
	// at a mirror that is down; DefaultTrialAfter how long a down mirror
	// rests before one request tries it again (half-open).
	DefaultColdTTFB    = 4 * time.Second
	DefaultDownTimeout = 500 * time.Millisecond
	DefaultTrialAfter  = 5 * time.Second
	// DefaultHedgeMin and DefaultHedgeMax clamp the automatic hedge delay;
	// DefaultHedgeUnknown is used while a mirror has too few samples.
	DefaultHedgeMin     = 50 * time.Millisecond
	DefaultHedgeMax     = 2 * time.Second
	DefaultHedgeUnknown = 300 * time.Millisecond
	// DefaultHedgeRatio is the share of requests that may be hedged over
	// time (the token bucket's refill per request); DefaultHedgeTokens the
	// bucket's size (the burst of hedges allowed at once).
	DefaultHedgeRatio  = 0.1
	DefaultHedgeTokens = 10
	// maxParallel bounds the attempts of one request in flight at once.
	maxParallel = 3
)

// Upstream is one mirror the relay forwards to.
type Upstream struct {
	ID     string  // label shown in logs and answers: a catalog id or the redacted URL
	URL    string  // base URL; may hold credentials, sent only to its own host
	Weight float64 // share within its pool (<= 0: 1)
	Pool   int     // priority: pool 0 first, then 1, ...
}

// UpstreamsFromChain makes upstreams of the proxy entries of a chain
// (direct and off are not upstreams), each its own pool in chain order,
// then merges them into the pools of cfg: a pool takes the priority of its
// first member in the chain; a member's weight is the pool's "id:weight",
// else the entry's own weight. Members not in the chain are ignored.
func UpstreamsFromChain(c mirrors.Chain, cfg config.RelayConfig) ([]Upstream, error) {
	type member struct {
		pool   int
		weight float64
	}
	byID := map[string]member{}
	for i, pool := range cfg.Pools {
		for _, s := range pool {
			m, err := config.ParsePoolMember(s)
			if err != nil {
				return nil, err
			}
			byID[m.ID] = member{pool: i, weight: m.Weight}
		}
	}
	var ups []Upstream
	poolAt := map[int]int{} // config pool → relay pool
	next := 0
	for _, e := range c.Entries {
		if e.Kind != mirrors.KindProxy || e.Unusable() != "" {
			continue
		}
		u := Upstream{ID: e.Label(), URL: e.Resolved(), Weight: e.Weight}
		m, ok := byID[e.Key()]
		if !ok {
			m, ok = byID[e.Label()]
		}
		if ok {
			if p, seen := poolAt[m.pool]; seen {
				u.Pool = p
			} else {
				poolAt[m.pool], u.Pool = next, next
				next++
			}
			if m.weight > 0 {
				u.Weight = m.weight
			}
		} else {
			u.Pool = next
			next++
		}
		ups = append(ups, u)
	}
	if len(ups) == 0 {
		return nil, i18n.Errorf("the chain %q has no proxy the relay can forward to (direct and off are not upstreams)", c.String())
	}
	return ups, nil
}

// SumDBRoute is a direct route to a checksum database: where it is when no
// upstream proxies it (GOSUMDB's URL, e.g. https://sum.golang.google.cn
// for sum.golang.org).
type SumDBRoute struct {
	Name string // database name, e.g. "sum.golang.org"
	URL  string // base URL of the database
}

// HedgeMode says how the hedge delay is chosen.
type HedgeMode int

// Hedge modes.
const (
	HedgeAuto  HedgeMode = iota // the mirror's recent p95 time to first byte, clamped
	HedgeOff                    // no hedging; fail over on errors only
	HedgeFixed                  // a fixed delay
)

// HedgePolicy configures hedging. Zero fields take the defaults.
type HedgePolicy struct {
	Mode  HedgeMode
	Delay time.Duration // for HedgeFixed
	// Min and Max clamp the automatic delay; a mirror with fewer than 5
	// samples is hedged after Min while the budget has a token, after
	// Unknown once it is spent.
	Min, Max, Unknown time.Duration
	// Ratio is the long-run share of requests that may be hedged; Tokens
	// the burst (a token bucket as gRPC's retry throttling: each request
	// adds Ratio tokens, up to Tokens; a hedge takes one).
	Ratio  float64
	Tokens float64
}

// Options configure a Relay.
type Options struct {
	// Upstreams for public modules, in pools (see Upstream.Pool).
	Upstreams []Upstream
	// Private are the upstreams for module paths matching NoProxy (a
	// company Athens): they alone receive them. With none, such paths get
	// a 404 saying why.
	Private []Upstream
	// NoProxy is GONOPROXY (GOPRIVATE when GONOPROXY is empty); NoSumDB is
	// GONOSUMDB (likewise): checksum lookups of matching modules are
	// answered 404, never forwarded.
	NoProxy, NoSumDB string
	// SumDB are the direct routes to checksum databases, tried after the
	// upstreams that proxy them.
	SumDB []SumDBRoute

	Hedge HedgePolicy
	// Attempt and request limits; 0 means the defaults.
	TTFBTimeout, IdleTimeout, RequestTimeout, ZipTimeout time.Duration
	// BodyWindow and BodyFloor: a body that brings less than BodyFloor
	// bytes in a BodyWindow (and has not ended) is cut as a drip, a small
	// file not whole within its deadline too; 0 means the defaults.
	BodyWindow time.Duration
	BodyFloor  int64
	// ColdTTFB, DownTimeout and TrialAfter: the circuit breaker (see the
	// defaults); 0 means the defaults.
	ColdTTFB, DownTimeout, TrialAfter time.Duration

	// NoCacheFallback turns off serving from this machine's module cache
	// when every mirror fails. ModCache is that cache (GOMODCACHE); ""
	// asks `go env GOMODCACHE` the first time it is needed.
	NoCacheFallback bool
	ModCache        string

	// Health, when set, is the tracker the relay's probes and traffic
	// feed; nil gives a new one with the default thresholds.
	Health *Health
	// Observers see every answered request.
	Observers []Observer
	// Probed, when set, sees every result of the relay's background probes
	// (Run) after the health tracker: the relay command feeds its /metrics
	// with them, so the relay's port shows its upstreams as the exporter
	// does, from the same probes.
	Probed func(probe.Result)
	// Metrics, when set, is served at /metrics (the relay's Prometheus
	// endpoint; never a module path: those have /@v/ or /@latest). It is
	// not counted as a request.
	Metrics http.Handler
	// TempDir holds the relays' spool directory, goproxytui-relay ("" =
	// os.TempDir()): each relay spools zips in a subdirectory of its own,
	// locked while it runs, removed when it stops; one whose relay died is
	// removed by the next relay that starts.
	TempDir string
	// RootCAs, when set, replaces the system roots (tests).
	RootCAs *x509.CertPool
	// Transport, when set, replaces the relay's own (tests).
	Transport http.RoundTripper
	// Lang is the language of the text in 404 and 502 answers.
	Lang i18n.Lang
}

// ProbedMirrors are the mirrors Run probes: the upstreams, then the private
// ones, each labelled by its upstream id.
func (o Options) ProbedMirrors() []mirrors.Mirror {
	ms := make([]mirrors.Mirror, 0, len(o.Upstreams)+len(o.Private))
	for _, u := range append(append([]Upstream(nil), o.Upstreams...), o.Private...) {
		ms = append(ms, mirrors.Mirror{ID: u.ID, Name: u.ID, URL: u.URL, Weight: 1, Source: mirrors.SourceArg})
	}
	return ms
}

// Relay is the handler. Its methods are safe for concurrent use.
type Relay struct {
	opts   Options
	client *http.Client
	health *Health
	budget *budget
	stats  *statsAgg
	names  []string // sumdb names of the direct routes
	spool  *spool
	cache  *modCache

	// bg counts the goroutines that outlive a request (losers being
	// drained, attempts measuring a mirror); Close ends the measuring
	// ones (life) and waits for them all.
	bg   sync.WaitGroup
	life context.Context
	quit context.CancelFunc
}

// New returns a relay; it checks the options.
func New(opts Options) (*Relay, error) {
	if len(opts.Upstreams) == 0 && len(opts.Private) == 0 {
		return nil, i18n.Errorf("the relay needs at least one upstream mirror")
	}
	for _, u := range append(append([]Upstream(nil), opts.Upstreams...), opts.Private...) {
		pu, err := url.Parse(u.URL)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return nil, i18n.Errorf("upstream %s: the relay forwards to http:// and https:// URLs only", u.ID)
		}
		if pu.Scheme == "http" && pu.User != nil {
			return nil, i18n.Errorf("upstream %s: refusing to pass credentials to insecure URL", u.ID)
		}
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&opts.TTFBTimeout, DefaultTTFBTimeout)
	def(&opts.IdleTimeout, DefaultIdleTimeout)
	def(&opts.RequestTimeout, DefaultRequestTimeout)
	def(&opts.ZipTimeout, DefaultZipTimeout)
	def(&opts.BodyWindow, DefaultBodyWindow)
	def(&opts.ColdTTFB, DefaultColdTTFB)
	def(&opts.DownTimeout, DefaultDownTimeout)
	def(&opts.TrialAfter, DefaultTrialAfter)
	if opts.BodyFloor <= 0 {
		opts.BodyFloor = DefaultBodyFloor
	}
	h := &opts.Hedge
	def(&h.Min, DefaultHedgeMin)
	def(&h.Max, DefaultHedgeMax)
	def(&h.Unknown, DefaultHedgeUnknown)
	if h.Mode == HedgeFixed && h.Delay <= 0 {
		return nil, i18n.Errorf("a fixed hedge delay must be > 0")
	}
	if h.Ratio <= 0 {
		h.Ratio = DefaultHedgeRatio
	}
	if h.Tokens <= 0 {
		h.Tokens = DefaultHedgeTokens
	}
	if opts.Health == nil {
		opts.Health = NewHealth(probe.DefaultHealthConfig(), 0)
	}
	sp, err := openSpool(opts.TempDir)
	if err != nil {
		return nil, i18n.Errorf("the relay's spool directory: %w", err)
	}
	tr := opts.Transport
	if tr == nil {
		tr = newTransport(opts.RootCAs)
	}
	r := &Relay{
		opts:   opts,
		health: opts.Health,
		budget: &budget{tokens: h.Tokens, max: h.Tokens, ratio: h.Ratio},
		stats:  newStatsAgg(),
		client: &http.Client{Transport: tr, CheckRedirect: checkRedirect},
		spool:  sp,
		cache:  &modCache{dir: opts.ModCache, off: opts.NoCacheFallback},
	}
	r.life, r.quit = context.WithCancel(context.Background())
	for _, s := range opts.SumDB {
		r.names = append(r.names, s.Name)
	}
	return r, nil
}

// newTransport is the relay's HTTP client transport: the go command's dial
// and TLS limits, HTTPS_PROXY honoured, connections kept for reuse.
func newTransport(roots *x509.CertPool) *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// errInsecureRedirect: like the go command, no https → http redirect.
var errInsecureRedirect = errors.New("redirect from https to http refused")

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
		return errInsecureRedirect
	}
	return nil
}

// Health returns the tracker the relay feeds.
func (r *Relay) Health() *Health { return r.health }

// Upstreams returns the public upstreams (copies).
func (r *Relay) Upstreams() []Upstream { return append([]Upstream(nil), r.opts.Upstreams...) }

// Close waits for the goroutines draining losing attempts, closes idle
// upstream connections and removes the relay's spool directory. Call it
// after the HTTP server has shut down.
func (r *Relay) Close() {
	r.quit()
	r.bg.Wait()
	r.client.CloseIdleConnections()
	r.spool.close()
}

// deadline returns the overall limit of a request of kind k.
func (r *Relay) deadline(k Kind) time.Duration {
	if k == KindZip {
		return r.opts.ZipTimeout
	}
	return r.opts.RequestTimeout
}

// Run probes the upstreams in the background with the probe package's
// scheduler until ctx is done, feeding the health tracker. sc configures
// the scheduler (zero: the defaults). It returns when every probe ended.
func (r *Relay) Run(ctx context.Context, sc probe.SchedulerConfig) {
	sch := probe.NewScheduler(r.opts.ProbedMirrors(), sc)
	out := make(chan probe.Result, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sch.Run(ctx, out)
	}()
	for {
		select {
		case res := <-out:
			r.health.Add(res)
			if r.opts.Probed != nil {
				r.opts.Probed(res)
			}
		case <-done:
			return
		}
	}
}
