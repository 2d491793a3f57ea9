package envcfg

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/gotest"
)

// testEnv returns an Env whose go command sees only temp dirs (see
// internal/gotest): GOENV is envFile (a temp path when ""), and extra is
// added.
func testEnv(t testing.TB, envFile string, extra ...string) *Env {
	t.Helper()
	env, dir := gotest.Env(t)
	if envFile != "" {
		env = append(env, "GOENV="+envFile)
	}
	return &Env{Environ: append(env, extra...), StateDir: filepath.Join(dir, "state")}
}

// envPath returns the GOENV of e.
func envPath(e *Env) string { return e.getenv("GOENV") }

func writeFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReadSources(t *testing.T) {
	e := testEnv(t, "", "GONOSUMDB=os.example/*", "GOINSECURE=same.example")
	writeFile(t, envPath(e), "# mine\nGOPROXY=https://file.example,direct\nGONOSUMDB=file.example/*\nGOINSECURE=same.example\nGOPRIVATE=\n")
	s, err := e.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.EnvFile != envPath(e) || !s.EnvFileExists || s.GOROOT == "" || !strings.HasPrefix(s.GoVersion, "go") {
		t.Errorf("snapshot header: %+v", s)
	}
	check := func(key, value string, src Source, shadowed *string) {
		t.Helper()
		v := s.Get(key)
		if v.Value != value || v.Source != src {
			t.Errorf("%s = %q from %s, want %q from %s", key, v.Value, v.Source, value, src)
		}
		if (v.Shadowed == nil) != (shadowed == nil) || v.Shadowed != nil && *v.Shadowed != *shadowed {
			t.Errorf("%s shadowed = %v, want %v", key, v.Shadowed, shadowed)
		}
	}
	fileVal := "file.example/*"
	check("GOPROXY", "https://file.example,direct", SourceFile, nil)
	check("GOSUMDB", "sum.golang.org", SourceGoroot, nil) // from $GOROOT/go.env
	check("GONOSUMDB", "os.example/*", SourceEnv, &fileVal)
	check("GOINSECURE", "same.example", SourceEnv, nil) // same value: nothing hidden
	check("GOPRIVATE", "", SourceFile, nil)             // present and empty still counts
	check("GONOPROXY", "", SourceDefault, nil)
	check("GOENV", envPath(e), SourceEnv, nil)
	check("GOTOOLCHAIN", "local", SourceEnv, nil)
	if v := s.Get("GONOSUMDB"); v.OSValue != "os.example/*" {
		t.Errorf("GONOSUMDB OSValue = %q", v.OSValue)
	}
}

func TestReadMissingFile(t *testing.T) {
	e := testEnv(t, "")
	s, err := e.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.EnvFileExists || len(s.File) != 0 {
		t.Errorf("missing file read as %+v", s)
	}
	if v := s.Get("GOPROXY"); v.Source != SourceGoroot || v.Value != "https://proxy.golang.org,direct" {
		t.Errorf("GOPROXY = %+v", v)
	}
}

func TestApplyKeepsCommentsAndUnrelatedKeys(t *testing.T) {
	e := testEnv(t, "")
	orig := "# written by hand\nGOFLAGS=-mod=mod\n\n# proxy below\nGOTOOLCHAIN=local\nGOPROXY=https://old.example\nGOPRIVATE=corp.example\n# the end"
	writeFile(t, envPath(e), orig)
	os.Chmod(envPath(e), 0o640)
	rep, err := e.Apply(context.Background(), []Change{
		{Key: "GOPROXY", Value: "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct"},
		{Key: "GOSUMDB", Value: "sum.golang.google.cn"},
		{Key: "GOPRIVATE", Unset: true},
		{Key: "GONOPROXY", Unset: true}, // absent: no change
	})
	if err != nil {
		t.Fatal(err)
	}
	got := readFile(t, envPath(e))
	for _, l := range []string{"# written by hand\n", "GOFLAGS=-mod=mod\n", "\n# proxy below\n", "GOTOOLCHAIN=local\n", "# the end\n",
		"GOPROXY=https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct\n", "GOSUMDB=sum.golang.google.cn\n"} {
		if !strings.Contains(got, l) {
			t.Errorf("file lacks %q:\n%s", l, got)
		}
	}
	if strings.Contains(got, "GOPRIVATE") || strings.Contains(got, "old.example") {
		t.Errorf("old values left:\n%s", got)
	}
	if fi, _ := os.Stat(envPath(e)); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode().Perm())
	}
	want := []Diff{
		{Key: "GOPROXY", Old: "https://old.example", OldSet: true, New: "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct", NewSet: true},
		{Key: "GOSUMDB", New: "sum.golang.google.cn", NewSet: true},
		{Key: "GOPRIVATE", Old: "corp.example", OldSet: true},
	}
	if len(rep.Diffs) != len(want) {
		t.Fatalf("diffs %+v, want %+v", rep.Diffs, want)
	}
	for i := range want {
		if rep.Diffs[i] != want[i] {
			t.Errorf("diff %d = %+v, want %+v", i, rep.Diffs[i], want[i])
		}
	}
	if len(rep.NotEffective) != 0 || len(rep.Warnings) != 0 {
		t.Errorf("not effective %+v, warnings %v", rep.NotEffective, rep.Warnings)
	}
	if v := rep.After.Get("GOSUMDB"); v.Value != "sum.golang.google.cn" || v.Source != SourceFile {
		t.Errorf("after: GOSUMDB %+v", v)
	}
	if v := rep.After.Get("GOPRIVATE"); v.Value != "" || v.Source != SourceDefault {
		t.Errorf("after: GOPRIVATE %+v", v)
	}
	// No temp files left (the go command's own telemetry dir may be there).
	ents, _ := os.ReadDir(filepath.Dir(envPath(e)))
	for _, en := range ents {
		if en.Name() != "env" && en.Name() != ".env.lock" && en.Name() != "telemetry" {
			t.Errorf("stray file %s", en.Name())
		}
	}
	// Applying the same again changes nothing and records nothing.
	before := readFile(t, envPath(e))
	rep, err = e.Apply(context.Background(), []Change{{Key: "GOSUMDB", Value: "sum.golang.google.cn"}})
	if err != nil || len(rep.Diffs) != 0 || readFile(t, envPath(e)) != before {
		t.Errorf("no-op apply: %+v, %v", rep, err)
	}
	h, err := e.History(context.Background())
	if err != nil || len(h) != 1 {
		t.Errorf("history %+v, %v; want 1 entry", h, err)
	}
}

func TestApplySymlinkedFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "goenv")
	writeFile(t, real, "# dotfile\nGOFLAGS=-trimpath\n")
	link := filepath.Join(dir, "config", "go", "env")
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink("../../dotfiles/goenv", link); err != nil {
		t.Fatal(err)
	}
	e := testEnv(t, link)
	rep, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://goproxy.cn,direct"}})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link replaced: %v %v", fi, err)
	}
	if got := readFile(t, real); got != "# dotfile\nGOFLAGS=-trimpath\nGOPROXY=https://goproxy.cn,direct\n" {
		t.Errorf("target = %q", got)
	}
	if rep.EnvFile != real {
		t.Errorf("report file %q, want %q", rep.EnvFile, real)
	}
	if _, err := os.Stat(filepath.Join(dir, "dotfiles", ".goenv.lock")); err != nil {
		t.Errorf("lock not beside the target: %v", err)
	}
}

func TestApplyMissingFileAndDirectory(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "no", "such", "dir", "env")
	e := testEnv(t, path)
	// A reset of a key that is not there changes nothing, and creates nothing.
	rep, err := e.Apply(context.Background(), []Change{{Key: "GOSUMDB", Unset: true}})
	if err != nil || len(rep.Diffs) != 0 {
		t.Fatalf("reset on missing file: %+v %v", rep, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("file created by a no-op: %v", err)
	}
	// A set and a reset together (go env -u on the copy, which exists).
	rep, err = e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://goproxy.io,direct"}, {Key: "GOPRIVATE", Unset: true}})
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "GOPROXY=https://goproxy.io,direct\n" {
		t.Errorf("new file = %q", got)
	}
	if len(rep.Diffs) != 1 {
		t.Errorf("diffs %+v", rep.Diffs)
	}
	// Only resets, on an existing file.
	rep, err = e.Apply(context.Background(), []Change{{Key: "GOPROXY", Unset: true}})
	if err != nil || len(rep.Diffs) != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	if got := readFile(t, path); got != "" {
		t.Errorf("after reset = %q", got)
	}
}

func TestApplyShadowedByOSVariable(t *testing.T) {
	e := testEnv(t, "", "GOPROXY=https://os.example")
	rep, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://goproxy.cn,direct"}, {Key: "GOSUMDB", Value: "off"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.NotEffective) != 1 {
		t.Fatalf("not effective = %+v", rep.NotEffective)
	}
	ne := rep.NotEffective[0]
	if ne.Key != "GOPROXY" || ne.Want != "https://goproxy.cn,direct" || !ne.WantSet || ne.Effective != "https://os.example" || ne.Source != SourceEnv {
		t.Errorf("not effective = %+v", ne)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("go's warning leaked as raw noise: %v", rep.Warnings)
	}
	if !strings.Contains(readFile(t, envPath(e)), "GOPROXY=https://goproxy.cn,direct") {
		t.Error("file not written")
	}
	v := rep.After.Get("GOPROXY")
	if v.Shadowed == nil || *v.Shadowed != "https://goproxy.cn,direct" {
		t.Errorf("after: %+v", v)
	}
}

func TestApplyRejectsInvalidValues(t *testing.T) {
	e := testEnv(t, "")
	orig := "# keep me\r\nGOPROXY=https://goproxy.cn,direct\nGOFLAGS=-mod=mod"
	writeFile(t, envPath(e), orig)
	cases := []struct {
		changes []Change
		want    string
	}{
		{[]Change{{Key: "GOPROXY", Value: "https://goproxy.cn,notaurl,direct"}}, "notaurl"},
		{[]Change{{Key: "GOPROXY", Value: ",|,"}}, "contains no entries"},
		{[]Change{{Key: "GOPROXY", Value: "direct"}, {Key: "GOSUMDB", Value: "sum.example+bad"}}, "GOSUMDB"},
		{[]Change{{Key: "GOPROXY", Value: "ftp://x.example"}}, "scheme"},
		{[]Change{{Key: "GOPROXY", Value: "https://ok.example"}, {Key: "GOPRIVATE", Value: "corp.example/[x"}}, "[x"},
		{[]Change{{Key: "GOPROXY", Value: "https://a.example\nGOSUMDB=off"}}, "line break"},
		{[]Change{{Key: "GOENV", Value: "/tmp/x"}}, "GOENV"},
		{[]Change{{Key: "goproxy", Value: "https://a.example"}}, "goproxy"},
		{[]Change{{Key: "GOPROXY", Value: "https://a.example"}, {Key: "GOPROXY", Unset: true}}, "more than once"},
		{[]Change{{Key: "GONETWORKTIMEOUT", Value: "5s"}}, "GONETWORKTIMEOUT"}, // go env -w refuses it: checked on the copy
		{nil, "nothing"},
	}
	for _, c := range cases {
		_, err := e.Apply(context.Background(), c.changes)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Apply(%+v) error = %v, want it to mention %q", c.changes, err, c.want)
		}
		if got := readFile(t, envPath(e)); got != orig {
			t.Fatalf("file changed by a rejected apply:\n%q", got)
		}
	}
	ents, _ := os.ReadDir(filepath.Dir(envPath(e)))
	for _, en := range ents {
		if strings.Contains(en.Name(), ".tmp") {
			t.Errorf("temp file left: %s", en.Name())
		}
	}
}

func TestApplyConflict(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\nGOFLAGS=-mod=mod\n")
	outside := "GOPROXY=https://outside.example\nGOFLAGS=-mod=mod\n# hi\n"
	e.beforeSwap = func() { writeFile(t, envPath(e), outside) }
	_, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	var ce *ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a ConflictError", err)
	}
	if len(ce.Changes) != 1 || ce.Changes[0].Key != "GOPROXY" || ce.Changes[0].Old != "https://before.example" || ce.Changes[0].New != "https://outside.example" || !ce.OtherLines {
		t.Errorf("conflict = %+v", ce)
	}
	if !strings.Contains(err.Error(), `GOPROXY "https://before.example" → "https://outside.example"`) {
		t.Errorf("message %q does not say what changed", err)
	}
	if got := readFile(t, envPath(e)); got != outside {
		t.Errorf("outside change lost: %q", got)
	}
	if h, _ := e.History(context.Background()); len(h) != 0 {
		t.Errorf("history recorded a failed apply: %+v", h)
	}
}

func TestUndo(t *testing.T) {
	e := testEnv(t, "")
	ctx := context.Background()
	orig := "# c\nGOFLAGS=-mod=mod\nGOPROXY=https://one.example\n"
	writeFile(t, envPath(e), orig)
	if _, err := e.Undo(ctx); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo with no history: %v", err)
	}
	if _, err := e.Apply(ctx, []Change{{Key: "GOPROXY", Value: "https://two.example"}, {Key: "GOSUMDB", Value: "off"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Apply(ctx, []Change{{Key: "GOPROXY", Value: "https://three.example"}, {Key: "GOFLAGS", Unset: true}}); err != nil {
		t.Fatal(err)
	}
	rep, err := e.Undo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Diffs) != 2 || rep.Diffs[0] != (Diff{Key: "GOPROXY", Old: "https://three.example", OldSet: true, New: "https://two.example", NewSet: true}) ||
		rep.Diffs[1] != (Diff{Key: "GOFLAGS", New: "-mod=mod", NewSet: true}) {
		t.Errorf("undo diffs %+v", rep.Diffs)
	}
	if _, err := e.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := parseEnv([]byte(readFile(t, envPath(e)))); len(got) != 2 || got["GOPROXY"] != "https://one.example" || got["GOFLAGS"] != "-mod=mod" {
		t.Errorf("after two undos: %v", got)
	}
	if !strings.HasPrefix(readFile(t, envPath(e)), "# c\n") {
		t.Error("comment lost")
	}
	if _, err := e.Undo(ctx); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("third undo: %v", err)
	}

	// An outside change since the apply stops undo; --force restores anyway.
	if _, err := e.Apply(ctx, []Change{{Key: "GOPROXY", Value: "https://four.example"}}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, envPath(e), "# c\nGOFLAGS=-mod=mod\nGOPROXY=https://edited.example\n")
	before := readFile(t, envPath(e))
	_, err = e.Undo(ctx)
	var ce *ConflictError
	if !errors.As(err, &ce) || !ce.Undo || !strings.Contains(err.Error(), "edited.example") {
		t.Fatalf("undo after outside change: %v", err)
	}
	if readFile(t, envPath(e)) != before {
		t.Error("refused undo changed the file")
	}
	if _, err := e.UndoForce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := parseEnv([]byte(readFile(t, envPath(e)))); got["GOPROXY"] != "https://one.example" {
		t.Errorf("forced undo: %v", got)
	}
}

func TestHistoryKeepsLast20(t *testing.T) {
	e := testEnv(t, "")
	ctx := context.Background()
	for i := range 23 {
		if _, err := e.Apply(ctx, []Change{{Key: "GOPROXY", Value: "https://m" + string(rune('a'+i)) + ".example"}}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := e.History(ctx)
	if err != nil || len(h) != 20 {
		t.Fatalf("history len %d, %v", len(h), err)
	}
	if h[19].Diffs[0].New != "https://mw.example" || h[0].Diffs[0].New != "https://md.example" {
		t.Errorf("kept the wrong entries: first %+v last %+v", h[0].Diffs, h[19].Diffs)
	}
	data, _ := os.ReadFile(filepath.Join(e.StateDir, "history.json"))
	if !bytes.Contains(data, []byte(`"envFile"`)) {
		t.Errorf("history file: %s", data)
	}
	if fi, _ := os.Stat(filepath.Join(e.StateDir, "history.json")); fi.Mode().Perm() != 0o600 {
		t.Errorf("history mode %v", fi.Mode().Perm())
	}
}

// go env -w drops earlier duplicates of a key and sorts runs of KEY=VALUE
// lines; neither changes what the file means, so the check accepts it.
func TestApplyAcceptsGoEnvSortingAndDuplicates(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOTOOLCHAIN=local\nGOFLAGS=-mod=vendor\nGOFLAGS=-mod=mod\n# keep\r\nGOPROXY=https://old.example\n")
	if _, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://new.example"}, {Key: "GOINSECURE", Value: "insecure.example"}}); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, envPath(e))
	vals := parseEnv([]byte(got))
	if vals["GOFLAGS"] != "-mod=mod" || vals["GOTOOLCHAIN"] != "local" || vals["GOPROXY"] != "https://new.example" || vals["GOINSECURE"] != "insecure.example" {
		t.Errorf("file:\n%s", got)
	}
	if !strings.Contains(got, "# keep\r\n") {
		t.Errorf("comment with CRLF lost:\n%q", got)
	}
}

func TestCheckCopyRejectsUnexpectedContent(t *testing.T) {
	orig := []byte("# c\nGOFLAGS=-mod=mod\nGOPROXY=https://a.example\n")
	diffs := []Diff{{Key: "GOPROXY", Old: "https://a.example", OldSet: true, New: "https://b.example", NewSet: true}}
	for _, bad := range []string{
		"GOFLAGS=-mod=mod\nGOPROXY=https://b.example\n",                   // comment lost
		"# c\nGOPROXY=https://b.example\n",                                // unrelated key lost
		"# c\nGOFLAGS=-mod=mod\nGOPROXY=https://a.example\n",              // change not made
		"# c\nGOFLAGS=-mod=mod\nGOPROXY=https://b.example\nGOSUMDB=off\n", // extra key
		"# c\nGOFLAGS=-trimpath\nGOPROXY=https://b.example\n",             // unrelated key changed
	} {
		if err := checkCopy(orig, []byte(bad), diffs); err == nil {
			t.Errorf("checkCopy accepted %q", bad)
		}
	}
	if err := checkCopy(orig, []byte("# c\nGOFLAGS=-mod=mod\nGOPROXY=https://b.example\n"), diffs); err != nil {
		t.Errorf("checkCopy rejected the right content: %v", err)
	}
}

// No go env file (the user's GOENV is off, which go reports as an empty
// GOENV): nothing to write, and Apply says so. The go command itself is
// never run that way here: the test sets what it would have reported
// (the cached path) on a sandboxed Env whose GOENV is a temp file.
func TestApplyWithoutEnvFile(t *testing.T) {
	e := testEnv(t, filepath.Join(t.TempDir(), "env"))
	e.envFile, e.haveFile = "", true
	if _, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://a.example"}}); err == nil || !strings.Contains(err.Error(), "there is no go env file to write") {
		t.Errorf("apply without a go env file: %v", err)
	}
	if _, err := os.Stat(envPath(e)); !os.IsNotExist(err) {
		t.Errorf("a go env file was written: %v", err)
	}
}

// A "KEY=" line hides $GOROOT/go.env; undo puts it back as it was, not as
// a reset.
func TestUndoRestoresEmptyLine(t *testing.T) {
	e := testEnv(t, "")
	ctx := context.Background()
	writeFile(t, envPath(e), "GOSUMDB=\n")
	if _, err := e.Apply(ctx, []Change{{Key: "GOSUMDB", Value: "off"}}); err != nil {
		t.Fatal(err)
	}
	rep, err := e.Undo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, envPath(e)); got != "GOSUMDB=\n" {
		t.Errorf("after undo: %q", got)
	}
	if len(rep.Diffs) != 1 || rep.Diffs[0] != (Diff{Key: "GOSUMDB", Old: "off", OldSet: true, New: "", NewSet: true}) {
		t.Errorf("undo diffs %+v", rep.Diffs)
	}
}

// A copy left by a goproxytui killed before its rename is cleaned up.
func TestApplyRemovesStaleCopies(t *testing.T) {
	e := testEnv(t, "")
	stale := filepath.Join(filepath.Dir(envPath(e)), ".env.tmp123456")
	writeFile(t, stale, "GOPROXY=half")
	if _, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://a.example"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale copy still there: %v", err)
	}
}

// An empty GONOPROXY or GONOSUMDB line in the go env file leaves the go
// command on its default, GOPRIVATE's value (cfg.EnvOrAndChanged): the value
// does not come from that line.
func TestReadEmptyLineFallsBackToGOPRIVATE(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPRIVATE=corp.example/*\nGONOSUMDB=\nGOFLAGS=\n")
	s, err := e.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []Var{
		{Name: "GONOSUMDB", Value: "corp.example/*", Source: SourceDefault},
		{Name: "GONOPROXY", Value: "corp.example/*", Source: SourceDefault},
		{Name: "GOFLAGS", Value: "", Source: SourceFile},
	} {
		if v := s.Get(want.Name); v.Value != want.Value || v.Source != want.Source {
			t.Errorf("%s = %q from %s, want %q from %s", want.Name, v.Value, v.Source, want.Value, want.Source)
		}
	}
}

// A conflict's summary is said in the reader's language too: no English
// words inside a Chinese message.
func TestConflictMessageTranslated(t *testing.T) {
	e := testEnv(t, "")
	writeFile(t, envPath(e), "GOPROXY=https://before.example\n")
	e.beforeSwap = func() { writeFile(t, envPath(e), "# hi\nGOSUMDB=off\n") }
	_, err := e.Apply(context.Background(), []Change{{Key: "GOPROXY", Value: "https://mine.example"}})
	if err == nil {
		t.Fatal("no conflict")
	}
	en := i18n.EN.Error(err)
	if !strings.Contains(en, `GOPROXY "https://before.example" → (unset); GOSUMDB (unset) → "off"; comments`) {
		t.Errorf("English message %q", en)
	}
	zh := i18n.ZH.Error(err)
	for _, word := range []string{"unset", "comments", "changed by"} {
		if strings.Contains(zh, word) {
			t.Errorf("Chinese message has %q: %s", word, zh)
		}
	}
}
