package advisor

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// A recommendRelayCase is the measured candidates given to Recommend and
// the relay proposal wanted from it.
type recommendRelayCase struct {
	name    string
	cands   [][2]any // id, results
	inGP    string   // RelayInGOPROXY
	goproxy string   // the plain chain, which stays
	chain   string   // the relay's upstreams; "" = no proposal
	command string
	why     []string
	reason  string // in some reason
}

// recommendRelayCases propose a relay over a fast mirror that stalls, or
// say why not.
func recommendRelayCases() []recommendRelayCase {
	ms := time.Millisecond
	stall := fail(probe.ClassStall, "no answer within 5s")
	return []recommendRelayCase{
		{
			name: "the only fast mirror stalls now and then",
			cands: [][2]any{
				{"goproxy.io", rounds(ok(30*ms, nil), ok(32*ms, nil), stall)},
				{"aliyun", times(3, ok(90*ms, boolp(false)))},
			},
			goproxy: urlAliyun + ",direct",
			chain:   "goproxy.io|aliyun",
			command: "goproxytui relay --chain 'goproxy.io|aliyun' --apply",
			why: []string{"goproxy.io stalled in 1 of 3 probes and answered the others (p50 30 ms), faster than aliyun, the chain's first mirror",
				"the go command has no timeout and hangs on a stall", "hedges slow requests and fails over",
				"Apply the chain first (goproxytui use aliyun,direct --sumdb sum.golang.org)"},
		},
		{
			name:    "no chain at all: the relay over the staller",
			cands:   [][2]any{{"goproxy.io", rounds(ok(30*ms, nil), stall)}},
			goproxy: "direct",
			chain:   "goproxy.io",
			command: "goproxytui relay --chain goproxy.io --apply",
			why:     []string{"goproxy.io stalled in 1 of 2 probes", "no chain of mirrors is safe without it"},
		},
		{
			name: "every mirror clean: no relay",
			cands: [][2]any{
				{"goproxy.cn", times(3, ok(30*ms, boolp(true)))},
				{"aliyun", times(3, ok(90*ms, boolp(false)))},
			},
			goproxy: urlCN + "|" + urlAliyun + ",direct",
		},
		{
			name: "the staller is slower than the chain's first mirror: no relay",
			cands: [][2]any{
				{"goproxy.io", rounds(ok(120*ms, nil), stall)},
				{"goproxy.cn", times(3, ok(30*ms, boolp(true)))},
			},
			goproxy: urlCN + ",direct",
		},
		{
			name: "a mirror that never answered: no relay over it",
			cands: [][2]any{
				{"goproxy.io", rounds(stall)},
				{"aliyun", times(3, ok(90*ms, boolp(false)))},
			},
			goproxy: urlAliyun + ",direct",
		},
		{
			name: "GOPROXY already goes through a relay: not proposed, said",
			cands: [][2]any{
				{"goproxy.io", rounds(ok(30*ms, nil), stall)},
				{"aliyun", times(3, ok(90*ms, boolp(false)))},
			},
			inGP:    "http://127.0.0.1:7390",
			goproxy: "http://127.0.0.1:7390|" + urlAliyun + ",direct",
			reason:  "GOPROXY already goes through the goproxytui relay at http://127.0.0.1:7390",
		},
		{
			name: "a relay in GOPROXY stays in front of the proposal",
			cands: [][2]any{
				{"aliyun", times(3, ok(90*ms, boolp(false)))},
			},
			inGP:    "http://127.0.0.1:7390",
			goproxy: "http://127.0.0.1:7390|" + urlAliyun + ",direct",
			reason:  "the goproxytui relay at http://127.0.0.1:7390 stays in front, with | after it",
		},
		{
			name: "a relay URL with credentials cannot be written back: not kept",
			cands: [][2]any{
				{"aliyun", times(3, ok(90*ms, boolp(false)))},
			},
			inGP:    "http://u:xxxxx@127.0.0.1:7390",
			goproxy: urlAliyun + ",direct",
		},
	}
}

func TestRecommendRelay(t *testing.T) {
	t.Parallel()
	tests := recommendRelayCases()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := RecommendInput{Lang: i18n.EN, DirectLast: true, RelayInGOPROXY: tt.inGP,
				SumDB: map[string]Reach{mirrors.SumGolangOrg: {OK: true}}}
			for _, c := range tt.cands {
				in.Candidates = append(in.Candidates, Candidate{Mirror: mirror(t, c[0].(string)), Results: c[1].([]probe.Result)})
			}
			rec := Recommend(in)
			if rec.GOPROXY != tt.goproxy {
				t.Errorf("GOPROXY %q, want %q", rec.GOPROXY, tt.goproxy)
			}
			if tt.reason != "" && !slices.ContainsFunc(rec.Reasons, func(s string) bool { return strings.Contains(s, tt.reason) }) {
				t.Errorf("no reason says %q:\n%s", tt.reason, strings.Join(rec.Reasons, "\n"))
			}
			if tt.chain == "" {
				if rec.Relay != nil {
					t.Fatalf("relay proposed: %+v", *rec.Relay)
				}
				return
			}
			if rec.Relay == nil {
				t.Fatal("no relay proposed")
			}
			if got := labelChain(rec.Relay.Chain); got != tt.chain {
				t.Errorf("relay chain %q, want %q", got, tt.chain)
			}
			if rec.Relay.Command != tt.command {
				t.Errorf("command %q, want %q", rec.Relay.Command, tt.command)
			}
			for _, s := range tt.why {
				if !strings.Contains(rec.Relay.Why, s) {
					t.Errorf("why %q lacks %q", rec.Relay.Why, s)
				}
			}
			if zh := rec.Relay.WhyText.In(i18n.ZH); strings.Contains(zh, "the go command") || strings.Contains(zh, "stalled in") {
				t.Errorf("untranslated: %s", zh)
			}
		})
	}
}
