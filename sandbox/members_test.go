package sandbox_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

// memberView is a workspace member as the SDK decodes it.
type memberView struct {
	UserID, WorkspaceID, Role, Type string
}

func viewMember(m *anthropic.WorkspaceMember) memberView {
	return memberView{m.UserID, m.WorkspaceID, string(m.WorkspaceRole), string(m.Type)}
}

func TestMembersListImplicitMembers(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	tests := []struct {
		name        string
		workspaceID string
		want        []memberView
	}{
		{"workspace with an explicit member", "wrkspc_01", []memberView{
			{"user_01", "wrkspc_01", "workspace_admin", "workspace_member"},
			{"user_02", "wrkspc_01", "workspace_developer", "workspace_member"},
			{"user_03", "wrkspc_01", "workspace_billing", "workspace_member"},
			{"user_06", "wrkspc_01", "workspace_admin", "workspace_member"},
		}},
		{"default workspace", "wrkspc_00", []memberView{
			{"user_01", "wrkspc_00", "workspace_admin", "workspace_member"},
			{"user_03", "wrkspc_00", "workspace_billing", "workspace_member"},
			{"user_06", "wrkspc_00", "workspace_admin", "workspace_member"},
		}},
		{"archived workspace", "wrkspc_02", []memberView{
			{"user_01", "wrkspc_02", "workspace_admin", "workspace_member"},
			{"user_03", "wrkspc_02", "workspace_billing", "workspace_member"},
			{"user_04", "wrkspc_02", "workspace_user", "workspace_member"},
			{"user_06", "wrkspc_02", "workspace_admin", "workspace_member"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pager := client.Organization.Workspaces.Members.ListAutoPaging(ctx, tt.workspaceID, anthropic.OrganizationWorkspaceMemberListParams{})
			var got []memberView
			for pager.Next() {
				m := pager.Current()
				got = append(got, viewMember(&m))
			}
			if err := pager.Err(); err != nil {
				t.Fatalf("Members.List: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMemberGet(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	tests := []struct {
		name   string
		userID string
		want   memberView
		err    apiError
	}{
		{"explicit member", "user_02", memberView{"user_02", "wrkspc_01", "workspace_developer", "workspace_member"}, apiError{}},
		{"implicit admin", "user_01", memberView{"user_01", "wrkspc_01", "workspace_admin", "workspace_member"}, apiError{}},
		{"implicit billing", "user_03", memberView{"user_03", "wrkspc_01", "workspace_billing", "workspace_member"}, apiError{}},
		{"user without membership", "user_04", memberView{}, apiError{404, "not_found_error", ""}},
		{"unknown user", "user_99", memberView{}, apiError{404, "not_found_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := client.Organization.Workspaces.Members.Get(ctx, tt.userID, anthropic.OrganizationWorkspaceMemberGetParams{WorkspaceID: "wrkspc_01"})
			if tt.err != (apiError{}) {
				if diff := cmp.Diff(tt.err, asAPIError(t, err)); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Members.Get: %v", err)
			}
			if diff := cmp.Diff(tt.want, viewMember(m)); diff != "" {
				t.Errorf("member (-want +got):\n%s", diff)
			}
		})
	}
	_, err := client.Organization.Workspaces.Members.Get(ctx, "user_02", anthropic.OrganizationWorkspaceMemberGetParams{WorkspaceID: "wrkspc_99"})
	if diff := cmp.Diff(apiError{404, "not_found_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("unknown workspace (-want +got):\n%s", diff)
	}
}

func TestMemberAddRules(t *testing.T) {
	tests := []struct {
		name        string
		workspaceID string
		body        string
		want        rawResult
	}{
		{"user as workspace_user", "wrkspc_01", `{"user_id":"user_04","workspace_role":"workspace_user"}`, rawResult{Status: 200}},
		{"claude_code_user as restricted developer", "wrkspc_01", `{"user_id":"user_05","workspace_role":"workspace_restricted_developer"}`, rawResult{Status: 200}},
		{"into the default workspace", "wrkspc_00", `{"user_id":"user_04","workspace_role":"workspace_admin"}`, rawResult{Status: 200}},
		{"workspace_billing", "wrkspc_01", `{"user_id":"user_04","workspace_role":"workspace_billing"}`, rawResult{400, "invalid_request_error", ""}},
		{"unknown role", "wrkspc_01", `{"user_id":"user_04","workspace_role":"workspace_owner"}`, rawResult{400, "invalid_request_error", ""}},
		{"already explicit member", "wrkspc_01", `{"user_id":"user_02","workspace_role":"workspace_user"}`, rawResult{400, "invalid_request_error", ""}},
		{"implicit admin", "wrkspc_01", `{"user_id":"user_01","workspace_role":"workspace_admin"}`, rawResult{400, "invalid_request_error", ""}},
		{"implicit owner", "wrkspc_01", `{"user_id":"user_06","workspace_role":"workspace_user"}`, rawResult{400, "invalid_request_error", ""}},
		{"implicit billing", "wrkspc_01", `{"user_id":"user_03","workspace_role":"workspace_user"}`, rawResult{400, "invalid_request_error", ""}},
		{"unknown user", "wrkspc_01", `{"user_id":"user_99","workspace_role":"workspace_user"}`, rawResult{404, "not_found_error", ""}},
		{"unknown workspace", "wrkspc_99", `{"user_id":"user_04","workspace_role":"workspace_user"}`, rawResult{404, "not_found_error", ""}},
		{"archived workspace", "wrkspc_02", `{"user_id":"user_05","workspace_role":"workspace_user"}`, rawResult{400, "invalid_request_error", ""}},
		{"role missing", "wrkspc_01", `{"user_id":"user_04"}`, rawResult{400, "invalid_request_error", ""}},
		{"user missing", "wrkspc_01", `{"workspace_role":"workspace_user"}`, rawResult{400, "invalid_request_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hs := startServer(t, fixture(t), sandbox.Options{})
			before := findWorkspace(srv.Snapshot(), tt.workspaceID).Members
			res := doRaw(t, hs, http.MethodPost, "/v1/organizations/workspaces/"+tt.workspaceID+"/members", tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			after := findWorkspace(srv.Snapshot(), tt.workspaceID).Members
			wantLen := len(before)
			if tt.want.Status == 200 {
				wantLen++
			}
			if len(after) != wantLen {
				t.Errorf("stored members = %v, want %d", after, wantLen)
			}
		})
	}
}

func TestMemberUpdateRules(t *testing.T) {
	tests := []struct {
		name        string
		workspaceID string
		userID      string
		role        anthropic.WorkspaceRole
		want        apiError // zero means success
	}{
		{"explicit member to admin", "wrkspc_01", "user_02", "workspace_admin", apiError{}},
		{"explicit member to workspace_billing", "wrkspc_01", "user_02", "workspace_billing", apiError{400, "invalid_request_error", ""}},
		{"unknown role", "wrkspc_01", "user_02", "workspace_owner", apiError{400, "invalid_request_error", ""}},
		{"implicit admin", "wrkspc_01", "user_01", "workspace_user", apiError{400, "invalid_request_error", ""}},
		{"implicit billing", "wrkspc_01", "user_03", "workspace_admin", apiError{400, "invalid_request_error", ""}},
		{"not a member", "wrkspc_01", "user_04", "workspace_user", apiError{404, "not_found_error", ""}},
		{"archived workspace", "wrkspc_02", "user_04", "workspace_admin", apiError{400, "invalid_request_error", ""}},
		{"unknown workspace", "wrkspc_99", "user_02", "workspace_admin", apiError{404, "not_found_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := startFixture(t, sandbox.Options{})
			m, err := client.Organization.Workspaces.Members.Update(context.Background(), tt.userID, anthropic.OrganizationWorkspaceMemberUpdateParams{
				WorkspaceID: tt.workspaceID, WorkspaceRole: tt.role,
			})
			if tt.want != (apiError{}) {
				if diff := cmp.Diff(tt.want, asAPIError(t, err)); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Members.Update: %v", err)
			}
			if string(m.WorkspaceRole) != string(tt.role) {
				t.Errorf("response role = %q, want %q", m.WorkspaceRole, tt.role)
			}
			want := []sandbox.Member{{UserID: tt.userID, WorkspaceRole: string(tt.role)}}
			if diff := cmp.Diff(want, findWorkspace(srv.Snapshot(), tt.workspaceID).Members); diff != "" {
				t.Errorf("stored members (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMemberRemoveRules(t *testing.T) {
	tests := []struct {
		name        string
		workspaceID string
		userID      string
		want        apiError // zero means success
	}{
		{"explicit member", "wrkspc_01", "user_02", apiError{}},
		{"implicit admin", "wrkspc_01", "user_01", apiError{400, "invalid_request_error", ""}},
		{"implicit billing", "wrkspc_01", "user_03", apiError{400, "invalid_request_error", ""}},
		{"not a member", "wrkspc_01", "user_04", apiError{404, "not_found_error", ""}},
		{"unknown user", "wrkspc_01", "user_99", apiError{404, "not_found_error", ""}},
		{"archived workspace", "wrkspc_02", "user_04", apiError{400, "invalid_request_error", ""}},
		{"unknown workspace", "wrkspc_99", "user_02", apiError{404, "not_found_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := startFixture(t, sandbox.Options{})
			res, err := client.Organization.Workspaces.Members.Remove(context.Background(), tt.userID, anthropic.OrganizationWorkspaceMemberRemoveParams{WorkspaceID: tt.workspaceID})
			if tt.want != (apiError{}) {
				if diff := cmp.Diff(tt.want, asAPIError(t, err)); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Members.Remove: %v", err)
			}
			got := []string{string(res.Type), res.UserID, res.WorkspaceID}
			if diff := cmp.Diff([]string{"workspace_member_deleted", tt.userID, tt.workspaceID}, got); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if got := findWorkspace(srv.Snapshot(), tt.workspaceID).Members; len(got) != 0 {
				t.Errorf("stored members = %v, want none", got)
			}
		})
	}
}

func TestMemberFollowsOrganizationRole(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	get := func() string {
		t.Helper()
		m, err := client.Organization.Workspaces.Members.Get(ctx, "user_02", anthropic.OrganizationWorkspaceMemberGetParams{WorkspaceID: "wrkspc_01"})
		if err != nil {
			t.Fatalf("Members.Get: %v", err)
		}
		return string(m.WorkspaceRole)
	}
	if _, err := client.Organization.Users.Update(ctx, "user_02", anthropic.OrganizationUserUpdateParams{Role: "billing"}); err != nil {
		t.Fatalf("Users.Update to billing: %v", err)
	}
	if got := get(); got != "workspace_billing" {
		t.Errorf("role as billing user = %q, want workspace_billing", got)
	}
	if _, err := client.Organization.Users.Update(ctx, "user_02", anthropic.OrganizationUserUpdateParams{Role: "developer"}); err != nil {
		t.Fatalf("Users.Update to developer: %v", err)
	}
	if got := get(); got != "workspace_developer" {
		t.Errorf("role after demotion = %q, want the explicit workspace_developer back", got)
	}
}
