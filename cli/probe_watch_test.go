package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// signalWriter is a buffer that tells of every write.
type signalWriter struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	select {
	case w.writes <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// On a terminal, --watch redraws one table in place: each draw after the
// first moves the cursor up over the previous table and clears below it,
// and mirrors not probed yet show as "…".
func TestWatchRedrawsInPlaceOnTerminal(t *testing.T) {
	t.Parallel()
	w := &signalWriter{writes: make(chan struct{}, 1)}
	a := &app{stdout: w, stderr: w, lang: i18n.EN, stdoutTTY: true}
	ms := []mirrors.Mirror{{ID: "a", URL: "https://a.example"}, {ID: "b", URL: "https://b.example"}}
	release := make(chan struct{})
	fake := func(ctx context.Context, m mirrors.Mirror, opt probe.Options) probe.Result {
		if m.ID == "b" { // b answers only once a has been drawn
			select {
			case <-release:
			case <-ctx.Done():
			}
		}
		r := probe.Result{MirrorID: m.ID, URL: m.URL, Class: probe.ClassTLSTimeout, Start: time.Now()}
		r.Phases.Total = 3 * time.Millisecond
		return r
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	sc := probe.SchedulerConfig{Interval: time.Hour, Jitter: -1, Probe: fake}
	go func() { done <- a.watchProbes(ctx, ms, sc, probe.NewTracker(probe.HealthConfig{}, 10), false, false) }()
	wait := func(cond func(string) bool) string {
		t.Helper()
		timeout := time.After(2 * time.Minute)
		for {
			if s := w.String(); cond(s) {
				return s
			}
			select {
			case <-w.writes:
			case <-timeout:
				t.Fatalf("output not reached:\n%q", w.String())
			}
		}
	}
	first := wait(func(s string) bool { return strings.Contains(s, "timeout (TLS)") })
	if strings.Contains(first, "\x1b[") || !strings.Contains(first, "…") {
		t.Errorf("first draw:\n%q", first)
	}
	close(release)
	out := wait(func(s string) bool { return strings.Count(s, "timeout (TLS)") >= 3 })
	if !strings.Contains(out, "\x1b[3A\x1b[J") { // header and two rows
		t.Errorf("second draw does not replace the first:\n%q", out)
	}
	for _, line := range strings.Split(ansi.Strip(out), "\n") { // no line wraps at 80 columns
		if displayWidth(line) >= 80 {
			t.Errorf("line of %d columns: %q", displayWidth(line), line)
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}
