package relay

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// The status endpoint names the upstreams, their pools, weights, health and
// traffic, never their credentials; FetchStatus tells a relay from another
// server and from nothing listening.
func TestStatus(t *testing.T) {
	a := mirror(t, fakeproxy.Options{})
	b := mirror(t, fakeproxy.Options{})
	withCreds := strings.Replace(b.URL(), "https://", "https://alice:s3cret@", 1)
	f := start(t, Options{
		Upstreams: []Upstream{up("a", a.URL(), 0), {ID: "corp", URL: withCreds, Weight: 3, Pool: 1}},
		SumDB:     []SumDBRoute{{Name: "sum.golang.org", URL: "https://sum.example"}},
	})
	if code, _ := f.get(t, helloInfo); code != 200 {
		t.Fatalf("module request: %d", code)
	}
	s, ok, err := FetchStatus(context.Background(), f.srv.URL, 5*time.Second)
	if err != nil || !ok {
		t.Fatalf("FetchStatus: ok %v, %v", ok, err)
	}
	if len(s.Upstreams) != 2 || s.Upstreams[0].ID != "a" || s.Upstreams[1].ID != "corp" {
		t.Fatalf("upstreams: %+v", s.Upstreams)
	}
	if u := s.Upstreams[1]; u.Pool != 1 || u.Weight != 3 || strings.Contains(u.URL, "s3cret") || !strings.Contains(u.URL, "127.0.0.1") {
		t.Errorf("corp: %+v", u)
	}
	if s.Upstreams[0].Health != "healthy" || s.Upstreams[0].Served != 1 || s.Requests != 1 || s.Served != 1 {
		t.Errorf("after one served request: %+v", s)
	}
	if len(s.SumDB) != 1 || s.SumDB[0] != "sum.golang.org" {
		t.Errorf("sumdb: %v", s.SumDB)
	}
	// Asking for the status is not a request the relay counts.
	if s2, _, _ := FetchStatus(context.Background(), f.srv.URL, 5*time.Second); s2.Requests != 1 {
		t.Errorf("status requests counted: %d", s2.Requests)
	}

	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	if _, ok, err := FetchStatus(context.Background(), other.URL, 5*time.Second); ok || err != nil {
		t.Errorf("a plain server: ok %v, err %v", ok, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if _, ok, err := FetchStatus(context.Background(), "http://"+addr, 5*time.Second); ok || err == nil {
		t.Errorf("nothing listening: ok %v, err %v", ok, err)
	}
}

// The status JSON numbers pools from 1, as the relay's log line and doctor
// do; reading it back gives the pool numbered from 0 again.
func TestStatusNumbersPoolsFromOne(t *testing.T) {
	st := Status{Relay: "goproxytui", Upstreams: []UpstreamStatus{{ID: "a", Pool: 0}, {ID: "b", Pool: 1}}}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"id":"a","url":"","pool":1,`) || !strings.Contains(string(b), `"id":"b","url":"","pool":2,`) {
		t.Errorf("status JSON: %s", b)
	}
	var back Status
	if err := json.Unmarshal(b, &back); err != nil || back.Upstreams[0].Pool != 0 || back.Upstreams[1].Pool != 1 {
		t.Errorf("read back: %+v, %v", back.Upstreams, err)
	}
}
