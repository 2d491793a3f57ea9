package cli

import (
	"encoding/json"
	"maps"
	"strconv"
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

// probe reports each operation apart for a partial mirror: pinned ok,
// query error (403), checksum ok in --json; the table marks the class with
// ◐ and says under it what fails, in the words of the dashboard's detail.
func TestProbeReportsEachOperationOfPartialMirror(t *testing.T) {
	p := advMirror(t, fakeproxy.Options{SumDB: true})
	p.SetPartial(fakeproxy.Partial{List: fakeproxy.Code(403)})
	env := adviceEnv(t, p, "")
	out, errOut, code := runBin(t, env, "probe", "--json", "--timeout", "30s", p.URL())
	if code != 0 {
		t.Fatalf("probe --json exit %d, stderr:\n%s\n%s", code, errOut, out)
	}
	var rows []struct {
		Operations []struct {
			Op, Outcome string
			Checked     bool
			Status      int
		} `json:"operations"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("probe --json: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, op := range rows[0].Operations {
		got[op.Op] = op.Outcome + " " + strconv.Itoa(op.Status)
	}
	want := map[string]string{"pinned": "ok 200", "query": "error 403", "checksum": "ok 200"}
	if !maps.Equal(got, want) {
		t.Errorf("operations %v, want %v", got, want)
	}

	out, errOut, code = runBin(t, env, "probe", "--timeout", "30s", p.URL())
	if code != 0 {
		t.Fatalf("probe exit %d, stderr:\n%s\n%s", code, errOut, out)
	}
	for _, want := range []string{"ok ◐", "◐ usable for pinned builds (a complete go.mod); go get …@latest and go list -m -versions fail through it (403 on @v/list)"} {
		if !strings.Contains(out, want) {
			t.Errorf("probe's table lacks %q:\n%s", want, out)
		}
	}
}

// use judges the chain it writes per operation, as doctor does: a partial
// mirror (pinned downloads work, version queries fail) is written, with
// the query verdict as a warning; a dead one is refused.
func TestUseWritesPartialMirrorWithQueryWarning(t *testing.T) {
	t.Parallel()
	p := advMirror(t, fakeproxy.Options{SumDB: true})
	p.SetPartial(fakeproxy.Partial{List: fakeproxy.Code(403)})
	env := adviceEnv(t, p, "GOPROXY=https://before.example\n")
	chain := advURL(p) + ",direct"
	out, errOut, code := runBin(t, env, "use", chain, "--timeout", "30s")
	if code != 0 {
		t.Fatalf("use of a partial mirror: exit %d, out %q, stderr %q", code, out, errOut)
	}
	for _, want := range []string{"warning: go get …@latest and go list -m -versions would fail now", "403 on @v/list"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("use of a partial mirror: stderr lacks %q:\n%s", want, errOut)
		}
	}
	if got := readEnvFile(t, env); got != "GOPROXY="+chain+"\n" {
		t.Errorf("partial mirror: env file %q, want it written", got)
	}
}
