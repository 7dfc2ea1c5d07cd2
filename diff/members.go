package diff

import (
	"fmt"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// members plans workspace memberships of every declared workspace.
func (d *differ) members() error {
	for _, m := range d.matched {
		if m.live != nil && !m.live.MembersRead {
			return fmt.Errorf("workspace %q (%s): members were not read", m.live.Name, m.live.ID)
		}
		declaredIDs := d.declaredMembers(m)
		if m.live != nil {
			d.undeclaredMembers(m, declaredIDs)
		}
	}
	return nil
}

// declaredMembers plans the additions and role changes of the members
// the spec declares in m, and returns the ids of the live users among
// them.
func (d *differ) declaredMembers(m managed) (declaredIDs map[string]bool) {
	var current map[string]string // user id to workspace role
	workspaceID := ""
	if m.live != nil {
		workspaceID = m.live.ID
		current = make(map[string]string, len(m.live.Members))
		for _, lm := range m.live.Members {
			current[lm.UserID] = lm.Role
		}
	}
	declaredIDs = make(map[string]bool, len(m.spec.Members))
	for _, want := range m.spec.Members {
		key := spec.EmailKey(want.Email)
		user, ok := d.usersByKey[key]
		if ok {
			declaredIDs[user.ID] = true
		}
		if d.implicitDeclared[key] {
			continue // derived from the organisation role
		}
		c := plan.Change{Kind: plan.KindMember, Email: want.Email, Workspace: m.spec.Name, WorkspaceID: workspaceID,
			Fields: []plan.Field{{Name: "workspace_role", After: want.Role}}}
		if !ok {
			c.Action, c.Reason = plan.Wait, plan.ReasonWaitingForInvite
			d.add(c)
			continue
		}
		if implicitRoles[user.Role] {
			// NOTE: when this plan also demotes a billing member, their
			// memberships are planned by the next run: the listing shows
			// only the derived role until the demotion lands.
			continue
		}
		c.UserID = user.ID
		have, isMember := current[user.ID]
		switch {
		case isMember && have == want.Role:
			continue
		case isMember:
			c.Action, c.Reason = plan.Update, plan.ReasonRoleDiffers
			c.Fields[0].Before = have
		default:
			c.Action, c.Reason = plan.Create, plan.ReasonMissing
		}
		if want.Role == "workspace_billing" {
			c.Action, c.Reason = plan.Manual, plan.ReasonBillingNotAssignable
		}
		d.add(c)
	}
	return declaredIDs
}

// undeclaredMembers plans removal of explicit members the spec does not
// list, skipping derived memberships and people this plan removes anyway.
// declaredIDs holds the ids of the users the spec lists in m. Only members
// outside it are looked up among every user, which keeps this pass fast
// in a large organisation.
func (d *differ) undeclaredMembers(m managed, declaredIDs map[string]bool) {
	for _, lm := range m.live.Members {
		if declaredIDs[lm.UserID] || d.implicitUsers[lm.UserID] || d.removedUser[lm.UserID] {
			continue
		}
		user, known := d.usersByID[lm.UserID]
		if known && d.ignoredPerson(user.Email) {
			d.plan.Ignored.Members++
			continue
		}
		// A member the users list does not show is never removed: without an
		// email there is no way to tell it is the person the spec left out.
		if !known || !d.prunes(d.own.WorkspaceMembers) {
			d.plan.Unmanaged = append(d.plan.Unmanaged, plan.Unmanaged{Kind: plan.KindMember, Email: user.Email,
				Workspace: m.live.Name, ID: lm.UserID, Role: lm.Role})
			continue
		}
		d.add(plan.Change{Kind: plan.KindMember, Action: plan.Delete, Reason: plan.ReasonNotDeclared,
			Email: user.Email, Workspace: m.live.Name, WorkspaceID: m.live.ID, UserID: lm.UserID,
			Fields: []plan.Field{{Name: "workspace_role", Before: lm.Role}}})
	}
}

// liveMembers counts the explicit members of a workspace that pruning
// could remove.
func (d *differ) liveMembers(w *live.Workspace) int {
	n := 0
	for _, lm := range w.Members {
		if !d.implicitUsers[lm.UserID] {
			n++
		}
	}
	return n
}
