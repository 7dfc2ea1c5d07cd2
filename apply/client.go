package apply

import (
	"context"

	"github.com/orgsync/orgsync/live"
)

// Client is the set of Admin API writes that apply needs. The admin
// package implements it over the official SDK; tests use the same
// implementation pointed at the sandbox.
type Client interface {
	CreateWorkspace(ctx context.Context, name, displayColor string) (live.Workspace, Receipt, error)
	// UpdateWorkspace changes the name and colour; an empty value leaves
	// that field as it is.
	UpdateWorkspace(ctx context.Context, id, name, displayColor string) (Receipt, error)
	// ArchiveWorkspace archives a workspace; the API cannot undo it.
	ArchiveWorkspace(ctx context.Context, id string) (Receipt, error)
	CreateInvite(ctx context.Context, email, role string) (live.Invite, Receipt, error)
	DeleteInvite(ctx context.Context, inviteID string) (Receipt, error)
	UpdateUserRole(ctx context.Context, userID, role string) (Receipt, error)
	RemoveUser(ctx context.Context, userID string) (Receipt, error)
	AddWorkspaceMember(ctx context.Context, workspaceID, userID, role string) (Receipt, error)
	UpdateWorkspaceMember(ctx context.Context, workspaceID, userID, role string) (Receipt, error)
	RemoveWorkspaceMember(ctx context.Context, workspaceID, userID string) (Receipt, error)
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
