package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// sourceFlags select where the spec is read from.
type sourceFlags struct{}

func (f *sourceFlags) register(fs *flag.FlagSet) {}

// loadedSpec is a validated spec with its provenance and raw files.
type loadedSpec struct {
	spec   *spec.Spec
	source plan.Source
	// files are the spec's files as read, kept for saved plans.
	files []plan.SpecFile
}

// loadSpec reads and validates the spec named on the command line, and
// returns where it came from.
func (f *sourceFlags) loadSpec(_ context.Context, _ Env, _ *slog.Logger, name string) (*loadedSpec, error) {
	data, err := readSpecFile(name)
	if err != nil {
		return nil, err
	}
	s, err := spec.Parse(name, data)
	if err != nil {
		return nil, err
	}
	return &loadedSpec{spec: s, source: plan.Source{Path: name}, files: []plan.SpecFile{{Name: name, Data: string(data)}}}, nil
}

// readSpecFile reads at most one byte more than a spec may hold, so that
// spec.Parse reports an oversized file without all of it in memory.
func readSpecFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, spec.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	return data, nil
}
