package admin

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"
	"golang.org/x/sync/errgroup"

	"github.com/orgsync/orgsync/live"
)

// ReadOptions selects what ReadState reads besides the organisation,
// users, invites and workspaces, which it always reads.
type ReadOptions struct {
	// Settings selects the organisation settings to read.
	Settings SettingsSelection
	// MemberWorkspaces selects the workspaces whose members are read. It
	// is called once per live workspace, and nil selects none.
	MemberWorkspaces func(live.Workspace) bool
}

// ReadState reads the organisation, its users, its invites (pending,
// accepted and expired) and its active workspaces, each through every
// page, then the members of the workspaces ro selects. Lists keep the
// API's order.
//
// After the organisation, the users, invites and workspaces lists are
// read at the same time, and the member lists start as soon as the
// workspaces are known, with at most Options.Concurrency lists in flight.
// Each list reads its pages one after another, because every page needs
// the last id of the one before.
//
// Any failed request, or a page sequence that cannot be followed to its
// end, fails the whole read: the error wraps ErrIncomplete, names the list
// and page, and no State is returned. A failed list cancels the others.
func (c *Client) ReadState(ctx context.Context, ro ReadOptions) (*live.State, error) {
	// A retry-after is weighed against the caller's deadline, not the
	// SDK's per-attempt timeout.
	ctx = withCallDeadline(ctx)
	st, err := c.readState(ctx, ro)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrIncomplete, err)
	}
	return st, nil
}

func (c *Client) readState(ctx context.Context, ro ReadOptions) (*live.State, error) {
	var raw *http.Response
	org, err := c.sdk.Organization.Get(ctx, option.WithResponseInto(&raw))
	if err != nil {
		return nil, wrapError("organization", err)
	}
	c.logger.DebugContext(ctx, "organization read", "organization_id", org.ID)
	st := &live.State{Organization: live.Organization{ID: org.ID, Name: org.Name}, ReadAt: serverTime(raw)}

	// Each goroutine fills its own fields of st, and Wait orders those
	// writes before the reads that follow it.
	lists := newListGroup(ctx, c.concurrency)
	lists.read(func(ctx context.Context) error {
		users, err := readList(ctx, c, "users", c.usersPage)
		if err != nil {
			return err
		}
		st.Users = convertAll(users, toUser)
		return nil
	})
	lists.read(func(ctx context.Context) error {
		invites, err := readList(ctx, c, "invites", c.invitesPage)
		if err != nil {
			return err
		}
		st.Invites = convertAll(invites, toInvite)
		return nil
	})
	lists.read(func(ctx context.Context) error {
		workspaces, err := readList(ctx, c, "workspaces", c.workspacesPage)
		if err != nil {
			return err
		}
		st.Workspaces = convertAll(workspaces, toWorkspace)
		c.readAllMembers(lists, st.Workspaces, ro.MemberWorkspaces)
		return nil
	})
	if err := lists.wait(); err != nil {
		return nil, err
	}
	if err := c.readSettings(ctx, st, ro.Settings); err != nil {
		return nil, err
	}
	return st, nil
}

// readAllMembers starts, in lists, a read of the members of each selected
// workspace, which sets its Members and MembersRead.
func (c *Client) readAllMembers(lists *listGroup, workspaces []live.Workspace, selected func(live.Workspace) bool) {
	if selected == nil {
		return
	}
	for i := range workspaces {
		ws := &workspaces[i]
		if !selected(*ws) {
			continue
		}
		lists.read(func(ctx context.Context) error {
			members, err := c.readMembers(ctx, ws.ID, ws.Name)
			if err != nil {
				return err
			}
			ws.Members, ws.MembersRead = members, true
			return nil
		})
	}
}

// listGroup reads lists in goroutines, at most limit at once. The first
// failure cancels the context of the reads still running or waiting, and
// wait returns it.
type listGroup struct {
	group *errgroup.Group
	ctx   context.Context
	// slots holds a token for each list being read.
	slots chan struct{}
}

func newListGroup(ctx context.Context, limit int) *listGroup {
	g, gctx := errgroup.WithContext(ctx)
	return &listGroup{group: g, ctx: gctx, slots: make(chan struct{}, limit)}
}

// read starts a goroutine that reads a list with fn once a slot is free.
// It does not block, so fn may start more reads while it holds its slot.
func (l *listGroup) read(fn func(ctx context.Context) error) {
	l.group.Go(func() error {
		select {
		case l.slots <- struct{}{}:
		case <-l.ctx.Done():
			return l.ctx.Err()
		}
		err := fn(l.ctx)
		<-l.slots
		return err
	})
}

func (l *listGroup) wait() error { return l.group.Wait() }

func (c *Client) readMembers(ctx context.Context, workspaceID, workspaceName string) ([]live.Member, error) {
	list := fmt.Sprintf("members of workspace %q (%s)", workspaceName, workspaceID)
	members, err := readList(ctx, c, list, func(ctx context.Context, afterID string) (*pagination.Page[anthropic.WorkspaceMember], error) {
		params := anthropic.OrganizationWorkspaceMemberListParams{Limit: anthropic.Int(c.pageSize)}
		if afterID != "" {
			params.AfterID = anthropic.String(afterID)
		}
		return c.sdk.Organization.Workspaces.Members.List(ctx, workspaceID, params)
	})
	if err != nil {
		return nil, err
	}
	return convertAll(members, toMember), nil
}

func (c *Client) usersPage(ctx context.Context, afterID string) (*pagination.Page[anthropic.OrganizationUser], error) {
	params := anthropic.OrganizationUserListParams{Limit: anthropic.Int(c.pageSize)}
	if afterID != "" {
		params.AfterID = anthropic.String(afterID)
	}
	return c.sdk.Organization.Users.List(ctx, params)
}

// invitesPage reads a page of invites with the API's default statuses:
// pending, accepted and expired.
func (c *Client) invitesPage(ctx context.Context, afterID string) (*pagination.Page[anthropic.OrganizationInvite], error) {
	params := anthropic.OrganizationInviteListParams{Limit: anthropic.Int(c.pageSize)}
	if afterID != "" {
		params.AfterID = anthropic.String(afterID)
	}
	return c.sdk.Organization.Invites.List(ctx, params)
}

// workspacesPage reads a page of active workspaces. The default workspace
// is left out because the list omits it unless include_default is set.
func (c *Client) workspacesPage(ctx context.Context, afterID string) (*pagination.Page[anthropic.Workspace], error) {
	params := anthropic.OrganizationWorkspaceListParams{Limit: anthropic.Int(c.pageSize)}
	if afterID != "" {
		params.AfterID = anthropic.String(afterID)
	}
	return c.sdk.Organization.Workspaces.List(ctx, params)
}

// pageFunc reads the page of a list that follows the item afterID, or the
// first page when afterID is "".
type pageFunc[T any] func(ctx context.Context, afterID string) (*pagination.Page[T], error)

// readList reads every page of the list called name, following last_id
// until has_more is false. It fails rather than stop early: on a request
// error, on a page with has_more set but no items or no last_id, on a
// last_id that does not advance, and when a page past c.maxPages is due.
func readList[T any](ctx context.Context, c *Client, name string, fetch pageFunc[T]) ([]T, error) {
	var items []T
	afterID := ""
	for page := 1; ; page++ {
		op := fmt.Sprintf("%s page %d", name, page)
		res, err := fetch(ctx, afterID)
		if err != nil {
			return nil, wrapError(op, err)
		}
		c.logger.DebugContext(ctx, "list page read", "list", name, "page", page, "items", len(res.Data))
		items = append(items, res.Data...)
		if !res.HasMore {
			return items, nil
		}
		switch {
		case len(res.Data) == 0:
			return nil, fmt.Errorf("%s: has_more is true but the page is empty", op)
		case res.LastID == "":
			return nil, fmt.Errorf("%s: has_more is true but last_id is empty", op)
		case res.LastID == afterID:
			return nil, fmt.Errorf("%s: last_id %q repeats the previous page's", op, res.LastID)
		case page >= c.maxPages:
			return nil, fmt.Errorf("%s: has_more is true after the maximum of %d pages", op, c.maxPages)
		}
		afterID = res.LastID
	}
}

func convertAll[T, U any](in []T, convert func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = convert(v)
	}
	return out
}

func toUser(u anthropic.OrganizationUser) live.User {
	return live.User{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), AddedAt: u.AddedAt}
}

func toInvite(i anthropic.OrganizationInvite) live.Invite {
	return live.Invite{
		ID:        i.ID,
		Email:     i.Email,
		Role:      string(i.Role),
		Status:    string(i.Status),
		InvitedAt: i.InvitedAt,
		ExpiresAt: i.ExpiresAt,
	}
}

func toWorkspace(w anthropic.Workspace) live.Workspace {
	return live.Workspace{ID: w.ID, Name: w.Name, DisplayColor: w.DisplayColor, CreatedAt: w.CreatedAt,
		Tags: w.Tags, DataResidency: toDataResidency(w.DataResidency)}
}

func toMember(m anthropic.WorkspaceMember) live.Member {
	return live.Member{UserID: m.UserID, Role: string(m.WorkspaceRole)}
}

// serverTime returns the time in the response's Date header, so that
// invite expiry is judged by the server's clock rather than the local
// one. It falls back to the local clock when the header is missing.
func serverTime(resp *http.Response) time.Time {
	if resp != nil {
		if t, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
			return t
		}
	}
	return time.Now()
}
