package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
)

// The Admin API may list a change a little after it was made. The check
// after apply reads the organisation up to verifyReads times while
// changes that were just applied still show as pending, waiting
// verifyBackoff and then twice as long each time: at most 7 seconds.
const (
	verifyReads   = 4
	verifyBackoff = time.Second
)

// verify reads the organisation again and reports whether it matches.
// The result is a new plan, shown as such; nothing more is applied. While
// the new plan still shows changes that report applied, it reads again
// after a short wait, so the API's lag is not taken for a failure.
func (f *planFlags) verify(ctx context.Context, sess *session, env Env, report *apply.Report) error {
	wait := verifyBackoff
	var after *plan.Plan
	for read := 1; ; read++ {
		var err error
		after, err = sess.plan(ctx)
		if err != nil {
			return fmt.Errorf("check after apply: %w", err)
		}
		lagging := appliedButPending(after, report)
		if lagging == 0 || read == verifyReads {
			break
		}
		sess.logger.Info("changes just applied do not show yet; reading the organization again",
			"changes", lagging, "read", read, "wait", wait)
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("check after apply: %w", ctx.Err())
		}
		wait *= 2
	}

	if !after.Pending() {
		f.recordCheck(after)
		f.printf(env, "\nCheck after apply: the organization matches the spec.\n")
		if n := after.Counts().Wait; n > 0 {
			f.printf(env, "Changes waiting for invites to be accepted: %d; run apply again once they are.\n", n)
		}
		return nil
	}
	if n := appliedButPending(after, report); n > 0 {
		f.printf(env, "\nCheck after apply: %d applied changes still do not show after %d reads; the API may be slow to list them, so run plan again in a few minutes.\n", n, verifyReads)
	}
	f.printf(env, "\nCheck after apply: the organization still differs from the spec. A new plan:\n")
	return f.writePlan(env, after)
}

// changeTarget identifies the object a change acts on, whatever the
// action.
type changeTarget struct {
	kind      plan.Kind
	email     string
	workspace string
}

// appliedButPending counts the changes of p that the API would be sent and
// that act on an object a change in report was applied to.
func appliedButPending(p *plan.Plan, report *apply.Report) int {
	if report == nil {
		return 0
	}
	applied := map[changeTarget]bool{}
	for _, res := range report.Results {
		if res.Status == apply.Applied {
			c := res.Change
			applied[changeTarget{c.Kind, c.Email, c.Workspace}] = true
		}
	}
	n := 0
	for _, c := range p.Changes {
		if c.Sent() && applied[changeTarget{c.Kind, c.Email, c.Workspace}] {
			n++
		}
	}
	return n
}
