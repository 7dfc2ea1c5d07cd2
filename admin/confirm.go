package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"

	"github.com/orgsync/orgsync/live"
)

// Error codes that the write methods check by reading back.
const (
	codeInviteExists        = "invite_already_exists"
	codeAlreadyMember       = "already_member"
	codeWorkspaceIncomplete = "workspace_created_incomplete"
)

// Confirming reads after a workspace create with an unknown outcome: the
// list may lag behind the write, so it is read up to confirmReads times,
// confirmBackoff apart and then twice as far each time.
const (
	confirmReads   = 3
	confirmBackoff = time.Second
	// dateResolution is the precision of the Date header, which dates the
	// start of a create attempt.
	dateResolution = time.Second
)

// outcomeUnknown reports whether a failed write may still have been
// applied: a 5xx, a 408, or no response at all. A 4xx means the API
// refused it, and a pace error means it was never sent.
func outcomeUnknown(err error) bool {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr.Status >= http.StatusInternalServerError || apiErr.Status == http.StatusRequestTimeout ||
			apiErr.Code == codeWorkspaceIncomplete
	}
	var paceErr *PaceError
	return !errors.As(err, &paceErr)
}

// resentAndRejected reports whether err is a 4xx response to a resent
// request, which may be the API refusing to apply a second time what the
// first attempt applied.
func resentAndRejected(err error) bool {
	var apiErr *Error
	return errors.As(err, &apiErr) && apiErr.Retried && apiErr.Status >= 400 && apiErr.Status < 500
}

// resentAndNotFound reports whether err is a 404 answer to a resent
// removal: the first attempt removed the object.
func resentAndNotFound(err error) bool {
	var apiErr *Error
	return errors.As(err, &apiErr) && apiErr.Retried && apiErr.Status == http.StatusNotFound
}

// confirmInvite reads what blocked an invite create that failed with
// invite_already_exists or already_member. A pending invite for email
// with role is returned as the created invite; anything else is an error
// wrapping cause that says what exists.
func (c *Client) confirmInvite(ctx context.Context, email, role string, cause *Error) (live.Invite, error) {
	ctx = withCallDeadline(ctx)
	if cause.Code == codeAlreadyMember {
		users, err := readList(ctx, c, "users with email "+email, func(ctx context.Context, afterID string) (*pagination.Page[anthropic.OrganizationUser], error) {
			params := anthropic.OrganizationUserListParams{Limit: anthropic.Int(c.pageSize), Email: anthropic.String(email)}
			if afterID != "" {
				params.AfterID = anthropic.String(afterID)
			}
			return c.sdk.Organization.Users.List(ctx, params)
		})
		if err != nil {
			return live.Invite{}, fmt.Errorf("%w; reading the member back failed: %w", cause, err)
		}
		for _, u := range users {
			if strings.EqualFold(u.Email, email) {
				return live.Invite{}, fmt.Errorf("invite %s: already a member as user %s with role %s, so no invite was created: %w", email, u.ID, u.Role, cause)
			}
		}
		return live.Invite{}, fmt.Errorf("invite %s: no member with this email was found on reading back: %w", email, cause)
	}

	invites, err := readList(ctx, c, "pending invites for "+email, func(ctx context.Context, afterID string) (*pagination.Page[anthropic.OrganizationInvite], error) {
		params := anthropic.OrganizationInviteListParams{Limit: anthropic.Int(c.pageSize), Email: anthropic.String(email), Statuses: []string{"pending"}}
		if afterID != "" {
			params.AfterID = anthropic.String(afterID)
		}
		return c.sdk.Organization.Invites.List(ctx, params)
	})
	if err != nil {
		return live.Invite{}, fmt.Errorf("%w; reading the invite back failed: %w", cause, err)
	}
	for _, inv := range invites {
		if !strings.EqualFold(inv.Email, email) || inv.Status != "pending" {
			continue
		}
		if string(inv.Role) != role {
			return live.Invite{}, fmt.Errorf("invite %s: pending invite %s already exists with role %s, not %s; run plan again to replace it: %w", email, inv.ID, inv.Role, role, cause)
		}
		return toInvite(inv), nil
	}
	return live.Invite{}, fmt.Errorf("invite %s: no pending invite for this email was found on reading back: %w", email, cause)
}

// confirmWorkspaceCreated looks for the workspace that a create with an
// unknown outcome may have made: an active workspace named name created
// at or after started, on the server's clock. A zero started matches any
// workspace of that name.
//
// NOTE: started is zero only when no response has carried a Date header
// before the create, which apply never does because it reads the
// organisation first.
func (c *Client) confirmWorkspaceCreated(ctx context.Context, name string, started time.Time, cause error) (live.Workspace, error) {
	if ctx.Err() != nil {
		return live.Workspace{}, fmt.Errorf("%w; the create was not sent again and the deadline passed before reading back whether workspace %q exists: run plan to see", cause, name)
	}
	ctx = withCallDeadline(ctx)
	since := started.Add(-dateResolution)
	backoff := confirmBackoff
	for read := 1; ; read++ {
		workspaces, err := readList(ctx, c, "workspaces", c.workspacesPage)
		if err != nil {
			return live.Workspace{}, fmt.Errorf("%w; the create was not sent again, and reading back whether workspace %q exists failed: %w", cause, name, err)
		}
		var matches []anthropic.Workspace
		for _, ws := range workspaces {
			if ws.Name == name && (started.IsZero() || !ws.CreatedAt.Before(since)) {
				matches = append(matches, ws)
			}
		}
		switch {
		case len(matches) == 1:
			return toWorkspace(matches[0]), nil
		case len(matches) > 1:
			ids := make([]string, len(matches))
			for i, ws := range matches {
				ids[i] = ws.ID
			}
			return live.Workspace{}, fmt.Errorf("%w; the create was not sent again, and %d workspaces named %q were created since it started (%s): check them in the Console", cause, len(matches), name, strings.Join(ids, ", "))
		case read == confirmReads:
			return live.Workspace{}, fmt.Errorf("%w; the create was not sent again, and no workspace named %q appeared after %d reads: run apply again to retry it", cause, name, confirmReads)
		}
		if err := c.clock.SleepUntil(ctx, c.clock.Now().Add(backoff)); err != nil {
			return live.Workspace{}, fmt.Errorf("%w; the create was not sent again and reading back whether workspace %q exists was cut short: %w", cause, name, err)
		}
		backoff *= 2
	}
}

// inviteGone reports whether invite id is deleted or unknown, read back
// after a resent delete was refused.
func (c *Client) inviteGone(ctx context.Context, id string) bool {
	inv, err := c.sdk.Organization.Invites.Get(withCallDeadline(ctx), id)
	if err != nil {
		var apiErr *anthropic.Error
		return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound
	}
	return inv.Status == "deleted"
}

// memberHasRole reports whether user userID is a member of workspace
// workspaceID with role, read back after a resent add was refused.
func (c *Client) memberHasRole(ctx context.Context, workspaceID, userID, role string) bool {
	m, err := c.sdk.Organization.Workspaces.Members.Get(withCallDeadline(ctx), userID, anthropic.OrganizationWorkspaceMemberGetParams{WorkspaceID: workspaceID})
	return err == nil && string(m.WorkspaceRole) == role
}
