package sandbox_test

import (
	"context"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

func TestUserRoleUpdateRules(t *testing.T) {
	tests := []struct {
		name   string
		userID string
		role   anthropic.OrganizationUserUpdateParamsRole
		want   apiError // zero means success
	}{
		{"developer to billing", "user_02", "billing", apiError{}},
		{"billing to claude_code_user", "user_03", "claude_code_user", apiError{}},
		{"user to developer", "user_04", "developer", apiError{}},
		{"same role again", "user_02", "developer", apiError{}},
		{"admin cannot be assigned", "user_02", "admin", apiError{400, "invalid_request_error", ""}},
		{"managed is Enterprise only", "user_02", "managed", apiError{400, "invalid_request_error", ""}},
		{"owner cannot be assigned", "user_02", "owner", apiError{400, "invalid_request_error", ""}},
		{"unknown role", "user_02", "superuser", apiError{400, "invalid_request_error", ""}},
		{"admin cannot be changed", "user_01", "user", apiError{400, "invalid_request_error", ""}},
		{"owner cannot be changed", "user_06", "user", apiError{400, "invalid_request_error", ""}},
		{"unknown user", "user_99", "user", apiError{404, "not_found_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := startFixture(t, sandbox.Options{})
			u, err := client.Organization.Users.Update(context.Background(), tt.userID, anthropic.OrganizationUserUpdateParams{Role: tt.role})
			if tt.want != (apiError{}) {
				if diff := cmp.Diff(tt.want, asAPIError(t, err)); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Users.Update: %v", err)
			}
			if string(u.Role) != string(tt.role) {
				t.Errorf("response role = %q, want %q", u.Role, tt.role)
			}
			if got := findUser(srv.Snapshot(), tt.userID).Role; got != string(tt.role) {
				t.Errorf("stored role = %q, want %q", got, tt.role)
			}
		})
	}
}

func TestUserRemoveRules(t *testing.T) {
	tests := []struct {
		name   string
		userID string
		want   apiError
	}{
		{"admin cannot be removed", "user_01", apiError{400, "invalid_request_error", ""}},
		{"owner cannot be removed", "user_06", apiError{400, "invalid_request_error", ""}},
		{"unknown user", "user_99", apiError{404, "not_found_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := startFixture(t, sandbox.Options{})
			_, err := client.Organization.Users.Remove(context.Background(), tt.userID)
			if diff := cmp.Diff(tt.want, asAPIError(t, err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if got := len(srv.Snapshot().Users); got != 6 {
				t.Errorf("users after a rejected remove = %d, want 6", got)
			}
		})
	}
}

func TestUserRemoveLastMember(t *testing.T) {
	st := fixture(t)
	st.Users = st.Users[1:2] // only user_02, a developer
	st.Workspaces = st.Workspaces[:2]
	_, hs := startServer(t, st, sandbox.Options{})
	client := newClient(hs, testKey)
	_, err := client.Organization.Users.Remove(context.Background(), "user_02")
	want := apiError{400, "invalid_request_error", "cannot_remove_last_member"}
	if diff := cmp.Diff(want, asAPIError(t, err)); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
}

func TestUserRemoveDropsMembershipsKeepsInvites(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	res, err := client.Organization.Users.Remove(ctx, "user_02")
	if err != nil {
		t.Fatalf("Users.Remove: %v", err)
	}
	if diff := cmp.Diff([]string{"user_02", "user_deleted"}, []string{res.ID, string(res.Type)}); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
	if _, err := client.Organization.Users.Get(ctx, "user_02"); asAPIError(t, err).Status != 404 {
		t.Errorf("Users.Get after remove: %v, want 404", err)
	}
	st := srv.Snapshot()
	for _, ws := range st.Workspaces {
		for _, m := range ws.Members {
			if m.UserID == "user_02" {
				t.Errorf("workspace %s still lists user_02", ws.ID)
			}
		}
	}
	if got := len(st.Invites); got != 4 {
		t.Errorf("invites after remove = %d, want 4", got)
	}
	if got := findInvite(st, "invite_03").Status; got != "accepted" {
		t.Errorf("invite_03 status = %q, want accepted", got)
	}
}

func TestUserGetAndUpdateDecode(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	u, err := client.Organization.Users.Get(context.Background(), "user_02")
	if err != nil {
		t.Fatalf("Users.Get: %v", err)
	}
	got := []string{u.ID, u.Email, u.Name, string(u.Role), string(u.Type), u.AddedAt.Format("2006-01-02")}
	want := []string{"user_02", "Cy@Acme.example", "Cy", "developer", "user", "2025-03-02"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}
}

func findUser(st *sandbox.State, id string) sandbox.User {
	for _, u := range st.Users {
		if u.ID == id {
			return u
		}
	}
	return sandbox.User{}
}

func findInvite(st *sandbox.State, id string) sandbox.Invite {
	for _, inv := range st.Invites {
		if inv.ID == id {
			return inv
		}
	}
	return sandbox.Invite{}
}
