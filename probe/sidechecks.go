package probe

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"sync"
)

// sideChecks runs a probe's @v/list and sumdb checks beside its .info
// request instead of after it, so that a probe with the checks takes about
// one server delay, not four (.info, @v/list, /supported, then /latest).
// They start once the .info request has its connection: over HTTP/2 they
// share it (one handshake, as before); over HTTP/1.1 each dials its own,
// unmeasured (see unmeasured). Each check writes a Result of its own,
// merged into the probe's when the .info got an answer in time; otherwise
// they are cancelled and dropped, as they were never started before.
type sideChecks struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// Written by the checks' goroutines, read after wg.Wait.
	list, latest, sumdb Result
	ranList, ranSumDB   bool
}

// startChecks starts the checks opt asks for, for the mirror at base and
// the canary module mod, on client: they wait for tr's first connection.
func startChecks(ctx context.Context, tr *trace, client *http.Client, base *url.URL, mod, ver string, opt *Options) *sideChecks {
	sc := &sideChecks{cancel: func() {}}
	if !opt.CheckList && !opt.CheckSumDB {
		return sc
	}
	cctx, cancel := context.WithCancel(unmeasured(ctx))
	sc.cancel = cancel
	listURL := join(base, escapedPath(mod)+"/@v/list")
	latestURL := join(base, escapedPath(mod)+"/@latest")
	supported := join(base, "sumdb/"+opt.SumDB+"/supported")
	latest := join(base, "sumdb/"+opt.SumDB+"/latest")
	sc.wg.Go(func() {
		select {
		case <-tr.connected:
		case <-cctx.Done():
			return
		}
		var wg sync.WaitGroup
		if opt.CheckList {
			sc.ranList = true
			wg.Go(func() { sc.list.checkList(cctx, client, listURL, ver) })
			wg.Go(func() { sc.latest.checkLatest(cctx, client, latestURL) })
		}
		if opt.CheckSumDB {
			sc.ranSumDB = true
			pc, stop := prefetching(cctx, client, latest)
			wg.Go(func() {
				defer stop()
				sc.sumdb.checkSumDB(cctx, pc, supported)
			})
		}
		wg.Wait()
	})
	return sc
}

// stop cancels the checks and waits for them to end. It may be called more
// than once.
func (sc *sideChecks) stop() {
	sc.cancel()
	sc.wg.Wait()
}

// mergeInto waits for the checks and copies what they found into r: every
// field a check set (non-zero), and its notes after r's, the @v/list
// check's first, as when they ran one after the other. Copying by field
// keeps this right when a check learns to fill a new field.
func (sc *sideChecks) mergeInto(r *Result) {
	sc.wg.Wait()
	for _, c := range []struct {
		ran bool
		res *Result
	}{{sc.ranList, &sc.list}, {sc.ranList, &sc.latest}, {sc.ranSumDB, &sc.sumdb}} {
		if !c.ran {
			continue
		}
		src, dst := reflect.ValueOf(c.res).Elem(), reflect.ValueOf(r).Elem()
		for i := range src.NumField() {
			f := src.Type().Field(i)
			if !f.IsExported() || f.Name == "Notes" || src.Field(i).IsZero() {
				continue
			}
			dst.Field(i).Set(src.Field(i))
		}
		r.notes = append(r.notes, c.res.notes...)
		r.Notes = append(r.Notes, c.res.Notes...)
	}
}

// prefetching returns a client like c for the sumdb check, which asks
// /supported and, after a 200, /latest: the request for latest is sent at
// once, beside /supported, and the check's own request for it gets that
// answer, so the two take one server delay. When /supported answers
// anything else, the early answer is dropped (one extra GET to the
// mirror, of what go itself would ask next). stop, called when the check
// has returned, cancels the early request and closes what nobody read.
func prefetching(ctx context.Context, c *http.Client, latest *url.URL) (*http.Client, func()) {
	pctx, cancel := context.WithCancel(ctx)
	p := &prefetch{base: c.Transport, url: latest.String(), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		req, err := http.NewRequestWithContext(pctx, "GET", p.url, nil)
		if err != nil {
			p.err = err
			return
		}
		p.resp, p.err = p.base.RoundTrip(req)
	}()
	pc := *c
	pc.Transport = p
	return &pc, func() {
		cancel()
		<-p.done
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.delivered && p.resp != nil {
			p.resp.Body.Close()
		}
	}
}

// prefetch is the RoundTripper of prefetching.
type prefetch struct {
	base http.RoundTripper
	url  string
	done chan struct{} // the early request has its answer (resp, err)
	resp *http.Response
	err  error

	mu               sync.Mutex
	taken, delivered bool
}

// RoundTrip answers the first request for p.url with the early answer and
// sends every other request through p.base.
func (p *prefetch) RoundTrip(req *http.Request) (*http.Response, error) {
	p.mu.Lock()
	early := !p.taken && req.Method == http.MethodGet && req.URL.String() == p.url
	p.taken = p.taken || early
	p.mu.Unlock()
	if !early {
		return p.base.RoundTrip(req)
	}
	select {
	case <-p.done:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	p.mu.Lock()
	p.delivered = true
	p.mu.Unlock()
	return p.resp, p.err
}
