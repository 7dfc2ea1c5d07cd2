package apply

import (
	"context"

	"github.com/orgsync/orgsync/live"
)

// Client is the set of Admin API writes that apply needs. The admin
// package implements it over the official SDK; tests use the same
// implementation pointed at the sandbox.
type Client interface {
	CreateWorkspace(ctx context.Context, w WorkspaceSpec) (live.Workspace, Receipt, error)
	// UpdateWorkspace changes the fields w sets; zero fields stay as they are.
	UpdateWorkspace(ctx context.Context, id string, w WorkspaceSpec) (Receipt, error)
	// ArchiveWorkspace archives a workspace; the API cannot undo it.
	ArchiveWorkspace(ctx context.Context, id string) (Receipt, error)
	// CreateInvite invites email with role, into the RBAC groups given.
	CreateInvite(ctx context.Context, email, role string, rbacGroupIDs []string) (live.Invite, Receipt, error)
	DeleteInvite(ctx context.Context, inviteID string) (Receipt, error)
	UpdateUserRole(ctx context.Context, userID, role string) (Receipt, error)
	RemoveUser(ctx context.Context, userID string) (Receipt, error)
	AddWorkspaceMember(ctx context.Context, workspaceID, userID, role string) (Receipt, error)
	UpdateWorkspaceMember(ctx context.Context, workspaceID, userID, role string) (Receipt, error)
	RemoveWorkspaceMember(ctx context.Context, workspaceID, userID string) (Receipt, error)

	// SetWorkspaceRateLimits sets or clears (a nil Value) the named limit
	// types of one rate-limit group in a workspace.
	SetWorkspaceRateLimits(ctx context.Context, workspaceID, rateLimitID string, limits []LimitChange) (Receipt, error)
	// SetSpendLimit creates or replaces the spend limit of a scope and period.
	SetSpendLimit(ctx context.Context, l SpendLimit) (Receipt, error)
	DeleteSpendLimit(ctx context.Context, id string) (Receipt, error)
	// SetCompliance turns the Compliance API "enabled" or "disabled".
	SetCompliance(ctx context.Context, state string) (Receipt, error)
	// UpdateAPIKeyStatus sets a key active, inactive or archived.
	UpdateAPIKeyStatus(ctx context.Context, id, status string) (Receipt, error)
	// CreateRBACGroup creates a group and returns its id.
	CreateRBACGroup(ctx context.Context, name string) (string, Receipt, error)
	AddRBACGroupMember(ctx context.Context, groupID, userID string) (Receipt, error)
	RemoveRBACGroupMember(ctx context.Context, groupID, userID string) (Receipt, error)
}

// WorkspaceSpec holds the settable fields of a workspace. Zero fields are
// not sent.
type WorkspaceSpec struct {
	Name         string
	DisplayColor string
	// Tags replace the workspace's tags when not nil.
	Tags map[string]string
	// WorkspaceGeo is sent on create only; it cannot change afterwards.
	WorkspaceGeo         string
	AllowedInferenceGeos []string
	DefaultInferenceGeo  string
}

// LimitChange sets one limit type; a nil Value clears the workspace's
// override, so the organisation's limit applies again.
type LimitChange struct {
	Type  string
	Value *int64
}

// SpendLimit is a spend limit to set.
type SpendLimit struct {
	// ScopeType is organization, workspace or user.
	ScopeType string
	ScopeID   string
	// Amount is in minor units of the organisation's currency, as a
	// decimal string; the API takes no currency.
	Amount string
	Period string
}

// Receipt describes a completed API call.
type Receipt struct {
	// RequestID is the request-id header of the final response.
	RequestID string
}

// APIError is implemented by errors that carry an HTTP response from the
// Admin API, so that apply can report the status and request id without
// importing the SDK.
type APIError interface {
	error
	// HTTPStatus returns the response status code.
	HTTPStatus() int
	// APIRequestID returns the request-id response header, if any.
	APIRequestID() string
	// APIErrorCode returns error.details.error_code, or "" when absent.
	APIErrorCode() string
}
