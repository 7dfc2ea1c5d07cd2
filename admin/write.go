package admin

import (
	"context"
	"errors"
	"net/http"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/live"
)

// CreateWorkspace creates a workspace with the fields w sets. The SDK resends a create only after a 429 or when no
// connection opened. When the outcome is unknown (a 5xx such as
// workspace_created_incomplete, a lost response or a timeout) the
// workspace list is read to find a workspace of that name created since
// the attempt started, and the create is never sent again: a workspace
// found counts as created, and otherwise the error says that nothing was
// resent.
func (c *Client) CreateWorkspace(ctx context.Context, w apply.WorkspaceSpec) (live.Workspace, apply.Receipt, error) {
	name := w.Name
	params := anthropic.OrganizationWorkspaceNewParams{Name: name, Tags: w.Tags}
	if w.DisplayColor != "" {
		params.DisplayColor = anthropic.String(w.DisplayColor)
	}
	params.DataResidency = createResidency(w)
	started, _ := c.serverClock.now()
	var ws *anthropic.Workspace
	rc, err := c.write(ctx, "create workspace", []any{"workspace_name", name}, func(ctx context.Context, opt option.RequestOption) (err error) {
		ws, err = c.sdk.Organization.Workspaces.New(ctx, params, opt)
		return err
	})
	if err == nil {
		return toWorkspace(*ws), rc, nil
	}
	if !outcomeUnknown(err) {
		return live.Workspace{}, rc, err
	}
	found, confirmErr := c.confirmWorkspaceCreated(ctx, name, started, err)
	if confirmErr != nil {
		return live.Workspace{}, rc, confirmErr
	}
	c.logger.InfoContext(ctx, "workspace create confirmed by reading back", "workspace_name", name, "workspace_id", found.ID, "error", err.Error())
	return found, rc, nil
}

// UpdateWorkspace sets the fields w sets on workspace id. Zero fields are
// not sent, and the workspace geo never is: it cannot change.
func (c *Client) UpdateWorkspace(ctx context.Context, id string, w apply.WorkspaceSpec) (apply.Receipt, error) {
	params := anthropic.OrganizationWorkspaceUpdateParams{Tags: w.Tags, DataResidency: updateResidency(w)}
	if w.Name != "" {
		params.Name = anthropic.String(w.Name)
	}
	if w.DisplayColor != "" {
		params.DisplayColor = anthropic.String(w.DisplayColor)
	}
	return c.write(ctx, "update workspace", []any{"workspace_id", id}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Workspaces.Update(ctx, id, params, opt)
		return err
	})
}

// CreateInvite invites email into the organisation with role. The SDK
// resends it after a server error or a lost response, so an earlier
// attempt that landed shows up as the error code invite_already_exists.
// That code and already_member are checked by reading back: a pending
// invite for email with role counts as created, and anything else is an
// error that names what exists.
func (c *Client) CreateInvite(ctx context.Context, email, role string, rbacGroupIDs []string) (live.Invite, apply.Receipt, error) {
	params := anthropic.OrganizationInviteNewParams{Email: email, Role: anthropic.OrganizationInviteNewParamsRole(role), RBACGroupIDs: rbacGroupIDs}
	var inv *anthropic.OrganizationInvite
	rc, err := c.write(ctx, "create invite", []any{"email", email, "role", role}, func(ctx context.Context, opt option.RequestOption) (err error) {
		inv, err = c.sdk.Organization.Invites.New(ctx, params, opt)
		return err
	})
	if err == nil {
		return toInvite(*inv), rc, nil
	}
	var apiErr *Error
	if !errors.As(err, &apiErr) || (apiErr.Code != codeInviteExists && apiErr.Code != codeAlreadyMember) {
		return live.Invite{}, rc, err
	}
	existing, confirmErr := c.confirmInvite(ctx, email, role, apiErr)
	if confirmErr != nil {
		return live.Invite{}, rc, confirmErr
	}
	c.logger.InfoContext(ctx, "invite create confirmed by reading back", "email", email, "role", role, "invite_id", existing.ID, "error_code", apiErr.Code)
	return existing, rc, nil
}

// DeleteInvite deletes invite inviteID. The API deletes only pending
// invites.
func (c *Client) DeleteInvite(ctx context.Context, inviteID string) (apply.Receipt, error) {
	rc, err := c.write(ctx, "delete invite", []any{"invite_id", inviteID}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Invites.Delete(ctx, inviteID, opt)
		return err
	})
	if resentAndRejected(err) && c.inviteGone(ctx, inviteID) {
		c.logger.InfoContext(ctx, "invite delete confirmed by reading back", "invite_id", inviteID, "error", err.Error())
		return rc, nil
	}
	return rc, err
}

// UpdateUserRole sets the organisation role of user userID.
func (c *Client) UpdateUserRole(ctx context.Context, userID, role string) (apply.Receipt, error) {
	params := anthropic.OrganizationUserUpdateParams{Role: anthropic.OrganizationUserUpdateParamsRole(role)}
	return c.write(ctx, "update user role", []any{"user_id", userID, "role", role}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Users.Update(ctx, userID, params, opt)
		return err
	})
}

// RemoveUser removes user userID from the organisation.
func (c *Client) RemoveUser(ctx context.Context, userID string) (apply.Receipt, error) {
	rc, err := c.write(ctx, "remove user", []any{"user_id", userID}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Users.Remove(ctx, userID, opt)
		return err
	})
	if resentAndNotFound(err) {
		c.logger.InfoContext(ctx, "user removal landed before a resent request", "user_id", userID)
		return rc, nil
	}
	return rc, err
}

// AddWorkspaceMember adds user userID to workspace workspaceID with role.
// The API rejects workspace_billing here, but UpdateWorkspaceMember
// accepts it.
func (c *Client) AddWorkspaceMember(ctx context.Context, workspaceID, userID, role string) (apply.Receipt, error) {
	params := anthropic.OrganizationWorkspaceMemberAddParams{UserID: userID, WorkspaceRole: anthropic.NoBillingWorkspaceRole(role)}
	attrs := []any{"workspace_id", workspaceID, "user_id", userID, "role", role}
	rc, err := c.write(ctx, "add workspace member", attrs, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Workspaces.Members.Add(ctx, workspaceID, params, opt)
		return err
	})
	if resentAndRejected(err) && c.memberHasRole(ctx, workspaceID, userID, role) {
		c.logger.InfoContext(ctx, "workspace member add confirmed by reading back", append(attrs, "error", err.Error())...)
		return rc, nil
	}
	return rc, err
}

// UpdateWorkspaceMember sets the role of user userID in workspace
// workspaceID.
func (c *Client) UpdateWorkspaceMember(ctx context.Context, workspaceID, userID, role string) (apply.Receipt, error) {
	params := anthropic.OrganizationWorkspaceMemberUpdateParams{WorkspaceID: workspaceID, WorkspaceRole: anthropic.WorkspaceRole(role)}
	attrs := []any{"workspace_id", workspaceID, "user_id", userID, "role", role}
	return c.write(ctx, "update workspace member", attrs, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Workspaces.Members.Update(ctx, userID, params, opt)
		return err
	})
}

// RemoveWorkspaceMember removes user userID from workspace workspaceID.
func (c *Client) RemoveWorkspaceMember(ctx context.Context, workspaceID, userID string) (apply.Receipt, error) {
	params := anthropic.OrganizationWorkspaceMemberRemoveParams{WorkspaceID: workspaceID}
	attrs := []any{"workspace_id", workspaceID, "user_id", userID}
	rc, err := c.write(ctx, "remove workspace member", attrs, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Workspaces.Members.Remove(ctx, userID, params, opt)
		return err
	})
	if resentAndNotFound(err) {
		c.logger.InfoContext(ctx, "workspace member removal landed before a resent request", attrs...)
		return rc, nil
	}
	return rc, err
}

// write runs send, passing it the context to use and the option that
// captures the response, and returns the receipt or the converted error.
// It logs the write with op, the target attributes and the request id.
func (c *Client) write(ctx context.Context, op string, attrs []any, send func(context.Context, option.RequestOption) error) (apply.Receipt, error) {
	var res *http.Response
	err := send(withCallDeadline(ctx), option.WithResponseInto(&res))
	if err != nil {
		err = wrapError(op, err)
		c.logger.DebugContext(ctx, "write failed", append([]any{"op", op, "error", err.Error()}, attrs...)...)
		return apply.Receipt{RequestID: errorRequestID(err)}, err
	}
	var rc apply.Receipt
	if res != nil {
		rc.RequestID = res.Header.Get("request-id")
	}
	c.logger.DebugContext(ctx, "write done", append([]any{"op", op, "request_id", rc.RequestID}, attrs...)...)
	return rc, nil
}

// errorRequestID returns the request id of an *Error, or "".
func errorRequestID(err error) string {
	if e, ok := err.(*Error); ok {
		return e.RequestID
	}
	return ""
}
