package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
)

// Kinds of TLS verification failure, in TLSInfo.VerifyError.
const (
	VerifyUnknownAuthority = "unknown authority"
	VerifyExpired          = "expired"
	VerifyHostname         = "hostname mismatch"
	VerifyHandshake        = "handshake failure"
)

// fail sets the class and the reason. A *i18n.Msg reason can be shown in
// any language by Message; any other error keeps its (sanitised) text.
func (r *Result) fail(c Class, err error) {
	r.Class = c
	r.setReason(err)
}

func (r *Result) setReason(err error) {
	r.msg = nil
	r.Reason = ""
	if err == nil {
		return
	}
	var m *i18n.Msg
	if errors.As(err, &m) && m == err {
		r.msg = m
	} else {
		r.msg = &i18n.Msg{Format: "%s", Args: []any{sanitize.Line(err.Error(), 300)}}
	}
	r.Reason = sanitize.Line(r.msg.Error(), 400)
}

// Message returns the one-line reason in language l ("" for a plain
// success). Results built by hand (Reason only) show Reason as is.
func (r Result) Message(l i18n.Lang) string {
	if r.msg == nil {
		return r.Reason
	}
	return sanitize.Line(l.Error(r.msg), 400)
}

// isTimeout reports a deadline: the probe's context or a connection deadline.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// isReset reports a connection reset or closed early by the other side
// (or a stream reset over HTTP/2).
func isReset(err error) bool {
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	s := err.Error()
	for _, sub := range []string{"connection reset", "stream error", "GOAWAY", "server closed", "unexpected EOF", "broken pipe"} {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// errText is the text of err without the request URL net/http puts in front
// (which may carry a user name) and sanitised.
func errText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return sanitize.Line(err.Error(), 200)
}

// classifyErr turns an error of client.Do into a class and a reason, from
// the phase the probe had reached. The phase decides rather than the error,
// because when the deadline fires net/http returns the context's error
// whatever it was doing.
func (r *Result) classifyErr(ctx context.Context, tr *trace, err error, opt *Options) {
	tr.mu.Lock()
	ph := tr.phase
	dialErr := tr.dialErr
	tlsStarted, tlsDone, tlsErr := !tr.tlsStart.IsZero(), !tr.tlsDone.IsZero(), tr.tlsErr
	host, addr := tr.dialHost, tr.dialAddr
	tr.mu.Unlock()
	if dialErr != nil && !isTimeout(dialErr) {
		err = dialErr
	}
	expired := ctx.Err() != nil || isTimeout(err)
	timeout := opt.Timeout.String()
	target := r.RemoteAddr
	if target == "" {
		target = host
	}

	var class Class
	var reason error
	switch {
	case ph == phaseStart && expired:
		class = ClassConnectTimeout
		reason = i18n.Errorf("no connection attempt within %s", timeout)
	case ph == phaseStart:
		// Before any dial: a bad proxy setting (HTTPS_PROXY=::junk) and such.
		class = ClassProtocol
		reason = i18n.Errorf("the request could not start: %s", errText(err))
	case ph == phaseDNS:
		class = ClassDNS
		var de *net.DNSError
		switch {
		case errors.As(err, &de) && de.IsNotFound:
			reason = i18n.Errorf("DNS: no such host %s", host)
		case expired:
			reason = i18n.Errorf("DNS lookup of %s did not answer within %s", host, timeout)
		default:
			reason = i18n.Errorf("DNS lookup of %s failed: %s", host, errText(err))
		}
	case ph == phaseConnect:
		switch {
		case expired:
			class = ClassConnectTimeout
			reason = i18n.Errorf("no TCP connection to %s within %s (packets dropped or host unreachable)", addr, timeout)
		case errors.Is(err, syscall.ECONNREFUSED):
			class = ClassRefused
			reason = i18n.Errorf("connection refused by %s", addr)
		default:
			class = ClassRefused
			reason = i18n.Errorf("cannot connect to %s: %s", addr, errText(err))
		}
	case tlsStarted && !tlsDone:
		if expired {
			class = ClassTLSTimeout
			reason = i18n.Errorf("TLS handshake with %s did not finish within %s", target, timeout)
		} else {
			class, reason = classifyTLS(r, err)
		}
	case tlsStarted && tlsErr != nil:
		if isTimeout(tlsErr) {
			class = ClassTLSTimeout
			reason = i18n.Errorf("TLS handshake with %s did not finish within %s", target, timeout)
		} else {
			class, reason = classifyTLS(r, tlsErr)
		}
	case errors.Is(err, errInsecureRedirect) || strings.Contains(err.Error(), "stopped after 10 redirects"):
		class = ClassProtocol
		reason = i18n.Errorf("bad redirect: %s", errText(err))
	case ph == phaseConn && r.ViaProxy != "" && expired:
		// Connected to the proxy, no tunnel yet (the proxy cannot reach
		// the mirror, say): net/http gives up a CONNECT after a minute,
		// so this is no hang but an error.
		class = ClassConnectTimeout
		reason = i18n.Errorf("the proxy opened no tunnel to %s within %s (the go command gives up after 1 minute)", hostOf(r.URL), timeout)
	case ph == phaseConn && r.ViaProxy != "" && !expired && !isReset(err):
		class = ClassProtocol
		reason = i18n.Errorf("the proxy refused the tunnel: %s", errText(err))
	case expired:
		class = ClassStall
		reason = i18n.Errorf("connected and sent the request, but no response within %s: the go command has no timeout and would hang on this mirror", timeout)
		switch {
		case ph < phaseWait:
			reason = i18n.Errorf("connected, but the request could not be sent within %s: the go command has no timeout and would hang on this mirror", timeout)
		case ph == phaseBody:
			// Client.Do returns after the headers: a first byte without
			// them is a status line or headers trickling without end.
			reason = i18n.Errorf("the answer started, but its headers did not end within %s: the go command has no timeout and would hang on this mirror", timeout)
		}
	case isReset(err):
		class = ClassReset
		reason = i18n.Errorf("connection reset or closed before the response: %s", errText(err))
	default:
		class = ClassProtocol
		reason = i18n.Errorf("bad response: %s", errText(err))
	}
	r.fail(class, r.viaProxy(reason, ph))
}

// viaProxy says in the reason that a proxy was in the way.
func (r *Result) viaProxy(reason error, ph phase) error {
	if r.ViaProxy == "" {
		return reason
	}
	if ph <= phaseConn {
		return i18n.Errorf("via proxy %s (DNS and connect are the proxy's): %w", r.ViaProxy, reason)
	}
	return i18n.Errorf("via proxy %s: %w", r.ViaProxy, reason)
}

// classifyTLS names a failed handshake: a verification failure by kind,
// a connection closed mid-handshake as a reset, anything else as a
// handshake failure. r.TLS gets the verification kind.
func classifyTLS(r *Result, err error) (Class, error) {
	if r.TLS == nil {
		r.TLS = &TLSInfo{}
	}
	var (
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		hostname x509.HostnameError
		verr     *tls.CertificateVerificationError
	)
	if errors.As(err, &verr) && len(verr.UnverifiedCertificates) > 0 && r.TLS.Subject == "" {
		fillCerts(r.TLS, verr.UnverifiedCertificates, time.Now())
	}
	switch {
	case errors.As(err, &unknown):
		r.TLS.VerifyError = VerifyUnknownAuthority
		issuer := ""
		if unknown.Cert != nil {
			issuer = sanitize.Line(unknown.Cert.Issuer.String(), 120)
		}
		return ClassTLS, i18n.Errorf("certificate signed by unknown authority (issuer %q)", issuer)
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		r.TLS.VerifyError = VerifyExpired
		if c := invalid.Cert; c != nil && time.Now().Before(c.NotBefore) {
			return ClassTLS, i18n.Errorf("certificate is not valid yet (not before %s)", c.NotBefore.UTC().Format(time.DateOnly))
		}
		if c := invalid.Cert; c != nil {
			return ClassTLS, i18n.Errorf("certificate has expired (on %s)", c.NotAfter.UTC().Format(time.DateOnly))
		}
		return ClassTLS, i18n.Errorf("certificate has expired")
	case errors.As(err, &hostname):
		r.TLS.VerifyError = VerifyHostname
		valid := ""
		if c := hostname.Certificate; c != nil {
			names := c.DNSNames
			if len(names) > 4 {
				names = append(names[:4:4], "…")
			}
			valid = sanitize.Line(strings.Join(names, ", "), 160)
		}
		return ClassTLS, i18n.Errorf("certificate is not valid for %s (valid for %s)", sanitize.Line(hostname.Host, 120), valid)
	case errors.As(err, &verr) || errors.As(err, &invalid):
		r.TLS.VerifyError = VerifyHandshake
		return ClassTLS, i18n.Errorf("certificate verification failed: %s", errText(err))
	case isReset(err):
		return ClassReset, i18n.Errorf("connection closed during the TLS handshake (a middlebox may be blocking this host name): %s", errText(err))
	}
	r.TLS.VerifyError = VerifyHandshake
	return ClassTLS, i18n.Errorf("TLS handshake failure: %s", errText(err))
}

// classifyBodyErr classifies a failure while reading a body after a status
// line arrived.
func (r *Result) classifyBodyErr(ctx context.Context, err error, n int, opt *Options) {
	var reason error
	switch {
	case errors.Is(err, errBodyTooLarge):
		r.fail(ClassProtocol, r.viaProxy(i18n.Errorf("response body over %d bytes", MaxBody), phaseBody))
		return
	case ctx.Err() != nil || isTimeout(err):
		reason = i18n.Errorf("the response body stalled (%d bytes in %s): the go command has no timeout and would hang on this mirror", n, opt.Timeout.String())
		r.fail(ClassStall, r.viaProxy(reason, phaseBody))
	default:
		reason = i18n.Errorf("connection reset or closed while reading the body (%d bytes): %s", n, errText(err))
		r.fail(ClassReset, r.viaProxy(reason, phaseBody))
	}
}

// tlsInfo describes a handshake from its state (nil if unknown) and error.
func tlsInfo(cs *tls.ConnectionState, err error, now time.Time) *TLSInfo {
	ti := &TLSInfo{}
	if cs != nil {
		if cs.Version != 0 {
			ti.Version = tls.VersionName(cs.Version)
		}
		if cs.CipherSuite != 0 {
			ti.CipherSuite = tls.CipherSuiteName(cs.CipherSuite)
		}
		ti.ALPN = cs.NegotiatedProtocol
		switch {
		case len(cs.VerifiedChains) > 0:
			fillCerts(ti, cs.VerifiedChains[0], now)
		case len(cs.PeerCertificates) > 0:
			fillCerts(ti, cs.PeerCertificates, now)
		}
	}
	var verr *tls.CertificateVerificationError
	if ti.Subject == "" && errors.As(err, &verr) {
		fillCerts(ti, verr.UnverifiedCertificates, now)
	}
	return ti
}

// fillCerts records the leaf's names and the leaf's and the chain's earliest
// expiry.
func fillCerts(ti *TLSInfo, chain []*x509.Certificate, now time.Time) {
	if len(chain) == 0 {
		return
	}
	leaf := chain[0]
	ti.Subject = sanitize.Line(leaf.Subject.String(), 200)
	ti.Issuer = sanitize.Line(leaf.Issuer.String(), 200)
	ti.LeafNotAfter = leaf.NotAfter
	ti.ChainNotAfter = leaf.NotAfter
	for _, c := range chain[1:] {
		if c.NotAfter.Before(ti.ChainNotAfter) {
			ti.ChainNotAfter = c.NotAfter
		}
	}
	ti.DaysLeft = CertDaysLeft(ti.ChainNotAfter, now)
}

// Files is what the go command would get from this mirror for each file of
// a download of the canary, for mirrors.SimulateDownload, from this probe of
// its .info and, when not nil, a deep probe of its .zip. A 200 with a .info
// go rejects (not JSON, the wrong version) is an error for the .info and is
// taken as a broken 200 for the .mod and .zip too, which go would take as
// final (not measured without a deep probe: a mirror answering garbage with
// 200 does so for every file as a rule). Without a deep probe the .zip is
// taken to be what the .info was.
func (r Result) Files(deep *DeepResult) mirrors.Files {
	fs := mirrors.Same(r.Class.Outcome())
	if r.Class == ClassProtocol && r.Status == 200 {
		fs = mirrors.Same(mirrors.OutcomeBroken)
	}
	if deep != nil && r.OK() {
		fs.Zip = deep.ZipOutcome()
	}
	return fs
}
