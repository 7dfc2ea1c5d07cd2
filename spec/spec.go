package spec

// Spec is a parsed and validated organisation spec: the desired state.
type Spec struct {
	// File is the name the spec was read from, used in error positions.
	File string
	// Version is the format version; only 1 exists.
	Version int
	// Organization, when set, names the organisation the spec is for.
	Organization *Organization
	// Users lists every person who should belong to the organisation.
	Users []User
	// UsersDeclared reports whether the users key was present at all,
	// so that a missing section is distinguished from an empty one.
	UsersDeclared bool
	// Workspaces lists the workspaces orgsync manages.
	Workspaces []Workspace
	// WorkspacesDeclared reports whether the workspaces key was present.
	WorkspacesDeclared bool
	// AllowEmpty states that an empty users section is intended, so a
	// pruning run may remove everybody the API lets it remove.
	AllowEmpty bool
	// Ownership sets, per kind, whether orgsync removes what the spec does
	// not declare. Unset kinds take DefaultOwnership.
	Ownership Ownership
	// Ignore lists what orgsync never touches.
	Ignore Ignore
	// Protect lists people who are never removed or demoted.
	Protect []Protected
	// RemovalLimits caps how much one run may remove.
	RemovalLimits RemovalLimits
	// Freeze, when not empty, is the reason apply must refuse to run.
	Freeze string
	// Settings are the organisation settings the spec manages.
	Settings Settings
}

// Mode is how far orgsync owns a kind of object.
type Mode string

const (
	// Authoritative: with --prune, what the spec does not declare is removed.
	Authoritative Mode = "authoritative"
	// Additive: orgsync adds and updates but never removes.
	Additive Mode = "additive"
)

// Ownership gives the Mode of each kind.
type Ownership struct {
	People           Mode
	Invites          Mode
	WorkspaceMembers Mode
	// RateLimits and SpendLimits default to additive: with authoritative,
	// --prune clears a workspace override or deletes a spend limit that
	// the spec no longer sets.
	RateLimits  Mode
	SpendLimits Mode
	// RBACGroups covers group membership; groups themselves are never
	// deleted.
	RBACGroups Mode
	// Workspaces defaults to additive: archiving cannot be undone, so it
	// happens only when a spec sets it.
	Workspaces Mode
}

// DefaultOwnership is the ownership of a spec that sets none.
var DefaultOwnership = Ownership{People: Authoritative, Invites: Authoritative, WorkspaceMembers: Authoritative, Workspaces: Additive,
	RateLimits: Additive, SpendLimits: Additive, RBACGroups: Authoritative}

// Ignore holds glob patterns (path.Match syntax, case-insensitive) of
// objects orgsync leaves alone: it never adds, changes or removes them.
type Ignore struct {
	// People matches email addresses of members, invites and workspace members.
	People []string
	// Workspaces matches workspace names.
	Workspaces []string
}

// Protected is a person who is never removed or demoted.
type Protected struct {
	Email string
	Pos   Position
}

// RemovalLimits caps the removals of one run, per kind. A spec without
// removal_limits gets DefaultMaxPercent and DefaultMaxCount; a field set
// to 0 turns that limit off.
type RemovalLimits struct {
	// MaxPercent is the largest share of a kind's live objects one run may
	// remove, checked once the kind has at least MinForPercent objects.
	MaxPercent int
	// MaxCount is the largest number of one kind one run may remove.
	MaxCount int
	Pos      Position
}

// Default removal limits.
const (
	DefaultMaxPercent = 25
	DefaultMaxCount   = 50
	// MinForPercent is the size from which MaxPercent applies. Below it,
	// removing more than half of a kind is blocked instead, so that two of
	// three people cannot go in one run by accident.
	MinForPercent = 10
)

// Position is a place in a spec file. Line and Column start at 1.
type Position struct {
	File   string
	Line   int
	Column int
}

// Organization identifies the organisation a spec is meant for. Plan and
// apply refuse to run against an organisation whose id or name differs.
type Organization struct {
	ID   string
	Name string
	Pos  Position
}

// User is a person who should be a member of the organisation.
type User struct {
	// Email is the address as written in the spec.
	Email string
	// Role is the organisation role, one of OrgRoles.
	Role string
	Pos  Position
}

// Workspace is a workspace orgsync manages, keyed by name unless ID pins it.
type Workspace struct {
	Name string
	// ID pins the workspace to an existing one, so that a rename is an
	// update rather than a new workspace.
	ID string
	// DisplayColor is the hex colour shown in the Console, such as
	// "#6C5BB9"; empty leaves the live colour alone.
	DisplayColor string
	Members      []Member
	// Settings are the workspace's tags, data residency, rate limits and
	// spend limit.
	Settings WorkspaceSettings
	Pos      Position
}

// Member is a person's membership of a workspace.
type Member struct {
	Email string
	// Role is the workspace role, one of WorkspaceRoles.
	Role string
	Pos  Position
}
