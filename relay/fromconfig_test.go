package relay

import (
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/config"
)

func TestConfigHedge(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want HedgePolicy
		fail bool
	}{
		{"", HedgePolicy{Mode: HedgeAuto}, false},
		{"auto", HedgePolicy{Mode: HedgeAuto}, false},
		{"off", HedgePolicy{Mode: HedgeOff}, false},
		{"300ms", HedgePolicy{Mode: HedgeFixed, Delay: 300 * time.Millisecond}, false},
		{"soon", HedgePolicy{Mode: HedgeOff}, true},
	} {
		got, err := ConfigHedge(tc.in)
		if got != tc.want || (err != nil) != tc.fail {
			t.Errorf("ConfigHedge(%q) = %+v, %v; want %+v, error %v", tc.in, got, err, tc.want, tc.fail)
		}
	}
}

// The config's private mirrors and [relay] limits reach the options.
func TestConfigOptions(t *testing.T) {
	cfg := config.Default()
	cfg.Mirrors = []config.Mirror{{ID: "corp", URL: "athens.corp.example", Private: true}, {ID: "pub", URL: "https://pub.example"}}
	cfg.Relay.ZipTimeout = config.Duration{Duration: time.Minute}
	ups := []Upstream{{ID: "goproxy.cn", URL: "https://goproxy.cn", Weight: 1}}
	o := ConfigOptions(cfg, ups, HedgePolicy{Mode: HedgeOff})
	if len(o.Upstreams) != 1 || len(o.Private) != 1 || o.Private[0].URL != "https://athens.corp.example" || o.ZipTimeout != time.Minute || o.Health == nil {
		t.Errorf("options: %+v", o)
	}
}
