package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
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
	prune             bool
	force             bool
	maxRemovals       int
	allowAdminChanges bool
}

// planningFlags are the flags that change what a plan contains; a saved
// plan keeps the values it was computed with.
var planningFlags = []string{"prune", "force", "max-removals", "allow-admin-changes"}

// register adds the shared flags to fs.
func (f *planFlags) register(fs *flag.FlagSet) {
	f.targetFlags.register(fs)
	f.sourceFlags.register(fs)
	f.outputFlags.register(fs)
	fs.BoolVar(&f.prune, "prune", false, "remove people, pending invites, workspace members (and workspaces, where the spec makes them authoritative) that the spec does not declare")
	fs.BoolVar(&f.force, "force", false, "lift the removal limits and the protection of people listed under protect (never the rule that one admin must remain)")
	fs.IntVar(&f.maxRemovals, "max-removals", 0, "allow up to `N` removals of each kind in this run, instead of the spec's removal_limits")
	fs.BoolVar(&f.allowAdminChanges, "allow-admin-changes", false, "allow a plan that demotes or removes admins (as manual steps)")
}

func (f *planFlags) diffOptions() diff.Options {
	return diff.Options{Prune: f.prune, Force: f.force, MaxRemovals: f.maxRemovals, AllowAdminChanges: f.allowAdminChanges}
}

// session is the state of a plan or apply run once started: the spec, the
// connection and the planning options.
type session struct {
	loaded *loadedSpec
	spec   *spec.Spec
	source plan.Source
	target *target
	logger *slog.Logger
	opts   diff.Options
	// memberWorkspaceIDs, when set, selects the workspaces whose members
	// are read by id, as a saved plan recorded them.
	memberWorkspaceIDs []string
}

// start parses the spec and connects to the organisation. The spec is
// parsed first so that invalid input never reaches the API.
func (f *planFlags) start(ctx context.Context, env Env, files []string) (*session, error) {
	if len(files) != 1 {
		return nil, usageError{"expected exactly one spec FILE"}
	}
	logger, err := f.newLogger(env.Stderr, f.logLevel)
	if err != nil {
		return nil, err
	}
	loaded, err := f.loadSpec(ctx, env, logger, files[0])
	if err != nil {
		return nil, err
	}
	return f.connectSession(env, logger, loaded, f.diffOptions())
}

func (f *planFlags) connectSession(env Env, logger *slog.Logger, loaded *loadedSpec, opts diff.Options) (*session, error) {
	tgt, err := f.connect(env, logger)
	if err != nil {
		return nil, err
	}
	return &session{loaded: loaded, spec: loaded.spec, source: loaded.source, target: tgt, logger: logger, opts: opts}, nil
}

// read reads the live organisation, with the members of the workspaces
// the spec manages.
func (s *session) read(ctx context.Context) (*live.State, error) {
	selected := diff.DeclaredWorkspaces(s.spec)
	if s.memberWorkspaceIDs != nil {
		ids := map[string]bool{}
		for _, id := range s.memberWorkspaceIDs {
			ids[id] = true
		}
		selected = func(w live.Workspace) bool { return ids[w.ID] }
	}
	state, err := s.target.client.ReadState(ctx, admin.ReadOptions{MemberWorkspaces: selected, Settings: settingsToRead(s.spec, selected)})
	var apiErr *admin.Error
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
		return nil, fmt.Errorf("%w; check %s: it must hold an Admin API key of this organization, which an admin creates in the Console", err, adminKeyEnv)
	}
	if err != nil {
		return nil, err
	}
	s.logger.Debug("live state read", "users", len(state.Users), "invites", len(state.Invites), "workspaces", len(state.Workspaces))
	return state, nil
}

// plan reads the live organisation and computes the plan.
func (s *session) plan(ctx context.Context) (*plan.Plan, error) {
	p, _, err := s.planWithState(ctx)
	return p, err
}

func (s *session) planWithState(ctx context.Context) (*plan.Plan, *live.State, error) {
	state, err := s.read(ctx)
	if err != nil {
		return nil, nil, err
	}
	opts := s.opts
	opts.Now = readTime(state)
	p, err := diff.Compute(s.spec, state, opts)
	if err != nil {
		return nil, nil, err
	}
	p.Source = s.source
	return p, state, nil
}

// readTime is the time invite expiry is judged against: the server's,
// when the reader recorded it.
func readTime(state *live.State) time.Time {
	if state.ReadAt.IsZero() {
		return time.Now()
	}
	return state.ReadAt
}

// settingsToRead selects the settings the spec manages, so that a spec
// without them costs no extra request.
func settingsToRead(s *spec.Spec, workspaces func(live.Workspace) bool) admin.SettingsSelection {
	sel := admin.SettingsSelection{
		Compliance:  s.Settings.Compliance != "",
		APIKeys:     diff.ManagesAPIKeys(s),
		SpendLimits: diff.ManagesSpendLimits(s),
		RBACGroups:  s.Settings.RBACGroupsDeclared,
	}
	if diff.ManagesRateLimits(s) {
		sel.OrgRateLimits, sel.WorkspaceRateLimits = true, workspaces
	}
	return sel
}

func runPlan(ctx context.Context, args []string, env Env) (ExitCode, error) {
	var f planFlags
	fs := newFlagSet("plan", env)
	f.register(fs)
	detailed := fs.Bool("detailed-exitcode", false, "exit 0 when there are no changes, 2 when changes are pending, 1 on error")
	out := fs.String("out", "", "also save the plan to this `file`, for a later \"orgsync apply FILE\" that applies exactly it")
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

	p, state, err := sess.planWithState(ctx)
	if err != nil {
		return ExitError, err
	}
	if err := f.writePlan(env, p); err != nil {
		return ExitError, err
	}
	if reason := freezeReason(sess.spec, env); reason != "" {
		sess.logger.Warn("apply is frozen, so this plan cannot be applied now", "reason", reason)
	}
	if *out != "" {
		if err := saveplan(*out, sess, p, state); err != nil {
			return ExitError, err
		}
		sess.logger.Info("plan saved", "file", *out)
	}
	switch {
	case len(p.Blocked) > 0:
		return ExitBlocked, nil
	case *detailed && p.Pending():
		return ExitChanges, nil
	}
	return ExitOK, nil
}

// saveplan writes p with what apply needs to check it is still valid.
func saveplan(path string, sess *session, p *plan.Plan, state *live.State) error {
	var ids []string
	for _, w := range state.Workspaces {
		if w.MembersRead {
			ids = append(ids, w.ID)
		}
	}
	saved := &plan.Saved{
		CreatedAt:          time.Now().UTC().Truncate(time.Second),
		SpecFiles:          sess.loaded.files,
		Options:            plan.SavedOptions{Prune: sess.opts.Prune, Force: sess.opts.Force, MaxRemovals: sess.opts.MaxRemovals, AllowAdminChanges: sess.opts.AllowAdminChanges},
		LiveFingerprint:    state.Fingerprint(),
		MemberWorkspaceIDs: ids,
		Plan:               p,
	}
	return saved.Write(path)
}
