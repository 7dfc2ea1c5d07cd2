package spec

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// String formats the position as "FILE:LINE:COL". It leaves out a column
// or line that is unknown (zero), as for a YAML syntax error that reports
// only its line.
func (p Position) String() string {
	switch {
	case p.Line <= 0:
		return p.File
	case p.Column <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
	}
}

func comparePositions(a, b Position) int {
	return cmp.Or(
		strings.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
	)
}

// Error is one problem in a spec, at the position of the offending node.
type Error struct {
	Pos Position
	Msg string
}

// Error formats the error as "FILE:LINE:COL: MSG".
func (e *Error) Error() string {
	return e.Pos.String() + ": " + e.Msg
}

// Errors is every problem found in a spec. Parse returns it as its error
// when the spec is invalid, so callers can use errors.As to reach each
// position, for example to print one annotation per problem.
type Errors []*Error

// Error formats the errors one per line, sorted by position. Identical
// lines are written once: a node that YAML aliases reuse reports the same
// problem at the same position for every use.
func (errs Errors) Error() string {
	sorted := slices.Clone(errs)
	sortErrors(sorted)

	lines := make([]string, 0, len(sorted))
	seen := make(map[string]bool, len(sorted))
	for _, e := range sorted {
		line := e.Error()
		if !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// sortErrors sorts errs by position, keeping the order in which errors at
// the same position were found.
func sortErrors(errs Errors) {
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return comparePositions(a.Pos, b.Pos)
	})
}
