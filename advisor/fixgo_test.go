package advisor

// Doctor's fixes, applied, then the real go command: wherever the measured
// mirrors allow a pinned download, the chain doctor proposes must make
// `go mod download` work; and doctor's query verdict must say whether
// `go list -m -versions` works through it.

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/internal/gotest"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// startFixGoServer starts a mirror of the test module that proxies the
// test checksum database and answers as kind says: "ok", "partial" (@v/list
// 403, @latest 404), "500", "404", "stall", "garbage".
func startFixGoServer(t *testing.T, kind string) *fakeproxy.Server {
	t.Helper()
	s, err := fakeproxy.Start(fakeproxy.Options{
		Modules: []fakeproxy.Module{{Path: sumDiffModule, Versions: []string{sumDiffVersion}}},
		SumDB:   true, SumDBName: sumDiffDB,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	switch kind {
	case "partial":
		s.SetPartial(fakeproxy.Partial{List: fakeproxy.Code(403)})
	case "500":
		s.Set(fakeproxy.Do(fakeproxy.ServerError))
	case "404":
		s.Set(fakeproxy.Do(fakeproxy.NotFound))
	case "stall":
		s.Set(fakeproxy.Do(fakeproxy.Stall))
	case "garbage":
		s.Set(fakeproxy.Do(fakeproxy.GarbageJSON))
	}
	return s
}

// doctorOn probes the chain's mirrors as doctor does (every check on) and
// returns its findings.
func doctorOn(t *testing.T, goproxy, gosumdb string) []Finding {
	t.Helper()
	return Doctor(measuredAsDoctor(t, goproxy, gosumdb, true))
}

// measuredAsDoctor is doctor's input for GOPROXY and GOSUMDB in the go env
// file, with real probes of the chain's mirrors (the version query check
// when checkList) and direct checks of the checksum database URLs it asks
// for.
func measuredAsDoctor(t *testing.T, goproxy, gosumdb string, checkList bool) DoctorInput {
	t.Helper()
	sn := envcfg.Snapshot{Vars: map[string]envcfg.Var{
		"GOPROXY": {Name: "GOPROXY", Value: goproxy, Source: envcfg.SourceFile},
		"GOSUMDB": {Name: "GOSUMDB", Value: gosumdb, Source: envcfg.SourceFile},
	}, EnvFile: "/tmp/go/env"}
	plan := DoctorPlan(sn, nil)
	opt := probe.DefaultOptions()
	opt.Canary = sumDiffModule + "@" + sumDiffVersion
	opt.Timeout = 3 * time.Second // only stalls run into it, on any machine
	opt.CheckList = checkList
	opt.SumDB = plan.SumDB.Name
	opt.Proxy = func(*http.Request) (*url.URL, error) { return nil, nil }
	in := DoctorInput{Lang: i18n.EN, Snapshot: sn, Probes: map[string]probe.Result{}, SumDB: map[string]Reach{}}
	for _, m := range plan.Mirrors {
		in.Probes[m.ID] = probe.Probe(context.Background(), m, opt)
	}
	for range 3 {
		checks := SumDBChecks(in)
		if len(checks) == 0 {
			break
		}
		for _, u := range checks {
			in.SumDB[u] = reachOf(u)
		}
	}
	return in
}

// applyFixes applies the fixes doctor proposes for GOPROXY and GOSUMDB to
// the values, as the commands would: goproxytui use CHAIN [--sumdb DB], go
// env -w GOSUMDB=DB. It fails the test on a fix it cannot apply
// (recommend --apply must not be proposed here: every mirror is measured).
func applyFixes(t *testing.T, fs []Finding, goproxy, gosumdb string) (string, string, bool) {
	t.Helper()
	fixed := false
	for _, f := range fs {
		for _, cmd := range strings.Split(f.Fix, " && ") {
			switch {
			case cmd == "":
			case strings.HasPrefix(cmd, "goproxytui use "):
				arg, db, hasDB := strings.Cut(strings.TrimPrefix(cmd, "goproxytui use "), " --sumdb ")
				v, err := mirrors.ExpandChain(strings.Trim(arg, "'"), nil)
				if err != nil {
					t.Fatalf("fix %q: %v", cmd, err)
				}
				goproxy, fixed = v, true
				if hasDB {
					gosumdb = strings.Trim(db, "'")
				}
			case strings.HasPrefix(cmd, "go env -w GOSUMDB="):
				gosumdb, fixed = strings.Trim(strings.TrimPrefix(cmd, "go env -w GOSUMDB="), "'"), true
			case f.Code == "goprivate-invalid" || strings.HasPrefix(f.Code, "relay"):
			default:
				t.Fatalf("finding %s proposes %q, which this test cannot apply", f.Code, cmd)
			}
		}
	}
	return goproxy, gosumdb, fixed
}

// runGo runs the go command with GOPROXY and GOSUMDB in a sandbox (GOENV a
// temp file, GOMODCACHE a temp dir) and reports whether it succeeded. A
// request to a stalling server fails the test at once: no fix may send go
// there, and go would wait forever.
func runGo(t *testing.T, shared, goproxy, gosumdb string, stalling []*fakeproxy.Server, args ...string) (bool, string) {
	t.Helper()
	dir, err := os.MkdirTemp(shared, "run-*")
	if err != nil {
		t.Fatal(err)
	}
	env, err := gotest.EnvAt(dir)
	if err != nil {
		t.Fatal(err)
	}
	env = append(env, "GOCACHE="+filepath.Join(shared, "gocache"), "GOFLAGS=-mod=mod -modcacherw",
		"GONOSUMDB=", "GOPRIVATE=", "GONOPROXY=", "GOINSECURE=", "GOPROXY="+goproxy, "GOSUMDB="+gosumdb)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stalled := make(chan struct{}, len(stalling))
	for _, s := range stalling {
		before := s.Count("") // requests before go started (the probes') do not count
		go func() {
			_, err := s.WaitRequest(ctx, func(r fakeproxy.Request) bool { return r.Kind == fakeproxy.Stall && r.Seq > before })
			if err == nil {
				stalled <- struct{}{}
			}
		}()
	}
	select {
	case err := <-exited:
		return err == nil, out.String()
	case <-stalled:
		cancel()
		<-exited
		t.Errorf("go %s sent a request to a stalling mirror through GOPROXY=%s", strings.Join(args, " "), goproxy)
		return false, out.String()
	}
}

func TestDoctorFixThenRealGo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	vkey, err := fakeproxy.SumDBKey(sumDiffDB)
	if err != nil {
		t.Fatal(err)
	}
	shared := t.TempDir()
	cases := []struct {
		entries []string
		seps    string
		allowed bool // a measured mirror serves the pinned download
	}{
		{[]string{"partial", "direct"}, ",", true},
		{[]string{"500", "partial", "direct"}, ",,", true},
		{[]string{"stall", "partial", "direct"}, "|,", true},
		{[]string{"garbage", "partial", "direct"}, "|,", true},
		{[]string{"partial", "ok", "direct"}, "|,", true},
		{[]string{"404", "500", "direct"}, ",,", false},
	}
	for _, c := range cases {
		var entries []string
		var stalling []*fakeproxy.Server
		for _, e := range c.entries {
			if e == "direct" {
				entries = append(entries, e)
				continue
			}
			s := startFixGoServer(t, e)
			if e == "stall" {
				stalling = append(stalling, s)
			}
			entries = append(entries, s.URL())
		}
		goproxy := entries[0]
		for j := 1; j < len(entries); j++ {
			goproxy += string(c.seps[j-1]) + entries[j]
		}
		name := c.entries[0]
		for j := 1; j < len(c.entries); j++ {
			name += string(c.seps[j-1]) + c.entries[j]
		}
		t.Run(name, func(t *testing.T) {
			fs := doctorOn(t, goproxy, vkey)
			fixedProxy, fixedSum, fixed := applyFixes(t, fs, goproxy, vkey)
			ok, out := runGo(t, shared, fixedProxy, fixedSum, stalling, "mod", "download", "-json", sumDiffModule+"@"+sumDiffVersion)
			if c.allowed && !ok {
				t.Errorf("after doctor's fixes (applied: %v) GOPROXY=%s: go mod download fails:\n%s\nfindings:\n  %s",
					fixed, fixedProxy, lastLines(out, 4), strings.Join(findingLines(fs), "\n  "))
			}
			if !c.allowed && fixed {
				t.Errorf("no mirror serves the module, yet doctor proposes a fix:\n  %s", strings.Join(findingLines(fs), "\n  "))
			}
			if !ok {
				return
			}
			// The query verdict on the chain now in place says what
			// go list -m -versions does.
			var query string
			for _, f := range doctorOn(t, fixedProxy, fixedSum) {
				if strings.HasPrefix(f.Code, "query-") {
					query = f.Code
				}
			}
			listed, out := runGo(t, shared, fixedProxy, fixedSum, stalling, "list", "-m", "-versions", sumDiffModule)
			t.Logf("GOPROXY=%s fixed %v: download ok, query verdict %s, go list -m -versions ok %v: %s", fixedProxy, fixed, query, listed, lastLines(out, 1))
			if listed != (query == "query-ok") {
				t.Errorf("GOPROXY=%s: go list -m -versions succeeded %v, doctor's query verdict %s:\n%s", fixedProxy, listed, query, lastLines(out, 3))
			}
		})
	}
}
