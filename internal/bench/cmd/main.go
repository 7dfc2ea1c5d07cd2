// Command bench measures orgsync against generated organisations. For
// each size it starts a sandbox in a child process, with a set latency per
// request, then plans and applies. It prints, for each step, the requests
// made, the minimum the pages and changes require, the wall time and the
// peak heap. With -doc it also runs the micro-benchmarks and writes the
// whole performance page:
//
//	go run ./internal/bench/cmd -doc docs/performance.md
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/internal/bench"
	"github.com/orgsync/orgsync/internal/gen"
)

// config holds the command's flags.
type config struct {
	people      []int
	drift       float64
	latency     time.Duration
	rate        int
	concurrency int
	pageSize    int64
	seed        uint64
	applyMax    int
	doc         string
}

// run is one end-to-end measure of an organisation size.
type run struct {
	people  int
	changes int
	plan    bench.Phase
	apply   *bench.Phase
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == serveCommand {
		if err := serveSandbox(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "bench sandbox:", err)
			os.Exit(1)
		}
		return
	}
	if err := runMain(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func runMain(args []string, stdout io.Writer) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	var runs []run
	for _, people := range cfg.people {
		r, err := measureSize(cfg, people, logger)
		if err != nil {
			return fmt.Errorf("%d people: %w", people, err)
		}
		runs = append(runs, r)
	}
	if cfg.doc == "" {
		writeRunTable(stdout, runs, false)
		return nil
	}
	micros, err := runMicros(logger)
	if err != nil {
		return err
	}
	return writeDoc(cfg, runs, micros)
}

func parseFlags(args []string) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	people := fs.String("people", "1000,10000", "comma-separated organisation `sizes`, in people")
	fs.Float64Var(&cfg.drift, "drift", 0.01, "share of people and memberships on which the spec differs, 0 to 1")
	fs.DurationVar(&cfg.latency, "latency", 50*time.Millisecond, "delay the sandbox adds to every response")
	fs.IntVar(&cfg.rate, "rate", 0, "client pace in requests a minute; 0 sends without pacing, and the sandbox then has no rate limit")
	fs.IntVar(&cfg.concurrency, "concurrency", 4, "lists read at once")
	fs.Int64Var(&cfg.pageSize, "page-size", 1000, "items per list page, 1 to 1000")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the generated organisations")
	fs.IntVar(&cfg.applyMax, "apply-max", 10000, "apply only for sizes up to this many `people`; larger sizes are planned only")
	fs.StringVar(&cfg.doc, "doc", "", "also run the micro-benchmarks and write the performance page to this `file`")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	for _, field := range strings.Split(*people, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("invalid -people %q: use sizes such as 1000,10000", *people)
		}
		cfg.people = append(cfg.people, n)
	}
	if cfg.pageSize < 1 || cfg.pageSize > 1000 {
		return cfg, fmt.Errorf("invalid -page-size %d: use 1 to 1000", cfg.pageSize)
	}
	return cfg, nil
}

// measureSize generates an organisation of people, serves it and measures
// a plan and, up to cfg.applyMax people, an apply.
func measureSize(cfg config, people int, logger *slog.Logger) (run, error) {
	shape := gen.ShapeFor(people)
	shape.Drift, shape.Seed = cfg.drift, cfg.seed
	org, err := gen.Generate(shape)
	if err != nil {
		return run{}, err
	}
	rateLimit := -1
	if cfg.rate > 0 {
		rateLimit = 100
	}
	sb, err := startSandbox(org.State, cfg.latency, rateLimit)
	if err != nil {
		return run{}, err
	}
	defer sb.stop()
	files := bench.SpecFiles(org)
	// Only the spec stays in this process, so that the heap measured is
	// orgsync's own.
	org = nil
	runtime.GC()

	target := bench.Target{BaseURL: sb.URL, APIKey: admin.Secret(sb.Key), Rate: cfg.rate,
		Concurrency: cfg.concurrency, PageSize: cfg.pageSize}
	ctx := context.Background()
	p, _, planPhase, err := bench.Plan(ctx, target, files, diff.Options{Prune: true, Force: true})
	if err != nil {
		return run{}, fmt.Errorf("plan: %w", err)
	}
	r := run{people: people, changes: bench.MinimumWrites(p), plan: planPhase}
	logger.Info("planned", "people", people, "result", planPhase.String())
	if people > cfg.applyMax {
		return r, nil
	}

	report, applyPhase, err := bench.Apply(ctx, target, p)
	if err != nil {
		return run{}, fmt.Errorf("apply: %w", err)
	}
	if failed := report.Count(apply.Failed); failed > 0 {
		return run{}, fmt.Errorf("apply: %d of %d changes failed", failed, len(report.Results))
	}
	r.apply = &applyPhase
	logger.Info("applied", "people", people, "result", applyPhase.String())
	return r, nil
}
