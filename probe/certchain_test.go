package probe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// issue makes a certificate for tpl signed by parent (self-signed when nil).
func issue(t *testing.T, tpl *x509.Certificate, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if parent == nil {
		parent, parentKey = tpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, key
}

// caTemplate is a CA certificate valid from an hour before now to notAfter.
func caTemplate(now time.Time, name string, notAfter time.Time) *x509.Certificate {
	return &x509.Certificate{SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: now.Add(-time.Hour), NotAfter: notAfter, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
}

// The expiry reported is the earliest NotAfter of the verified chain: here
// the intermediate's, 10 days off, before the leaf's 60; and a subject full
// of terminal escapes comes out clean and capped.
func TestProbeChainExpiryAndHostileSubject(t *testing.T) {
	t.Parallel()
	now := time.Now()
	ca, caKey := issue(t, caTemplate(now, "root", now.AddDate(5, 0, 0)), nil, nil)
	inter, interKey := issue(t, caTemplate(now, "intermediate", now.Add(10*24*time.Hour+time.Hour)), ca, caKey)
	hostile := "\x1b]52;c;cHduZWQ=\x07\x1b[2J\u202e" + strings.Repeat("x\x1b[31m", 300)
	leaf, leafKey := issue(t, &x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: hostile},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(60 * 24 * time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}, inter, interKey)

	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"Version":"v1.0.0"}`))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.Raw, inter.Raw}, PrivateKey: leafKey}}}
	srv.StartTLS()
	defer srv.Close()
	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	o.RootCAs = x509.NewCertPool()
	o.RootCAs.AddCert(ca)
	r := Probe(context.Background(), mirrorAt("m", srv.URL), o)
	if r.Class != ClassOK || r.TLS == nil {
		t.Fatalf("%s %q", r.Class, r.Reason)
	}
	ti := r.TLS
	if !ti.ChainNotAfter.Equal(inter.NotAfter) || !ti.LeafNotAfter.Equal(leaf.NotAfter) || ti.DaysLeft != 10 {
		t.Errorf("chain %v leaf %v days %d; want the intermediate's %v, 10 days", ti.ChainNotAfter, ti.LeafNotAfter, ti.DaysLeft, inter.NotAfter)
	}
	if strings.ContainsAny(ti.Subject, "\x1b\x07\u202e") || len([]rune(ti.Subject)) > 201 || !strings.Contains(ti.Subject, "xxx") {
		t.Errorf("subject %q", ti.Subject)
	}
}

// The host name is resolved by the probe and the address dialled, yet TLS
// still sends the host name (SNI) and verifies the certificate against it.
func TestProbeSNIAfterResolving(t *testing.T) {
	t.Parallel()
	now := time.Now()
	ca, caKey := issue(t, caTemplate(now, "root", now.AddDate(1, 0, 0)), nil, nil)
	leaf, leafKey := issue(t, &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "mirror.test"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(0, 3, 0), DNSNames: []string{"mirror.test"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}, ca, caKey)
	sni := make(chan string, 4)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"Version":"v1.0.0"}`))
	}))
	srv.TLS = &tls.Config{GetCertificate: func(h *tls.ClientHelloInfo) (*tls.Certificate, error) {
		sni <- h.ServerName
		return &tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: leafKey}, nil
	}}
	srv.StartTLS()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	o := testOptions()
	o.CheckList, o.CheckSumDB = false, false
	o.RootCAs = x509.NewCertPool()
	o.RootCAs.AddCert(ca)
	o.Resolver = fakeResolver{"mirror.test": {netip.MustParseAddr("127.0.0.1")}}
	r := Probe(context.Background(), mirrorAt("m", "https://mirror.test:"+port), o)
	if r.Class != ClassOK || r.Phases.DNS <= 0 || r.RemoteAddr != "127.0.0.1:"+port {
		t.Fatalf("%s %q phases %+v remote %q", r.Class, r.Reason, r.Phases, r.RemoteAddr)
	}
	if got := <-sni; got != "mirror.test" {
		t.Errorf("SNI %q, want mirror.test", got)
	}
}
