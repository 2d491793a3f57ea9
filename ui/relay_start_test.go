package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/probe"
)

// harnessWith is a harness whose GOPROXY is goproxy, with the scenario's
// probes (proxy.golang.org down, aliyun stalling, the rest healthy).
func harnessWith(t *testing.T, goproxy string, probes bool) *harness {
	t.Helper()
	f := &fakeDeps{env: snapshot(goproxy, "sum.golang.org", "")}
	h := &harness{t: t, f: f, m: newTestModel(f, i18n.EN, 100, 30, probes)}
	f.calls, f.outbox = nil, nil
	f.relayStart = func(chain, sumdb string) RelayStartedMsg {
		return RelayStartedMsg{URL: ownRelayURL, Upstreams: strings.Split(chain, "|")}
	}
	return h
}

// When every mirror of the chain fails now, the relay key starts the relay
// over mirrors of the dashboard that answer now, not over the failing ones; it
// still offers to put it in front of the chain it replaces.
func TestRelayKeyUsesHealthyMirrorsWhenTheChainFails(t *testing.T) {
	h := harnessWith(t, "https://proxy.golang.org|"+aliyunURL+"|direct", true)
	h.send("R")
	c := h.lastCall("StartRelay")
	if c.name2 == "" || strings.Contains(c.name2, "proxy.golang.org") || strings.Contains(c.name2, "aliyun") ||
		!strings.Contains(c.name2, "goproxy.cn") {
		t.Fatalf("StartRelay(%q): want mirrors that answer now only", c.name2)
	}
	if h.m.dialog == nil || !strings.Contains(h.m.dialog.changes[0].Value, "|https://proxy.golang.org|"+aliyunURL+"|direct") {
		t.Errorf("the offer does not keep the replaced chain behind the relay: %+v", h.m.dialog)
	}
}

// With nothing answering now, the relay key starts no relay and says why.
func TestRelayKeyRefusesWhenNothingAnswers(t *testing.T) {
	h := harnessWith(t, "https://proxy.golang.org|"+aliyunURL+"|direct", false)
	for n := range 6 {
		for _, id := range []string{"proxy.golang.org", "goproxy.cn", "goproxy.io", "aliyun", "tencent", "huawei", "baidu"} {
			h.send(ProbeResultMsg{Result: result(id, n, probe.ClassDNS, 3*time.Millisecond)})
		}
	}
	h.f.calls = nil
	h.send("R")
	if slices.Contains(h.callNames(), "StartRelay") || !h.m.statusErr || !strings.Contains(h.m.status, "no mirror answers now") {
		t.Errorf("calls %v, status %q", h.callNames(), h.m.status)
	}
}
