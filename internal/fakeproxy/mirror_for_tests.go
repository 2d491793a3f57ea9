package fakeproxy

// TB is the part of testing.TB that StartMirror uses; *testing.T and
// *testing.B satisfy it. (The package does not import testing, so that the
// binary that links it for --demo does not link testing too.)
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// StartMirror starts a fake mirror as Start does and closes it when the test
// (or benchmark) ends; a failure to start fails the test.
func StartMirror(t TB, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("starting a fake mirror: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}
