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
	// so that a missing section can be told apart from an empty one.
	UsersDeclared bool
	// Workspaces lists the workspaces orgsync manages.
	Workspaces []Workspace
	// WorkspacesDeclared reports whether the workspaces key was present.
	WorkspacesDeclared bool
	// AllowEmpty states that an empty users section is intended, so a
	// pruning run may remove everybody the API lets it remove.
	AllowEmpty bool
}

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
	Pos          Position
}

// Member is a person's membership of a workspace.
type Member struct {
	Email string
	// Role is the workspace role, one of WorkspaceRoles.
	Role string
	Pos  Position
}
