package cli

import (
	"context"
	"fmt"
)

// verify reads the organisation again and reports whether it matches.
// The result is a new plan, shown as such; nothing more is applied.
func (f *planFlags) verify(ctx context.Context, sess *session, env Env) error {
	after, err := sess.plan(ctx)
	if err != nil {
		return fmt.Errorf("check after apply: %w", err)
	}
	if !after.Pending() {
		fmt.Fprintln(env.Stdout, "\nCheck after apply: the organization matches the spec.")
		if n := after.Counts().Wait; n > 0 {
			fmt.Fprintf(env.Stdout, "Workspace memberships waiting for invites to be accepted: %d; run apply again once they are.\n", n)
		}
		return nil
	}
	fmt.Fprintln(env.Stdout, "\nCheck after apply: the organization still differs from the spec. A new plan:")
	return f.writePlan(env, after)
}
