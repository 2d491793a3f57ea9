package advisor

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/probe"
)

// The https-proxy note appears only when some URL go would reach goes
// through HTTPS_PROXY: net/http reaches loopback hosts and NO_PROXY hosts
// directly.
func TestDoctorHTTPSProxyOnlyWhenUsed(t *testing.T) {
	t.Parallel()
	proxy := map[string]string{"HTTPS_PROXY": "http://proxy.corp:3128"}
	withNoProxy := map[string]string{"HTTPS_PROXY": "http://proxy.corp:3128", "NO_PROXY": "goproxy.cn"}
	tests := []struct {
		name  string
		vars  []string
		sumdb bool // the mirrors proxy the checksum database
		proxy map[string]string
		want  bool
	}{
		{"loopback mirror proxying the database", []string{"GOPROXY=https://127.0.0.1:8443,direct"}, true, proxy, false},
		{"localhost mirror proxying the database", []string{"GOPROXY=https://localhost:8443,direct"}, true, proxy, false},
		{"loopback mirror, database reached directly", []string{"GOPROXY=https://127.0.0.1:8443,direct"}, false, proxy, true},
		{"loopback mirror, GOSUMDB=off", []string{"GOPROXY=https://127.0.0.1:8443,direct", "GOSUMDB=off"}, false, proxy, false},
		{"loopback mirror, GOSUMDB at a loopback URL", []string{"GOPROXY=https://127.0.0.1:8443,direct", "GOSUMDB=sum.golang.org https://127.0.0.1:9443"}, false, proxy, false},
		{"public mirror", []string{"GOPROXY=https://goproxy.cn,direct"}, true, proxy, true},
		{"public mirror in NO_PROXY", []string{"GOPROXY=https://goproxy.cn,direct"}, true, withNoProxy, false},
		{"public mirror, no proxy set", []string{"GOPROXY=https://goproxy.cn,direct"}, true, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snap(tt.vars...)
			probes := map[string]probe.Result{}
			for _, m := range DoctorPlan(s, cat).Mirrors {
				probes[m.ID] = ok(40*time.Millisecond, boolp(tt.sumdb))
			}
			fs := Doctor(DoctorInput{Lang: i18n.EN, Snapshot: s, Catalog: cat, Probes: probes, ProxyEnv: tt.proxy})
			i := slices.IndexFunc(fs, func(x Finding) bool { return x.Code == "https-proxy" })
			if got := i >= 0; got != tt.want {
				t.Fatalf("https-proxy finding: %v, want %v; findings:\n  %s", got, tt.want, strings.Join(short(fs), "\n  "))
			}
			if tt.want && !strings.Contains(fs[i].Message, "HTTPS_PROXY=http://proxy.corp:3128 is in effect") {
				t.Errorf("message %q", fs[i].Message)
			}
		})
	}
}
