package relay

import (
	"encoding/json"
	"io"
	"sync"
)

// JSONLog returns an Observer writing one JSON line per request to w:
// time, path, kind, status, bytes, ms, served_by, every attempt (mirror,
// class, status, ms, hedge, reason) and whether a hedge fired. Writes are
// serialised; a write error stops nothing (the relay keeps serving).
func JSONLog(w io.Writer) Observer {
	var mu sync.Mutex
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return ObserverFunc(func(rec RequestRecord) {
		mu.Lock()
		defer mu.Unlock()
		enc.Encode(rec)
	})
}
