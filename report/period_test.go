package report_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/report"
)

var now = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)

func date(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		name string
		got  func() (report.Period, error)
		want report.Period
	}{
		{"last 30 days", func() (report.Period, error) { return report.LastDays(30, now), nil },
			report.Period{From: date("2026-11-02T00:00:00Z"), To: date("2026-12-01T09:00:00Z")}},
		{"whole dates", func() (report.Period, error) { return report.Dates("2026-11-01", "2026-11-30", now) },
			report.Period{From: date("2026-11-01T00:00:00Z"), To: date("2026-12-01T00:00:00Z")}},
		{"end cut to now", func() (report.Period, error) { return report.Dates("2026-11-20", "2026-12-31", now) },
			report.Period{From: date("2026-11-20T00:00:00Z"), To: date("2026-12-01T09:00:00Z")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.got()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("period (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPeriodErrors(t *testing.T) {
	if _, err := report.Dates("2026-11-30", "2026-11-01", now); err == nil {
		t.Error("Dates with the end before the start succeeded")
	}
	if _, err := report.Dates("2026-12-02", "2026-12-03", now); err == nil {
		t.Error("Dates in the future succeeded")
	}
	if err := (report.Period{From: date("2025-12-31T00:00:00Z"), To: date("2026-01-02T00:00:00Z")}).Check(now); err == nil {
		t.Error("Check accepted a start before 2026-01-01")
	}
	if err := (report.Period{From: date("2026-01-01T00:00:00Z"), To: date("2026-01-02T00:00:00Z")}).Check(now.AddDate(1, 0, 0)); err == nil {
		t.Error("Check accepted a start more than 365 days ago")
	}
	for _, bad := range []string{"30", "0d", "-1d", "d", "3m"} {
		if _, err := report.ParseDays(bad); err == nil {
			t.Errorf("ParseDays(%q) succeeded", bad)
		}
	}
}

func TestWindowsAndDays(t *testing.T) {
	p := report.Period{From: date("2026-10-01T00:00:00Z"), To: date("2026-11-05T12:00:00Z")}
	want := []report.Period{
		{From: date("2026-10-01T00:00:00Z"), To: date("2026-11-01T00:00:00Z")},
		{From: date("2026-11-01T00:00:00Z"), To: date("2026-11-05T12:00:00Z")},
	}
	if diff := cmp.Diff(want, p.Windows(report.MaxWindow)); diff != "" {
		t.Errorf("windows (-want +got):\n%s", diff)
	}
	if days := p.Days(); len(days) != 36 || !days[35].Equal(date("2026-11-05T00:00:00Z")) {
		t.Errorf("Days() = %d days ending %v, want 36 ending 2026-11-05", len(days), days[len(days)-1])
	}
}
