package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// A mirror that serves pinned files and the checksum database but answers
// 403 to @v/list and 404 to @latest (an allow-list corporate proxy) is
// usable: recommend proposes it with the caveat, and doctor gives the same
// verdicts: downloads work, version queries fail. The mirror is healthy:
// the timeouts are a hang's bound, not a speed target.
func TestPartialMirrorSameVerdictInRecommendAndDoctor(t *testing.T) {
	p := advMirror(t, fakeproxy.Options{SumDB: true})
	p.SetPartial(fakeproxy.Partial{List: fakeproxy.Code(403)})
	env := adviceEnv(t, p, "")
	out, errOut, code := runBin(t, env, "recommend", "--json", "--rounds", "1", "--timeout", "30s", p.URL())
	if code != 0 {
		t.Fatalf("recommend exit %d, stderr:\n%s\n%s", code, errOut, out)
	}
	r := parseRec(t, out)
	var v struct {
		Verdicts *struct{ Download, Query string } `json:"verdicts"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if !r.Usable || !strings.HasPrefix(r.GOPROXY, advURL(p)) {
		t.Fatalf("recommend proposes %q (usable %v), want the partial mirror:\n%s", r.GOPROXY, r.Usable, strings.Join(r.Reasons, "\n"))
	}
	if !hasAdvReason(r, "go get …@latest and go list -m -versions fail through it (403 on @v/list)") {
		t.Errorf("recommend's reasons lack the caveat:\n%s", strings.Join(r.Reasons, "\n"))
	}
	if v.Verdicts == nil || v.Verdicts.Download != "chain-ok" || v.Verdicts.Query != "query-fails" {
		t.Fatalf("recommend's verdicts %+v, want chain-ok and query-fails", v.Verdicts)
	}

	env = adviceEnv(t, p, "GOPROXY="+r.GOPROXY+"\n")
	out, errOut, code = runBin(t, env, "doctor", "--json", "--timeout", "30s")
	if code != 0 {
		t.Fatalf("doctor exit %d, stderr:\n%s\n%s", code, errOut, out)
	}
	d := parseDoc(t, out)
	var download, query string
	for _, f := range d.Findings {
		switch {
		case strings.HasPrefix(f.Code, "chain-"):
			download = f.Severity + " " + f.Code
		case strings.HasPrefix(f.Code, "query-"):
			query = f.Severity + " " + f.Code
		}
	}
	if download != "info "+v.Verdicts.Download || query != "warning "+v.Verdicts.Query {
		t.Errorf("doctor: %q, %q; recommend: %+v", download, query, *v.Verdicts)
	}
	if w := d.why("query-fails"); !strings.Contains(w, "403 on @v/list") {
		t.Errorf("doctor's query-fails why %q", w)
	}
}
