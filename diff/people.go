package diff

import (
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// differ holds the indexes built once per Compute call.
type differ struct {
	desired *spec.Spec
	state   *live.State
	opts    Options
	plan    *plan.Plan

	declared    map[string]spec.User // by email key
	usersByKey  map[string]live.User
	usersByID   map[string]live.User
	pending     map[string]live.Invite // unexpired pending invite by email key
	expired     map[string]live.Invite // latest expired invite by email key
	removedUser map[string]bool        // user ids this plan removes
	// implicitDeclared and implicitUsers are small sets, kept apart from
	// the maps of every person so that the membership pass, which runs
	// once per membership, looks up large maps as seldom as it can.
	implicitDeclared map[string]bool // email keys declared with an implicit role
	implicitUsers    map[string]bool // ids of live users with an implicit role
	matched          []managed       // declared workspaces in spec order
	own              spec.Ownership  // the spec's ownership, defaults filled in
}

func newDiffer(desired *spec.Spec, state *live.State, opts Options) *differ {
	d := &differ{
		desired:     desired,
		state:       state,
		opts:        opts,
		plan:        &plan.Plan{Prune: opts.Prune},
		declared:    make(map[string]spec.User, len(desired.Users)),
		usersByKey:  make(map[string]live.User, len(state.Users)),
		usersByID:   make(map[string]live.User, len(state.Users)),
		pending:     make(map[string]live.Invite, len(state.Invites)),
		expired:     make(map[string]live.Invite, len(state.Invites)),
		removedUser: map[string]bool{},

		implicitDeclared: map[string]bool{},
		implicitUsers:    map[string]bool{},
	}
	d.plan.Organization = plan.Organization{ID: state.Organization.ID, Name: state.Organization.Name}
	d.own = withDefaults(desired.Ownership)
	for _, u := range desired.Users {
		key := spec.EmailKey(u.Email)
		d.declared[key] = u
		if implicitRoles[u.Role] {
			d.implicitDeclared[key] = true
		}
	}
	for _, u := range state.Users {
		d.usersByKey[spec.EmailKey(u.Email)] = u
		d.usersByID[u.ID] = u
		if implicitRoles[u.Role] {
			d.implicitUsers[u.ID] = true
		}
	}
	d.indexInvites()
	return d
}

// indexInvites sorts invites into pending and expired. The expiry date is
// trusted over the status, because a status can lag behind the clock.
func (d *differ) indexInvites() {
	for _, inv := range d.state.Invites {
		key := spec.EmailKey(inv.Email)
		switch inv.Status {
		case "pending":
			if !inv.ExpiresAt.IsZero() && !inv.ExpiresAt.After(d.opts.Now) {
				d.plan.Notes = append(d.plan.Notes, plan.Note{
					Code: plan.NoteInviteStatusStale, Email: inv.Email, InviteID: inv.ID,
					Role: inv.Role, ExpiresAt: inv.ExpiresAt,
				})
				d.keepLatest(d.expired, key, inv)
				continue
			}
			d.keepLatest(d.pending, key, inv)
		case "expired":
			d.keepLatest(d.expired, key, inv)
		}
	}
}

func (d *differ) keepLatest(m map[string]live.Invite, key string, inv live.Invite) {
	if old, ok := m[key]; ok && !inv.InvitedAt.After(old.InvitedAt) {
		return
	}
	m[key] = inv
}

// readOnlyRoles are organisation roles the API can neither assign nor
// change nor remove.
var readOnlyRoles = map[string]bool{"admin": true, "owner": true, "primary_owner": true, "membership_admin": true}

// implicitRoles are organisation roles that grant a role in every
// workspace, so their memberships are derived, not managed.
var implicitRoles = map[string]bool{"admin": true, "owner": true, "primary_owner": true, "membership_admin": true, "billing": true}

func (d *differ) add(c plan.Change) { d.plan.Changes = append(d.plan.Changes, c) }

// people plans invites, role changes and removals of people.
func (d *differ) people() {
	for _, u := range d.desired.Users {
		d.person(u)
	}
	d.undeclaredPeople()
}

func (d *differ) person(u spec.User) {
	key := spec.EmailKey(u.Email)
	role := plan.Field{Name: "role", After: u.Role}
	if member, ok := d.usersByKey[key]; ok {
		if member.Role == u.Role {
			return
		}
		role.Before = member.Role
		c := plan.Change{Kind: plan.KindPerson, Action: plan.Update, Reason: plan.ReasonRoleDiffers,
			Email: u.Email, UserID: member.ID, Fields: []plan.Field{role}}
		switch {
		case readOnlyRoles[member.Role]:
			c.Action, c.Reason = plan.Manual, plan.ReasonRoleReadOnly
		case readOnlyRoles[u.Role]:
			c.Action, c.Reason = plan.Manual, plan.ReasonAdminNotAssignable
		}
		d.add(c)
		return
	}

	state := plan.Field{Name: "state", Before: "absent", After: "invited"}
	if inv, ok := d.pending[key]; ok {
		if inv.Role == u.Role {
			d.plan.Notes = append(d.plan.Notes, plan.Note{Code: plan.NoteInvitePending, Email: u.Email,
				InviteID: inv.ID, Role: inv.Role, ExpiresAt: inv.ExpiresAt})
			return
		}
		role.Before = inv.Role
		state.Before = "invited"
		c := plan.Change{Kind: plan.KindPerson, Action: plan.Replace, Reason: plan.ReasonInviteRoleDiffers,
			Email: u.Email, InviteID: inv.ID, Fields: []plan.Field{state, role}}
		if readOnlyRoles[u.Role] {
			c.Action, c.Reason = plan.Manual, plan.ReasonAdminNotAssignable
		}
		d.add(c)
		return
	}

	c := plan.Change{Kind: plan.KindPerson, Action: plan.Create, Reason: plan.ReasonMissing,
		Email: u.Email, Fields: []plan.Field{state, role}}
	if inv, ok := d.expired[key]; ok {
		c.Reason, c.InviteID = plan.ReasonInviteExpired, inv.ID
		c.Fields[0].Before = "invite expired"
	}
	if readOnlyRoles[u.Role] {
		c.Action, c.Reason = plan.Manual, plan.ReasonAdminNotAssignable
	}
	d.add(c)
}

// undeclaredPeople plans removal of members and pending invites the spec
// does not declare, or reports them as unmanaged when not pruning.
func (d *differ) undeclaredPeople() {
	for _, u := range d.state.Users {
		if _, ok := d.declared[spec.EmailKey(u.Email)]; ok {
			continue
		}
		if d.ignoredPerson(u.Email) {
			d.plan.Ignored.People++
			continue
		}
		if !d.prunes(d.own.People) {
			d.plan.Unmanaged = append(d.plan.Unmanaged, plan.Unmanaged{Kind: plan.KindPerson, Email: u.Email, ID: u.ID, Role: u.Role})
			continue
		}
		c := plan.Change{Kind: plan.KindPerson, Action: plan.Delete, Reason: plan.ReasonNotDeclared,
			Email: u.Email, UserID: u.ID, Fields: []plan.Field{{Name: "state", Before: "member", After: "absent"}, {Name: "role", Before: u.Role}}}
		if readOnlyRoles[u.Role] {
			c.Action, c.Reason = plan.Manual, plan.ReasonRoleReadOnly
		} else {
			d.removedUser[u.ID] = true
		}
		d.add(c)
	}
	for key, inv := range d.pending {
		if _, ok := d.declared[key]; ok {
			continue
		}
		if _, ok := d.usersByKey[key]; ok {
			// NOTE: an invite left pending for someone who is already a
			// member cannot be accepted; it is left alone.
			continue
		}
		if d.ignoredPerson(inv.Email) {
			d.plan.Ignored.Invites++
			continue
		}
		if !d.prunes(d.own.Invites) {
			d.plan.Unmanaged = append(d.plan.Unmanaged, plan.Unmanaged{Kind: plan.KindPerson, Email: inv.Email, ID: inv.ID, Role: inv.Role, Invite: true})
			continue
		}
		d.add(plan.Change{Kind: plan.KindPerson, Action: plan.Delete, Reason: plan.ReasonNotDeclared,
			Email: inv.Email, InviteID: inv.ID, Fields: []plan.Field{{Name: "state", Before: "invited", After: "absent"}, {Name: "role", Before: inv.Role}}})
	}
}

// prunes reports whether this run removes undeclared objects of a kind
// with the given ownership.
func (d *differ) prunes(mode spec.Mode) bool {
	return d.opts.Prune && mode == spec.Authoritative
}

func (d *differ) ignoredPerson(email string) bool {
	return spec.MatchPattern(d.desired.Ignore.People, email)
}

// withDefaults fills the kinds a spec value leaves unset, as a Spec built
// in code rather than parsed may do.
func withDefaults(o spec.Ownership) spec.Ownership {
	def := spec.DefaultOwnership
	for _, pair := range []struct{ mode, fallback *spec.Mode }{
		{&o.People, &def.People}, {&o.Invites, &def.Invites},
		{&o.WorkspaceMembers, &def.WorkspaceMembers}, {&o.Workspaces, &def.Workspaces},
		{&o.RateLimits, &def.RateLimits}, {&o.SpendLimits, &def.SpendLimits}, {&o.RBACGroups, &def.RBACGroups},
	} {
		if *pair.mode == "" {
			*pair.mode = *pair.fallback
		}
	}
	return o
}
