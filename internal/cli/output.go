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
	if err := render.Text(env.Stdout, p); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	return nil
}

// writeReport writes an apply report to stdout.
func (f *outputFlags) writeReport(env Env, r *apply.Report) error {
	if err := render.Report(env.Stdout, r); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
