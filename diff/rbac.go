package diff

import (
	"fmt"
	"slices"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// rbacGroups plans Enterprise RBAC groups: creates the missing ones, adds
// and (when authoritative and pruning) removes members, and invites
// people straight into their groups. Groups are never deleted, and SCIM
// groups are reported, because the API cannot change them.
func (d *differ) rbacGroups() error {
	if !d.desired.Settings.RBACGroupsDeclared {
		return nil
	}
	if !d.state.Settings.RBACGroupsRead {
		return fmt.Errorf("rbac groups were not read")
	}
	invites := map[string]int{} // email key to the index of its invite change
	for i, c := range d.plan.Changes {
		if c.Kind == plan.KindPerson && (c.Action == plan.Create || c.Action == plan.Replace) {
			invites[spec.EmailKey(c.Email)] = i
		}
	}
	for _, g := range d.desired.Settings.RBACGroups {
		lg, err := d.matchGroup(g)
		if err != nil {
			return err
		}
		if lg != nil && lg.SourceType == "scim" {
			d.plan.Notes = append(d.plan.Notes, plan.Note{Code: plan.NoteGroupNotManageable, Target: lg.Name, TargetID: lg.ID})
			continue
		}
		ref := plan.GroupRef{Name: g.Name}
		var current []string
		if lg == nil {
			d.add(plan.Change{Kind: plan.KindRBACGroup, Action: plan.Create, Reason: plan.ReasonMissing, Target: g.Name,
				Fields: []plan.Field{{Name: "name", After: g.Name}}})
		} else {
			ref.ID, current = lg.ID, lg.MemberIDs
		}
		wanted := map[string]bool{}
		for _, email := range g.Members {
			key := spec.EmailKey(email)
			c := plan.Change{Kind: plan.KindRBACMember, Target: g.Name, TargetID: ref.ID, Email: email}
			user, member := d.usersByKey[key]
			switch {
			case member:
				wanted[user.ID] = true
				if slices.Contains(current, user.ID) {
					continue
				}
				c.Action, c.Reason, c.UserID = plan.Create, plan.ReasonMissing, user.ID
			case hasInvite(invites, key):
				// The invite carries the group, so the person joins it on accepting.
				i := invites[key]
				d.plan.Changes[i].RBACGroups = append(d.plan.Changes[i].RBACGroups, ref)
				continue
			default:
				c.Action, c.Reason = plan.Wait, plan.ReasonWaitingForInvite
			}
			d.add(c)
		}
		if lg != nil {
			d.undeclaredGroupMembers(lg, wanted)
		}
	}
	return nil
}

func hasInvite(invites map[string]int, key string) bool {
	_, ok := invites[key]
	return ok
}

// undeclaredGroupMembers plans removal of members the spec does not list,
// when RBAC groups are authoritative and pruning, and never of people the
// spec ignores.
func (d *differ) undeclaredGroupMembers(lg *live.RBACGroup, wanted map[string]bool) {
	for _, id := range lg.MemberIDs {
		if wanted[id] {
			continue
		}
		user, known := d.usersByID[id]
		if !known || d.ignoredPerson(user.Email) || d.removedUser[id] {
			continue
		}
		if !d.prunes(d.own.RBACGroups) {
			d.plan.Unmanaged = append(d.plan.Unmanaged, plan.Unmanaged{Kind: plan.KindRBACMember, Email: user.Email, Target: lg.Name, ID: id})
			continue
		}
		d.add(plan.Change{Kind: plan.KindRBACMember, Action: plan.Delete, Reason: plan.ReasonNotDeclared,
			Target: lg.Name, TargetID: lg.ID, Email: user.Email, UserID: id})
	}
}

// matchGroup returns the live group a declared one refers to: by id when
// pinned, else by a name no other group has. Names are not unique, so two
// groups of one name are an error that asks for an id.
func (d *differ) matchGroup(g spec.RBACGroup) (*live.RBACGroup, error) {
	groups := d.state.Settings.RBACGroups
	if g.ID != "" {
		for i := range groups {
			if groups[i].ID == g.ID {
				return &groups[i], nil
			}
		}
		return nil, fmt.Errorf("%s:%d: RBAC group %q is pinned to id %s, which does not exist: %w", g.Pos.File, g.Pos.Line, g.Name, g.ID, ErrUnknown)
	}
	var found []*live.RBACGroup
	for i := range groups {
		if groups[i].Name == g.Name {
			found = append(found, &groups[i])
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("%s:%d: RBAC group %q matches %d groups (%s and %s); pin one with id: %w",
		g.Pos.File, g.Pos.Line, g.Name, len(found), found[0].ID, found[1].ID, ErrAmbiguous)
}
