package cli

import (
	"encoding/json"
	"net"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// probeEnv is the sandbox plus the fake CA for SSL_CERT_FILE, as a user
// with a corporate CA would set it.
func probeEnv(t *testing.T, s *fakeproxy.Server) []string {
	t.Helper()
	ca, err := s.CAFile()
	if err != nil {
		t.Fatal(err)
	}
	return append(sandboxEnv(t), "SSL_CERT_FILE="+ca)
}

func TestProbeCommandJSON(t *testing.T) {
	t.Parallel()
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, SumDB: true, Behavior: fakeproxy.Delayed(20e6)})
	plain := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	expired := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, Cert: fakeproxy.CertExpired})
	refused, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	env := probeEnv(t, ok)
	// Credentials in a URL must not come out.
	withCreds := strings.Replace(ok.URL(), "https://", "https://user:s3cret-pw@", 1)
	out, errOut, code := runBin(t, env, "probe", "--json", "--count", "2", "--interval", "0s", "--timeout", "10s",
		"--canary", fakeproxy.Canary, withCreds, plain.URL(), expired.URL(), refused)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q, out %s", code, errOut, out)
	}
	if errOut != "" {
		t.Errorf("stderr is not a terminal, yet: %q", errOut)
	}
	if strings.Contains(out, "s3cret-pw") {
		t.Errorf("password in the output:\n%s", out)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got) != 4 {
		t.Fatalf("%d objects", len(got))
	}
	for _, o := range got {
		for _, k := range []string{"id", "url", "class", "reason", "status", "samples", "loss", "phases", "p50_ms", "p95_ms", "tls", "sumdb_supported"} {
			if _, ok := o[k]; !ok {
				t.Errorf("%v: no key %q", o["id"], k)
			}
		}
		ph, _ := o["phases"].(map[string]any)
		for _, k := range []string{"dns_ms", "connect_ms", "tls_ms", "ttfb_ms", "total_ms"} {
			if _, ok := ph[k].(float64); !ok {
				t.Errorf("%v: phases.%s = %v", o["id"], k, ph[k])
			}
		}
		if o["samples"] != 2.0 {
			t.Errorf("%v: samples %v", o["id"], o["samples"])
		}
	}
	good, five, exp, ref := got[0], got[1], got[2], got[3]
	if good["class"] != "ok" || good["status"] != 200.0 || good["loss"] != 0.0 || good["sumdb_supported"] != true || good["p50_ms"] == nil {
		t.Errorf("ok mirror: %v", good)
	}
	if ttfb := good["phases"].(map[string]any)["ttfb_ms"].(float64); ttfb < 20 {
		t.Errorf("ttfb_ms %v for a 20 ms delay", ttfb)
	}
	tl, _ := good["tls"].(map[string]any)
	for _, k := range []string{"version", "alpn", "issuer", "not_after", "days_left"} {
		if _, ok := tl[k]; !ok {
			t.Errorf("tls: no key %q in %v", k, tl)
		}
	}
	if five["class"] != "http_5xx" || five["status"] != 500.0 || five["tls"] != nil || five["loss"] != 1.0 || five["p50_ms"] != nil {
		t.Errorf("500 mirror: %v", five)
	}
	if exp["class"] != "tls" || !strings.Contains(exp["reason"].(string), "expired") {
		t.Errorf("expired mirror: %v", exp)
	}
	if ref["class"] != "refused" || ref["sumdb_supported"] != nil {
		t.Errorf("refused mirror: %v", ref)
	}
	if u := good["url"].(string); !strings.Contains(u, "xxxxx") || strings.Contains(u, "s3cret") {
		t.Errorf("url %q", u)
	}
}

func TestProbeCommandExitCodes(t *testing.T) {
	t.Parallel()
	bad := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.NotFound)})
	env := sandboxEnv(t)
	_, _, code := runBin(t, env, "probe", "--json", "--canary", fakeproxy.Canary, bad.URL())
	if code != 1 {
		t.Errorf("no usable mirror: exit %d, want 1", code)
	}
	for _, args := range [][]string{
		{"--count", "0"},
		{"--count", "x"},
		{"--timeout", "0s"},
		{"--interval", "-1s"},
		{"--interval", "soon"},
		{"--canary", "nonsense"},
		{"--canary", "example.com/m@latest"},
		{"--frobnicate"},
		{"no-such-mirror"},
		{"ftp://mirror.example"},
	} {
		_, errOut, code := runBin(t, env, append([]string{"probe"}, args...)...)
		if code != 2 || !strings.Contains(errOut, "goproxytui probe --help") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	out, _, code := runBin(t, env, "probe", "--help")
	if code != 0 || !strings.Contains(out, "--deep") {
		t.Errorf("--help: exit %d, %q", code, out)
	}
}

// The table: one row per mirror, reasons under it, sanitised bodies; and in
// Chinese.
func TestProbeCommandTable(t *testing.T) {
	t.Parallel()
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{})
	ansi := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ANSIBody)})
	env := sandboxEnv(t)
	out, errOut, code := runBin(t, env, "probe", "--count", "2", "--interval", "0s", "--canary", fakeproxy.Canary, "--wide", ok.URL(), ansi.URL())
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "MIRROR") || !strings.Contains(lines[0], "TTFB") || !strings.Contains(lines[0], "P95") ||
		!strings.Contains(lines[0], " TRANSFER ") || !strings.Contains(lines[0], " ALPN ") {
		t.Errorf("header %q", lines[0])
	}
	// Classes spelled for a person, ALPN shown (plain http: http/1.1).
	if !strings.Contains(lines[1], " ok ") || !strings.Contains(lines[2], " server error (5xx) ") || !strings.Contains(lines[1], " http/1.1 ") {
		t.Errorf("rows:\n%s", out)
	}
	if strings.ContainsAny(out, "\x1b\x07\u009b") || !strings.Contains(out, "500 Internal Server Error") || !strings.Contains(out, "    | ") {
		t.Errorf("reasons and bodies:\n%q", out)
	}
	// Without --wide the table fits 80 columns: no phase but the total.
	for _, args := range [][]string{{"--count", "2", "--interval", "0s"}, {}, {"--lang", "zh"}} {
		args = append(args, "probe", "--canary", fakeproxy.Canary, ok.URL(), ansi.URL())
		out, _, _ = runBin(t, env, args...)
		table, _, _ := strings.Cut(out, "\n\n")
		for _, line := range strings.Split(table, "\n") {
			if displayWidth(line) > 80 || strings.Contains(line, "TRANSFER") || strings.Contains(line, "ALPN") {
				t.Errorf("%v: line of %d columns: %q", args, displayWidth(line), line)
			}
		}
	}
	out, _, _ = runBin(t, env, "--lang", "zh", "probe", "--canary", fakeproxy.Canary, ok.URL())
	if !strings.HasPrefix(out, "镜像") {
		t.Errorf("zh table:\n%s", out)
	}
}

// --deep downloads the zip through the mirror and checks its hash against
// the (simulated) checksum database named by GOSUMDB.
func TestProbeCommandDeep(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, SumDB: true})
	key, err := fakeproxy.SumDBKey("")
	if err != nil {
		t.Fatal(err)
	}
	env := append(probeEnv(t, s), "GOSUMDB="+key)
	out, errOut, code := runBin(t, env, "probe", "--json", "--deep", "--canary", "example.com/hello@v1.1.0", s.URL())
	if code != 0 {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	var got []struct {
		Deep struct {
			Class        string  `json:"class"`
			Bytes        int64   `json:"bytes"`
			BytesPerSec  float64 `json:"bytes_per_sec"`
			Hash         string  `json:"hash"`
			HashVerified *bool   `json:"hash_verified"`
			SumSource    string  `json:"sum_source"`
		} `json:"deep"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Fatalf("%v\n%s", err, out)
	}
	d := got[0].Deep
	want, _ := fakeproxy.GoSum("example.com/hello", "v1.1.0")
	if d.Class != "ok" || d.HashVerified == nil || !*d.HashVerified || d.Bytes <= 0 || d.BytesPerSec <= 0 || !strings.Contains(want, d.Hash) {
		t.Errorf("deep %+v (go.sum %q)", d, want)
	}
	// GOSUMDB=off: hashed but not checked, said in the table.
	env = append(probeEnv(t, s), "GOSUMDB=off")
	out, _, code = runBin(t, env, "probe", "--deep", "--canary", "example.com/hello@v1.1.0", s.URL())
	if code != 0 || !strings.Contains(out, "hash not checked: GOSUMDB=off") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// On a terminal, stderr gets a progress line per result, cleared at the end;
// stdout gets only the table.
func TestProbeCommandProgressOnTerminal(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{})
	var out, errb strings.Builder
	a := &app{stdout: &out, stderr: &errb, stderrTTY: true, getenv: func(string) string { return "" }}
	code := a.main([]string{"probe", "--config", filepath.Join(t.TempDir(), "config.toml"),
		"--count", "2", "--interval", "0s", "--canary", fakeproxy.Canary, s.URL()})
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	e := errb.String()
	if !strings.Contains(e, "probing: round 2/2, 1/1 mirrors answered") || !strings.HasSuffix(e, "\r\x1b[K") {
		t.Errorf("progress %q", e)
	}
	if strings.Contains(out.String(), "probing") || !strings.HasPrefix(out.String(), "MIRROR") {
		t.Errorf("stdout %q", out.String())
	}
}

// The table of an HTTPS mirror over HTTP/2 shows ALPN h2, and a TLS
// timeout reads "timeout (TLS)", not tls_timeout.
func TestProbeCommandTableALPNAndClasses(t *testing.T) {
	t.Parallel()
	h2 := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, HTTP2: true})
	silent, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never speaks TLS
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	env := probeEnv(t, h2)
	// The h2 mirror must answer within the timeout that the silent one
	// waits out: 3 s is ample for a loaded machine.
	out, errOut, _ := runBin(t, env, "probe", "--wide", "--timeout", "3s", "--canary", fakeproxy.Canary, h2.URL(), "https://"+silent.Addr().String())
	lines := strings.Split(out, "\n")
	if len(lines) < 3 || !strings.Contains(lines[1], " h2 ") || !strings.Contains(lines[2], " timeout (TLS) ") {
		t.Errorf("table:\n%s\nstderr %s", out, errOut)
	}
}

// probe --watch --json prints one JSON object a line as results arrive,
// each with the keys of probe --json's elements, until SIGINT, after which
// it exits 0; without --json, off a terminal, one plain line a result.
func TestProbeWatch(t *testing.T) {
	t.Parallel()
	ok := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	env := sandboxEnv(t) // GOENV is a temp file
	out, _, code := runBin(t, env, "probe", "--json", "--canary", fakeproxy.Canary, ok.URL())
	var arr []map[string]any
	if err := json.Unmarshal([]byte(out), &arr); code != 0 || err != nil || len(arr) != 1 {
		t.Fatalf("probe --json: exit %d, %v\n%s", code, err, out)
	}
	rb := startBin(t, env, "probe", "--watch", "--json", "--interval", "10ms", "--canary", fakeproxy.Canary, ok.URL())
	for i := range 3 {
		line := rb.line(t)
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("line %d is not one JSON object: %v\n%s", i, err, line)
		}
		for k := range arr[0] {
			if _, has := obj[k]; !has {
				t.Errorf("line %d lacks %q that probe --json has: %s", i, k, line)
			}
		}
		if obj["class"] != "ok" || obj["url"] != ok.URL() {
			t.Errorf("line %d: %s", i, line)
		}
		if n := obj["samples"].(float64); n != float64(i+1) {
			t.Errorf("line %d: samples %v, want %d", i, n, i+1)
		}
	}
	if code := rb.signal(t, syscall.SIGINT); code != 0 {
		t.Errorf("exit %d after SIGINT, want 0", code)
	}
	// What came out up to the stop is whole lines of JSON, none cut off.
	for line := range rb.lines {
		if !json.Valid([]byte(line)) {
			t.Errorf("after SIGINT, a line that is not JSON: %q", line)
		}
	}

	rb = startBin(t, env, "probe", "--watch", "--interval", "10ms", "--canary", fakeproxy.Canary, ok.URL())
	for range 2 {
		if line := rb.line(t); !strings.Contains(line, " ok ") || strings.Contains(line, "\x1b") {
			t.Errorf("plain line %q", line)
		}
	}
	if code := rb.signal(t, syscall.SIGTERM); code != 0 {
		t.Errorf("exit %d after SIGTERM, want 0", code)
	}
	_, errOut, code := runBin(t, env, "probe", "--watch", "--count", "3", ok.URL())
	if code != 2 || !strings.Contains(errOut, "--count") {
		t.Errorf("--watch --count: exit %d %q", code, errOut)
	}
}
