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
