package relay

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"strings"
	"syscall"

	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/probe"
)

// Failure classes of the relay's own, beside the probe package's: what an
// attempt's body did, and why an attempt was cut short.
const (
	// ClassInvalid: a 200 answer the go command would reject or take for
	// a wrong file (garbage JSON, another version, a go.mod of another
	// module, a list line that is not a version, an incomplete zip).
	ClassInvalid probe.Class = "invalid"
	// ClassDrip: the body came, but slower than the floor rate (less than
	// BodyFloor bytes in a BodyWindow, or a small file not whole within
	// its deadline).
	ClassDrip probe.Class = "drip"
	// ClassOutrun: another mirror's answer was served first; this attempt
	// was on time (a hedge that started later, or a body still coming at
	// a normal pace).
	ClassOutrun probe.Class = "outrun"
	// ClassAbandoned: the request ended before the attempt did (the
	// client left or the relay shut down).
	ClassAbandoned probe.Class = "abandoned"
)

// classify turns the error of one attempt (before the headers) into one of
// the probe package's failure classes. connected says a connection was
// obtained; ttfbExpired that the relay's time-to-first-byte limit cut it.
func classify(err error, connected, ttfbExpired bool) probe.Class {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var uaErr x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invErr x509.CertificateInvalidError
	var recErr tls.RecordHeaderError
	switch {
	case ttfbExpired && connected:
		return probe.ClassStall
	case ttfbExpired:
		return probe.ClassConnectTimeout
	case errors.As(err, &dnsErr):
		return probe.ClassDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return probe.ClassRefused
	case errors.As(err, &certErr), errors.As(err, &uaErr), errors.As(err, &hostErr),
		errors.As(err, &invErr), errors.As(err, &recErr), strings.Contains(err.Error(), "tls: "):
		if probe.IsTimeout(err) {
			return probe.ClassTLSTimeout
		}
		return probe.ClassTLS
	case probe.IsTimeout(err) && !connected:
		return probe.ClassConnectTimeout
	case probe.IsTimeout(err):
		return probe.ClassStall
	case probe.IsReset(err):
		return probe.ClassReset
	}
	return probe.ClassProtocol
}

// errText is err without the request URL net/http puts in front (it may
// carry credentials), terminal-safe and short.
func errText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return sanitize.Line(err.Error(), 160)
}
