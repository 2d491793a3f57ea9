package probe

import (
	"context"
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/fakeproxy"
)

// Certificate days are calendar days in the user's location: a 5-day
// certificate "expires in 5 days" a moment after it was made (the floor of
// hours/24 said 4), and one that expired yesterday "expired 1 day ago",
// whatever the hour.
func TestCertDaysLeft(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 12, 4, 18, 30, 0, 0, shanghai)
	for _, tt := range []struct {
		name     string
		notAfter time.Time
		days     int
		en, zh   string
		short    string
	}{
		{"exactly 5 days, a second later", now.Add(5*24*time.Hour - time.Second), 5, "expires in 5 days", "5 天后过期", "5d"},
		{"5 days and 5 hours: still the 9th", now.Add(5*24*time.Hour + 5*time.Hour), 5, "expires in 5 days", "5 天后过期", "5d"},
		{"tomorrow morning", time.Date(2026, 12, 5, 1, 0, 0, 0, shanghai), 1, "expires in 1 day", "1 天后过期", "1d"},
		{"later today", now.Add(5 * time.Hour), 0, "expires today", "今天过期", "0d"},
		{"earlier today", now.Add(-18 * time.Hour), 0, "expires today", "今天过期", "0d"},
		{"yesterday, 2 hours before midnight", time.Date(2026, 12, 3, 22, 0, 0, 0, shanghai), -1, "expired 1 day ago", "1 天前已过期", "exp"},
		{"yesterday, in UTC: the 4th in Shanghai is what counts", time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC), 0, "expires today", "今天过期", "0d"},
		{"3 days ago", now.AddDate(0, 0, -3), -3, "expired 3 days ago", "3 天前已过期", "exp"},
		{"a root valid until 9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), 2912105, "expires in 2912105 days", "2912105 天后过期", "2912105d"},
	} {
		got := CertDaysLeft(tt.notAfter, now)
		if got != tt.days {
			t.Errorf("%s: CertDaysLeft = %d, want %d", tt.name, got, tt.days)
		}
		if s := CertExpiry(i18n.EN, got); s != tt.en {
			t.Errorf("%s: CertExpiry = %q, want %q", tt.name, s, tt.en)
		}
		if s := CertExpiry(i18n.ZH, got); s != tt.zh {
			t.Errorf("%s: CertExpiry zh = %q, want %q", tt.name, s, tt.zh)
		}
		if s := CertDaysShort(i18n.EN, got); s != tt.short {
			t.Errorf("%s: CertDaysShort = %q, want %q", tt.name, s, tt.short)
		}
	}
	// Across a DST change (New York, 2026-11-01): 24-hour periods would
	// make midnight-to-midnight 23 or 25 hours; calendar days do not care.
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		n := time.Date(2026, 10, 31, 23, 30, 0, 0, ny)
		if got := CertDaysLeft(time.Date(2026, 11, 1, 23, 0, 0, 0, ny), n); got != 1 {
			t.Errorf("across DST: %d, want 1", got)
		}
	}
}

// Through a real handshake: a certificate made to expire in 3 days has 3
// days left (the floor of hours/24 said 2 a moment later), and the fake's
// expired one, which expired 24 hours before it was made, -1.
func TestProbeCertDaysCalendar(t *testing.T) {
	t.Parallel()
	s := fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, Cert: fakeproxy.CertExpiring, CertExpiresIn: 72 * time.Hour})
	r := Probe(context.Background(), mirrorAt("m", s.URL()), testOptions())
	if r.TLS == nil || r.TLS.DaysLeft != 3 {
		t.Fatalf("TLS %+v, want 3 days left", r.TLS)
	}
	if got := CertExpiry(i18n.EN, r.TLS.DaysLeft); got != "expires in 3 days" {
		t.Errorf("CertExpiry %q", got)
	}
	s = fakeproxy.StartMirror(t, fakeproxy.Options{TLS: true, Cert: fakeproxy.CertExpired})
	r = Probe(context.Background(), mirrorAt("m", s.URL()), testOptions())
	if r.TLS == nil || r.TLS.DaysLeft != -1 {
		t.Fatalf("TLS %+v, want -1 day", r.TLS)
	}
	if got := CertExpiry(i18n.EN, r.TLS.DaysLeft); got != "expired 1 day ago" {
		t.Errorf("CertExpiry %q", got)
	}
}
