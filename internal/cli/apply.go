package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
)

// errNotConfirmed means the user did not confirm an apply.
var errNotConfirmed = errors.New("apply cancelled: not confirmed")

func runApply(ctx context.Context, args []string, env Env) (ExitCode, error) {
	var f planFlags
	fs := newFlagSet("apply", env)
	f.register(fs)
	fs.BoolVar(&f.prune, "prune", false, "remove people, pending invites and workspace members that the spec does not declare")
	yes := fs.Bool("yes", false, "apply without asking for confirmation (required when standard input is not a terminal)")
	failFast := fs.Bool("fail-fast", false, "stop at the first failed change instead of going on with independent ones")
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
	if len(p.Blocked) > 0 {
		return ExitBlocked, fmt.Errorf("plan is blocked by a safety rule; nothing was applied")
	}
	sendable := 0
	for _, c := range p.Changes {
		if c.Sent() {
			sendable++
		}
	}
	if sendable == 0 {
		fmt.Fprintln(env.Stdout, "Nothing to apply.")
		return ExitOK, nil
	}
	if !*yes {
		if err := confirm(env, p, sendable); err != nil {
			return ExitError, err
		}
	}

	jrnl, err := f.openJournal(env, p)
	if err != nil {
		return ExitError, err
	}
	report, code, err := f.execute(ctx, sess, env, p, jrnl, *failFast, sendable)
	if closeErr := jrnl.Close(report, code); closeErr != nil && err == nil {
		return ExitError, closeErr
	}
	return code, err
}

// execute applies the plan, reports the results and checks the outcome.
func (f *planFlags) execute(ctx context.Context, sess *session, env Env, p *plan.Plan, jrnl journal, failFast bool, sendable int) (*apply.Report, ExitCode, error) {
	report, err := apply.Run(ctx, sess.target.client, p, apply.Options{FailFast: failFast, Logger: sess.logger, Recorder: jrnl})
	if err != nil {
		return report, ExitError, err
	}
	fmt.Fprintln(env.Stdout)
	if err := f.writeReport(env, report); err != nil {
		return report, ExitError, err
	}
	if err := f.verify(ctx, sess, env); err != nil {
		return report, ExitError, err
	}
	if report.Count(apply.Failed) > 0 {
		return report, ExitPartial, fmt.Errorf("%d of %d changes failed; run apply again to retry them", report.Count(apply.Failed), sendable)
	}
	return report, ExitOK, nil
}

// confirm asks on the terminal before applying. Without a terminal it
// refuses, so an unattended run needs --yes.
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
