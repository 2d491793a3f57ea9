package envcfg

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/regfile"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Env runs the go command and reads and writes its env file. The zero value
// uses "go" on PATH and the process environment. Set the fields before the
// first use and do not change them afterwards (results are cached per Env).
// An Env is safe for concurrent use.
type Env struct {
	// GoBin is the go binary to run; "" means "go" on PATH.
	GoBin string
	// Environ is the environment the go command sees (and where OS
	// variables that shadow the file are looked up); nil means os.Environ().
	Environ []string
	// StateDir is where the undo history lives; "" means the default (see
	// HistoryPath).
	StateDir string
	// OnLockWait, when set, is called once by a write that has waited
	// LockNotice for the go env file's lock (or the undo history's), with
	// who holds it as far as can be known. It may be called from any
	// goroutine; it must not block.
	OnLockWait func(LockHolder)

	mu         sync.Mutex
	envFile    string // cached path of the go env file from the last read
	haveFile   bool
	gorootEnv  gorootCache
	beforeSwap func() // test hook: runs between syncing the temp file and the rename
	afterSwap  func() // test hook: runs after the rename, before the values are read again

	lockNotice, lockTimeout time.Duration // test hooks; 0: LockNotice, LockTimeout
	goTimeout               time.Duration // test hook; 0: GoTimeout
}

// gorootCache keeps $GOROOT/go.env parsed, keyed by path, size and mtime:
// it does not change while goproxytui runs, except when Go is upgraded.
type gorootCache struct {
	path  string
	size  int64
	mtime time.Time
	vals  map[string]string
}

// readKeys are the variables every read asks `go env -json` for.
var readKeys = append(slices.Clone(Keys), "GOVERSION", "GOTOOLCHAIN")

func (e *Env) goBin() string {
	if e.GoBin != "" {
		return e.GoBin
	}
	return "go"
}

func (e *Env) environ() []string {
	if e.Environ != nil {
		return e.Environ
	}
	return os.Environ()
}

// getenv looks key up in the environment the go command sees; like the go
// command (and os/exec), the last occurrence wins.
func (e *Env) getenv(key string) string { return lookupEnv(e.environ(), key) }

// withEnv returns env with key set to value (earlier settings removed).
func withEnv(env []string, key, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if k, _, ok := strings.Cut(kv, "="); ok && k == key {
			continue
		}
		out = append(out, kv)
	}
	return append(out, key+"="+value)
}

// GoTimeout is how long goproxytui lets one go command run (go env takes
// milliseconds; a toolchain that GOTOOLCHAIN makes go download counts):
// then it is stopped and the read or write fails, nothing written.
const GoTimeout = time.Minute

// runGo runs the go command with env and returns its stdout and stderr. It
// runs in the temp directory so that a go.mod or go.work in the current
// directory (say, one asking for a newer Go) cannot change or break it; a
// relative GOENV is made absolute first, as the user's shell would find it
// (from the current directory, not the temp one). It refuses a go env file
// that is not a regular file (a named pipe would hang go), stops go after
// GoTimeout (or ctx's earlier deadline) and once it has written more than
// MaxGoOutput bytes to stdout or stderr, and hides the credentials of the
// URLs in go's stderr (it quotes the URLs it failed on).
func (e *Env) runGo(ctx context.Context, env []string, args ...string) (stdout, stderr []byte, err error) {
	env, err = absGOENV(env)
	if err != nil {
		return nil, nil, err
	}
	if err := checkEnvFile(goEnvFile(env)); err != nil {
		return nil, nil, err
	}
	timeout := e.goTimeout
	if timeout <= 0 {
		timeout = GoTimeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, errb := &cappedBuffer{max: MaxGoOutput, stop: cancel}, &cappedBuffer{max: MaxGoOutput, stop: cancel}
	cmd := exec.CommandContext(tctx, e.goBin(), args...)
	cmd.Env = env
	cmd.Dir = os.TempDir()
	// A child of go that keeps stdout open must not keep Wait waiting
	// once go is stopped.
	cmd.WaitDelay = time.Second
	cmd.Stdout, cmd.Stderr = out, errb
	err = cmd.Run()
	stderrText := mirrors.RedactText(errb.String())
	// The program and its first arguments, fit for the terminal: --go
	// and GOENV come from the user.
	bin, verb := sanitize.Line(e.goBin(), 0), strings.Join(args[:min(2, len(args))], " ")
	if out.over || errb.over {
		return nil, nil, i18n.Errorf("running %s %s: it wrote more than %d KiB and was stopped; is %s the go command?", bin, verb, MaxGoOutput>>10, bin)
	}
	if err != nil {
		if errors.Is(tctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
			return nil, nil, i18n.Errorf("running %s: it did not finish within %s and was stopped", bin+" "+verb, timeout)
		}
		msg := strings.TrimSpace(sanitize.Text(stderrText, 2000, true))
		if msg == "" {
			return nil, nil, i18n.Errorf("running %s %s: %w", bin, verb, err)
		}
		return nil, nil, i18n.Errorf("running %s %s: %w\n%s", bin, verb, err, msg)
	}
	return out.Bytes(), []byte(stderrText), nil
}

// MaxGoOutput is the most the go command may write to stdout, and to
// stderr, before runGo stops it: `go env -json` writes a few KiB.
const MaxGoOutput = 1 << 20

// cappedBuffer keeps up to max bytes; past them it calls stop (which kills
// the command) and drops the rest, so that a program that writes for ever
// costs no more than max bytes of memory. The buffer is a field, not
// embedded: an embedded bytes.Buffer's ReadFrom would let io.Copy bypass
// Write and its cap.
type cappedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
	stop func()
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		b.buf.Write(p[:max(room, 0)])
		if !b.over {
			b.over = true
			b.stop()
		}
		return len(p), nil
	}
	return b.buf.Write(p)
}

// Bytes returns what was kept.
func (b *cappedBuffer) Bytes() []byte { return b.buf.Bytes() }

// String returns what was kept.
func (b *cappedBuffer) String() string { return b.buf.String() }

// absGOENV returns env with a relative GOENV made absolute against the
// current directory: the go command resolves it against its own working
// directory, which for goproxytui's go commands is the temp directory.
func absGOENV(env []string) ([]string, error) {
	v := lookupEnv(env, "GOENV")
	if v == "" || v == "off" || filepath.IsAbs(v) {
		return env, nil
	}
	abs, err := filepath.Abs(v)
	if err != nil {
		return nil, i18n.Errorf("finding the go env file: %w", err)
	}
	return withEnv(env, "GOENV", abs), nil
}

// lookupEnv returns the value of key in env, the last occurrence winning
// as for the go command.
func lookupEnv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// goEnvFile is the go env file the go command reads with env, found as it
// finds it (cmd/go/internal/cfg.EnvFile): $GOENV, else
// os.UserConfigDir()/go/env by env's variables; "" for none (GOENV=off, no
// config directory).
func goEnvFile(env []string) string {
	if v := lookupEnv(env, "GOENV"); v != "" {
		if v == "off" {
			return ""
		}
		return v
	}
	if d := userConfigDir(func(k string) string { return lookupEnv(env, k) }); d != "" {
		return filepath.Join(d, "go", "env")
	}
	return ""
}

// userConfigDir is os.UserConfigDir for the environment getenv reads.
func userConfigDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("AppData")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support")
		}
	case "plan9":
		if h := getenv("home"); h != "" {
			return filepath.Join(h, "lib")
		}
	default:
		if d := getenv("XDG_CONFIG_HOME"); d != "" {
			if filepath.IsAbs(d) {
				return d
			}
			return "" // os.UserConfigDir fails: go has no env file
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".config")
		}
	}
	return ""
}

// checkEnvFile refuses a go env file at path that exists but is not a
// regular file: the go command reads it whole on every start, and a named
// pipe with no writer hangs it (and goproxytui's own read) for ever.
func checkEnvFile(path string) error {
	if path == "" {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().IsRegular() {
		return nil // missing is fine; go reports other errors itself
	}
	return i18n.Errorf("the go env file %s is %w, not a regular file: the go command would hang or fail reading it; remove it, or point GOENV at a file", sanitize.Line(path, 0), regfile.Kind(fi.Mode()))
}

// Read returns the effective values of Keys (and GOTOOLCHAIN), each with
// its source. It runs `go env -json` once and reads the user's go env file
// and $GOROOT/go.env (cached) to tell where each value comes from.
func (e *Env) Read(ctx context.Context) (Snapshot, error) {
	return e.read(ctx, nil)
}

// read is Read that also reports the keys in extra.
func (e *Env) read(ctx context.Context, extra []string) (Snapshot, error) {
	keys := readKeys
	for _, k := range extra {
		if !slices.Contains(keys, k) {
			keys = append(slices.Clip(keys), k)
		}
	}
	out, _, err := e.runGo(ctx, e.environ(), append([]string{"env", "-json"}, keys...)...)
	if err != nil {
		return Snapshot{}, err
	}
	eff := map[string]string{}
	if err := json.Unmarshal(out, &eff); err != nil {
		return Snapshot{}, i18n.Errorf("reading the output of go env -json: %w", err)
	}
	s := Snapshot{
		Vars:      make(map[string]Var, len(keys)),
		EnvFile:   eff["GOENV"],
		GOROOT:    eff["GOROOT"],
		GoVersion: eff["GOVERSION"],
	}
	e.mu.Lock()
	e.envFile, e.haveFile = s.EnvFile, true
	e.mu.Unlock()
	if s.EnvFile != "" {
		data, err := regfile.ReadFile(s.EnvFile, 0)
		switch {
		case err == nil:
			s.EnvFileExists = true
			s.File = parseEnv(data)
		case errors.Is(err, fs.ErrNotExist):
			s.File = map[string]string{}
		default:
			return Snapshot{}, i18n.Errorf("reading the go env file: %w", err)
		}
	} else {
		s.File = map[string]string{}
	}
	s.GorootFile = e.readGorootEnv(s.GOROOT)
	for _, k := range keys {
		if k == "GOVERSION" {
			continue
		}
		s.Vars[k] = e.attribute(k, eff[k], s.File, s.GorootFile)
	}
	return s, nil
}

// attribute says where the effective value of key comes from, by the go
// command's precedence: a non-empty OS variable, else a line in the user's
// file (even with an empty value, which hides $GOROOT/go.env; but then a
// key with a non-empty default, GONOPROXY or GONOSUMDB, gets the default),
// else $GOROOT/go.env, else the default.
func (e *Env) attribute(key, value string, file, goroot map[string]string) Var {
	v := Var{Name: key, Value: value, Source: SourceDefault}
	osv := e.getenv(key)
	fv, inFile := file[key]
	_, inGoroot := goroot[key]
	switch {
	case osv != "":
		v.Source, v.OSValue = SourceEnv, osv
		if inFile && fv != osv {
			v.Shadowed = &fv
		}
	case key == "GOENV": // only the OS environment sets it
	case inFile && fv == "" && value != "":
		// An empty line: go falls back to its default (GONOPROXY and
		// GONOSUMDB take GOPRIVATE's value), so the value is not the line's.
	case inFile:
		v.Source = SourceFile
	case inGoroot && key != "GOROOT": // go.env cannot set GOROOT
		v.Source = SourceGoroot
	}
	return v
}

// readGorootEnv returns $GOROOT/go.env parsed, from the cache while the
// file's size and mtime are unchanged.
func (e *Env) readGorootEnv(goroot string) map[string]string {
	if goroot == "" {
		return map[string]string{}
	}
	p := filepath.Join(goroot, "go.env")
	fi, err := os.Stat(p)
	if err != nil {
		return map[string]string{}
	}
	e.mu.Lock()
	c := e.gorootEnv
	e.mu.Unlock()
	if c.path == p && c.size == fi.Size() && c.mtime.Equal(fi.ModTime()) {
		return c.vals
	}
	data, err := regfile.ReadFile(p, 0)
	if err != nil {
		return map[string]string{}
	}
	vals := parseEnv(data)
	e.mu.Lock()
	e.gorootEnv = gorootCache{path: p, size: fi.Size(), mtime: fi.ModTime(), vals: vals}
	e.mu.Unlock()
	return vals
}

// envFilePath returns the go env file's path: the one seen by the last read,
// else from a fresh `go env -json`.
func (e *Env) envFilePath(ctx context.Context) (string, error) {
	e.mu.Lock()
	p, ok := e.envFile, e.haveFile
	e.mu.Unlock()
	if ok {
		return p, nil
	}
	out, _, err := e.runGo(ctx, e.environ(), "env", "-json", "GOENV")
	if err != nil {
		return "", err
	}
	var m map[string]string
	if err := json.Unmarshal(out, &m); err != nil {
		return "", i18n.Errorf("reading the output of go env -json: %w", err)
	}
	e.mu.Lock()
	e.envFile, e.haveFile = m["GOENV"], true
	e.mu.Unlock()
	return m["GOENV"], nil
}

// parseEnv reads KEY=VALUE lines as the go command does when it looks up
// values (cmd/go/internal/cfg.readEnvFile): a line counts only if it has an
// '=' and starts with an upper-case ASCII letter; the last line of a key
// wins; the value is everything after the first '=', spaces included.
func parseEnv(data []byte) map[string]string {
	m := map[string]string{}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		i := bytes.IndexByte(line, '=')
		if i < 0 || line[0] < 'A' || 'Z' < line[0] {
			continue
		}
		m[string(line[:i])] = string(line[i+1:])
	}
	return m
}

// splitLines splits data into lines ending in "\n" the way `go env -w`
// does (a missing final newline is added).
func splitLines(data []byte) []string {
	if len(data) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	} else {
		lines[len(lines)-1] += "\n"
	}
	return lines
}

// lineKey returns the KEY of a KEY=VALUE line as `go env -w` sees it
// (cmd/go/internal/envcmd.lineToKey), or "" for other lines.
func lineKey(line string) string {
	i := strings.Index(line, "=")
	if i < 0 || strings.Contains(line[:i], "#") {
		return ""
	}
	return line[:i]
}
