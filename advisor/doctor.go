package advisor

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
)

// Severity is how bad a finding is.
type Severity string

// Severities, worst first.
const (
	SeverityError   Severity = "error"   // go fails, hangs or misreads the setup
	SeverityWarning Severity = "warning" // works now, but fragile or not what was meant
	SeverityInfo    Severity = "info"    // a fact worth knowing
)

func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Finding is one diagnosis of the doctor.
type Finding struct {
	Severity Severity
	// Code is stable and machine-readable, e.g. "chain-hangs" (see README).
	Code string
	// Subject is the variable or mirror the finding is about ("GOPROXY",
	// "goproxy.cn"); "" when none.
	Subject string
	// Message says what is wrong (or what is so), Why why it matters; both
	// in DoctorInput.Lang. MessageText and WhyText are the same, to render in
	// another language.
	Message, Why         string
	MessageText, WhyText Text
	// Fix is the exact command that fixes it ("goproxytui use ...",
	// "go env -w ...", "unset ..."); "" when there is nothing to run.
	Fix string
}

// DoctorInput is everything Doctor decides from.
type DoctorInput struct {
	// Lang is the language of the findings' texts.
	Lang i18n.Lang
	// Snapshot is the effective go env, with sources and shadowing.
	Snapshot envcfg.Snapshot
	// Catalog recognises mirrors in GOPROXY by URL; nil: none.
	Catalog *mirrors.Catalog
	// Probes holds one probe of each proxy entry of GOPROXY, by
	// mirrors.Entry.Key (see Plan.Mirrors). The probes should ask the
	// checksum database check for the GOSUMDB's name (Plan.SumDB.Name).
	Probes map[string]probe.Result
	// SumDB holds direct reachability checks of checksum database URLs, by
	// URL as SumDBChecks names them.
	SumDB map[string]Reach
	// ProxyEnv holds the OS environment's proxy variables (HTTPS_PROXY,
	// https_proxy, HTTP_PROXY, http_proxy, NO_PROXY, no_proxy) that are set.
	ProxyEnv map[string]string
	// CertWarnDays (0: DefaultCertWarnDays): a certificate expiring within
	// this many days is a warning.
	CertWarnDays int
}

// Plan is what the doctor must measure for a snapshot.
type Plan struct {
	Chain    mirrors.Chain
	ChainErr error // GOPROXY is invalid
	SumDB    mirrors.SumDB
	SumDBErr error // GOSUMDB is invalid
	// Mirrors are GOPROXY's proxy entries to probe, each with ID set to the
	// entry's Key (the key of DoctorInput.Probes) and URL to the URL go
	// requests.
	Mirrors []mirrors.Mirror
}

// Checksum database URLs the advice refers to.
const (
	sumOrgURL = "https://" + mirrors.SumGolangOrg
	sumCNURL  = "https://" + mirrors.SumGolangCN
)

// DoctorPlan parses the snapshot's GOPROXY and GOSUMDB and lists the
// mirrors to probe.
func DoctorPlan(s envcfg.Snapshot, cat *mirrors.Catalog) Plan {
	var p Plan
	p.Chain, p.ChainErr = mirrors.ParseChain(s.Get("GOPROXY").Value, cat)
	p.SumDB, p.SumDBErr = mirrors.ParseSumDB(s.Get("GOSUMDB").Value)
	seen := map[string]bool{}
	for _, e := range p.Chain.Entries {
		if e.Kind != mirrors.KindProxy || seen[e.Key()] || e.Unusable() != "" {
			continue
		}
		seen[e.Key()] = true
		m := mirrors.Mirror{ID: e.Key(), Name: e.Label(), URL: e.Resolved(), Weight: e.Weight, Source: mirrors.SourceArg}
		if cat != nil && e.MirrorID != "" {
			if cm, ok := cat.ByID(e.MirrorID); ok {
				m.Name, m.Source = cm.Name, cm.Source
			}
		}
		p.Mirrors = append(p.Mirrors, m)
	}
	return p
}

// SumDBChecks lists the checksum database URLs whose direct reachability
// the doctor needs, given the probes in in, and that in.SumDB lacks: the URL
// go would connect to directly, and the alternatives a fix would propose.
// Check them (GET <url>/latest) and call Doctor.
func SumDBChecks(in DoctorInput) []string {
	d := newDoctor(in)
	var want []string
	switch {
	case d.plan.SumDBErr != nil:
	case d.plan.SumDB.Off:
		want = append(want, sumOrgURL)
		if r, ok := in.SumDB[sumOrgURL]; ok && !r.OK {
			want = append(want, sumCNURL)
		}
	case d.plan.ChainErr != nil && d.plan.SumDB.URL == "":
	default:
		// Only a direct route needs a check: through a proxy the probes
		// answered, and an unavailable route is fixed in the chain.
		r := mirrors.RouteSumDB(d.plan.Chain, d.plan.SumDB, d.supported)
		if r.Kind != mirrors.Direct {
			break
		}
		want = append(want, r.URL)
		if reach, ok := in.SumDB[r.URL]; ok && !reach.OK && d.plan.SumDB.Name == mirrors.SumGolangOrg {
			want = append(want, sumCNURL, sumOrgURL) // for the fix
		}
	}
	var out []string
	for _, u := range want {
		if _, ok := in.SumDB[u]; !ok && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

type doctor struct {
	in       DoctorInput
	plan     Plan
	warnDays int
	out      []Finding
}

func newDoctor(in DoctorInput) *doctor {
	d := &doctor{in: in, plan: DoctorPlan(in.Snapshot, in.Catalog), warnDays: in.CertWarnDays}
	if d.warnDays <= 0 {
		d.warnDays = DefaultCertWarnDays
	}
	return d
}

// Doctor diagnoses the setup in in: OS variables shadowing the go env file,
// values the go command rejects or misreads, each mirror of the chain and
// the chain's verdict (which entry serves, or why go fails or hangs), ','
// after a mirror failing with other errors than 404/410, how the checksum
// database is reached, an HTTPS proxy in effect, certificates about to
// expire, and GOPRIVATE patterns that match nothing. Findings come worst
// first, in a stable order.
func Doctor(in DoctorInput) []Finding {
	d := newDoctor(in)
	d.shadowing()
	d.proxyEnv()
	d.goproxy()
	d.gosumdb()
	d.patterns()
	slices.SortStableFunc(d.out, func(a, b Finding) int { return cmp.Compare(a.Severity.rank(), b.Severity.rank()) })
	return d.out
}

func (d *doctor) add(sev Severity, code, subject string, msg, why Text, fix string) {
	l := d.in.Lang
	f := Finding{Severity: sev, Code: code, Subject: subject, MessageText: msg, WhyText: why, Fix: fix}
	f.Message = msg.In(l)
	if why.Format != "" {
		f.Why = why.In(l)
	}
	d.out = append(d.out, f)
}

// outcome is what entry e of the chain does with a module request, from its
// probe. direct is taken to work: it is not measured.
func (d *doctor) outcome(_ int, e mirrors.Entry) mirrors.Outcome {
	if e.Kind != mirrors.KindProxy {
		return mirrors.OutcomeOK
	}
	r, ok := d.in.Probes[e.Key()]
	if !ok || e.Unusable() != "" {
		return mirrors.OutcomeError
	}
	return r.Class.Outcome()
}

// supported is entry e's answer to /sumdb/<name>/supported, from its probe.
func (d *doctor) supported(_ int, e mirrors.Entry) mirrors.Outcome {
	r, ok := d.in.Probes[e.Key()]
	switch {
	case !ok || e.Unusable() != "":
		return mirrors.OutcomeError
	case r.SumDBSupported != nil && *r.SumDBSupported:
		return mirrors.OutcomeOK
	case r.SumDBSupported != nil:
		return mirrors.OutcomeNotFound
	case sumDBCheckFailed(r):
		return mirrors.OutcomeError // go finds the database unavailable, or moves on after '|'
	}
	switch r.Class {
	case probe.ClassStall:
		return mirrors.OutcomeHang
	case probe.ClassOK, probe.ClassNotFound:
		return mirrors.OutcomeNotFound // answering, check not made: most mirrors do not proxy it
	}
	return mirrors.OutcomeError // the request would fail as the probe did
}

func (d *doctor) shadowing() {
	for _, k := range envcfg.Keys {
		v, ok := d.in.Snapshot.Vars[k]
		if !ok || v.Shadowed == nil {
			continue
		}
		d.add(SeverityWarning, "env-shadowed", k,
			T("%s is set in the OS environment to %q, which hides %q from the go env file", k, redactValue(v.Value), redactValue(*v.Shadowed)),
			T("the go command prefers a non-empty OS variable: go env -w and goproxytui use change the file, which takes no effect in shells that set %s (remove it from your shell profile too)", k),
			"unset "+k)
	}
}

func (d *doctor) proxyEnv() {
	pick := func(keys ...string) (string, string) {
		for _, k := range keys {
			if v := d.in.ProxyEnv[k]; v != "" {
				return k, v
			}
		}
		return "", ""
	}
	k, v := pick("HTTPS_PROXY", "https_proxy")
	if v == "" {
		return
	}
	msg := T("%s=%s is in effect: go reaches https mirrors and the checksum database through that proxy", k, mirrors.RedactURL(v))
	if nk, nv := pick("NO_PROXY", "no_proxy"); nv != "" {
		msg = T("%s=%s is in effect: go reaches https mirrors and the checksum database through that proxy, except hosts in %s=%s", k, mirrors.RedactURL(v), nk, nv)
	}
	d.add(SeverityInfo, "https-proxy", k, msg,
		T("if that proxy is slow or blocks a host, every build suffers; the probes' DNS and connect times measure the proxy, not the mirrors"),
		"")
}

func (d *doctor) goproxy() {
	v := d.in.Snapshot.Get("GOPROXY")
	chain, err := d.plan.Chain, d.plan.ChainErr
	if err != nil {
		msg := T("GOPROXY %q is invalid: %s", redactValue(v.Value), err)
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
			d.fixOrRecommend(d.without(i)))
		return
	}
	if !ok {
		d.add(SeverityWarning, "mirror-not-probed", label, T("%s was not probed", label), Text{}, "")
		return
	}
	if r.OK() {
		det := texts{{Format: "%d ms", Args: []any{ms(r.Phases.Total)}}}
		if r.TLS != nil {
			det = append(det, T("%s, certificate valid for %d more days", raw(r.TLS.Version), r.TLS.DaysLeft))
		}
		if r.SumDBSupported != nil {
			if *r.SumDBSupported {
				det = append(det, T("proxies %s", d.sumdbName()))
			} else {
				det = append(det, T("does not proxy %s", d.sumdbName()))
			}
		}
		if r.ViaProxy != "" {
			det = append(det, T("through the proxy %s", r.ViaProxy))
		}
		d.add(SeverityInfo, "mirror-ok", label, T("%s answers: %s", label, det), Text{}, "")
		return
	}
	msg := T("%s fails: %s", label, ClassText(r.Class))
	if r.Reason != "" {
		msg = T("%s fails: %s: %s", label, ClassText(r.Class), r)
	}
	var why Text
	last := i == len(d.plan.Chain.Entries)-1
	switch {
	case r.Class == probe.ClassStall:
		why = T("it accepted the connection and never answered: the go command has no timeout for proxy requests and waits forever, even with | after it")
	case r.Class == probe.ClassNotFound:
		why = T("it does not have the canary module: after a 404/410 go moves on to the next entry, whatever the separator")
	case last:
		why = T("it is the last entry: when it fails, go reports its error")
	case e.Sep == mirrors.SepPipe:
		why = T("the | after it lets go move on to the next entry, but every lookup first waits for this one to fail")
	default:
		why = T("the , after it stops the lookup: go moves on only after a 404/410")
	}
	d.add(SeverityWarning, "mirror-failing", label, msg, why, d.fixOrRecommend(d.without(i)))
}

// unmeasured returns the label of the first of the chain entries at
// indexes tried that go would ask but that has no probe: what go would do
// with it is not known, so no verdict through it is given.
func (d *doctor) unmeasured(tried []int) (string, bool) {
	for _, i := range tried {
		e := d.plan.Chain.Entries[i]
		if e.Kind != mirrors.KindProxy || e.Unusable() != "" {
			continue
		}
		if _, ok := d.in.Probes[e.Key()]; !ok {
			return e.Label(), true
		}
	}
	return "", false
}

// commas reports a ',' after a mirror failing with an error other than
// 404/410: go stops there instead of trying the next entry.
func (d *doctor) commas() {
	c := d.plan.Chain
	v := mirrors.Simulate(c, d.outcome)
	for i, e := range c.Entries {
		if e.Kind != mirrors.KindProxy || e.Sep != mirrors.SepComma || i == len(c.Entries)-1 || d.outcome(i, e) != mirrors.OutcomeError {
			continue
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
		fixed := clone(c)
		fixed.Entries[i].Sep = mirrors.SepPipe
		d.add(sev, "comma-after-failing-mirror", e.Label(),
			T("%s fails (%s) and the , after it stops go from trying %s", e.Label(), what, c.Entries[i+1].Label()),
			T("after , the go command moves on only when a mirror answers 404 or 410; any other error, like this one, ends the lookup; | moves on after any error"),
			d.chainFix(fixed))
	}
}

// verdict reports what go would do with a module request now.
func (d *doctor) verdict() {
	c := d.plan.Chain
	v := mirrors.Simulate(c, d.outcome)
	if label, ok := d.unmeasured(v.Tried); ok {
		d.add(SeverityWarning, "chain-not-measured", "GOPROXY",
			T("what go would do cannot be said yet: %s was not probed", label), Text{}, "")
		return
	}
	switch v.Kind {
	case mirrors.Served:
		e := c.Entries[v.Index]
		if e.Kind == mirrors.KindDirect {
			d.add(SeverityWarning, "chain-falls-to-direct", "GOPROXY",
				T("every mirror fails, so go would fetch from version control (direct) now: %s", v),
				T("fetching from origin servers is slow, needs their version control tools, and is often blocked in mainland China"),
				d.fixOrRecommend(d.healthy()))
			return
		}
		d.add(SeverityInfo, "chain-ok", "GOPROXY", T("go would use %s now", e.Label()), Text{Format: "%s", Args: []any{v}}, "")
	case mirrors.Failed:
		d.add(SeverityError, "chain-fails", "GOPROXY", T("go would fail now: %s", v),
			T("every module download fails until the chain changes or the mirrors recover"),
			d.fixOrRecommend(d.healthy()))
	case mirrors.Hangs:
		d.add(SeverityError, "chain-hangs", "GOPROXY", T("go would hang now: %s", v),
			T("go mod download, go build and go get wait forever without a message: the go command has no timeout for proxy requests"),
			d.fixOrRecommend(d.healthy()))
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
		default:
			why = T("once it expires, TLS fails and the , after it stops the lookup there")
			fixed := clone(c)
			fixed.Entries[i].Sep = mirrors.SepPipe
			fix = d.chainFix(fixed)
		}
		d.add(SeverityWarning, "cert-expiring", e.Label(),
			T("%s: its TLS certificate expires in %d days (%s)", e.Label(), r.TLS.DaysLeft, raw(r.TLS.ChainNotAfter.UTC().Format("2006-01-02"))),
			why, fix)
	}
}

func (d *doctor) sumdbName() string {
	if d.plan.SumDBErr == nil && !d.plan.SumDB.Off {
		return d.plan.SumDB.Name
	}
	return mirrors.SumGolangOrg
}

func (d *doctor) gosumdb() {
	v := d.in.Snapshot.Get("GOSUMDB")
	db, err := d.plan.SumDB, d.plan.SumDBErr
	switch {
	case err != nil:
		msg := T("GOSUMDB is invalid: %s", err)
		if strings.TrimSpace(v.Value) == "" && v.Source == envcfg.SourceFile {
			msg = T("GOSUMDB is empty in the go env file (%s): a \"GOSUMDB=\" line hides the default", d.in.Snapshot.EnvFile)
		}
		d.add(SeverityError, "gosumdb-invalid", "GOSUMDB", msg,
			T("go checks every new module against the checksum database; with this value every download that needs it fails"),
			unsetFix(v))
		return
	case db.Off:
		d.add(SeverityWarning, "sumdb-off", "GOSUMDB",
			T("GOSUMDB=off: downloaded modules are not checked against the checksum database"),
			T("a compromised or broken mirror could serve altered code and go would not notice; for private modules set GOPRIVATE or GONOSUMDB instead"),
			d.sumdbFix(v, db))
		return
	case d.plan.ChainErr != nil && db.URL == "":
		return // go fails before it needs the database
	}
	r := mirrors.RouteSumDB(d.plan.Chain, db, d.supported)
	if label, ok := d.unmeasured(r.Tried); ok {
		d.add(SeverityWarning, "sumdb-not-measured", "GOSUMDB",
			T("how go would reach the checksum database cannot be said yet: %s was not probed", label), Text{}, "")
		return
	}
	why := T("go verifies every module missing from go.sum against it: such downloads fail with a \"verifying module\" error until it is reachable")
	switch r.Kind {
	case mirrors.ViaProxy:
		d.add(SeverityInfo, "sumdb-via-proxy", "GOSUMDB", T("checksum database: %s", r), Text{}, "")
	case mirrors.Direct:
		reach, ok := d.in.SumDB[r.URL]
		switch {
		case !ok:
			d.add(SeverityInfo, "sumdb-direct", "GOSUMDB", T("checksum database: %s (not checked)", r), Text{}, "")
		case reach.OK:
			d.add(SeverityInfo, "sumdb-direct", "GOSUMDB", T("checksum database: %s; it answers", r), Text{}, "")
		default:
			d.add(SeverityError, "sumdb-unreachable", "GOSUMDB",
				T("checksum database: %s, but it does not answer: %s", r, reach.text()), why, d.sumdbFix(v, db))
		}
	case mirrors.Unavailable:
		fix := d.sumdbFix(v, db)
		if c := d.plan.Chain; r.Index >= 0 && r.Index < len(c.Entries)-1 && c.Entries[r.Index].Sep == mirrors.SepComma {
			fixed := clone(c)
			fixed.Entries[r.Index].Sep = mirrors.SepPipe
			fix = d.chainFix(fixed)
		}
		d.add(SeverityError, "sumdb-unreachable", "GOSUMDB", T("checksum database: %s", r), why, fix)
	case mirrors.RouteHangs:
		d.add(SeverityError, "sumdb-hangs", "GOSUMDB", T("checksum database: %s", r),
			T("go waits forever the first time it needs the checksum database: the go command has no timeout for these requests"),
			d.fixOrRecommend(d.without(r.Index)))
	}
}

// sumdbFix proposes a reachable GOSUMDB for the public database.
func (d *doctor) sumdbFix(v envcfg.Var, db mirrors.SumDB) string {
	if !db.Off && db.Name != mirrors.SumGolangOrg {
		return "" // a database of the user's own: nothing we know better
	}
	org, orgOK := d.in.SumDB[sumOrgURL]
	cn := d.in.SumDB[sumCNURL]
	current := v.Value
	// With the default (sum.golang.org, no URL) go asks the chain's mirrors
	// first: does one of them proxy it?
	viaProxy := d.plan.ChainErr == nil &&
		mirrors.RouteSumDB(d.plan.Chain, mirrors.SumDB{Name: mirrors.SumGolangOrg}, d.supported).Kind == mirrors.ViaProxy
	switch {
	case (org.OK || !orgOK || viaProxy) && db.Off:
		return unsetFix(v)
	case (org.OK || viaProxy) && db.URL != "":
		// The alias sum.golang.google.cn, or a URL of the user's own that
		// does not answer: the default reaches sum.golang.org.
		return unsetFix(v)
	case cn.OK && current != mirrors.SumGolangCN:
		return setFix(v, mirrors.SumGolangCN)
	case db.URL != "" && current != mirrors.SumGolangCN:
		// recommend keeps a URL of the user's own, and nothing else that
		// was checked answers: nothing to run.
		return ""
	}
	return d.recommendFix("GOPROXY", "GOSUMDB") // the route depends on the chain too
}

func (d *doctor) patterns() {
	private := d.in.Snapshot.Get("GOPRIVATE").Value
	for _, k := range []string{"GOPRIVATE", "GONOPROXY", "GONOSUMDB"} {
		v := d.in.Snapshot.Get(k)
		if v.Value == "" || k != "GOPRIVATE" && v.Value == private {
			continue // empty, or GOPRIVATE's value go falls back to
		}
		issues, err := mirrors.CheckPatterns(v.Value)
		why := T("modules the pattern was meant to cover are treated as public: fetched through the mirrors and checked against the public checksum database, which leaks their paths and fails for private code")
		cleaned := cleanPatterns(v.Value)
		fix := ""
		if cleaned != v.Value {
			fix = setFix(v, cleaned)
			if cleaned == "" {
				fix = unsetFix(v)
			}
		}
		if err != nil {
			d.add(SeverityError, "goprivate-invalid", k, Text{Format: "%s: %s", Args: []any{k, err}}, why, fix)
			continue
		}
		for _, is := range issues {
			d.add(SeverityWarning, "goprivate-pattern", k, Text{Format: "%s: %s", Args: []any{k, is}}, why, fix)
		}
	}
}

// cleanPatterns fixes what can be fixed in a pattern list: spaces trimmed,
// URL schemes dropped, the first path element (a domain name, always lower
// case in module paths) lower-cased, invalid globs and empty items dropped.
func cleanPatterns(list string) string {
	var out []string
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(p)
		if _, rest, ok := strings.Cut(p, "://"); ok {
			p = rest
		}
		first, rest, has := strings.Cut(p, "/")
		p = strings.ToLower(first)
		if has {
			p += "/" + rest
		}
		if p == "" {
			continue
		}
		if _, err := path.Match(strings.TrimSuffix(p, "/"), ""); err != nil {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, ",")
}

// without returns the chain without entry i.
func (d *doctor) without(i int) mirrors.Chain {
	c := clone(d.plan.Chain)
	if i >= 0 && i < len(c.Entries) {
		c.Entries = slices.Delete(c.Entries, i, i+1)
	}
	return c
}

// healthy returns the chain without the mirrors that fail with errors or
// hang, with '|' between the mirrors that are left.
func (d *doctor) healthy() mirrors.Chain {
	var c mirrors.Chain
	for i, e := range d.plan.Chain.Entries {
		if e.Kind == mirrors.KindProxy {
			if o := d.outcome(i, e); o == mirrors.OutcomeError || o == mirrors.OutcomeHang {
				continue
			}
		}
		c.Entries = append(c.Entries, e)
	}
	for i := range c.Entries {
		if i+1 < len(c.Entries) && c.Entries[i].Kind == mirrors.KindProxy && c.Entries[i+1].Kind == mirrors.KindProxy {
			c.Entries[i].Sep = mirrors.SepPipe
		}
	}
	return c
}

// fixOrRecommend proposes c, or recommend when c holds no mirror.
func (d *doctor) fixOrRecommend(c mirrors.Chain) string {
	for _, e := range c.Entries {
		if e.Kind == mirrors.KindProxy {
			return d.chainFix(c)
		}
	}
	return d.recommendFix("GOPROXY")
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
		return "export GOPROXY=" + shellQuote(displayChain(c))
	}
	return "goproxytui use " + shellQuote(labelChain(c))
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
		return "export " + v.Name + "=" + shellQuote(value)
	}
	return "go env -w " + v.Name + "=" + shellQuote(value)
}

// unsetFix is the command that returns v's variable to its default.
func unsetFix(v envcfg.Var) string {
	if v.Source == envcfg.SourceEnv {
		return "unset " + v.Name
	}
	return "go env -u " + v.Name
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// redactValue hides credentials in every URL of a list value.
func redactValue(s string) string {
	var b strings.Builder
	for s != "" {
		i := strings.IndexAny(s, ",| ")
		f := s
		if i >= 0 {
			f = s[:i]
		}
		b.WriteString(mirrors.RedactURL(f))
		if i < 0 {
			break
		}
		b.WriteByte(s[i])
		s = s[i+1:]
	}
	return b.String()
}
