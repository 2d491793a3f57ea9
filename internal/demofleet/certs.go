package demofleet

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// CertKind selects the certificate an HTTPS server presents.
type CertKind int

// Certificate variants. Every variant except CertValid fails verification
// against CAPool for the address of the server, each with its own error.
const (
	// CertValid is signed by the package CA for 127.0.0.1, ::1 and localhost.
	CertValid CertKind = iota
	// CertExpired is signed by the package CA but expired a day ago:
	// x509.CertificateInvalidError with Reason x509.Expired.
	CertExpired
	// CertWrongHost is signed by the package CA for WrongHostName only:
	// x509.HostnameError.
	CertWrongHost
	// CertUnknownCA is valid for loopback but signed by another CA that is not
	// in CAPool: x509.UnknownAuthorityError.
	CertUnknownCA
	// CertExpiring is valid for loopback and expires Options.CertExpiresIn
	// (default 5 days) after it was made: it verifies, and a probe reports few
	// days left.
	CertExpiring
)

// WrongHostName is the only name in a CertWrongHost certificate.
const WrongHostName = "mirror.wrong-host.example"

// String names the variant ("valid", "expired", "wrong-host", "unknown-ca",
// "expiring").
func (k CertKind) String() string {
	switch k {
	case CertValid:
		return "valid"
	case CertExpired:
		return "expired"
	case CertWrongHost:
		return "wrong-host"
	case CertUnknownCA:
		return "unknown-ca"
	case CertExpiring:
		return "expiring"
	}
	return fmt.Sprintf("CertKind(%d)", int(k))
}

// authority is a certificate authority that signs leaves.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	der  []byte
}

var (
	// caOnce guards the process-wide CAs: key generation is the slow part of
	// starting an HTTPS server, so every server of the process shares them.
	caOnce   sync.Once
	caErr    error
	trusted  *authority // the CA of CAPool
	stranger *authority // signs CertUnknownCA leaves; in no pool
	caPool   *x509.CertPool
	caPEM    []byte

	leafMu    sync.Mutex
	leafCache = map[leafKey]*tls.Certificate{}
)

// leafKey identifies a cached leaf certificate.
type leafKey struct {
	kind      CertKind
	expiresIn time.Duration
}

// keyAndSerial returns a new ECDSA P-256 key (fast to make, unlike RSA) and
// a random certificate serial number.
func keyAndSerial() (*ecdsa.PrivateKey, *big.Int, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	sn, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	return key, sn, err
}

// newAuthority makes a self-signed ECDSA P-256 CA.
func newAuthority(name string) (*authority, error) {
	key, sn, err := keyAndSerial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: name, Organization: []string{"goproxytui demo fleet"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &authority{cert: cert, key: key, der: der}, nil
}

// initCA makes the process-wide CAs once.
func initCA() error {
	caOnce.Do(func() {
		if trusted, caErr = newAuthority("goproxytui demo fleet CA"); caErr != nil {
			return
		}
		if stranger, caErr = newAuthority("goproxytui demo fleet unknown CA"); caErr != nil {
			return
		}
		caPool = x509.NewCertPool()
		caPool.AddCert(trusted.cert)
		caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: trusted.der})
	})
	return caErr
}

// CAPool returns a pool holding only the package CA, which signs every
// certificate variant except CertUnknownCA. It panics if the CA cannot be
// generated (the system's random source failed).
func CAPool() *x509.CertPool {
	if err := initCA(); err != nil {
		panic(fmt.Sprintf("demofleet: generating CA: %v", err))
	}
	return caPool
}

// CAPEM returns the package CA certificate in PEM form, as SSL_CERT_FILE
// wants it. It panics like CAPool.
func CAPEM() []byte {
	CAPool()
	return append([]byte(nil), caPEM...)
}

// leaf returns the (cached) leaf certificate of a variant.
func leaf(kind CertKind, expiresIn time.Duration) (*tls.Certificate, error) {
	if err := initCA(); err != nil {
		return nil, err
	}
	if kind != CertExpiring {
		expiresIn = 0
	} else if expiresIn <= 0 {
		expiresIn = 5 * 24 * time.Hour
	}
	k := leafKey{kind, expiresIn}
	leafMu.Lock()
	defer leafMu.Unlock()
	if c, ok := leafCache[k]; ok {
		return c, nil
	}
	c, err := makeLeaf(kind, expiresIn)
	if err != nil {
		return nil, err
	}
	leafCache[k] = c
	return c, nil
}

// makeLeaf signs a new leaf certificate of a variant.
func makeLeaf(kind CertKind, expiresIn time.Duration) (*tls.Certificate, error) {
	key, sn, err := keyAndSerial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: sn,
		Subject:      pkix.Name{CommonName: "localhost", Organization: []string{"goproxytui demo fleet"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	ca := trusted
	switch kind {
	case CertValid:
	case CertExpired:
		tmpl.NotBefore = now.AddDate(-1, 0, 0)
		tmpl.NotAfter = now.Add(-24 * time.Hour)
	case CertWrongHost:
		tmpl.Subject.CommonName = WrongHostName
		tmpl.DNSNames = []string{WrongHostName}
		tmpl.IPAddresses = nil
	case CertUnknownCA:
		ca = stranger
	case CertExpiring:
		tmpl.NotAfter = now.Add(expiresIn)
	default:
		return nil, fmt.Errorf("demofleet: unknown certificate kind %d", int(kind))
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, err
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: parsed}, nil
}

// writeCAFile writes CAPEM to ca.pem in the temp directory *dir, making the
// directory first when *dir is "", and returns the file's path. The caller
// holds the lock guarding *dir and removes the directory when done.
func writeCAFile(dir *string) (string, error) {
	if *dir == "" {
		d, err := os.MkdirTemp("", "demofleet-ca-")
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(d, "ca.pem"), CAPEM(), 0o644); err != nil {
			os.RemoveAll(d)
			return "", err
		}
		*dir = d
	}
	return filepath.Join(*dir, "ca.pem"), nil
}
