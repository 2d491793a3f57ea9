package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/mirrors"
)

func TestConfigReloadIntervalAndOwnSave(t *testing.T) {
	h := newHarness(t, false)
	events := len(h.m.events)
	same := cloneConfig(h.m.cfg)
	h.send(ConfigChangedMsg{Config: same, Catalog: mirrors.Builtin()})
	if len(h.m.events) != events {
		t.Errorf("an unchanged config was logged: %s", h.eventTexts())
	}
	cfg := cloneConfig(h.m.cfg)
	cfg.Probe.Interval.Duration = time.Minute
	h.send(ConfigChangedMsg{Config: cfg, Catalog: mirrors.Builtin()})
	if !strings.Contains(h.view(), "every 1m0s") || len(h.m.events) != events+1 {
		t.Errorf("after a new interval: events %s\n%s", h.eventTexts(), h.view())
	}
}

func TestConfigReloadHealthThresholds(t *testing.T) {
	h := newHarness(t, true)
	// aliyun: 20 successes then 10 stalls, down after 2 failures in a row.
	if got := h.m.track.Health("aliyun"); got != mirrors.HealthDown {
		t.Fatalf("aliyun %s before", got)
	}
	samples := h.m.track.Stats("goproxy.cn").Samples
	cfg := cloneConfig(h.m.cfg)
	cfg.Probe.DownAfter = 20
	h.send(ConfigChangedMsg{Config: cfg, Catalog: mirrors.Builtin()})
	if got := h.m.track.Health("aliyun"); got == mirrors.HealthDown {
		t.Errorf("aliyun still down with down_after = 20 after 10 failures")
	}
	if got := h.m.track.Stats("goproxy.cn").Samples; got != samples {
		t.Errorf("history lost: %d samples, had %d", got, samples)
	}
}
