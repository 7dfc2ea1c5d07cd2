package admin_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/sandbox"
)

// writeState returns a small organisation: users user_00000 to
// user_00003, pending invite invite_00000 and accepted invite
// invite_00001, and workspace wrkspc_000 "team-0" whose members are
// user_00000 (workspace_developer) and user_00001 (workspace_user).
func writeState(t *testing.T) *sandbox.State {
	t.Helper()
	return generateState(t, orgShape{users: 4, invites: 2, workspaces: 1, membersPerWorkspace: 2})
}

func findInvite(st *sandbox.State, email string) (sandbox.Invite, bool) {
	for _, inv := range st.Invites {
		if inv.Email == email && inv.Status != "deleted" {
			return inv, true
		}
	}
	return sandbox.Invite{}, false
}

func findUser(st *sandbox.State, id string) (sandbox.User, bool) {
	for _, u := range st.Users {
		if u.ID == id {
			return u, true
		}
	}
	return sandbox.User{}, false
}

func findWorkspace(st *sandbox.State, id string) (sandbox.Workspace, bool) {
	for _, ws := range st.Workspaces {
		if ws.ID == id {
			return ws, true
		}
	}
	return sandbox.Workspace{}, false
}

// memberRoles returns the workspace role of each explicit member of
// workspace id.
func memberRoles(t *testing.T, st *sandbox.State, id string) map[string]string {
	t.Helper()
	ws, ok := findWorkspace(st, id)
	if !ok {
		t.Fatalf("workspace %s not in sandbox state", id)
	}
	roles := map[string]string{}
	for _, m := range ws.Members {
		roles[m.UserID] = m.WorkspaceRole
	}
	return roles
}

func checkReceipt(t *testing.T, rc apply.Receipt) {
	t.Helper()
	if !strings.HasPrefix(rc.RequestID, "req_") {
		t.Errorf("receipt request id = %q, want a req_ id", rc.RequestID)
	}
}

func TestCreateWorkspace(t *testing.T) {
	srv, url := startSandbox(t, writeState(t), sandbox.Options{})

	ws, rc, err := newClient(url, 0).CreateWorkspace(context.Background(), apply.WorkspaceSpec{Name: "research", DisplayColor: "#6c5bb9"})
	if err != nil {
		t.Fatalf("CreateWorkspace: %v", err)
	}
	checkReceipt(t, rc)
	if !strings.HasPrefix(ws.ID, "wrkspc_") || ws.Name != "research" || ws.DisplayColor != "#6c5bb9" || ws.CreatedAt.IsZero() {
		t.Errorf("returned workspace = %+v, want a new wrkspc_ id, name research, colour #6c5bb9 and a creation time", ws)
	}
	stored, ok := findWorkspace(srv.Snapshot(), ws.ID)
	if !ok {
		t.Fatalf("workspace %s not in sandbox state", ws.ID)
	}
	if stored.Name != "research" || stored.DisplayColor != "#6c5bb9" {
		t.Errorf("stored workspace name, colour = %q, %q, want research, #6c5bb9", stored.Name, stored.DisplayColor)
	}
}

func TestUpdateWorkspace(t *testing.T) {
	tests := []struct {
		name      string
		newName   string
		newColor  string
		wantName  string
		wantColor string
	}{
		{name: "name and colour", newName: "renamed", newColor: "#123456", wantName: "renamed", wantColor: "#123456"},
		{name: "name only", newName: "renamed", wantName: "renamed", wantColor: "#101010"},
		{name: "colour only", newColor: "#abcdef", wantName: "team-0", wantColor: "#abcdef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, url := startSandbox(t, writeState(t), sandbox.Options{})

			rc, err := newClient(url, 0).UpdateWorkspace(context.Background(), "wrkspc_000", apply.WorkspaceSpec{Name: tt.newName, DisplayColor: tt.newColor})
			if err != nil {
				t.Fatalf("UpdateWorkspace: %v", err)
			}
			checkReceipt(t, rc)
			ws, _ := findWorkspace(srv.Snapshot(), "wrkspc_000")
			if ws.Name != tt.wantName {
				t.Errorf("name = %q, want %q", ws.Name, tt.wantName)
			}
			if ws.DisplayColor != tt.wantColor {
				t.Errorf("display colour = %q, want %q", ws.DisplayColor, tt.wantColor)
			}
		})
	}
}

func TestCreateInvite(t *testing.T) {
	srv, url := startSandbox(t, writeState(t), sandbox.Options{})

	inv, rc, err := newClient(url, 0).CreateInvite(context.Background(), "new@example.com", "developer", nil)
	if err != nil {
		t.Fatalf("CreateInvite: %v", err)
	}
	checkReceipt(t, rc)
	if !strings.HasPrefix(inv.ID, "invite_") || inv.Email != "new@example.com" || inv.Role != "developer" || inv.Status != "pending" {
		t.Errorf("returned invite = %+v, want a pending developer invite for new@example.com", inv)
	}
	if !inv.ExpiresAt.After(inv.InvitedAt) {
		t.Errorf("invite expires at %v, not after it was sent at %v", inv.ExpiresAt, inv.InvitedAt)
	}
	stored, ok := findInvite(srv.Snapshot(), "new@example.com")
	if !ok {
		t.Fatal("invite for new@example.com not in sandbox state")
	}
	if stored.ID != inv.ID || stored.Status != "pending" || stored.Role != "developer" {
		t.Errorf("stored invite = %+v, want pending developer invite %s", stored, inv.ID)
	}
}

func TestDeleteInvite(t *testing.T) {
	srv, url := startSandbox(t, writeState(t), sandbox.Options{})

	rc, err := newClient(url, 0).DeleteInvite(context.Background(), "invite_00000")
	if err != nil {
		t.Fatalf("DeleteInvite: %v", err)
	}
	checkReceipt(t, rc)
	if inv, ok := findInvite(srv.Snapshot(), "invitee00000@example.com"); ok {
		t.Errorf("invite %+v still present after delete", inv)
	}
}

func TestUpdateUserRole(t *testing.T) {
	srv, url := startSandbox(t, writeState(t), sandbox.Options{})

	rc, err := newClient(url, 0).UpdateUserRole(context.Background(), "user_00000", "developer")
	if err != nil {
		t.Fatalf("UpdateUserRole: %v", err)
	}
	checkReceipt(t, rc)
	if u, _ := findUser(srv.Snapshot(), "user_00000"); u.Role != "developer" {
		t.Errorf("role = %q, want developer", u.Role)
	}
}

func TestRemoveUser(t *testing.T) {
	srv, url := startSandbox(t, writeState(t), sandbox.Options{})

	rc, err := newClient(url, 0).RemoveUser(context.Background(), "user_00003")
	if err != nil {
		t.Fatalf("RemoveUser: %v", err)
	}
	checkReceipt(t, rc)
	if u, ok := findUser(srv.Snapshot(), "user_00003"); ok {
		t.Errorf("user %+v still present after removal", u)
	}
}

func TestWorkspaceMemberWrites(t *testing.T) {
	tests := []struct {
		name  string
		write func(c *admin.Client) (apply.Receipt, error)
		want  map[string]string
	}{
		{
			name: "add",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.AddWorkspaceMember(context.Background(), "wrkspc_000", "user_00002", "workspace_admin")
			},
			want: map[string]string{"user_00000": "workspace_developer", "user_00001": "workspace_user", "user_00002": "workspace_admin"},
		},
		{
			name: "update",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.UpdateWorkspaceMember(context.Background(), "wrkspc_000", "user_00001", "workspace_restricted_developer")
			},
			want: map[string]string{"user_00000": "workspace_developer", "user_00001": "workspace_restricted_developer"},
		},
		{
			name: "remove",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.RemoveWorkspaceMember(context.Background(), "wrkspc_000", "user_00000")
			},
			want: map[string]string{"user_00001": "workspace_user"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, url := startSandbox(t, writeState(t), sandbox.Options{})

			rc, err := tt.write(newClient(url, 0))
			if err != nil {
				t.Fatalf("write: %v", err)
			}
			checkReceipt(t, rc)
			if diff := cmp.Diff(tt.want, memberRoles(t, srv.Snapshot(), "wrkspc_000")); diff != "" {
				t.Errorf("members of wrkspc_000 (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name       string
		write      func(c *admin.Client) (apply.Receipt, error)
		wantOp     string
		wantStatus int
		wantCode   string
	}{
		{
			name: "invite of a member",
			write: func(c *admin.Client) (apply.Receipt, error) {
				_, rc, err := c.CreateInvite(context.Background(), "person00001@example.com", "user", nil)
				return rc, err
			},
			wantOp: "create invite", wantStatus: 400, wantCode: "already_member",
		},
		{
			name: "second pending invite",
			write: func(c *admin.Client) (apply.Receipt, error) {
				_, rc, err := c.CreateInvite(context.Background(), "invitee00000@example.com", "user", nil)
				return rc, err
			},
			wantOp: "create invite", wantStatus: 400, wantCode: "invite_already_exists",
		},
		{
			name: "delete of an unknown invite",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.DeleteInvite(context.Background(), "invite_missing")
			},
			wantOp: "delete invite", wantStatus: 404,
		},
		{
			name: "delete of an accepted invite",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.DeleteInvite(context.Background(), "invite_00001")
			},
			wantOp: "delete invite", wantStatus: 400,
		},
		{
			name: "role of an unknown user",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.UpdateUserRole(context.Background(), "user_missing", "user")
			},
			wantOp: "update user role", wantStatus: 404,
		},
		{
			name: "removal of an unknown user",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.RemoveUser(context.Background(), "user_missing")
			},
			wantOp: "remove user", wantStatus: 404,
		},
		{
			name: "update of an unknown workspace",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.UpdateWorkspace(context.Background(), "wrkspc_missing", apply.WorkspaceSpec{Name: "x"})
			},
			wantOp: "update workspace", wantStatus: 404,
		},
		{
			name: "add of a present member",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.AddWorkspaceMember(context.Background(), "wrkspc_000", "user_00000", "workspace_user")
			},
			wantOp: "add workspace member", wantStatus: 400,
		},
		{
			name: "update of an absent member",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.UpdateWorkspaceMember(context.Background(), "wrkspc_000", "user_00003", "workspace_user")
			},
			wantOp: "update workspace member", wantStatus: 404,
		},
		{
			name: "removal of an absent member",
			write: func(c *admin.Client) (apply.Receipt, error) {
				return c.RemoveWorkspaceMember(context.Background(), "wrkspc_000", "user_00003")
			},
			wantOp: "remove workspace member", wantStatus: 404,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, url := startSandbox(t, writeState(t), sandbox.Options{})

			rc, err := tt.write(newClient(url, 0))
			var apiErr *admin.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *admin.Error", err)
			}
			var applyErr apply.APIError
			if !errors.As(err, &applyErr) {
				t.Errorf("error %v does not satisfy apply.APIError", err)
			}
			if apiErr.Op != tt.wantOp {
				t.Errorf("op = %q, want %q", apiErr.Op, tt.wantOp)
			}
			if apiErr.HTTPStatus() != tt.wantStatus {
				t.Errorf("status = %d, want %d", apiErr.HTTPStatus(), tt.wantStatus)
			}
			if apiErr.APIErrorCode() != tt.wantCode {
				t.Errorf("error code = %q, want %q", apiErr.APIErrorCode(), tt.wantCode)
			}
			if !strings.HasPrefix(apiErr.APIRequestID(), "req_") {
				t.Errorf("request id = %q, want a req_ id", apiErr.APIRequestID())
			}
			if rc.RequestID != apiErr.RequestID {
				t.Errorf("receipt request id = %q, want the error's %q", rc.RequestID, apiErr.RequestID)
			}
			if apiErr.Message == "" {
				t.Error("message is empty")
			}
		})
	}
}
