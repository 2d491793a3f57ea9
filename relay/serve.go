package relay

import (
	"fmt"
	"io"
	"net/http"
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

// ServeHTTP answers one request of the go command.
func (r *Relay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.URL.Path == "/metrics" && r.opts.Metrics != nil {
		w.Header().Set(RelayHeader, "1")
		r.opts.Metrics.ServeHTTP(w, req)
		return
	}
	if req.URL.Path == StatusPath && (req.Method == http.MethodGet || req.Method == http.MethodHead) {
		w.Header().Set(RelayHeader, "1")
		r.serveStatus(w)
		return
	}
	start := time.Now()
	rec := RequestRecord{Time: start, Path: req.URL.Path}
	w.Header().Set(RelayHeader, "1")
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
		rec.Status, rec.Error = r.failure(w, rt, rr)
		return
	}
	win := rr.winner
	defer func() {
		// After the answer: the losers, then the winner, into the record.
		win.release()
		r.finish(&rr)
		for _, a := range rr.tried {
			rec.Attempts = append(rec.Attempts, a.record())
		}
		rec.Attempts = append(rec.Attempts, win.record())
	}()
	rec.Status, rec.Mirror, rec.Bytes = http.StatusOK, win.t.up.ID, win.size
	if win.t.direct {
		rec.Mirror = "direct:" + rt.sumdb
	}
	h := w.Header()
	ctype := win.ctype
	if ctype == "" || win.t.direct && rt.kind == KindSupported {
		ctype = defaultType(rt.kind)
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", fmt.Sprint(win.size))
	h.Set(ServedByHeader, rec.Mirror)
	w.WriteHeader(http.StatusOK)
	if req.Method == http.MethodHead {
		return
	}
	if win.file != nil {
		if _, err := win.file.Seek(0, io.SeekStart); err == nil {
			io.Copy(w, win.file)
		}
		return
	}
	w.Write(win.body)
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
		var ts []target
		for _, u := range r.order(r.opts.Upstreams) {
			ts = append(ts, target{up: u, url: join(u.URL, "sumdb/"+rt.sumdb+"/"+rt.rel)})
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
	var ts []target
	for _, u := range r.order(ups) {
		ts = append(ts, target{up: u, url: join(u.URL, rt.rel)})
	}
	return ts, ""
}

// failure answers a request no target served: 404 (410 if all said so)
// when every mirror that answered said not found and none answered an
// error; otherwise 502 at once, naming each mirror's failure class. It
// returns the status and the short error text.
func (r *Relay) failure(w http.ResponseWriter, rt route, rr raceResult) (int, string) {
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
		case probe.ClassHTTP4xx, probe.ClassHTTP5xx, probe.ClassProtocol:
			answeredErr = true
		}
	}
	if notFound > 0 && !answeredErr && !rr.timedOut {
		code := http.StatusNotFound
		if gone == notFound {
			code = http.StatusGone
		}
		textAnswer(w, code, l.T("goproxytui relay: not found on any mirror (%s)", firstNF)+"\n")
		return code, "not found"
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
		fmt.Fprintf(&b, "%s: %s (%s)\n", a.t.up.ID, a.class, a.reason)
	}
	textAnswer(w, http.StatusBadGateway, b.String())
	return http.StatusBadGateway, "all mirrors failed"
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
