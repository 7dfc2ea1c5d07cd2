// Package bench measures what orgsync costs at scale. Micro-benchmarks,
// run by "go test -bench" and by the benchmark command, time parsing,
// diffing and rendering and count their allocations. Plan and Apply
// measure the requests, wall time and peak heap of a run against a
// sandbox.
//
// Organisations come from internal/gen, seeded, so that every run
// measures the same input.
package bench

import (
	"fmt"
	"io"
	"testing"

	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/internal/gen"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
	"github.com/orgsync/orgsync/spec"
)

// Sizes are the organisation sizes, in people, that the micro-benchmarks
// run at.
var Sizes = []int{1_000, 10_000, 100_000}

// MicroDrift is the share of people and memberships on which the spec of
// a micro-benchmark differs from the live organisation, so that the plan
// has changes to compute and render.
const MicroDrift = 0.01

// Fixture is a generated organisation with its spec parsed and its plan
// computed, the input of the micro-benchmarks.
type Fixture struct {
	Org   *gen.Org
	Files []spec.File
	Spec  *spec.Spec
	Plan  *plan.Plan
	// Options are the diff options of Plan: pruning, with the removal
	// limits lifted so that every drifted object is in the plan.
	Options diff.Options
}

// NewFixture generates the organisation of gen.ShapeFor(people) with
// drift, parses its spec and computes its plan.
func NewFixture(people int, drift float64) (*Fixture, error) {
	shape := gen.ShapeFor(people)
	shape.Drift = drift
	org, err := gen.Generate(shape)
	if err != nil {
		return nil, err
	}
	f := &Fixture{Org: org, Files: SpecFiles(org), Options: diff.Options{Prune: true, Force: true, Now: org.Live.ReadAt}}
	if f.Spec, err = spec.ParseFiles(f.Files); err != nil {
		return nil, fmt.Errorf("generated spec of %d people: %w", people, err)
	}
	if f.Plan, err = diff.Compute(f.Spec, org.Live, f.Options); err != nil {
		return nil, fmt.Errorf("plan of %d people: %w", people, err)
	}
	return f, nil
}

// SpecFiles returns the split spec of org as spec files. The split form
// is what a spec directory holds, and it keeps every file of a 100,000
// person spec under spec.MaxFileSize.
func SpecFiles(org *gen.Org) []spec.File {
	files := make([]spec.File, len(org.Files))
	for i, f := range org.Files {
		files[i] = spec.File{Name: f.Name, Data: f.Data}
	}
	return files
}

// Micro is one micro-benchmark: an operation on a Fixture.
type Micro struct {
	Name string
	Op   func(f *Fixture) error
}

// Benchmark runs m's operation on f for b, reporting allocations.
func (m Micro) Benchmark(f *Fixture, b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Op(f); err != nil {
			b.Fatal(err)
		}
	}
}

// Micros are the micro-benchmarks, in the order reports list them.
var Micros = []Micro{
	{Name: "parse", Op: func(f *Fixture) error {
		_, err := spec.ParseFiles(f.Files)
		return err
	}},
	{Name: "diff", Op: func(f *Fixture) error {
		_, err := diff.Compute(f.Spec, f.Org.Live, f.Options)
		return err
	}},
	{Name: "render-text", Op: func(f *Fixture) error { return render.Text(io.Discard, f.Plan, render.Options{}) }},
	{Name: "render-markdown", Op: func(f *Fixture) error { return render.Markdown(io.Discard, f.Plan, render.Options{}) }},
	{Name: "render-json", Op: func(f *Fixture) error { return render.JSON(io.Discard, f.Plan, render.Options{}) }},
}
