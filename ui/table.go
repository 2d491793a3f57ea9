package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// rows returns the mirrors of the table: filtered and sorted as chosen.
func (m *Model) rows() []mirrors.Mirror {
	out := make([]mirrors.Mirror, 0, len(m.list))
	f := strings.ToLower(m.filter)
	for _, mm := range m.list {
		if f != "" && !strings.Contains(strings.ToLower(mm.ID+" "+mm.Name+" "+mirrors.RedactURL(mm.URL)), f) {
			continue
		}
		out = append(out, mm)
	}
	switch m.sortBy {
	case sortName:
		slices.SortStableFunc(out, func(a, b mirrors.Mirror) int { return cmp.Compare(a.ID, b.ID) })
	case sortLatency:
		key := make(map[string]int64, len(out))
		for _, mm := range out {
			s := m.stats(mm.ID)
			k := int64(s.P50)
			if s.Samples == 0 || s.OKs == 0 {
				k = 1 << 62 // no data or never succeeded: last
			}
			if s.Health == mirrors.HealthDown {
				k = 1<<62 - 1
			}
			key[mm.ID] = k
		}
		slices.SortStableFunc(out, func(a, b mirrors.Mirror) int { return cmp.Compare(key[a.ID], key[b.ID]) })
	}
	return out
}

// shortClass names a failure class in at most 5 cells for the "last"
// column (machine names, not translated, as in --json output).
func shortClass(c probe.Class) string {
	switch c {
	case probe.ClassRefused:
		return "refus"
	case probe.ClassConnectTimeout:
		return "c-tmo"
	case probe.ClassTLSTimeout:
		return "t-tmo"
	case probe.ClassNotFound:
		return "404"
	case probe.ClassHTTP4xx:
		return "4xx"
	case probe.ClassHTTP5xx:
		return "5xx"
	case probe.ClassProtocol:
		return "proto"
	}
	return string(c)
}

// detailMirror is the mirror the detail panel shows (and c copies the curl
// command of): the selected chain entry's while the chain panel has focus,
// else the table's.
func (m *Model) detailMirror() (mirrors.Mirror, bool) {
	if m.focus == focusChain && m.editor.sel >= 0 && m.editor.sel < len(m.editor.chain.Entries) {
		if mm, ok := m.entryMirror(m.editor.chain.Entries[m.editor.sel]); ok {
			return mm, true
		}
	}
	return m.selectedMirror()
}

// selectedMirror is the mirror under the table cursor.
func (m *Model) selectedMirror() (mirrors.Mirror, bool) {
	rows := m.rows()
	if m.tableSel < 0 || m.tableSel >= len(rows) {
		return mirrors.Mirror{}, false
	}
	return rows[m.tableSel], true
}

// column is one column of the mirrors table.
type column struct {
	title string
	w     int
	right bool
	drop  int // columns with a higher drop value go first when space runs out; 0 never
	cell  func(r *rowData) string
}

// partialMark marks, in the health column, a mirror that serves pinned
// downloads but not version queries.
const partialMark = "◐"

// rowData is what a row shows, computed once per render.
type rowData struct {
	n     int
	mm    mirrors.Mirror
	s     stats
	chain int // 1-based position in the pending chain, 0 none
	// partial: the mirror serves pinned downloads but version queries
	// fail through it (advisor.QueryCaveat); the detail says why.
	partial bool
}

// tableColumns returns the columns fitting in width w.
func (m *Model) tableColumns(w int) []column {
	return fitColumns(m.allColumns(), w, m.lang.T("mirror"))
}

// allColumns are every column of the mirrors table, before fitting.
func (m *Model) allColumns() []column {
	l := m.lang
	return []column{
		{title: "#", w: 1, cell: func(r *rowData) string {
			if r.n >= 1 && r.n <= 9 {
				return strconv.Itoa(r.n)
			}
			return ""
		}},
		{title: l.T("mirror"), w: 16, cell: func(r *rowData) string { return r.mm.ID }},
		{title: l.T("health"), w: 10, cell: func(r *rowData) string {
			if r.partial && r.s.Health != mirrors.HealthDown {
				word := m.healthWord(r.s.Health)
				if r.s.Health == mirrors.HealthHealthy {
					word = l.T("pinned")
				}
				return m.pt.warning.P(partialMark + " " + word)
			}
			return m.pt.health[r.s.Health].P(m.healthSymbol(r.s.Health) + " " + m.healthWord(r.s.Health))
		}},
		{title: l.T("last"), w: 5, right: true, cell: func(r *rowData) string {
			if r.s.LastResult == nil {
				return "—"
			}
			if !r.s.LastResult.OK() {
				return m.pt.error.P(shortClass(r.s.LastResult.Class))
			}
			return ms(r.s.Last)
		}},
		{title: "p50", w: 5, right: true, drop: 3, cell: func(r *rowData) string { return ms(r.s.P50) }},
		{title: "p95", w: 5, right: true, drop: 5, cell: func(r *rowData) string { return ms(r.s.P95) }},
		{title: l.T("loss"), w: 5, right: true, drop: 4, cell: func(r *rowData) string {
			if r.s.Samples == 0 {
				return "—"
			}
			t := fmt.Sprintf("%.0f%%", r.s.Loss*100)
			if r.s.Loss > 0 {
				return m.pt.warning.P(t)
			}
			return t
		}},
		{title: l.T("recent"), w: 6, drop: 7, cell: nil}, // filled with the sparkline
		{title: "TLS", w: 4, drop: 8, cell: func(r *rowData) string {
			if r.s.LastResult == nil || r.s.LastResult.TLS == nil {
				return "—"
			}
			return strings.TrimPrefix(r.s.LastResult.TLS.Version, "TLS ")
		}},
		// Wide enough for "999" and the unit, which is two cells in zh ("天").
		{title: l.T("cert"), w: 3 + lipgloss.Width(l.T("d")), right: true, drop: 6, cell: func(r *rowData) string {
			t := r.s.TLS
			if t == nil || t.ChainNotAfter.IsZero() {
				return "—"
			}
			s := probe.CertDaysShort(l, t.DaysLeft)
			if t.DaysLeft < 14 {
				return m.pt.warning.P("!" + s)
			}
			return s
		}},
		{title: "sumdb", w: 5, drop: 2, cell: func(r *rowData) string {
			switch {
			case r.s.SumDBSupport == nil:
				return "?"
			case *r.s.SumDBSupport:
				return m.pt.success.P("✓")
			}
			return "✗"
		}},
		{title: l.T("chain"), w: 5, right: true, drop: 1, cell: func(r *rowData) string {
			if r.chain == 0 {
				return ""
			}
			return strconv.Itoa(r.chain)
		}},
	}
}

// fitColumns drops the columns with the highest drop value until cols fit
// in width w, then shares the room left between the column titled grow
// (up to 12 more cells) and the sparkline (up to 22).
func fitColumns(cols []column, w int, grow string) []column {
	for i := range cols {
		cols[i].w = max(cols[i].w, lipgloss.Width(cols[i].title))
	}
	need := func() int {
		n := 2 // cursor column and its gap
		for _, c := range cols {
			n += c.w + 1
		}
		return n - 1
	}
	for need() > w {
		worst := -1
		for i, c := range cols {
			if c.drop > 0 && (worst < 0 || c.drop > cols[worst].drop) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		cols = slices.Delete(cols, worst, worst+1)
	}
	// Share what is left between the id and the sparkline.
	extra := w - need()
	for i := range cols {
		if extra <= 0 {
			break
		}
		switch cols[i].title {
		case grow:
			add := min(extra, 12)
			cols[i].w += add
			extra -= add
		}
	}
	for i := range cols {
		if cols[i].cell == nil && extra > 0 {
			add := min(extra, 22)
			cols[i].w += add
			extra -= add
		}
	}
	return cols
}

// tableLines renders the table in w×h (header included), keeping the
// selected row visible.
func (m *Model) tableLines(w, h int) []string {
	rows := m.rows()
	cols := m.tableColumns(w)
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		if c.right {
			b.WriteString(fitRight(c.title, c.w))
		} else {
			b.WriteString(fit(c.title, c.w))
		}
	}
	lines := []string{m.st.Table.Header.Render(truncate(b.String(), w))}
	if len(rows) == 0 {
		return append(lines, m.st.Subtle.Render(m.lang.T("no mirror matches the filter")))
	}
	visible := max(1, h-1)
	off := 0
	if m.tableSel >= visible {
		off = m.tableSel - visible + 1
	}
	pos := map[string]int{} // mirror id → 1-based chain position
	for j, e := range m.editor.chain.Entries {
		if em, ok := m.entryMirror(e); ok && pos[em.ID] == 0 {
			pos[em.ID] = j + 1
		}
	}
	for i := off; i < len(rows) && i < off+visible; i++ {
		mm := rows[i]
		r := rowData{n: m.number(mm), mm: mm, s: m.stats(mm.ID), chain: pos[mm.ID]}
		_, r.partial = m.queryCaveat(mm)
		b.Reset()
		if i == m.tableSel {
			b.WriteString("▸ ")
		} else {
			b.WriteString("  ")
		}
		for j, c := range cols {
			if j > 0 {
				b.WriteByte(' ')
			}
			var cell string
			if c.cell == nil {
				ds, failed := m.recentTotals(mm.ID, c.w)
				cell = sparkline(ds, failed, c.w)
			} else {
				cell = c.cell(&r)
			}
			if c.right {
				b.WriteString(fitRight(cell, c.w))
			} else {
				b.WriteString(fit(cell, c.w))
			}
		}
		line := b.String()
		if i == m.tableSel && m.focus == focusTable {
			line = m.st.Table.Selected.Render(ansi.Strip(line))
		}
		lines = append(lines, line)
	}
	return lines
}
