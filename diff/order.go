package diff

import (
	"cmp"
	"slices"
	"strings"

	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// Step returns the position of a change's step in a plan. Creations and
// updates come first, from containers to contents; removals come last,
// from contents to containers:
//
//  1. create workspaces and RBAC groups
//  2. update workspaces and organisation settings (Compliance API,
//     workspace rate limits, spend limits)
//  3. invite people (send, re-send or replace an invite)
//  4. change organisation roles
//  5. add workspace and RBAC group members
//  6. change workspace roles
//  7. remove workspace and RBAC group members, delete spend limits
//  8. delete pending invites
//  9. remove people
//  10. set the status of API keys, so keys of people removed in step 9
//     are deactivated after them
//  11. archive workspaces
//
// A manual step sits where the API call would have been; a change that
// waits on an invite sits with the additions.
func Step(c plan.Change) int {
	switch c.Kind {
	case plan.KindWorkspace:
		switch c.Action {
		case plan.Create:
			return 1
		case plan.Delete:
			return 11
		}
		return 2
	case plan.KindRBACGroup:
		return 1
	case plan.KindCompliance, plan.KindRateLimit:
		return 2
	case plan.KindSpendLimit:
		if c.Action == plan.Delete {
			return 7
		}
		return 2
	case plan.KindAPIKey:
		return 10
	case plan.KindRBACMember:
		if c.Action == plan.Delete {
			return 7
		}
		return 5
	case plan.KindPerson:
		switch {
		case removes(c) && c.UserID == "":
			return 8
		case removes(c):
			return 9
		case c.UserID != "":
			return 4
		}
		return 3
	case plan.KindMember:
		role, _ := c.Field("workspace_role")
		switch {
		case role.After == "":
			return 7
		case role.Before != "":
			return 6
		}
		return 5
	}
	return 12
}

// removes reports whether a change takes a person out of the
// organisation, including a removal that must be done by hand.
func removes(c plan.Change) bool {
	state, _ := c.Field("state")
	return c.Action == plan.Delete || state.After == "absent"
}

func sortChanges(changes []plan.Change) {
	slices.SortStableFunc(changes, func(a, b plan.Change) int {
		return cmp.Or(
			cmp.Compare(Step(a), Step(b)),
			strings.Compare(string(a.Kind), string(b.Kind)),
			strings.Compare(a.Workspace, b.Workspace),
			strings.Compare(a.Target, b.Target),
			strings.Compare(spec.EmailKey(a.Email), spec.EmailKey(b.Email)),
			strings.Compare(a.WorkspaceID, b.WorkspaceID),
			strings.Compare(a.UserID+a.InviteID, b.UserID+b.InviteID),
		)
	})
}

func sortUnmanaged(items []plan.Unmanaged) {
	slices.SortStableFunc(items, func(a, b plan.Unmanaged) int {
		return cmp.Or(
			strings.Compare(string(a.Kind), string(b.Kind)),
			strings.Compare(a.Workspace, b.Workspace),
			strings.Compare(a.Target, b.Target),
			strings.Compare(spec.EmailKey(a.Email), spec.EmailKey(b.Email)),
			strings.Compare(a.ID, b.ID),
		)
	})
}
