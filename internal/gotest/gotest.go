// Package gotest gives tests an environment in which the real go command
// (and the goproxytui binary) can run without touching the real user's
// files: every directory the go command writes to is a temp dir, GOENV is a
// temp file (never "off", which makes go env -w write the default file), and
// telemetry is off so that no child process outlives the command and writes
// into a temp dir while the test removes it.
//
// The environment also sets HTTPS_PROXY and HTTP_PROXY to RefusingProxy, a
// loopback port nothing listens on: a request the go command or goproxytui
// makes to any host but loopback is refused at once, so a test that reaches
// past its fake servers fails instead of depending on the network. Go's
// net/http never proxies loopback hosts, so fake mirrors on 127.0.0.1 are
// reached directly.
//
// It is imported by tests only.
package gotest

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// RefusingProxy is the HTTP(S) proxy of every sandboxed environment: a
// loopback address on which nothing listens (port 1, tcpmux, is never
// served on a test machine), so connecting to it fails at once.
const RefusingProxy = "http://127.0.0.1:1"

// Env returns a sandboxed environment under a new t.TempDir (returned as
// dir): HOME, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_CACHE_HOME, GOPATH and
// GOMODCACHE are dirs in it, GOENV is dir/config/go/env (not created), and
// GOTOOLCHAIN=local, HTTPS_PROXY and HTTP_PROXY are RefusingProxy. The
// parent's GO*, proxy, locale and certificate variables are dropped; PATH
// and the rest are kept. GOCACHE is the user's
// build cache (safe to share, and it keeps builds fast).
func Env(t testing.TB) (env []string, dir string) {
	t.Helper()
	dir = t.TempDir()
	env, err := EnvAt(dir)
	if err != nil {
		t.Fatal(err)
	}
	return env, dir
}

// EnvAt is Env in an existing directory dir, for callers that manage its
// lifetime themselves.
func EnvAt(dir string) ([]string, error) {
	for _, d := range []string{"home", "config", "state", "cache", "gopath", "modcache"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	// `go telemetry off` writes this file; with it the go command starts no
	// telemetry child and writes no counters.
	tdir := filepath.Join(dir, "config", "go", "telemetry")
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		return nil, err
	}
	mode := "off " + time.Now().UTC().Format(time.DateOnly)
	if err := os.WriteFile(filepath.Join(tdir, "mode"), []byte(mode), 0o644); err != nil {
		return nil, err
	}
	env := append(Filtered(os.Environ()),
		"HOME="+filepath.Join(dir, "home"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"GOENV="+filepath.Join(dir, "config", "go", "env"),
		"GOPATH="+filepath.Join(dir, "gopath"),
		"GOMODCACHE="+filepath.Join(dir, "modcache"),
		"GOCACHE="+BuildCache(),
		"GOTOOLCHAIN=local",
		"HTTPS_PROXY="+RefusingProxy,
		"HTTP_PROXY="+RefusingProxy,
	)
	return env, nil
}

// Filtered returns environ without the variables that could point the go
// command or goproxytui at the real user's settings or change their output:
// GO*, *PROXY*, LC_*, LANG, LANGUAGE, HOME, XDG_*, SSL_CERT_*, NO_COLOR.
func Filtered(environ []string) []string {
	var out []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		ku := strings.ToUpper(k)
		switch {
		case strings.HasPrefix(ku, "GO"), strings.Contains(ku, "PROXY"), strings.HasPrefix(ku, "LC_"),
			ku == "LANG", ku == "LANGUAGE", ku == "HOME", strings.HasPrefix(ku, "XDG_"),
			strings.HasPrefix(ku, "SSL_CERT"), ku == "NO_COLOR":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Value returns the value of key in env (the last one wins, as in exec).
func Value(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// BuildCache is the user's go build cache (GOCACHE, else the go command's
// default), found without running go, which would write telemetry counters
// into the real user's config dir.
func BuildCache() string {
	if c := os.Getenv("GOCACHE"); c != "" && c != "off" {
		return c
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "go-build")
	}
	return filepath.Join(os.TempDir(), "goproxytui-gocache")
}

// AssertEmptyDir fails t when dir holds anything.
func AssertEmptyDir(t testing.TB, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("%s was created in %s", e.Name(), dir)
	}
}

// AllowParallel lets n parallel tests run at once unless -parallel was
// given, for a package whose tests mostly wait (on subprocesses, fake
// mirrors, timeouts) rather than compute: the default, GOMAXPROCS, leaves
// a two-core machine idle while they wait. Call it from TestMain before
// m.Run.
func AllowParallel(n int) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given && runtime.GOMAXPROCS(0) < n {
		flag.Set("test.parallel", strconv.Itoa(n))
	}
}
