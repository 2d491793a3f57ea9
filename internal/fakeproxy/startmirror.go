package fakeproxy

import "testing"

// StartMirror starts a fake mirror as Start does and closes it when the test
// (or benchmark) ends; a failure to start fails the test.
func StartMirror(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("starting a fake mirror: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}
