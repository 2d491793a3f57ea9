package demofleet

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/gotest"
)

// goEnv returns a sandboxed environment for the real go command (see
// internal/gotest), with GOFLAGS=-mod=mod, no private patterns, and the
// given extra variables.
func goEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	env, _ := gotest.Env(t)
	env = append(env, "GOFLAGS=-mod=mod", "GOPRIVATE=", "GONOPROXY=", "GONOSUMDB=", "GOINSECURE=")
	return append(env, extra...)
}

// goDownload runs `go mod download -json mod` and decodes its answer.
func goDownload(t *testing.T, env []string, mod string) (sum, goModSum string) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed: %v", err)
	}
	// env comes from goEnv: GOENV is a temp file, HOME and XDG dirs are temp.
	cmd := exec.Command(goBin, "mod", "download", "-json", mod)
	cmd.Env = env
	cmd.Dir = t.TempDir() // outside any module
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go mod download %s: %v\n%s\n%s", mod, err, stdout.Bytes(), stderr.Bytes())
	}
	var out struct {
		Path, Version, Error, Sum, GoModSum, Zip string
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || out.Error != "" {
		t.Fatalf("go mod download %s: %v %q\n%s", mod, err, out.Error, stdout.Bytes())
	}
	if _, err := os.Stat(out.Zip); err != nil {
		t.Errorf("downloaded zip: %v", err)
	}
	return out.Sum, out.GoModSum
}

// wantSum checks the go command's hashes against GoSum.
func wantSum(t *testing.T, s *Server, path, vers, sum, goModSum string) {
	t.Helper()
	lines, err := s.GoSum(path, vers)
	if err != nil {
		t.Fatal(err)
	}
	want := path + " " + vers + " " + sum + "\n" + path + " " + vers + "/go.mod " + goModSum + "\n"
	if !strings.HasPrefix(sum, "h1:") || lines != want {
		t.Fatalf("go.sum lines %q, the go command's %q", lines, want)
	}
}

// TestGoModDownload runs the real go command against an HTTPS server.
func TestGoModDownload(t *testing.T) {
	t.Parallel()
	s := StartMirror(t, Options{TLS: true})
	ca, err := s.CAFile()
	if err != nil {
		t.Fatal(err)
	}
	env := goEnv(t, "GOPROXY="+s.URL(), "GOSUMDB=off", "SSL_CERT_FILE="+ca)
	sum, goModSum := goDownload(t, env, "example.com/hello@v1.0.0")
	wantSum(t, s, "example.com/hello", "v1.0.0", sum, goModSum)
	if s.Count("/example.com/hello/@v/v1.0.0.zip") != 1 {
		t.Errorf("requests: %+v", s.Requests())
	}
}

// TestGoModDownloadSumDB has the go command verify a case-escaped module
// through the checksum database proxied by the second mirror of a chain,
// the first one answering 404 to /sumdb/.../supported.
func TestGoModDownloadSumDB(t *testing.T) {
	t.Parallel()
	first := StartMirror(t, Options{TLS: true, Behavior: Do(NotFound)})
	second := StartMirror(t, Options{TLS: true, SumDB: true})
	ca, err := second.CAFile()
	if err != nil {
		t.Fatal(err)
	}
	key, err := SumDBKey("")
	if err != nil {
		t.Fatal(err)
	}
	env := goEnv(t, "GOPROXY="+first.URL()+","+second.URL(), "GOSUMDB="+key, "SSL_CERT_FILE="+ca)
	sum, goModSum := goDownload(t, env, "example.com/Upper@v1.0.0")
	wantSum(t, second, "example.com/Upper", "v1.0.0", sum, goModSum)
	// The go command repeats a request once after a 4xx (to retry with
	// credentials), so the first mirror sees each path twice.
	if first.Count("/sumdb/sum.golang.org/supported") == 0 || second.Count("/sumdb/sum.golang.org/supported") != 1 {
		t.Errorf("supported asked %d and %d times", first.Count("/sumdb/sum.golang.org/supported"), second.Count("/sumdb/sum.golang.org/supported"))
	}
	if second.CountEndpoint(EndpointSumDB) < 3 { // supported, lookup, tiles
		t.Errorf("sumdb requests of the second mirror: %+v", second.Requests())
	}
	if first.CountEndpoint(EndpointZip) == 0 || second.CountEndpoint(EndpointZip) != 1 {
		t.Errorf("zip requests: %d and %d", first.CountEndpoint(EndpointZip), second.CountEndpoint(EndpointZip))
	}
}
