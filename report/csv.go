package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// WriteCSV writes one record per line of the report, with a header. Cost
// is in cents with up to six decimals, exactly as the API reports it.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	header := []string{"group_by", "key", "label", "detail", "notes", "requests"}
	if r.Kind == Cost {
		header = append(header, "cost_cents", "list_cost_cents")
	} else {
		header = append(header, "uncached_input_tokens", "cache_creation_tokens", "cache_read_tokens", "output_tokens", "total_tokens")
	}
	header = append(header, "share")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, l := range r.Lines {
		m := l.Measure
		record := []string{string(r.Dimension), l.Key, l.Label, l.Detail, strings.Join(l.Notes, "; "), itoa(m.Requests)}
		if r.Kind == Cost {
			record = append(record, m.Cost.Cents(), m.ListCost.Cents())
		} else {
			t := m.Tokens
			record = append(record, itoa(t.UncachedInput), itoa(t.CacheCreation), itoa(t.CacheRead), itoa(t.Output), itoa(t.Total))
		}
		record = append(record, strconv.FormatFloat(r.Share(m), 'f', 4, 64))
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
