package relay

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/internal/gotest"
	"github.com/goproxytui/goproxytui/probe"
)

// The checksum database through an upstream that proxies it, and directly
// when none does; bodies unchanged.
func TestSumDB(t *testing.T) {
	plain := mirror(t, fakeproxy.Options{})
	withDB := mirror(t, fakeproxy.Options{SumDB: true})
	const lookup = "/sumdb/sum.golang.org/lookup/example.com/hello@v1.0.0"
	f := start(t, Options{Upstreams: chainOf(plain, withDB)})
	if code, _ := f.get(t, "/sumdb/sum.golang.org/supported"); code != 200 || f.log.last().Mirror != "b" {
		t.Errorf("supported through a proxy: %d %+v", code, f.log.last())
	}
	code, body := f.get(t, lookup)
	if code != 200 || body != direct(t, withDB, lookup) {
		t.Errorf("lookup %d %q", code, body)
	}
	if code, _ := f.get(t, "/sumdb/sum.golang.org/tile/8/0/000"); code != 200 && code != 404 {
		t.Errorf("tile: %d", code)
	}

	// No upstream proxies it: the direct route (GOSUMDB's URL) serves.
	g := start(t, Options{Upstreams: chainOf(plain), SumDB: []SumDBRoute{{Name: "sum.golang.org", URL: withDB.URL() + "/sumdb/sum.golang.org"}}})
	if code, _ := g.get(t, "/sumdb/sum.golang.org/supported"); code != 200 || g.log.last().Mirror != "direct:sum.golang.org" {
		t.Errorf("supported directly: %d %+v", code, g.log.last())
	}
	if code, body := g.get(t, lookup); code != 200 || body != direct(t, withDB, lookup) {
		t.Errorf("lookup directly: %d %q", code, body)
	}
	// Neither: 404, as go expects to then go to the database itself.
	h := start(t, Options{Upstreams: chainOf(plain)})
	if code, _ := h.get(t, "/sumdb/sum.golang.org/supported"); code != 404 {
		t.Errorf("supported nowhere: %d", code)
	}
}

// goEnv is a sandboxed environment for the real go command: GOENV is a temp
// file, HOME and the XDG dirs are temp dirs (internal/gotest), the module
// cache is a temp dir and writable (-modcacherw) so that it can be removed.
func goEnv(t testing.TB, extra ...string) []string {
	t.Helper()
	env, _ := gotest.Env(t)
	env = append(env, "GOFLAGS=-modcacherw", "GOPRIVATE=", "GONOPROXY=", "GONOSUMDB=", "GOINSECURE=")
	return append(env, extra...)
}

// goModDownload runs `go mod download -json mods...` with env (from goEnv:
// GOENV sandboxed) and a timeout; it returns the decoded answers.
func goModDownload(t testing.TB, env []string, timeout time.Duration, mods ...string) ([]map[string]any, error) {
	t.Helper()
	return goModDownloadIn(t, env, t.TempDir(), timeout, mods...)
}

// goModDownloadIn is goModDownload in dir (a module, or any directory).
func goModDownloadIn(t testing.TB, env []string, dir string, timeout time.Duration, mods ...string) ([]map[string]any, error) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed: %v", err)
	}
	cmd := exec.Command(goBin, append([]string{"mod", "download", "-json"}, mods...)...)
	cmd.Env = env
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(timeout):
		cmd.Process.Kill()
		<-done
		return nil, errTimeout
	}
	var outs []map[string]any
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var m map[string]any
		if derr := dec.Decode(&m); derr != nil {
			break
		}
		outs = append(outs, m)
	}
	if err != nil {
		return outs, &goError{err: err, stderr: stderr.String()}
	}
	return outs, nil
}

type goError struct {
	err    error
	stderr string
}

func (e *goError) Error() string { return e.err.Error() + ": " + e.stderr }

var errTimeout = &goError{err: os.ErrDeadlineExceeded, stderr: "go mod download did not finish in time (killed)"}

// The real go command downloads several module versions through the relay,
// the checksum database on (reached through the relay, signed by the fake
// database's key), with a primary that stalls on .zip and answers 500 on
// .mod: every hash matches and go never sees the failures.
func TestGoModDownloadThroughRelay(t *testing.T) {
	t.Parallel()
	primary := mirror(t, fakeproxy.Options{TLS: true, SumDB: true})
	primary.SetEndpoint(fakeproxy.EndpointZip, fakeproxy.Do(fakeproxy.Stall))
	primary.SetEndpoint(fakeproxy.EndpointMod, fakeproxy.Do(fakeproxy.ServerError))
	backup := mirror(t, fakeproxy.Options{TLS: true, HTTP2: true, SumDB: true})
	f := start(t, Options{Upstreams: []Upstream{up("primary", primary.URL(), 0), up("backup", backup.URL(), 1)},
		Hedge: HedgePolicy{Mode: HedgeFixed, Delay: 50 * time.Millisecond}})
	key, err := fakeproxy.SumDBKey("")
	if err != nil {
		t.Fatal(err)
	}
	env := goEnv(t, "GOPROXY="+f.srv.URL, "GOSUMDB="+key)
	mods := []string{"example.com/hello@v1.0.0", "example.com/hello@v1.1.0", "example.com/Upper@v1.0.0", "example.com/canary@v1.0.0"}
	outs, err := goModDownload(t, env, 2*time.Minute, mods...)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != len(mods) {
		t.Fatalf("%d answers: %v", len(outs), outs)
	}
	for _, o := range outs {
		path, vers := o["Path"].(string), o["Version"].(string)
		lines, err := backup.GoSum(path, vers)
		if err != nil {
			t.Fatal(err)
		}
		want := path + " " + vers + " " + o["Sum"].(string) + "\n" + path + " " + vers + "/go.mod " + o["GoModSum"].(string) + "\n"
		if o["Error"] != nil || lines != want {
			t.Errorf("%s@%s: %v, go.sum %q, want %q", path, vers, o["Error"], want, lines)
		}
	}
	if backup.CountEndpoint(fakeproxy.EndpointZip) != len(mods) || primary.CountEndpoint(fakeproxy.EndpointSumDB) == 0 {
		t.Errorf("zips from the backup %d; sumdb requests to the primary %d", backup.CountEndpoint(fakeproxy.EndpointZip), primary.CountEndpoint(fakeproxy.EndpointSumDB))
	}
	if s := f.r.Stats(); s.Errors != 0 || s.Failovers == 0 {
		t.Errorf("stats %+v", s)
	}
	if !strings.HasPrefix(f.srv.URL, "http://127.0.0.1:") {
		t.Errorf("relay URL %s", f.srv.URL)
	}
}

// goSumLines checks go's answers against the go.sum lines of the healthy
// mirror: every module downloaded, every hash the right one.
func goSumLines(t testing.TB, healthy *fakeproxy.Server, outs []map[string]any, n int) {
	t.Helper()
	if len(outs) != n {
		t.Fatalf("%d answers, want %d: %v", len(outs), n, outs)
	}
	for _, o := range outs {
		path, _ := o["Path"].(string)
		vers, _ := o["Version"].(string)
		if o["Error"] != nil {
			t.Errorf("%s@%s: %v", path, vers, o["Error"])
			continue
		}
		lines, err := healthy.GoSum(path, vers)
		if err != nil {
			t.Fatal(err)
		}
		sum, _ := o["Sum"].(string)
		modSum, _ := o["GoModSum"].(string)
		if want := path + " " + vers + " " + sum + "\n" + path + " " + vers + "/go.mod " + modSum + "\n"; lines != want {
			t.Errorf("%s@%s: go.sum %q, want %q", path, vers, want, lines)
		}
	}
}

// brokenMods are what the go command downloads in front of a broken
// mirror: a version query (@v/list, then the latest's files) and pinned
// versions (.info, .mod, .zip).
var brokenMods = []string{"example.com/hello@latest", "example.com/canary@v1.0.0", "example.com/Upper@v1.0.0"}

// The real go command through the relay, a broken mirror in front of a
// healthy one, for every kind of broken mirror, cold (a relay just
// started) and warm (the same relay, go with a fresh module cache): go
// never hangs (a run is killed after two minutes) and every file it gets
// is the right one (go.sum-checked against the healthy mirror, the
// checksum database on). No attempt ends as a bare "protocol" failure.
func TestGoThroughBrokenMirror(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command 18 times: skipped under -short")
	}
	key, err := fakeproxy.SumDBKey("")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range allBreaks {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			healthy := mirror(t, fakeproxy.Options{SumDB: true})
			f := start(t, Options{Upstreams: []Upstream{up("broken", brokenMirror(t, healthy, kind), 0), up("healthy", healthy.URL(), 1)}})
			for _, run := range []string{"cold", "warm"} {
				outs, err := goModDownload(t, goEnv(t, "GOPROXY="+f.srv.URL, "GOSUMDB="+key), 2*time.Minute, brokenMods...)
				if err != nil {
					t.Fatalf("%s: %v", run, err)
				}
				goSumLines(t, healthy, outs, len(brokenMods))
			}
			f.log.mu.Lock()
			defer f.log.mu.Unlock()
			invalid := 0
			for _, rec := range f.log.recs {
				if rec.Status == 200 && rec.Mirror == "broken" && string(breakBody(kind, rec.Path, []byte("x"))) != "x" {
					t.Errorf("the broken mirror served %s", rec.Path)
				}
				for _, a := range rec.Attempts {
					if a.Class == probe.ClassProtocol {
						t.Errorf("%s: attempt of class protocol: %+v", rec.Path, a)
					}
					if a.Class == ClassInvalid {
						invalid++
					}
				}
			}
			if strings.Contains(string(kind), "-") && !strings.HasPrefix(string(kind), "stall") && invalid == 0 {
				t.Errorf("no invalid answer recorded for a %s mirror", kind)
			}
		})
	}
}

// A full outage of every mirror: a fresh go command (its own empty module
// cache, a project with its go.sum) still builds from this machine's
// module cache, which the relay serves read-only, each answer marked as
// served from the cache; @v/list and @latest from the cache are marked
// partial; with NoCacheFallback the outage is a 502.
func TestOutageServedFromCache(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command: skipped under -short")
	}
	key, err := fakeproxy.SumDBKey("")
	if err != nil {
		t.Fatal(err)
	}
	healthy := mirror(t, fakeproxy.Options{SumDB: true})
	env, home := gotest.Env(t)
	env = append(env, "GOFLAGS=-modcacherw", "GOPRIVATE=", "GONOPROXY=", "GONOSUMDB=", "GOINSECURE=", "GOPROXY="+healthy.URL(), "GOSUMDB="+key)
	mods := []string{"example.com/hello@v1.0.0", "example.com/canary@v1.0.0"}
	if _, err := goModDownload(t, env, 2*time.Minute, mods...); err != nil {
		t.Fatal(err)
	}
	modCache := filepath.Join(home, "modcache")

	refused, _ := fakeproxy.RefusedURL()
	five := mirror(t, fakeproxy.Options{Behavior: fakeproxy.Code(503)})
	outage := []Upstream{up("refused", refused, 0), up("five", five.URL(), 1)}
	f := start(t, Options{Upstreams: outage, ModCache: modCache})
	project := t.TempDir()
	goMod := "module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/hello v1.0.0\n\texample.com/canary v1.0.0\n)\n"
	var goSum string
	for _, m := range mods {
		p, v, _ := strings.Cut(m, "@")
		lines, err := healthy.GoSum(p, v)
		if err != nil {
			t.Fatal(err)
		}
		goSum += lines
	}
	if os.WriteFile(filepath.Join(project, "go.mod"), []byte(goMod), 0o644) != nil || os.WriteFile(filepath.Join(project, "go.sum"), []byte(goSum), 0o644) != nil {
		t.Fatal("cannot write the project")
	}
	outs, err := goModDownloadIn(t, goEnv(t, "GOPROXY="+f.srv.URL, "GOSUMDB="+key), project, 2*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	goSumLines(t, healthy, outs, len(mods))
	fromCache := 0
	f.log.mu.Lock()
	recs := slices.Clone(f.log.recs)
	f.log.mu.Unlock()
	for _, rec := range recs {
		if rec.FromCache && rec.Mirror == CacheMirror && rec.Status == 200 && !rec.Partial {
			fromCache++
		}
	}
	if st := f.r.Status(); fromCache == 0 || st.FromCache != fromCache {
		t.Errorf("%d answers from the cache, status says %d", fromCache, st.FromCache)
	}

	for _, p := range []string{"/example.com/hello/@v/list", "/example.com/hello/@latest"} {
		resp, err := f.c.Get(f.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		f.log.wait(t)
		if resp.StatusCode != 200 || resp.Header.Get(PartialHeader) != "1" || resp.Header.Get(ServedFromHeader) != CacheMirror || !strings.Contains(string(body), "v1.0.0") {
			t.Errorf("%s: %d %q %v", p, resp.StatusCode, body, resp.Header)
		}
		if rec := f.log.last(); !rec.FromCache || !rec.Partial {
			t.Errorf("%s: record %+v", p, rec)
		}
	}
	g := start(t, Options{Upstreams: outage, ModCache: modCache, NoCacheFallback: true})
	if code, _ := g.get(t, helloInfo); code != 502 {
		t.Errorf("no cache fallback: %d, want 502", code)
	}
}
