package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// TestGolden runs the real program (teatest) at fixed sizes with a fixed
// colour profile and clock, feeds it the scenario's probe results and keys,
// and compares the final screen with testdata/TestGolden/*.golden (run with
// -update to rewrite them). Styles are stripped so the goldens read as text.
// The program runs the model unrendered: the final screen is the final
// model's view.
func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		lang i18n.Lang
		w, h int
		env  envcfg.Snapshot
		keys []string
		// firstRun opens the first-run guide.
		firstRun bool
	}{
		{"dashboard_80x24", i18n.EN, 80, 24, snapshot(startGP, "sum.golang.org", ""), nil, false},
		{"dashboard_140x40", i18n.EN, 140, 40, snapshot(startGP, "sum.golang.org", "github.com/corp/*"), nil, false},
		{"zh_80x24", i18n.ZH, 80, 24, snapshot(startGP, "sum.golang.org", ""), nil, false},
		{"fail_verdict_pending_80x24", i18n.EN, 80, 24, snapshot("https://proxy.golang.org,"+cnURL, "sum.golang.org", ""), []string{"j", "j", "enter"}, false},
		{"apply_dialog_140x40", i18n.EN, 140, 40, snapshot(startGP, "sum.golang.org", ""), []string{"tab", "j", "K", "a"}, false},
		{"detail_focus_80x24", i18n.EN, 80, 24, snapshot(startGP, "sum.golang.org", ""), []string{"j", "tab", "tab"}, false},
		// The first-run guide (its proposal is made after two
		// rounds and then kept) and the triage view.
		{"guide_80x24", i18n.EN, 80, 24, snapshot(newcomerGP, "sum.golang.org", ""), nil, true},
		{"guide_140x40", i18n.EN, 140, 40, snapshot(newcomerGP, "sum.golang.org", ""), nil, true},
		{"guide_zh_80x24", i18n.ZH, 80, 24, snapshot(newcomerGP, "sum.golang.org", ""), nil, true},
		{"triage_80x24", i18n.EN, 80, 24, snapshot(startGP, "sum.golang.org", ""), []string{"T"}, false},
		{"triage_140x40", i18n.EN, 140, 40, snapshot(startGP, "sum.golang.org", "github.com/Corp/*"), []string{"T"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeDeps{env: c.env}
			d := f.deps()
			d.ReadEnv = nil // the test sends EnvMsg itself, in order with the rest
			m := New(Options{Lang: c.lang, Catalog: mirrors.Builtin(), Interval: 30 * time.Second, Now: fixedNow, FirstRun: c.firstRun}, d)
			tm := teatest.NewTestModel(t, unrendered{m},
				teatest.WithInitialTermSize(c.w, c.h),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
			tm.Send(EnvMsg{Snapshot: c.env})
			for _, r := range scenario() {
				tm.Send(ProbeResultMsg{Result: r})
			}
			for _, k := range c.keys {
				tm.Send(keyPress(k))
			}
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			// The final timeout only bounds a hang.
			fm := tm.FinalModel(t, teatest.WithFinalTimeout(2*time.Minute))
			golden.RequireEqual(t, ansi.Strip(fm.(unrendered).Model.View().Content))
		})
	}
}

// unrendered is the model with an empty view: the program draws the view
// after every message, hundreds of times per scenario (most of the
// package's test time under -race), while the goldens need only the last
// screen. Update is the model's own.
type unrendered struct{ Model }

func (u unrendered) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := u.Model.Update(msg)
	return unrendered{m.(Model)}, cmd
}

func (unrendered) View() tea.View { return tea.NewView("") }
