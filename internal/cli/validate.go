package cli

import (
	"context"
	"fmt"
)

func runValidate(ctx context.Context, args []string, env Env) (ExitCode, error) {
	var f sourceFlags
	fs := newFlagSet("validate", env)
	f.register(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return ExitError, err
	}
	if len(files) != 1 {
		return ExitError, usageError{"validate takes exactly one spec FILE"}
	}
	logger, err := newLogger(env.Stderr, "warn")
	if err != nil {
		return ExitError, err
	}
	loaded, err := f.loadSpec(ctx, env, logger, files[0])
	if err != nil {
		return ExitError, err
	}
	s := loaded.spec
	members := 0
	for _, w := range s.Workspaces {
		members += len(w.Members)
	}
	name := displayName(files[0])
	if commit := loaded.source.Commit; commit != "" {
		name += " at " + commit
	}
	fmt.Fprintf(env.Stdout, "%s: valid (%d users, %d workspaces, %d workspace members)\n",
		name, len(s.Users), len(s.Workspaces), members)
	return ExitOK, nil
}
