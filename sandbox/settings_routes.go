package sandbox

// settingsRoutes lists the routes of organisation settings: rate limits,
// spend limits, compliance settings, API keys and RBAC groups and roles.
func settingsRoutes() []route {
	const org = "/v1/organizations"
	const workspaceLimits = org + "/workspaces/{workspace_id}/rate_limits"
	const spendLimits = org + "/spend_limits"
	const apiKeys = org + "/api_keys"
	const groups = org + "/rbac_groups"
	const roles = org + "/rbac_roles"
	return []route{
		{method: "GET", pattern: org + "/rate_limits", handle: (*Server).listRateLimits},
		{method: "GET", pattern: workspaceLimits, handle: (*Server).listWorkspaceRateLimits},
		{method: "POST", pattern: workspaceLimits + "/{rate_limit_id}", write: true, handle: (*Server).updateWorkspaceRateLimit},

		// The effective report comes before {spend_limit_id}, which would
		// match its path too.
		{method: "GET", pattern: spendLimits + "/effective", handle: (*Server).listEffectiveSpendLimits},
		{method: "GET", pattern: spendLimits, handle: (*Server).listSpendLimits},
		{method: "POST", pattern: spendLimits, write: true, handle: (*Server).setSpendLimit},
		{method: "GET", pattern: spendLimits + "/{spend_limit_id}", handle: (*Server).getSpendLimit},
		{method: "DELETE", pattern: spendLimits + "/{spend_limit_id}", write: true, handle: (*Server).deleteSpendLimit},

		{method: "GET", pattern: org + "/compliance_settings", handle: (*Server).getComplianceSettings},
		{method: "POST", pattern: org + "/compliance_settings", write: true, handle: (*Server).updateComplianceSettings},

		{method: "GET", pattern: apiKeys, handle: (*Server).listAPIKeys},
		{method: "GET", pattern: apiKeys + "/{api_key_id}", handle: (*Server).getAPIKey},
		{method: "POST", pattern: apiKeys + "/{api_key_id}", write: true, handle: (*Server).updateAPIKey},

		{method: "GET", pattern: groups, handle: (*Server).listRBACGroups},
		{method: "POST", pattern: groups, write: true, handle: (*Server).createRBACGroup},
		{method: "GET", pattern: groups + "/{rbac_group_id}", handle: (*Server).getRBACGroup},
		{method: "POST", pattern: groups + "/{rbac_group_id}", write: true, handle: (*Server).updateRBACGroup},
		{method: "DELETE", pattern: groups + "/{rbac_group_id}", write: true, handle: (*Server).deleteRBACGroup},
		{method: "GET", pattern: groups + "/{rbac_group_id}/members", handle: (*Server).listRBACGroupMembers},
		{method: "POST", pattern: groups + "/{rbac_group_id}/members", write: true, handle: (*Server).addRBACGroupMember},
		{method: "DELETE", pattern: groups + "/{rbac_group_id}/members/{user_id}", write: true, handle: (*Server).removeRBACGroupMember},

		{method: "GET", pattern: roles, handle: (*Server).listRBACRoles},
		{method: "GET", pattern: roles + "/{rbac_role_id}", handle: (*Server).getRBACRole},
	}
}
