package advisor

import (
	"cmp"
	"slices"

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
	// mirrors.Entry.Key (see Plan.Mirrors), and of any other mirror of the
	// catalog or config, by its id (see SpareChecks): fixes may use those
	// that work. The probes should ask the checksum database check for the
	// GOSUMDB's name (Plan.SumDB.Name).
	Probes map[string]probe.Result
	// Deep holds deep probes (the canary's .zip) by the same keys;
	// optional: without one a mirror's .zip is taken to be what its .info
	// was (a 200 with a broken .info: broken, see probe.Result.Files).
	Deep map[string]probe.DeepResult
	// SumDB holds direct reachability checks of checksum database URLs, by
	// URL as SumDBChecks names them.
	SumDB map[string]Reach
	// ProxyEnv holds the OS environment's proxy variables (HTTPS_PROXY,
	// https_proxy, HTTP_PROXY, http_proxy, NO_PROXY, no_proxy) that are set.
	ProxyEnv map[string]string
	// CertWarnDays (0: DefaultCertWarnDays): a certificate expiring within
	// this many days is a warning.
	CertWarnDays int
	// Relays holds what the loopback proxy entries of GOPROXY (RelayEntries)
	// answered at relay.StatusPath, by mirrors.Entry.Key; optional. An
	// entry's relay upstreams a fix needs are probed into Probes (see
	// RelayUpstreamChecks).
	Relays map[string]RelayCheck
	// RelayListen is the config's [relay] listen address ("": the default,
	// 127.0.0.1:config.DefaultRelayPort): a loopback entry there that does
	// not answer is said to be a relay that is not running.
	RelayListen string
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
	// Spare are the catalog's and config's visible mirrors that are not in
	// GOPROXY: candidates for a fix, probed when SpareChecks asks.
	Spare []mirrors.Mirror
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
	p.Mirrors = ChainMirrors(p.Chain, cat)
	seen := map[string]bool{}
	for _, m := range p.Mirrors {
		seen[m.ID] = true
	}
	if cat != nil {
		for _, m := range cat.Visible() {
			if e := mirrors.NewEntry(m); !seen[e.Key()] && e.Unusable() == "" {
				seen[e.Key()] = true
				p.Spare = append(p.Spare, m)
			}
		}
	}
	return p
}

// ChainMirrors are the proxy entries of c that go would contact, once
// each, as mirrors to probe: ID is the entry's Key (the key of
// Measurements.Probes), URL the URL go requests, and the name and source
// are cat's for a catalog or config mirror.
func ChainMirrors(c mirrors.Chain, cat *mirrors.Catalog) []mirrors.Mirror {
	var out []mirrors.Mirror
	seen := map[string]bool{}
	for _, e := range c.Entries {
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
		out = append(out, m)
	}
	return out
}

// SpareChecks lists the spare mirrors (Plan.Spare) to probe, given the
// probes in in: none while the chain's own working mirrors make a fix (or
// the chain works), else every spare mirror in.Probes lacks, so that a fix
// can put a measured working one first. Probe them (by Mirror.ID, as for
// Plan.Mirrors) and call it again, then Doctor.
func SpareChecks(in DoctorInput) []mirrors.Mirror {
	d := newDoctor(in)
	// GOPROXY=off or direct first: its finding proposes recommend, which
	// measures the mirrors itself.
	if d.plan.ChainErr != nil || d.plan.Chain.Entries[0].Kind != mirrors.KindProxy || !d.needSpares() {
		return nil
	}
	var out []mirrors.Mirror
	for _, m := range d.plan.Spare {
		if _, ok := in.Probes[m.ID]; !ok {
			out = append(out, m)
		}
	}
	return out
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
		r := d.route(d.plan.Chain)
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
	m        Measurements
	warnDays int
	out      []Finding
	// repair is the one chain fix (see repair), computed once; fixGiven
	// says a finding already carries it.
	repair   *repair
	fixGiven bool
}

func newDoctor(in DoctorInput) *doctor {
	d := &doctor{in: in, plan: DoctorPlan(in.Snapshot, in.Catalog), warnDays: in.CertWarnDays,
		m: Measurements{Probes: in.Probes, Deep: in.Deep, Reach: in.SumDB}}
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
	d.relay()
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

// files is what entry e of the chain answers for each file of a download,
// from its probe (and deep probe). direct is taken to work: it is not
// measured, and the findings say so.
func (d *doctor) files(_ int, e mirrors.Entry) mirrors.Files {
	fs, _ := d.m.Files(e)
	return fs
}

// outcome is entry e's outcome for the .info of a module request (what
// its probe measured).
func (d *doctor) outcome(i int, e mirrors.Entry) mirrors.Outcome {
	o := d.files(i, e).Info
	if o == mirrors.OutcomeBroken {
		return mirrors.OutcomeError
	}
	return o
}

// supported is entry e's answer to /sumdb/<name>/supported, from its probe
// (Measurements.Supported: a stall is a hang before anything else).
func (d *doctor) supported(_ int, e mirrors.Entry) mirrors.Outcome {
	o, _ := d.m.Supported(e, d.sumdbName())
	return o
}

// route is the checksum database route of chain c (RouteSumDB).
func (d *doctor) route(c mirrors.Chain) Route { return RouteSumDB(c, d.plan.SumDB, d.m) }
