package report_test

import (
	"testing"

	"github.com/orgsync/orgsync/report"
)

func TestParseCents(t *testing.T) {
	tests := []struct {
		in      string
		want    report.Money
		cents   string
		dollars string
	}{
		{in: "0", want: 0, cents: "0", dollars: "$0.00"},
		{in: "1234.5678", want: 1234_567800, cents: "1234.5678", dollars: "$12.35"},
		{in: "0.0000005", want: 1, cents: "0.000001", dollars: "$0.00"},
		{in: "0.0000004", want: 0, cents: "0", dollars: "$0.00"},
		{in: "123456789", want: 123456789_000000, cents: "123456789", dollars: "$1,234,567.89"},
		{in: ".5", want: 500000, cents: "0.5", dollars: "$0.01"},
		{in: "-250", want: -250_000000, cents: "-250", dollars: "-$2.50"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := report.ParseCents(tt.in)
			if err != nil {
				t.Fatalf("ParseCents(%q) = %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseCents(%q) = %d, want %d", tt.in, got, tt.want)
			}
			if c := got.Cents(); c != tt.cents {
				t.Errorf("Cents() = %q, want %q", c, tt.cents)
			}
			if d := got.Dollars(); d != tt.dollars {
				t.Errorf("Dollars() = %q, want %q", d, tt.dollars)
			}
		})
	}
	for _, bad := range []string{"", "abc", "1.2.3", "1e5", "+-1", "99999999999999999999"} {
		if _, err := report.ParseCents(bad); err == nil {
			t.Errorf("ParseCents(%q) succeeded, want an error", bad)
		}
	}
}
