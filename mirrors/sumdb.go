package mirrors

import (
	"net/url"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/goproxytui/goproxytui/i18n"
)

// The go command's built-in checksum database key (modfetch/key.go) and its
// alias reachable from mainland China (modfetch/sumdb.go).
const (
	SumGolangOrg    = "sum.golang.org"
	sumGolangOrgKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
	SumGolangCN     = "sum.golang.google.cn"
	sumGolangCNURL  = "https://sum.golang.google.cn"
)

// knownSumDBKeys maps a database name to its built-in verifier key, as the
// go command's knownGOSUMDB does.
var knownSumDBKeys = map[string]string{SumGolangOrg: sumGolangOrgKey}

// SumDB is a parsed GOSUMDB value.
type SumDB struct {
	Off  bool   // GOSUMDB=off: no checksum database
	Name string // database name (host[/path]), e.g. "sum.golang.org"
	Key  string // verifier key "name+hash+key"
	URL  string // explicit URL ("name+key URL", or the sum.golang.google.cn alias); "" to derive it
}

// ParseSumDB parses a GOSUMDB value exactly as the go command does
// (modfetch.dbDial): "off"; a name with a built-in key (only
// "sum.golang.org"); a verifier key "name+hash+key"; either followed by a
// URL after white space; and the alias "sum.golang.google.cn", which means
// sum.golang.org reached at https://sum.golang.google.cn. Errors give go's
// reason. The empty string is rejected as go rejects it ("missing GOSUMDB"):
// it is what a "GOSUMDB=" line in the go env file leaves.
func ParseSumDB(s string) (SumDB, error) {
	fail := func(reason error) (SumDB, error) {
		shown := strings.Fields(s)
		for i := range shown {
			shown[i] = RedactURL(shown[i])
		}
		return SumDB{}, i18n.Errorf("GOSUMDB %q: %w", strings.Join(shown, " "), reason)
	}
	value := s
	if value == SumGolangCN {
		value = SumGolangOrg + " " + sumGolangCNURL
	}
	if value == "off" {
		return SumDB{Off: true}, nil
	}
	fields := strings.Fields(value)
	if len(fields) == 0 {
		return fail(i18n.Errorf("missing GOSUMDB"))
	}
	if len(fields) > 2 {
		return fail(i18n.Errorf("invalid GOSUMDB: too many fields"))
	}
	key := fields[0]
	if k, ok := knownSumDBKeys[key]; ok {
		key = k
	}
	v, err := note.NewVerifier(key)
	if err != nil {
		return fail(i18n.Errorf("invalid GOSUMDB: %v", err))
	}
	name := v.Name()
	direct, err := url.Parse("https://" + name)
	if err != nil || strings.HasSuffix(name, "/") || direct.Host == "" || direct.RawPath != "" ||
		*direct != (url.URL{Scheme: "https", Host: direct.Host, Path: direct.Path, RawPath: direct.RawPath}) {
		return fail(i18n.Errorf("invalid sumdb name (must be host[/path]): %s", name))
	}
	db := SumDB{Name: name, Key: key}
	if len(fields) == 2 {
		if _, err := url.Parse(fields[1]); err != nil {
			if ue, ok := err.(*url.Error); ok {
				err = ue.Err // without the URL, which may hold credentials
			}
			return fail(i18n.Errorf("invalid GOSUMDB URL: %v", err))
		}
		db.URL = fields[1]
	}
	return db, nil
}

// String formats db as a GOSUMDB value; ParseSumDB(db.String()) gives db
// back for any db ParseSumDB returned. The built-in key is written as its
// name, and sum.golang.org at https://sum.golang.google.cn as the alias.
func (db SumDB) String() string {
	if db.Off {
		return "off"
	}
	k := db.Key
	if known, ok := knownSumDBKeys[db.Name]; ok && known == db.Key {
		if db.Name == SumGolangOrg && db.URL == sumGolangCNURL {
			return SumGolangCN
		}
		k = db.Name
	}
	if db.URL != "" {
		return k + " " + db.URL
	}
	return k
}

// DirectURL is where go reaches the database when no proxy serves it: the
// explicit URL if any, else https://<name>. It is "" when db is off.
func (db SumDB) DirectURL() string {
	switch {
	case db.Off:
		return ""
	case db.URL != "":
		return db.URL
	}
	return "https://" + db.Name
}

// RouteKind says how the go command reaches the checksum database.
type RouteKind int

// Route kinds.
const (
	ViaProxy    RouteKind = iota // through the proxy at Index
	Direct                       // straight to the database's own URL
	Unavailable                  // the database cannot be reached: go fails
	Off                          // GOSUMDB=off: not used
	RouteHangs                   // a proxy never answers /supported: go waits forever
)

// String returns "via-proxy", "direct", "unavailable", "off" or "hangs"
// (machine-readable, not translated).
func (k RouteKind) String() string {
	switch k {
	case ViaProxy:
		return "via-proxy"
	case Direct:
		return "direct"
	case Unavailable:
		return "unavailable"
	case Off:
		return "off"
	}
	return "hangs"
}

// SumDBRoute is where the go command sends checksum database requests.
type SumDBRoute struct {
	Kind RouteKind
	// Index is the chain entry that proxies the database (ViaProxy), whose
	// error makes it unavailable (Unavailable), or that hangs; else -1.
	Index int
	// URL is the base URL of the database requests (ViaProxy, Direct); it
	// may hold a proxy's credentials: show RedactURL(URL).
	URL string
	// LookupFailed says the proxy at Index answered 200 to /supported
	// (go chose it) but failed the lookups through it (OutcomeBroken):
	// Kind is Unavailable, URL the proxy's database URL.
	LookupFailed bool
	// Tried lists the entries the walk reached, in order; each proxy among
	// them except Unusable ones was asked for /sumdb/<name>/supported.
	Tried []int
	// Reason explains the route in English; Msg is the same, translatable.
	Reason string
	Msg    *i18n.Msg
}

// Message returns the route's explanation in language l.
func (r SumDBRoute) Message(l i18n.Lang) string { return localize(l, r.Msg, r.Reason) }

// RouteSumDB says where the go command reaches the checksum database db,
// given the chain and each proxy's answer to <proxy>/sumdb/<name>/supported
// (supported(i, e) is called for the proxies go asks, in order). It follows
// modfetch.dbClient.initBase: a GOSUMDB with a URL goes there, bypassing
// proxies; else each proxy is asked in turn through the same walk as module
// lookups; the first 200 carries all database traffic (a 200 whose
// lookups fail, OutcomeBroken, leaves the database unavailable: go does not
// look elsewhere); a /supported that never answers hangs go
// (OutcomeHang), wherever it sits; when the walk ends in
// a not-found (404/410 everywhere, or reaching direct or off, or no more
// entries) go connects to https://<name>; an error that ends the walk, or
// remains the one go would report, leaves the database unavailable. So
// "A|direct" with A failing goes direct, but "A|off" or "A|B" with A failing
// and B answering 404 is unavailable: A's error outranks the not-found.
func RouteSumDB(c Chain, db SumDB, supported func(i int, e Entry) Outcome) SumDBRoute {
	done := func(r SumDBRoute) SumDBRoute {
		r.Reason = r.Msg.Error()
		return r
	}
	switch {
	case db.Off:
		return done(SumDBRoute{Kind: Off, Index: -1, Msg: newMsg(i18n.N("GOSUMDB=off: go checks no checksums against a database"))})
	case db.URL != "":
		return done(SumDBRoute{Kind: Direct, Index: -1, URL: db.URL,
			Msg: newMsg(i18n.N("GOSUMDB names the database's URL, so go goes there directly and asks no proxy"))})
	case len(c.Entries) == 0:
		return done(SumDBRoute{Kind: Unavailable, Index: -1, Msg: newMsg(reasonNoEntries)})
	}
	i, o, tried := tryProxies(c, func(i int, e Entry) Outcome {
		switch {
		case e.Kind != KindProxy:
			return OutcomeNotFound // direct and off: connect to the database directly
		case e.Unusable() != "":
			return OutcomeError
		}
		return supported(i, e)
	})
	r := SumDBRoute{Index: i, Tried: tried}
	e := c.Entries[i]
	switch {
	case o == OutcomeOK:
		r.Kind, r.URL = ViaProxy, strings.TrimSuffix(e.Resolved(), "/")+"/sumdb/"+db.Name
		r.Msg = newMsg(i18n.N("%s proxies the checksum database %s: all its traffic goes through that proxy"), e.Label(), db.Name)
	case o == OutcomeBroken:
		r.Kind, r.LookupFailed = Unavailable, true
		r.URL = strings.TrimSuffix(e.Resolved(), "/") + "/sumdb/" + db.Name
		r.Msg = newMsg(i18n.N("the checksum database is unavailable: %s answers 200 to /sumdb/%s/supported, so go sends all database traffic there, but its lookups fail, and go does not try another way"), e.Label(), db.Name)
	case o == OutcomeHang:
		r.Kind = RouteHangs
		r.Msg = newMsg(i18n.N("%s never answers whether it proxies the checksum database, and go waits for it forever"), e.Label())
	case o == OutcomeNotFound:
		r.Kind, r.Index, r.URL = Direct, -1, db.DirectURL()
		r.Msg = newMsg(i18n.N("no proxy offers the checksum database %s, so go connects to %s directly"), db.Name, db.DirectURL())
	case i == tried[len(tried)-1] && i < len(c.Entries)-1 && e.Kind == KindProxy:
		r.Kind = Unavailable
		r.Msg = newMsg(i18n.N("the checksum database is unavailable: asking %s whether it proxies %s failed with an error that is not a 404/410, and the ',' after it stops the walk"), e.Label(), db.Name)
	case i == len(c.Entries)-1:
		r.Kind = Unavailable
		r.Msg = newMsg(i18n.N("the checksum database is unavailable: asking %s, the last entry, whether it proxies %s failed with an error that is not a 404/410"), e.Label(), db.Name)
	default:
		r.Kind = Unavailable
		r.Msg = newMsg(i18n.N("the checksum database is unavailable: asking %s whether it proxies %s failed with an error that is not a 404/410; go moved on after the '|', but no later entry offers it, and that error outranks their not-found answers"), e.Label(), db.Name)
	}
	return done(r)
}
