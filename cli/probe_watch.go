package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// watchProbes is `probe --watch`: the scheduler probes ms until ctx ends
// (SIGINT, SIGTERM) and every result is printed as it arrives — one JSON
// object a line with asJSON (probeJSONOf: the elements of `probe --json`),
// else the table redrawn in place on a terminal, one line per result
// otherwise. It returns 0: being interrupted is how it ends.
func (a *app) watchProbes(ctx context.Context, ms []mirrors.Mirror, sc probe.SchedulerConfig, tr *probe.Tracker, asJSON, wide bool) int {
	runs := map[string]*probeRun{}
	order := make([]*probeRun, len(ms))
	for i, m := range ms {
		order[i] = &probeRun{m: m}
		runs[m.ID] = order[i]
	}
	out := make(chan probe.Result)
	done := make(chan struct{})
	go func() {
		defer close(done)
		probe.NewScheduler(ms, sc).Run(ctx, out)
	}()
	enc := json.NewEncoder(a.stdout)
	drawn := 0 // lines of the table on screen
	for {
		var r probe.Result
		select {
		case r = <-out:
		case <-ctx.Done():
			<-done
			return 0
		}
		run := runs[r.MirrorID]
		if run == nil {
			continue
		}
		if r.SumDBSupported != nil { // as probe without --watch: the last answer known
			run.sumdb = r.SumDBSupported
		}
		if r.ListOK != nil {
			run.list = r.ListOK
		}
		run.last = r
		tr.Add(r)
		st := tr.Stats(r.MirrorID)
		switch {
		case asJSON:
			if err := enc.Encode(probeJSONOf(run, st)); err != nil {
				return exitFailure // stdout closed: nobody reads any more
			}
		case a.stdoutTTY:
			drawn = a.redrawWatch(order, tr, drawn, wide)
		default:
			line := r.Start.Format("15:04:05") + "  " + strings.Join(tableColumns(probeRow(a.lang, run, st, true), true, wide), "  ")
			if msg := r.Message(a.lang); msg != "" {
				line += "  " + msg
			}
			if _, err := fmt.Fprintln(a.stdout, line); err != nil {
				return exitFailure
			}
		}
	}
}

// redrawWatch draws the watch table over the previous one (drawn lines)
// and returns how many lines it drew. Each line is cut to the terminal's
// width (80 columns when unknown), so that none wraps and moving up drawn
// lines reaches the table's first line again.
func (a *app) redrawWatch(order []*probeRun, tr *probe.Tracker, drawn int, wide bool) int {
	var b strings.Builder
	if drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA\x1b[J", drawn) // up to the table's first line, clear below
	}
	head := probeHeader(a.lang, true)
	rows := [][]string{tableColumns(head, true, wide)}
	for _, run := range order {
		if run.last.MirrorID == "" {
			row := make([]string, len(head))
			for i := range row {
				row[i] = "…"
			}
			row[0] = sanitize.Line(run.m.ID, 40)
			rows = append(rows, tableColumns(row, true, wide))
			continue
		}
		rows = append(rows, tableColumns(probeRow(a.lang, run, tr.Stats(run.last.MirrorID), true), true, wide))
	}
	var table strings.Builder
	writeColumns(&table, rows)
	width := a.terminalWidth()
	for _, line := range strings.SplitAfter(strings.TrimSuffix(table.String(), "\n"), "\n") {
		b.WriteString(ansi.Truncate(strings.TrimSuffix(line, "\n"), width-1, "…") + "\n")
	}
	fmt.Fprint(a.stdout, b.String())
	return len(rows)
}

// terminalWidth is the width of the terminal stdout writes to, 80 when it
// is not known.
func (a *app) terminalWidth() int {
	if f, ok := a.stdout.(interface{ Fd() uintptr }); ok {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			return w
		}
	}
	return 80
}
