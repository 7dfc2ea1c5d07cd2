package bench_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/orgsync/orgsync/internal/bench"
)

// fixtures caches one Fixture per size, because generating 100,000 people
// takes longer than most of the benchmarks that use them.
var fixtures sync.Map

func fixture(tb testing.TB, people int) *bench.Fixture {
	tb.Helper()
	if f, ok := fixtures.Load(people); ok {
		return f.(*bench.Fixture)
	}
	f, err := bench.NewFixture(people, bench.MicroDrift)
	if err != nil {
		tb.Fatalf("fixture of %d people: %v", people, err)
	}
	fixtures.Store(people, f)
	return f
}

// BenchmarkScale runs every micro-benchmark at every size, as
// BenchmarkScale/diff/people=10000.
func BenchmarkScale(b *testing.B) {
	for _, m := range bench.Micros {
		b.Run(m.Name, func(b *testing.B) {
			for _, people := range bench.Sizes {
				b.Run(fmt.Sprintf("people=%d", people), func(b *testing.B) {
					m.Benchmark(fixture(b, people), b)
				})
			}
		})
	}
}

// TestAllocationsGrowLinearly checks, by allocation counts rather than
// time, that no step is quadratic: ten times the people may cost at most
// fifteen times the allocations.
func TestAllocationsGrowLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("generates organisations of 1,000 and 10,000 people")
	}
	small, large := fixture(t, 1_000), fixture(t, 10_000)
	for _, m := range bench.Micros {
		t.Run(m.Name, func(t *testing.T) {
			smallAllocs := allocations(t, m, small)
			largeAllocs := allocations(t, m, large)
			if smallAllocs == 0 {
				t.Fatalf("%s allocates nothing at 1,000 people; the benchmark measures nothing", m.Name)
			}
			if ratio := largeAllocs / smallAllocs; ratio > 15 {
				t.Errorf("%s: %.0f allocations at 10,000 people, %.0f at 1,000: %.1f times for ten times the people, want at most 15",
					m.Name, largeAllocs, smallAllocs, ratio)
			}
		})
	}
}

// allocations returns the allocations of one run of m on f.
func allocations(t *testing.T, m bench.Micro, f *bench.Fixture) float64 {
	t.Helper()
	var err error
	n := testing.AllocsPerRun(2, func() { err = m.Op(f) })
	if err != nil {
		t.Fatalf("%s: %v", m.Name, err)
	}
	return n
}
