package demofleet

import (
	"context"
	"crypto/x509"
	"hash/fnv"
	"math"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/mirrors"
)

// Fleet is a set of simulated mirrors standing in for catalog mirrors, for
// `goproxytui --demo`: every mirror gets an HTTPS server (HTTP/2 offered, the
// real mirror's URL path kept) whose behaviour follows a script over time.
type Fleet struct {
	mirrors []mirrors.Mirror
	servers []*Server
	byID    map[string]*Server
	scripts []script
	elapsed func() time.Duration // how far into the scripts the fleet is

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	mu        sync.Mutex
	caDir     string
}

// step is what a scripted mirror does for a while.
type step struct {
	b     Behavior
	sumdb bool
	cert  CertKind
}

// script tells the step of a mirror at a time since the fleet started.
type script func(elapsed time.Duration) step

// demoTick is how often the fleet applies its scripts.
const demoTick = time.Second

// cycle returns where elapsed lies in a repeating cycle of length period.
func cycle(elapsed, period time.Duration) time.Duration { return elapsed % period }

// demoScript returns the script of a catalog id. The scripts imitate what a
// developer in mainland China sees, so the dashboard has something to show
// from the first seconds: a blackholed proxy.golang.org, fast sumdb-proxying
// goproxy.cn, one mirror whose latency swings, one flapping between OK and
// a 500 full of escape sequences, one with a certificate about to expire,
// one lossy, one that breaks the protocol and its certificate in turn.
func demoScript(id string) script {
	switch id {
	case "proxy.golang.org":
		// Mostly unreachable: blackholed (the go command hangs), TLS
		// handshakes that never finish, resets, and now and then slow and
		// lossy.
		return func(e time.Duration) step {
			switch c := cycle(e, 60*time.Second); {
			case c < 20*time.Second:
				return step{b: Do(Stall)}
			case c < 28*time.Second:
				return step{b: Do(HandshakeStall)}
			case c < 35*time.Second:
				return step{b: Do(Reset)}
			case c < 50*time.Second:
				return step{b: Behavior{Delay: 280 * time.Millisecond, Jitter: 250 * time.Millisecond, FailRate: 0.3}}
			}
			return step{b: Do(Stall)}
		}
	case "goproxy.cn":
		return func(time.Duration) step {
			return step{b: Behavior{Delay: 12 * time.Millisecond, Jitter: 15 * time.Millisecond}, sumdb: true}
		}
	case "goproxy.io":
		// Latency swings between ~60 and ~240 ms over 90 s.
		return func(e time.Duration) step {
			phase := 2 * math.Pi * float64(cycle(e, 90*time.Second)) / float64(90*time.Second)
			d := 60*time.Millisecond + time.Duration((1-math.Cos(phase))/2*float64(180*time.Millisecond))
			return step{b: Behavior{Delay: d, Jitter: 40 * time.Millisecond}, sumdb: true}
		}
	case "aliyun":
		// Flaps every 20 s between OK and a 500 whose body is full of
		// terminal escapes (what sanitising is for).
		return func(e time.Duration) step {
			if cycle(e, 40*time.Second) < 20*time.Second {
				return step{b: Behavior{Delay: 35 * time.Millisecond, Jitter: 10 * time.Millisecond}}
			}
			return step{b: Behavior{Kind: ANSIBody, Delay: 20 * time.Millisecond}}
		}
	case "tencent":
		return func(time.Duration) step {
			return step{b: Behavior{Delay: 45 * time.Millisecond, Jitter: 20 * time.Millisecond}, cert: CertExpiring}
		}
	case "huawei":
		// Lossy, and for 30 s out of 120 its bodies trickle.
		return func(e time.Duration) step {
			if cycle(e, 120*time.Second) < 90*time.Second {
				return step{b: Behavior{Delay: 70 * time.Millisecond, Jitter: 60 * time.Millisecond, FailRate: 0.15}}
			}
			return step{b: Behavior{Kind: SlowBody, Delay: 70 * time.Millisecond, Chunk: 16, Interval: 40 * time.Millisecond}}
		}
	case "baidu":
		// OK but slow, then a .info for the wrong version, then an
		// expired certificate.
		return func(e time.Duration) step {
			switch c := cycle(e, 60*time.Second); {
			case c < 30*time.Second:
				return step{b: Behavior{Delay: 110 * time.Millisecond, Jitter: 50 * time.Millisecond}}
			case c < 45*time.Second:
				return step{b: Behavior{Kind: WrongVersion, Delay: 110 * time.Millisecond}}
			}
			return step{b: Behavior{Delay: 110 * time.Millisecond}, cert: CertExpired}
		}
	}
	// Any other mirror (from the user's config): healthy, with a latency
	// of its own between 20 and 150 ms.
	h := fnv.New32a()
	h.Write([]byte(id))
	d := 20*time.Millisecond + time.Duration(h.Sum32()%131)*time.Millisecond
	return func(time.Duration) step { return step{b: Behavior{Delay: d, Jitter: d / 4}} }
}

// StartDemo starts one simulated HTTPS mirror per mirror of ms (typically
// the visible catalog), each following the script of its id over the time
// since it started. The scripts run until ctx is done or Close is called;
// the servers until Close.
func StartDemo(ctx context.Context, ms []mirrors.Mirror) (*Fleet, error) {
	start := time.Now()
	return startDemo(ctx, ms, func() time.Duration { return time.Since(start) })
}

// StartDemoHeld is StartDemo with the scripts held at time at: every
// mirror does what its script says for that time for as long as the fleet
// runs. End-to-end tests use it, so that what they see does not depend on
// how fast the machine gets through them (at 0 proxy.golang.org stalls
// and goproxy.cn is healthy).
func StartDemoHeld(ctx context.Context, ms []mirrors.Mirror, at time.Duration) (*Fleet, error) {
	return startDemo(ctx, ms, func() time.Duration { return at })
}

func startDemo(ctx context.Context, ms []mirrors.Mirror, elapsed func() time.Duration) (*Fleet, error) {
	f := &Fleet{
		byID:    map[string]*Server{},
		elapsed: elapsed,
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	for _, m := range ms {
		base := ""
		if u, err := url.Parse(m.URL); err == nil {
			base = u.Path
		}
		sc := demoScript(m.ID)
		st := sc(elapsed())
		s, err := Start(Options{TLS: true, HTTP2: true, BasePath: base, Behavior: st.b, SumDB: st.sumdb, Cert: st.cert})
		if err != nil {
			for _, s := range f.servers {
				s.Close()
			}
			return nil, err
		}
		dm := m
		dm.URL = s.URL()
		f.mirrors = append(f.mirrors, dm)
		f.servers = append(f.servers, s)
		f.scripts = append(f.scripts, sc)
		f.byID[m.ID] = s
	}
	go f.run(ctx)
	return f, nil
}

// run applies the scripts every demoTick until ctx is done or Close.
func (f *Fleet) run(ctx context.Context) {
	defer close(f.done)
	t := time.NewTicker(demoTick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.stop:
			return
		case <-t.C:
			f.apply(f.elapsed())
		}
	}
}

// apply sets every server to its script's step at elapsed.
func (f *Fleet) apply(elapsed time.Duration) {
	for i, s := range f.servers {
		st := f.scripts[i](elapsed)
		s.Set(st.b)
		s.SetSumDB(st.sumdb)
		s.SetCert(st.cert, 0) // variants are cached: cheap
	}
}

// Mirrors returns the mirrors given to StartDemo, in the same order with the
// same ids and names, their URLs pointing at the simulated servers.
func (f *Fleet) Mirrors() []mirrors.Mirror {
	return append([]mirrors.Mirror(nil), f.mirrors...)
}

// Server returns the simulated server standing in for a mirror id.
func (f *Fleet) Server(id string) (*Server, bool) {
	s, ok := f.byID[id]
	return s, ok
}

// CAPool returns the pool that verifies the fleet's certificates.
func (f *Fleet) CAPool() *x509.CertPool { return CAPool() }

// CAFile writes the CA in PEM form to a file removed by Close (for
// SSL_CERT_FILE of go commands run against the fleet) and returns its path.
func (f *Fleet) CAFile() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return writeCAFile(&f.caDir)
}

// Close stops the scripts and every server, and returns when all their
// goroutines have ended. It may be called more than once.
func (f *Fleet) Close() {
	f.closeOnce.Do(func() {
		close(f.stop)
		<-f.done
		for _, s := range f.servers {
			s.Close()
		}
		f.mu.Lock()
		if f.caDir != "" {
			os.RemoveAll(f.caDir)
		}
		f.mu.Unlock()
	})
}
