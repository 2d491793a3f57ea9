package demofleet

import (
	"bytes"
	"crypto/rand"
	"io/fs"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
)

// checksumDB is a process-wide checksum database for one name, signed with a
// key generated for it: every server proxying that name serves the same
// tree, so the go command sees one consistent database whichever mirror it
// reaches it through.
type checksumDB struct {
	vkey    string
	handler http.Handler
}

var (
	sumdbMu sync.Mutex
	sumdbs  = map[string]*checksumDB{}

	// versions holds every synthesised module version of the process, by
	// "path@version": zips are built once, and the checksum database knows
	// exactly the modules some server offers.
	versionsMu sync.Mutex
	versions   = map[string]*version{}
)

// synthCached returns the synthesised version path@v, making it once.
func synthCached(p, v string) *version {
	versionsMu.Lock()
	defer versionsMu.Unlock()
	k := p + "@" + v
	x, ok := versions[k]
	if !ok {
		x = synth(p, v)
		versions[k] = x
	}
	return x
}

// known returns a synthesised version, or nil.
func known(p, v string) *version {
	versionsMu.Lock()
	defer versionsMu.Unlock()
	return versions[p+"@"+v]
}

// database returns the checksum database of a name, making it once.
func database(name string) (*checksumDB, error) {
	sumdbMu.Lock()
	defer sumdbMu.Unlock()
	if db, ok := sumdbs[name]; ok {
		return db, nil
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, name)
	if err != nil {
		return nil, err
	}
	ts := sumdb.NewTestServer(skey, func(p, v string) ([]byte, error) {
		x := known(p, v)
		if x == nil {
			// The sumdb server answers 404 to errors os.IsNotExist
			// recognises, which does not unwrap %w: a PathError it does.
			return nil, &fs.PathError{Op: "lookup", Path: p + "@" + v, Err: fs.ErrNotExist}
		}
		return x.goSum()
	})
	db := &checksumDB{vkey: vkey, handler: sumdb.NewServer(ts)}
	sumdbs[name] = db
	return db, nil
}

// SumDBKey returns the verifier key of the simulated checksum database name
// ("" means "sum.golang.org"), as GOSUMDB takes it: with GOSUMDB set to it,
// the go command asks each proxy for /sumdb/<name>/supported and verifies
// downloads through a server started with Options.SumDB. The database is
// the same for every server of the process and knows every module some
// server offers.
func SumDBKey(name string) (string, error) {
	if name == "" {
		name = "sum.golang.org"
	}
	db, err := database(name)
	if err != nil {
		return "", err
	}
	return db.vkey, nil
}

// answerSumDB answers /sumdb/ paths (rel is the path below BasePath):
// 404 for all when the server does not proxy the database, else 200 for
// supported and the database's own answers for /latest, /lookup/ and /tile/.
func (s *Server) answerSumDB(rel string, on bool) (int, string, []byte) {
	const textPlain = "text/plain; charset=utf-8"
	if !on || !strings.HasPrefix(rel, s.sumdbPfx) {
		return http.StatusNotFound, textPlain, []byte("not found: checksum database not proxied\n")
	}
	if rel == s.sumdbPfx+"supported" {
		return http.StatusOK, textPlain, nil
	}
	db, err := database(s.opts.SumDBName)
	if err != nil {
		return http.StatusInternalServerError, textPlain, []byte(err.Error() + "\n")
	}
	rec := &recorder{header: http.Header{}, code: http.StatusOK}
	req, err := http.NewRequest(http.MethodGet, "/"+strings.TrimPrefix(rel, s.sumdbPfx), nil)
	if err != nil {
		return http.StatusBadRequest, textPlain, []byte(err.Error() + "\n")
	}
	db.handler.ServeHTTP(rec, req)
	ctype := rec.header.Get("Content-Type")
	if ctype == "" {
		ctype = textPlain
	}
	return rec.code, ctype, rec.body.Bytes()
}

// recorder keeps the answer of the database's handler in memory (what
// httptest.ResponseRecorder does, without linking a test package into the
// binary).
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.code, r.wrote = code, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}
