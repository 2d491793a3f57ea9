package demofleet

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"

	"github.com/goproxytui/goproxytui/config"
)

// Module is a synthesised module the servers offer.
type Module struct {
	Path     string   // module path, e.g. "example.com/hello"
	Versions []string // canonical semantic versions, e.g. "v1.0.0"
}

// Canary is the module@version the default probe canary stands for on the
// fake servers; it is always served.
const Canary = "example.com/canary@v1.0.0"

// DefaultModules returns the modules every server offers:
// example.com/hello v1.0.0 and v1.1.0, example.com/Upper v1.0.0 (its
// escaped path is example.com/!upper), the canary example.com/canary
// v1.0.0, and the probes' default canary (config.DefaultCanary, e.g.
// rsc.io/quote v1.5.2, synthesised: its hashes are not the real module's) so
// that probes with default options succeed against the fake mirrors.
// Options.Modules adds to these.
func DefaultModules() []Module {
	mods := []Module{
		{Path: "example.com/hello", Versions: []string{"v1.0.0", "v1.1.0"}},
		{Path: "example.com/Upper", Versions: []string{"v1.0.0"}},
		{Path: "example.com/canary", Versions: []string{"v1.0.0"}},
	}
	if p, v, ok := strings.Cut(config.DefaultCanary, "@"); ok && module.Check(p, v) == nil {
		mods = append(mods, Module{Path: p, Versions: []string{v}})
	}
	return mods
}

// baseTime is the commit time of v0.0.0 of every module: fixed, so that
// .info answers, zips and hashes are the same in every run.
var baseTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// Info is the JSON of a .info or @latest answer.
type Info struct {
	Version string
	Time    time.Time
}

// version is one synthesised module version with its files; shared by
// every server of the process (see synthCached), immutable but for the zip
// built once.
type version struct {
	path, vers string
	time       time.Time
	mod        []byte // go.mod
	files      map[string][]byte
	zipOnce    sync.Once
	zip        []byte
	zipErr     error
}

// catalog is the set of modules a server offers; immutable after newCatalog
// except for the lazily built zips.
type catalog struct {
	mods map[string][]*version // by module path, versions in semver order
}

// newCatalog validates and synthesises modules.
func newCatalog(mods []Module) (*catalog, error) {
	c := &catalog{mods: map[string][]*version{}}
	for _, m := range mods {
		if err := module.CheckPath(m.Path); err != nil {
			return nil, fmt.Errorf("demofleet: module %q: %w", m.Path, err)
		}
		for _, v := range m.Versions {
			if err := module.Check(m.Path, v); err != nil {
				return nil, fmt.Errorf("demofleet: %w", err)
			}
			if semver.Canonical(v) != v {
				return nil, fmt.Errorf("demofleet: module %s: version %q is not canonical", m.Path, v)
			}
			if c.lookup(m.Path, v) != nil {
				continue
			}
			c.mods[m.Path] = append(c.mods[m.Path], synthCached(m.Path, v))
		}
	}
	for _, vs := range c.mods {
		sort.Slice(vs, func(i, j int) bool { return semver.Compare(vs[i].vers, vs[j].vers) < 0 })
	}
	return c, nil
}

// packageName derives a Go package name from a module path.
func packageName(p string) string {
	last := path.Base(p)
	if prefix, _, ok := module.SplitPathVersion(p); ok && prefix != p {
		last = path.Base(prefix)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(last) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9' && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "mod"
	}
	return b.String()
}

// versionTime is the commit time of a version: later for higher versions,
// and the same in every run and on every server.
func versionTime(v string) time.Time {
	var major, minor, patch int
	fmt.Sscanf(semver.Canonical(v), "v%d.%d.%d", &major, &minor, &patch)
	return baseTime.AddDate(major, minor, patch)
}

// synth makes the files of one module version.
func synth(p, v string) *version {
	pkg := packageName(p)
	mod := fmt.Sprintf("module %s\n\ngo 1.21\n", p)
	src := fmt.Sprintf("// Package %s is a module synthesised by goproxytui's fake mirrors.\npackage %s\n\n// Version is the version of this module.\nconst Version = %q\n", pkg, pkg, v)
	return &version{
		path: p, vers: v, time: versionTime(v),
		mod: []byte(mod),
		files: map[string][]byte{
			"go.mod":       []byte(mod),
			pkg + ".go":    []byte(src),
			"LICENSE":      []byte("Synthesised test module; no rights reserved.\n"),
			"README.md":    []byte(fmt.Sprintf("# %s %s\n\nServed by goproxytui's fake mirrors.\n", p, v)),
			"sub/sub.go":   []byte("package sub\n"),
			"sub/data.txt": []byte(strings.Repeat("fakeproxy ", 100) + "\n"),
		},
	}
}

// lookup returns a version, or nil.
func (c *catalog) lookup(p, v string) *version {
	for _, x := range c.mods[p] {
		if x.vers == v {
			return x
		}
	}
	return nil
}

// latest returns the highest version of a module, or nil.
func (c *catalog) latest(p string) *version {
	vs := c.mods[p]
	if len(vs) == 0 {
		return nil
	}
	return vs[len(vs)-1]
}

// list returns the body of @v/list.
func (c *catalog) list(p string) ([]byte, bool) {
	vs, ok := c.mods[p]
	if !ok {
		return nil, false
	}
	var b bytes.Buffer
	for _, v := range vs {
		b.WriteString(v.vers)
		b.WriteByte('\n')
	}
	return b.Bytes(), true
}

// info returns the .info JSON of a version, claiming it is vers.
func (v *version) info(vers string) []byte {
	b, _ := json.Marshal(Info{Version: vers, Time: v.time})
	return b
}

// memFile is an in-memory file for modzip.Create.
type memFile struct {
	name string
	data []byte
}

func (f memFile) Path() string                 { return f.name }
func (f memFile) Lstat() (fs.FileInfo, error)  { return memInfo(f), nil }
func (f memFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

// memInfo is the fs.FileInfo of a memFile.
type memInfo memFile

func (fi memInfo) Name() string       { return path.Base(fi.name) }
func (fi memInfo) Size() int64        { return int64(len(fi.data)) }
func (fi memInfo) Mode() fs.FileMode  { return 0o644 }
func (fi memInfo) ModTime() time.Time { return baseTime }
func (fi memInfo) IsDir() bool        { return false }
func (fi memInfo) Sys() any           { return nil }

// zipData returns the module zip, built once.
func (v *version) zipData() ([]byte, error) {
	v.zipOnce.Do(func() {
		names := make([]string, 0, len(v.files))
		for n := range v.files {
			names = append(names, n)
		}
		sort.Strings(names)
		files := make([]modzip.File, 0, len(names))
		for _, n := range names {
			files = append(files, memFile{name: n, data: v.files[n]})
		}
		var b bytes.Buffer
		v.zipErr = modzip.Create(&b, module.Version{Path: v.path, Version: v.vers}, files)
		v.zip = b.Bytes()
	})
	return v.zip, v.zipErr
}

// hashes returns the h1: hashes of the zip and of the go.mod, as go.sum
// records them.
func (v *version) hashes() (zipHash, modHash string, err error) {
	data, err := v.zipData()
	if err != nil {
		return "", "", err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", "", err
	}
	var names []string
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		byName[f.Name] = f
	}
	// The same computation as dirhash.HashZip, on the bytes in memory.
	zipHash, err = dirhash.Hash1(names, func(n string) (io.ReadCloser, error) {
		f, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("file %q not found", n)
		}
		return f.Open()
	})
	if err != nil {
		return "", "", err
	}
	// The go command hashes a go.mod as a one-file tree named "go.mod".
	modHash, err = dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(v.mod)), nil
	})
	return zipHash, modHash, err
}

// goSum returns the two go.sum lines of a version.
func (v *version) goSum() ([]byte, error) {
	zh, mh, err := v.hashes()
	if err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "%s %s %s\n%s %s/go.mod %s\n", v.path, v.vers, zh, v.path, v.vers, mh), nil
}

// GoSum returns the two go.sum lines ("path version h1:...\n" and
// "path version/go.mod h1:...\n") the go command writes for a synthesised
// module version. Every server offering the module serves exactly these
// bytes, so the lines are the same for every server. mods are extra modules
// as in Options.Modules; the defaults are always included.
func GoSum(modPath, vers string, mods ...Module) (string, error) {
	c, err := newCatalog(append(DefaultModules(), mods...))
	if err != nil {
		return "", err
	}
	v := c.lookup(modPath, vers)
	if v == nil {
		return "", fmt.Errorf("demofleet: no module %s@%s", modPath, vers)
	}
	b, err := v.goSum()
	return string(b), err
}
