package mirrors

// The differential test: the real go command against local proxies, over a
// matrix of chains, checking that Simulate predicts what go does.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/goproxytui/goproxytui/internal/gotest"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/note"
	modzip "golang.org/x/mod/zip"
)

const (
	// diffModule is the module every case downloads. Its host is loopback,
	// so that direct (which asks https://127.0.0.1/mod?go-get=1) fails
	// without leaving the machine: the test stays hermetic.
	diffModule  = "127.0.0.1/mod"
	diffVersion = "v1.0.0"
	// hangDeadline is how long go must stay blocked after a hanging proxy
	// got its request for the case to count as a hang.
	hangDeadline = 3 * time.Second
	// diffSumDBName is the checksum database of the sumdb cases: loopback
	// too, so that reaching it directly (https://127.0.0.1/...) fails
	// without leaving the machine.
	diffSumDBName = "127.0.0.1"
)

// diffServer is one simulated proxy with a fixed behaviour.
type diffServer struct {
	name     string
	behavior Outcome // for the module's URLs
	files    Files   // per file, when not zero (Same(behavior) otherwise)
	sum      Outcome // for /sumdb/<name>/supported
	zip      []byte
	srv      *httptest.Server
	entry    string // the GOPROXY entry naming this server
	hits     atomic.Int32
	zips     atomic.Int32  // .zip downloads served
	supports atomic.Int32  // /sumdb/<name>/supported requests
	lookups  atomic.Int32  // other /sumdb/ requests (lookup, tiles)
	hung     chan struct{} // closed when the first request hangs
	hungOnce sync.Once
	stop     chan struct{} // closed to release hanging requests
}

func (s *diffServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/sumdb/"+diffSumDBName+"/"); ok {
		if rest != "supported" {
			// Where go sends database requests once it has chosen this proxy.
			s.lookups.Add(1)
			http.Error(w, "sumdb-lookup-at-"+s.name, http.StatusInternalServerError)
			return
		}
		s.supports.Add(1)
		if s.fail(w, r, s.sum, "sumdb-") {
			return
		}
		return // 200: this proxy serves the database
	}
	s.hits.Add(1)
	base := "/" + diffModule + "/@v/"
	files := s.files
	if files == (Files{}) {
		files = Same(s.behavior)
	}
	o := s.behavior
	switch r.URL.Path {
	case base + diffVersion + ".info":
		o = files.Info
	case base + diffVersion + ".mod":
		o = files.Mod
	case base + diffVersion + ".zip":
		o = files.Zip
	}
	if o == OutcomeBroken {
		// 200 with a body go rejects: not JSON, not a go.mod, not a zip.
		if strings.HasSuffix(r.URL.Path, ".zip") {
			s.zips.Add(1)
		}
		fmt.Fprintf(w, "<html>garbage-from-%s</html>\n", s.name)
		return
	}
	if s.fail(w, r, o, "") {
		return
	}
	switch r.URL.Path {
	case base + "list":
		fmt.Fprintln(w, diffVersion)
	case base + diffVersion + ".info":
		fmt.Fprintf(w, `{"Version":%q,"Time":"2024-01-02T03:04:05Z"}`, diffVersion)
	case base + diffVersion + ".mod":
		fmt.Fprintf(w, "module %s\n\ngo 1.21\n", diffModule)
	case base + diffVersion + ".zip":
		s.zips.Add(1)
		w.Write(s.zip)
	default:
		http.NotFound(w, r)
	}
}

// fail answers r as behaviour o says, unless o is OutcomeOK; error bodies
// name the server, so go's error message tells which one it reports.
func (s *diffServer) fail(w http.ResponseWriter, r *http.Request, o Outcome, prefix string) bool {
	switch o {
	case OutcomeHang:
		s.hungOnce.Do(func() { close(s.hung) })
		select {
		case <-r.Context().Done():
		case <-s.stop:
		}
	case OutcomeNotFound:
		http.Error(w, prefix+"not-found-from-"+s.name, http.StatusNotFound)
	case OutcomeError:
		http.Error(w, prefix+"fail-from-"+s.name, http.StatusInternalServerError)
	default:
		return false
	}
	return true
}

// buildModuleZip synthesises the module's zip with golang.org/x/mod/zip.
func buildModuleZip(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":  "module " + diffModule + "\n\ngo 1.21\n",
		"mod.go":  "// Package mod is a test module.\npackage mod\n\n// Answer is served by the test proxies.\nconst Answer = 42\n",
		"LICENSE": "Public domain.\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := modzip.CreateFromDir(&buf, module.Version{Path: diffModule, Version: diffVersion}, dir); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// diffCase is one chain: a list of entries, each a behaviour of a proxy
// ("ok", "404", "500", "hang") or the keyword "direct" or "off", and the
// separators between them.
type diffCase struct {
	entries []string
	seps    string // len(entries)-1 separators
	// sumdb: the behaviours are the proxies' answers to
	// /sumdb/<name>/supported (their module URLs all serve), and the case
	// checks RouteSumDB instead of Simulate.
	sumdb bool
}

// sepText is the GOPROXY text for a separator of diffCase.seps: ',' and
// '|' stand for themselves; 'P' is "| ," and 'C' is ", |" (an empty entry
// between: the separator right after an entry is the one that counts).
func sepText(b byte) string {
	switch b {
	case 'P':
		return "| ,"
	case 'C':
		return ", |"
	}
	return string(b)
}

func (c diffCase) name() string {
	var b strings.Builder
	if c.sumdb {
		b.WriteString("sumdb:")
	}
	for i, e := range c.entries {
		if i > 0 {
			b.WriteString(sepText(c.seps[i-1]))
		}
		b.WriteString(e)
	}
	return b.String()
}

// diffMatrix lists the chains to run: every two-entry chain whose second
// entry matters, a spread of three-entry chains, and direct and off.
func diffMatrix() []diffCase {
	var cs []diffCase
	behaviors := []string{"ok", "404", "500", "hang"}
	for _, sep := range []string{",", "|"} {
		// A first entry that serves or hangs decides alone.
		cs = append(cs, diffCase{[]string{"ok", "500"}, sep, false}, diffCase{[]string{"hang", "ok"}, sep, false})
		for _, a := range []string{"404", "500"} {
			for _, b := range behaviors {
				cs = append(cs, diffCase{[]string{a, b}, sep, false})
			}
		}
		for _, a := range []string{"404", "500", "ok"} {
			cs = append(cs, diffCase{[]string{a, "direct"}, sep, false})
		}
		for _, a := range []string{"404", "500"} {
			cs = append(cs, diffCase{[]string{a, "off"}, sep, false})
		}
	}
	triples := [][]string{
		{"500", "404", "404"}, // which error wins: the last non-404
		{"404", "500", "ok"},
		{"500", "500", "404"},
		{"404", "404", "404"}, // the last 404
		{"500", "hang", "ok"},
		{"404", "404", "ok"},
	}
	for _, seps := range []string{",,", ",|", "|,", "||"} {
		for _, tr := range triples {
			cs = append(cs, diffCase{tr, seps, false})
		}
	}
	cs = append(cs, diffCase{[]string{"500", "404", "direct"}, "||", false}, diffCase{[]string{"off", "ok"}, ",", false},
		// Empty entries: the separator right after an entry counts.
		diffCase{[]string{"500", "ok"}, "P", false}, diffCase{[]string{"500", "ok"}, "C", false},
		// A server that would serve, named with credentials over http.
		diffCase{[]string{"creds", "ok"}, ",", false}, diffCase{[]string{"creds", "ok"}, "|", false},
		diffCase{[]string{"404", "creds", "404"}, "||", false},
		// 200 with a broken body: final for the .mod and .zip.
		diffCase{[]string{"garbage", "ok"}, "|", false}, diffCase{[]string{"garbage", "ok"}, ",", false},
		diffCase{[]string{"badzip", "ok"}, "|", false}, diffCase{[]string{"404", "badzip"}, ",", false},
		diffCase{[]string{"ok", "garbage"}, "|", false})

	// The checksum database route: every answer to /supported after a
	// first entry that does not decide alone, and some longer chains.
	for _, sep := range []string{",", "|"} {
		cs = append(cs, diffCase{[]string{"ok", "500"}, sep, true}, diffCase{[]string{"hang", "ok"}, sep, true})
		for _, a := range []string{"404", "500"} {
			for _, b := range []string{"ok", "404", "500", "direct", "off"} {
				cs = append(cs, diffCase{[]string{a, b}, sep, true})
			}
		}
	}
	cs = append(cs,
		diffCase{[]string{"500", "404", "direct"}, "||", true},
		diffCase{[]string{"404", "500", "404"}, ",|", true},
		diffCase{[]string{"404", "404", "404"}, ",,", true},
		diffCase{[]string{"500", "hang", "ok"}, "||", true})
	return cs
}

// diffResult is what the go command did in one case.
type diffResult struct {
	hung     bool
	exitErr  error
	stdout   string
	stderr   string
	servers  []*diffServer // per entry; nil for direct and off
	duration time.Duration
}

// goDownloadJSON is the part of go mod download -json's output we check.
type goDownloadJSON struct {
	Path, Version, Error, Zip string
}

func TestDifferentialGoCommand(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	zip := buildModuleZip(t)
	_, vkey, err := note.GenerateKey(rand.Reader, diffSumDBName)
	if err != nil {
		t.Fatal(err)
	}
	shared := t.TempDir() // GOCACHE, shared by all runs (the go command locks it)
	cases := diffMatrix()
	results := make([]diffResult, len(cases))

	// Run the go commands concurrently: most of each run's time is process
	// start-up and, for hangs, waiting out the deadline.
	sem := make(chan struct{}, 6)
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = runDiffCase(t, goBin, shared, zip, vkey, c)
		}()
	}
	wg.Wait()

	for i, c := range cases {
		t.Run(c.name(), func(t *testing.T) {
			checkDiffCase(t, c, results[i])
		})
	}
}

// runDiffCase starts the servers of c, runs go mod download against them
// and reports what happened. It must not call t.Fatal (it runs in a
// goroutine); setup failures are reported with t.Error.
func runDiffCase(t *testing.T, goBin, shared string, zip []byte, vkey string, c diffCase) diffResult {
	var res diffResult
	var goproxy strings.Builder
	var hungSignals []chan struct{}
	for i, e := range c.entries {
		if i > 0 {
			goproxy.WriteString(sepText(c.seps[i-1]))
		}
		if e == "direct" || e == "off" {
			res.servers = append(res.servers, nil)
			goproxy.WriteString(e)
			continue
		}
		s := &diffServer{name: string(rune('A' + i)), behavior: outcomeOf(e), sum: OutcomeNotFound, zip: zip,
			hung: make(chan struct{}), stop: make(chan struct{})}
		if e == "badzip" {
			s.files = Files{Info: OutcomeOK, Mod: OutcomeOK, Zip: OutcomeBroken}
		}
		if c.sumdb {
			s.behavior, s.sum = OutcomeOK, outcomeOf(e)
		}
		s.srv = httptest.NewServer(s)
		defer s.srv.Close()
		defer close(s.stop) // runs before Close: release hanging handlers
		s.entry = s.srv.URL
		if e == "creds" {
			// go accepts the value but refuses to send credentials over http.
			s.entry = strings.Replace(s.srv.URL, "http://", "http://user:secret@", 1)
		}
		res.servers = append(res.servers, s)
		hungSignals = append(hungSignals, s.hung)
		goproxy.WriteString(s.entry)
	}

	gosumdb := "off"
	if c.sumdb {
		gosumdb = vkey
	}
	dir, env, err := goSandbox(shared, "GOSUMDB="+gosumdb, "GONOPROXY=", "GOPROXY="+goproxy.String())
	if err != nil {
		t.Error(err)
		return res
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// env comes from goSandbox: GOENV is a temp file, HOME and XDG dirs are temp.
	cmd := exec.CommandContext(ctx, goBin, "mod", "download", "-json", diffModule+"@"+diffVersion)
	cmd.Dir = filepath.Join(dir, "work")
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Error(err)
		return res
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	// A hanging proxy that got a request starts the hang deadline.
	anyHung := make(chan struct{})
	var hungOnce sync.Once
	for _, h := range hungSignals {
		go func() {
			select {
			case <-h:
				hungOnce.Do(func() { close(anyHung) })
			case <-ctx.Done():
			}
		}()
	}
	select {
	case res.exitErr = <-exited:
	case <-anyHung:
		timer := time.NewTimer(hangDeadline)
		select {
		case res.exitErr = <-exited:
			timer.Stop()
		case <-timer.C:
			res.hung = true
			cmd.Process.Kill()
			<-exited
		}
	}
	res.duration = time.Since(start)
	res.stdout, res.stderr = stdout.String(), stderr.String()
	return res
}

// goSandbox makes a directory under shared for one go command run and
// returns it with the environment for the run: the test's environment
// without GO*, proxy and locale variables, temp dirs for the go env file,
// HOME, XDG dirs, GOPATH and the module cache, GOCACHE shared, checksum
// database and toolchain switching off; extra variables last (they win).
func goSandbox(shared string, extra ...string) (dir string, env []string, err error) {
	dir, err = os.MkdirTemp(shared, "case-*")
	if err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "work"), 0o755); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	env, err = gotest.EnvAt(dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	env = append(env,
		"GOCACHE="+filepath.Join(shared, "gocache"),
		"GOFLAGS=-mod=mod -modcacherw",
		"GOSUMDB=off",
		"GONOSUMDB=", "GOPRIVATE=", "GOINSECURE=",
	)
	return dir, append(env, extra...), nil
}

// TestDifferentialParse checks that ParseChain accepts exactly the GOPROXY
// values the go command accepts, with go's reason for the others. The
// module path matches GONOPROXY, so go validates the whole list, then tries
// only "noproxy" (a direct fetch from https://127.0.0.1, refused on
// loopback) and stops: no proxy is ever contacted.
func TestDifferentialParse(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	values := []string{
		"https://proxy.golang.org,direct", "direct", "off", "  goproxy.cn , ,, direct  ", "a.example|,b.example",
		"https://goproxy.cn|", "https://goproxy.cn|direct,ftp://bad,word", "off|direct", " , off , https://a b",
		"localhost:3000", "goproxy.cn/", "HTTPS://GoProxy.CN/", "http://127.0.0.1:8080/mod", "file:///srv/goproxy",
		"https://user:pw@private.example", "http://user:pw@private.example", "https://", "http://:8080",
		" , | ", "goproxy", "https://goproxy.cn,proxy", "/srv/goproxy", "ftp://goproxy.cn", "socks5://x:1",
		"file://host/srv", "file:/srv", "file:///srv?x=1", "file:///srv#f", "file:srv", "DIRECT", "Off",
		"https://a b", "a:b", "https://u:secret@a b/", "https://[::1]:8080/p", "[::1]:8080", "https://goproxy.cn?x=1",
		"https://%zz", "a.example|direct|b b", "https:/one.slash", "//host/path", "	goproxy.cn	", "A://@/",
		"http://@:/", "000.00|https:/00|direct", "https://goproxy.cn/%2F", "https://goproxy.cn:99999",
	}
	shared := t.TempDir()
	results := make([]goDownloadJSON, len(values))
	sem := make(chan struct{}, 6)
	var wg sync.WaitGroup
	for i, v := range values {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			dir, env, err := goSandbox(shared, "GONOPROXY="+diffSumDBName, "GOPROXY="+v)
			if err != nil {
				t.Error(err)
				return
			}
			defer os.RemoveAll(dir)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, goBin, "mod", "download", "-json", diffModule+"@"+diffVersion)
			cmd.Dir, cmd.Env = filepath.Join(dir, "work"), env
			stdout, _ := cmd.Output() // go exits 1: every case fails somewhere
			if err := json.Unmarshal(stdout, &results[i]); err != nil {
				t.Errorf("GOPROXY=%q: go mod download -json output: %v: %s", v, err, stdout)
			}
		}()
	}
	wg.Wait()
	accepted := 0
	for i, v := range values {
		goErr := results[i].Error
		goAccepts := strings.Contains(goErr, "?go-get=1")
		if goAccepts {
			accepted++
		}
		_, err := ParseChain(v, nil)
		switch {
		case err == nil && !goAccepts:
			t.Errorf("GOPROXY=%q: ParseChain accepts it, go rejects it: %s", v, goErr)
		case err != nil && goAccepts:
			t.Errorf("GOPROXY=%q: ParseChain rejects it (%v), go accepts it", v, err)
		case err != nil && !strings.Contains(goErr, err.(*ChainError).Reason):
			t.Errorf("GOPROXY=%q: ParseChain's reason %q is not go's: %s", v, err.(*ChainError).Reason, goErr)
		}
	}
	if accepted == 0 || accepted == len(values) {
		t.Errorf("go accepted %d of %d values: the table must hold both kinds", accepted, len(values))
	}
}

func outcomeOf(behavior string) Outcome {
	switch behavior {
	case "ok", "creds":
		return OutcomeOK
	case "404":
		return OutcomeNotFound
	case "hang":
		return OutcomeHang
	case "garbage":
		return OutcomeBroken
	case "badzip":
		return OutcomeOK // but a broken .zip: see diffServer.files
	}
	return OutcomeError
}

// filesOf is what server s answers for each file.
func (s *diffServer) filesOf() Files {
	if s.files != (Files{}) {
		return s.files
	}
	return Same(s.behavior)
}

// checkDiffCase compares what go did with what Simulate predicts.
func checkDiffCase(t *testing.T, c diffCase, res diffResult) {
	if res.servers == nil {
		t.Fatal("case did not run")
	}
	var goproxy []string
	for i, e := range c.entries {
		if s := res.servers[i]; s != nil {
			goproxy = append(goproxy, s.entry)
		} else {
			goproxy = append(goproxy, e)
		}
	}
	value := goproxy[0]
	for i := 1; i < len(goproxy); i++ {
		value += sepText(c.seps[i-1]) + goproxy[i]
	}
	chain, err := ParseChain(value, nil)
	if err != nil {
		t.Fatalf("ParseChain(%q): %v", value, err)
	}
	if c.sumdb {
		checkSumDBCase(t, c, chain, res)
		return
	}
	v := SimulateDownload(chain, func(i int, e Entry) Files {
		if e.Kind == KindDirect {
			return Same(OutcomeError) // https://127.0.0.1/mod?go-get=1 is refused
		}
		return res.servers[i].filesOf()
	})
	t.Logf("GOPROXY=%s: predicted %v at %d (%s); go took %v", c.name(), v.Kind, v.Index, v.Reason, res.duration.Round(time.Millisecond))

	var out goDownloadJSON
	if !res.hung {
		if err := json.Unmarshal([]byte(res.stdout), &out); err != nil {
			t.Fatalf("go mod download -json output: %v\nstdout: %s\nstderr: %s", err, res.stdout, res.stderr)
		}
	}
	switch v.Kind {
	case Hangs:
		if !res.hung {
			t.Fatalf("predicted a hang at entry %d, but go finished in %v: %v\n%s%s", v.Index, res.duration, res.exitErr, res.stdout, res.stderr)
		}
	case Served:
		if res.hung || res.exitErr != nil || out.Error != "" || out.Zip == "" {
			t.Fatalf("predicted entry %d serves, but go: hung=%v err=%v\n%s%s", v.Index, res.hung, res.exitErr, res.stdout, res.stderr)
		}
		for i, s := range res.servers {
			if s == nil {
				continue
			}
			if got := s.zips.Load(); (i == v.Index) != (got > 0) {
				t.Errorf("server %s (entry %d) served %d zips; predicted server: entry %d", s.name, i, got, v.Index)
			}
		}
	case Failed:
		if res.hung || res.exitErr == nil || out.Error == "" {
			t.Fatalf("predicted failure blaming entry %d, but go: hung=%v err=%v\n%s%s", v.Index, res.hung, res.exitErr, res.stdout, res.stderr)
		}
		var want string
		switch e := chain.Entries[v.Index]; {
		case e.Kind == KindOff:
			want = ErrTextOff
		case e.Kind == KindDirect:
			want = diffModule + "?go-get=1"
		case e.Unusable() != "":
			want = e.Unusable()
		case v.Outcome == OutcomeBroken:
			// go unpacks the zip it was given (it stores a .mod without
			// parsing it, so a broken .mod fails at the same entry's zip).
			want = "zip: not a valid zip file"
		case res.servers[v.Index].filesOf().Info == OutcomeBroken:
			want = "invalid response from proxy \"" + res.servers[v.Index].srv.URL
		case v.Outcome == OutcomeNotFound:
			want = "not-found-from-" + res.servers[v.Index].name
		default:
			want = "fail-from-" + res.servers[v.Index].name
		}
		if !strings.Contains(out.Error, want) {
			t.Errorf("go reported %q; predicted the error from entry %d (%q)", out.Error, v.Index, want)
		}
		for i, s := range res.servers {
			if s != nil && i != v.Index && strings.Contains(out.Error, "-from-"+s.name) {
				t.Errorf("go's error names server %s, not the predicted entry %d", s.name, v.Index)
			}
		}
	}
	// The entries go contacted are those Simulate says it tried.
	for i, s := range res.servers {
		if s == nil {
			continue
		}
		contacted := slices.Contains(v.Tried, i) && chain.Entries[i].Unusable() == ""
		if hits := s.hits.Load(); contacted != (hits > 0) {
			t.Errorf("server %s (entry %d) got %d requests; predicted tried entries %v", s.name, i, hits, v.Tried)
		}
	}
}

// checkSumDBCase compares where go sent checksum database requests with
// what RouteSumDB predicts.
func checkSumDBCase(t *testing.T, c diffCase, chain Chain, res diffResult) {
	db := SumDB{Name: diffSumDBName, Key: "test"}
	r := RouteSumDB(chain, db, func(i int, e Entry) Outcome { return res.servers[i].sum })
	t.Logf("GOPROXY=%s: predicted %v at %d (%s); go took %v", c.name(), r.Kind, r.Index, r.Reason, res.duration.Round(time.Millisecond))

	var out goDownloadJSON
	if !res.hung {
		if err := json.Unmarshal([]byte(res.stdout), &out); err != nil {
			t.Fatalf("go mod download -json output: %v\nstdout: %s\nstderr: %s", err, res.stdout, res.stderr)
		}
		// The servers never answer a real lookup, so go must fail.
		if res.exitErr == nil || out.Error == "" {
			t.Fatalf("go succeeded without a checksum database: %s", res.stdout)
		}
	}
	switch r.Kind {
	case RouteHangs:
		if !res.hung {
			t.Fatalf("predicted a hang at entry %d, but go finished: %s", r.Index, out.Error)
		}
	case ViaProxy:
		if !strings.Contains(out.Error, "sumdb-lookup-at-"+res.servers[r.Index].name) {
			t.Errorf("predicted database traffic through entry %d; go reported %q", r.Index, out.Error)
		}
	case Direct:
		if !strings.Contains(out.Error, "https://"+diffSumDBName+"/") {
			t.Errorf("predicted a direct connection to https://%s; go reported %q", diffSumDBName, out.Error)
		}
	case Unavailable:
		s := res.servers[r.Index]
		want := "sumdb-fail-from-" + s.name
		if s.sum == OutcomeNotFound {
			want = "sumdb-not-found-from-" + s.name
		}
		if !strings.Contains(out.Error, want) {
			t.Errorf("predicted unavailable, blaming entry %d (%s); go reported %q", r.Index, want, out.Error)
		}
	default:
		t.Fatalf("unexpected route %v", r.Kind)
	}
	for i, s := range res.servers {
		if s == nil {
			continue
		}
		asked := slices.Contains(r.Tried, i) && chain.Entries[i].Unusable() == ""
		if n := s.supports.Load(); asked != (n > 0) {
			t.Errorf("server %s (entry %d) was asked /supported %d times; predicted tried entries %v", s.name, i, n, r.Tried)
		}
		if via, n := r.Kind == ViaProxy && r.Index == i, s.lookups.Load(); via != (n > 0) {
			t.Errorf("server %s (entry %d) got %d database requests; predicted route %v at %d", s.name, i, n, r.Kind, r.Index)
		}
	}
}
