package mirrors

import (
	"slices"

	"github.com/goproxytui/goproxytui/i18n"
)

// VerdictKind says how a simulated lookup ends.
type VerdictKind int

// Verdict kinds.
const (
	Served VerdictKind = iota // an entry answered 200
	Failed                    // go gives up and reports an error
	Hangs                     // an entry never answers: go waits forever
)

// String returns "served", "failed" or "hangs" (machine-readable, not
// translated).
func (k VerdictKind) String() string {
	switch k {
	case Served:
		return "served"
	case Failed:
		return "failed"
	}
	return "hangs"
}

// Verdict is what the go command does with one module request given a chain
// and each entry's outcome.
type Verdict struct {
	Kind VerdictKind
	// Index is the entry that served (Served), whose error go reports
	// (Failed), or that hangs (Hangs); -1 when the chain has no entries.
	Index int
	// Tried lists the entries go reached for any of the files, in chain
	// order; it sent requests to each of them except off and Unusable
	// entries.
	Tried []int
	// Outcome is the outcome of the entry at Index (OutcomeNotFound when go
	// reports a not-found error, including off's; OutcomeBroken when a
	// broken 200 for a .mod or .zip fails the download).
	Outcome Outcome
	// File is the file whose walk the verdict describes: the first that
	// does not serve, else FileZip.
	File File
	// Reason explains the verdict in English; Msg is the same, translatable.
	Reason string
	Msg    *i18n.Msg
}

// Message returns the verdict's explanation in language l.
func (v Verdict) Message(l i18n.Lang) string { return localize(l, v.Msg, v.Reason) }

// localize renders m in l, or returns english when there is no m (a value
// built by hand).
func localize(l i18n.Lang, m *i18n.Msg, english string) string {
	if m == nil {
		return english
	}
	return l.Error(m)
}

// Error texts of the go command that a verdict can name.
const (
	// ErrTextOff is what the go command reports when the lookup reaches off.
	ErrTextOff = "module lookup disabled by GOPROXY=off"
	// ErrTextInsecureCreds starts what it reports for an http:// entry with
	// credentials.
	ErrTextInsecureCreds = "refusing to pass credentials to insecure URL"
	// errTextNoHost ends what it reports for an http(s) entry without host.
	errTextNoHost = "http: no Host in request URL"
)

func newMsg(format string, args ...any) *i18n.Msg {
	return &i18n.Msg{Format: format, Args: args}
}

// errRank orders errors as modfetch.TryProxies does: an error from direct
// is the most helpful, then any proxy error other than not-found, then a
// not-found.
type errRank int

const (
	rankNotExist errRank = iota
	rankProxy
	rankDirect
)

// tryProxies walks the chain like modfetch.TryProxies. try returns the
// outcome of entry i; off is passed through try too, so callers decide what
// it means (for module lookups it is a not-found). It returns the index that
// succeeded or hung (with that outcome), or the index of the error go
// reports (best), and the entries tried.
func tryProxies(c Chain, try func(i int, e Entry) Outcome) (index int, out Outcome, tried []int) {
	best, bestOut, bestRank := -1, OutcomeNotFound, rankNotExist
	for i, e := range c.Entries {
		tried = append(tried, i)
		o := try(i, e)
		switch o {
		case OutcomeOK, OutcomeHang, OutcomeBroken:
			return i, o, tried
		}
		notExist := o == OutcomeNotFound
		switch {
		case e.Kind == KindDirect:
			best, bestOut, bestRank = i, o, rankDirect
		case bestRank <= rankProxy && !notExist:
			best, bestOut, bestRank = i, o, rankProxy
		case bestRank == rankNotExist:
			best, bestOut = i, o
		}
		if e.Kind != KindProxy {
			break // direct and off end the list
		}
		if e.Sep != SepPipe && !notExist {
			break
		}
	}
	return best, bestOut, tried
}

// OutcomeBroken is an answer of 200 whose body the go command rejects:
// garbage instead of JSON, a .mod that does not parse, a .zip that is not a
// valid zip or whose hash does not match the checksum database. For a .info
// go treats it as an error (it moves on only after '|'); a 200 for a .mod or
// a .zip is final, so the download fails at that entry whatever the
// separator (cmd/go/internal/modfetch: TryProxies, then the .mod and .zip
// are checked after the walk). For /sumdb/<name>/supported it is a
// 200 whose lookups then fail: go sends all checksum database traffic to
// that proxy and the verification fails there (see RouteSumDB).
//
// It is declared here, next to the simulation that gives it meaning.
const OutcomeBroken Outcome = OutcomeHang + 1

// File is one of the files the go command asks a proxy for when it
// downloads a module version.
type File int

// The files of a download, in the order go asks for them.
const (
	FileInfo File = iota // @v/<version>.info
	FileMod              // @v/<version>.mod
	FileZip              // @v/<version>.zip
)

// String returns ".info", ".mod", ".zip" or "@v/list" (FileQuery).
func (f File) String() string {
	switch f {
	case FileQuery:
		return "@v/list"
	case FileInfo:
		return ".info"
	case FileMod:
		return ".mod"
	}
	return ".zip"
}

// Files is what one entry answers for each file of a download.
type Files struct {
	Info, Mod, Zip Outcome
}

// Same is the same outcome for every file.
func Same(o Outcome) Files { return Files{Info: o, Mod: o, Zip: o} }

// Of returns the outcome for file f.
func (fs Files) Of(f File) Outcome {
	switch f {
	case FileInfo:
		return fs.Info
	case FileMod:
		return fs.Mod
	}
	return fs.Zip
}

// Simulate says what the go command does with a module download given the
// chain and what each entry answers, the same for every file:
// outcome(i, e) is called for the entries go reaches. It is
// SimulateDownload with Same(outcome(i, e)).
func Simulate(c Chain, outcome func(i int, e Entry) Outcome) Verdict {
	return SimulateDownload(c, func(i int, e Entry) Files { return Same(outcome(i, e)) })
}

// SimulateDownload says what the go command does with one module download
// (go mod download, a build fetching a dependency) given the chain and
// what each entry answers for each file: files(i, e) is called for the
// entries go reaches. go walks the chain separately for the .info, the .mod
// and the .zip, like modfetch.TryProxies each time: the first 200 serves; a
// hang stops everything, whatever the separators; after a 404/410 go always
// moves on; after any other error only when the separator after the entry
// is '|'. When all fail, go reports the error from direct if it was reached,
// else the last error that was not a 404/410, else the last 404/410. off
// fails with "module lookup disabled by GOPROXY=off" (a not-found) without
// a request, and files is not called for it; nor for an Unusable entry
// (http:// with credentials, no host), which go never contacts (an error).
//
// A broken 200 (OutcomeBroken) is an error for the .info, but final for the
// .mod and the .zip: the download fails at that entry. So "garbage|ok"
// fails at garbage, although ok serves the .info.
//
// The verdict is the first file's walk that does not serve (with File
// set), else the .zip's: Index is the entry that serves the .zip.
//
// Modules matching GONOPROXY/GOPRIVATE are outside this model: go fetches
// them directly.
func SimulateDownload(c Chain, files func(i int, e Entry) Files) Verdict {
	return simulateFiles(c, []File{FileInfo, FileMod, FileZip}, files)
}

// simulateFiles walks the chain for each of files in turn and returns the
// first walk that does not serve, else the last one, with Tried the union.
func simulateFiles(c Chain, files []File, of func(i int, e Entry) Files) Verdict {
	if len(c.Entries) == 0 {
		m := newMsg(reasonNoEntries)
		return Verdict{Kind: Failed, Index: -1, Outcome: OutcomeError, Reason: m.Error(), Msg: m}
	}
	cache := map[int]Files{}
	get := func(i int, e Entry) Files {
		fs, ok := cache[i]
		if !ok {
			fs = of(i, e)
			cache[i] = fs
		}
		return fs
	}
	var v Verdict
	var tried []int
	for _, f := range files {
		v = simulateFile(c, f, get)
		for _, i := range v.Tried {
			if !slices.Contains(tried, i) {
				tried = append(tried, i)
			}
		}
		if v.Kind != Served {
			break
		}
	}
	slices.Sort(tried)
	v.Tried = tried
	return v
}

// simulateFile is the walk for one file.
func simulateFile(c Chain, f File, files func(i int, e Entry) Files) Verdict {
	return walk(c, f, func(i int, e Entry) Outcome {
		o := files(i, e).Of(f)
		if o == OutcomeBroken && f == FileInfo {
			return OutcomeError // go rejects the .info and may move on
		}
		return o
	})
}

// walk is the walk of one request f through the chain (a file of a
// download, or FileQuery), with outcome(i, e) the answer of each proxy
// entry go sends it to, and the verdict's explanation.
func walk(c Chain, f File, outcome func(i int, e Entry) Outcome) Verdict {
	i, o, tried := tryProxies(c, func(i int, e Entry) Outcome {
		switch {
		case e.Kind == KindOff:
			return OutcomeNotFound
		case e.Unusable() != "":
			return OutcomeError
		}
		return outcome(i, e)
	})
	v := Verdict{Index: i, Tried: tried, Outcome: o, File: f}
	e := c.Entries[i]
	// stopped: go gave up at this proxy's error because of the ',' after it.
	stopped := i == tried[len(tried)-1] && i < len(c.Entries)-1 && e.Kind == KindProxy
	switch {
	case o == OutcomeOK && e.Kind == KindDirect:
		v.Kind, v.Msg = Served, newMsg(i18n.N("go falls back to direct: it fetches the module from its origin with git (or another version control tool)"))
	case o == OutcomeOK && i == 0:
		v.Kind, v.Msg = Served, newMsg(i18n.N("%s serves the request: it is the first entry"), e.Label())
	case o == OutcomeOK:
		v.Kind, v.Msg = Served, newMsg(i18n.N("%s serves the request: every entry before it failed in a way that lets go move on"), e.Label())
	case o == OutcomeHang:
		v.Kind, v.Msg = Hangs, newMsg(i18n.N("%s never answers and go waits for it forever: the go command has no timeout for proxy requests, so no separator helps"), e.Label())
	case o == OutcomeBroken:
		v.Kind, v.Outcome = Failed, OutcomeBroken
		v.Msg = newMsg(i18n.N("the download fails at %s: it answers 200 with a broken %s, and go takes any 200 for a .mod or .zip as final, whatever the separator"), e.Label(), f.String())
	default:
		v.Kind = Failed
		switch {
		case e.Kind == KindDirect:
			v.Msg = newMsg(i18n.N("the lookup fails: go reports the error from direct (fetching from version control), which wins over any proxy's error"))
		case e.Kind == KindOff:
			v.Msg = newMsg(i18n.N("the lookup fails: no proxy had the module and off ends the list, so go reports %q"), ErrTextOff)
		case e.Unusable() != "" && stopped:
			v.Msg = newMsg(i18n.N("the lookup fails at %s: go never sends it a request (%q), and the ',' after it stops the lookup"), e.Label(), e.Unusable())
		case e.Unusable() != "":
			v.Msg = newMsg(i18n.N("the lookup fails: go reports the error from %s, the last one that was not a 404/410: go never sends it a request (%q)"), e.Label(), e.Unusable())
		case o == OutcomeError && stopped:
			v.Msg = newMsg(i18n.N("the lookup fails at %s: its error is not a 404/410 and the ',' after it stops the lookup, so go reports that error"), e.Label())
		case o == OutcomeError:
			v.Msg = newMsg(i18n.N("the lookup fails: every entry failed, and go reports the error from %s, the last one that was not a 404/410"), e.Label())
		default:
			v.Msg = newMsg(i18n.N("the lookup fails: no entry has the module, and go reports the last not-found (404/410), from %s"), e.Label())
		}
	}
	if f == FileQuery {
		if m := queryMessage(v, e); m != nil {
			v.Msg = m
		}
	}
	v.Reason = v.Msg.Error()
	return v
}
