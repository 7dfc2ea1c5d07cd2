package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits of the usage and cost analytics endpoints (anthropic-sdk-go
// v2.17.0, BetaOrganizationAnalyticsUsageListParams).
const (
	// MaxWindow is the longest range one request may span.
	MaxWindow = 31 * 24 * time.Hour
	// MaxAge is how far back starting_at may lie.
	MaxAge = 365 * 24 * time.Hour
)

// EarliestStart is the earliest starting_at the endpoints accept.
var EarliestStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// Period is a range of whole hours in UTC: From inclusive, To exclusive.
type Period struct {
	From time.Time
	To   time.Time
}

// ParseDays parses a --since value such as "30d" or "4w" into a number of
// days.
func ParseDays(s string) (int, error) {
	unit := 1
	text := s
	switch {
	case strings.HasSuffix(text, "d"):
		text = strings.TrimSuffix(text, "d")
	case strings.HasSuffix(text, "w"):
		text, unit = strings.TrimSuffix(text, "w"), 7
	default:
		return 0, fmt.Errorf("period %q is invalid: use days or weeks, such as 30d or 4w", s)
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("period %q is invalid: use a whole number of days or weeks of at least 1, such as 30d or 4w", s)
	}
	return n * unit, nil
}

// LastDays returns the period of the last days UTC days up to now: today
// so far and the days-1 days before it. It ends at the start of the
// current hour, because the reports cover whole hours.
func LastDays(days int, now time.Time) Period {
	to := now.UTC().Truncate(time.Hour)
	today := startOfDay(to)
	return Period{From: today.Add(-time.Duration(days-1) * day), To: to}
}

// Dates returns the period from the start of the UTC date from to the
// end of the UTC date to, both written as YYYY-MM-DD. An end past now is
// cut to the start of the current hour.
func Dates(from, to string, now time.Time) (Period, error) {
	start, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return Period{}, fmt.Errorf("date %q is invalid: use YYYY-MM-DD", from)
	}
	last, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return Period{}, fmt.Errorf("date %q is invalid: use YYYY-MM-DD", to)
	}
	if last.Before(start) {
		return Period{}, fmt.Errorf("period %s to %s is invalid: the end is before the start", from, to)
	}
	p := Period{From: start, To: last.Add(day)}
	if current := now.UTC().Truncate(time.Hour); p.To.After(current) {
		p.To = current
	}
	if !p.To.After(p.From) {
		return Period{}, fmt.Errorf("period %s to %s is invalid: it starts in the future", from, to)
	}
	return p, nil
}

// Check returns an error when the endpoints would reject p at now: a
// start before 2026-01-01 or more than 365 days ago.
func (p Period) Check(now time.Time) error {
	if p.From.Before(EarliestStart) {
		return fmt.Errorf("period start %s is invalid: the reports have no data before %s", p.From.Format(time.DateOnly), EarliestStart.Format(time.DateOnly))
	}
	if oldest := now.UTC().Add(-MaxAge); p.From.Before(oldest) {
		return fmt.Errorf("period start %s is invalid: the reports reach back 365 days, to %s", p.From.Format(time.DateOnly), oldest.Format(time.DateOnly))
	}
	return nil
}

// Windows splits p into consecutive windows of at most max, in order.
func (p Period) Windows(max time.Duration) []Period {
	var out []Period
	for from := p.From; from.Before(p.To); from = from.Add(max) {
		out = append(out, Period{From: from, To: minTime(from.Add(max), p.To)})
	}
	return out
}

// Days returns the start of every UTC day p overlaps, in order.
func (p Period) Days() []time.Time {
	var out []time.Time
	for d := startOfDay(p.From); d.Before(p.To); d = d.Add(day) {
		out = append(out, d)
	}
	return out
}

// String formats p as "2026-11-02 to 2026-12-01 10:00 UTC".
func (p Period) String() string {
	end := p.To.Add(-time.Nanosecond)
	if p.To.Equal(startOfDay(p.To)) {
		return fmt.Sprintf("%s to %s (UTC)", p.From.Format(time.DateOnly), end.Format(time.DateOnly))
	}
	return fmt.Sprintf("%s to %s (UTC)", p.From.Format(time.DateOnly), p.To.Format("2006-01-02 15:04"))
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
