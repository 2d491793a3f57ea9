package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// docOut is doctor --json.
type docOut struct {
	Env map[string]struct {
		Value    string  `json:"value"`
		Source   string  `json:"source"`
		Shadowed *string `json:"shadowed"`
	} `json:"env"`
	Findings []struct {
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Message  string `json:"message"`
		Why      string `json:"why"`
		Fix      string `json:"fix"`
	} `json:"findings"`
	Errors int `json:"errors"`
}

func parseDoc(t *testing.T, out string) docOut {
	t.Helper()
	var d docOut
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("doctor --json: %v\n%s", err, out)
	}
	return d
}

// codes lists the findings as "severity code".
func (d docOut) codes() []string {
	var out []string
	for _, f := range d.Findings {
		out = append(out, f.Severity+" "+f.Code)
	}
	return out
}

// fix returns the fix of the first finding with code.
func (d docOut) fix(code string) string {
	for _, f := range d.Findings {
		if f.Code == code {
			return f.Fix
		}
	}
	return "<no " + code + ">"
}

// why returns the why of the first finding with code.
func (d docOut) why(code string) string {
	for _, f := range d.Findings {
		if f.Code == code {
			return f.Why
		}
	}
	return "<no " + code + ">"
}

// withFix counts the findings that carry a fix.
func (d docOut) withFix() int {
	n := 0
	for _, f := range d.Findings {
		if f.Fix != "" {
			n++
		}
	}
	return n
}

func (d docOut) message(code string) string {
	for _, f := range d.Findings {
		if f.Code == code {
			return f.Message
		}
	}
	return "<no " + code + ">"
}

// wantFindings fails unless the findings are exactly want, in order.
func wantFindings(t *testing.T, d docOut, want ...string) {
	t.Helper()
	if got := d.codes(); !slices.Equal(got, want) {
		t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestDoctorHealthy(t *testing.T) {
	t.Parallel()
	a := advMirror(t, fakeproxy.Options{})
	b := advMirror(t, fakeproxy.Options{SumDB: true})
	env := adviceEnv(t, a, "GOPROXY="+advURL(a)+"|"+advURL(b)+",direct\n")
	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s\n%s", code, errOut, out)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "info mirror-ok", "info mirror-ok", "info chain-ok", "info query-ok", "info sumdb-via-proxy")
	if d.Env["GOPROXY"].Source != "file" || d.Env["GOSUMDB"].Value != "sum.golang.org" {
		t.Errorf("env %+v", d.Env)
	}
	if m := d.message("chain-ok"); m != "go would use "+advURL(a)+" now" {
		t.Errorf("chain-ok says %q", m)
	}
	if m := d.message("sumdb-via-proxy"); !strings.Contains(m, advURL(b)+" proxies the checksum database sum.golang.org") {
		t.Errorf("sumdb-via-proxy says %q", m)
	}

	// The human form: effective values with sources, findings, a count.
	out, _, code = runBin(t, env, "doctor", "--timeout", "10s")
	for _, want := range []string{"Effective settings:", "GOPROXY", "[go env file ", "GOSUMDB", "[$GOROOT/go.env]", "go would use " + advURL(a) + " now", "errors: 0, warnings: 0, notes: 5"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
}

// The first mirror answers 500 and the ',' after it stops go: an error
// saying so, and the chain fails. The one fix (fixes compose into
// one chain that avoids every failing entry, on one finding) is the chain
// verdict's, and it leaves the failing mirror out rather than keeping it
// behind a '|' that makes every lookup wait for its error first.
func TestDoctorServerErrorUnderComma(t *testing.T) {
	t.Parallel()
	bad := advMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.ServerError)})
	good := advMirror(t, fakeproxy.Options{SumDB: true})
	env := adviceEnv(t, bad, "GOPROXY="+advURL(bad)+","+advURL(good)+",direct\n")
	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "error comma-after-failing-mirror", "error chain-fails", "error sumdb-unreachable", "warning mirror-failing", "warning query-fails", "info mirror-ok")
	if f := d.fix("comma-after-failing-mirror"); f != "" {
		t.Errorf("comma finding carries a fix of its own: %q", f)
	}
	if f, want := d.fix("chain-fails"), "goproxytui use "+advURL(good)+",direct"; f != want {
		t.Errorf("chain fix %q, want %q", f, want)
	}
	if n := d.withFix(); n != 1 {
		t.Errorf("%d findings carry a fix, want 1", n)
	}
	if m := d.message("comma-after-failing-mirror"); !strings.Contains(m, "the , after it stops go from trying "+advURL(good)) {
		t.Errorf("comma finding says %q", m)
	}
	if m := d.message("mirror-failing"); !strings.Contains(m, "HTTP 5xx error") {
		t.Errorf("mirror-failing says %q", m)
	}
}

// A stalling first mirror makes go hang even with '|' after it.
func TestDoctorFirstMirrorStalls(t *testing.T) {
	t.Parallel()
	stall := advMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Stall)})
	good := advMirror(t, fakeproxy.Options{SumDB: true})
	env := adviceEnv(t, stall, "GOPROXY="+advURL(stall)+"|"+advURL(good)+",direct\n")
	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "3s")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "error chain-hangs", "error sumdb-hangs", "warning mirror-failing", "warning query-hangs", "info mirror-ok")
	if f, want := d.fix("chain-hangs"), "goproxytui use "+advURL(good)+",direct"; f != want {
		t.Errorf("fix %q, want %q", f, want)
	}
	if m := d.message("chain-hangs"); !strings.Contains(m, "go would hang now") {
		t.Errorf("chain-hangs says %q", m)
	}
}

// proxy.golang.org failing DNS with the default GOPROXY (China-like), and
// every other name too: the ',' before direct is the ',direct' rule
// (advisor.SepBeforeDirect), not blamed; doctor measures the other catalog
// mirrors, none works, and it says so plainly with what is left instead of
// proposing a fix.
func TestDoctorChinaDNS(t *testing.T) {
	s := advMirror(t, fakeproxy.Options{})
	env := adviceEnv(t, s, "")
	out, errOut, code := runAdviceInProcess(t, env, nil, "doctor", "--json", "--timeout", "10s")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s\n%s", code, errOut, out)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "error chain-fails", "error sumdb-unreachable", "warning mirror-failing", "warning query-fails")
	if m := d.message("mirror-failing"); !strings.Contains(m, "proxy.golang.org fails: DNS failure") {
		t.Errorf("mirror-failing says %q", m)
	}
	if w := d.why("mirror-failing"); !strings.Contains(w, "the , before direct stops the lookup here: by design") {
		t.Errorf("mirror-failing why %q", w)
	}
	if n := d.withFix(); n != 0 {
		t.Errorf("%d fixes shown although no mirror works:\n%s", n, out)
	}
	if w := d.why("chain-fails"); !strings.Contains(w, "no mirror measured now would make go use it: what is left is direct") || !strings.Contains(w, "goproxytui relay") {
		t.Errorf("chain-fails does not say what is left: %q", w)
	}
}

// The same, with a mirror of the config that works (as goproxy.cn does in
// mainland China) and is not in GOPROXY: doctor measures it (the chain's
// own mirror makes no fix) and the one fix puts it first.
func TestDoctorChinaDNSConfigMirror(t *testing.T) {
	cn := advMirror(t, fakeproxy.Options{SumDB: true})
	env := adviceEnv(t, cn, "")
	writeConfig(t, envValue(env, "XDG_CONFIG_HOME"), "goproxytui/config.toml",
		"[[mirror]]\nid = \"cnmirror\"\nurl = \""+advURL(cn)+"\"\nregion = \"cn\"\n")
	out, errOut, code := runAdviceInProcess(t, env, nil, "doctor", "--json", "--timeout", "10s")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s\n%s", code, errOut, out)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "error chain-fails", "error sumdb-unreachable", "warning mirror-failing", "warning query-fails")
	if f, want := d.fix("chain-fails"), "goproxytui use cnmirror,direct"; f != want {
		t.Errorf("chain-fails fix %q, want %q", f, want)
	}
	if n := d.withFix(); n != 1 {
		t.Errorf("%d findings carry a fix, want 1:\n%s", n, out)
	}
	if cn.CountEndpoint(fakeproxy.EndpointInfo) == 0 {
		t.Error("the config mirror was not measured")
	}
}

// The checksum database: unreachable while a mirror proxies it (fine: go
// goes through the mirror), and while none does (an error, fixed by the
// alias that answers).
func TestDoctorSumDBUnreachable(t *testing.T) {
	proxying := advMirror(t, fakeproxy.Options{SumDB: true})
	plain := advMirror(t, fakeproxy.Options{})
	alias := advMirror(t, fakeproxy.Options{SumDB: true})
	refused, err := fakeproxy.RefusedURL()
	if err != nil {
		t.Fatal(err)
	}
	sumdb := map[string]string{
		"https://sum.golang.org":       refused,
		"https://sum.golang.google.cn": alias.URL() + "/sumdb/sum.golang.org",
	}
	env := adviceEnv(t, plain, "GOPROXY="+advURL(plain)+"|"+advURL(proxying)+",direct\n")
	out, errOut, code := runAdviceInProcess(t, env, sumdb, "doctor", "--json", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\n%s", code, errOut, out)
	}
	wantFindings(t, parseDoc(t, out), "info mirror-ok", "info mirror-ok", "info chain-ok", "info query-ok", "info sumdb-via-proxy")

	env = adviceEnv(t, plain, "GOPROXY="+advURL(plain)+",direct\n")
	out, errOut, code = runAdviceInProcess(t, env, sumdb, "doctor", "--json", "--timeout", "10s")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s\n%s", code, errOut, out)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "error sumdb-unreachable", "info mirror-ok", "info chain-ok", "info query-ok")
	if f := d.fix("sumdb-unreachable"); f != "go env -w GOSUMDB=sum.golang.google.cn" {
		t.Errorf("fix %q", f)
	}
	if m := d.message("sumdb-unreachable"); !strings.Contains(m, "go connects to https://sum.golang.org directly") || !strings.Contains(m, "it does not answer") {
		t.Errorf("message %q", m)
	}
}

// An OS variable hiding the go env file's GOPROXY.
func TestDoctorShadowingVariable(t *testing.T) {
	t.Parallel()
	s := advMirror(t, fakeproxy.Options{SumDB: true})
	env := append(adviceEnv(t, s, "GOPROXY=https://goproxy.cn,direct\n"), "GOPROXY="+advURL(s)+",direct")
	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "warning env-shadowed", "info mirror-ok", "info chain-ok", "info query-ok", "info sumdb-via-proxy")
	if f := d.fix("env-shadowed"); f != "unset GOPROXY" {
		t.Errorf("fix %q", f)
	}
	if sh := d.Env["GOPROXY"].Shadowed; d.Env["GOPROXY"].Source != "env" || sh == nil || *sh != "https://goproxy.cn,direct" {
		t.Errorf("env GOPROXY %+v", d.Env["GOPROXY"])
	}
}

// An invalid GOPROXY in the env file: an error naming the entry, and a fix
// without it; nothing is probed.
func TestDoctorInvalidGOPROXY(t *testing.T) {
	t.Parallel()
	s := advMirror(t, fakeproxy.Options{})
	env := adviceEnv(t, s, "GOPROXY="+advURL(s)+"|ftp://mirror.example,direct\n")
	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "error goproxy-invalid")
	if m := d.message("goproxy-invalid"); !strings.Contains(m, `entry 2 "ftp://mirror.example": invalid proxy URL scheme`) {
		t.Errorf("message %q", m)
	}
	if f, want := d.fix("goproxy-invalid"), "goproxytui use '"+advURL(s)+"|direct'"; f != want {
		t.Errorf("fix %q, want %q", f, want)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests to a mirror of an invalid chain", n)
	}
}

// A certificate expiring within 14 days is a warning; with ',' after the
// mirror the fix is '|'.
func TestDoctorCertificateExpiring(t *testing.T) {
	t.Parallel()
	exp := advMirror(t, fakeproxy.Options{Cert: fakeproxy.CertExpiring, CertExpiresIn: 5 * 24 * time.Hour, SumDB: true})
	good := advMirror(t, fakeproxy.Options{})
	env := adviceEnv(t, exp, "GOPROXY="+advURL(exp)+","+advURL(good)+",direct\n")
	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	d := parseDoc(t, out)
	wantFindings(t, d, "warning cert-expiring", "info mirror-ok", "info mirror-ok", "info chain-ok", "info query-ok", "info sumdb-via-proxy")
	if m := d.message("cert-expiring"); !strings.Contains(m, "its TLS certificate expires in 5 days (") {
		t.Errorf("message %q", m)
	}
	if f, want := d.fix("cert-expiring"), "goproxytui use '"+advURL(exp)+"|"+advURL(good)+",direct'"; f != want {
		t.Errorf("fix %q, want %q", f, want)
	}
}

// HTTPS_PROXY and GOPRIVATE patterns, in Chinese: the mirror has a public
// name, which go reaches through the proxy (a tunnel to the fake mirror).
func TestDoctorProxyPatternsChinese(t *testing.T) {
	t.Parallel()
	s := advMirror(t, fakeproxy.Options{SumDB: true, Cert: fakeproxy.CertWrongHost})
	tn := startTunnel(t, s.Addr())
	env := append(adviceEnv(t, s, "GOPROXY=https://"+fakeproxy.WrongHostName+",direct\nGOPRIVATE=Corp.example.com\n"),
		"HTTPS_PROXY="+tn.URL, "NO_PROXY=127.0.0.1")
	out, errOut, code := runBin(t, env, "--lang", "zh", "doctor", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\n%s", code, errOut, out)
	}
	if tn.Tunnels.Load() == 0 {
		t.Error("doctor did not reach the mirror through HTTPS_PROXY")
	}
	for _, want := range []string{"生效的设置", "HTTPS_PROXY=" + tn.URL + " 已生效", "(https-proxy)", "(goprivate-pattern)", "go env -w GOPRIVATE=corp.example.com"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDoctorUsageErrors(t *testing.T) {
	t.Parallel()
	env := sandboxEnv(t)
	for _, args := range [][]string{{"doctor", "extra"}, {"doctor", "--timeout", "-1s"}, {"doctor", "--frob"}} {
		_, errOut, code := runBin(t, env, args...)
		if code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	out, _, code := runBin(t, env, "doctor", "--help")
	if code != 0 || !strings.Contains(out, "goproxytui doctor [--flags]") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// A mirror whose .info answers but whose .zip is not a zip: go fails there
// whatever the separator (it takes any 200 for a .zip as final). Without
// --deep doctor cannot know (it asks only for the .info); with --deep it
// downloads the canary's .zip through each working mirror, names the
// broken one, and the fix leaves it out. GOENV: adviceEnv's sandbox.
func TestDoctorDeepBrokenZip(t *testing.T) {
	t.Parallel()
	bad := advMirror(t, fakeproxy.Options{})
	bad.SetEndpoint(fakeproxy.EndpointZip, fakeproxy.Behavior{Kind: fakeproxy.HugeBody, Size: 4096})
	good := advMirror(t, fakeproxy.Options{SumDB: true})
	env := adviceEnv(t, bad, "GOPROXY="+advURL(bad)+"|"+advURL(good)+",direct\n")

	out, errOut, code := runBin(t, env, "doctor", "--json", "--timeout", "10s")
	if d := parseDoc(t, out); code != 0 || !slices.Contains(d.codes(), "info chain-ok") {
		t.Fatalf("without --deep: exit %d, %v; stderr:\n%s", code, d.codes(), errOut)
	}
	if bad.CountEndpoint(fakeproxy.EndpointZip) != 0 {
		t.Errorf("doctor without --deep downloaded a zip")
	}

	out, errOut, code = runBin(t, env, "doctor", "--json", "--deep", "--timeout", "10s")
	if code != 1 {
		t.Fatalf("--deep: exit %d, want 1; stderr:\n%s\n%s", code, errOut, out)
	}
	d := parseDoc(t, out)
	if !slices.Contains(d.codes(), "error chain-fails") {
		t.Fatalf("--deep findings %v", d.codes())
	}
	if m := d.message("chain-fails"); !strings.Contains(m, advURL(bad)) || !strings.Contains(m, "zip") {
		t.Errorf("chain-fails says %q: want the broken mirror and its zip named", m)
	}
	if f, want := d.fix("chain-fails"), "goproxytui use "+advURL(good)+",direct"; f != want {
		t.Errorf("fix %q, want %q", f, want)
	}
	if bad.CountEndpoint(fakeproxy.EndpointZip) == 0 || good.CountEndpoint(fakeproxy.EndpointZip) == 0 {
		t.Errorf("zips asked: bad %d, good %d", bad.CountEndpoint(fakeproxy.EndpointZip), good.CountEndpoint(fakeproxy.EndpointZip))
	}
}
