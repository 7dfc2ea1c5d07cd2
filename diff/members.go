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
		d.declaredMembers(m)
		if m.live != nil {
			d.undeclaredMembers(m)
		}
	}
	return nil
}

func (d *differ) declaredMembers(m managed) {
	current := map[string]string{} // user id to workspace role
	workspaceID := ""
	if m.live != nil {
		workspaceID = m.live.ID
		for _, lm := range m.live.Members {
			current[lm.UserID] = lm.Role
		}
	}
	for _, want := range m.spec.Members {
		key := spec.EmailKey(want.Email)
		if implicitRoles[d.declared[key].Role] {
			continue // derived from the organisation role
		}
		c := plan.Change{Kind: plan.KindMember, Email: want.Email, Workspace: m.spec.Name, WorkspaceID: workspaceID,
			Fields: []plan.Field{{Name: "workspace_role", After: want.Role}}}
		user, ok := d.usersByKey[key]
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
}

// undeclaredMembers plans removal of explicit members the spec does not
// list, skipping derived memberships and people this plan removes anyway.
func (d *differ) undeclaredMembers(m managed) {
	wanted := map[string]bool{}
	for _, want := range m.spec.Members {
		wanted[spec.EmailKey(want.Email)] = true
	}
	for _, lm := range m.live.Members {
		user, known := d.usersByID[lm.UserID]
		if known && (implicitRoles[user.Role] || wanted[spec.EmailKey(user.Email)] || d.removedUser[user.ID]) {
			continue
		}
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
		if user, ok := d.usersByID[lm.UserID]; ok && implicitRoles[user.Role] {
			continue
		}
		n++
	}
	return n
}
