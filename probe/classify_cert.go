package probe

// Certificate days, counted as a person counts them, and their one
// wording: the CLI's probe table, the TUI's table and detail, doctor and
// recommend all show days through CertExpiry or CertDaysShort.

import (
	"time"

	"github.com/goproxytui/goproxytui/i18n"
)

// CertDaysLeft counts the days from now until notAfter as a person reads
// them off a calendar: the number of calendar days between today's date
// and the expiry date, both in now's location (the user's local time for
// a probe). A certificate that expires at this hour five days from now
// has 5 days left, one that expires later today 0, one that expired
// yesterday -1 — whatever the hour. Counting 24-hour periods instead
// (floor of hours/24) made a certificate issued for exactly 5 days show
// "4 days" a second after it was made, and the count change at a
// different hour of the day than the date shown beside it.
func CertDaysLeft(notAfter, now time.Time) int {
	return civilDay(notAfter.In(now.Location())) - civilDay(now)
}

// civilDay numbers t's calendar date in t's location (days since
// 1970-01-01), without the 24-hour arithmetic that DST days and far
// dates (a root valid until 9999) would break.
func civilDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// CertExpiry says when a certificate with days left (CertDaysLeft)
// expires, as a person says it, completing "its certificate …": "expires
// in 5 days", "expires in 1 day", "expires today", "expired 1 day ago",
// "expired 3 days ago".
func CertExpiry(l i18n.Lang, days int) string {
	switch {
	case days > 1:
		return l.T("expires in %d days", days)
	case days == 1:
		return l.T("expires in 1 day")
	case days == 0:
		return l.T("expires today")
	case days == -1:
		return l.T("expired 1 day ago")
	}
	return l.T("expired %d days ago", -days)
}

// CertDaysShort is CertExpiry for a table cell: "5d", "0d" (expires
// today), "exp" (expired).
func CertDaysShort(l i18n.Lang, days int) string {
	if days < 0 {
		return l.T("exp")
	}
	return l.T("%dd", days)
}
