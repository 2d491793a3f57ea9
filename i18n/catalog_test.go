package i18n

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// literalMessages returns every literal format string passed to a method or
// function named T or Errorf (i18n's) anywhere in the module, with its position.
func literalMessages(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != ".." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
				if name == "Errorf" {
					if x, ok := fn.X.(*ast.Ident); !ok || x.Name != "i18n" {
						return true // fmt.Errorf and friends are not ours
					}
				}
			case *ast.Ident:
				name = fn.Name
				if name == "Errorf" && !strings.HasSuffix(filepath.Dir(path), "i18n") {
					return true
				}
			}
			if name != "T" && name != "Errorf" && name != "N" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil {
				found[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

func verbs(s string) []string {
	v := verbRE.FindAllString(s, -1)
	slices.Sort(v)
	return v
}

// Every message the code shows has a Chinese version with the same verbs.
func TestEveryMessageTranslated(t *testing.T) {
	msgs := literalMessages(t)
	if len(msgs) == 0 {
		t.Fatal("found no messages: the scan is broken")
	}
	for en, pos := range msgs {
		z, ok := zh[en]
		if !ok {
			t.Errorf("%s: no zh translation for %q", pos, en)
			continue
		}
		if !slices.Equal(verbs(en), verbs(z)) {
			t.Errorf("%s: verbs differ: en %q has %v, zh %q has %v", pos, en, verbs(en), z, verbs(z))
		}
	}
}

// Every catalog entry is used somewhere, so the catalog does not rot.
func TestNoUnusedTranslations(t *testing.T) {
	if os.Getenv("GOPROXYTUI_I18N_ALLOW_UNUSED") != "" {
		t.Skip("unused entries allowed by environment")
	}
	msgs := literalMessages(t)
	for en := range zh {
		if _, ok := msgs[en]; !ok {
			t.Errorf("zh entry %q is used by no T or Errorf call with that literal", en)
		}
	}
}

func TestDetect(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		flag, config string
		env          map[string]string
		want         Lang
	}{
		{"", "", nil, EN},
		{"", "", map[string]string{"LANG": "zh_CN.UTF-8"}, ZH},
		{"", "", map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, EN},
		{"", "", map[string]string{"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, ZH},
		{"", "zh", map[string]string{"LANG": "en_US.UTF-8"}, ZH},
		{"en", "zh", map[string]string{"LANG": "zh_CN.UTF-8"}, EN},
		{"", "", map[string]string{"LANG": "fr_FR.UTF-8"}, EN},
	}
	for _, c := range cases {
		if got := Detect(c.flag, c.config, env(c.env)); got != c.want {
			t.Errorf("Detect(%q, %q, %v) = %q, want %q", c.flag, c.config, c.env, got, c.want)
		}
	}
}

func TestTAndErrors(t *testing.T) {
	const f = "unknown command %q"
	if got := ZH.T(f, "x"); got != `未知命令 "x"` {
		t.Errorf("ZH.T = %q", got)
	}
	if got := EN.T(f, "x"); got != `unknown command "x"` {
		t.Errorf("EN.T = %q", got)
	}
	if got := EN.T("100% plain"); got != "100% plain" {
		t.Errorf("no-arg T must not format: %q", got)
	}
	inner := errors.New("boom")
	err := Errorf(f+": %w", "x", inner)
	if !errors.Is(err, inner) {
		t.Error("Errorf must wrap %w")
	}
	if got := err.Error(); got != `unknown command "x": boom` {
		t.Errorf("Error() = %q", got)
	}
	if got := ZH.Error(localized{}); got != "本地化" {
		t.Errorf("ZH.Error(Localizer) = %q", got)
	}
	nested := Errorf(f, "y")
	if got := ZH.Error(nested); got != `未知命令 "y"` {
		t.Errorf("ZH.Error = %q", got)
	}
}

type localized struct{}

func (localized) Error() string         { return "localized" }
func (localized) Message(l Lang) string { return map[Lang]string{EN: "localized", ZH: "本地化"}[l] }
