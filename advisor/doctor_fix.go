package advisor

// The commands the doctor proposes as fixes, and the chain helpers they
// are built with.

import (
	"cmp"
	"slices"
	"strings"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
)

// repair is the doctor's one chain fix.
type repair struct {
	chain mirrors.Chain
	// fix is the command that writes chain; "" when no chain built from
	// measured working mirrors would make go use a mirror.
	fix       string
	judgement Judgement
	// recommend says fix is goproxytui recommend --apply: spare mirrors
	// were not measured, and recommend measures them.
	recommend bool
	// sumdbToo says the chain makes downloads work but the checksum
	// database stays unreachable (directly, whatever the chain): a
	// GOSUMDB fix is needed too, and fix holds both when one exists.
	sumdbToo bool
}

// fixSlot says which finding carries the repair: only one does, so that
// several failing entries get one chain that avoids them all.
type fixSlot int

const (
	slotEntry   fixSlot = iota // the first entry finding (the chain works)
	slotVerdict                // the chain verdict (go fails, hangs or falls to direct)
	slotSumDB                  // the checksum database finding
)

// maxSpares is how many measured working spare mirrors a fix puts first.
const maxSpares = 2

// judgeDB is the database fixes are judged with: GOSUMDB's, or none when
// it is invalid or off (its own findings cover it).
func (d *doctor) judgeDB() mirrors.SumDB {
	if d.plan.SumDBErr != nil {
		return mirrors.SumDB{Off: true}
	}
	return d.plan.SumDB
}

// getRepair builds the fix once: the chain without the entries that fail,
// hang or answer 200 with broken files (for a download or for the
// checksum database), '|' between the mirrors left and the ',direct' rule
// (SepBeforeDirect) before a direct the chain had; preceded by up to
// maxSpares measured working spare mirrors (Plan.Spare) when the chain's own
// would not serve. Each candidate is judged with the current measurements
// (JudgeChain): the fix must make go use a mirror (JudgeOK) and differ from
// the current value; else there is no fix.
func (d *doctor) getRepair() *repair {
	if d.repair != nil {
		return d.repair
	}
	d.repair = &repair{}
	if d.plan.ChainErr != nil {
		return d.repair
	}
	db := d.judgeDB()
	viaProxies := !db.Off && db.URL == ""
	var keep, keepNoSumErr []mirrors.Entry
	proxies, tail, inChain := d.splitChain()
	for _, e := range proxies {
		if bad(d.m.Files(e)) {
			continue
		}
		if viaProxies {
			switch o, _ := d.m.Supported(e, db.Name); o {
			case mirrors.OutcomeHang, mirrors.OutcomeBroken:
				continue
			case mirrors.OutcomeError:
				keep = append(keep, e)
				continue
			}
		}
		keep = append(keep, e)
		keepNoSumErr = append(keepNoSumErr, e)
	}
	spares := d.workingSpares(db, inChain)
	current := labelChain(d.plan.Chain.Normalized())
	// A chain that works needs no new separators: only leaving out an
	// entry that fails is a fix then ('|' after a 404 changes nothing: go
	// moves on after a 404/410 whatever the separator).
	works := JudgeChain(d.plan.Chain, db, d.m).Kind == JudgeOK
	// partial is the first chain whose downloads work while the checksum
	// database stays unreachable whatever the chain: a fix of both.
	var partial *repair
	for _, proxies := range [][]mirrors.Entry{
		keep, keepNoSumErr,
		append(slices.Clone(spares), keep...), append(slices.Clone(spares), keepNoSumErr...),
	} {
		if len(proxies) == 0 {
			continue
		}
		c := WithTail(proxies, tail, db, d.m)
		if labelChain(c) == current || works && sameEntries(c, d.plan.Chain.Normalized()) {
			continue
		}
		j := JudgeChain(c, db, d.m)
		if j.Kind == JudgeOK {
			d.repair = &repair{chain: c, fix: d.chainFix(c), judgement: j}
			return d.repair
		}
		if partial == nil && d.onlySumDBUnreachable(c, db, j) {
			partial = &repair{chain: c, judgement: j, sumdbToo: true}
			partial.fix = d.chainAndSumDBFix(c)
		}
	}
	if partial != nil {
		d.repair = partial
		return d.repair
	}
	// Spare mirrors not measured yet (SpareChecks was not run): recommend
	// measures them all and proposes only mirrors that work.
	for _, m := range d.plan.Spare {
		if _, ok := d.in.Probes[m.ID]; !ok {
			d.repair.fix, d.repair.recommend = d.recommendFix("GOPROXY"), true
			break
		}
	}
	return d.repair
}

// onlySumDBUnreachable reports whether judgement j of chain c fails only
// because the checksum database does not answer where go reaches it
// directly (its URL, or https://<name> at the end of the walk): the
// download works, and no chain would change the database's answer.
func (d *doctor) onlySumDBUnreachable(c mirrors.Chain, db mirrors.SumDB, j Judgement) bool {
	if j.Kind != JudgeFails || JudgeChain(c, mirrors.SumDB{Off: true}, d.m).Kind != JudgeOK {
		return false
	}
	r := j.Route
	return r.Kind == mirrors.Direct && r.Reach != nil && !r.Reach.OK
}

// chainAndSumDBFix is the one command that writes chain c and a GOSUMDB
// that answers (sumdbFix), when both go to the go env file: goproxytui use
// CHAIN --sumdb VALUE; else the two commands joined by &&, or the chain's
// alone when no GOSUMDB fix is known.
func (d *doctor) chainAndSumDBFix(c mirrors.Chain) string {
	chain := d.chainFix(c)
	v := d.in.Snapshot.Get("GOSUMDB")
	sum := d.sumdbFix(v, d.plan.SumDB)
	switch {
	case sum == "" || strings.Contains(sum, "recommend"):
		return chain
	case strings.HasPrefix(chain, "goproxytui use ") && v.Source != envcfg.SourceEnv && sum == setFix(v, mirrors.SumGolangCN):
		return chain + " --sumdb " + mirrors.SumGolangCN
	}
	return chain + " && " + sum
}

// withSumDBToo adds to why, when the repair fixes the chain but the
// checksum database needs its own fix, that both are needed.
func (d *doctor) withSumDBToo(why Text) Text {
	if r := d.getRepair(); r.sumdbToo && r.fix != "" {
		return T("%s; the checksum database is unreachable too, and the fix covers both: a chain alone would still fail every download missing from go.sum", why)
	}
	return why
}

// queryFix is the chain that makes version queries work too: the chain's
// mirrors that serve downloads, then measured spare mirrors that answer
// queries, joined by '|' so a refused query moves on; "" when none does,
// or when it is the chain fix another finding carries.
func (d *doctor) queryFix() string {
	if d.plan.ChainErr != nil {
		return ""
	}
	if r := d.getRepair(); d.fixGiven && !r.recommend && JudgeQuery(r.chain, d.m).Kind == QueryOK {
		return "" // the chain fix given makes queries work too: one fix at a time
	}
	db := d.judgeDB()
	var keep []mirrors.Entry
	proxies, tail, inChain := d.splitChain()
	for _, e := range proxies {
		if fs, known := d.m.Files(e); !bad(fs, known) {
			keep = append(keep, e)
		}
	}
	for _, s := range d.workingSpares(db, inChain) {
		if q, known := d.m.Query(s); known && q.Outcome() == mirrors.OutcomeOK {
			keep = append(keep, s)
		}
	}
	if len(keep) == 0 {
		return ""
	}
	c := WithTail(keep, tail, db, d.m)
	v := JudgeOperations(c, db, d.m)
	if !v.Overall.Safe() || v.Query.Kind != QueryOK || labelChain(c) == labelChain(d.plan.Chain.Normalized()) {
		return ""
	}
	return d.chainFix(c)
}

// sameEntries reports whether a and b list the same entries in the same
// order, whatever their separators.
func sameEntries(a, b mirrors.Chain) bool {
	return slices.EqualFunc(a.Entries, b.Entries, func(x, y mirrors.Entry) bool { return x.Label() == y.Label() })
}

// bad reports whether files measured fs fail, hang or break a download.
func bad(fs mirrors.Files, known bool) bool {
	if !known {
		return false // not probed: kept; the verdict says it is not measured
	}
	for _, o := range []mirrors.Outcome{fs.Info, fs.Mod, fs.Zip} {
		switch o {
		case mirrors.OutcomeError, mirrors.OutcomeHang, mirrors.OutcomeBroken:
			return true
		}
	}
	return false
}

// workingSpares returns the spare mirrors measured working now (every file
// served, and a checksum database answer go can use), fastest first.
func (d *doctor) workingSpares(db mirrors.SumDB, inChain map[string]bool) []mirrors.Entry {
	type spare struct {
		e     mirrors.Entry
		total int64
	}
	var list []spare
	for _, m := range d.plan.Spare {
		e := mirrors.NewEntry(m)
		r, ok := d.in.Probes[e.Key()]
		if !ok || inChain[e.Key()] {
			continue
		}
		if fs, _ := d.m.Files(e); fs != mirrors.Same(mirrors.OutcomeOK) {
			continue
		}
		if !db.Off && db.URL == "" {
			if o, _ := d.m.Supported(e, db.Name); o == mirrors.OutcomeHang || o == mirrors.OutcomeBroken {
				continue // an error is fine before direct: see SepBeforeDirect
			}
		}
		list = append(list, spare{e, int64(r.Phases.Total)})
	}
	slices.SortStableFunc(list, func(a, b spare) int { return cmp.Compare(a.total, b.total) })
	var out []mirrors.Entry
	for _, s := range list[:min(len(list), maxSpares)] {
		out = append(out, s.e)
	}
	return out
}

// needSpares reports whether the chain's own mirrors make no fix.
func (d *doctor) needSpares() bool {
	saved, savedSpare := d.repair, d.plan.Spare
	d.repair, d.plan.Spare = nil, nil
	r := d.getRepair()
	d.repair, d.plan.Spare = saved, savedSpare
	if r.fix != "" && !r.recommend {
		return false
	}
	// The chain may work as it is (nothing to fix) only if no finding
	// wants a fix: a verdict that is not "go would use a mirror" does.
	j := JudgeChain(d.plan.Chain, d.judgeDB(), d.m)
	return j.Kind != JudgeOK && j.Kind != JudgeUnknown
}

// slot decides which finding carries the repair.
func (d *doctor) slot() fixSlot {
	v := mirrors.SimulateDownload(d.plan.Chain, d.files)
	if v.Kind != mirrors.Served || d.plan.Chain.Entries[v.Index].Kind == mirrors.KindDirect {
		return slotVerdict
	}
	if !d.route(d.plan.Chain).Works() {
		return slotSumDB
	}
	return slotEntry
}

// fixFor returns the repair's command for a finding in slot s: only the
// finding the repair belongs to carries it, once.
func (d *doctor) fixFor(s fixSlot) string {
	if d.fixGiven || d.plan.ChainErr != nil || d.slot() != s {
		return ""
	}
	fix := d.getRepair().fix
	if fix != "" {
		d.fixGiven = true
	}
	return fix
}

// nothingWorks says plainly that no measured mirror makes a working chain,
// and what is left.
func nothingWorks() Text {
	return T("no mirror measured now would make go use it: what is left is direct (go fetches every module from its origin with git, which needs access to every origin server and is often blocked in mainland China; not measured), or goproxytui relay, a local GOPROXY that walks several mirrors with timeouts so that a stalling one cannot hang go")
}

// recommendFix is goproxytui recommend --apply, after unsetting those of
// keys that an OS variable sets: it writes the go env file, which they hide.
func (d *doctor) recommendFix(keys ...string) string {
	var b strings.Builder
	for _, k := range keys {
		if d.in.Snapshot.Get(k).Source == envcfg.SourceEnv {
			b.WriteString("unset " + k + " && ")
		}
	}
	return b.String() + "goproxytui recommend --apply"
}

// chainFix is the command that sets GOPROXY to c: goproxytui use with
// catalog ids (which also keeps credentials of configured mirrors off the
// screen), or an export when an OS variable sets GOPROXY.
func (d *doctor) chainFix(c mirrors.Chain) string {
	c = c.Normalized()
	if d.in.Snapshot.Get("GOPROXY").Source == envcfg.SourceEnv {
		return "export GOPROXY=" + envcfg.ShellWord(displayChain(c))
	}
	return "goproxytui use " + envcfg.ShellWord(labelChain(c))
}

// invalidChainFix proposes GOPROXY without its invalid entries, or a reset.
func (d *doctor) invalidChainFix(v envcfg.Var) string {
	items := splitChain(v.Value)
	for range items {
		_, err := mirrors.ParseChain(joinChain(items), d.in.Catalog)
		ce, ok := err.(*mirrors.ChainError)
		if !ok || ce.Index < 0 {
			break
		}
		items = slices.Delete(items, ce.Index, ce.Index+1)
	}
	if c, err := mirrors.ParseChain(joinChain(items), d.in.Catalog); err == nil {
		return d.chainFix(c)
	}
	if v.Source == envcfg.SourceFile {
		return unsetFix(v)
	}
	return d.recommendFix("GOPROXY")
}

// chainItem is a non-empty GOPROXY entry with the separator after it.
type chainItem struct {
	text string
	sep  byte
}

func splitChain(s string) []chainItem {
	var items []chainItem
	for s != "" {
		f, sep := s, byte(0)
		if i := strings.IndexAny(s, ",|"); i >= 0 {
			f, sep, s = s[:i], s[i], s[i+1:]
		} else {
			s = ""
		}
		if f = strings.TrimSpace(f); f != "" {
			items = append(items, chainItem{f, sep})
		}
	}
	return items
}

func joinChain(items []chainItem) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			sep := items[i-1].sep
			if sep == 0 {
				sep = ','
			}
			b.WriteByte(sep)
		}
		b.WriteString(it.text)
	}
	return b.String()
}

func clone(c mirrors.Chain) mirrors.Chain {
	return mirrors.Chain{Entries: slices.Clone(c.Entries)}
}

// labelChain formats c with catalog ids for mirrors (as goproxytui use
// accepts them) and redacted URLs for the rest.
func labelChain(c mirrors.Chain) string {
	var b strings.Builder
	for i, e := range c.Entries {
		if i > 0 {
			b.WriteByte(byte(c.Entries[i-1].Sep))
		}
		b.WriteString(e.Label())
	}
	return b.String()
}

// setFix is the command that sets v's variable to value where it is set.
func setFix(v envcfg.Var, value string) string {
	if v.Source == envcfg.SourceEnv {
		return "export " + v.Name + "=" + envcfg.ShellWord(value)
	}
	return "go env -w " + v.Name + "=" + envcfg.ShellWord(value)
}

// unsetFix is the command that returns v's variable to its default.
func unsetFix(v envcfg.Var) string {
	if v.Source == envcfg.SourceEnv {
		return "unset " + v.Name
	}
	return "go env -u " + v.Name
}

// splitChain splits the chain doctor diagnoses into its mirrors before
// the first direct or off, that end (tail: nil when the chain has none),
// and the set of its mirrors' keys: what a fix keeps, ends with, and
// must not offer again as a spare.
func (d *doctor) splitChain() (proxies []mirrors.Entry, tail *mirrors.Entry, inChain map[string]bool) {
	inChain = map[string]bool{}
	for _, e := range d.plan.Chain.Entries {
		if e.Kind != mirrors.KindProxy {
			t := e
			return proxies, &t, inChain
		}
		inChain[e.Key()] = true
		proxies = append(proxies, e)
	}
	return proxies, nil, inChain
}
