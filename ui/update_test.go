package ui

import (
	"errors"
	"fmt"
	"image/color"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

const (
	cnURL     = "https://goproxy.cn"
	aliyunURL = "https://mirrors.aliyun.com/goproxy/"
	ioURL     = "https://goproxy.io"
	startGP   = cnURL + "," + aliyunURL + "|direct"
)

// harness drives a model with messages, delivering what the fake Deps'
// commands would produce, without running commands.
type harness struct {
	t       *testing.T
	m       Model
	f       *fakeDeps
	lastCmd tea.Cmd
}

func newHarness(t *testing.T, probes bool) *harness {
	t.Helper()
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	f.calls = nil
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 100, 30, probes)}
	f.calls, f.outbox = nil, nil
	return h
}

// keyPress builds a key press from its name.
func keyPress(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "shift+up":
		return tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModShift}
	case "shift+down":
		return tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModShift}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	r := []rune(s)
	if len(r) != 1 {
		panic("unknown key " + s)
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// send delivers messages; key names are turned into key presses, and
// strings starting with "type:" are typed rune by rune.
func (h *harness) send(msgs ...any) {
	h.t.Helper()
	for _, x := range msgs {
		switch v := x.(type) {
		case string:
			if text, ok := strings.CutPrefix(v, "type:"); ok {
				for _, r := range text {
					h.deliver(tea.KeyPressMsg{Code: r, Text: string(r)})
				}
				continue
			}
			h.deliver(keyPress(v))
		case tea.Msg:
			h.deliver(v)
		}
	}
}

func (h *harness) deliver(msg tea.Msg) {
	h.t.Helper()
	before := len(h.f.calls)
	mm, cmd := h.m.Update(msg)
	h.m = mm.(Model)
	h.lastCmd = cmd
	if len(h.f.calls) > before && cmd == nil {
		h.t.Fatalf("%T %v: Deps called but no command returned", msg, msg)
	}
	out := h.f.outbox
	h.f.outbox = nil
	for _, o := range out {
		h.deliver(o)
	}
}

// quits reports whether the last command is tea.Quit.
func (h *harness) quits() bool {
	if h.lastCmd == nil {
		return false
	}
	_, ok := h.lastCmd().(tea.QuitMsg)
	return ok
}

func (h *harness) view() string { return ansi.Strip(h.m.render()) }

func (h *harness) gp() string { return h.m.editor.chain.String() }

func (h *harness) callNames() []string { return h.f.names() }

func (h *harness) lastCall(name string) call {
	h.t.Helper()
	for i := len(h.f.calls) - 1; i >= 0; i-- {
		if h.f.calls[i].name == name {
			return h.f.calls[i]
		}
	}
	h.t.Fatalf("no %s call; calls: %v", name, h.callNames())
	return call{}
}

func (h *harness) eventTexts() string {
	var b strings.Builder
	for _, e := range h.m.events {
		b.WriteString(e.Text + "\n")
	}
	return b.String()
}

// A harnessCase sends its messages (keys or any tea.Msg) to a fresh
// harness and checks the model after them.
type harnessCase struct {
	name  string
	msgs  []any
	check func(t *testing.T, h *harness)
}

// runHarnessCases runs each case as a subtest on its own harness.
func runHarnessCases(t *testing.T, cases []harnessCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, true)
			h.send(c.msgs...)
			c.check(t, h)
		})
	}
}

func TestKeys(t *testing.T) {
	runHarnessCases(t, slices.Concat(cursorKeyCases(), chainEditKeyCases(), commandKeyCases(), inputKeyCases()))
}

// cursorKeyCases move the table cursor, the focus and chain entries.
func cursorKeyCases() []harnessCase {
	return []harnessCase{
		{"j/k and arrows move the table cursor", []any{"j", "down", "k"}, func(t *testing.T, h *harness) {
			if h.m.tableSel != 1 {
				t.Errorf("tableSel = %d, want 1", h.m.tableSel)
			}
		}},
		{"up at the top stays", []any{"up", "k"}, func(t *testing.T, h *harness) {
			if h.m.tableSel != 0 {
				t.Errorf("tableSel = %d", h.m.tableSel)
			}
		}},
		{"tab cycles the panels", []any{"tab"}, func(t *testing.T, h *harness) {
			if h.m.focus != focusChain {
				t.Errorf("focus = %d", h.m.focus)
			}
			h.send("tab", "tab", "tab")
			if h.m.focus != focusTable {
				t.Errorf("focus after 4 tabs = %d", h.m.focus)
			}
			h.send("shift+tab")
			if h.m.focus != focusEvents {
				t.Errorf("shift+tab focus = %d", h.m.focus)
			}
		}},
		{"enter adds the selected mirror before direct, with the separator before it", []any{"j", "j", "enter"}, func(t *testing.T, h *harness) {
			if want := cnURL + "," + aliyunURL + "|" + ioURL + "|direct"; h.gp() != want {
				t.Errorf("chain = %q, want %q", h.gp(), want)
			}
			if !strings.Contains(h.view(), "modified — not applied") {
				t.Error("no modified marker in the header")
			}
			if len(h.f.calls) != 0 {
				t.Errorf("editing must not call Deps: %v", h.callNames())
			}
		}},
		{"space removes a mirror that is in the chain", []any{"j", "space"}, func(t *testing.T, h *harness) {
			if want := aliyunURL + "|direct"; h.gp() != want {
				t.Errorf("chain = %q, want %q", h.gp(), want)
			}
		}},
		{"enter in the chain panel removes the selected entry", []any{"tab", "j", "enter"}, func(t *testing.T, h *harness) {
			if want := cnURL + ",direct"; h.gp() != want {
				t.Errorf("chain = %q, want %q", h.gp(), want)
			}
		}},
		{"K moves the entry up; its separator travels with it", []any{"tab", "j", "K"}, func(t *testing.T, h *harness) {
			if want := aliyunURL + "|" + cnURL + ",direct"; h.gp() != want {
				t.Errorf("chain = %q, want %q", h.gp(), want)
			}
			if h.m.editor.sel != 0 {
				t.Errorf("selection did not follow: %d", h.m.editor.sel)
			}
			h.send("shift+down")
			if h.gp() != startGP {
				t.Errorf("shift+down: chain = %q, want %q", h.gp(), startGP)
			}
			h.send("shift+up", "J")
			if h.gp() != startGP {
				t.Errorf("shift+up, J: chain = %q", h.gp())
			}
		}},
		{"J never moves a mirror past direct", []any{"tab", "j", "J"}, func(t *testing.T, h *harness) {
			if h.gp() != startGP {
				t.Errorf("chain = %q", h.gp())
			}
		}},
	}
}

// chainEditKeyCases set separators and weights and pick the head.
func chainEditKeyCases() []harnessCase {
	return []harnessCase{
		{"| from the table sets the separator after the selected mirror's entry", []any{"j", "|"}, func(t *testing.T, h *harness) {
			if want := cnURL + "|" + aliyunURL + "|direct"; h.gp() != want {
				t.Errorf("chain = %q, want %q", h.gp(), want)
			}
			h.send(",")
			if h.gp() != startGP {
				t.Errorf("after ',': %q", h.gp())
			}
		}},
		{"a separator after the last entry is refused", []any{"tab", "j", "j", ","}, func(t *testing.T, h *harness) {
			if h.gp() != startGP || !strings.Contains(h.m.status, "last entry") {
				t.Errorf("chain = %q, status %q", h.gp(), h.m.status)
			}
		}},
		{"| with no chain entry selected says so", []any{"j", "j", "|"}, func(t *testing.T, h *harness) {
			if h.gp() != startGP || !strings.Contains(h.m.status, "select a chain entry") {
				t.Errorf("chain = %q, status %q", h.gp(), h.m.status)
			}
		}},
		{"+ raises the weight and saves it to the config at once", []any{"tab", "+"}, func(t *testing.T, h *harness) {
			c := h.lastCall("SaveConfig")
			if c.cfg.Weights["goproxy.cn"] != 1.5 {
				t.Errorf("saved weights = %v", c.cfg.Weights)
			}
			if h.m.editor.chain.Entries[0].Weight != 1.5 || h.m.dirty() {
				t.Errorf("weight %v, dirty %v (weights are not go env)", h.m.editor.chain.Entries[0].Weight, h.m.dirty())
			}
			if !strings.Contains(h.view(), "goproxy.cn w1.5") {
				t.Error("weight not shown in the chain panel")
			}
			h.send("-", "-", "-", "-")
			if w := h.lastCall("SaveConfig").cfg.Weights["goproxy.cn"]; w != weightMin {
				t.Errorf("weight after 4 × - = %v, want %v", w, weightMin)
			}
		}},
		{"o orders the chain by ranking", []any{"tab", "j", "K", "o"}, func(t *testing.T, h *harness) {
			if h.m.editor.chain.Entries[0].MirrorID != "goproxy.cn" {
				t.Errorf("chain = %q: the down aliyun should go after goproxy.cn", h.gp())
			}
			if h.m.editor.chain.Entries[2].Kind != mirrors.KindDirect {
				t.Errorf("direct must stay last: %q", h.gp())
			}
		}},
		{"3 makes mirror number 3 the head, keeps the healthy fallbacks with | and applies at once", []any{"3"}, func(t *testing.T, h *harness) {
			// aliyun stalls now: it is left out.
			want := ioURL + "|" + cnURL + ",direct"
			c := h.lastCall("Apply")
			if !slices.Equal(c.changes, []envcfg.Change{{Key: "GOPROXY", Value: want}}) {
				t.Errorf("Apply(%v), want GOPROXY=%s", c.changes, want)
			}
			if h.m.dirty() || h.m.applied != want || h.m.applying {
				t.Errorf("after apply: dirty %v applied %q applying %v", h.m.dirty(), h.m.applied, h.m.applying)
			}
			if !strings.Contains(h.eventTexts(), "applied: GOPROXY: "+startGP+" → "+want) {
				t.Errorf("events: %s", h.eventTexts())
			}
		}},
		{"9 beyond the table does nothing", []any{"9"}, func(t *testing.T, h *harness) {
			if len(h.f.calls) != 0 || h.gp() != startGP {
				t.Errorf("calls %v chain %q", h.callNames(), h.gp())
			}
		}},
		{"digits name mirrors by their number, not by the row of a filtered table", []any{"/", "type:ali", "enter", "6"}, func(t *testing.T, h *harness) {
			want := "https://mirrors.huaweicloud.com/repository/goproxy/|" + cnURL + ",direct"
			if c := h.lastCall("Apply"); c.changes[0].Value != want {
				t.Errorf("Apply(%v), want %s", c.changes, want)
			}
		}},
	}
}

// commandKeyCases apply, undo, probe, pause and edit the go env values.
func commandKeyCases() []harnessCase {
	return []harnessCase{
		{"a with nothing pending says so", []any{"a"}, func(t *testing.T, h *harness) {
			if h.m.dialog != nil || !strings.Contains(h.m.status, "nothing to apply") {
				t.Errorf("dialog %v status %q", h.m.dialog, h.m.status)
			}
		}},
		{"a shows old → new per key; n cancels; y applies", []any{"j", "j", "enter", "a"}, func(t *testing.T, h *harness) {
			want := cnURL + "," + aliyunURL + "|" + ioURL + "|direct"
			if h.m.dialog == nil || h.m.dialog.kind != dialogApply {
				t.Fatal("no apply dialog")
			}
			if !slices.Contains(h.m.dialog.lines, "GOPROXY: "+startGP+" → "+want) {
				t.Errorf("dialog lacks the exact change: %q", h.m.dialog.lines)
			}
			if v := strings.ReplaceAll(h.view(), "║", ""); !strings.Contains(strings.Join(strings.Fields(v), ""), "GOPROXY:"+startGP+"→"+want) {
				t.Errorf("the exact change is not on screen (wrapped):\n%s", h.view())
			}
			h.send("n")
			if h.m.dialog != nil || len(h.f.calls) != 0 {
				t.Fatalf("n: dialog %v calls %v", h.m.dialog, h.callNames())
			}
			h.send("a", "esc")
			if h.m.dialog != nil || len(h.f.calls) != 0 {
				t.Fatalf("esc: dialog %v calls %v", h.m.dialog, h.callNames())
			}
			h.send("a", "y")
			if c := h.lastCall("Apply"); !slices.Equal(c.changes, []envcfg.Change{{Key: "GOPROXY", Value: want}}) {
				t.Errorf("Apply(%v)", c.changes)
			}
			if h.m.dirty() {
				t.Error("still dirty after the apply")
			}
		}},
		{"u undoes and takes the values after it", []any{"u"}, func(t *testing.T, h *harness) {
			if h.callNames()[0] != "Undo" {
				t.Fatalf("calls %v", h.callNames())
			}
			if !strings.Contains(h.m.status, "nothing to undo") {
				t.Errorf("status %q", h.m.status)
			}
		}},
		{"r probes now", []any{"r"}, func(t *testing.T, h *harness) {
			if !slices.Equal(h.callNames(), []string{"ProbeNow"}) {
				t.Errorf("calls %v", h.callNames())
			}
		}},
		{"p pauses and resumes", []any{"p"}, func(t *testing.T, h *harness) {
			if c := h.lastCall("SetPaused"); !c.paused || !h.m.paused {
				t.Errorf("SetPaused(%v), paused %v", c.paused, h.m.paused)
			}
			if !strings.Contains(h.view(), "probing paused") {
				t.Error("header does not say paused")
			}
			h.send("p")
			if c := h.lastCall("SetPaused"); c.paused || h.m.paused {
				t.Errorf("second p: SetPaused(%v)", c.paused)
			}
		}},
		{"s edits GOSUMDB; an invalid value cannot be accepted", []any{"s", "ctrl+u", "type:a b c", "enter"}, func(t *testing.T, h *harness) {
			if h.m.input == nil || h.m.input.err == "" {
				t.Fatalf("invalid GOSUMDB accepted (input %v)", h.m.input)
			}
			h.send("ctrl+u", "type:off", "enter")
			if h.m.input != nil || h.m.sumdb != "off" {
				t.Fatalf("input %v sumdb %q", h.m.input, h.m.sumdb)
			}
			if ch := h.m.pendingChanges(); !slices.Equal(ch, []envcfg.Change{{Key: "GOSUMDB", Value: "off"}}) {
				t.Errorf("pending %v", ch)
			}
			if !strings.Contains(h.view(), "checksum DB off") {
				t.Error("chain panel does not show the sumdb route")
			}
		}},
		{"P edits GOPRIVATE, validated as you type", []any{"P", "type:["}, func(t *testing.T, h *harness) {
			if h.m.input.err == "" {
				t.Fatal("bad glob not flagged")
			}
			h.send("backspace", "type:Github.com/Corp/*")
			if h.m.input.err != "" || h.m.input.warn == "" {
				t.Errorf("capitals: err %q warn %q", h.m.input.err, h.m.input.warn)
			}
			h.send("enter")
			if h.m.pats[0] != "Github.com/Corp/*" {
				t.Errorf("private = %q", h.m.pats[0])
			}
		}},
	}
}

// inputKeyCases add mirrors, filter, sort, change the theme, help and quit.
func inputKeyCases() []harnessCase {
	return []harnessCase{
		{"n adds a custom mirror, saved to the config and probed", []any{"n", "type:corp", "enter", "type:ftp://x"}, func(t *testing.T, h *harness) {
			if h.m.input == nil || h.m.input.cur != 1 || !strings.Contains(h.m.input.err, "invalid proxy URL scheme") {
				t.Fatalf("input %+v", h.m.input)
			}
			h.send("ctrl+u", "type:https://goproxy.corp.example", "enter")
			if h.m.input != nil {
				t.Fatalf("still open: %q", h.m.input.err)
			}
			c := h.lastCall("SaveConfig")
			if len(c.cfg.Mirrors) != 1 || c.cfg.Mirrors[0].ID != "corp" || c.cfg.Mirrors[0].URL != "https://goproxy.corp.example" {
				t.Errorf("saved mirrors %+v", c.cfg.Mirrors)
			}
			s := h.lastCall("SetMirrors")
			if !slices.ContainsFunc(s.mirrors, func(m mirrors.Mirror) bool { return m.ID == "corp" }) {
				t.Errorf("SetMirrors without corp")
			}
			if !strings.Contains(h.view(), "corp") {
				t.Error("table lacks the new mirror")
			}
		}},
		{"an open input follows a resize", []any{"n", tea.WindowSizeMsg{Width: 60, Height: 20}}, func(t *testing.T, h *harness) {
			for i, f := range h.m.input.fields {
				if f.Width() != h.m.fieldWidth(h.m.input.labels[i]) || f.Width() > 60 {
					t.Errorf("field %d width %d", i, f.Width())
				}
			}
		}},
		{"n refuses a taken name", []any{"n", "type:aliyun"}, func(t *testing.T, h *harness) {
			if !strings.Contains(h.m.input.err, "taken") {
				t.Errorf("err %q", h.m.input.err)
			}
		}},
		{"t cycles the theme", []any{"t"}, func(t *testing.T, h *harness) {
			if h.m.theme != "dark" || h.m.st.Name != "dark" {
				t.Errorf("theme %q styles %q", h.m.theme, h.m.st.Name)
			}
		}},
		{"/ filters; the input gets every key, q included", []any{"/", "type:q"}, func(t *testing.T, h *harness) {
			if h.quits() || h.m.filter != "q" {
				t.Errorf("filter %q quits %v", h.m.filter, h.quits())
			}
			h.send("esc")
			if h.m.input != nil || h.m.filter != "" {
				t.Errorf("esc: input %v filter %q", h.m.input, h.m.filter)
			}
		}},
		{"S sorts by latency, then name", []any{"S"}, func(t *testing.T, h *harness) {
			if r := h.m.rows(); r[0].ID != "goproxy.cn" || r[len(r)-1].ID == "goproxy.cn" {
				t.Errorf("latency order: %v", ids(r))
			}
			h.send("S")
			if r := h.m.rows(); r[0].ID != "aliyun" {
				t.Errorf("name order: %v", ids(r))
			}
		}},
		{"? shows the full key map", []any{"?"}, func(t *testing.T, h *harness) {
			if v := h.view(); !strings.Contains(v, "edit GOPRIVATE") || !strings.Contains(v, "`|`: next on any error") {
				t.Errorf("full help missing:\n%s", v)
			}
		}},
		{"q quits when nothing is pending", []any{"q"}, func(t *testing.T, h *harness) {
			if !h.quits() {
				t.Error("q did not quit")
			}
		}},
		{"q asks first when edits are unapplied", []any{"j", "j", "enter", "q"}, func(t *testing.T, h *harness) {
			if h.quits() || h.m.dialog == nil || h.m.dialog.kind != dialogQuit {
				t.Fatal("q quit without asking")
			}
			h.send("n")
			if h.quits() || h.m.dialog != nil {
				t.Fatal("n did not cancel")
			}
			h.send("ctrl+c", "y")
			if !h.quits() {
				t.Error("y did not quit")
			}
		}},
	}
}

func ids(ms []mirrors.Mirror) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func TestMessages(t *testing.T) {
	cases := []harnessCase{
		{"window size below the minimum says what is needed", []any{tea.WindowSizeMsg{Width: 50, Height: 10}}, func(t *testing.T, h *harness) {
			if v := strings.ReplaceAll(h.view(), "\n", " "); !strings.Contains(v, "at least 60x16 (now 50x10)") {
				t.Errorf("view %q", v)
			}
		}},
		{"a light background rebuilds the styles", []any{tea.BackgroundColorMsg{Color: color.White}}, func(t *testing.T, h *harness) {
			if h.m.dark {
				t.Error("still dark")
			}
		}},
		{"a probe result updates statistics and logs health changes", []any{ProbeResultMsg{Result: result("corp", 0, probe.ClassOK, 40e6)}}, func(t *testing.T, h *harness) {
			if s := h.m.stats("corp"); s.Samples != 1 || s.Health != mirrors.HealthHealthy || s.P50 != 40e6 {
				t.Errorf("stats %+v", s)
			}
			if !strings.Contains(h.eventTexts(), "corp: unknown → healthy") {
				t.Errorf("events %s", h.eventTexts())
			}
		}},
	}
	runHarnessCases(t, slices.Concat(cases, envMessageCases(), outcomeMessageCases()))
}

// envMessageCases bring go env: its reading, its changes made outside and
// watch errors.
func envMessageCases() []harnessCase {
	outside := cnURL + "|direct"
	changed := EnvChangedMsg{
		Event:    envcfg.WatchEvent{Path: "/tmp/goenv", File: envcfg.EnvFile, Changes: []envcfg.Diff{{Key: "GOPROXY", Old: startGP, OldSet: true, New: outside, NewSet: true}}},
		Snapshot: snapshot(outside, "sum.golang.org", ""),
	}
	return []harnessCase{
		{"an unreadable go env is shown", []any{EnvMsg{Err: errors.New("exec: go: not found")}}, func(t *testing.T, h *harness) {
			if !h.m.statusErr || !strings.Contains(h.view(), "exec: go: not found") {
				t.Errorf("status %q", h.m.status)
			}
		}},
		{"an outside change without pending edits is taken", []any{changed}, func(t *testing.T, h *harness) {
			if h.gp() != outside || h.m.dialog != nil {
				t.Errorf("chain %q dialog %v", h.gp(), h.m.dialog)
			}
			if !strings.Contains(h.eventTexts(), "changed outside: GOPROXY: "+startGP+" → "+outside) {
				t.Errorf("events %s", h.eventTexts())
			}
			if !strings.Contains(h.view(), "GOPROXY="+outside) {
				t.Error("header not updated")
			}
		}},
		{"an outside change with pending edits asks; k keeps them", []any{"j", "j", "enter", changed}, func(t *testing.T, h *harness) {
			if h.m.dialog == nil || h.m.dialog.kind != dialogConflict {
				t.Fatal("no conflict dialog")
			}
			pending := h.gp()
			h.send("k")
			if h.gp() != pending || h.m.applied != outside || !h.m.dirty() {
				t.Errorf("keep: chain %q applied %q", h.gp(), h.m.applied)
			}
		}},
		{"an outside change with pending edits asks; t takes it", []any{"j", "j", "enter", changed, "t"}, func(t *testing.T, h *harness) {
			if h.gp() != outside || h.m.dirty() || h.m.dialog != nil {
				t.Errorf("take: chain %q dirty %v", h.gp(), h.m.dirty())
			}
		}},
		{"a watch error is logged", []any{EnvChangedMsg{Err: errors.New("inotify: too many watches")}}, func(t *testing.T, h *harness) {
			if !strings.Contains(h.eventTexts(), "too many watches") || h.gp() != startGP {
				t.Errorf("events %s", h.eventTexts())
			}
		}},
	}
}

// outcomeMessageCases bring config reloads, the outcomes of applies and
// saves, and a paste.
func outcomeMessageCases() []harnessCase {
	return []harnessCase{
		{"a broken config is shown and the last good one kept", []any{ConfigChangedMsg{Err: &config.Error{File: "config.toml", Line: 3, Col: 9, LineText: "theme = 42", Msg: "expected a string"}}}, func(t *testing.T, h *harness) {
			if h.m.cfgErr == nil || h.m.cfg == nil {
				t.Fatal("error not kept or config lost")
			}
			v := h.view()
			for _, want := range []string{"config error (still using the last good config): config.toml:3:9: expected a string", " 3 | theme = 42", "   |         ^"} {
				if !strings.Contains(v, want) {
					t.Errorf("positioned error: no %q in\n%s", want, v)
				}
			}
		}},
		{"a reloaded config takes effect", []any{ConfigChangedMsg{Err: errors.New("x")}, ConfigChangedMsg{Config: &config.Config{Weights: map[string]float64{"goproxy.cn": 3}, Mirrors: []config.Mirror{{ID: "corp", URL: "https://corp.example"}}}}}, func(t *testing.T, h *harness) {
			if h.m.cfgErr != nil || h.m.editor.chain.Entries[0].Weight != 3 {
				t.Errorf("cfgErr %v weight %v", h.m.cfgErr, h.m.editor.chain.Entries[0].Weight)
			}
			if !strings.Contains(h.eventTexts(), "config reloaded: mirror corp added; weight of goproxy.cn 1 → 3") {
				t.Errorf("events %s", h.eventTexts())
			}
		}},
		{"a failed apply is reported and the edits kept", []any{"j", "j", "enter", AppliedMsg{Err: errors.New("go env -w: permission denied")}}, func(t *testing.T, h *harness) {
			if !h.m.statusErr || !strings.Contains(h.m.status, "permission denied") || !h.m.dirty() {
				t.Errorf("status %q dirty %v", h.m.status, h.m.dirty())
			}
		}},
		{"an apply an OS variable shadows says so", []any{AppliedMsg{Report: envcfg.Report{NotEffective: []envcfg.NotEffective{{Key: "GOPROXY", Want: "x", WantSet: true, Effective: "https://env.example", Source: envcfg.SourceEnv}}}}}, func(t *testing.T, h *harness) {
			if !strings.Contains(h.m.status, "GOPROXY is written but not in effect") {
				t.Errorf("status %q", h.m.status)
			}
		}},
		{"an undo report updates the values", []any{AppliedMsg{Undo: true, Report: applyTo(snapshot(startGP, "sum.golang.org", ""), []envcfg.Change{{Key: "GOPROXY", Value: "off"}}).Report}}, func(t *testing.T, h *harness) {
			if h.gp() != "off" || !strings.Contains(h.eventTexts(), "undone: GOPROXY") {
				t.Errorf("chain %q events %s", h.gp(), h.eventTexts())
			}
			if !strings.Contains(h.view(), "no proxy had the module and off ends the list") {
				t.Error("verdict does not follow")
			}
		}},
		{"a failed config save is shown", []any{ConfigSavedMsg{Err: errors.New("disk full")}}, func(t *testing.T, h *harness) {
			if !h.m.statusErr || !strings.Contains(h.m.status, "disk full") {
				t.Errorf("status %q", h.m.status)
			}
		}},
		{"a paste goes to the open input", []any{"/", tea.PasteMsg{Content: "tencent"}}, func(t *testing.T, h *harness) {
			if h.m.filter != "tencent" || len(h.m.rows()) != 1 {
				t.Errorf("filter %q rows %v", h.m.filter, ids(h.m.rows()))
			}
		}},
	}
}

// The verdict is the judge's (doctor's words) on the last probes: a failing
// first mirror under `,` fails, under `|` falls through; a stalling one
// hangs; with no probe it is unknown.
func TestVerdict(t *testing.T) {
	cases := []struct {
		goproxy, want string
	}{
		{cnURL + ",direct", "go would use goproxy.cn"},
		{aliyunURL + "," + cnURL + ",direct", "go would HANG: aliyun never answers and go waits for it forever: the go command has no timeout for proxy requests, so no separator helps"},
		{"https://proxy.golang.org," + cnURL, "go would FAIL: the lookup fails at proxy.golang.org: its error is not a 404/410 and the ',' after it stops the lookup, so go reports that error — `|` after proxy.golang.org would let go try goproxy.cn"},
		{"https://proxy.golang.org|" + cnURL, "go would use goproxy.cn, after proxy.golang.org fails on every request"},
		{"https://proxy.golang.org", "go would FAIL: the lookup fails: every entry failed, and go reports the error from proxy.golang.org, the last one that was not a 404/410"},
		{"direct", "go would fall back to direct (fetch from the origin with git; not measured)"},
	}
	for _, c := range cases {
		f := &fakeDeps{env: snapshot(c.goproxy, "sum.golang.org", "")}
		m := newTestModel(f, i18n.EN, 100, 30, true)
		if got := ansi.Strip(m.verdictLine()); got != c.want {
			t.Errorf("%s: %q, want %q", c.goproxy, got, c.want)
		}
	}
	f := &fakeDeps{env: snapshot(cnURL, "sum.golang.org", "")}
	m := newTestModel(f, i18n.EN, 100, 30, false)
	if got := ansi.Strip(m.verdictLine()); got != "what go would do cannot be said yet: goproxy.cn was not probed" {
		t.Errorf("no probes: %q", got)
	}
}

func TestSumDBRoute(t *testing.T) {
	cases := []struct {
		goproxy, gosumdb, want string
	}{
		{cnURL + ",direct", "sum.golang.org", "checksum DB sum.golang.org: through goproxy.cn"},
		{"https://mirrors.cloud.tencent.com/go/,direct", "sum.golang.org", "checksum DB sum.golang.org: directly at https://sum.golang.org"},
		{"https://proxy.golang.org," + cnURL, "sum.golang.org", "checksum DB sum.golang.org: UNAVAILABLE, proxy.golang.org fails and `,` stops the lookup"},
		{cnURL, "off", "checksum DB off: downloads are not verified"},
		{cnURL, "sum.golang.google.cn", "checksum DB sum.golang.org: directly at https://sum.golang.google.cn"},
	}
	for _, c := range cases {
		f := &fakeDeps{env: snapshot(c.goproxy, c.gosumdb, "")}
		m := newTestModel(f, i18n.EN, 100, 30, true)
		if got := ansi.Strip(m.sumdbLine()); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.goproxy, c.gosumdb, got, c.want)
		}
	}
	// Before any probe no route is claimed: goproxy.cn may well proxy the
	// database (advisor.RouteSumDB, as doctor says it).
	f := &fakeDeps{env: snapshot(cnURL+",direct", "sum.golang.org", "")}
	m := newTestModel(f, i18n.EN, 100, 30, false)
	want := "checksum DB sum.golang.org: route not known yet: goproxy.cn not probed"
	if got := ansi.Strip(m.sumdbLine()); got != want {
		t.Errorf("no probes: %q, want %q", got, want)
	}
}

// Wide characters and every size from the minimum up keep every line
// exactly as wide as the terminal.
func TestLayoutWidths(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, sz := range [][2]int{{60, 16}, {80, 24}, {100, 30}, {119, 30}, {120, 30}, {140, 40}, {250, 60}} {
			for _, f := range []focus{focusTable, focusChain, focusDetail, focusEvents} {
				fd := &fakeDeps{env: snapshot(startGP+",https://镜像.example.com/私有代理", "sum.golang.org", "github.com/私有/*")}
				m := New(Options{Lang: lang, Catalog: mirrors.Builtin(), Now: fixedNow, Interval: 30 * time.Second,
					Extra: []mirrors.Mirror{{ID: "公司内部镜像服务器", URL: "https://镜像.example.com/私有代理", Source: mirrors.SourceArg}}}, fd.deps())
				mm, _ := m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				mm, _ = mm.Update(EnvMsg{Snapshot: fd.env})
				for _, r := range scenario() {
					mm, _ = mm.Update(ProbeResultMsg{Result: r})
				}
				m = mm.(Model)
				m.tableSel = len(m.rows()) - 1
				m.focus = f
				m.sumdb = "off" // a pending edit adds the modified line
				variants := map[string]Model{"plain": m}
				if f == focusTable {
					e := m
					e.cfgErr = &config.Error{File: "/home/用户/config.toml", Line: 3, Col: 9, LineText: "theme = 镜像", Msg: "expected a string"}
					variants["config error"] = e
					d := m
					d.askApply()
					variants["apply dialog"] = d
					in := m
					in.openInput(inputMirror)
					variants["mirror input"] = in
					hp := m
					hp.keyList.open = true
					variants["full help"] = hp
					tr := m
					tr.screen = screenTriage
					tr.refreshTriage()
					variants["triage"] = tr
					g := m
					g.screen = screenGuide
					g.guideStep()
					variants["guide"] = g
					gw := m
					gw.screen = screenGuide
					gw.list = append(gw.list, mirrors.Mirror{ID: "未探测的镜像", URL: "https://x.example"})
					gw.guideStep()
					variants["guide probing"] = gw
				}
				for name, v := range variants {
					lines := strings.Split(v.render(), "\n")
					if len(lines) != sz[1] {
						t.Errorf("%s %v focus %d %s: %d lines", lang, sz, f, name, len(lines))
					}
					for i, l := range lines {
						if w := lipgloss.Width(l); w != sz[0] {
							t.Errorf("%s %v focus %d %s line %d: width %d: %q", lang, sz, f, name, i, w, ansi.Strip(l))
						}
					}
				}
			}
		}
	}
}

// Credentials in mirror URLs never reach the screen.
func TestCredentialsRedacted(t *testing.T) {
	secret := "https://alice:s3cret@goproxy.corp.example"
	f := &fakeDeps{env: snapshot(secret+",direct", "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow,
		Extra: []mirrors.Mirror{{ID: "corp", URL: secret, Source: mirrors.SourceArg}}}, f.deps())
	mm, _ := m.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	mm, _ = mm.Update(EnvMsg{Snapshot: f.env})
	m = mm.(Model)
	m.tableSel = len(m.rows()) - 1
	m.sumdb = "off"
	v := m.render()
	if strings.Contains(v, "s3cret") {
		t.Errorf("password on screen:\n%s", ansi.Strip(v))
	}
	if !strings.Contains(ansi.Strip(v), "curl") {
		t.Error("no curl line for the selected mirror")
	}
}

// Without colour, states stay apart by symbols.
func TestMonoSymbols(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow, NoColor: true}, f.deps())
	if m.st.Name != "mono" || !m.st.Mono {
		t.Fatalf("NoColor gave theme %q", m.st.Name)
	}
	seen := map[string]bool{}
	for _, hs := range []mirrors.Health{mirrors.HealthUnknown, mirrors.HealthHealthy, mirrors.HealthDegraded, mirrors.HealthDown} {
		s := m.healthSymbol(hs)
		if widthOf(s) != 1 || seen[s] {
			t.Errorf("symbol %q of %v: width %d, duplicate %v", s, hs, widthOf(s), seen[s])
		}
		seen[s] = true
	}
}

// widthOf agrees with lipgloss.Width, on its fast path and off it.
func TestWidthOf(t *testing.T) {
	st := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#ff0000"))
	for _, s := range []string{
		"", "abc", st.Render("abc") + " ✓ ✗ ! ? ▸ ⟳ ✎ ×",
		"━ Mirrors ───", "▁▂▃▄▅▆▇█ ×××", "go would FAIL — use `|` …", "↑/k ⇧↓",
		"镜像 宕机 80天", st.Render("代理链") + "x", "e\u0301", "👍🏽", "\x1b]8;;https://x\x07link\x1b]8;;\x07",
	} {
		if got, want := widthOf(s), lipgloss.Width(s); got != want {
			t.Errorf("widthOf(%q) = %d, lipgloss.Width = %d", s, got, want)
		}
	}
}

// With a broken config file on disk, edits that would save the config stay
// in memory: saving the last good config would overwrite the user's file.
func TestBrokenConfigIsNotOverwritten(t *testing.T) {
	h := newHarness(t, true)
	h.send(ConfigChangedMsg{Err: errors.New("config.toml:1:1: bad")}, "tab", "+")
	if slices.Contains(h.callNames(), "SaveConfig") {
		t.Error("weight saved over a broken config")
	}
	if h.m.editor.chain.Entries[0].Weight != 1.5 || !strings.Contains(h.m.status, "this run only") {
		t.Errorf("weight %v status %q", h.m.editor.chain.Entries[0].Weight, h.m.status)
	}
	h.send("tab", "tab", "tab", "n", "type:corp", "tab", "type:https://corp.example", "enter")
	if slices.Contains(h.callNames(), "SaveConfig") || !slices.Contains(h.callNames(), "SetMirrors") {
		t.Errorf("calls %v: want SetMirrors only", h.callNames())
	}
}

// A late result of an older scheduler round does not overwrite newer data.
func TestLateRoundDropped(t *testing.T) {
	h := newHarness(t, false)
	newer := result("goproxy.cn", 5, probe.ClassOK, 40e6)
	older := result("goproxy.cn", 4, probe.ClassDNS, 1e6)
	h.send(ProbeResultMsg{Result: newer}, ProbeResultMsg{Result: older})
	if s := h.m.stats("goproxy.cn"); s.Samples != 1 || s.LastResult.Round != 5 {
		t.Errorf("samples %d last round %d", s.Samples, s.LastResult.Round)
	}
}

// The theme comes from the options, else the config; NO_COLOR wins.
func TestThemeChoice(t *testing.T) {
	cfg := config.Default()
	cfg.Theme = "high-contrast"
	for _, c := range []struct {
		opt     string
		noColor bool
		want    string
	}{{"", false, "high-contrast"}, {"light", false, "light"}, {"light", true, "mono"}, {"nonsense", false, "default"}} {
		m := New(Options{Theme: c.opt, Config: cfg, NoColor: c.noColor}, Deps{})
		if m.st.Name != c.want {
			t.Errorf("Theme %q NoColor %v: %q, want %q", c.opt, c.noColor, m.st.Name, c.want)
		}
	}
}

// esc leaves the full help, then clears the filter; the event log scrolls.
func TestEscAndEventScroll(t *testing.T) {
	h := newHarness(t, true)
	h.send("/", "type:ali", "enter", "?")
	if h.m.filter != "ali" || !h.m.keyList.open {
		t.Fatalf("filter %q help %v", h.m.filter, h.m.keyList.open)
	}
	h.send("esc")
	if h.m.filter != "ali" || h.m.keyList.open {
		t.Errorf("esc in the key list: filter %q help %v", h.m.filter, h.m.keyList.open)
	}
	h.send("esc")
	if h.m.filter != "" || h.m.keyList.open {
		t.Errorf("esc: filter %q help %v", h.m.filter, h.m.keyList.open)
	}
	h.send("shift+tab", "j", "j")
	if h.m.eventsOff != 2 {
		t.Errorf("events offset %d", h.m.eventsOff)
	}
	first := h.m.eventLines(100, 1)[0]
	h.send("k", "k")
	if h.m.eventsOff != 0 || h.m.eventLines(100, 1)[0] == first {
		t.Errorf("scrolling back: offset %d", h.m.eventsOff)
	}
}

// An OS variable shadowing the go env file is called out in the header and
// in the apply confirmation.
func TestShadowWarning(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	file := startGP
	f.env.Vars["GOPROXY"] = envcfg.Var{Name: "GOPROXY", Value: "https://env.example", Source: envcfg.SourceEnv, Shadowed: &file, OSValue: "https://env.example"}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 200, 40, true)}
	v := h.view()
	if !strings.Contains(v, "set by the OS environment") || !strings.Contains(v, "(go env file: "+startGP+")") {
		t.Errorf("no shadow warning:\n%s", v)
	}
	h.send("j", "enter", "a")
	if h.m.dialog == nil || !strings.Contains(strings.Join(h.m.dialog.lines, "\n"), "the OS environment sets GOPROXY") {
		t.Errorf("apply dialog lacks the warning: %v", h.m.dialog)
	}
}

// An invalid effective GOPROXY is reported, not mistaken for "unset".
func TestInvalidGOPROXY(t *testing.T) {
	f := &fakeDeps{env: snapshot("ftp://x", "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 100, 30, false)}
	if v := ansi.Strip(h.m.verdictLine()); !strings.Contains(v, "go would FAIL: the effective GOPROXY is invalid") {
		t.Errorf("verdict %q", v)
	}
	if !strings.Contains(h.eventTexts(), "the effective GOPROXY is invalid") {
		t.Errorf("events %s", h.eventTexts())
	}
	h.send("j", "enter")
	if want := cnURL; h.gp() != want || !h.m.dirty() {
		t.Errorf("fixing it: chain %q dirty %v", h.gp(), h.m.dirty())
	}
}

// The watcher reports our own apply too; it is not an outside change, and
// other pending edits do not make it a conflict.
func TestOwnWriteIsNotOutside(t *testing.T) {
	for _, before := range []bool{true, false} { // watcher event before or after AppliedMsg
		h := newHarness(t, true)
		h.f.applyFn = func([]envcfg.Change) AppliedMsg { return AppliedMsg{} } // delivered below
		h.send("s", "ctrl+u", "type:off", "enter", "3")
		want := ioURL + "|" + cnURL + ",direct"
		ch := h.lastCall("Apply").changes
		applied := applyTo(h.f.env, ch)
		ev := EnvChangedMsg{
			Event:    envcfg.WatchEvent{Path: "/tmp/goenv", File: envcfg.EnvFile, Changes: applied.Report.Diffs},
			Snapshot: applied.Report.After,
		}
		// Replace the empty canned result: the apply is still in flight.
		h.m.applying, h.m.inflight = true, ch
		if before {
			h.send(ev, applied)
		} else {
			h.send(applied, ev)
		}
		if h.m.dialog != nil {
			t.Errorf("before=%v: conflict dialog for our own write", before)
		}
		if strings.Contains(h.eventTexts(), "changed outside") {
			t.Errorf("before=%v: own write logged as outside:\n%s", before, h.eventTexts())
		}
		if h.m.applied != want || h.m.sumdb != "off" || !h.m.dirty() {
			t.Errorf("before=%v: applied %q sumdb %q dirty %v", before, h.m.applied, h.m.sumdb, h.m.dirty())
		}
	}
}

// Undo takes the keys it restored; unapplied edits of other keys stay.
func TestUndoKeepsOtherEdits(t *testing.T) {
	h := newHarness(t, true)
	undone := applyTo(h.f.env, []envcfg.Change{{Key: "GOPROXY", Value: cnURL + ",direct"}})
	h.f.undoFn = func() AppliedMsg { undone.Undo = true; return undone }
	h.send("s", "ctrl+u", "type:off", "enter", "u")
	if h.gp() != cnURL+",direct" || h.m.sumdb != "off" || !h.m.dirty() {
		t.Errorf("after undo: chain %q sumdb %q dirty %v", h.gp(), h.m.sumdb, h.m.dirty())
	}
}

// A one-key switch while an apply runs changes nothing.
func TestSwitchWhileApplying(t *testing.T) {
	h := newHarness(t, true)
	h.m.applying = true
	h.send("3")
	if h.gp() != startGP || len(h.f.calls) != 0 || !strings.Contains(h.m.status, "already running") {
		t.Errorf("chain %q calls %v status %q", h.gp(), h.callNames(), h.m.status)
	}
}

// The mono theme (NO_COLOR) emits no colour at all, only attributes.
func TestMonoEmitsNoColour(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow, NoColor: true}, f.deps())
	mm, _ := m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
	mm, _ = mm.Update(EnvMsg{Snapshot: f.env})
	for _, r := range scenario() {
		mm, _ = mm.Update(ProbeResultMsg{Result: r})
	}
	v := mm.(Model).View().Content
	sgr := regexp.MustCompile("\x1b\\[([0-9;:]*)m")
	for _, mt := range sgr.FindAllStringSubmatch(v, -1) {
		for _, p := range strings.FieldsFunc(mt[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, _ := strconv.Atoi(p)
			if n >= 30 && n <= 38 || n >= 40 && n <= 48 || n >= 90 && n <= 97 || n >= 100 && n <= 107 {
				t.Fatalf("colour in mono output: %q", mt[0])
			}
		}
	}
	for _, sym := range []string{"✓ healthy", "✗ down"} {
		if !strings.Contains(ansi.Strip(v), sym) {
			t.Errorf("mono output lacks %q", sym)
		}
	}
}

// Without Deps the keys that need them say so instead of failing.
func TestNilDeps(t *testing.T) {
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow}, Deps{})
	if cmd := m.Init(); cmd == nil {
		t.Fatal("Init must still ask for the background colour")
	}
	h := &harness{t: t, f: &fakeDeps{}, m: m}
	h.send(EnvMsg{Snapshot: snapshot(startGP, "sum.golang.org", "")}, "j", "j", "enter", "a", "y")
	if !strings.Contains(h.m.status, "applying is not available") || !h.m.dirty() {
		t.Errorf("a: status %q", h.m.status)
	}
	h.send("u")
	if !strings.Contains(h.m.status, "undo is not available") {
		t.Errorf("u: status %q", h.m.status)
	}
	h.send("r")
	if !strings.Contains(h.m.status, "probing is not available") {
		t.Errorf("r: status %q", h.m.status)
	}
	h.send("p")
	if h.m.paused || !strings.Contains(h.m.status, "pausing is not available") {
		t.Errorf("p: paused %v status %q", h.m.paused, h.m.status)
	}
	h.send("tab", "+", "1") // weights and switching without Deps: no panic
}

// In the demo the header names the env file; the probing state stays whole.
func TestDemoHeader(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	m := New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow, Demo: true,
		EnvFile: "/tmp/goproxytui-demo-1234567890/go.env", Interval: 5 * time.Second}, f.deps())
	for _, w := range []int{80, 140} {
		mm, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: 24})
		first := strings.Split(ansi.Strip(mm.(Model).View().Content), "\n")[0]
		if !strings.Contains(first, "DEMO") || !strings.HasSuffix(strings.TrimSpace(first), "probing live every 5s") {
			t.Errorf("%d: header %q", w, first)
		}
		if w == 140 && !strings.Contains(first, "/tmp/goproxytui-demo-1234567890/go.env") {
			t.Errorf("env file path missing: %q", first)
		}
	}
}

// An outside change to a key the user did not edit is no edit of theirs:
// with a GOPROXY edit pending, an outside go env -w GOSUMDB=… must not
// turn into a pending GOSUMDB change back to the old value (which apply
// would then write, undoing the outside change), and it does not conflict
// with the GOPROXY edit, so nothing is asked.
func TestOutsideChangeOfAnotherKeyIsNoEdit(t *testing.T) {
	h := newHarness(t, true)
	h.send("j", "j", "enter")
	pending := h.gp()
	if pending == startGP {
		t.Fatal("no chain edit")
	}
	const cn = "sum.golang.google.cn"
	h.send(EnvChangedMsg{
		Event:    envcfg.WatchEvent{Path: "/tmp/goenv", File: envcfg.EnvFile, Changes: []envcfg.Diff{{Key: "GOSUMDB", Old: "sum.golang.org", OldSet: true, New: cn, NewSet: true}}},
		Snapshot: snapshot(startGP, cn, ""),
	})
	if h.m.dialog != nil {
		t.Errorf("asked although the outside change does not touch the edited GOPROXY:\n%s", h.view())
	}
	if h.m.sumdb != cn {
		t.Errorf("pending GOSUMDB %q, want the outside %q", h.m.sumdb, cn)
	}
	ch := h.m.pendingChanges()
	if len(ch) != 1 || ch[0].Key != "GOPROXY" || ch[0].Value != pending {
		t.Errorf("pending changes %+v, want only GOPROXY=%s", ch, pending)
	}
	if !strings.Contains(h.eventTexts(), "changed outside: GOSUMDB: sum.golang.org → "+cn) {
		t.Errorf("events %s", h.eventTexts())
	}
	// The same for our own read of go env (EnvMsg) while an edit is pending.
	h.send(EnvMsg{Snapshot: snapshot(startGP, cn, "corp.example/*")})
	if h.m.pats[0] != "corp.example/*" || len(h.m.pendingChanges()) != 1 {
		t.Errorf("after a read: GOPRIVATE %q, pending %+v", h.m.pats[0], h.m.pendingChanges())
	}
	// An outside change of the edited key still asks.
	h.send(EnvChangedMsg{
		Event:    envcfg.WatchEvent{Path: "/tmp/goenv", File: envcfg.EnvFile, Changes: []envcfg.Diff{{Key: "GOPROXY", Old: startGP, OldSet: true, New: ioURL, NewSet: true}}},
		Snapshot: snapshot(ioURL, cn, "corp.example/*"),
	})
	if h.m.dialog == nil || h.m.dialog.kind != dialogConflict {
		t.Fatal("no conflict dialog for an outside change of the edited GOPROXY")
	}
	if v := h.view(); strings.Contains(v, "GOSUMDB: "+cn+" →") || strings.Contains(v, "GOPRIVATE: corp") {
		t.Errorf("the dialog lists keys the user did not edit:\n%s", v)
	}
}

// A URL the catalog does not know, set by go env -w, is shown and probed:
// until its first probe the triage waits instead of letting the doctor
// call it failing ("fails ()", "go would fail now" while the chain panel
// says health unknown), and afterwards the findings are about its probe.
func TestChainURLIsProbed(t *testing.T) {
	h := newHarness(t, true)
	const athens = "https://athens.corp.example"
	gp := athens + ",direct"
	h.send(EnvChangedMsg{
		Event:    envcfg.WatchEvent{Path: "/tmp/goenv", File: envcfg.EnvFile, Changes: []envcfg.Diff{{Key: "GOPROXY", Old: startGP, OldSet: true, New: gp, NewSet: true}}},
		Snapshot: snapshot(gp, "sum.golang.org", ""),
	})
	mm, ok := h.m.mirrorByKey(mirrors.URLKey(athens))
	if !ok {
		t.Fatalf("%s not shown: %v", athens, ids(h.m.list))
	}
	c := h.lastCall("SetMirrors")
	if !slices.ContainsFunc(c.mirrors, func(x mirrors.Mirror) bool { return x.URL == athens }) {
		t.Errorf("SetMirrors %v: %s not probed", ids(c.mirrors), athens)
	}
	n := count(h.callNames(), "SetMirrors")
	h.send(EnvMsg{Snapshot: snapshot(gp, "sum.golang.org", "")})
	if got := count(h.callNames(), "SetMirrors"); got != n {
		t.Errorf("the same mirrors set again: %d calls, had %d", got, n)
	}
	// A config reload (even our own save coming back) resets the wiring's
	// scheduler to the catalog's mirrors: the chain's are given back.
	h.send(ConfigChangedMsg{Config: h.m.cfg, Catalog: h.m.cat})
	if c := h.lastCall("SetMirrors"); count(h.callNames(), "SetMirrors") != n+1 || !slices.ContainsFunc(c.mirrors, func(x mirrors.Mirror) bool { return x.URL == athens }) {
		t.Errorf("after a reload: SetMirrors %d calls, last %v", count(h.callNames(), "SetMirrors")-n, ids(c.mirrors))
	}
	h.send("T")
	v := h.view()
	if !strings.Contains(v, "waiting for the first probe of "+mm.ID) || strings.Contains(v, "chain-fails") {
		t.Errorf("triage before the first probe:\n%s", v)
	}
	r := result(mm.ID, 40, probe.ClassOK, 30*time.Millisecond)
	r.URL = athens
	h.send(ProbeResultMsg{Result: r})
	v = h.view()
	if strings.Contains(v, "waiting for") || strings.Contains(v, "chain-fails") || !strings.Contains(v, "chain-ok") {
		t.Errorf("triage after the probe:\n%s", v)
	}
}

// The custom mirror's URL check (the gate's, in the words config check
// and add use) never repeats the password (url.Parse's error quotes the
// URL whole) and refuses a port go cannot dial.
func TestNewMirrorURLErrors(t *testing.T) {
	h := newHarness(t, true)
	h.send("n", "type:corp", "tab")
	for _, c := range []struct{ url, want string }{
		{"https://alice:pa ss@corp.example", `URL: mirror "corp": url https://xxxxx@corp.example: invalid URL: net/url: invalid userinfo`},
		{"https://alice:s3cret@corp.example:99999", `URL: mirror "corp": url https://alice:xxxxx@corp.example:99999: port 99999: want a number from 1 to 65535`},
		{"https://corp.example:0", `URL: mirror "corp": url https://corp.example:0: port 0: want a number from 1 to 65535`},
	} {
		h.send("ctrl+u", "type:"+c.url)
		if got := h.m.input.err; got != c.want {
			t.Errorf("%s: error %q, want %q", c.url, got, c.want)
		}
		if v := h.view(); strings.Contains(v, "pa ss") && strings.Count(v, "pa ss") > 1 || strings.Contains(h.m.input.err, "s3cret") || strings.Contains(h.m.input.err, "pa ss") {
			t.Errorf("%s: the error shows the credentials:\n%s", c.url, v)
		}
	}
	h.send("ctrl+u", "type:https://alice:s3cret@corp.example:8443/go")
	if h.m.input.err != "" {
		t.Errorf("a good URL refused: %s", h.m.input.err)
	}
}

// What the validation says is wrapped in the input box, never cut: at 80
// columns the GOPRIVATE warning lost its point ("matching is case-sens…").
func TestInputMessagesWrap(t *testing.T) {
	h := newHarness(t, true)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}, "P", "type:github.com/Corp/*")
	if h.m.input.warn == "" {
		t.Fatal("no warning")
	}
	// The box's lines (the header is cut on purpose).
	box := func() string {
		var out []string
		for _, l := range strings.Split(h.view(), "\n") {
			if strings.Contains(l, "║") {
				out = append(out, l)
			}
		}
		return strings.Join(out, "\n")
	}
	v := box()
	if strings.Contains(v, "…") {
		t.Errorf("cut:\n%s", v)
	}
	if !strings.Contains(v, "spelled exactly so") {
		t.Errorf("the warning's end is not shown:\n%s", v)
	}
	h.send("ctrl+u", "type:a[,b")
	if v := box(); h.m.input.err == "" || strings.Contains(v, "…") || !strings.Contains(v, "would never match") {
		t.Errorf("error %q cut:\n%s", h.m.input.err, v)
	}
}

// The key list covers the dashboard: while it is open, keys do not act on
// what it hides (1 applied a switch, enter edited the chain unseen); ? and
// esc close it, q still quits.
func TestFullHelpIsModal(t *testing.T) {
	h := newHarness(t, true)
	before := h.gp()
	h.send("?", "1", "j", "enter", "a", "s")
	if len(h.f.calls) != 0 || h.gp() != before || h.m.dialog != nil || h.m.input != nil || !h.m.keyList.open {
		t.Errorf("keys acted behind the key list: calls %v, chain %q, dialog %v, input %v, help %v",
			h.callNames(), h.gp(), h.m.dialog != nil, h.m.input != nil, h.m.keyList.open)
	}
	if h.m.tableSel != 0 {
		t.Errorf("the hidden table's cursor moved to %d", h.m.tableSel)
	}
	h.send("?")
	if h.m.keyList.open {
		t.Error("? did not close the key list")
	}
	h.send("?", "esc")
	if h.m.keyList.open {
		t.Error("esc did not close the key list")
	}
	h.send("?", "q")
	if !h.quits() {
		t.Error("q did not quit from the key list")
	}
}

// Paused probing does not claim an interval ("probing paused every 30s").
func TestPausedHeaderHasNoInterval(t *testing.T) {
	h := newHarness(t, true)
	if v := h.view(); !strings.Contains(v, "probing live every 30s") {
		t.Fatalf("live header:\n%s", v)
	}
	h.send("p")
	if first := strings.Split(h.view(), "\n")[0]; !strings.Contains(first, "probing paused") || strings.Contains(first, "every") {
		t.Errorf("paused header %q", first)
	}
}

// The last failure's reason is wrapped in the detail panel, never cut (in
// the wide layout's right column it lost its end).
func TestDetailFailureWraps(t *testing.T) {
	h := newHarness(t, true)
	r := result("goproxy.cn", 40, probe.ClassStall, 5*time.Second)
	r.Reason = "connected and sent the request, but no response within 5s: the go command has no timeout and would hang on this mirror"
	h.send(ProbeResultMsg{Result: r}, "j")
	for _, w := range []int{40, 60, 80} {
		lines := h.m.detailLines(w)
		text := ansi.Strip(strings.Join(lines, " "))
		text = strings.Join(strings.Fields(text), " ")
		if !strings.Contains(text, "would hang on this mirror") {
			t.Errorf("width %d: reason cut:\n%s", w, strings.Join(lines, "\n"))
		}
		for _, l := range lines {
			if widthOf(l) > w {
				t.Errorf("width %d: line of %d cells: %q", w, widthOf(l), ansi.Strip(l))
			}
		}
	}
}

// The key list gives descriptions the room the width has: in zh at 100
// columns "`,`：仅 404/410 时尝试下一个" was cut with half the line empty.
func TestFullHelpUsesTheWidth(t *testing.T) {
	h := newHarness(t, true)
	h.m.lang = i18n.ZH
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30}, "?")
	text := ansi.Strip(strings.Join(h.m.fullHelpLines(100), "\n"))
	for _, want := range []string{i18n.ZH.T("`,`: next on 404/410 only"), i18n.ZH.T("`|`: next on any error")} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	for _, w := range []int{60, 80, 100, 160} {
		for _, l := range h.m.fullHelpLines(w) {
			if widthOf(l) > w {
				t.Errorf("width %d: line of %d cells: %q", w, widthOf(l), ansi.Strip(l))
			}
		}
	}
}

// An empty chain does not crash the view: removing every entry (GOPROXY
// unset: go's default chain is routed) or an invalid GOPROXY in the go env
// file (nothing routed) panicked with index out of range [-1].
func TestEmptyChainDoesNotPanic(t *testing.T) {
	h := newHarness(t, true)
	h.send("tab", "enter", "enter", "enter", "enter")
	if len(h.m.editor.chain.Entries) != 0 {
		t.Fatalf("chain %q", h.gp())
	}
	v := h.view()
	if !strings.Contains(v, "checksum DB sum.golang.org: UNAVAILABLE, proxy.golang.org fails") {
		t.Errorf("unset GOPROXY: the default chain's route is not shown:\n%s", v)
	}
	for _, gp := range []string{"ftp://x,direct", ""} {
		h := newHarness(t, true)
		h.send(EnvMsg{Snapshot: snapshot(gp, "sum.golang.org", "")})
		v := h.view()
		if gp != "" && !strings.Contains(v, "checksum DB sum.golang.org: not reached: the effective GOPROXY is invalid") {
			t.Errorf("GOPROXY=%q:\n%s", gp, v)
		}
		h.send("T")
		_ = h.view()
	}
}

// With NO_COLOR, t does not pretend to change a theme that cannot show.
func TestThemeKeyUnderNoColor(t *testing.T) {
	f := &fakeDeps{env: snapshot(startGP, "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: New(Options{Lang: i18n.EN, Catalog: mirrors.Builtin(), Now: fixedNow, NoColor: true, Theme: "high-contrast"}, f.deps())}
	h.send("t")
	if h.m.theme != "mono" || !strings.Contains(h.m.status, "NO_COLOR") {
		t.Errorf("theme %q, status %q", h.m.theme, h.m.status)
	}
}

// Clearing the filter keeps the mirror the user found selected (it jumped
// back to the first row).
func TestClearingTheFilterKeepsTheSelection(t *testing.T) {
	h := newHarness(t, true)
	h.send("/", "type:tenc", "enter")
	if mm, _ := h.m.selectedMirror(); mm.ID != "tencent" {
		t.Fatalf("filtered selection %q", mm.ID)
	}
	h.send("esc")
	if mm, _ := h.m.selectedMirror(); h.m.filter != "" || mm.ID != "tencent" {
		t.Errorf("after esc: filter %q, selected %q", h.m.filter, mm.ID)
	}
	h.send("/", "type:hua", "esc")
	if mm, _ := h.m.selectedMirror(); h.m.filter != "" || mm.ID != "huawei" {
		t.Errorf("after esc in the filter input: filter %q, selected %q", h.m.filter, mm.ID)
	}
}

// Chinese text wraps at any character, not only at spaces: a sentence
// without spaces moved whole to the next line and left half a line empty.
func TestWrapChinese(t *testing.T) {
	s := "✗ proxy.golang.org：1/1 轮停滞（已连接，但一直没有应答）—— 不采用：go 命令没有超时，会在它上面永远挂起，即使它后面是 |"
	lines := wrap(s, 60)
	for i, l := range lines {
		if n := widthOf(l); n > 60 || (i < len(lines)-1 && n < 54) {
			t.Errorf("line %d of %d cells: %q", i, n, l)
		}
	}
	if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(s, " ", "") {
		t.Errorf("text changed: %q", got)
	}
	// Styled: escapes are kept and count no width.
	styled := "\x1b[1m" + strings.Repeat("镜像健康", 10) + "\x1b[0m"
	for _, l := range wrap(styled, 25) {
		if n := widthOf(l); n > 25 {
			t.Errorf("styled line of %d cells: %q", n, l)
		}
	}
	// English is wrapped as before.
	en := "after , the go command moves on only when a mirror answers 404 or 410"
	if got, want := strings.Join(wrap(en, 30), "\n"), ansi.Wrap(en, 30, ",|/"); got != want {
		t.Errorf("english: %q, want %q", got, want)
	}
}

// In the chain panel the detail (and c's curl command) follow the selected
// chain entry, not the table row hidden behind it.
func TestDetailFollowsTheChainSelection(t *testing.T) {
	h := newHarness(t, true)
	// The table's cursor is on proxy.golang.org; the chain is goproxy.cn,
	// aliyun, direct.
	h.send("tab", "j")
	if got := ansi.Strip(h.m.detailLines(80)[0]); !strings.HasPrefix(got, "aliyun ") {
		t.Errorf("detail of %q, want aliyun", got)
	}
	h.send("c")
	if !strings.Contains(h.m.status, "of aliyun") {
		t.Errorf("c: %q", h.m.status)
	}
	h.send("j") // direct: no mirror, the table's shows
	if got := ansi.Strip(h.m.detailLines(80)[0]); !strings.HasPrefix(got, "proxy.golang.org ") {
		t.Errorf("on direct: detail of %q", got)
	}
}

// u with nothing recorded is no failure: a plain status, no error event.
func TestUndoWithNothingToUndo(t *testing.T) {
	h := newHarness(t, true)
	n := len(h.m.events)
	h.send(AppliedMsg{Undo: true, Err: fmt.Errorf("%w: no apply to /tmp/goenv is recorded", envcfg.ErrNothingToUndo)})
	if h.m.statusErr || h.m.status != "nothing to undo" || len(h.m.events) != n {
		t.Errorf("status %q (error %v), events %s", h.m.status, h.m.statusErr, h.eventTexts())
	}
}

// No line starts with closing punctuation or ends with opening one.
func TestWrapChinesePunctuation(t *testing.T) {
	s := "go 现在会挂起：proxy.golang.org 始终不响应，go 会一直等待：go 命令对代理请求没有超时（任何分隔符都无济于事）。"
	for w := 10; w <= 60; w++ {
		lines := wrap(s, w)
		for i, l := range lines {
			if widthOf(l) > w {
				t.Errorf("width %d: line %d of %d cells: %q", w, i, widthOf(l), l)
			}
			if r, _ := utf8.DecodeRuneInString(l); i > 0 && strings.ContainsRune(noBreakBefore, r) {
				t.Errorf("width %d: line %d starts with %q: %q", w, i, r, l)
			}
			if r, _ := utf8.DecodeLastRuneInString(l); strings.ContainsRune(noBreakAfter, r) {
				t.Errorf("width %d: line %d ends with %q: %q", w, i, r, l)
			}
		}
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(s, " ", "") {
			t.Errorf("width %d: text changed: %q", w, got)
		}
	}
}
