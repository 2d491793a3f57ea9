package probe

import (
	"context"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/mirrors"
)

// Defaults of SchedulerConfig.
const (
	DefaultInterval = 5 * time.Second
	// MaxConcurrency caps the probes in flight when Concurrency is 0
	// (automatic): up to it, every mirror of a round is probed at once,
	// so a round over N mirrors takes about one probe time. A probe
	// holds one connection, up to four in a round with the @v/list and
	// sumdb checks over HTTP/1.1, so the cap keeps a fleet of thousands
	// within a process's usual file limit (Go raises the soft limit to
	// the hard one) and off a small router's connection table.
	MaxConcurrency = 256
	// DefaultSpread separates the starts of mirrors that share a host, so
	// that one server is not hit by several probes at the same instant.
	DefaultSpread = 200 * time.Millisecond
	// DefaultJitter is the largest random delay added to each start.
	DefaultJitter = 100 * time.Millisecond
	// DefaultChecksEvery: the @v/list and sumdb checks run on a mirror's
	// first probe and then every 12th (once a minute at 5 s).
	DefaultChecksEvery = 12
)

// SchedulerConfig configures a Scheduler. Zero fields take the defaults.
type SchedulerConfig struct {
	Interval time.Duration // between rounds (DefaultInterval)
	// Concurrency is the most probes in flight at once; 0 means
	// automatic: one per mirror, at most MaxConcurrency (see
	// Concurrency). A mirror is never probed twice at once.
	Concurrency int
	Spread      time.Duration // between starts of mirrors on one host (DefaultSpread)
	Jitter      time.Duration // random extra start delay, [0, Jitter) (DefaultJitter); negative: none
	// ChecksEvery runs Options.CheckList / CheckSumDB on a mirror's first
	// probe and every ChecksEvery-th after (DefaultChecksEvery); 1: every
	// probe. The checks still need to be on in Options.
	ChecksEvery int
	Options     Options
	// Probe does one probe; nil means the package's Probe. Tests and the
	// demo may substitute it.
	Probe func(ctx context.Context, m mirrors.Mirror, opt Options) Result
}

func (c SchedulerConfig) withDefaults() SchedulerConfig {
	if c.Interval <= 0 {
		c.Interval = DefaultInterval
	}
	if c.Concurrency <= 0 {
		// A probe per mirror at most is in flight anyway, so the cap
		// alone is min(mirrors, MaxConcurrency), however the fleet
		// changes.
		c.Concurrency = MaxConcurrency
	}
	if c.Spread <= 0 {
		c.Spread = DefaultSpread
	}
	if c.Jitter == 0 {
		c.Jitter = DefaultJitter
	}
	if c.ChecksEvery <= 0 {
		c.ChecksEvery = DefaultChecksEvery
	}
	if c.Probe == nil {
		c.Probe = Probe
	}
	return c
}

// Concurrency returns how many of n mirrors to probe at once for a
// configured concurrency: configured when positive, else (0, automatic)
// every mirror, at most MaxConcurrency.
func Concurrency(configured, n int) int {
	switch {
	case configured > 0:
		return configured
	case n < 1:
		return 1
	}
	return min(n, MaxConcurrency)
}

// Scheduler probes a fleet of mirrors every interval and streams each result
// as soon as it arrives: a slow or blackholed mirror holds one of the
// Concurrency slots until its timeout, never the others' results. Its
// methods are safe for concurrent use.
type Scheduler struct {
	cfg  SchedulerConfig
	kick chan struct{} // ProbeNow and Resume: start a round now

	mu       sync.Mutex
	ms       []mirrors.Mirror
	paused   bool
	inflight map[string]bool // mirror id → probe running
	count    map[string]int  // mirror id → probes started
	round    uint64
}

// NewScheduler returns a scheduler for ms; Run starts it.
func NewScheduler(ms []mirrors.Mirror, cfg SchedulerConfig) *Scheduler {
	return &Scheduler{
		cfg:      cfg.withDefaults(),
		kick:     make(chan struct{}, 1),
		ms:       append([]mirrors.Mirror(nil), ms...),
		inflight: map[string]bool{},
		count:    map[string]int{},
	}
}

// Run probes until ctx is done, sending every result to out (which it never
// closes); a round starts at once, then every interval. It returns when ctx
// is done and every probe goroutine has ended; results of probes cut short
// by that are dropped.
func (s *Scheduler) Run(ctx context.Context, out chan<- Result) {
	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, s.cfg.Concurrency)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
			if s.Paused() {
				timer.Reset(s.cfg.Interval)
				continue
			}
		case <-s.kick:
		}
		s.startRound(ctx, &wg, sem, out)
		timer.Reset(s.cfg.Interval)
	}
}

// ProbeNow starts a round at once (even when paused) and restarts the
// interval from it.
func (s *Scheduler) ProbeNow() {
	select {
	case s.kick <- struct{}{}:
	default: // a round is already due
	}
}

// Pause stops starting rounds; probes in flight finish and are delivered.
func (s *Scheduler) Pause() {
	s.mu.Lock()
	s.paused = true
	s.mu.Unlock()
}

// Resume starts rounds again, the first one at once.
func (s *Scheduler) Resume() {
	s.mu.Lock()
	was := s.paused
	s.paused = false
	s.mu.Unlock()
	if was {
		s.ProbeNow()
	}
}

// Paused reports whether the scheduler is paused.
func (s *Scheduler) Paused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused
}

// SetMirrors replaces the fleet from the next round on; probes in flight
// finish.
func (s *Scheduler) SetMirrors(ms []mirrors.Mirror) {
	s.mu.Lock()
	s.ms = append([]mirrors.Mirror(nil), ms...)
	s.mu.Unlock()
}

// Round returns the number of the last round started (0 before the first).
func (s *Scheduler) Round() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.round
}

// job is one probe of a round.
type job struct {
	m      mirrors.Mirror
	delay  time.Duration
	checks bool
}

// startRound starts one goroutine per mirror that is not still being
// probed, each after its start delay.
func (s *Scheduler) startRound(ctx context.Context, wg *sync.WaitGroup, sem chan struct{}, out chan<- Result) {
	s.mu.Lock()
	s.round++
	round := s.round
	jobs := make([]job, 0, len(s.ms))
	perHost := map[string]int{}
	for _, m := range s.ms {
		h := hostOf(m.URL)
		k := perHost[h]
		perHost[h] = k + 1
		if s.inflight[m.ID] {
			continue // no pile-up behind a mirror slower than the interval
		}
		d := time.Duration(k) * s.cfg.Spread
		if s.cfg.Jitter > 0 {
			d += rand.N(s.cfg.Jitter)
		}
		n := s.count[m.ID]
		s.count[m.ID] = n + 1
		s.inflight[m.ID] = true
		jobs = append(jobs, job{m: m, delay: d, checks: n%s.cfg.ChecksEvery == 0})
	}
	s.mu.Unlock()
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, ok := s.runJob(ctx, j, sem)
			s.done(j.m.ID) // before delivering: a round started on receipt probes it again
			if !ok {
				return
			}
			r.Round = round
			select {
			case out <- r:
			case <-ctx.Done():
			}
		}()
	}
}

func (s *Scheduler) done(id string) {
	s.mu.Lock()
	delete(s.inflight, id)
	s.mu.Unlock()
}

// runJob waits for the job's start and a free slot, then probes; false if
// ctx ended first.
func (s *Scheduler) runJob(ctx context.Context, j job, sem chan struct{}) (Result, bool) {
	if j.delay > 0 {
		t := time.NewTimer(j.delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return Result{}, false
		}
	}
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return Result{}, false
	}
	defer func() { <-sem }()
	opt := s.cfg.Options
	if !j.checks {
		opt.CheckList, opt.CheckSumDB = false, false
	}
	r := s.cfg.Probe(ctx, j.m, opt)
	if ctx.Err() != nil {
		return Result{}, false // cut short by the scheduler's end, not the mirror's fault
	}
	return r, true
}

// hostOf returns the host (with port) of a mirror URL, lower-cased: the
// unit whose probes are spread apart.
func hostOf(u string) string {
	s := u
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	p, err := url.Parse(s)
	if err != nil {
		return strings.ToLower(u)
	}
	return strings.ToLower(p.Host)
}
