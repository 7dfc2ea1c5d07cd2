package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/orgsync/orgsync/internal/bench"
)

// micro is the result of one micro-benchmark at one size.
type micro struct {
	name   string
	people int
	result testing.BenchmarkResult
}

// runMicros runs every micro-benchmark at every size of bench.Sizes.
func runMicros(logger *slog.Logger) ([]micro, error) {
	var out []micro
	for _, people := range bench.Sizes {
		f, err := bench.NewFixture(people, bench.MicroDrift)
		if err != nil {
			return nil, err
		}
		for _, m := range bench.Micros {
			result := testing.Benchmark(func(b *testing.B) { m.Benchmark(f, b) })
			if result.N == 0 {
				return nil, fmt.Errorf("micro-benchmark %s at %d people failed", m.Name, people)
			}
			logger.Info("micro-benchmark", "name", m.Name, "people", people, "result", result.String())
			out = append(out, micro{name: m.Name, people: people, result: result})
		}
	}
	return out, nil
}

// writeRunTable writes the end-to-end measures as an aligned text table,
// or as a Markdown table when markdown is set.
func writeRunTable(w io.Writer, runs []run, markdown bool) {
	header := []string{"people", "step", "requests", "minimum", "above minimum", "wall time", "peak heap", "heap before"}
	var rows [][]string
	for _, r := range runs {
		rows = append(rows, phaseRow(r.people, "plan", r.plan))
		if r.apply != nil {
			rows = append(rows, phaseRow(r.people, fmt.Sprintf("apply (%d calls)", r.changes), *r.apply))
		}
	}
	writeTable(w, header, rows, markdown)
}

func phaseRow(people int, step string, p bench.Phase) []string {
	return []string{
		fmt.Sprint(people), step, fmt.Sprint(p.Requests), fmt.Sprint(p.Minimum),
		fmt.Sprintf("%.1f%%", 100*p.Overhead()), p.Wall.Round(time.Millisecond).String(),
		mebibytes(p.PeakHeap), mebibytes(p.BaseHeap),
	}
}

// writeMicroTable writes the micro-benchmarks as a Markdown table, with
// the time and allocated bytes per person so that growth shows at a
// glance.
func writeMicroTable(w io.Writer, micros []micro) {
	header := []string{"step", "people", "time", "time per person", "allocated", "allocations"}
	var rows [][]string
	for _, m := range micros {
		perPerson := time.Duration(m.result.NsPerOp() / int64(m.people))
		rows = append(rows, []string{
			m.name, fmt.Sprint(m.people), time.Duration(m.result.NsPerOp()).Round(time.Microsecond).String(),
			perPerson.String(), mebibytes(uint64(m.result.AllocedBytesPerOp())), fmt.Sprint(m.result.AllocsPerOp()),
		})
	}
	writeTable(w, header, rows, true)
}

func writeTable(w io.Writer, header []string, rows [][]string, markdown bool) {
	if markdown {
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat(" --- |", len(header)))
		for _, row := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		}
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, row := range rows {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
}

func mebibytes(b uint64) string {
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// writeDoc writes the performance page to cfg.doc.
func writeDoc(cfg config, runs []run, micros []micro) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, docIntro, strings.TrimPrefix(runtime.Version(), "go"), runtime.GOOS, runtime.GOARCH, cpuModel(), runtime.NumCPU(), time.Now().UTC().Format(time.DateOnly))
	writeMicroTable(&b, micros)
	fmt.Fprintf(&b, docEndToEnd, cfg.latency, cfg.drift*100, rateText(cfg.rate), cfg.concurrency, cfg.pageSize, cfg.applyMax)
	writeRunTable(&b, runs, true)
	b.WriteString(docOutro)
	if err := os.WriteFile(cfg.doc, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", cfg.doc, err)
	}
	return nil
}

func rateText(rate int) string {
	if rate == 0 {
		return "off, and the sandbox has no rate limit"
	}
	return fmt.Sprintf("%d requests a minute, against the sandbox's limit of 100", rate)
}

// cpuModel returns the processor's model name from /proc/cpuinfo, or
// "unknown CPU" where that file does not exist.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown CPU"
}

const docIntro = `# Performance

The Admin API allows about 100 requests a minute per organisation, so
for a large organisation the number of requests is the time a run takes.
orgsync reads each list page by page at the API's maximum of 1,000 items
a page, reads only the member lists of the workspaces a spec declares, and
reads independent lists at the same time. Its own work (parsing, diffing,
rendering) should cost little next to that.

This page is written by one command, which takes a few minutes:

    go run ./internal/bench/cmd -doc docs/performance.md

Figures below are single runs on a shared machine, so compare them with
each other rather than with another machine. Machine and date:
Go %s, %s/%s, %s, %d CPUs, %s.

## Method

Organisations come from ` + "`internal/gen`" + `, seeded: at N people, one
admin per 1,000 people, one billing user per 2,000, N/10 invites (pending,
accepted and expired), one workspace per 100 people up to the sandbox's cap
of 100, and 2N explicit memberships spread over the workspaces. The spec
differs from the organisation on 1%% of people and of memberships: people
to invite, to remove and to change role, and memberships to add, remove
and change. It is split into a people file and one file per workspace, as
a spec directory holds it, because a single file of 100,000 people with
their memberships is larger than the 10 MiB spec limit.

## Parsing, diffing and rendering

Each step runs in a loop under ` + "`testing.Benchmark`" + `, as
` + "`go test -bench Scale ./internal/bench`" + ` also runs it.
"allocated" and "allocations" are per run. A test,
` + "`TestAllocationsGrowLinearly`" + `, fails when ten times the people cost
more than fifteen times the allocations.

`

const docEndToEnd = `
## Plan and apply against a sandbox

For each size the command starts the sandbox in a child process, so that
its memory and CPU time stay out of the figures. Settings:

- latency added to every response: %s;
- drift of the spec: %.0f%%;
- pacing: %s;
- lists read at once: %d, with pages of %d items;
- apply runs for sizes up to %d people.

Columns:

- requests: HTTP requests sent, every attempt counted;
- minimum: for a plan, the organisation plus every page of every list it
  reads (users, invites, workspaces and the members of each declared
  workspace); for an apply, one per API call of each change;
- peak heap: the highest heap in use (HeapInuse), sampled every
  millisecond; heap before is the heap in use after a garbage collection
  just before the step, which holds the spec's bytes.

`

const docOutro = `
A plan reads the organisation once and writes nothing, so its requests
equal its minimum unless a request is retried. The pages of one list
follow each other, because each needs the last id of the one before, so
the users list (100 pages at 100,000 people) is the longest chain of
requests in a plan. Parsing allocates the most memory of the steps (see
the first table). Apply sends changes one at a time, so its
wall time is about its requests times the latency.

## Pacing

` + "`TestPlanOfLargeOrganization`" + ` in ` + "`internal/bench`" + ` plans
10,000 people, 100 workspaces and 20,000 memberships against a sandbox
that allows 100 requests a minute, with the client paced at 100 a minute
on a clock the two share. It checks that the plan makes at most 5% more
requests than its pages need (113: the organisation, 10 pages of users,
one of invites, one of workspaces and one per workspace of members), that
none gets a 429, and that the clock moves no further than those requests
need at that pace: one minute.
`
