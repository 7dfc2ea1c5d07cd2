package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/term"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// errNotConfirmed means the user did not confirm an apply.
var errNotConfirmed = errors.New("apply cancelled: not confirmed")

func runApply(ctx context.Context, args []string, env Env) (ExitCode, error) {
	var f planFlags
	fs := newFlagSet("apply", env)
	f.register(fs)
	yes := fs.Bool("yes", false, "apply without asking for confirmation (required when standard input is not a terminal)")
	failFast := fs.Bool("fail-fast", false, "stop at the first failed change instead of going on with independent ones")
	files, err := parseArgs(fs, args)
	if err != nil {
		return ExitError, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()

	sess, p, code, err := f.prepareApply(ctx, env, fs, files)
	if err != nil {
		return code, err
	}
	defer sess.target.close()
	if err := f.writePlan(env, p); err != nil {
		return ExitError, err
	}
	// The journal opens before any check, so that a refused run is
	// recorded too, with its exit code.
	jrnl, err := f.openJournal(env, p)
	if err != nil {
		return ExitError, err
	}
	report, code, err := f.checkAndExecute(ctx, sess, env, p, jrnl, *yes, *failFast)
	f.run.Err = err // the JSON view carries the error the command ends with
	if closeErr := jrnl.Close(report, code); closeErr != nil && err == nil {
		return ExitError, closeErr
	}
	return code, err
}

// checkAndExecute refuses a blocked, frozen or unconfirmed plan, and
// otherwise applies it.
func (f *planFlags) checkAndExecute(ctx context.Context, sess *session, env Env, p *plan.Plan, jrnl journal, yes, failFast bool) (*apply.Report, ExitCode, error) {
	if len(p.Blocked) > 0 {
		return nil, ExitBlocked, fmt.Errorf("plan is blocked by a safety rule; nothing was applied")
	}
	if reason := freezeReason(sess.spec, env); reason != "" {
		return nil, ExitBlocked, fmt.Errorf("apply is frozen: %s; nothing was applied (plan still works)", reason)
	}
	sendable := 0
	for _, c := range p.Changes {
		if c.Sent() {
			sendable++
		}
	}
	if sendable == 0 && p.Counts().Manual == 0 {
		f.printf(env, "Nothing to apply.\n")
		return nil, ExitOK, nil
	}
	// With only manual steps nothing is sent, so no confirmation is needed,
	// but the run still reports each step as skipped, so that an unattended
	// run shows that a person has to act.
	if sendable > 0 && !yes {
		if err := confirm(env, p, sendable); err != nil {
			return nil, ExitError, err
		}
	}
	return f.execute(ctx, sess, env, p, jrnl, failFast, sendable)
}

// prepareApply returns the session and the plan to apply: a plan saved by
// "plan --out", checked against the live organisation, or a new plan of
// the spec.
func (f *planFlags) prepareApply(ctx context.Context, env Env, fs *flag.FlagSet, files []string) (*session, *plan.Plan, ExitCode, error) {
	if len(files) != 1 {
		return nil, nil, ExitError, usageError{"expected exactly one spec FILE or saved plan"}
	}
	data, err := readSpecFile(files[0])
	if err != nil || !plan.IsSaved(data) {
		sess, err := f.start(ctx, env, files)
		if err != nil {
			return nil, nil, ExitError, err
		}
		p, err := sess.plan(ctx)
		if err != nil {
			sess.target.close()
			return nil, nil, ExitError, err
		}
		return sess, p, ExitOK, nil
	}

	var set []string
	fs.Visit(func(fl *flag.Flag) {
		if slices.Contains(planningFlags, fl.Name) {
			set = append(set, "--"+fl.Name)
		}
	})
	if len(set) > 0 {
		return nil, nil, ExitError, usageError{fmt.Sprintf("%s cannot change a saved plan; plan again with the flag and --out", strings.Join(set, ", "))}
	}
	sess, p, err := f.startSaved(ctx, env, files[0], data)
	if errors.Is(err, errPlanStale) {
		return nil, nil, ExitBlocked, err
	}
	if err != nil {
		return nil, nil, ExitError, err
	}
	return sess, p, ExitOK, nil
}

// errPlanStale means the organisation changed after a plan was saved.
var errPlanStale = errors.New("the organization changed since the plan was saved")

// startSaved loads a saved plan and checks that the organisation is still
// in the state it was planned from.
func (f *planFlags) startSaved(ctx context.Context, env Env, name string, data []byte) (*session, *plan.Plan, error) {
	logger, err := f.newLogger(env.Stderr, f.logLevel)
	if err != nil {
		return nil, nil, err
	}
	saved, err := plan.ReadSaved(name, data)
	if err != nil {
		return nil, nil, err
	}
	loaded, err := loadSavedSpec(saved)
	if err != nil {
		return nil, nil, err
	}
	opts := diff.Options{Prune: saved.Options.Prune, Force: saved.Options.Force,
		MaxRemovals: saved.Options.MaxRemovals, AllowAdminChanges: saved.Options.AllowAdminChanges}
	sess, err := f.connectSession(env, logger, loaded, opts)
	if err != nil {
		return nil, nil, err
	}
	sess.memberWorkspaceIDs = saved.MemberWorkspaceIDs
	if sess.memberWorkspaceIDs == nil {
		sess.memberWorkspaceIDs = []string{}
	}
	state, err := sess.read(ctx)
	if err == nil && state.Fingerprint() != saved.LiveFingerprint {
		err = fmt.Errorf("saved plan %s: %w (fingerprint %s, now %s); nothing was applied, plan again", name, errPlanStale, saved.LiveFingerprint, state.Fingerprint())
	}
	sess.memberWorkspaceIDs = nil
	if err != nil {
		sess.target.close()
		return nil, nil, err
	}
	logger.Info("applying saved plan", "file", name, "created_at", saved.CreatedAt)
	return sess, saved.Plan, nil
}

// loadSavedSpec parses the spec files a saved plan carries, merged as a
// directory spec is.
func loadSavedSpec(saved *plan.Saved) (*loadedSpec, error) {
	files := make([]spec.File, len(saved.SpecFiles))
	for i, f := range saved.SpecFiles {
		files[i] = spec.File{Name: f.Name, Data: []byte(f.Data)}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("saved plan is invalid: it contains no spec files; plan again with --out")
	}
	s, err := spec.ParseFiles(files)
	if err != nil {
		return nil, fmt.Errorf("saved plan: %w", err)
	}
	return &loadedSpec{spec: s, source: saved.Plan.Source, files: saved.SpecFiles}, nil
}

// freezeReason returns why apply must not run, or "".
func freezeReason(s *spec.Spec, env Env) string {
	if reason := strings.TrimSpace(env.Getenv("ORGSYNC_FREEZE")); reason != "" {
		return reason + " (ORGSYNC_FREEZE)"
	}
	if s.Freeze != "" {
		return s.Freeze + " (freeze in the spec)"
	}
	return ""
}

// execute applies the plan, reports the results and checks the outcome.
func (f *planFlags) execute(ctx context.Context, sess *session, env Env, p *plan.Plan, jrnl journal, failFast bool, sendable int) (*apply.Report, ExitCode, error) {
	report, err := apply.Run(ctx, sess.target.client, p, apply.Options{FailFast: failFast, Logger: sess.logger, Recorder: jrnl})
	if err != nil {
		return report, ExitError, err
	}
	f.printf(env, "\n")
	if err := f.writeReport(env, report); err != nil {
		return report, ExitError, err
	}
	if err := f.verify(ctx, sess, env, report); err != nil {
		return report, ExitError, err
	}
	if report.Count(apply.Failed) > 0 {
		return report, ExitPartial, fmt.Errorf("%d of %d changes failed; run apply again to retry them", report.Count(apply.Failed), sendable)
	}
	return report, ExitOK, nil
}

// confirm prompts on the terminal before applying. Without a terminal it
// returns an error, so an unattended run needs --yes.
func confirm(env Env, p *plan.Plan, sendable int) error {
	if !isTerminal(env.Stdin) {
		return fmt.Errorf("refusing to apply %d changes without confirmation: standard input is not a terminal; pass --yes to apply unattended", sendable)
	}
	fmt.Fprintf(env.Stderr, "Apply %d changes to organization %q? Type yes to continue: ", sendable, p.Organization.Name)
	answer, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read confirmation: %w", err)
	}
	if strings.TrimSpace(answer) != "yes" {
		return errNotConfirmed
	}
	return nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
