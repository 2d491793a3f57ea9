package ui

import (
	"testing"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/probe"
)

// The screens name a probe class by its machine name in English and by a
// translated label in Chinese, for every class.
func TestClassTextTranslated(t *testing.T) {
	classes := []probe.Class{probe.ClassOK, probe.ClassDNS, probe.ClassRefused, probe.ClassConnectTimeout,
		probe.ClassTLS, probe.ClassTLSTimeout, probe.ClassStall, probe.ClassNotFound, probe.ClassHTTP4xx,
		probe.ClassHTTP5xx, probe.ClassProtocol, probe.ClassReset}
	for _, c := range classes {
		if got := classText(i18n.EN, c); got != string(c) {
			t.Errorf("English %s: %q", c, got)
		}
		zh := classText(i18n.ZH, c)
		if zh == string(c) || zh == c.Label(i18n.EN) {
			t.Errorf("Chinese %s: %q is not translated", c, zh)
		}
	}
	if got := classText(i18n.ZH, probe.Class("new\x1b[31m")); got != "new" {
		t.Errorf("an unknown class is shown sanitized: %q", got)
	}
}
