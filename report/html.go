package report

import (
	_ "embed"
	"html/template"
	"io"
)

//go:embed page.html.tmpl
var pageSource string

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{"table": newPageTable}).Parse(pageSource))

// pageTable is one table of the page: its value column's heading and its lines.
type pageTable struct {
	Heading string
	Lines   []pageLine
}

func newPageTable(heading string, lines []pageLine) pageTable {
	return pageTable{Heading: heading, Lines: lines}
}

// pageData is what the page template renders.
type pageData struct {
	Title      string
	Total      string
	Requests   string
	Heading    string
	Daily      dailyChart
	Top        topChart
	Lines      []pageLine
	Joined     bool
	Undeclared []pageLine
	Orphaned   []pageLine
	// UndeclaredTotal and OrphanedTotal format the two joined sections'
	// sums.
	UndeclaredTotal string
	OrphanedTotal   string
	DailyColor      string
	TopColor        string
}

type pageLine struct {
	Line
	Value    string
	Requests string
	Share    string
	Notes    string
}

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and SVG charts of spend over time and the top spenders, then the
// tables. It loads nothing from the network and runs no script.
func WriteHTML(w io.Writer, r *Report) error {
	data := pageData{
		Title:           r.Title(),
		Total:           r.FormatValue(r.Total),
		Requests:        groupThousands(r.Total.Requests),
		Heading:         valueHeading(r),
		Daily:           r.dailyChart(),
		Top:             r.topChart(),
		Lines:           r.pageLines(r.Lines),
		Joined:          r.Joined,
		Undeclared:      r.pageLines(r.Undeclared),
		Orphaned:        r.pageLines(r.Orphaned),
		UndeclaredTotal: sectionTotal(r, r.Undeclared),
		OrphanedTotal:   sectionTotal(r, r.Orphaned),
		DailyColor:      DailyColor,
		TopColor:        TopColor,
	}
	return pageTemplate.Execute(w, data)
}

func (r *Report) pageLines(lines []Line) []pageLine {
	out := make([]pageLine, 0, len(lines))
	for _, l := range lines {
		out = append(out, pageLine{
			Line: l, Value: plainValue(r, l.Measure), Requests: groupThousands(l.Measure.Requests),
			Share: percent(r.Share(l.Measure)), Notes: lineNotes(l),
		})
	}
	return out
}
