package ui

import (
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/mod/sumdb/note"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/probe"
)

// A flapping mirror's health changes take one line of the event log.
func TestEventsCoalesceFlapping(t *testing.T) {
	h := newHarness(t, true)
	before := len(h.m.events)
	for n := 30; n < 46; n++ {
		class := probe.ClassOK
		if n/2%2 == 0 {
			class = probe.ClassHTTP5xx
		}
		h.send(ProbeResultMsg{Result: result("goproxy.io", n, class, 50*time.Millisecond)})
	}
	var flaps []string
	for _, e := range h.m.events[before:] {
		if strings.Contains(e.Text, "goproxy.io") {
			flaps = append(flaps, e.Text)
		}
	}
	if len(flaps) != 1 || !strings.Contains(flaps[0], "goproxy.io is flapping:") || !strings.Contains(flaps[0], "8 health changes since 22:05:30") {
		t.Errorf("goproxy.io's events: %q", flaps)
	}
	if !strings.Contains(h.eventTexts(), "aliyun: healthy → down") {
		t.Errorf("other events lost:\n%s", h.eventTexts())
	}
}

// The checksum line routes the database GOSUMDB names with doctor's route
// (advisor.RouteSumDB) over the probes' /sumdb/<name>/supported answers:
// an answer about another database is not taken for this one, a 500 is an
// error (not "does not proxy it"), a stall hangs go, and the wording
// follows the separator that decided.
func TestSumDBLineAsDoctorRoutes(t *testing.T) {
	_, vkey, err := note.GenerateKey(rand.Reader, "sum.example.com")
	if err != nil {
		t.Fatal(err)
	}
	line := func(gp, gosumdb string, rs ...probe.Result) string {
		t.Helper()
		f := &fakeDeps{env: snapshot(gp, gosumdb, "")}
		h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 100, 30, true)}
		for _, r := range rs {
			h.send(ProbeResultMsg{Result: r})
		}
		return ansi.Strip(h.m.sumdbLine())
	}
	// The probes are told which database to ask about.
	f := &fakeDeps{env: snapshot(cnURL+",direct", vkey, "")}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 100, 30, false)}
	if h.lastCall("SetSumDB").name2 != "sum.example.com" {
		t.Errorf("SetSumDB(%q), want sum.example.com", h.lastCall("SetSumDB").name2)
	}
	// Until they have, their answers about sum.golang.org do not count.
	if got, want := line(cnURL+",direct", vkey), "checksum DB sum.example.com: directly at https://sum.example.com (not measured whether goproxy.cn proxies it)"; got != want {
		t.Errorf("own database: %q, want %q", got, want)
	}
	checked := func(id string, status int, stalled bool) probe.Result {
		r := result(id, 40, probe.ClassOK, 40*time.Millisecond)
		r.SumDBChecked, r.SumDBName, r.SumDBStatus, r.SumDBStalled = true, "sum.golang.org", status, stalled
		return r
	}
	if got, want := line(ioURL+","+cnURL+",direct", "sum.golang.org", checked("goproxy.io", 500, false)),
		"checksum DB sum.golang.org: UNAVAILABLE, goproxy.io fails and `,` stops the lookup"; got != want {
		t.Errorf("500 before ',': %q, want %q", got, want)
	}
	if got, want := line(ioURL+"|"+cnURL+",direct", "sum.golang.org", checked("goproxy.io", 500, false)),
		"checksum DB sum.golang.org: through goproxy.cn"; got != want {
		t.Errorf("500 before '|': %q, want %q", got, want)
	}
	if got, want := line(ioURL+"|"+cnURL+",direct", "sum.golang.org", checked("goproxy.io", 0, true)),
		"checksum DB sum.golang.org: go would HANG asking goproxy.io"; got != want {
		t.Errorf("stalled check: %q, want %q", got, want)
	}
	if got, want := line(ioURL+"|"+"https://mirrors.cloud.tencent.com/go/", "sum.golang.org", checked("goproxy.io", 500, false)),
		"checksum DB sum.golang.org: UNAVAILABLE, goproxy.io fails and no entry after it offers the database"; got != want {
		t.Errorf("500 then a 404 after '|': %q, want %q", got, want)
	}
}
