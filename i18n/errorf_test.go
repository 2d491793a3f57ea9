package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

// Errorf wraps as fmt.Errorf does: every argument matched by a %w verb,
// none that another verb shows, and Wrapped too; the text is unchanged.
func TestErrorfWrapsEveryW(t *testing.T) {
	first, second := errors.New("first"), errors.New("second")
	err := Errorf("%w; %w", first, second)
	if !errors.Is(err, first) || !errors.Is(err, second) {
		t.Errorf("%q: errors.Is misses a wrapped error", err)
	}
	if got := err.Error(); got != "first; second" {
		t.Errorf("Error() = %q", got)
	}
	var pe *fs.PathError
	nested := Errorf("%s: %w", "GONOPROXY", Errorf("%w; %w", first, &fs.PathError{Op: "open", Path: "p", Err: fs.ErrNotExist}))
	if !errors.As(nested, &pe) || !errors.Is(nested, fs.ErrNotExist) || !errors.Is(nested, first) {
		t.Errorf("%q: errors.As/Is do not reach the second error of a nested %%w; %%w", nested)
	}
	if shown := Errorf("%v and %w", first, second); errors.Is(shown, first) || !errors.Is(shown, second) {
		t.Errorf("%q: only the %%w argument is wrapped", shown)
	}
	m := &Msg{Format: "%w", Args: []any{first}, Wrapped: second}
	if !errors.Is(m, second) {
		t.Error("Wrapped is not reported")
	}
	if want := fmt.Errorf("%w; %w", first, second); !errors.Is(want, second) {
		t.Fatal("fmt.Errorf itself does not wrap both: the test is wrong")
	}
}
