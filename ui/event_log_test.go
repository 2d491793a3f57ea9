package ui

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

func TestSaveLog(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(EnvMsg{Snapshot: f.env})
	h.send(ProbeResultMsg{Result: result("goproxy.cn", 1, probe.ClassOK, 38*time.Millisecond)})
	h.m.logEvent(evError, "server said \x1b[31mno\x1b[0m\x07 way\r")
	h.send("w")
	c := h.lastCall("SaveLog")
	if c.name2 != "goproxytui-events-20261124-220000.txt" {
		t.Errorf("file name %q", c.name2)
	}
	want := "goproxytui event log, saved 2026-11-24 22:00:00 UTC\n" +
		"GOPROXY=" + startGP + " (go env file)\n" +
		"GOSUMDB=sum.golang.org (go env file)\n" +
		"\n" +
		"2026-11-24 22:00:10 UTC ✓ goproxy.cn: unknown → healthy: first successful probe: 38ms\n" +
		"2026-11-24 22:00:00 UTC ✗ server said no way\n"
	if c.text != want {
		t.Errorf("log text:\n%q\nwant\n%q", c.text, want)
	}
	if h.m.status != "event log saved to /work/goproxytui-events-20261124-220000.txt" {
		t.Errorf("status %q", h.m.status)
	}
	f.logErr = errors.New("permission denied")
	h.send("w")
	if !h.m.statusErr || !strings.Contains(h.m.status, "saving the event log failed: permission denied") {
		t.Errorf("status %q", h.m.status)
	}
	h.send("T", "w") // also from the triage view
	if n := count(h.callNames(), "SaveLog"); n != 3 {
		t.Errorf("SaveLog %d times", n)
	}
	h.m.deps.SaveLog = nil
	h.send("w")
	if !strings.Contains(h.m.status, "not available") {
		t.Errorf("w without SaveLog: %q", h.m.status)
	}
}

func TestCopyCurl(t *testing.T) {
	secret := "https://alice:s3cret@goproxy.corp.example/mod"
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow,
		Extra: []mirrors.Mirror{{ID: "corp", URL: secret, Source: mirrors.SourceArg}}}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30}, EnvMsg{Snapshot: f.env})
	f.calls = nil // the env read's SetSumDB
	clip := func() string {
		t.Helper()
		h.send("c")
		if h.lastCmd == nil {
			t.Fatal("c returned no command")
		}
		msg := h.lastCmd()
		if got := fmt.Sprintf("%T", msg); got != "tea.setClipboardMsg" {
			t.Fatalf("c's command produced %s, want tea.SetClipboard's message", got)
		}
		return reflect.ValueOf(msg).String()
	}
	// The mirror named on the command line is listed first and selected.
	got := clip()
	if strings.Contains(got, "s3cret") || !strings.Contains(got, "'https://alice:xxxxx@goproxy.corp.example/mod/rsc.io/quote/@v/v1.5.2.info'") {
		t.Errorf("clipboard for a mirror with credentials: %s", got)
	}
	if !strings.Contains(h.m.status, "copied the curl command of corp") {
		t.Errorf("status %q", h.m.status)
	}
	h.send("j")
	want := "curl -sS -o /dev/null -w 'dns %{time_namelookup} connect %{time_connect} tls %{time_appconnect} ttfb %{time_starttransfer} total %{time_total} http %{http_code}\\n' 'https://proxy.golang.org/rsc.io/quote/@v/v1.5.2.info'"
	if got := clip(); got != want {
		t.Errorf("clipboard:\n%s\nwant\n%s", got, want)
	}
	if len(f.calls) != 0 {
		t.Errorf("c called Deps: %v", h.callNames())
	}
}
