package advisor

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/internal/gotest"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// A chain 404-mirror|5xx-mirror with a healthy mirror in the config, not in
// the chain: doctor measures the spare mirrors, its one fix puts the healthy
// one first, and applied with the real go command (go env -w in a sandbox,
// GOENV a temp file) the download works.
func TestDoctorFixAppliedWithGo(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	missing := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.NotFound)})
	broken := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	athens := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	key, err := fakeproxy.SumDBKey("")
	if err != nil {
		t.Fatal(err)
	}
	var hidden []string
	for _, m := range mirrors.Builtin().Mirrors {
		hidden = append(hidden, m.ID)
	}
	cfg := config.Default()
	cfg.Mirrors = []config.Mirror{{ID: "athens", URL: athens.URL()}}
	cfg.Hidden = hidden
	cat, err := config.LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	goproxy := missing.URL() + "|" + broken.URL()
	sn := envcfg.Snapshot{Vars: map[string]envcfg.Var{
		"GOPROXY": {Name: "GOPROXY", Value: goproxy, Source: envcfg.SourceFile},
		"GOSUMDB": {Name: "GOSUMDB", Value: key, Source: envcfg.SourceFile},
	}, EnvFile: "/tmp/go/env"}

	opt := probe.DefaultOptions()
	opt.Canary = fakeproxy.Canary
	opt.Timeout = 2 * time.Second
	opt.Proxy = func(*http.Request) (*url.URL, error) { return nil, nil }
	in := DoctorInput{Lang: i18n.EN, Snapshot: sn, Catalog: cat, Probes: map[string]probe.Result{}}
	plan := DoctorPlan(sn, cat)
	opt.SumDB = plan.SumDB.Name
	for _, m := range plan.Mirrors {
		in.Probes[m.ID] = probe.Probe(context.Background(), m, opt)
	}
	spares := SpareChecks(in)
	if len(spares) != 1 || spares[0].ID != "athens" {
		t.Fatalf("SpareChecks = %v, want athens", spares)
	}
	for _, m := range spares {
		in.Probes[m.ID] = probe.Probe(context.Background(), m, opt)
	}
	with := fixes(Doctor(in))
	want := "goproxytui use 'athens|" + missing.URL() + "'"
	if len(with) != 1 || with[0].Fix != want || with[0].Code != "chain-fails" {
		t.Fatalf("fixes:\n  %s\nwant one, on chain-fails: %s", strings.Join(short(with), "\n  "), want)
	}

	// Apply it as goproxytui use would write it, and download.
	value, err := mirrors.ExpandChain(strings.Trim(strings.TrimPrefix(with[0].Fix, "goproxytui use "), "'"), cat)
	if err != nil {
		t.Fatal(err)
	}
	env, dir := gotest.Env(t) // GOENV is a temp file, HOME and XDG dirs are temp
	env = append(env, "GOFLAGS=-mod=mod -modcacherw", "GONOSUMDB=", "GOPRIVATE=", "GONOPROXY=")
	run := func(args ...string) ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, goBin, args...)
		cmd.Dir, cmd.Env = filepath.Join(dir, "home"), env
		return cmd.CombinedOutput()
	}
	if out, err := run("env", "-w", "GOPROXY="+value, "GOSUMDB="+key); err != nil {
		t.Fatalf("go env -w: %v: %s", err, out)
	}
	out, err := run("mod", "download", "-json", fakeproxy.Canary)
	var res struct{ Zip, Error string }
	json.Unmarshal(out, &res)
	if err != nil || res.Zip == "" {
		t.Fatalf("go mod download with the fix GOPROXY=%s: %v: %s", value, err, out)
	}
	if athens.CountEndpoint(fakeproxy.EndpointZip) == 0 {
		t.Errorf("the zip did not come from the healthy config mirror")
	}
}
