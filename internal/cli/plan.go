package cli

import (
	"context"
	"flag"
	"log/slog"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// planFlags are the flags plan and apply share.
type planFlags struct {
	targetFlags
	sourceFlags
	outputFlags
	prune bool
}

// register adds the shared flags to fs.
func (f *planFlags) register(fs *flag.FlagSet) {
	f.targetFlags.register(fs)
	f.sourceFlags.register(fs)
	f.outputFlags.register(fs)
}

// session is what a plan or apply run works with once started.
type session struct {
	loaded *loadedSpec
	spec   *spec.Spec
	source plan.Source
	target *target
	logger *slog.Logger
	prune  bool
}

// start parses the spec and connects to the organisation. The spec is
// parsed first so that invalid input never reaches the API.
func (f *planFlags) start(ctx context.Context, env Env, files []string) (*session, error) {
	if len(files) != 1 {
		return nil, usageError{"expected exactly one spec FILE"}
	}
	logger, err := newLogger(env.Stderr, f.logLevel)
	if err != nil {
		return nil, err
	}
	loaded, err := f.loadSpec(ctx, env, logger, files[0])
	if err != nil {
		return nil, err
	}
	tgt, err := f.connect(env, logger)
	if err != nil {
		return nil, err
	}
	return &session{loaded: loaded, spec: loaded.spec, source: loaded.source, target: tgt, logger: logger, prune: f.prune}, nil
}

// plan reads the live organisation and computes the plan.
func (s *session) plan(ctx context.Context) (*plan.Plan, error) {
	state, err := s.target.client.ReadState(ctx, admin.ReadOptions{MemberWorkspaces: managedWorkspaces(s.spec)})
	if err != nil {
		return nil, err
	}
	s.logger.Debug("live state read", "users", len(state.Users), "invites", len(state.Invites), "workspaces", len(state.Workspaces))
	p, err := diff.Compute(s.spec, state, diff.Options{Prune: s.prune, Now: readTime(state)})
	if err != nil {
		return nil, err
	}
	p.Source = s.source
	return p, nil
}

// readTime is the time invite expiry is judged against: the server's,
// when the reader recorded it.
func readTime(state *live.State) time.Time {
	if state.ReadAt.IsZero() {
		return time.Now()
	}
	return state.ReadAt
}

// managedWorkspaces selects the live workspaces whose members the spec
// manages: those it pins by id or names.
func managedWorkspaces(s *spec.Spec) func(live.Workspace) bool {
	ids := map[string]bool{}
	names := map[string]bool{}
	for _, w := range s.Workspaces {
		if w.ID != "" {
			ids[w.ID] = true
		} else {
			names[w.Name] = true
		}
	}
	return func(w live.Workspace) bool { return ids[w.ID] || names[w.Name] }
}

func runPlan(ctx context.Context, args []string, env Env) (ExitCode, error) {
	var f planFlags
	fs := newFlagSet("plan", env)
	f.register(fs)
	fs.BoolVar(&f.prune, "prune", false, "plan removal of people, pending invites and workspace members that the spec does not declare")
	detailed := fs.Bool("detailed-exitcode", false, "exit 0 when there are no changes, 2 when changes are pending, 1 on error")
	files, err := parseArgs(fs, args)
	if err != nil {
		return ExitError, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	sess, err := f.start(ctx, env, files)
	if err != nil {
		return ExitError, err
	}
	defer sess.target.close()

	p, err := sess.plan(ctx)
	if err != nil {
		return ExitError, err
	}
	if err := f.writePlan(env, p); err != nil {
		return ExitError, err
	}
	switch {
	case len(p.Blocked) > 0:
		return ExitBlocked, nil
	case *detailed && p.Pending():
		return ExitChanges, nil
	}
	return ExitOK, nil
}
