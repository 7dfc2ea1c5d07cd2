package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestErrorsError(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		errs   Errors
		want   string
	}{
		{
			name:   "sorted by line then column",
			reason: "errors print in file order whatever order they were found in",
			errs: Errors{
				{Pos: Position{File: "org.yaml", Line: 9, Column: 3}, Msg: "third"},
				{Pos: Position{File: "org.yaml", Line: 2, Column: 7}, Msg: "second"},
				{Pos: Position{File: "org.yaml", Line: 2, Column: 1}, Msg: "first"},
			},
			want: "org.yaml:2:1: first\norg.yaml:2:7: second\norg.yaml:9:3: third",
		},
		{
			name:   "unknown column and line left out",
			reason: "a position without a column or a line prints what it has",
			errs: Errors{
				{Pos: Position{File: "org.yaml", Line: 4}, Msg: "line only"},
				{Pos: Position{File: "org.yaml"}, Msg: "file only"},
			},
			want: "org.yaml: file only\norg.yaml:4: line only",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.errs.Error()); diff != "" {
				t.Errorf("Errors.Error() mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
}
