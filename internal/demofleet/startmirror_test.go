package demofleet

import "testing"

// StartMirror starts a simulated mirror closed at the end of the test; a
// failure to start fails the test. (Package fakeproxy has the same helper
// for the other packages' tests.)
func StartMirror(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("starting a simulated mirror: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}
