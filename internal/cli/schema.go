package cli

import (
	"context"
	"fmt"

	"github.com/orgsync/orgsync/spec"
)

// runSchema prints the JSON Schema of the spec format, which editors use
// to complete and check spec files.
func runSchema(_ context.Context, args []string, env Env) (ExitCode, error) {
	fs := newFlagSet("schema", env)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return ExitError, err
	}
	if len(rest) != 0 {
		return ExitError, usageError{"schema takes no arguments"}
	}
	data, err := spec.JSONSchema()
	if err != nil {
		return ExitError, err
	}
	if _, err := env.Stdout.Write(data); err != nil {
		return ExitError, fmt.Errorf("write schema: %w", err)
	}
	return ExitOK, nil
}
