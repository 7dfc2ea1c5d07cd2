package report

import (
	"fmt"
	"time"
)

// Chart colours. The HTML test looks for these pixels in a screenshot,
// so a change here must change it too.
const (
	// DailyColor fills the bars of spend over time.
	DailyColor = "#6C5BB9"
	// TopColor fills the bars of the top spenders.
	TopColor = "#E0823D"
)

// Chart geometry in SVG user units.
const (
	chartWidth   = 1000
	chartHeight  = 260
	chartLeft    = 90
	chartBottom  = 30
	topBarHeight = 22
	topLabelRoom = 280
	topLimit     = 10
)

// bar is one rectangle of a chart, with the text of its tooltip and label.
type bar struct {
	X, Y, Width, Height float64
	Title               string
	Label               string
	Value               string
}

// tick is a labelled line across a chart.
type tick struct {
	Y     float64
	Label string
}

// dailyChart is the spend-over-time chart: one bar per UTC day.
type dailyChart struct {
	Width, Height, Left, Base float64
	Bars                      []bar
	Ticks                     []tick
	// Dates label the first, middle and last day.
	Dates []bar
}

// topChart is the top-spenders chart: one horizontal bar per line.
type topChart struct {
	Width, Height, Left float64
	Bars                []bar
}

func (r *Report) dailyChart() dailyChart {
	c := dailyChart{Width: chartWidth, Height: chartHeight, Left: chartLeft, Base: chartHeight - chartBottom}
	peak := int64(0)
	for _, d := range r.Days {
		peak = max(peak, r.Value(d.Measure))
	}
	plot := c.Base - 10
	if len(r.Days) == 0 {
		return c
	}
	slot := (chartWidth - chartLeft - 10) / float64(len(r.Days))
	for i, d := range r.Days {
		h := 0.0
		if peak > 0 {
			h = plot * float64(r.Value(d.Measure)) / float64(peak)
		}
		c.Bars = append(c.Bars, bar{
			X: chartLeft + float64(i)*slot + slot*0.1, Y: c.Base - h, Width: slot * 0.8, Height: h,
			Title: fmt.Sprintf("%s: %s", d.Day.Format(time.DateOnly), r.FormatValue(d.Measure)),
		})
	}
	for _, i := range []int{0, len(r.Days) / 2, len(r.Days) - 1} {
		c.Dates = append(c.Dates, bar{X: chartLeft + float64(i)*slot + slot/2, Y: chartHeight - 8, Label: r.Days[i].Day.Format("Jan 2")})
	}
	for _, f := range []float64{0, 0.5, 1} {
		value := Measure{Tokens: Tokens{Total: int64(float64(peak) * f)}, Cost: Money(float64(peak) * f)}
		c.Ticks = append(c.Ticks, tick{Y: c.Base - plot*f, Label: r.shortValue(value)})
	}
	return c
}

func (r *Report) topChart() topChart {
	lines := r.Lines
	if len(lines) > topLimit {
		lines = lines[:topLimit]
	}
	c := topChart{Width: chartWidth, Height: float64(len(lines))*(topBarHeight+8) + 8, Left: topLabelRoom}
	peak := int64(0)
	for _, l := range lines {
		peak = max(peak, r.Value(l.Measure))
	}
	room := chartWidth - topLabelRoom - 130.0
	for i, l := range lines {
		w := 0.0
		if peak > 0 {
			w = room * float64(r.Value(l.Measure)) / float64(peak)
		}
		c.Bars = append(c.Bars, bar{
			X: topLabelRoom, Y: 8 + float64(i)*(topBarHeight+8), Width: w, Height: topBarHeight,
			Title: fmt.Sprintf("%s: %s", l.Label, r.FormatValue(l.Measure)),
			Label: truncate(l.Label, 38), Value: r.shortValue(l.Measure),
		})
	}
	return c
}

// shortValue formats the ranking measure compactly for chart labels:
// "$1,234.57" or "12.3M tokens".
func (r *Report) shortValue(m Measure) string {
	if r.Kind == Cost {
		return m.Cost.Dollars()
	}
	n := float64(m.Tokens.Total)
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1fB tokens", n/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1fM tokens", n/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1fk tokens", n/1e3)
	}
	return fmt.Sprintf("%d tokens", m.Tokens.Total)
}

func truncate(s string, n int) string {
	runes := []rune(s)
	if len(runes) <= n {
		return s
	}
	return string(runes[:n-1]) + "…"
}
