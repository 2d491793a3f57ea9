package cli

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// defaultUseTimeout is how long use's check of the chain waits for each
// mirror: short, as the user waits for it before anything is written.
const defaultUseTimeout = 2 * time.Second

// documentedForm is the chain that `use ID` writes for a bare built-in
// catalog id: the form the public mirrors document, "URL,direct" (a
// module the mirror does not have, 404/410, is fetched from its origin),
// as the built-in china profile writes it. ok is false for anything else:
// URLs, chains, keywords and config mirrors are written as given.
func documentedForm(arg string, cat *mirrors.Catalog) (chain string, m mirrors.Mirror, ok bool) {
	id := strings.TrimSpace(arg)
	m, found := cat.ByID(id)
	if !found || m.Source != mirrors.SourceBuiltin || id == "direct" || id == "off" {
		return "", mirrors.Mirror{}, false
	}
	return id + ",direct", m, true
}

// checkUseChain probes the proxies of goproxy once (each within timeout),
// as doctor measures a chain, and judges it per operation
// (advisor.JudgeOperations) for the checksum database of gosumdb. It
// refuses (exit 1) a chain whose downloads go would fail or hang through,
// naming the entry and what go would report; a chain whose downloads work
// but whose version queries would fail or hang (a partial mirror) passes,
// with that verdict as a warning on stderr.
func (a *app) checkUseChain(ctx context.Context, goproxy, gosumdb string, cat *mirrors.Catalog, pc config.ProbeConfig, timeout time.Duration) error {
	c, err := mirrors.ParseChain(goproxy, cat)
	if err != nil {
		return nil // Validate reported it
	}
	db, err := mirrors.ParseSumDB(gosumdb)
	if err != nil {
		db = mirrors.SumDB{Off: true} // judge the download alone; Validate reported it
	}
	opt := adviceOptions(pc, timeout)
	opt.CheckSumDB = !db.Off
	opt.SumDB = db.Name
	ms := advisor.ChainMirrors(c, cat)
	if len(ms) == 0 {
		return nil // direct or off alone: nothing to measure
	}
	m := advisor.Measurements{Probes: probeMirrors(ctx, ms, opt)}
	v := advisor.JudgeOperations(c, db, m)
	if j := v.Overall; !j.Safe() && (j.Kind == advisor.JudgeFails || j.Kind == advisor.JudgeHangs) {
		why := j.Message(a.lang)
		if i := j.Verdict.Index; i >= 0 && i < len(c.Entries) {
			if r, ok := m.Probes[c.Entries[i].Key()]; ok && !r.OK() {
				why += fmt.Sprintf("\n  %s: %s", c.Entries[i].Label(), r.Message(a.lang))
			}
		}
		return saying(exitFailure, i18n.N("goproxytui: nothing written: %s\nTo write it anyway, add --force."), why)
	}
	if k := v.Query.Kind; k == advisor.QueryFails || k == advisor.QueryHangs {
		fmt.Fprintln(a.stderr, a.lang.T("warning: %s", shown(v.Words(a.lang)[1])))
	}
	return nil
}

// probeMirrors probes ms at once with opt; the results are keyed by
// mirror ID (for advisor.ChainMirrors, the entries' Key, as
// advisor.Measurements wants them).
func probeMirrors(ctx context.Context, ms []mirrors.Mirror, opt probe.Options) map[string]probe.Result {
	out := make(map[string]probe.Result, len(ms))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, m := range ms {
		wg.Go(func() {
			r := probe.Probe(ctx, m, opt)
			mu.Lock()
			out[m.ID] = r
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

// useSumDB is the GOSUMDB go would use after changes: the one written, else
// the effective one.
func (a *app) useSumDB(ctx context.Context, env *envcfg.Env, changes []envcfg.Change) (string, error) {
	for _, ch := range changes {
		if ch.Key == "GOSUMDB" {
			return ch.Value, nil
		}
	}
	s, err := env.Read(ctx)
	if err != nil {
		return "", err
	}
	return s.Get("GOSUMDB").Value, nil
}

// sayDocumentedForm tells the user that `use ID` wrote (or would write)
// the mirror's documented form.
func (a *app) sayDocumentedForm(value string, m mirrors.Mirror, dryRun bool) {
	if dryRun {
		fmt.Fprintln(a.stdout, a.lang.T("would write %s (the form %s documents)", shown(value), shown(m.ID)))
		return
	}
	fmt.Fprintln(a.stdout, a.lang.T("wrote %s (the form %s documents)", shown(value), shown(m.ID)))
}

// confirmSumDBOff asks before changes turn checksum verification off
// (GOSUMDB=off where go checks now), with a warning: on a terminal it asks
// (default no); otherwise it needs --yes or --force. The refusal is exit 2,
// nothing written.
func (a *app) confirmSumDBOff(ctx context.Context, env *envcfg.Env, changes []envcfg.Change, o useOptions) error {
	if !slices.ContainsFunc(changes, func(ch envcfg.Change) bool { return ch.Key == "GOSUMDB" && strings.TrimSpace(ch.Value) == "off" }) || o.yes || o.force {
		return nil
	}
	if s, err := env.Read(ctx); err == nil && s.Get("GOSUMDB").Value == "off" {
		return nil // already off: no switch
	}
	fmt.Fprintln(a.stderr, a.lang.T("warning: GOSUMDB=off turns off the check of downloaded modules against the checksum database: a mirror or network could serve altered code and go would not notice. For private modules set GONOSUMDB or GOPRIVATE instead."))
	if !a.stdinTTY || o.dryRun {
		if o.dryRun {
			return nil
		}
		return saying(exitUsage, i18n.N("goproxytui: GOSUMDB=off not written: confirm with --yes"))
	}
	fmt.Fprint(a.stderr, a.lang.T("Turn checksum verification off? [y/N] "))
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	if ans := strings.ToLower(strings.TrimSpace(line)); ans == "y" || ans == "yes" || ans == "是" {
		return nil
	}
	return saying(exitUsage, i18n.N("goproxytui: nothing written"))
}
