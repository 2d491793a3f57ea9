package tuiapp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/ui"
)

// The TUI's config writes (weights, theme, hiding a mirror) keep the
// user's comments and layout: ui.Deps.SaveConfig edits the file in place.
func TestTUIDepsSaveConfigKeepsComments(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	orig := "# my mirrors, do not lose this\ntheme = \"dark\" # the theme I like\n\n[[mirror]]\n# the company Athens\nid = \"corp\"\nurl = \"https://athens.corp.example\"\n"
	if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Weights == nil {
		cfg.Weights = map[string]float64{}
	}
	cfg.Weights["goproxy.cn"] = 3
	cfg.Hidden = append(cfg.Hidden, "baidu")
	s := &Session{ctx: context.Background(), cfgPath: path}
	if m, ok := s.deps().SaveConfig(cfg)().(ui.ConfigSavedMsg); !ok || m.Err != nil {
		t.Fatalf("SaveConfig: %#v", m)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"# my mirrors, do not lose this", "# the theme I like", "# the company Athens"} {
		if !strings.Contains(string(data), c) {
			t.Errorf("comment %q lost:\n%s", c, data)
		}
	}
	got, err := config.Load(path)
	if err != nil || got.Weights["goproxy.cn"] != 3 || !strings.Contains(strings.Join(got.Hidden, ","), "baidu") {
		t.Errorf("saved config = %+v, %v", got, err)
	}
	if _, err := os.Stat(path + ".bak"); err == nil {
		t.Error("an in-place edit left a .bak copy: the file was rewritten")
	}
}
