package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// At 80x24 the header keeps the go env file's path and GOPROXY readable
// (shortened in the middle, the end kept), and the detail panel shows its
// curl line to its end, focused or not.
func TestLayout80x24(t *testing.T) {
	long := "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/|https://mirrors.cloud.tencent.com/go/|direct"
	f := &fakeDeps{env: snapshot(long, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow, Interval: 30 * time.Second, Demo: true,
		EnvFile: "/tmp/goproxytui-demo-1234567890/deeply/nested/dir/go.env"}, f.deps())
	h := &harness{t: t, f: f, m: m}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}, EnvMsg{Snapshot: f.env})
	for _, r := range scenario() {
		h.send(ProbeResultMsg{Result: r})
	}
	for _, keys := range [][]string{nil, {"tab", "tab"}, {"j"}} {
		h.send(toAny(keys)...)
		lines := strings.Split(h.view(), "\n")
		if len(lines) != 24 {
			t.Fatalf("%d lines", len(lines))
		}
		if l := lines[0]; !strings.Contains(l, "env file /tmp/") || !strings.Contains(l, "/go.env") || !strings.Contains(l, "probing live") {
			t.Errorf("%v: title line %q", keys, l)
		}
		if l := strings.TrimRight(lines[1], " "); !strings.HasPrefix(l, "GOPROXY=https://goproxy.cn|") || !strings.HasSuffix(l, "/go/|direct (go env file)") || !strings.Contains(l, "…") {
			t.Errorf("%v: GOPROXY line %q", keys, l)
		}
		v := strings.Join(lines, "\n")
		if !strings.Contains(v, "curl -sS") || !strings.Contains(v, "/rsc.io/quote/@v/v1.5.2.info'") {
			t.Errorf("%v: the detail does not reach the end of its curl line:\n%s", keys, v)
		}
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// At 200x50 both columns use their height: the left one (table, detail)
// and the right one (chain, events, probe feed) have no more than a few
// blank rows.
func TestWideUsesItsHeight(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 200, 50, true)}
	lines := strings.Split(h.view(), "\n")
	lw := 200 * 60 / 100
	var blankL, blankR int
	for _, l := range lines[3 : len(lines)-2] { // the body
		r := []rune(l)
		if strings.TrimSpace(string(r[:lw])) == "" {
			blankL++
		}
		if strings.TrimSpace(string(r[lw:])) == "" {
			blankR++
		}
	}
	if blankL > 3 || blankR > 3 {
		t.Errorf("blank rows: %d on the left, %d on the right:\n%s", blankL, blankR, h.view())
	}
	if !strings.Contains(h.view(), "Probe feed") {
		t.Errorf("no probe feed under the short event log:\n%s", h.view())
	}
}
