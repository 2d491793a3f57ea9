package advisor

// The checksum database differential test: the real go command downloads
// a module through simulated mirrors (internal/fakeproxy) that proxy a
// real, signed checksum database — or answer /sumdb/<name>/supported with
// 404, 500, never, or 200 while failing every lookup — over chains of ',',
// '|' and direct, with a GOSUMDB of its own name (no URL, so go asks the
// proxies) or with a URL. doctor, fed with real probes of the same
// servers, must predict what go does: download, fail, or hang.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/internal/gotest"
)

const (
	// sumDiffDB is the database name: loopback, so that reaching it
	// directly (https://127.0.0.1/...) fails without leaving the machine.
	sumDiffDB = "127.0.0.1"
	// sumDiffModule is the module downloaded: on loopback too, so that
	// direct fails hermetically.
	sumDiffModule  = "127.0.0.1/canary"
	sumDiffVersion = "v1.0.0"
	// sumDiffHang is how long go must stay blocked after a stalling server
	// got its request for the case to count as a hang.
	sumDiffHang = 3 * time.Second
)

// sumDiffCase is a chain of servers, each named by its answer to
// /sumdb/<name>/supported: "200", "404", "500", "stall", "lookupfail" (200,
// then every database request fails); "direct" is the keyword. url gives
// GOSUMDB a URL (a working database server), so that go asks no proxy.
type sumDiffCase struct {
	entries []string
	seps    string
	url     bool
}

func (c sumDiffCase) name() string {
	var b strings.Builder
	if c.url {
		b.WriteString("url:")
	}
	for i, e := range c.entries {
		if i > 0 {
			b.WriteByte(c.seps[i-1])
		}
		b.WriteString(e)
	}
	return b.String()
}

// sumDiffMatrix: every answer alone, before ,direct and |direct, and
// before every other answer under ',' and '|'; a few longer chains; and
// GOSUMDB with a URL.
func sumDiffMatrix() []sumDiffCase {
	answers := []string{"200", "404", "500", "stall", "lookupfail"}
	var cs []sumDiffCase
	for _, a := range answers {
		cs = append(cs, sumDiffCase{[]string{a}, "", false},
			sumDiffCase{[]string{a, "direct"}, ",", false}, sumDiffCase{[]string{a, "direct"}, "|", false})
	}
	for _, sep := range []string{",", "|"} {
		for _, a := range []string{"404", "500", "stall", "lookupfail"} {
			for _, b := range answers {
				cs = append(cs, sumDiffCase{[]string{a, b}, sep, false})
			}
		}
		cs = append(cs, sumDiffCase{[]string{"200", "stall"}, sep, false})
	}
	cs = append(cs,
		sumDiffCase{[]string{"404", "500", "200"}, ",|", false},
		sumDiffCase{[]string{"500", "404", "direct"}, "||", false},
		sumDiffCase{[]string{"404", "404", "stall"}, ",,", false},
		sumDiffCase{[]string{"stall"}, "", true},
		sumDiffCase{[]string{"500", "direct"}, ",", true},
		sumDiffCase{[]string{"lookupfail"}, "", true},
	)
	return cs
}

// sumDiffOutcome is what happened, or what doctor predicts.
type sumDiffOutcome string

const (
	sdOK      sumDiffOutcome = "downloads"
	sdFail    sumDiffOutcome = "fails"
	sdHang    sumDiffOutcome = "hangs"
	sdUnknown sumDiffOutcome = "no prediction"
)

// startSumDiffServer starts a mirror serving the module and answering
// /sumdb/<name>/ as answer says.
func startSumDiffServer(t *testing.T, answer string) *fakeproxy.Server {
	t.Helper()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{
		Modules: []fakeproxy.Module{{Path: sumDiffModule, Versions: []string{sumDiffVersion}}},
		SumDB:   answer != "404", SumDBName: sumDiffDB,
	})
	switch answer {
	case "500":
		s.SetEndpoint(fakeproxy.EndpointSumDB, fakeproxy.Do(fakeproxy.ServerError))
	case "stall":
		s.SetEndpoint(fakeproxy.EndpointSumDB, fakeproxy.Do(fakeproxy.Stall))
	case "lookupfail":
		s.SetEndpoint(fakeproxy.EndpointSumDB, fakeproxy.Do(fakeproxy.ServerError))
		s.SetPath("/sumdb/"+sumDiffDB+"/supported", fakeproxy.Do(fakeproxy.OK))
	}
	return s
}

// predictSumDiff probes the servers as doctor does and maps its findings
// to a prediction of the download.
func predictSumDiff(t *testing.T, goproxy, gosumdb string) (sumDiffOutcome, []Finding) {
	t.Helper()
	in := measuredAsDoctor(t, goproxy, gosumdb, false)
	fs := Doctor(in)
	has := func(codes ...string) bool {
		for _, x := range fs {
			for _, c := range codes {
				if x.Code == c {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("chain-not-measured", "sumdb-not-measured"):
		return sdUnknown, fs
	case has("chain-hangs", "sumdb-hangs"):
		return sdHang, fs
	case has("chain-fails", "sumdb-unreachable", "chain-falls-to-direct", "gosumdb-invalid"):
		return sdFail, fs
	case has("chain-ok") && has("sumdb-via-proxy", "sumdb-direct"):
		return sdOK, fs
	}
	return sdUnknown, fs
}

// reachOf checks a checksum database URL as doctor does: GET <url>/latest.
func reachOf(u string) Reach {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(u, "/")+"/latest", nil)
	if err != nil {
		return Reach{URL: u, Reason: err.Error()}
	}
	resp, err := (&http.Client{Transport: &http.Transport{Proxy: nil}}).Do(req)
	if err != nil {
		return Reach{URL: u, Reason: err.Error()}
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Reach{URL: u, Reason: resp.Status}
	}
	return Reach{URL: u, OK: true}
}

// runSumDiffGo runs go mod download against the chain and says what it did.
func runSumDiffGo(shared, goBin, goproxy, gosumdb string, servers []*fakeproxy.Server) (sumDiffOutcome, string, error) {
	dir, err := os.MkdirTemp(shared, "case-*")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(dir)
	work := filepath.Join(dir, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return "", "", err
	}
	env, err := gotest.EnvAt(dir) // GOENV is a temp file, HOME and XDG dirs are temp
	if err != nil {
		return "", "", err
	}
	env = append(env, "GOCACHE="+filepath.Join(shared, "gocache"), "GOFLAGS=-mod=mod -modcacherw",
		"GONOSUMDB=", "GOPRIVATE=", "GONOPROXY=", "GOINSECURE=", "GOPROXY="+goproxy, "GOSUMDB="+gosumdb)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "mod", "download", "-json", sumDiffModule+"@"+sumDiffVersion)
	cmd.Dir, cmd.Env = work, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", "", err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stalled := make(chan struct{})
	var once sync.Once
	for _, s := range servers {
		go func() {
			_, err := s.WaitRequest(ctx, func(r fakeproxy.Request) bool { return r.Kind == fakeproxy.Stall })
			if err == nil {
				once.Do(func() { close(stalled) })
			}
		}()
	}
	select {
	case err := <-exited:
		if err != nil {
			return sdFail, out.String(), nil
		}
		return sdOK, out.String(), nil
	case <-stalled:
	}
	timer := time.NewTimer(sumDiffHang)
	defer timer.Stop()
	select {
	case err := <-exited:
		if err != nil {
			return sdFail, out.String(), nil
		}
		return sdOK, out.String(), nil
	case <-timer.C:
		cmd.Process.Kill()
		<-exited
		return sdHang, out.String(), nil
	}
}

func TestSumDBDifferentialGoCommand(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	vkey, err := fakeproxy.SumDBKey(sumDiffDB)
	if err != nil {
		t.Fatal(err)
	}
	shared := t.TempDir()
	cases := sumDiffMatrix()
	type result struct {
		chain, gosumdb string
		got, want      sumDiffOutcome
		out            string
		findings       []Finding
	}
	results := make([]result, len(cases))
	sem := make(chan struct{}, 16) // most cases wait on a stall, not on a core
	var wg sync.WaitGroup
	for i, c := range cases {
		var entries []string
		var servers []*fakeproxy.Server
		for _, e := range c.entries {
			if e == "direct" {
				entries = append(entries, e)
				continue
			}
			s := startSumDiffServer(t, e)
			servers = append(servers, s)
			entries = append(entries, s.URL())
		}
		chain := entries[0]
		for j := 1; j < len(entries); j++ {
			chain += string(c.seps[j-1]) + entries[j]
		}
		gosumdb := vkey
		if c.url {
			db := startSumDiffServer(t, "200")
			gosumdb = vkey + " " + db.URL() + "/sumdb/" + sumDiffDB
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			got, out, err := runSumDiffGo(shared, goBin, chain, gosumdb, servers)
			if err != nil {
				t.Error(err)
				return
			}
			want, findings := predictSumDiff(t, chain, gosumdb)
			results[i] = result{chain: chain, gosumdb: gosumdb, got: got, out: out, want: want, findings: findings}
		}()
	}
	wg.Wait()
	matched := 0
	tally := map[sumDiffOutcome]int{}
	for i, c := range cases {
		r := &results[i]
		if r.got == "" {
			continue
		}
		tally[r.got]++
		if r.want == r.got {
			matched++
			continue
		}
		t.Run(c.name(), func(t *testing.T) {
			t.Errorf("go %s, doctor predicts %s:\n  %s\ngo said: %s", r.got, r.want, strings.Join(findingLines(r.findings), "\n  "), lastLines(r.out, 3))
		})
	}
	t.Logf("doctor's prediction matches the go command in %d/%d cases (go: %v)", matched, len(cases), tally)
	if tally[sdOK] == 0 || tally[sdFail] == 0 || tally[sdHang] == 0 {
		t.Errorf("go's outcomes %v: the matrix must hold downloads, failures and hangs", tally)
	}
}

func findingLines(fs []Finding) []string {
	var out []string
	for _, x := range fs {
		out = append(out, fmt.Sprintf("%s %s: %s", x.Severity, x.Code, x.Message))
	}
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " / ")
}
