package cli

import (
	"context"
	"fmt"

	"github.com/orgsync/orgsync/spec"
)

func runValidate(_ context.Context, args []string, env Env) (ExitCode, error) {
	fs := newFlagSet("validate", env)
	files, err := parseArgs(fs, args)
	if err != nil {
		return ExitError, err
	}
	if len(files) != 1 {
		return ExitError, usageError{"validate takes exactly one spec FILE"}
	}
	s, err := spec.ParseFile(files[0])
	if err != nil {
		return ExitError, err
	}
	members := 0
	for _, w := range s.Workspaces {
		members += len(w.Members)
	}
	fmt.Fprintf(env.Stdout, "%s: valid (%d users, %d workspaces, %d workspace members)\n",
		files[0], len(s.Users), len(s.Workspaces), members)
	return ExitOK, nil
}
