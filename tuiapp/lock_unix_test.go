//go:build linux || darwin

package tuiapp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/gotest"
	"github.com/goproxytui/goproxytui/ui"
)

// The TUI's Apply waiting for the lock says so in the status line
// (ui.LockWaitMsg through the session's send, naming the holder), then
// writes once the lock is free. GOENV: gotest.Env's temp file.
func TestTUIApplyWaitsForLockAndSaysWho(t *testing.T) {
	t.Parallel()
	env, _ := gotest.Env(t)
	envFile := gotest.Value(env, "GOENV")
	if err := os.MkdirAll(filepath.Dir(envFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(envFile, []byte("GOPROXY=https://proxy.golang.org,direct\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lockPath, release := gotest.HoldEnvLock(t, envFile)
	s := &Session{ctx: context.Background(), env: &envcfg.Env{Environ: env, StateDir: t.TempDir()}}
	s.env.OnLockWait = s.lockWait
	waits := make(chan ui.LockWaitMsg, 1)
	send := func(m tea.Msg) {
		if w, ok := m.(ui.LockWaitMsg); ok {
			waits <- w
		}
	}
	s.send.Store(&send)
	applied := make(chan tea.Msg, 1)
	go func() {
		applied <- s.deps().Apply([]envcfg.Change{{Key: "GOPROXY", Value: "https://goproxy.cn,direct"}})()
	}()
	select {
	case w := <-waits:
		if w.Holder.Path != lockPath || w.Holder.PID != os.Getpid() || w.Holder.Program != "other-goproxytui" {
			t.Errorf("holder %+v", w.Holder)
		}
		var m tea.Model = ui.New(ui.Options{Lang: i18n.EN}, ui.Deps{})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 300, Height: 40})
		m, _ = m.Update(w)
		if v := ansi.Strip(m.View().Content); !strings.Contains(v, "waiting for the lock "+lockPath+", held by process") {
			t.Errorf("status line does not say it waits:\n%s", v)
		}
	case m := <-applied:
		t.Fatalf("applied while the lock was held: %#v", m)
	case <-time.After(30 * time.Second):
		t.Fatal("no lock-wait notice within 30s")
	}
	release()
	if am, ok := (<-applied).(ui.AppliedMsg); !ok || am.Err != nil {
		t.Fatalf("Apply after the lock was freed: %#v", am)
	}
	if data, _ := os.ReadFile(envFile); string(data) != "GOPROXY=https://goproxy.cn,direct\n" {
		t.Errorf("env file %q", data)
	}
}
