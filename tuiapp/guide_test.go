package tuiapp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/ui"
)

// TestTUIFirstRunUntilConfigSaved: with no config file the session opens
// the guide; the guide's SaveConfig (apply or skip) writes the file, and a
// later start sees it and does not open the guide again.
func TestTUIFirstRunUntilConfigSaved(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "goproxytui", "config.toml")
	if !configMissing(path) {
		t.Fatal("configMissing = false for a missing file")
	}
	s := &Session{ctx: context.Background(), cfgPath: path, cfg: config.Default(), cat: mirrors.Builtin(),
		firstRun: configMissing(path), proxyEnv: map[string]string{"HTTPS_PROXY": "http://proxy.corp:3128"}}
	o := s.options()
	if !o.FirstRun || o.ProxyEnv["HTTPS_PROXY"] != "http://proxy.corp:3128" || len(o.ProxyEnv) != 1 {
		t.Fatalf("options: FirstRun %v, ProxyEnv %v", o.FirstRun, o.ProxyEnv)
	}
	if m, ok := s.deps().SaveConfig(config.Default())().(ui.ConfigSavedMsg); !ok || m.Err != nil {
		t.Fatalf("SaveConfig: %#v", m)
	}
	if configMissing(path) {
		t.Fatal("the config is still missing after the guide's SaveConfig: the guide would come back")
	}
	if _, err := config.Load(path); err != nil {
		t.Fatalf("the saved config does not load: %v", err)
	}
}

// TestSaveEventLog writes the log to a new file, never over another one.
func TestSaveEventLog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const name = "goproxytui-events-20261124-220000.txt"
	const text = "goproxytui event log\n2026-11-24 22:00:00 UTC ✗ aliyun: healthy → down\n"
	p, err := saveEventLog(dir, name, text)
	if err != nil || p != filepath.Join(dir, name) {
		t.Fatalf("saveEventLog = %q, %v", p, err)
	}
	if data, _ := os.ReadFile(p); string(data) != text {
		t.Errorf("file holds %q, want %q", data, text)
	}
	p2, err := saveEventLog(dir, name, "second\n")
	if err != nil || p2 != filepath.Join(dir, "goproxytui-events-20261124-220000-2.txt") {
		t.Fatalf("second save = %q, %v: want the -2 name", p2, err)
	}
	if data, _ := os.ReadFile(p); string(data) != text {
		t.Errorf("the first file was overwritten: %q", data)
	}
	for _, bad := range []string{"", "../x.txt", "a/b.txt", ".hidden"} {
		if _, err := saveEventLog(dir, bad, text); err == nil {
			t.Errorf("saveEventLog(%q) succeeded", bad)
		}
	}
	if _, err := saveEventLog(filepath.Join(dir, "missing"), name, text); err == nil {
		t.Error("saving into a missing directory reported no error")
	}
	if m, ok := saveLogDep(string([]byte{'/'}), text)().(ui.LogSavedMsg); !ok || m.Err == nil {
		t.Errorf("SaveLog with a bad name: %#v", m)
	}
}

// TestCheckSumDBDep answers the TUI's checksum database checks with the
// check it is given, one Reach per URL, run with the config's probe
// settings.
func TestCheckSumDBDep(t *testing.T) {
	t.Parallel()
	const good, bad = "https://good.example", "https://bad.example"
	check := func(_ context.Context, url string, pc config.ProbeConfig) advisor.Reach {
		if pc != config.Default().Probe {
			t.Errorf("check of %s with probe settings %+v", url, pc)
		}
		if url == good {
			return advisor.Reach{URL: url, OK: true}
		}
		return advisor.Reach{URL: url, Reason: "404 Not Found"}
	}
	dep := checkSumDBDep(context.Background(), check, config.Default)
	msg, ok := dep([]string{good, bad})().(ui.SumDBCheckedMsg)
	if !ok || len(msg.Reach) != 2 {
		t.Fatalf("CheckSumDB: %#v", msg)
	}
	if r := msg.Reach[good]; !r.OK {
		t.Errorf("good sumdb: %+v", r)
	}
	if r := msg.Reach[bad]; r.OK || !strings.Contains(r.Reason, "404") {
		t.Errorf("404 sumdb: %+v", r)
	}
	if (&Session{demo: &demoSetup{}, sumdbCheck: check}).checkSumDB() != nil {
		t.Error("--demo checks real checksum databases")
	}
}
