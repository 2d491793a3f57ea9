package cli

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// probeHeader is the header of the probe table; stats adds the window's
// percentiles and loss.
func probeHeader(l i18n.Lang, stats bool) []string {
	head := []string{l.T("MIRROR"), "DNS", l.T("CONNECT"), "TLS", "TTFB", l.T("TRANSFER"), l.T("TOTAL"), l.T("STATUS"), l.T("CLASS"), l.T("TLS VER"), "ALPN", l.T("CERT"), "SUMDB"}
	if stats {
		head = append(head, "P50", "P95", l.T("LOSS"))
	}
	return head
}

// Columns of the probe table without --wide, by their index in
// probeHeader's row: it fits 80 columns. With the statistics of several
// rounds: mirror, total, status, class, p50, p95, loss; else mirror, time
// to first byte, total, status, class, certificate, sumdb.
var (
	narrowColumns      = []int{0, 4, 6, 7, 8, 11, 12}
	narrowStatsColumns = []int{0, 6, 7, 8, 13, 14, 15}
)

// narrowMirrorWidth caps the mirror's cell of the narrow table.
const narrowMirrorWidth = 22

// tableColumns is row (a header or probeRow) as the table shows it: whole
// with wide, else narrowColumns or narrowStatsColumns.
func tableColumns(row []string, stats, wide bool) []string {
	if wide {
		return row
	}
	cols := narrowColumns
	if stats {
		cols = narrowStatsColumns
	}
	out := make([]string, 0, len(cols))
	for _, i := range cols {
		if i < len(row) {
			out = append(out, row[i])
		}
	}
	if len(out) > 0 && displayWidth(out[0]) > narrowMirrorWidth {
		out[0] = ansi.Truncate(out[0], narrowMirrorWidth, "…")
	}
	return out
}

// probeRow is a mirror's row of the probe table, in the spirit of
// httpstat: each phase, then what came back.
func probeRow(l i18n.Lang, run *probeRun, st probe.Stats, stats bool) []string {
	r := run.last
	p := r.Phases
	status, ver, alpn, cert := "—", "—", "—", "—"
	if r.Status != 0 {
		status = strconv.Itoa(r.Status)
	}
	if t := r.TLS; t != nil {
		if t.Version != "" {
			ver = strings.TrimPrefix(t.Version, "TLS ")
		}
		if t.ALPN != "" {
			alpn = sanitize.Line(t.ALPN, 12)
		}
		if !t.ChainNotAfter.IsZero() {
			cert = probe.CertDaysShort(l, t.DaysLeft)
		}
	} else if r.Status != 0 {
		alpn = "http/1.1" // plain http: net/http speaks HTTP/1.1
	}
	class := classLabel(l, r.Class)
	if _, ok := queryCaveat(run); ok {
		class += " " + partialMark // a note under the table says why
	}
	row := []string{sanitize.Line(run.m.ID, 40), dur(p.DNS), dur(p.Connect), dur(p.TLS), dur(p.TTFB), dur(p.Transfer), dur(p.Total),
		status, class, ver, alpn, cert, tri(run.sumdb)}
	if stats {
		row = append(row, dur(st.P50), dur(st.P95), strconv.FormatFloat(st.Loss*100, 'f', 0, 64)+"%")
	}
	return row
}

// partialMark marks a mirror that serves pinned downloads but refuses
// version queries (queryCaveat), as the dashboard marks its row.
const partialMark = "◐"

// queryCaveat is advisor.QueryCaveat for the run's mirror, from its last
// probe: what fails through a mirror that serves pinned downloads but not
// version queries.
func queryCaveat(run *probeRun) (advisor.Text, bool) {
	e := mirrors.NewEntry(run.m)
	return advisor.QueryCaveat(e, advisor.Measurements{Probes: map[string]probe.Result{e.Key(): run.last}})
}

// classLabel spells a failure class for a person (probe.Class.Label).
func classLabel(l i18n.Lang, c probe.Class) string { return c.Label(l) }
