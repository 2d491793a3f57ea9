package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

func deepOptions(t *testing.T) Options {
	t.Helper()
	o := testOptions()
	key, err := fakeproxy.SumDBKey("")
	if err != nil {
		t.Fatal(err)
	}
	o.SumDBKey = key
	o.SumDBURL = "off" // each test says where the database is
	return o
}

// goSumHash is the h1: of the zip line fakeproxy's go.sum has for mod@ver.
func goSumHash(t *testing.T, mod, ver string) string {
	t.Helper()
	lines, err := fakeproxy.GoSum(mod, ver)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(lines, "\n") {
		if h, ok := strings.CutPrefix(l, mod+" "+ver+" "); ok {
			return h
		}
	}
	t.Fatalf("no zip line in %q", lines)
	return ""
}

func TestDeepThroughMirrorSumDB(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, SumDB: true})
	d := Deep(context.Background(), mirrorAt("m", s.URL()), "example.com/hello@v1.1.0", deepOptions(t))
	if d.Class != ClassOK || d.Verified == nil || !*d.Verified {
		t.Fatalf("class %s reason %q verified %v notes %q", d.Class, d.Reason, d.Verified, d.Notes)
	}
	if want := goSumHash(t, "example.com/hello", "v1.1.0"); d.Hash != want || d.GoSum != want {
		t.Errorf("hash %q go.sum %q, want %q", d.Hash, d.GoSum, want)
	}
	if d.Bytes <= 0 || d.Throughput <= 0 || d.Duration <= 0 || d.SumSource != "through the mirror" {
		t.Errorf("bytes %d throughput %v duration %v source %q", d.Bytes, d.Throughput, d.Duration, d.SumSource)
	}
}

// A mirror that does not proxy the database: the go.sum line comes from
// the database directly (here another simulated server).
func TestDeepDirectSumDB(t *testing.T) {
	t.Parallel()
	mirror := fakeproxy.StartMirror(t, fakeproxy.Options{})
	db := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, SumDB: true})
	o := deepOptions(t)
	o.SumDBURL = db.URL() + "/sumdb/sum.golang.org"
	d := Deep(context.Background(), mirrorAt("m", mirror.URL()), "example.com/Upper@v1.0.0", o)
	if d.Class != ClassOK || d.Verified == nil || !*d.Verified || d.SumSource != o.SumDBURL {
		t.Fatalf("class %s reason %q verified %v source %q notes %q", d.Class, d.Reason, d.Verified, d.SumSource, d.Notes)
	}
	// Without a database: hashed, not verified, and it says why.
	o.SumDBURL = "off"
	d = Deep(context.Background(), mirrorAt("m", mirror.URL()), "example.com/Upper@v1.0.0", o)
	if d.Class != ClassOK || d.Verified != nil || d.Hash == "" || len(d.Notes) != 1 {
		t.Fatalf("class %s verified %v hash %q notes %q", d.Class, d.Verified, d.Hash, d.Notes)
	}
}

// A mirror serving another zip than the database knows is caught.
func TestDeepChecksumMismatch(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	target, _ := url.Parse(s.URL())
	rp := httputil.NewSingleHostReverseProxy(target)
	tamper := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = strings.Replace(r.URL.Path, "v1.0.0.zip", "v1.1.0.zip", 1)
		rp.ServeHTTP(w, r)
	}))
	defer tamper.Close()
	d := Deep(context.Background(), mirrorAt("m", tamper.URL), "example.com/hello@v1.0.0", deepOptions(t))
	if d.Class != ClassProtocol || d.Verified == nil || *d.Verified || !strings.Contains(d.Reason, "checksum mismatch") {
		t.Fatalf("class %s verified %v reason %q", d.Class, d.Verified, d.Reason)
	}
}

func TestDeepFailures(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{Behavior: fakeproxy.Do(fakeproxy.Gone)})
	d := Deep(context.Background(), mirrorAt("m", s.URL()), "example.com/hello@v1.0.0", deepOptions(t))
	if d.Class != ClassNotFound || d.Status != 410 || d.Hash != "" {
		t.Errorf("410: %+v", d)
	}
	o := deepOptions(t)
	o.DeepTimeout = 300 * 1e6
	s.Set(fakeproxy.Do(fakeproxy.Stall))
	d = Deep(context.Background(), mirrorAt("m", s.URL()), "example.com/hello@v1.0.0", o)
	if d.Class != ClassStall {
		t.Errorf("stall: %s %q", d.Class, d.Reason)
	}
}

// A database answer that does not verify with the key is not trusted: the
// hash is left unchecked, and the note says why.
func TestDeepSumDBWrongKey(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{SumDB: true})
	o := deepOptions(t)
	o.SumDBKey = "" // sum.golang.org's real key: the simulated database is not signed with it
	d := Deep(context.Background(), mirrorAt("m", s.URL()), "example.com/hello@v1.0.0", o)
	if d.Class != ClassOK || d.Verified != nil || d.GoSum != "" || len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "checksum database through the mirror") {
		t.Fatalf("class %s verified %v gosum %q notes %q", d.Class, d.Verified, d.GoSum, d.Notes)
	}
	t.Log(d.Notes[0])
}
