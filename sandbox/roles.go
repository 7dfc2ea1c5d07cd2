package sandbox

import (
	"net/mail"
	"strings"
)

// organizationRoles is the OrganizationRole enum of the Admin API.
var organizationRoles = map[string]bool{
	"admin": true, "billing": true, "claude_code_user": true, "developer": true,
	"managed": true, "membership_admin": true, "owner": true, "primary_owner": true,
	"user": true,
}

// assignableRoles are the roles a Console organization accepts on invite
// creation and user role update. "admin" and the owner roles cannot be
// assigned through the API, and "managed" exists only in Enterprise
// organizations.
var assignableRoles = map[string]bool{
	"user": true, "developer": true, "billing": true, "claude_code_user": true,
}

// protectedRoles are the roles whose holders the API can neither change nor
// remove.
var protectedRoles = map[string]bool{
	"admin": true, "owner": true, "primary_owner": true, "membership_admin": true,
}

// workspaceRoles is the WorkspaceRole enum of the Admin API.
var workspaceRoles = map[string]bool{
	"workspace_admin": true, "workspace_billing": true, "workspace_developer": true,
	"workspace_restricted_developer": true, "workspace_user": true,
}

// inviteStatuses are the invite statuses a state file may hold.
var inviteStatuses = map[string]bool{
	"pending": true, "accepted": true, "expired": true, "deleted": true,
}

var inferenceGeos = map[string]bool{"global": true, "us": true}

// implicitWorkspaceRole returns the workspace role an organization role
// grants in every workspace, or "" when the user needs explicit
// memberships. Admins and owners hold workspace_admin, billing users hold
// workspace_billing.
func implicitWorkspaceRole(orgRole string) string {
	switch orgRole {
	case "admin", "owner", "primary_owner":
		return "workspace_admin"
	case "billing":
		return "workspace_billing"
	}
	return ""
}

// normalizeEmail returns the address in the form the sandbox compares:
// the whole address in lower case.
func normalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// validEmail reports whether email is a bare address (no display name) whose
// domain contains a dot.
func validEmail(email string) bool {
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email {
		return false
	}
	at := strings.LastIndexByte(email, '@')
	return at > 0 && strings.Contains(email[at+1:], ".")
}
