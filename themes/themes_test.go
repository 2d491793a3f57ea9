package themes

import (
	"slices"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestNamesAndGet(t *testing.T) {
	names := Names()
	for _, want := range []string{"default", "dark", "light", "high-contrast", "mono"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names() = %v lacks %q", names, want)
		}
	}
	for _, n := range names {
		for _, dark := range []bool{true, false} {
			s, err := Get(n, dark)
			if err != nil || s.Name != n {
				t.Errorf("Get(%q, %v) = %q, %v", n, dark, s.Name, err)
			}
		}
	}
	if s, err := Get("", true); err != nil || s.Name != "default" {
		t.Errorf(`Get("") = %q, %v`, s.Name, err)
	}
	if _, err := Get("neon", true); err == nil {
		t.Error("unknown theme accepted")
	}
}

// The default theme adapts to the background; dark and light do not.
func TestAdaptive(t *testing.T) {
	d, _ := Get("default", true)
	l, _ := Get("default", false)
	if d.Text.GetForeground() == l.Text.GetForeground() {
		t.Error("default theme does not adapt to the background")
	}
	dk1, _ := Get("dark", true)
	dk2, _ := Get("dark", false)
	if dk1.Text.GetForeground() != dk2.Text.GetForeground() {
		t.Error("dark theme changes with the background")
	}
}

// Next cycles through every theme and wraps around.
func TestNext(t *testing.T) {
	n, seen := "default", map[string]bool{}
	for range Names() {
		seen[n] = true
		n = Next(n)
	}
	if n != "default" || len(seen) != len(Names()) {
		t.Errorf("cycle ends at %q after %d themes", n, len(seen))
	}
	if Next("neon") != "default" {
		t.Error("unknown name does not restart the cycle")
	}
}

// Mono has no colour at all: everything states must differ by is symbols
// and attributes.
func TestMonoHasNoColour(t *testing.T) {
	s := Mono()
	for _, st := range []lipgloss.Style{s.Text, s.Error, s.Warning, s.Success, s.Health.Down, s.Health.Healthy,
		s.Chain.Pipe, s.Chain.Comma, s.Table.Selected, s.Header.Modified, s.Help.ShortKey} {
		if _, ok := st.GetForeground().(lipgloss.NoColor); !ok {
			t.Errorf("foreground %v in mono", st.GetForeground())
		}
		if _, ok := st.GetBackground().(lipgloss.NoColor); !ok {
			t.Errorf("background %v in mono", st.GetBackground())
		}
	}
	if !s.Table.Selected.GetReverse() {
		t.Error("selection in mono must be reverse video")
	}
}
