package relay

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/probe"
)

// target is one place an attempt asks: an upstream and the URL for this
// request there.
type target struct {
	up  Upstream
	url string // full URL (may hold the upstream's credentials)
	// supported: for /sumdb/<name>/supported through a direct route, the
	// database's /latest is asked instead and a 200 means "supported".
	direct bool
}

// result is the outcome of one attempt.
type result struct {
	idx     int // position in the candidate list
	t       target
	class   probe.Class
	status  int
	reason  string // short, English, sanitised; "" on success
	body    []byte // small files
	file    *os.File
	size    int64
	ctype   string
	start   time.Time
	ttfb    time.Duration // 0 when no headers arrived
	total   time.Duration
	hedge   bool // started as a hedge
	aborted bool // cut short because the request ended (another attempt won, the client left)
}

// ok reports a servable answer.
func (r *result) ok() bool { return r.class == probe.ClassOK }

// release removes a spooled file.
func (r *result) release() {
	if r.file != nil {
		name := r.file.Name()
		r.file.Close()
		os.Remove(name)
		r.file = nil
	}
}

// idleReader cancels its attempt when a Read has not returned for the idle
// limit: each Read pushes the timer back.
type idleReader struct {
	r     io.Reader
	timer *time.Timer
	idle  time.Duration
}

func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	ir.timer.Reset(ir.idle)
	return n, err
}

// attempt makes one request to one target and reads and checks its body.
// headers is told (without blocking) when the response headers arrived,
// which stops hedging.
func (r *Relay) attempt(parent context.Context, rt route, t target, idx int, headers chan<- int) (res result) {
	res = result{idx: idx, t: t, start: time.Now()}
	defer func() {
		res.total = time.Since(res.start)
		if parent.Err() != nil && !res.ok() && res.class != probe.ClassNotFound {
			res.aborted = true
		}
	}()
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var connected, ttfbExpired, idleExpired atomic.Bool
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { connected.Store(true) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodGet, t.url, nil)
	if err != nil {
		res.class, res.reason = probe.ClassProtocol, errText(err)
		return res
	}
	req.Header.Set("User-Agent", "goproxytui-relay")
	ttfbTimer := time.AfterFunc(r.opts.TTFBTimeout, func() { ttfbExpired.Store(true); cancel() })
	resp, err := r.client.Do(req)
	ttfbTimer.Stop()
	if err != nil {
		res.class = classify(err, connected.Load(), ttfbExpired.Load())
		switch {
		case ttfbExpired.Load():
			res.reason = fmt.Sprintf("no response headers within %s", r.opts.TTFBTimeout)
		default:
			res.reason = errText(err)
		}
		return res
	}
	defer resp.Body.Close()
	res.ttfb = time.Since(res.start)
	res.status = resp.StatusCode
	select {
	case headers <- idx:
	default:
	}
	idle := time.AfterFunc(r.opts.IdleTimeout, func() { idleExpired.Store(true); cancel() })
	defer idle.Stop()
	body := &idleReader{r: resp.Body, timer: idle, idle: r.opts.IdleTimeout}
	bodyErr := func(err error) {
		switch {
		case idleExpired.Load():
			res.class, res.reason = probe.ClassStall, fmt.Sprintf("the body stalled for %s", r.opts.IdleTimeout)
		case probe.IsReset(err):
			res.class, res.reason = probe.ClassReset, "connection closed in the middle of the body: "+errText(err)
		default:
			res.class, res.reason = classify(err, true, false), errText(err)
		}
	}
	switch code := resp.StatusCode; {
	case code == http.StatusOK:
	case code == http.StatusNotFound || code == http.StatusGone:
		res.class, res.reason = probe.ClassNotFound, statusText(code, body)
		return res
	case code >= 500:
		res.class, res.reason = probe.ClassHTTP5xx, statusText(code, body)
		return res
	case code >= 400:
		res.class, res.reason = probe.ClassHTTP4xx, statusText(code, body)
		return res
	default:
		res.class, res.reason = probe.ClassProtocol, statusText(code, body)
		return res
	}
	res.ctype = resp.Header.Get("Content-Type")
	limit := limitOf(rt.kind)
	if rt.kind == KindZip {
		f, err := os.CreateTemp(r.opts.TempDir, "goproxytui-relay-*.zip")
		if err != nil {
			res.class, res.reason = probe.ClassProtocol, "spool file: "+errText(err)
			return res
		}
		res.file = f
		n, err := io.Copy(f, io.LimitReader(body, limit+1))
		res.size = n
		switch {
		case err != nil:
			bodyErr(err)
		case n > limit:
			res.class, res.reason = probe.ClassProtocol, fmt.Sprintf("zip over %d MiB", limit>>20)
		default:
			if err := checkZip(rt, f, n); err != nil {
				res.class, res.reason = probe.ClassProtocol, err.Error()
			}
		}
		if res.class != "" {
			res.release()
			return res
		}
		res.class = probe.ClassOK
		return res
	}
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	switch {
	case err != nil:
		bodyErr(err)
		return res
	case int64(len(data)) > limit:
		res.class, res.reason = probe.ClassProtocol, fmt.Sprintf("body over %d bytes", limit)
		return res
	}
	if t.direct && rt.kind == KindSupported {
		data = nil // the database's /latest answered: it is reachable
	} else if err := checkBody(rt, data); err != nil {
		res.class, res.reason = probe.ClassProtocol, err.Error()
		return res
	}
	res.body, res.size, res.class = data, int64(len(data)), probe.ClassOK
	return res
}

// statusText is "404 Not Found: <first line of the text body>", capped.
func statusText(code int, body io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(body, 512))
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	s := fmt.Sprintf("%d %s", code, http.StatusText(code))
	if line = sanitize.Line(line, 120); line != "" {
		s += ": " + line
	}
	return s
}
