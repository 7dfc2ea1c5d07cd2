package cli

import (
	"context"
	"flag"
	"log/slog"

	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// sourceFlags select where the spec is read from.
type sourceFlags struct{}

func (f *sourceFlags) register(fs *flag.FlagSet) {}

// loadSpec reads and validates the spec named on the command line, and
// returns where it came from.
func (f *sourceFlags) loadSpec(_ context.Context, _ Env, _ *slog.Logger, name string) (*spec.Spec, plan.Source, error) {
	s, err := spec.ParseFile(name)
	return s, plan.Source{Path: name}, err
}
