package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
	"github.com/goproxytui/goproxytui/probe"
)

// advMirror starts a simulated HTTPS mirror for the test.
func advMirror(t *testing.T, opts fakeproxy.Options) *fakeproxy.Server {
	t.Helper()
	opts.TLS = true
	return fakeproxy.StartMirror(t, opts)
}

// adviceEnv is a sandbox in which the binary trusts the simulated mirrors'
// CA and whose go env file holds envFile.
func adviceEnv(t *testing.T, s *fakeproxy.Server, envFile string) []string {
	t.Helper()
	env := sandboxEnv(t)
	ca, err := s.CAFile()
	if err != nil {
		t.Fatal(err)
	}
	env = append(env, "SSL_CERT_FILE="+ca)
	if envFile != "" {
		p := envValue(env, "GOENV")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(envFile), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

// advResolver resolves IP literals and localhost, and fails every other
// name as DNS does in a place where it is blocked: hermetic DNS failures.
type advResolver struct{}

func (advResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	if host == "localhost" {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// runAdviceInProcess runs goproxytui in this process with env (KEY=VALUE, from
// sandboxEnv plus extras) and the network hooks set: names other than
// IP literals do not resolve, the simulated mirrors' CA is trusted, and
// checksum database URLs are mapped by sumdb (nil: unchanged, so they fail
// to resolve). Not parallel: it sets the process environment.
func runAdviceInProcess(t *testing.T, env []string, sumdb map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runAdviceApp(t, env, sumdb, nil, args...)
}

// runAdviceApp is runAdviceInProcess with the app adjusted by configure.
func runAdviceApp(t *testing.T, env []string, sumdb map[string]string, configure func(*app), args ...string) (stdout, stderr string, code int) {
	t.Helper()
	for _, k := range []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS",
		"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "LANG", "LC_ALL", "LC_MESSAGES"} {
		t.Setenv(k, "")
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if slices.Contains(proxyEnvKeys, k) {
			continue // the resolver keeps the run on loopback; see below
		}
		t.Setenv(k, v)
	}
	old := adviceHooks
	t.Cleanup(func() { adviceHooks = old })
	adviceHooks.probeOptions = func(o *probe.Options) {
		o.Resolver = advResolver{}
		o.RootCAs = fakeproxy.CAPool()
		// No HTTP(S) proxy: names must fail in the resolver, as DNS fails,
		// and http.ProxyFromEnvironment reads the environment only once
		// per process.
		o.Proxy = func(*http.Request) (*url.URL, error) { return nil, nil }
	}
	adviceHooks.sumdbURL = func(u string) string {
		if m, ok := sumdb[u]; ok {
			return m
		}
		return u
	}
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv}
	if configure != nil {
		configure(a)
	}
	code = a.main(args)
	return out.String(), errb.String(), code
}

// recOut is the part of recommend --json the tests read.
type recOut struct {
	GOPROXY    string   `json:"goproxy"`
	GOSUMDB    string   `json:"gosumdb"`
	Usable     bool     `json:"usable"`
	Reasons    []string `json:"reasons"`
	Candidates []struct {
		ID       string         `json:"id"`
		Chosen   bool           `json:"chosen"`
		Position int            `json:"position"`
		Rounds   int            `json:"rounds"`
		Failures map[string]int `json:"failures"`
	} `json:"candidates"`
	Applied *struct {
		Changes []struct {
			Key string  `json:"key"`
			New *string `json:"new"`
		} `json:"changes"`
		NotEffective []struct {
			Key string `json:"key"`
		} `json:"notEffective"`
	} `json:"applied"`
}

func parseRec(t *testing.T, out string) recOut {
	t.Helper()
	var r recOut
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("recommend --json: %v\n%s", err, out)
	}
	return r
}

func hasAdvReason(r recOut, sub string) bool {
	return slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.Contains(s, sub) })
}

// advLabel is how recommend names an ad-hoc mirror: the id ResolveMirror
// gives it, host and path without the scheme.
func advLabel(s *fakeproxy.Server) string { return strings.TrimPrefix(advURL(s), "https://") }

// advURL is the mirror's URL as a chain holds it (and doctor names it).
func advURL(s *fakeproxy.Server) string { return strings.TrimSuffix(s.URL(), "/") }

func TestRecommendHealthy(t *testing.T) {
	t.Parallel()
	fast := advMirror(t, fakeproxy.Options{SumDB: true})
	slow := advMirror(t, fakeproxy.Options{Behavior: fakeproxy.Delayed(150 * time.Millisecond)})
	env := adviceEnv(t, fast, "")
	out, errOut, code := runBin(t, env, "recommend", "--json", "--rounds", "2", "--timeout", "10s", slow.URL(), fast.URL())
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	r := parseRec(t, out)
	if want := advURL(fast) + "|" + advURL(slow) + ",direct"; r.GOPROXY != want || r.GOSUMDB != "sum.golang.org" || !r.Usable {
		t.Errorf("proposed GOPROXY=%q GOSUMDB=%q usable=%v, want %q sum.golang.org", r.GOPROXY, r.GOSUMDB, r.Usable, want)
	}
	for _, want := range []string{
		"proxies sum.golang.org — first",
		"does not proxy sum.golang.org — number 2 in the chain",
		"| after each mirror but the last",
		"GOSUMDB=sum.golang.org: go reaches it through " + advLabel(fast),
	} {
		if !hasAdvReason(r, want) {
			t.Errorf("no reason with %q in %q", want, r.Reasons)
		}
	}
	if len(r.Candidates) != 2 || r.Candidates[0].Rounds != 2 {
		t.Errorf("candidates %+v", r.Candidates)
	}
	if strings.Contains(errOut, "probing mirrors") {
		t.Errorf("progress shown on a stderr that is not a terminal: %q", errOut)
	}

	// The human form says the same and how to apply it.
	out, _, code = runBin(t, env, "recommend", "--rounds", "1", "--timeout", "10s", slow.URL(), fast.URL())
	if code != 0 || !strings.Contains(out, "GOPROXY="+advURL(fast)+"|"+advURL(slow)+",direct") || !strings.Contains(out, "goproxytui use '"+advURL(fast)+"|"+advURL(slow)+",direct' --sumdb sum.golang.org") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

// The reasons say the probes went through HTTPS_PROXY only when they did:
// not for a loopback mirror (net/http reaches it directly), but for one
// with a public name (through a tunnel to the fake mirror).
func TestRecommendProxyCaveatOnlyWhenProxied(t *testing.T) {
	t.Parallel()
	const caveat = "the probes went through the HTTP(S) proxy"
	s := advMirror(t, fakeproxy.Options{SumDB: true, Cert: fakeproxy.CertWrongHost})
	tn := startTunnel(t, s.Addr())
	local := advMirror(t, fakeproxy.Options{SumDB: true})
	env := append(adviceEnv(t, s, ""), "HTTPS_PROXY="+tn.URL)
	out, errOut, code := runBin(t, env, "recommend", "--json", "--rounds", "1", "--timeout", "10s", local.URL())
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if r := parseRec(t, out); !r.Usable || hasAdvReason(r, caveat) || tn.Tunnels.Load() != 0 {
		t.Errorf("loopback mirror: usable %v, %d tunnels, reasons %q", r.Usable, tn.Tunnels.Load(), r.Reasons)
	}
	public := "https://" + fakeproxy.WrongHostName
	out, errOut, code = runBin(t, env, "recommend", "--json", "--rounds", "1", "--timeout", "10s", public)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if r := parseRec(t, out); !r.Usable || !hasAdvReason(r, caveat+" "+tn.URL) || tn.Tunnels.Load() == 0 {
		t.Errorf("public mirror: usable %v, %d tunnels, reasons %q", r.Usable, tn.Tunnels.Load(), r.Reasons)
	}
}

// A mirror answering 500 and one that stalls are left out; the staller is
// probed once only (each stall costs a whole timeout).
func TestRecommendLeavesOutFailingAndStalling(t *testing.T) {
	t.Parallel()
	bad := advMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	stall := advMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	good := advMirror(t, fakeproxy.Options{SumDB: true})
	env := adviceEnv(t, good, "")
	out, errOut, code := runBin(t, env, "recommend", "--json", "--rounds", "2", "--timeout", "3s", bad.URL(), stall.URL(), good.URL())
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	r := parseRec(t, out)
	if want := advURL(good) + ",direct"; r.GOPROXY != want {
		t.Errorf("GOPROXY=%q, want %q", r.GOPROXY, want)
	}
	if !hasAdvReason(r, advLabel(bad)+": HTTP 5xx error in 2/2 rounds — left out") {
		t.Errorf("no reason for the 500s in %q", r.Reasons)
	}
	if !hasAdvReason(r, advLabel(stall)+": stalled in 1/1 rounds") || !hasAdvReason(r, "would hang on it") {
		t.Errorf("no reason for the stall in %q", r.Reasons)
	}
	if n := stall.Count("/rsc.io/quote/@v/v1.5.2.info"); n != 1 {
		t.Errorf("stalling mirror probed %d times, want 1", n)
	}
}

// China-like: proxy.golang.org does not resolve and sum.golang.org is
// unreachable; a mirror that proxies the checksum database keeps GOSUMDB
// at sum.golang.org.
func TestRecommendChinaDNS(t *testing.T) {
	cn := advMirror(t, fakeproxy.Options{SumDB: true})
	env := adviceEnv(t, cn, "")
	out, errOut, code := runAdviceInProcess(t, env, nil, "recommend", "--json", "--rounds", "2", "--timeout", "10s", "proxy.golang.org", cn.URL())
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	r := parseRec(t, out)
	if want := advURL(cn) + ",direct"; r.GOPROXY != want || r.GOSUMDB != "sum.golang.org" {
		t.Errorf("GOPROXY=%q GOSUMDB=%q, want %q sum.golang.org", r.GOPROXY, r.GOSUMDB, want)
	}
	if !hasAdvReason(r, "proxy.golang.org: DNS failure in 2/2 rounds — left out") {
		t.Errorf("reasons %q", r.Reasons)
	}
}

// sum.golang.org unreachable and no chosen mirror proxies it: the alias
// sum.golang.google.cn, which answers, is proposed.
func TestRecommendSumDBAlias(t *testing.T) {
	mirror := advMirror(t, fakeproxy.Options{})
	alias := advMirror(t, fakeproxy.Options{SumDB: true}) // serves a real signed tree head
	refused, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	env := adviceEnv(t, mirror, "")
	sumdb := map[string]string{
		"https://sum.golang.org":       refused,
		"https://sum.golang.google.cn": alias.URL() + "/sumdb/sum.golang.org",
	}
	out, errOut, code := runAdviceInProcess(t, env, sumdb, "recommend", "--json", "--rounds", "1", "--timeout", "10s", mirror.URL())
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	r := parseRec(t, out)
	if r.GOSUMDB != "sum.golang.google.cn" || !hasAdvReason(r, "GOSUMDB=sum.golang.google.cn because sum.golang.org is unreachable (") {
		t.Errorf("GOSUMDB=%q, reasons %q", r.GOSUMDB, r.Reasons)
	}

	// And nothing reachable at all: GOSUMDB stays, with a warning.
	sumdb["https://sum.golang.google.cn"] = refused
	out, _, _ = runAdviceInProcess(t, env, sumdb, "recommend", "--json", "--rounds", "1", "--timeout", "10s", mirror.URL())
	r = parseRec(t, out)
	if r.GOSUMDB != "sum.golang.org" || !hasAdvReason(r, "no checksum database is reachable") {
		t.Errorf("GOSUMDB=%q, reasons %q", r.GOSUMDB, r.Reasons)
	}
}

// --apply writes the proposal, repairing an invalid GOPROXY in the env file,
// and keeps unrelated lines.
func TestRecommendApply(t *testing.T) {
	t.Parallel()
	good := advMirror(t, fakeproxy.Options{SumDB: true})
	env := adviceEnv(t, good, "# mine\nGOPROXY=https://goproxy.cn|ftp://broken,direct\nGOTOOLCHAIN=local\n")
	out, errOut, code := runBin(t, env, "recommend", "--apply", "--rounds", "1", "--timeout", "5s", good.URL())
	if code != 0 {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	data, err := os.ReadFile(envValue(env, "GOENV"))
	if err != nil {
		t.Fatal(err)
	}
	file := string(data)
	if !strings.Contains(file, "GOPROXY="+advURL(good)+",direct\n") || !strings.Contains(file, "# mine\n") || !strings.Contains(file, "GOTOOLCHAIN=local\n") {
		t.Errorf("env file after apply:\n%s", file)
	}
	if !strings.Contains(out, "GOPROXY") || !strings.Contains(out, "→") {
		t.Errorf("apply did not print what changed:\n%s", out)
	}
	// Applying again changes nothing.
	out, _, code = runBin(t, env, "recommend", "--apply", "--json", "--rounds", "1", "--timeout", "5s", good.URL())
	if r := parseRec(t, out); code != 0 || r.Applied == nil || len(r.Applied.Changes) != 0 {
		t.Errorf("second apply: exit %d, %+v", code, r.Applied)
	}
}

// With an OS variable shadowing GOPROXY, --apply writes the file but says
// the value is not effective (exit 3).
func TestRecommendApplyShadowed(t *testing.T) {
	t.Parallel()
	good := advMirror(t, fakeproxy.Options{SumDB: true})
	env := append(adviceEnv(t, good, ""), "GOPROXY=https://proxy.golang.org,direct")
	out, errOut, code := runBin(t, env, "recommend", "--apply", "--json", "--rounds", "1", "--timeout", "10s", good.URL())
	if code != exitNotEffective {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitNotEffective, errOut)
	}
	r := parseRec(t, out)
	if r.Applied == nil || len(r.Applied.NotEffective) != 1 || r.Applied.NotEffective[0].Key != "GOPROXY" {
		t.Errorf("applied %+v", r.Applied)
	}
}

// A certificate expiring soon is mentioned; nothing usable exits 1 and
// applies nothing.
func TestRecommendCertAndNothingUsable(t *testing.T) {
	t.Parallel()
	exp := advMirror(t, fakeproxy.Options{Cert: fakeproxy.CertExpiring, CertExpiresIn: 5 * 24 * time.Hour, SumDB: true})
	env := adviceEnv(t, exp, "")
	out, errOut, code := runBin(t, env, "recommend", "--json", "--rounds", "1", "--timeout", "10s", exp.URL())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// A certificate made to expire in 5 days has 5 days left, counted in
	// calendar days (probe.CertDaysLeft): the floor of hours/24 said 4.
	if r := parseRec(t, out); !hasAdvReason(r, "its certificate expires in 5 days") {
		t.Errorf("no certificate note in %q", r.Reasons)
	}

	exp.Set(fakeproxy.Do(fakeproxy.ServerError))
	out, errOut, code = runBin(t, env, "recommend", "--apply", "--rounds", "1", "--timeout", "10s", exp.URL())
	if code != 1 || !strings.Contains(out, "No chain to propose") || !strings.Contains(errOut, "nothing applied") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if _, err := os.Stat(envValue(env, "GOENV")); !os.IsNotExist(err) {
		t.Errorf("env file written although nothing was usable: %v", err)
	}
}

// On a terminal, stderr shows how many mirrors are done, and the line is
// cleared at the end.
func TestRecommendProgress(t *testing.T) {
	a := advMirror(t, fakeproxy.Options{SumDB: true})
	b := advMirror(t, fakeproxy.Options{})
	env := adviceEnv(t, a, "")
	_, errOut, code := runAdviceApp(t, env, nil, func(a *app) { a.stderrTTY = true },
		"recommend", "--rounds", "1", "--timeout", "10s", a.URL(), b.URL())
	if code != 0 {
		t.Fatalf("exit %d: %q", code, errOut)
	}
	for _, want := range []string{"probing mirrors: 0/2 done", "probing mirrors: 1/2 done", "probing mirrors: 2/2 done"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %q", want, errOut)
		}
	}
	if !strings.HasSuffix(errOut, "\r\x1b[K") {
		t.Errorf("progress line not cleared at the end: %q", errOut)
	}
}

func TestRecommendUsageErrors(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	for _, args := range [][]string{
		{"recommend", "--rounds", "0"},
		{"recommend", "--timeout", "-1s"},
		{"recommend", "--frob"},
		{"recommend", "not a mirror"},
	} {
		_, errOut, code := runBin(t, env, args...)
		if code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	out, _, code := runBin(t, env, "recommend", "--help")
	if code != 0 || !strings.Contains(out, "goproxytui recommend [MIRROR ...] [--flags]") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}
