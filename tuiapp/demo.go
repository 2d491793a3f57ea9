package tuiapp

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/internal/demofleet"
	"github.com/goproxytui/goproxytui/mirrors"
)

// demoSetup is what --demo runs against: a fleet of simulated mirrors on
// loopback standing in for the catalog ids, and a temp dir holding a go env
// file (GOENV), a config file and the undo history, removed on exit. The
// user's own go env file, config and history are never read or written.
type demoSetup struct {
	dir      string
	envFile  string
	cfgPath  string
	stateDir string
	environ  []string
	fleet    *demofleet.Fleet
	once     sync.Once
}

// demoUnset are the OS variables that would shadow the demo's go env file
// (or, for GOTOOLCHAIN and XDG_CONFIG_HOME, reach outside the demo).
var demoUnset = []string{"GOENV", "GOPROXY", "GOSUMDB", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOINSECURE", "GOFLAGS", "GOTOOLCHAIN", "XDG_CONFIG_HOME"}

// startDemo starts the fleet and makes the temp dir. base is the process
// environment; the go command runs with it minus the variables that would
// shadow the temp go env file, with GOENV pointing at that file,
// GOTOOLCHAIN=local (never download a toolchain) and XDG_CONFIG_HOME in the
// temp dir with telemetry off, so that the go command's own files (its
// telemetry counters) stay out of the user's config dir too.
func startDemo(ctx context.Context, base []string) (_ *demoSetup, err error) {
	dir, err := os.MkdirTemp("", "goproxytui-demo-")
	if err != nil {
		return nil, err
	}
	d := &demoSetup{
		dir:      dir,
		envFile:  filepath.Join(dir, "go.env"),
		cfgPath:  filepath.Join(dir, "config.toml"),
		stateDir: filepath.Join(dir, "state"),
	}
	defer func() {
		if err != nil {
			d.close()
		}
	}()
	if d.fleet, err = startFleet(ctx, base); err != nil {
		return nil, err
	}
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(demoUnset, k) {
			d.environ = append(d.environ, kv)
		}
	}
	xdg := filepath.Join(dir, "xdg-config")
	d.environ = append(d.environ, "GOENV="+d.envFile, "GOTOOLCHAIN=local", "XDG_CONFIG_HOME="+xdg)
	// Telemetry off in that config dir: a fresh telemetry dir would make
	// every go command of the demo start go's telemetry child process,
	// which outlives it and could write into the temp dir after removal.
	tdir := filepath.Join(xdg, "go", "telemetry")
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tdir, "mode"), []byte("off\n"), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(d.envFile, d.seed(), 0o644); err != nil {
		return nil, err
	}
	return d, nil
}

// demoHoldVar, when set in the environment to a duration ("0s"), holds
// the fleet's scripts at that time instead of running them on the wall
// clock: end-to-end tests of --demo set it, so that what they wait for
// (proxy.golang.org stalling, at 0) does not depend on how fast the
// machine runs them.
const demoHoldVar = "GOPROXYTUI_DEMO_HOLD"

// startFleet starts the demo fleet for the visible catalog, held at the
// time demoHoldVar in environ names, if set and not empty.
func startFleet(ctx context.Context, environ []string) (*demofleet.Fleet, error) {
	ms := mirrors.Builtin().Visible()
	v := ""
	for _, kv := range environ {
		if val, ok := strings.CutPrefix(kv, demoHoldVar+"="); ok {
			v = val // the last one wins, as in exec
		}
	}
	if v == "" {
		return demofleet.StartDemo(ctx, ms)
	}
	at, err := time.ParseDuration(v)
	if err != nil || at < 0 {
		return nil, fmt.Errorf("%s=%q: want a duration such as 0s", demoHoldVar, v)
	}
	return demofleet.StartDemoHeld(ctx, ms, at)
}

// seed is the demo's starting go env file: the go command's default chain,
// but pointing at the fleet's proxy.golang.org, which is what a newcomer
// has before choosing a mirror.
func (d *demoSetup) seed() []byte {
	var b strings.Builder
	b.WriteString("# goproxytui --demo: a temporary go env file, removed on exit\n")
	for _, m := range d.fleet.Mirrors() {
		if m.ID == "proxy.golang.org" {
			fmt.Fprintf(&b, "GOPROXY=%s,direct\n", m.URL)
		}
	}
	b.WriteString("GOSUMDB=sum.golang.org\n")
	return []byte(b.String())
}

// catalog is the demo's catalog for cfg: the built-in mirrors the fleet
// stands in for, with the fleet's loopback URLs (so that chain entries and
// probes reach the fleet), and the config's own mirrors. Built-in mirrors
// without a stand-in are left out: the demo never reaches the network.
func (d *demoSetup) catalog(cfg *config.Config) (*mirrors.Catalog, error) {
	cat, err := config.LoadCatalog(cfg)
	if err != nil {
		return nil, err
	}
	urls := map[string]string{}
	for _, m := range d.fleet.Mirrors() {
		urls[m.ID] = m.URL
	}
	kept := cat.Mirrors[:0]
	for _, m := range cat.Mirrors {
		if m.Source == mirrors.SourceBuiltin {
			u, ok := urls[m.ID]
			if !ok {
				continue
			}
			m.URL = u
		}
		kept = append(kept, m)
	}
	cat.Mirrors = kept
	return cat, nil
}

// demoRoots verifies the fleet's certificates and, for custom mirrors a
// user adds during the demo, those of real servers: the system roots plus
// the fleet's CA.
func demoRoots() *x509.CertPool {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	pool.AppendCertsFromPEM(demofleet.CAPEM())
	return pool
}

// close stops the fleet and removes the temp dir; safe to call twice.
func (d *demoSetup) close() {
	d.once.Do(func() {
		if d.fleet != nil {
			d.fleet.Close()
		}
		os.RemoveAll(d.dir)
	})
}
