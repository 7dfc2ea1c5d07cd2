package spec

// Settings are the organisation settings a spec may manage besides people
// and workspaces. A zero field leaves that setting alone.
type Settings struct {
	// Defaults apply to every declared workspace unless it overrides them.
	Defaults Defaults
	// SpendLimits are organisation and per-person monthly spend limits.
	SpendLimits SpendLimits
	// Compliance is "enabled" or "disabled" for the Compliance API, or ""
	// to leave it alone.
	Compliance string
	// APIKeys is the API-key hygiene policy.
	APIKeys APIKeyPolicy
	// RBACGroups are Enterprise RBAC groups and their members.
	RBACGroups []RBACGroup
	// RBACGroupsDeclared reports whether the rbac_groups key was present.
	RBACGroupsDeclared bool
}

// Defaults are workspace settings every declared workspace gets.
type Defaults struct {
	RateLimits []RateLimit
}

// RateLimit sets limits of one rate-limit group for a workspace.
type RateLimit struct {
	// Group is the group's stable id (rlg_...) or a model group's display
	// name, such as "Claude Sonnet 4.x".
	Group string
	// Limits are limit types and values, in the order written.
	Limits []LimitValue
	Pos    Position
}

// LimitValue is one limit type, such as requests_per_minute, and its value.
type LimitValue struct {
	Type  string
	Value int64
}

// LimitTypes are the limit types a workspace rate limit accepts.
var LimitTypes = []string{
	"fast_itpmca", "fast_otpm", "input_tokens_per_minute", "input_tokens_per_minute_cache_aware",
	"output_tokens_per_minute", "requests_per_minute", "tokens_per_day", "tokens_per_minute", "tool_uses_per_second",
}

// Money is an amount in minor units of a currency: 500.00 USD is
// {Minor: 50000, Currency: "USD"}.
type Money struct {
	Minor    int64
	Currency string
	Pos      Position
}

// SpendLimits are monthly spend limits.
type SpendLimits struct {
	// Organization is the organisation's monthly limit (Console).
	Organization *Money
	// People are per-person limits (Enterprise).
	People []PersonSpend
}

// PersonSpend is one person's spend limit.
type PersonSpend struct {
	Email  string
	Amount Money
	// Period is daily, weekly or monthly.
	Period string
	Pos    Position
}

// APIKeyPolicy is the rule orgsync applies to API keys. Keys cannot be
// created or deleted through the API, only deactivated or archived.
type APIKeyPolicy struct {
	// Orphaned is "deactivate" or "report" for active keys whose creator
	// is no longer a member, or "" to leave them alone.
	Orphaned string
	// Keys sets the status of named keys.
	Keys []APIKeyStatus
}

// APIKeyStatus is the desired status of one key.
type APIKeyStatus struct {
	// ID is the key's id (apikey_...).
	ID string
	// Status is active, inactive or archived.
	Status string
	Pos    Position
}

// RBACGroup is an Enterprise RBAC group. Names are not unique, so a group
// is pinned by ID once it exists.
type RBACGroup struct {
	Name    string
	ID      string
	Members []string
	Pos     Position
}

// WorkspaceSettings are the settings of one workspace. Nil or empty
// fields leave the live value alone.
type WorkspaceSettings struct {
	// Tags replace the workspace's tags when not nil.
	Tags map[string]string
	// DataResidency, when set, fixes where data lives and is processed.
	DataResidency *DataResidency
	// RateLimits override Defaults.RateLimits group by group and type by type.
	RateLimits []RateLimit
	// SpendLimit is the workspace's monthly limit (Console).
	SpendLimit *Money
}

// DataResidency is a workspace's data residency.
type DataResidency struct {
	// WorkspaceGeo is set when the workspace is created and cannot change.
	WorkspaceGeo string
	// AllowedInferenceGeos lists geos, or holds the single value
	// "unrestricted".
	AllowedInferenceGeos []string
	DefaultInferenceGeo  string
	Pos                  Position
}
