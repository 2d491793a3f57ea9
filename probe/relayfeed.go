package probe

// Error predicates shared with package relay, which classifies the
// failures of live requests in this package's classes.

// IsTimeout reports a deadline: a context's, a connection's, or a net.Error
// that timed out.
func IsTimeout(err error) bool { return isTimeout(err) }

// IsReset reports a connection reset or closed early by the other side (or
// a stream reset over HTTP/2).
func IsReset(err error) bool { return isReset(err) }
