package advisor

// The doctor's checks of GOSUMDB: the value and how go reaches the
// checksum database.

import (
	"strings"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/mirrors"
)

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
	r := d.route(d.plan.Chain)
	if !r.Known() {
		d.add(SeverityWarning, "sumdb-not-measured", "GOSUMDB",
			T("how go would reach the checksum database cannot be said yet: %s was not probed", r.NotProbed[0]), Text{}, "")
		return
	}
	why := T("go verifies every module missing from go.sum against it: such downloads fail with a \"verifying module\" error until it is reachable")
	var note Text
	if len(r.Unchecked) > 0 {
		note = T("not measured whether %s proxies it: taken as not", raw(strings.Join(r.Unchecked, ", ")))
	}
	withNote := func(t Text) Text {
		if note.Format == "" {
			return t
		}
		return T("%s (%s)", t, note)
	}
	// A chain fix (the repair) comes first; else a GOSUMDB one, unless the
	// chain verdict carries the repair (the chain fails or hangs anyway).
	chainOr := func(alt string) string {
		if d.slot() != slotSumDB {
			return ""
		}
		if fix := d.fixFor(slotSumDB); fix != "" {
			return fix
		}
		return alt
	}
	switch r.Kind {
	case mirrors.ViaProxy:
		d.add(SeverityInfo, "sumdb-via-proxy", "GOSUMDB", withNote(T("checksum database: %s", r)), Text{}, "")
	case mirrors.Direct:
		switch {
		case r.Reach == nil:
			d.add(SeverityInfo, "sumdb-direct", "GOSUMDB", withNote(T("checksum database: %s (not checked)", r)), Text{}, "")
		case r.Reach.OK:
			d.add(SeverityInfo, "sumdb-direct", "GOSUMDB", withNote(T("checksum database: %s; it answers", r)), Text{}, "")
		default:
			d.add(SeverityError, "sumdb-unreachable", "GOSUMDB",
				withNote(T("checksum database: %s, but it does not answer: %s", r, r.Reach.text())), why, d.sumdbFix(v, db))
		}
	case mirrors.Unavailable:
		d.add(SeverityError, "sumdb-unreachable", "GOSUMDB", T("checksum database: %s", r), why, chainOr(d.sumdbFix(v, db)))
	case mirrors.RouteHangs:
		hangWhy := T("go waits forever the first time it needs the checksum database: the go command has no timeout for these requests")
		fix := chainOr("")
		if d.getRepair().fix == "" {
			hangWhy = T("%s; %s", hangWhy, nothingWorks())
		}
		d.add(SeverityError, "sumdb-hangs", "GOSUMDB", T("checksum database: %s", r), hangWhy, fix)
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
	if !d.recommendCouldRouteSumDB() {
		return "" // recommend would propose no way to the database either
	}
	return d.recommendFix("GOPROXY", "GOSUMDB") // the route depends on the chain too
}

// recommendCouldRouteSumDB reports whether goproxytui recommend could
// propose a way to sum.golang.org that the doctor does not know: a mirror
// of the chain or a spare one that is not measured, or measured to proxy
// it. Otherwise recommend would end with "no checksum database is
// reachable", and proposing it would be a dead end.
func (d *doctor) recommendCouldRouteSumDB() bool {
	var es []mirrors.Entry
	for _, e := range d.plan.Chain.Entries {
		if e.Kind == mirrors.KindProxy {
			es = append(es, e)
		}
	}
	for _, m := range d.plan.Spare {
		es = append(es, mirrors.NewEntry(m))
	}
	for _, e := range es {
		if _, probed := d.in.Probes[e.Key()]; !probed {
			return true
		}
		if o, known := d.m.Supported(e, mirrors.SumGolangOrg); known && o == mirrors.OutcomeOK {
			return true
		}
	}
	return false
}
