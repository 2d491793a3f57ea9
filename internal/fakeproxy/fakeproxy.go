// Package fakeproxy is the name tests use for the simulated Go module
// mirrors of package demofleet: a Server per test, with its behaviours,
// certificate variants and checksum database. Only tests import it, so
// `go list -deps .` names no fake package; the product's --demo uses
// demofleet directly.
package fakeproxy

import (
	"crypto/x509"
	"time"

	"github.com/goproxytui/goproxytui/internal/demofleet"
)

// The types of a simulated mirror (see package demofleet).
type (
	Behavior  = demofleet.Behavior
	Blackhole = demofleet.Blackhole
	CertKind  = demofleet.CertKind
	Endpoint  = demofleet.Endpoint
	Info      = demofleet.Info
	Kind      = demofleet.Kind
	Module    = demofleet.Module
	Options   = demofleet.Options
	Partial   = demofleet.Partial
	Request   = demofleet.Request
	Server    = demofleet.Server
)

// Behaviours, endpoints, certificate variants and fixed names.
const (
	ANSIBody        = demofleet.ANSIBody
	Canary          = demofleet.Canary
	CertExpired     = demofleet.CertExpired
	CertExpiring    = demofleet.CertExpiring
	CertUnknownCA   = demofleet.CertUnknownCA
	CertValid       = demofleet.CertValid
	CertWrongHost   = demofleet.CertWrongHost
	EndpointInfo    = demofleet.EndpointInfo
	EndpointLatest  = demofleet.EndpointLatest
	EndpointList    = demofleet.EndpointList
	EndpointMod     = demofleet.EndpointMod
	EndpointOther   = demofleet.EndpointOther
	EndpointSumDB   = demofleet.EndpointSumDB
	EndpointZip     = demofleet.EndpointZip
	Forbidden       = demofleet.Forbidden
	GarbageJSON     = demofleet.GarbageJSON
	Gone            = demofleet.Gone
	HandshakeStall  = demofleet.HandshakeStall
	HugeBody        = demofleet.HugeBody
	HugeSize        = demofleet.HugeSize
	NotFound        = demofleet.NotFound
	OK              = demofleet.OK
	Reset           = demofleet.Reset
	ServerError     = demofleet.ServerError
	SlowBody        = demofleet.SlowBody
	StaleList       = demofleet.StaleList
	Stall           = demofleet.Stall
	Status          = demofleet.Status
	UnresolvableURL = demofleet.UnresolvableURL
	WrongHostName   = demofleet.WrongHostName
	WrongVersion    = demofleet.WrongVersion
)

// ErrClosed is returned by WaitRequest when the server closes first.
var ErrClosed = demofleet.ErrClosed

// CAPEM is demofleet.CAPEM.
func CAPEM() []byte { return demofleet.CAPEM() }

// CAPool is demofleet.CAPool.
func CAPool() *x509.CertPool { return demofleet.CAPool() }

// Code is demofleet.Code.
func Code(status int) Behavior { return demofleet.Code(status) }

// DefaultModules is demofleet.DefaultModules.
func DefaultModules() []Module { return demofleet.DefaultModules() }

// Delayed is demofleet.Delayed.
func Delayed(d time.Duration) Behavior { return demofleet.Delayed(d) }

// Do is demofleet.Do.
func Do(k Kind) Behavior { return demofleet.Do(k) }

// GoSum is demofleet.GoSum.
func GoSum(modPath, vers string, mods ...Module) (string, error) {
	return demofleet.GoSum(modPath, vers, mods...)
}

// RefusedURL is demofleet.RefusedURL.
func RefusedURL() (string, error) { return demofleet.RefusedURL() }

// Start is demofleet.Start.
func Start(opts Options) (*Server, error) { return demofleet.Start(opts) }

// StartBlackhole is demofleet.StartBlackhole.
func StartBlackhole() (*Blackhole, error) { return demofleet.StartBlackhole() }

// SumDBKey is demofleet.SumDBKey.
func SumDBKey(name string) (string, error) { return demofleet.SumDBKey(name) }
