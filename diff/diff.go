package diff

import (
	"errors"
	"fmt"
	"time"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// Options controls how a plan is computed.
type Options struct {
	// Prune plans removals of what the spec does not declare.
	Prune bool
	// Now is the time against which invite expiry is judged.
	Now time.Time
	// Force lifts the removal limits and the protection of protected
	// people. It never lifts the rule that one admin must remain.
	Force bool
	// MaxRemovals, when above 0, replaces the spec's removal limits: up
	// to this many objects of each kind may be removed.
	MaxRemovals int
	// AllowAdminChanges lets a plan demote or remove admins (as manual
	// steps, since the API cannot).
	AllowAdminChanges bool
}

// ErrWrongOrganization means the spec names another organisation than the
// one the API key belongs to.
var ErrWrongOrganization = errors.New("wrong organization")

// ErrNoWorkspace means the spec pins a workspace id that is not an active
// workspace. Archived workspaces are never restored.
var ErrNoWorkspace = errors.New("no such active workspace")

// ErrImmutable means the spec changes a setting the API fixes once set,
// such as a workspace's geo.
var ErrImmutable = errors.New("setting cannot change")

// ErrUnknown means the spec names something the organisation does not
// have, such as a rate-limit group or an API key.
var ErrUnknown = errors.New("not found in the organization")

// ErrAmbiguous means the spec cannot be matched to the live state without
// guessing, such as two active workspaces with the declared name.
var ErrAmbiguous = errors.New("ambiguous match")

// Compute returns the plan that makes state match desired.
func Compute(desired *spec.Spec, state *live.State, opts Options) (*plan.Plan, error) {
	if err := checkOrganization(desired, state); err != nil {
		return nil, err
	}
	d := newDiffer(desired, state, opts)
	d.people()
	if err := d.workspaces(); err != nil {
		return nil, err
	}
	if err := d.members(); err != nil {
		return nil, err
	}
	if err := d.settings(); err != nil {
		return nil, err
	}
	sortChanges(d.plan.Changes)
	d.guard()
	d.protectedLast()
	sortUnmanaged(d.plan.Unmanaged)
	return d.plan, nil
}

func checkOrganization(desired *spec.Spec, state *live.State) error {
	want := desired.Organization
	if want == nil {
		return nil
	}
	got := state.Organization
	if want.ID != "" && want.ID != got.ID {
		return fmt.Errorf("%s:%d: spec is for organization id %s, but the API key belongs to %s (%q): %w",
			want.Pos.File, want.Pos.Line, want.ID, got.ID, got.Name, ErrWrongOrganization)
	}
	if want.Name != "" && want.Name != got.Name {
		return fmt.Errorf("%s:%d: spec is for organization %q, but the API key belongs to %q (%s): %w",
			want.Pos.File, want.Pos.Line, want.Name, got.Name, got.ID, ErrWrongOrganization)
	}
	return nil
}
