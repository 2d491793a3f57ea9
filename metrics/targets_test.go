package metrics

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// probeTarget GETs /probe?target= with hdr and returns the status and body.
func probeTarget(t *testing.T, base, target string, hdr http.Header) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/probe?target="+url.QueryEscape(target), nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// catalogWithTree returns the built-in catalog with a config mirror "tree",
// a file:// mirror at the directory it returns.
func catalogWithTree(t *testing.T) (*mirrors.Catalog, string) {
	t.Helper()
	dir := filepath.ToSlash(t.TempDir())
	cfg := config.Default()
	cfg.Mirrors = []config.Mirror{{ID: "tree", URL: "file://" + dir}}
	cat, err := config.LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cat, dir
}

// The exporter's /probe probes only the catalog's and the config's mirrors
// (and those it was started with): an internal server, link-local and
// metadata addresses, localhost in its spellings, URLs with credentials and
// file:// paths are refused with 403 before any request is sent, so a web
// page in the user's browser cannot use a loopback exporter to reach them.
func TestProbeTargetsClosed(t *testing.T) {
	var hits atomic.Int64
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.NotFound(w, r)
	}))
	t.Cleanup(internal.Close)
	cat, cfgDir := catalogWithTree(t)
	started := mirrors.Mirror{ID: "started.example", URL: "https://started.example/p", Weight: 1, Source: mirrors.SourceArg}
	probed := make(chan string, 16)
	fake := func(_ context.Context, m mirrors.Mirror, _ probe.Options) probe.Result {
		probed <- m.URL
		return probe.Result{MirrorID: m.ID, URL: m.URL, Class: probe.ClassOK, Status: 200}
	}
	srv := httptest.NewServer(NewHandler(HandlerOptions{Resolve: CatalogResolver(cat, started), Probe: fake, Lang: i18n.EN}))
	t.Cleanup(srv.Close)

	refused := []string{
		internal.URL + "/admin/delete",
		"http://127.0.0.1:1/", "http://localhost/", "http://0.0.0.0/", "http://127.1/", "http://2130706433/",
		"http://[::1]/", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://10.0.0.1/",
		"http://192.168.1.1/", "metadata.google.internal", "https://alice:s3cret@internal.example/",
		"file:///etc/passwd", "file://" + filepath.ToSlash(t.TempDir()), "file:///dev/zero",
		"https://evil.example/?u=https://goproxy.cn",
	}
	for _, target := range refused {
		code, body := probeTarget(t, srv.URL, target, nil)
		if code != http.StatusForbidden || !strings.Contains(body, "not a mirror of the catalog or the config") {
			t.Errorf("target %q: %d %q, want 403", target, code, body)
		}
		if strings.Contains(body, "s3cret") {
			t.Errorf("target %q: body shows the password: %q", target, body)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the internal server got %d requests", n)
	}
	// Configured mirrors, by id or by a URL equal to theirs: probed at the
	// mirror's own URL.
	for target, want := range map[string]string{
		"goproxy.cn":                 "https://goproxy.cn",
		"https://GOPROXY.cn/":        "https://goproxy.cn",
		"https://u:pw@goproxy.cn":    "https://goproxy.cn",
		"tree":                       "file://" + cfgDir,
		"file://" + cfgDir:           "file://" + cfgDir,
		"started.example":            "https://started.example/p",
		"https://started.example/p/": "https://started.example/p",
	} {
		code, body := probeTarget(t, srv.URL, target, nil)
		if code != http.StatusOK {
			t.Errorf("target %q: %d %q", target, code, body)
			continue
		}
		if got := <-probed; got != want {
			t.Errorf("target %q probed %q, want %q", target, got, want)
		}
	}
	// A typo still gets the hint, as on the command line.
	if code, body := probeTarget(t, srv.URL, "goproxy.cm", nil); code != http.StatusBadRequest || !strings.Contains(body, "did you mean goproxy.cn?") {
		t.Errorf("goproxy.cm: %d %q", code, body)
	}
	if len(probed) != 0 {
		t.Errorf("%d unexpected probes", len(probed))
	}
}

// With --probe-any-target (AnyTargetResolver) any http(s) URL is probed,
// blackbox_exporter's model, but a file:// path still only when configured.
func TestProbeAnyTarget(t *testing.T) {
	cat, cfgDir := catalogWithTree(t)
	probed := make(chan string, 4)
	fake := func(_ context.Context, m mirrors.Mirror, _ probe.Options) probe.Result {
		probed <- m.URL
		return probe.Result{MirrorID: m.ID, URL: m.URL, Class: probe.ClassOK, Status: 200}
	}
	srv := httptest.NewServer(NewHandler(HandlerOptions{Resolve: AnyTargetResolver(cat), Probe: fake, Lang: i18n.EN}))
	t.Cleanup(srv.Close)
	if code, body := probeTarget(t, srv.URL, "http://127.0.0.1:1/x", nil); code != http.StatusOK || <-probed != "http://127.0.0.1:1/x" {
		t.Errorf("any target: %d %q", code, body)
	}
	if code, _ := probeTarget(t, srv.URL, "tree", nil); code != http.StatusOK || <-probed != "file://"+cfgDir {
		t.Errorf("configured file mirror: %d", code)
	}
	for _, target := range []string{"file:///etc/passwd", "file://" + filepath.ToSlash(t.TempDir())} {
		if code, body := probeTarget(t, srv.URL, target, nil); code != http.StatusForbidden {
			t.Errorf("%s: %d %q, want 403", target, code, body)
		}
	}
	if code, _ := probeTarget(t, srv.URL, "goproxy.cn\x1b[2J", nil); code != http.StatusBadRequest {
		t.Errorf("control character: %d", code)
	}
	if len(probed) != 0 {
		t.Errorf("%d unexpected probes", len(probed))
	}
}

// A scrape timeout header that is not a positive finite number of seconds
// is refused with 400 before any probe: NaN compares false with every
// bound and was taken.
func TestProbeScrapeTimeoutHeader(t *testing.T) {
	probed := make(chan string, 8)
	fake := func(_ context.Context, m mirrors.Mirror, _ probe.Options) probe.Result {
		probed <- m.URL
		return probe.Result{MirrorID: m.ID, URL: m.URL, Class: probe.ClassOK, Status: 200}
	}
	srv := httptest.NewServer(NewHandler(HandlerOptions{Resolve: CatalogResolver(mirrors.Builtin()), Probe: fake, Lang: i18n.EN}))
	t.Cleanup(srv.Close)
	for _, v := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "-1", "0", "soon", "1e7", "0x1p-2000"} {
		code, body := probeTarget(t, srv.URL, "goproxy.cn", http.Header{"X-Prometheus-Scrape-Timeout-Seconds": {v}})
		if code != http.StatusBadRequest || !strings.Contains(body, "X-Prometheus-Scrape-Timeout-Seconds") {
			t.Errorf("header %q: %d %q, want 400", v, code, body)
		}
	}
	if code, _ := probeTarget(t, srv.URL, "goproxy.cn", http.Header{"X-Prometheus-Scrape-Timeout-Seconds": {"10"}}); code != http.StatusOK {
		t.Errorf("header 10: %d", code)
	}
	if got := <-probed; got != "https://goproxy.cn" {
		t.Errorf("probed %q", got)
	}
	if len(probed) != 0 {
		t.Errorf("%d probes for refused headers", len(probed))
	}
}
