package relay

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/mod/module"

	"github.com/goproxytui/goproxytui/probe"
)

// ServedByHeader names the mirror that served an answer (its label: a
// catalog id or a redacted URL, never credentials).
const ServedByHeader = "Goproxytui-Served-By"

// RelayHeader is on every answer of a relay, errors included: a loopback
// GOPROXY entry answering with it is a goproxytui relay (the TUI and
// doctor tell one by it, with one cheap request for "/").
const RelayHeader = "Goproxytui-Relay"

// ServedFromHeader is "cache" on an answer served from this machine's
// module cache because every mirror failed; PartialHeader is "1" when that
// answer (a @v/list or @latest) holds only what the cache has.
const (
	ServedFromHeader = "Goproxytui-Served-From"
	PartialHeader    = "Goproxytui-Partial"
)

// CacheMirror is the served_by label of an answer from the module cache.
const CacheMirror = "cache"

// ServeHTTP answers one request of the go command.
func (r *Relay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	w.Header().Set(RelayHeader, "1")
	if req.URL.Path == "/metrics" && r.opts.Metrics != nil {
		r.opts.Metrics.ServeHTTP(w, req)
		return
	}
	if req.URL.Path == StatusPath && (req.Method == http.MethodGet || req.Method == http.MethodHead) {
		r.serveStatus(w)
		return
	}
	start := time.Now()
	rec := RequestRecord{Time: start, Path: req.URL.Path}
	defer func() {
		rec.Duration = time.Since(start)
		r.record(rec)
	}()
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		rec.Status = http.StatusMethodNotAllowed
		w.Header().Set("Allow", "GET, HEAD")
		textAnswer(w, rec.Status, r.opts.Lang.T("goproxytui relay: only GET and HEAD are served")+"\n")
		return
	}
	rt, ok := parseRoute(req.URL.Path, r.names)
	if !ok {
		rec.Status = http.StatusNotFound
		textAnswer(w, rec.Status, r.opts.Lang.T("goproxytui relay: not a Go module proxy or checksum database path")+"\n")
		return
	}
	rec.Kind = rt.kind
	ts, msg := r.targets(rt)
	if msg != "" {
		rec.Status = http.StatusNotFound
		textAnswer(w, rec.Status, msg+"\n")
		return
	}
	r.budget.onRequest()
	rr := r.race(req.Context(), rt, ts)
	rec.Hedges = rr.hedges
	if rr.winner == nil {
		for _, a := range rr.tried {
			rec.Attempts = append(rec.Attempts, a.record())
		}
		r.answerFailure(w, req, rt, rr, &rec)
		return
	}
	r.serveWinner(w, req, rt, rr.winner, &rec)
	// After the answer: the losers (they end at once, cancelled), then
	// the winner, into the record.
	r.finish(&rr)
	for _, a := range rr.tried {
		rec.Attempts = append(rec.Attempts, a.record())
	}
	rec.Attempts = append(rec.Attempts, rr.winner.record())
}

// serveWinner sends the winning attempt's answer and removes its spool.
func (r *Relay) serveWinner(w http.ResponseWriter, req *http.Request, rt route, win *result, rec *RequestRecord) {
	defer win.release()
	rec.Status, rec.Mirror, rec.Bytes = http.StatusOK, win.t.up.ID, win.size
	if win.t.direct {
		rec.Mirror = "direct:" + rt.sumdb
	}
	ctype := win.ctype
	if ctype == "" || win.t.direct && rt.kind == KindSupported {
		ctype = defaultType(rt.kind)
	}
	w.Header().Set(ServedByHeader, rec.Mirror)
	writeBody(w, req, ctype, win.body, win.file, win.size)
}

// writeBody writes a 200 answer from memory or a file.
func writeBody(w http.ResponseWriter, req *http.Request, ctype string, body []byte, file *os.File, size int64) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", fmt.Sprint(size))
	w.WriteHeader(http.StatusOK)
	if req.Method == http.MethodHead {
		return
	}
	if file != nil {
		if _, err := file.Seek(0, io.SeekStart); err == nil {
			io.Copy(w, file)
		}
		return
	}
	w.Write(body)
}

// answerFailure answers a request no mirror served: 404/410 when they all
// said not found; else the module cache's file when it has it; else 502.
func (r *Relay) answerFailure(w http.ResponseWriter, req *http.Request, rt route, rr raceResult, rec *RequestRecord) {
	code, body := r.failure(rt, rr)
	if code == http.StatusBadGateway {
		if c, ok := r.cache.lookup(rt); ok {
			if c.file != nil {
				defer c.file.Close()
			}
			rec.Status, rec.Mirror, rec.Bytes, rec.FromCache, rec.Partial = http.StatusOK, CacheMirror, c.size, true, c.partial
			w.Header().Set(ServedByHeader, CacheMirror)
			w.Header().Set(ServedFromHeader, CacheMirror)
			if c.partial {
				w.Header().Set(PartialHeader, "1")
			}
			writeBody(w, req, defaultType(rt.kind), c.body, c.file, c.size)
			return
		}
	}
	rec.Status = code
	rec.Error = "not found"
	if code == http.StatusBadGateway {
		rec.Error = "all mirrors failed"
	}
	textAnswer(w, code, body)
}

// targets lists where to ask for rt, in order; or a reason to answer 404
// without asking anyone.
func (r *Relay) targets(rt route) ([]target, string) {
	l := r.opts.Lang
	join := func(base, rel string) string { return strings.TrimSuffix(base, "/") + "/" + rel }
	if rt.kind.IsSumDB() {
		if rt.kind == KindLookup && module.MatchPrefixPatterns(r.opts.NoSumDB, rt.mod) {
			return nil, l.T("goproxytui relay: %s matches GONOSUMDB/GOPRIVATE: its checksum is not looked up in a public database", rt.mod)
		}
		ts := r.order(r.opts.Upstreams)
		for i := range ts {
			ts[i].url = join(ts[i].up.URL, "sumdb/"+rt.sumdb+"/"+rt.rel)
		}
		for _, d := range r.opts.SumDB {
			if d.Name != rt.sumdb {
				continue
			}
			rel := rt.rel
			if rt.kind == KindSupported {
				rel = "latest"
			}
			ts = append(ts, target{up: Upstream{ID: "direct:" + d.Name, URL: d.URL}, url: join(d.URL, rel), direct: true})
		}
		if len(ts) == 0 {
			return nil, l.T("goproxytui relay: no route to the checksum database %s", rt.sumdb)
		}
		return ts, ""
	}
	ups := r.opts.Upstreams
	if module.MatchPrefixPatterns(r.opts.NoProxy, rt.mod) {
		if len(r.opts.Private) == 0 {
			return nil, l.T("goproxytui relay: %s matches GONOPROXY/GOPRIVATE and no private upstream is configured (mark one with private = true in [[mirror]]): it is never sent to a public mirror", rt.mod)
		}
		ups = r.opts.Private
	}
	if len(ups) == 0 {
		return nil, l.T("goproxytui relay: no upstream for %s", rt.mod)
	}
	ts := r.order(ups)
	for i := range ts {
		ts[i].url = join(ts[i].up.URL, rt.rel)
	}
	return ts, ""
}

// failure is the answer to a request no target served: 404 (410 if all
// said so) when every mirror that answered said not found and none
// answered an error; otherwise 502, naming each attempt's failure class
// and, for a mirror skipped or cut short as down, its last failure.
func (r *Relay) failure(rt route, rr raceResult) (int, string) {
	l := r.opts.Lang
	notFound, gone, answeredErr := 0, 0, false
	var firstNF string
	for _, a := range rr.tried {
		switch a.class {
		case probe.ClassNotFound:
			notFound++
			if a.status == http.StatusGone {
				gone++
			}
			if firstNF == "" {
				firstNF = a.reason
			}
		case probe.ClassHTTP4xx, probe.ClassHTTP5xx, probe.ClassProtocol, ClassInvalid:
			answeredErr = true
		}
	}
	if notFound > 0 && !answeredErr && !rr.timedOut {
		code := http.StatusNotFound
		if gone == notFound {
			code = http.StatusGone
		}
		return code, l.T("goproxytui relay: not found on any mirror (%s)", firstNF) + "\n"
	}
	var b strings.Builder
	what := rt.mod
	if rt.ver != "" {
		what += "@" + rt.ver
	}
	if rt.kind.IsSumDB() {
		what = "sumdb " + rt.sumdb + " " + rt.rel
	}
	b.WriteString(l.T("goproxytui relay: no mirror could serve %s (%s)", what, string(rt.kind)))
	b.WriteByte('\n')
	// The go command shows 8 lines of a text/plain error body.
	for i, a := range rr.tried {
		if i == 7 {
			b.WriteString(l.T("... and %d more", len(rr.tried)-7) + "\n")
			break
		}
		id := a.t.up.ID
		if a.t.down {
			id += " " + l.T("(down)")
		}
		fmt.Fprintf(&b, "%s: %s (%s)", id, a.class, a.reason)
		if a.t.down {
			if f, ok := r.health.LastFailure(a.t.up.ID); ok && f.Reason != a.reason {
				b.WriteString("; " + l.T("down, last failure %s: %s", string(f.Class), f.Reason))
			}
		}
		b.WriteByte('\n')
	}
	return http.StatusBadGateway, b.String()
}

// textAnswer writes a text/plain answer, which the go command shows.
func textAnswer(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(code)
	io.WriteString(w, body)
}

// defaultType is the Content-Type of an answer whose mirror sent none.
func defaultType(k Kind) string {
	switch k {
	case KindInfo, KindLatest:
		return "application/json"
	case KindZip:
		return "application/zip"
	case KindTile:
		return "application/octet-stream"
	}
	return "text/plain; charset=utf-8"
}
