package metrics

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/goproxytui/goproxytui/probe"
)

// Every metric the deploy/ files (scrape config, alerts, Grafana
// dashboard) name is one the collectors expose: a renamed metric cannot
// leave a silent alert or an empty panel behind.
func TestDeployFilesNameExposedMetrics(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	fq := regexp.MustCompile(`fqName: "([^"]+)"`)
	ch := make(chan *prometheus.Desc, 64)
	go func() {
		NewMonitor(probe.HealthConfig{}, 0, "").Describe(ch)
		NewRelay().Describe(ch)
		close(ch)
	}()
	for d := range ch {
		if m := fq.FindStringSubmatch(d.String()); m != nil {
			for _, suffix := range []string{"", "_bucket", "_sum", "_count"} {
				known[m[1]+suffix] = true
			}
		}
	}
	files, _ := filepath.Glob("../deploy/*")
	if len(files) < 3 {
		t.Fatalf("deploy files: %v", files)
	}
	name := regexp.MustCompile(`\b(?:goproxytui|probe)_[a-z0-9_]+\b`)
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range name.FindAllString(string(b), -1) {
			seen++
			if !known[n] {
				t.Errorf("%s names %s, which no collector exposes", f, n)
			}
		}
	}
	if seen < 20 {
		t.Errorf("only %d metric names found in the deploy files", seen)
	}
}
