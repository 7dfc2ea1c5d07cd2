package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Title returns the report's heading, such as "Cost by workspace,
// 2026-11-02 to 2026-12-01 (UTC)".
func (r *Report) Title() string {
	kind := "Usage"
	if r.Kind == Cost {
		kind = "Cost"
	}
	return fmt.Sprintf("%s by %s, %s", kind, r.Dimension, r.Period)
}

// WriteText writes the report as aligned plain-text tables: every line of
// the dimension with its share of the total, then, for a report joined
// with a spec, the undeclared workspaces and the keys whose creator left.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", r.Title())
	writeTextTable(&b, r, r.Lines)
	fmt.Fprintf(&b, "\nTotal: %s in %s requests\n", r.FormatValue(r.Total), groupThousands(r.Total.Requests))
	if r.Joined {
		fmt.Fprintf(&b, "\nSpend in workspaces the spec does not declare: %s\n", sectionTotal(r, r.Undeclared))
		if len(r.Undeclared) > 0 {
			writeTextTable(&b, r, r.Undeclared)
		}
		fmt.Fprintf(&b, "\nSpend through API keys whose creator is no longer a member: %s\n", sectionTotal(r, r.Orphaned))
		if len(r.Orphaned) > 0 {
			writeTextTable(&b, r, r.Orphaned)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTextTable(w io.Writer, r *Report, lines []Line) {
	if len(lines) == 0 {
		fmt.Fprintln(w, "(no spend in this period)")
		return
	}
	table := [][]string{{"NAME", "ID", strings.ToUpper(valueHeading(r)), "REQUESTS", "SHARE", "NOTES"}}
	for _, l := range lines {
		table = append(table, []string{l.Label, l.Key, plainValue(r, l.Measure),
			groupThousands(l.Measure.Requests), percent(r.Share(l.Measure)), lineNotes(l)})
	}
	writeColumns(w, table, []bool{false, false, true, true, true, false})
}

// writeColumns writes rows as columns two spaces apart, padding each cell
// to its column's width on the left where rightAlign is set, and on the
// right otherwise. The last column is not padded.
func writeColumns(w io.Writer, rows [][]string, rightAlign []bool) {
	widths := make([]int, len(rightAlign))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			switch {
			case rightAlign[i]:
				b.WriteString(pad + cell)
			case i < len(row)-1:
				b.WriteString(cell + pad)
			default:
				b.WriteString(cell)
			}
			if i < len(row)-1 {
				b.WriteString("  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// valueHeading names the ranking measure's column.
func valueHeading(r *Report) string {
	if r.Kind == Cost {
		return "cost (USD)"
	}
	return "tokens"
}

// plainValue formats the ranking measure without its unit.
func plainValue(r *Report, m Measure) string {
	if r.Kind == Cost {
		return strings.TrimPrefix(m.Cost.Dollars(), "$")
	}
	return groupThousands(m.Tokens.Total)
}

func percent(share float64) string {
	return fmt.Sprintf("%.1f%%", share*100)
}

// lineNotes joins the line's detail and notes for the last column.
func lineNotes(l Line) string {
	parts := append([]string(nil), l.Notes...)
	if l.Detail != "" {
		parts = append([]string{l.Detail}, parts...)
	}
	return strings.Join(parts, "; ")
}

func sectionTotal(r *Report, lines []Line) string {
	var m Measure
	for _, l := range lines {
		m = m.Add(l.Measure)
	}
	return r.FormatValue(m)
}
