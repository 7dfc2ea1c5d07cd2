package cli

import (
	"flag"
	"fmt"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
)

// outputFlags select how plans and reports are written.
type outputFlags struct{}

func (f *outputFlags) register(fs *flag.FlagSet) {}

// writePlan writes a plan to stdout.
func (f *outputFlags) writePlan(env Env, p *plan.Plan) error {
	if err := render.Text(env.Stdout, p, render.Options{}); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	return nil
}

// writeReport writes an apply report to stdout.
func (f *outputFlags) writeReport(env Env, r *apply.Report) error {
	if err := render.Report(env.Stdout, r, render.Options{}); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// journal records an apply run. The zero journal records nothing.
type journal interface {
	apply.Recorder
	// Close records the end of the run.
	Close(report *apply.Report, code ExitCode) error
}

type noJournal struct{}

func (noJournal) Record(apply.Result) error           { return nil }
func (noJournal) Close(*apply.Report, ExitCode) error { return nil }

// openJournal starts the journal of an apply run of p.
func (f *outputFlags) openJournal(_ Env, _ *plan.Plan) (journal, error) {
	return noJournal{}, nil
}
