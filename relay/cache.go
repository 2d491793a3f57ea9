package relay

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// modCache is this machine's module cache, read-only: the files the go
// command downloaded and verified (GOMODCACHE/cache/download), served
// when every mirror fails.
type modCache struct {
	dir  string // GOMODCACHE; "" until looked up
	off  bool
	once sync.Once
}

// cached is a file found in the module cache.
type cached struct {
	body    []byte
	file    *os.File // a zip, opened read-only
	size    int64
	partial bool // a list or @latest made of what the cache holds
}

// root returns the cache's download tree, "" when there is none.
func (c *modCache) root() string {
	c.once.Do(func() {
		if c.dir == "" {
			c.dir = goModCacheDir()
		}
	})
	if c.dir == "" {
		return ""
	}
	return filepath.Join(c.dir, "cache", "download")
}

// goModCacheDir asks the go command for GOMODCACHE (5 s at most).
func goModCacheDir() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", "GOMODCACHE").Output()
	if err != nil || len(out) > 4096 {
		return ""
	}
	dir := strings.TrimSpace(string(out))
	if !filepath.IsAbs(dir) {
		return ""
	}
	return dir
}

// lookup finds the file of a module request in the cache; ok false when
// it is off, has no such file, or the file is not what the protocol says.
func (c *modCache) lookup(rt route) (cached, bool) {
	if c.off || rt.kind.IsSumDB() {
		return cached{}, false
	}
	root := c.root()
	if root == "" {
		return cached{}, false
	}
	vdir := filepath.Join(root, filepath.FromSlash(mustEscape(rt.mod)), "@v")
	switch rt.kind {
	case KindList:
		return c.list(rt, vdir)
	case KindLatest:
		return c.latest(rt, vdir)
	case KindZip:
		return openZip(rt, vdir)
	}
	ev, err := module.EscapeVersion(rt.ver)
	if err != nil || module.CanonicalVersion(rt.ver) != rt.ver {
		return cached{}, false // a query: the cache cannot resolve it
	}
	return readChecked(rt, filepath.Join(vdir, ev+"."+string(rt.kind)), false)
}

// readChecked reads a small cached file and checks it as a mirror's.
func readChecked(rt route, path string, partial bool) (cached, bool) {
	f, err := os.Open(path)
	if err != nil {
		return cached{}, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limitOf(rt.kind)+1))
	if err != nil || int64(len(data)) > limitOf(rt.kind) || checkBody(rt, data) != nil {
		return cached{}, false
	}
	return cached{body: data, size: int64(len(data)), partial: partial}, true
}

// openZip opens a cached zip and checks it as a mirror's.
func openZip(rt route, vdir string) (cached, bool) {
	ev, err := module.EscapeVersion(rt.ver)
	if err != nil {
		return cached{}, false
	}
	f, err := os.Open(filepath.Join(vdir, ev+".zip"))
	if err != nil {
		return cached{}, false
	}
	fi, err := f.Stat()
	if err != nil || fi.Size() > maxZip || checkZip(rt, f, fi.Size()) != nil {
		f.Close()
		return cached{}, false
	}
	return cached{file: f, size: fi.Size()}, true
}

// versions lists the versions whose .info the cache holds, sorted.
func versions(rt route, vdir string) []string {
	ents, err := os.ReadDir(vdir)
	if err != nil {
		return nil
	}
	var vs []string
	for _, e := range ents {
		esc, ok := strings.CutSuffix(e.Name(), ".info")
		if !ok {
			continue
		}
		v, err := module.UnescapeVersion(esc)
		if err == nil && module.Check(rt.mod, v) == nil && module.CanonicalVersion(v) == v {
			vs = append(vs, v)
		}
	}
	semver.Sort(vs)
	return vs
}

// list answers @v/list with the tagged versions the cache holds: partial,
// the mirrors may know more.
func (c *modCache) list(rt route, vdir string) (cached, bool) {
	var b bytes.Buffer
	found := false
	for _, v := range versions(rt, vdir) {
		found = true
		if !module.IsPseudoVersion(v) {
			b.WriteString(v + "\n")
		}
	}
	if !found {
		return cached{}, false
	}
	return cached{body: b.Bytes(), size: int64(b.Len()), partial: true}, true
}

// latest answers @latest with the newest version the cache holds, as the
// go command picks one (a release, else a pre-release, else a
// pseudo-version): partial, the mirrors may know a newer one.
func (c *modCache) latest(rt route, vdir string) (cached, bool) {
	vs := versions(rt, vdir)
	best := ""
	rank := func(v string) int {
		switch {
		case module.IsPseudoVersion(v):
			return 0
		case semver.Prerelease(v) != "":
			return 1
		}
		return 2
	}
	for _, v := range vs {
		if best == "" || rank(v) > rank(best) || rank(v) == rank(best) && semver.Compare(v, best) > 0 {
			best = v
		}
	}
	if best == "" {
		return cached{}, false
	}
	ev, _ := module.EscapeVersion(best)
	return readChecked(rt, filepath.Join(vdir, ev+".info"), true)
}
