package probe

import (
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
)

// Label spells class c for a person in language l: "timeout (TLS)" rather
// than tls_timeout. --json output keeps the machine names.
func (c Class) Label(l i18n.Lang) string {
	var s string
	switch c {
	case ClassOK:
		s = i18n.N("ok")
	case ClassDNS:
		s = i18n.N("DNS failure")
	case ClassRefused:
		s = i18n.N("refused")
	case ClassConnectTimeout:
		s = i18n.N("timeout (connect)")
	case ClassTLS:
		s = i18n.N("TLS error")
	case ClassTLSTimeout:
		s = i18n.N("timeout (TLS)")
	case ClassStall:
		s = i18n.N("stall (no answer)")
	case ClassNotFound:
		s = i18n.N("not found")
	case ClassHTTP4xx:
		s = i18n.N("client error (4xx)")
	case ClassHTTP5xx:
		s = i18n.N("server error (5xx)")
	case ClassProtocol:
		s = i18n.N("bad answer")
	case ClassReset:
		s = i18n.N("reset")
	default:
		return sanitize.Line(string(c), 30)
	}
	return l.T(s)
}
