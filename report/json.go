package report

import (
	"encoding/json"
	"io"
	"time"
)

// jsonReport is the JSON form of a Report.
type jsonReport struct {
	Kind    Kind       `json:"kind"`
	GroupBy Dimension  `json:"group_by"`
	From    time.Time  `json:"from"`
	To      time.Time  `json:"to"`
	Total   jsonValue  `json:"total"`
	Lines   []jsonLine `json:"lines"`
	Days    []jsonDay  `json:"days"`
	Joined  bool       `json:"joined_with_spec"`
	// Undeclared and Orphaned are present only when Joined is true.
	Undeclared []jsonLine `json:"undeclared_workspaces,omitempty"`
	Orphaned   []jsonLine `json:"orphaned_api_keys,omitempty"`
}

type jsonLine struct {
	Line
	jsonValue
	Share float64 `json:"share"`
}

// jsonValue holds a measure: tokens for usage, cents for cost. Cents are
// strings, so that no decimal is lost.
type jsonValue struct {
	Requests      int64   `json:"requests"`
	Tokens        *Tokens `json:"tokens,omitempty"`
	CostCents     string  `json:"cost_cents,omitempty"`
	ListCostCents string  `json:"list_cost_cents,omitempty"`
}

type jsonDay struct {
	Date string `json:"date"`
	jsonValue
}

// WriteJSON writes the report as one indented JSON object.
func WriteJSON(w io.Writer, r *Report) error {
	out := jsonReport{
		Kind: r.Kind, GroupBy: r.Dimension, From: r.Period.From, To: r.Period.To,
		Total: r.jsonValue(r.Total), Lines: r.jsonLines(r.Lines), Days: []jsonDay{}, Joined: r.Joined,
	}
	for _, d := range r.Days {
		out.Days = append(out.Days, jsonDay{Date: d.Day.Format(time.DateOnly), jsonValue: r.jsonValue(d.Measure)})
	}
	if r.Joined {
		out.Undeclared = r.jsonLines(r.Undeclared)
		out.Orphaned = r.jsonLines(r.Orphaned)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func (r *Report) jsonValue(m Measure) jsonValue {
	v := jsonValue{Requests: m.Requests}
	if r.Kind == Cost {
		v.CostCents, v.ListCostCents = m.Cost.Cents(), m.ListCost.Cents()
	} else {
		tokens := m.Tokens
		v.Tokens = &tokens
	}
	return v
}

func (r *Report) jsonLines(lines []Line) []jsonLine {
	out := make([]jsonLine, 0, len(lines))
	for _, l := range lines {
		out = append(out, jsonLine{Line: l, jsonValue: r.jsonValue(l.Measure), Share: r.Share(l.Measure)})
	}
	return out
}
