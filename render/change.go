package render

import (
	"fmt"
	"strings"

	"github.com/orgsync/orgsync/plan"
)

// marker returns the symbol that starts a change's line.
func marker(c plan.Change) string {
	switch c.Action {
	case plan.Create:
		return "+"
	case plan.Update:
		return "~"
	case plan.Replace:
		return "±"
	case plan.Delete:
		return "-"
	case plan.Manual:
		return "!"
	case plan.Wait:
		return "…"
	}
	return "?"
}

func field(c plan.Change, name string) plan.Field {
	f, _ := c.Field(name)
	return f
}

// Describe returns a one-line description of a change.
func Describe(c plan.Change) string {
	switch c.Kind {
	case plan.KindWorkspace:
		return describeWorkspace(c)
	case plan.KindPerson:
		return describePerson(c)
	case plan.KindMember:
		return describeMember(c)
	}
	return describeSetting(c)
}

func describeWorkspace(c plan.Change) string {
	if c.Action == plan.Create {
		s := fmt.Sprintf("create workspace %q", c.Workspace)
		if color := field(c, "display_color").After; color != "" {
			s += " with display_color " + color
		}
		return s
	}
	if c.Action == plan.Delete {
		return fmt.Sprintf("archive workspace %q (%s); it is not in the spec, and archiving cannot be undone", c.Workspace, c.WorkspaceID)
	}
	s := fmt.Sprintf("update workspace %q (%s):", c.Workspace, c.WorkspaceID)
	for i, f := range c.Fields {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf(" %s %q -> %q", f.Name, f.Before, f.After)
	}
	return s
}

func describePerson(c plan.Change) string {
	role := field(c, "role")
	switch c.Action {
	case plan.Create:
		s := fmt.Sprintf("invite %s as %s", c.Email, role.After)
		if c.Reason == plan.ReasonInviteExpired {
			s += fmt.Sprintf(" (invite %s expired)", c.InviteID)
		}
		return s + groupsSuffix(c.RBACGroups)
	case plan.Replace:
		return fmt.Sprintf("re-invite %s as %s: pending invite %s has role %s (it is deleted and a new one sent)",
			c.Email, role.After, c.InviteID, role.Before)
	case plan.Update:
		return fmt.Sprintf("change role of %s (%s): %s -> %s", c.Email, c.UserID, role.Before, role.After)
	case plan.Delete:
		if c.UserID == "" {
			return fmt.Sprintf("delete pending invite for %s (%s, %s)", c.Email, c.InviteID, role.Before)
		}
		return fmt.Sprintf("remove %s (%s, %s) from the organization", c.Email, c.UserID, role.Before)
	case plan.Manual:
		return "manual: " + describeManualPerson(c, role)
	}
	return fmt.Sprintf("%s person %s", c.Action, c.Email)
}

func describeManualPerson(c plan.Change, role plan.Field) string {
	state := field(c, "state")
	switch {
	case state.After == "absent":
		return fmt.Sprintf("remove %s (%s, %s) in the Console; the Admin API cannot remove a member with that role",
			c.Email, c.UserID, role.Before)
	case c.Reason == plan.ReasonRoleReadOnly:
		return fmt.Sprintf("change role of %s (%s) from %s to %s in the Console; the Admin API cannot change that role",
			c.Email, c.UserID, role.Before, role.After)
	case c.UserID != "":
		return fmt.Sprintf("make %s (%s) %s in the Console; the Admin API cannot assign that role (now %s)",
			c.Email, c.UserID, role.After, role.Before)
	}
	return fmt.Sprintf("invite %s as %s in the Console; the Admin API cannot invite with that role", c.Email, role.After)
}

func describeMember(c plan.Change) string {
	role := field(c, "workspace_role")
	switch c.Action {
	case plan.Create:
		return fmt.Sprintf("add %s to %q as %s", c.Email, c.Workspace, role.After)
	case plan.Update:
		return fmt.Sprintf("change %s in %q: %s -> %s", c.Email, c.Workspace, role.Before, role.After)
	case plan.Delete:
		return fmt.Sprintf("remove %s from %q (%s)", c.Email, c.Workspace, role.Before)
	case plan.Wait:
		return fmt.Sprintf("%s joins %q as %s once their invite is accepted (no API call now)", c.Email, c.Workspace, role.After)
	case plan.Manual:
		return fmt.Sprintf("manual: give %s the role %s in %q in the Console; the Admin API cannot assign workspace_billing",
			c.Email, role.After, c.Workspace)
	}
	return fmt.Sprintf("%s member %s", c.Action, c.Email)
}

// groupsSuffix names the RBAC groups an invite carries.
func groupsSuffix(groups []plan.GroupRef) string {
	if len(groups) == 0 {
		return ""
	}
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = fmt.Sprintf("%q", g.Name)
	}
	if len(names) == 1 {
		return ", into RBAC group " + names[0]
	}
	return ", into RBAC groups " + strings.Join(names, ", ")
}
