package spec

import (
	"slices"
	"strings"
)

// OrgRoles lists the organization roles a user may hold, as the Admin API
// names them (its OrganizationRole enum), in alphabetical order.
var OrgRoles = []string{
	"admin",
	"billing",
	"claude_code_user",
	"developer",
	"managed",
	"membership_admin",
	"owner",
	"primary_owner",
	"user",
}

// WorkspaceRoles lists the roles a workspace member may hold, as the Admin
// API names them (its WorkspaceRole enum), in alphabetical order.
var WorkspaceRoles = []string{
	"workspace_admin",
	"workspace_billing",
	"workspace_developer",
	"workspace_restricted_developer",
	"workspace_user",
}

// adminOrgRoles are the organization roles whose holders are
// workspace_admin in every workspace. The API does not let that
// workspace role be changed while they hold the organization role.
var adminOrgRoles = []string{"admin", "membership_admin", "owner", "primary_owner"}

// billingWorkspaceRoles are the only workspace roles a billing user can
// hold: workspace_billing is implied, and the API allows an upgrade to
// workspace_admin.
var billingWorkspaceRoles = []string{"workspace_admin", "workspace_billing"}

func isAdminOrgRole(role string) bool {
	return slices.Contains(adminOrgRoles, role)
}

func joinRoles(roles []string) string {
	return strings.Join(roles, ", ")
}
