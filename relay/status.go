package relay

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// StatusPath is where a relay says what it is: its upstreams (redacted) and
// their health, as JSON (Status). No module path can be it: the first
// element of a module path never starts with a dot. doctor and the TUI
// read it to tell a relay in GOPROXY and which mirrors stand behind it.
const StatusPath = "/.goproxytui/status"

// Status is the answer at StatusPath.
type Status struct {
	Relay     string           `json:"relay"` // always "goproxytui"
	Upstreams []UpstreamStatus `json:"upstreams"`
	Private   []UpstreamStatus `json:"private,omitempty"`
	// SumDB are the names of the checksum databases with a direct route.
	SumDB    []string `json:"sumdb,omitempty"`
	Requests int      `json:"requests"`
	Served   int      `json:"served"`
	Errors   int      `json:"errors"`
	Hedges   int      `json:"hedges"`
	// Invalid counts attempts whose answer was not the file asked for;
	// FromCache the answers from this machine's module cache (every
	// mirror failed), Partial those of them that hold only what the cache
	// has (@v/list, @latest).
	Invalid   int `json:"invalid"`
	FromCache int `json:"from_cache"`
	Partial   int `json:"partial"`
}

// ByPriority returns the upstreams in the order the relay tries them when
// all are up: by pool, chain order within a pool (a copy).
func (s Status) ByPriority() []UpstreamStatus {
	us := slices.Clone(s.Upstreams)
	slices.SortStableFunc(us, func(a, b UpstreamStatus) int { return cmp.Compare(a.Pool, b.Pool) })
	return us
}

// UpstreamStatus is one upstream in a Status: never its credentials.
type UpstreamStatus struct {
	ID  string `json:"id"`
	URL string `json:"url"` // redacted
	// Pool is the upstream's pool, 0 for the first (Upstream.Pool); the
	// JSON numbers pools from 1, as the relay's log line and doctor do.
	Pool   int     `json:"pool"`
	Weight float64 `json:"weight"`
	Health string  `json:"health"` // mirrors.Health's String: "healthy", "down", ...
	Served int     `json:"served"`
	// LastFailure is the mirror's newest failure (class and reason), nil
	// if none.
	LastFailure *Failure `json:"last_failure,omitempty"`
}

// upstreamStatusJSON is UpstreamStatus without its JSON methods.
type upstreamStatusJSON UpstreamStatus

// MarshalJSON writes the pool numbered from 1.
func (u UpstreamStatus) MarshalJSON() ([]byte, error) {
	j := upstreamStatusJSON(u)
	j.Pool++
	return json.Marshal(j)
}

// UnmarshalJSON reads a pool numbered from 1 (0, from a relay that
// numbered from 0, is read as the first pool).
func (u *UpstreamStatus) UnmarshalJSON(b []byte) error {
	var j upstreamStatusJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	j.Pool = max(j.Pool-1, 0)
	*u = UpstreamStatus(j)
	return nil
}

// Status returns what the relay serves at StatusPath.
func (r *Relay) Status() Status {
	st := r.Stats()
	served := map[string]int{}
	for _, m := range st.Mirrors {
		served[m.ID] = m.Served
	}
	conv := func(us []Upstream) []UpstreamStatus {
		out := make([]UpstreamStatus, 0, len(us))
		for _, u := range us {
			us := UpstreamStatus{
				ID: mirrors.RedactURL(u.ID), URL: mirrors.RedactURL(u.URL), Pool: u.Pool, Weight: weight(u),
				Health: r.health.State(u.ID).String(), Served: served[u.ID],
			}
			if f, ok := r.health.LastFailure(u.ID); ok {
				us.LastFailure = &f
			}
			out = append(out, us)
		}
		return out
	}
	s := Status{Relay: "goproxytui", Upstreams: conv(r.opts.Upstreams), SumDB: append([]string(nil), r.names...),
		Requests: st.Requests, Served: st.Served, Errors: st.Errors, Hedges: st.Hedges,
		Invalid: st.Invalid, FromCache: st.FromCache, Partial: st.Partial}
	if len(r.opts.Private) > 0 {
		s.Private = conv(r.opts.Private)
	}
	return s
}

func (r *Relay) serveStatus(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(r.Status())
}

// maxStatus caps how much of a status answer is read.
const maxStatus = 1 << 20

// FetchStatus asks the server at base (a GOPROXY entry) for its relay
// status, within timeout, never through an HTTP proxy. ok false with a nil
// error: it answered, but is not a goproxytui relay. An error: it did not
// answer (refused, timeout, ...). Every text in the answer is sanitised.
func FetchStatus(ctx context.Context, base string, timeout time.Duration) (s Status, ok bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+StatusPath, nil)
	if err != nil {
		return Status{}, false, err
	}
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return Status{}, false, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxStatus))
	if err != nil {
		return Status{}, false, err
	}
	if resp.Header.Get(RelayHeader) == "" {
		return Status{}, false, nil
	}
	if resp.StatusCode != http.StatusOK {
		return Status{}, false, i18n.Errorf("the relay answered %s with %d", StatusPath, resp.StatusCode)
	}
	if err := json.Unmarshal(body, &s); err != nil || s.Relay != "goproxytui" {
		return Status{}, false, i18n.Errorf("the relay's %s is not a relay status", StatusPath)
	}
	clean := func(us []UpstreamStatus) {
		for i := range us {
			u := &us[i]
			u.ID, u.URL, u.Health = sanitize.Line(u.ID, 200), mirrors.RedactURL(sanitize.Line(u.URL, 500)), sanitize.Line(u.Health, 40)
			if f := u.LastFailure; f != nil {
				f.Class, f.Reason = probe.Class(sanitize.Line(string(f.Class), 40)), sanitize.Line(f.Reason, 300)
			}
		}
	}
	clean(s.Upstreams)
	clean(s.Private)
	for i := range s.SumDB {
		s.SumDB[i] = sanitize.Line(s.SumDB[i], 200)
	}
	return s, true, nil
}
