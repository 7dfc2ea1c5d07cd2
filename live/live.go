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
	// ReadAt is the server's time when the read began, from the Date
	// header of its first response. Invite expiry is judged against it.
	ReadAt time.Time
}

// Organization is what GET /v1/organizations/me returns.
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
