package advisor

// The doctor's checks of GOPROXY: the value, each mirror's probe, the
// separators, what go would do with a download, and certificates.

import (
	"strings"
	"time"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

func (d *doctor) goproxy() {
	v := d.in.Snapshot.Get("GOPROXY")
	chain, err := d.plan.Chain, d.plan.ChainErr
	if err != nil {
		msg := T("GOPROXY %q is invalid: %s", envcfg.RedactValue(v.Value), err)
		if strings.Trim(v.Value, " ,|\t") == "" && v.Source == envcfg.SourceFile {
			msg = T("GOPROXY is empty in the go env file (%s): a \"GOPROXY=\" line hides the default, and the go command then fails every module lookup", d.in.Snapshot.EnvFile)
		}
		d.add(SeverityError, "goproxy-invalid", "GOPROXY", msg,
			T("the go command rejects the value and fails every module download: %s", raw(goText(err))),
			d.invalidChainFix(v))
		return
	}
	d.ignoredEntries(v, chain)
	first := chain.Entries[0]
	switch {
	case first.Kind == mirrors.KindOff:
		d.add(SeverityWarning, "goproxy-off", "GOPROXY",
			T("GOPROXY=off: every module lookup fails unless the module is in the module cache or matches GONOPROXY/GOPRIVATE"),
			T("fine for offline or vendored builds, but no new dependency can be downloaded"),
			d.recommendFix("GOPROXY"))
		return
	case first.Kind == mirrors.KindDirect:
		d.add(SeverityInfo, "goproxy-direct", "GOPROXY",
			T("GOPROXY=direct: every module is fetched from its version control system, with no mirror"),
			T("slower than a mirror, needs git (or hg, svn, ...) and access to every origin server, and often blocked in mainland China"),
			d.recommendFix("GOPROXY"))
		return
	}

	for i, e := range chain.Entries {
		if e.Kind == mirrors.KindProxy {
			d.entry(i, e)
		}
	}
	d.commas()
	d.verdict()
	d.queryVerdict()
	d.certs()
}

// goText is an error's English text, as the go command prints it.
func goText(err error) string {
	if ce, ok := err.(*mirrors.ChainError); ok {
		return ce.Reason
	}
	return err.Error()
}

// ignoredEntries warns about entries after direct or off, which go ignores.
func (d *doctor) ignoredEntries(v envcfg.Var, chain mirrors.Chain) {
	var items []string
	for _, f := range strings.FieldsFunc(v.Value, func(r rune) bool { return r == ',' || r == '|' }) {
		if f = strings.TrimSpace(f); f != "" {
			items = append(items, f)
		}
	}
	n := len(items) - len(chain.Entries)
	if n <= 0 {
		return
	}
	kw := chain.Entries[len(chain.Entries)-1].Label()
	d.add(SeverityWarning, "goproxy-ignored-entries", "GOPROXY",
		T("GOPROXY lists %d entries after %s: the go command ignores them", n, kw),
		T("%s ends the list, so the mirrors after it are never asked, not even when everything before fails", kw),
		d.chainFix(chain))
}

// entry reports the probe of proxy entry i.
func (d *doctor) entry(i int, e mirrors.Entry) {
	r, ok := d.in.Probes[e.Key()]
	label := e.Label()
	if why := e.Unusable(); why != "" {
		d.add(SeverityWarning, "mirror-unusable", label,
			T("%s: the go command never sends requests to it: %s", label, raw(why)),
			T("go accepts the value but fails every request to this entry, with an error that is not a 404/410"),
			d.fixFor(slotEntry))
		return
	}
	if !ok {
		d.add(SeverityWarning, "mirror-not-probed", label, T("%s was not probed", label), Text{}, "")
		return
	}
	last := i == len(d.plan.Chain.Entries)-1
	if deep, ok := d.in.Deep[e.Key()]; r.OK() && ok && deep.ZipOutcome() == mirrors.OutcomeBroken {
		d.add(SeverityWarning, "mirror-broken-zip", label,
			T("%s answers 200 with a broken .zip: %s", label, deep),
			T("go takes any 200 for a .zip as final: every download that reaches this mirror fails there, whatever the separator after it"),
			d.fixFor(slotEntry))
		return
	}
	if r.OK() {
		det := texts{{Format: "%d ms", Args: []any{ms(r.Phases.Total)}}}
		if r.TLS != nil {
			det = append(det, T("%s, certificate %s", raw(r.TLS.Version), certExpiry(r.TLS.DaysLeft)))
		}
		switch o, known := d.m.Supported(e, d.sumdbName()); {
		case !known:
		case o == mirrors.OutcomeOK:
			det = append(det, T("proxies %s", d.sumdbName()))
		case o == mirrors.OutcomeNotFound:
			det = append(det, T("does not proxy %s", d.sumdbName()))
		}
		if r.ViaProxy != "" {
			det = append(det, T("through the proxy %s", r.ViaProxy))
		}
		d.add(SeverityInfo, "mirror-ok", label, T("%s answers: %s", label, det), Text{}, "")
		return
	}
	if r.Class == probe.ClassNotFound {
		// Not a failure: it does not have the module. Its own reason is
		// not shown: it tells what ',' does, which is true only where an
		// entry follows.
		why := T("after a 404/410 go moves on to the next entry, whatever the separator")
		if last {
			why = T("it is the last entry: when no entry has a module, go reports it as not found")
		}
		d.add(SeverityWarning, "mirror-not-found", label,
			T("%s does not have the canary module (it answered %d)", label, r.Status), why, d.fixFor(slotEntry))
		return
	}
	msg := T("%s fails: %s", label, ClassText(r.Class))
	if r.Reason != "" {
		msg = T("%s fails: %s: %s", label, ClassText(r.Class), r)
	}
	var why Text
	switch {
	case r.Class == probe.ClassStall:
		why = T("it accepted the connection and never answered: the go command has no timeout for proxy requests and waits forever, even with | after it")
	case r.Class == probe.ClassProtocol && r.Status == 200:
		why = T("it answers 200 with a .info go rejects; go would take its .mod and .zip (not measured) as final too, so a download that reaches it fails there whatever the separator")
	case last:
		why = T("it is the last entry: when it fails, go reports its error")
	case e.Sep == mirrors.SepPipe:
		why = T("the | after it lets go move on to the next entry, but every lookup first waits for this one to fail")
	case d.plan.Chain.Entries[i+1].Kind == mirrors.KindDirect:
		why = T("the , before direct stops the lookup here: by design go fetches from the origin only for modules the mirrors do not have (404/410), so an outage is reported instead")
	default:
		why = T("the , after it stops the lookup: go moves on only after a 404/410")
	}
	d.add(SeverityWarning, "mirror-failing", label, msg, why, d.fixFor(slotEntry))
}

// commas reports a ',' after a mirror failing with an error other than
// 404/410: go stops there instead of trying the next entry. The ',' before
// direct is goproxytui's own rule (SepBeforeDirect) and is not reported.
func (d *doctor) commas() {
	c := d.plan.Chain
	v := mirrors.SimulateDownload(c, d.files)
	for i, e := range c.Entries {
		if e.Kind != mirrors.KindProxy || e.Sep != mirrors.SepComma || i == len(c.Entries)-1 || d.outcome(i, e) != mirrors.OutcomeError {
			continue
		}
		if c.Entries[i+1].Kind == mirrors.KindDirect {
			continue // by design: see SepBeforeDirect
		}
		if _, probed := d.in.Probes[e.Key()]; !probed && e.Unusable() == "" {
			continue // not known to fail: mirror-not-probed says so
		}
		what := ClassText(d.in.Probes[e.Key()].Class)
		if why := e.Unusable(); why != "" {
			what = raw(why)
		}
		sev := SeverityWarning
		if v.Kind == mirrors.Failed && v.Index == i {
			sev = SeverityError
		}
		d.add(sev, "comma-after-failing-mirror", e.Label(),
			T("%s fails (%s) and the , after it stops go from trying %s", e.Label(), what, c.Entries[i+1].Label()),
			T("after , the go command moves on only when a mirror answers 404 or 410; any other error, like this one, ends the lookup; | moves on after any error"),
			d.fixFor(slotEntry))
	}
}

// verdict reports what go would do with a module download now (the
// download verdict of JudgeOperations, DownloadCode naming it), and the
// repair when it is not "go would use a mirror".
func (d *doctor) verdict() {
	c := d.plan.Chain
	j := JudgeChain(c, mirrors.SumDB{Off: true}, d.m)
	v := j.Verdict
	code := DownloadCode(j)
	if j.Kind == JudgeUnknown {
		d.add(SeverityWarning, code, "GOPROXY",
			T("what go would do cannot be said yet: %s was not probed", j.NotProbed[0]), Text{}, "")
		return
	}
	fix := d.fixFor(slotVerdict)
	orNothing := func(why Text) Text {
		if fix != "" {
			return d.withSumDBToo(why)
		}
		return T("%s; %s", why, nothingWorks())
	}
	switch j.Kind {
	case JudgeDirect:
		d.add(SeverityWarning, code, "GOPROXY",
			T("no mirror of the chain serves the module now, so go would fall back to direct (fetch from the origin with git; not measured)"),
			orNothing(T("fetching from origin servers is slow, needs their version control tools, and is often blocked in mainland China")),
			fix)
	case JudgeOK:
		d.add(SeverityInfo, code, "GOPROXY", T("go would use %s now", c.Entries[v.Index].Label()), Text{Format: "%s", Args: []any{v}}, "")
	case JudgeFails:
		msg := T("go would fail now: %s", v)
		if deep, ok := d.in.Deep[c.Entries[max(v.Index, 0)].Key()]; ok && v.Outcome == mirrors.OutcomeBroken && v.File == mirrors.FileZip {
			msg = T("go would fail now: %s: %s", v, deep) // what the deep probe found wrong with that .zip
		}
		d.add(SeverityError, code, "GOPROXY", msg,
			orNothing(T("every module download fails until the chain changes or the mirrors recover")), fix)
	case JudgeHangs:
		d.add(SeverityError, code, "GOPROXY", T("go would hang now: %s", v),
			orNothing(T("go mod download, go build and go get wait forever without a message: the go command has no timeout for proxy requests")), fix)
	}
}

// queryVerdict reports what go would do with a version query now (go get
// M@latest, go list -m -versions): the query verdict of JudgeOperations,
// beside the download verdict. A chain whose mirrors serve pinned files
// but refuse queries works for builds with a complete go.mod: a warning.
func (d *doctor) queryVerdict() {
	j := JudgeQuery(d.plan.Chain, d.m)
	code := j.Kind.Code()
	switch j.Kind {
	case QueryNotMeasured:
		d.add(SeverityInfo, code, "GOPROXY", j.Why, Text{}, "")
	case QueryOK:
		if len(j.Caveats) > 0 {
			d.add(SeverityWarning, code, "GOPROXY", j.Why, j.Caveats[0], "")
			return
		}
		d.add(SeverityInfo, code, "GOPROXY", j.Why, Text{Format: "%s", Args: []any{j.Verdict}}, "")
	default:
		d.add(SeverityWarning, code, "GOPROXY", j.Why, j.Detail, d.queryFix())
	}
}

// certs warns about certificates that expire soon.
func (d *doctor) certs() {
	c := d.plan.Chain
	seen := map[string]bool{}
	for i, e := range c.Entries {
		r, ok := d.in.Probes[e.Key()]
		if e.Kind != mirrors.KindProxy || !ok || seen[e.Key()] || r.TLS == nil || r.TLS.VerifyError != "" ||
			r.TLS.ChainNotAfter.IsZero() || r.TLS.DaysLeft > d.warnDays {
			continue
		}
		seen[e.Key()] = true
		var why Text
		fix := ""
		switch {
		case i == len(c.Entries)-1:
			why = T("once it expires, TLS fails and go reports that error for every lookup that reaches it; tell the mirror's operator")
		case e.Sep == mirrors.SepPipe:
			why = T("once it expires, TLS fails and go moves past it (the | after it), losing time on every lookup; tell the mirror's operator")
		case c.Entries[i+1].Kind == mirrors.KindDirect:
			// The ',direct' rule (SepBeforeDirect): no '|' before direct.
			why = T("once it expires, TLS fails and the , before direct stops the lookup there, as for any outage of the last mirror; tell the mirror's operator")
		default:
			why = T("once it expires, TLS fails and the , after it stops the lookup there")
			// '|' after it, shown only if it is simulated to work now and
			// no other finding carries the chain fix (one fix at a time).
			fixed := clone(c)
			fixed.Entries[i].Sep = mirrors.SepPipe
			if !d.fixGiven && JudgeChain(fixed, d.judgeDB(), d.m).Kind == JudgeOK {
				fix = d.chainFix(fixed)
			}
		}
		d.add(SeverityWarning, "cert-expiring", e.Label(),
			T("%s: its TLS certificate %s (%s)", e.Label(), certExpiry(r.TLS.DaysLeft), raw(certDate(r.TLS.ChainNotAfter))),
			why, fix)
	}
}

// certExpiry is a certificate's days left as probe.CertExpiry says them,
// in the language the finding is rendered in.
type certExpiry int

// Message implements i18n.Localizer.
func (n certExpiry) Message(l i18n.Lang) string { return probe.CertExpiry(l, int(n)) }

// certDate is a certificate's expiry date in local time: the calendar the
// days (probe.CertDaysLeft) are counted on.
func certDate(t time.Time) string { return t.Local().Format("2006-01-02") }
