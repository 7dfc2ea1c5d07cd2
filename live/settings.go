package live

// Settings holds the organisation settings orgsync manages besides people
// and workspaces. Each part is read only when a spec manages it; the
// matching Read flag reports whether it was.
type Settings struct {
	// ComplianceRead reports whether Compliance was read.
	ComplianceRead bool
	// Compliance is the Compliance API state: "enabled" or "disabled".
	Compliance string

	// OrgRateLimitsRead reports whether OrgRateLimits was read.
	OrgRateLimitsRead bool
	// OrgRateLimits are the organisation's own limits, read-only.
	OrgRateLimits []RateLimit

	// APIKeysRead reports whether APIKeys was read.
	APIKeysRead bool
	APIKeys     []APIKey

	// SpendLimitsRead reports whether SpendLimits was read.
	SpendLimitsRead bool
	SpendLimits     []SpendLimit

	// RBACGroupsRead reports whether RBACGroups was read.
	RBACGroupsRead bool
	RBACGroups     []RBACGroup
}

// RateLimit is one rate-limit group's limits, for the organisation or a
// workspace.
type RateLimit struct {
	// GroupID is the rate-limit group (rlg_...), the same in every organisation.
	GroupID string
	// GroupType is model_group, batch, files, skills, token_count or web_search.
	GroupType string
	// DisplayName names a model group, such as "Claude Sonnet 4.x".
	DisplayName string
	// RateLimitID is the organisation-specific id used to update a
	// workspace override.
	RateLimitID string
	Limits      []Limit
}

// Limit is one limit type's value. For a workspace, Source reports whether the
// value is the workspace's own override ("workspace") or inherited
// ("organization"), and OrgLimit is the organisation's value, if any.
type Limit struct {
	Type     string
	Value    int64
	Source   string
	OrgLimit *int64
}

// APIKey is an API key of the organisation. Keys cannot be created or
// deleted through the API.
type APIKey struct {
	ID   string
	Name string
	// Status is active, inactive, archived or expired.
	Status string
	// CreatedByUserID is the user who created the key, or "" when a
	// service account, federation or the system did.
	CreatedByUserID string
	WorkspaceID     string
}

// SpendLimit is a configured spend limit.
type SpendLimit struct {
	ID string
	// ScopeType is organization, workspace, user, seat_tier, rbac_group,
	// organization_service or usage_tier.
	ScopeType string
	// ScopeID is the workspace or user id, for those scopes.
	ScopeID string
	// Amount is in minor units of Currency ("50000" is 500.00 USD); ""
	// means no numeric cap.
	Amount   string
	Currency string
	Period   string
}

// RBACGroup is an Enterprise RBAC group with its members.
type RBACGroup struct {
	ID         string
	Name       string
	SourceType string // direct or scim
	RoleIDs    []string
	MemberIDs  []string
}
