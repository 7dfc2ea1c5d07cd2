// Package live holds the organisation as the Admin API reports it. A State
// is always a complete read: the reader returns an error rather than a
// partial State.
package live

import "time"

// State is the live organisation.
type State struct {
	Organization Organization
	Users        []User
	// Invites holds invites of every status the API lists (pending,
	// accepted, expired).
	Invites []Invite
	// Workspaces holds active workspaces only; archived ones are never read.
	Workspaces []Workspace
	// Settings are the organisation settings a spec manages.
	Settings Settings
	// ReadAt is the server's time when the read began, from the Date
	// header of its first response. Invite expiry is judged against it.
	ReadAt time.Time
}

// Organization is the response of GET /v1/organizations/me.
type Organization struct {
	ID   string
	Name string
}

// User is a member of the organisation.
type User struct {
	ID      string
	Email   string
	Name    string
	Role    string
	AddedAt time.Time
}

// Invite is an invitation to join the organisation.
type Invite struct {
	ID        string
	Email     string
	Role      string
	Status    string
	InvitedAt time.Time
	ExpiresAt time.Time
}

// Workspace is an active workspace.
type Workspace struct {
	ID           string
	Name         string
	DisplayColor string
	CreatedAt    time.Time
	// Tags are the workspace's tags.
	Tags map[string]string
	// DataResidency is the geo a workspace's data lives in and the geos it may be processed in.
	DataResidency DataResidency
	// RateLimitsRead reports whether RateLimits was read.
	RateLimitsRead bool
	// RateLimits are the workspace's limits, with inherited ones marked by
	// Limit.Source.
	RateLimits []RateLimit
	// MembersRead reports whether Members was read. The reader reads
	// members only of the workspaces a spec manages.
	MembersRead bool
	Members     []Member
}

// Member is a workspace membership as the API lists it.
type Member struct {
	UserID string
	Role   string
}

// DataResidency is a workspace's data residency.
type DataResidency struct {
	// WorkspaceGeo is set at creation and cannot change.
	WorkspaceGeo string
	// AllowedInferenceGeos lists the allowed geos, or holds the single
	// value "unrestricted".
	AllowedInferenceGeos []string
	DefaultInferenceGeo  string
}
