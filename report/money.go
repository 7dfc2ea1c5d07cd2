package report

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount of US dollars in millionths of a cent, so that the
// fractional-cent amounts of the cost report add up exactly. An int64
// holds up to about 92 billion dollars.
type Money int64

// microPerCent is the number of Money units in one cent.
const microPerCent = 1_000_000

// ParseCents parses an amount in cents with an optional fraction, as the
// cost report writes it ("1234.5678"). Digits past the sixth decimal are
// rounded half away from zero.
func ParseCents(s string) (Money, error) {
	text := strings.TrimSpace(s)
	negative := strings.HasPrefix(text, "-")
	text = strings.TrimPrefix(text, "-")
	whole, frac, _ := strings.Cut(text, ".")
	if whole == "" && frac == "" {
		return 0, fmt.Errorf("amount %q is invalid: want cents such as 1234.56", s)
	}
	if whole == "" {
		whole = "0"
	}
	cents, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || strings.ContainsAny(whole, "+-") {
		return 0, fmt.Errorf("amount %q is invalid: want cents such as 1234.56", s)
	}
	if cents > (1<<63-1)/microPerCent-1 {
		return 0, fmt.Errorf("amount %q is too large", s)
	}
	var micro int64
	for i, r := range frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("amount %q is invalid: want cents such as 1234.56", s)
		}
		digit := int64(r - '0')
		switch {
		case i < 6:
			micro = micro*10 + digit
		case i == 6 && digit >= 5:
			micro++
		}
	}
	for i := len(frac); i < 6; i++ {
		micro *= 10
	}
	m := Money(cents*microPerCent + micro)
	if negative {
		m = -m
	}
	return m, nil
}

// Cents formats m in cents with up to six decimals and no trailing zeros,
// the form ParseCents reads.
func (m Money) Cents() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	whole, frac := v/microPerCent, v%microPerCent
	if frac == 0 {
		return fmt.Sprintf("%s%d", sign, whole)
	}
	return strings.TrimRight(fmt.Sprintf("%s%d.%06d", sign, whole, frac), "0")
}

// Dollars formats m as dollars rounded to the cent, such as "$1,234.57".
func (m Money) Dollars() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	cents := (v + microPerCent/2) / microPerCent
	return fmt.Sprintf("%s$%s.%02d", sign, groupThousands(cents/100), cents%100)
}

// Float returns m in dollars, for charts and JSON numbers.
func (m Money) Float() float64 {
	return float64(m) / (100 * microPerCent)
}

// groupThousands writes n with commas between groups of three digits.
func groupThousands(n int64) string {
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
