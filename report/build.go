package report

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Report is a usage or cost report aggregated for its views.
type Report struct {
	Kind      Kind
	Dimension Dimension
	Period    Period
	// Lines holds one line per value of Dimension, the largest first, or
	// in date order for ByDay.
	Lines []Line
	// Days holds the total of every UTC day of Period, in order, days
	// without spend included.
	Days  []DayTotal
	Total Measure
	// Joined reports whether the report was joined with a spec, which
	// fills Undeclared and Orphaned.
	Joined bool
	// Undeclared holds the spend of workspaces the spec does not declare,
	// the largest first.
	Undeclared []Line
	// Orphaned holds the spend through API keys whose creator is no
	// longer a member of the organisation, the largest first.
	Orphaned []Line
	// Rows is the number of rows the API returned.
	Rows int
}

// Line is the spend of one value of a report's dimension.
type Line struct {
	// Key is the dimension's value: a workspace, user or API key ID, a
	// model or a date. It is "" for rows where the API reports null.
	Key string `json:"key"`
	// Label names Key for people: a workspace name, an email address, an
	// API key name.
	Label string `json:"label"`
	// Detail adds context, such as the creator of an API key.
	Detail string `json:"detail,omitempty"`
	// Notes flag what needs attention, such as "not in spec".
	Notes   []string `json:"notes,omitempty"`
	Measure Measure  `json:"-"`
}

// DayTotal is the spend of one UTC day.
type DayTotal struct {
	Day     time.Time
	Measure Measure
}

// Input is the data Build aggregates.
type Input struct {
	Kind      Kind
	Dimension Dimension
	Period    Period
	Rows      []Row
	// Directory names IDs; nil leaves them unnamed.
	Directory *Directory
	// MaskEmails shows addresses as a***@example.com in labels and details.
	MaskEmails bool
}

// Build aggregates in.Rows by in.Dimension and by day.
func Build(in Input) *Report {
	dir := in.Directory
	if dir == nil {
		dir = NewDirectory(nil, nil)
	}
	r := &Report{Kind: in.Kind, Dimension: in.Dimension, Period: in.Period, Joined: dir.Joined(), Rows: len(in.Rows)}

	days := map[time.Time]Measure{}
	lines := map[string]*Line{}
	undeclared := map[string]*Line{}
	orphaned := map[string]*Line{}
	for _, row := range in.Rows {
		r.Total = r.Total.Add(row.Measure)
		day := startOfDay(row.Start)
		days[day] = days[day].Add(row.Measure)
		addTo(lines, describe(dir, in.Dimension, row), row.Measure)
		if !r.Joined {
			continue
		}
		if line := describe(dir, ByWorkspace, row); hasNote(line, noteNotInSpec) {
			addTo(undeclared, line, row.Measure)
		}
		if line := describe(dir, ByAPIKey, row); hasNote(line, noteCreatorLeft) {
			addTo(orphaned, line, row.Measure)
		}
	}
	for _, d := range in.Period.Days() {
		r.Days = append(r.Days, DayTotal{Day: d, Measure: days[d]})
	}
	r.Lines = r.sorted(lines)
	r.Undeclared = r.sorted(undeclared)
	r.Orphaned = r.sorted(orphaned)
	if in.MaskEmails {
		for _, list := range [][]Line{r.Lines, r.Undeclared, r.Orphaned} {
			maskLines(list)
		}
	}
	return r
}

// Value returns the measure a report ranks by: total tokens for usage,
// cost in Money units for cost.
func (r *Report) Value(m Measure) int64 {
	if r.Kind == Cost {
		return int64(m.Cost)
	}
	return m.Tokens.Total
}

// FormatValue formats the ranking measure of m: "$12.34" or
// "1,234,567 tokens".
func (r *Report) FormatValue(m Measure) string {
	if r.Kind == Cost {
		return m.Cost.Dollars()
	}
	return groupThousands(m.Tokens.Total) + " tokens"
}

// Share returns the part of the report's total that m makes up, from 0
// to 1.
func (r *Report) Share(m Measure) float64 {
	total := r.Value(r.Total)
	if total == 0 {
		return 0
	}
	return float64(r.Value(m)) / float64(total)
}

func addTo(lines map[string]*Line, line Line, m Measure) {
	existing, ok := lines[line.Key]
	if !ok {
		existing = &line
		lines[line.Key] = existing
	}
	existing.Measure = existing.Measure.Add(m)
}

// sorted returns the lines by descending value, then by ascending key,
// so that equal values keep a stable order. Days are in date order.
func (r *Report) sorted(lines map[string]*Line) []Line {
	out := make([]Line, 0, len(lines))
	for _, l := range lines {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b Line) int {
		if r.Dimension == ByDay {
			return cmp.Compare(a.Key, b.Key)
		}
		if c := cmp.Compare(r.Value(b.Measure), r.Value(a.Measure)); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

func hasNote(l Line, note string) bool {
	return slices.Contains(l.Notes, note)
}

// emailPattern matches an address inside a label or detail.
var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)

// maskEmail hides the local part of an address after its first
// character, as in a***@example.com, the way the plan views mask it.
func maskEmail(email string) string {
	local, domain, _ := strings.Cut(email, "@")
	return string([]rune(local)[0]) + "***@" + domain
}

func maskLines(lines []Line) {
	for i := range lines {
		lines[i].Label = emailPattern.ReplaceAllStringFunc(lines[i].Label, maskEmail)
		lines[i].Detail = emailPattern.ReplaceAllStringFunc(lines[i].Detail, maskEmail)
	}
}
