package probe

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptrace"
	"net/url"
	pathpkg "path"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Probe measures one mirror once: a fresh connection, the canary's .info
// and, when asked, the @v/list and sumdb checks, which run beside the .info
// request (so a probe takes about one server delay). It never takes longer than
// opt.Timeout (or ctx), and every goroutine it starts has ended or is
// unblocked when it returns.
func Probe(ctx context.Context, m mirrors.Mirror, opt Options) (r Result) {
	opt = opt.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	r = Result{MirrorID: m.ID, URL: mirrors.RedactURL(m.URL), Start: time.Now()}
	defer func() {
		if r.Phases.Total == 0 {
			r.Phases.Total = time.Since(r.Start)
		}
	}()

	base, err := parseBase(m.URL)
	if err != nil {
		r.fail(ClassProtocol, err)
		return r
	}
	r.URL = mirrors.RedactURL(base.String())
	mod, ver, err := parseCanary(opt.Canary)
	if err != nil {
		r.fail(ClassProtocol, err)
		return r
	}
	if base.Scheme == "file" {
		probeFile(ctx, &r, base, mod, ver)
		return r
	}
	if base.User != nil && base.Scheme != "https" {
		// As the go command: credentials never travel in clear text.
		r.fail(ClassProtocol, i18n.Errorf("refusing to pass credentials to insecure URL %s (the go command refuses too)", r.URL))
		return r
	}

	tr := newTrace()
	defer tr.closeAll()
	client := newClient(ctx, tr, &opt)
	defer client.Transport.(*http.Transport).CloseIdleConnections()
	checks := startChecks(ctx, tr, client, base, mod, ver, &opt)
	defer checks.stop() // before closeAll: the checks end, then their connections close

	infoURL := join(base, escapedPath(mod)+"/@v/"+mustEscapeVersion(ver)+".info")
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, tr.hooks()), "GET", infoURL.String(), nil)
	if err != nil {
		r.fail(ClassProtocol, err)
		return r
	}
	resp, err := client.Do(req)
	if err == nil {
		// The write hooks run on net/http's writing goroutine and may
		// trail the response by a moment (HTTP/2, a fast server).
		tr.waitWrites(ctx)
	}
	tr.fill(&r)
	if err != nil {
		r.Phases.Total = time.Since(r.Start)
		r.classifyErr(ctx, tr, err, &opt)
		r.scrub(base)
		return r
	}
	if n := tr.hops() - 1; n > 0 {
		r.note(i18n.Errorf("redirects followed: %d, the last to %s; each phase is the sum over every hop", n, resp.Request.URL.Host))
	}
	var body []byte
	var rerr error
	if resp.StatusCode == http.StatusOK || readsErrorBody(resp.Header) {
		body, rerr = readBody(resp, MaxBody)
		if resp.StatusCode != http.StatusOK && rerr != nil && (errors.Is(rerr, errBodyTooLarge) || ctx.Err() == nil && !isTimeout(rerr)) {
			// The go command reads an error body only for the detail it
			// shows and ignores a failure to read it (a reset, any
			// size): the status decides. Only a stall would hang it,
			// and a body read past the cap did not stall, even when the
			// timeout ran out just after.
			rerr = nil
		}
	} else {
		resp.Body.Close() // as the go command, which does not read it
	}
	end := time.Now()
	r.Phases.Transfer = end.Sub(tr.firstByteTime())
	// Total is the measured exchange; the optional checks come after it.
	r.Phases.Total = end.Sub(r.Start)
	r.Status = resp.StatusCode
	switch {
	case rerr != nil:
		r.classifyBodyErr(ctx, rerr, len(body), &opt)
	case resp.StatusCode != http.StatusOK:
		r.httpFailure(resp, body)
	default:
		r.checkInfo(body, ver)
		if r.ViaProxy != "" {
			r.setReason(i18n.Errorf("via proxy %s: DNS and connect times measure the proxy, not the mirror", r.ViaProxy))
		}
	}
	if r.Status != 0 && ctx.Err() == nil {
		// The checks started beside the .info request (sidechecks.go);
		// they count when the .info got an answer with time left.
		checks.mergeInto(&r)
	}
	r.scrub(base)
	return r
}

// readBody reads at most max bytes of resp's body (one more to detect a body
// over the cap) and closes it.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > max {
		return b[:max], errBodyTooLarge
	}
	return b, nil
}

var errBodyTooLarge = errors.New("body over the cap")

// parseBase parses a mirror URL as the go command parses a GOPROXY entry.
func parseBase(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, i18n.Errorf("empty proxy URL")
	}
	if !strings.Contains(s, "://") {
		if !strings.ContainsAny(s, ".:/") {
			return nil, i18n.Errorf("invalid proxy URL missing scheme: %s", mirrors.RedactURL(s))
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, i18n.Errorf("invalid proxy URL %s", mirrors.RedactURL(raw))
	}
	switch u.Scheme {
	case "https", "http":
		if u.Host == "" {
			return nil, i18n.Errorf("invalid proxy URL %s", mirrors.RedactURL(raw))
		}
	case "file":
		if u.Host != "" {
			return nil, i18n.Errorf("invalid proxy URL %s", mirrors.RedactURL(raw))
		}
	default:
		return nil, i18n.Errorf("invalid proxy URL scheme (must be https, http, file): %s", mirrors.RedactURL(raw))
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = strings.TrimSuffix(u.RawPath, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// ParseCanary splits "module@version" and checks both parts as the go
// command would (module path syntax, canonical semantic version).
func ParseCanary(s string) (mod, ver string, err error) { return parseCanary(s) }

func parseCanary(s string) (mod, ver string, err error) {
	mod, ver, ok := strings.Cut(strings.TrimSpace(s), "@")
	if !ok || mod == "" || ver == "" {
		return "", "", i18n.Errorf("invalid canary %q: want MODULE@VERSION", s)
	}
	if err := module.Check(mod, ver); err != nil {
		return "", "", i18n.Errorf("invalid canary %q: %v", s, err)
	}
	return mod, ver, nil
}

// escapedPath is module.EscapePath of a path already checked by parseCanary.
func escapedPath(mod string) string {
	p, _ := module.EscapePath(mod)
	return p
}

// join returns base with rel appended, escaped exactly as the go command
// does (cmd/go/internal/modfetch/proxy.go getBody).
func join(base *url.URL, rel string) *url.URL {
	u := *base
	u.Path = pathpkg.Join(base.Path, rel)
	u.RawPath = pathpkg.Join(base.RawPath, strings.ReplaceAll(url.PathEscape(rel), "%2F", "/"))
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	if !strings.HasPrefix(u.RawPath, "/") {
		u.RawPath = "/" + u.RawPath
	}
	return &u
}

// checkInfo checks a 200 .info body as the go command does.
func (r *Result) checkInfo(body []byte, ver string) {
	var info struct {
		Version string
		Time    time.Time
	}
	if err := json.Unmarshal(body, &info); err != nil {
		r.fail(ClassProtocol, i18n.Errorf("invalid response from proxy: .info is not JSON: %s", sanitize.Line(err.Error(), 120)))
		return
	}
	if info.Version != ver {
		r.fail(ClassProtocol, i18n.Errorf("proxy returned info for version %s instead of requested version %s", sanitize.Line(info.Version, 80), ver))
		return
	}
	r.Class = ClassOK
	r.setReason(nil)
}

// httpFailure classifies a non-200 answer and keeps the start of a
// text/plain body, as the go command shows it.
func (r *Result) httpFailure(resp *http.Response, body []byte) {
	if readsErrorBody(resp.Header) {
		r.Body = errorBody(body)
	}
	first := sanitize.Line(firstLine(r.Body), 120)
	code := resp.StatusCode
	var class Class
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		class = ClassNotFound
	case code >= 400 && code < 500:
		class = ClassHTTP4xx
	case code >= 500 && code < 600:
		class = ClassHTTP5xx
	default:
		class = ClassProtocol
	}
	status := sanitize.Line(resp.Status, 80)
	if strings.HasPrefix(first, strconv.Itoa(code)+" ") {
		// The body starts with the status line already ("404 Not Found: ...").
		status, first = first, ""
	}
	switch {
	case class == ClassNotFound && first != "":
		r.fail(class, i18n.Errorf("%s (under ',' the go command tries the next proxy): %s", status, first))
	case class == ClassNotFound:
		r.fail(class, i18n.Errorf("%s (under ',' the go command tries the next proxy)", status))
	case first != "":
		r.fail(class, &i18n.Msg{Format: "%s: %s", Args: []any{status, first}})
	default:
		r.fail(class, &i18n.Msg{Format: "%s", Args: []any{status}})
	}
}

// readsErrorBody reports whether the go command reads a non-200 body to
// show its start: text/plain in UTF-8 or US-ASCII (cmd/go/internal/web).
// It then reads it to the end, so a stalled one hangs it.
func readsErrorBody(h http.Header) bool {
	mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if mt != "text/plain" {
		return false
	}
	switch strings.ToLower(params["charset"]) {
	case "us-ascii", "utf-8", "":
		return true
	}
	return false
}

// errorBody returns the start of an error body as the go command shows it:
// at most maxErrorBody bytes and maxErrorLines lines, control characters and
// escape sequences removed.
func errorBody(b []byte) string {
	if len(b) > maxErrorBody {
		b = b[:maxErrorBody]
	}
	s := sanitize.Text(string(b), 0, true)
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > maxErrorLines {
		lines = append(lines[:maxErrorLines], "…")
	}
	return strings.Join(lines, "\n")
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

// scrub removes the mirror's credentials from every text of r (reason,
// body, notes, and the messages they are made from, nested ones too),
// should an error or a mirror echoing them have quoted them.
func (r *Result) scrub(base *url.URL) {
	rp := credReplacer(base)
	if rp == nil {
		return
	}
	r.Reason = rp.Replace(r.Reason)
	r.Body = rp.Replace(r.Body)
	scrubMsg(r.msg, rp)
	for i := range r.Notes {
		r.Notes[i] = rp.Replace(r.Notes[i])
	}
	for _, m := range r.notes {
		scrubMsg(m, rp)
	}
}

// credReplacer returns a replacer of base's user name and password, as
// written, as escaped in a URL and as the Basic token a mirror may echo;
// nil without credentials.
func credReplacer(base *url.URL) *strings.Replacer {
	if base.User == nil {
		return nil
	}
	user := base.User.Username()
	pass, hasPass := base.User.Password()
	var secrets []string
	if hasPass {
		secrets = append(secrets, base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))
	}
	for _, s := range []string{user, pass} {
		secrets = append(secrets, s, url.PathEscape(s), url.QueryEscape(s))
	}
	var pairs []string
	for _, s := range secrets {
		if len(s) < 3 {
			continue // too short to hunt for without mangling text
		}
		pairs = append(pairs, s, "xxxxx")
	}
	if len(pairs) == 0 {
		return nil
	}
	return strings.NewReplacer(pairs...)
}

// scrubMsg replaces the credentials in m's arguments, in place.
func scrubMsg(m *i18n.Msg, rp *strings.Replacer) {
	if m == nil {
		return
	}
	for i, a := range m.Args {
		switch a := a.(type) {
		case string:
			m.Args[i] = rp.Replace(a)
		case *i18n.Msg:
			scrubMsg(a, rp)
		case error:
			m.Args[i] = rp.Replace(a.Error())
		}
	}
}
