package sandbox_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

func TestRBACConsoleNotSupported(t *testing.T) {
	tests := []struct {
		name, method, path, body string
	}{
		{"group list", "GET", "/v1/organizations/rbac_groups", ""},
		{"group create", "POST", "/v1/organizations/rbac_groups", `{"name":"x"}`},
		{"group get", "GET", "/v1/organizations/rbac_groups/rbac_group_01", ""},
		{"group member add", "POST", "/v1/organizations/rbac_groups/rbac_group_01/members", `{"user_id":"user_02"}`},
		{"role list", "GET", "/v1/organizations/rbac_roles", ""},
		{"role get", "GET", "/v1/organizations/rbac_roles/rbac_role_owner", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, hs := startServer(t, fixture(t), sandbox.Options{})
			res := doRaw(t, hs, tt.method, tt.path, tt.body, authHeader)
			if diff := cmp.Diff(rawResult{400, "invalid_request_error", "organization_type_not_supported"}, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
		})
	}
}

// groupView is the comparable part of an RBAC group.
type groupView struct {
	ID, Name, Source string
	Roles            []string
	Created, Updated time.Time
}

func viewGroup(g anthropic.RBACGroup) groupView {
	return groupView{g.ID, g.Name, string(g.SourceType), g.RoleIDs, g.CreatedAt, g.UpdatedAt}
}

func TestRBACGroupLifecycle(t *testing.T) {
	srv, client := startState(t, enterprise(t, "{}"))
	created, err := client.Organization.RBACGroups.New(background, anthropic.OrganizationRBACGroupNewParams{Name: "design"})
	if err != nil {
		t.Fatalf("RBACGroups.New: %v", err)
	}
	if diff := cmp.Diff(groupView{"rbac_group_0100", "design", "direct", []string{}, fixtureNow, fixtureNow}, viewGroup(*created)); diff != "" {
		t.Errorf("created group (-want +got):\n%s", diff)
	}

	srv.AdvanceClock(time.Hour)
	updated, err := client.Organization.RBACGroups.Update(background, created.ID, anthropic.OrganizationRBACGroupUpdateParams{Name: anthropic.String("product design")})
	if err != nil {
		t.Fatalf("RBACGroups.Update: %v", err)
	}
	got, err := client.Organization.RBACGroups.Get(background, created.ID)
	if err != nil {
		t.Fatalf("RBACGroups.Get: %v", err)
	}
	want := groupView{"rbac_group_0100", "product design", "direct", []string{}, fixtureNow, fixtureNow.Add(time.Hour)}
	if diff := cmp.Diff(want, viewGroup(*got)); diff != "" {
		t.Errorf("group read after update (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(viewGroup(*updated), viewGroup(*got)); diff != "" {
		t.Errorf("update response differs from the stored group (-response +stored):\n%s", diff)
	}

	deleted, err := client.Organization.RBACGroups.Delete(background, created.ID)
	if err != nil {
		t.Fatalf("RBACGroups.Delete: %v", err)
	}
	if deleted.ID != created.ID || deleted.Type != "rbac_group_deleted" {
		t.Errorf("delete response = %s", deleted.RawJSON())
	}
	_, err = client.Organization.RBACGroups.Get(background, created.ID)
	if diff := cmp.Diff(apiError{404, "not_found_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("get after delete (-want +got):\n%s", diff)
	}
}

func TestRBACGroupRules(t *testing.T) {
	const groups = "/v1/organizations/rbac_groups"
	ownerCode := rawResult{400, "invalid_request_error", "rbac_group_grants_owner_access"}
	invalid := rawResult{400, "invalid_request_error", ""}
	tests := []struct {
		name, method, path, body string
		want                     rawResult
	}{
		{"create without name", "POST", groups, `{}`, invalid},
		{"create with blank name", "POST", groups, `{"name":"  "}`, invalid},
		{"create with long name", "POST", groups, `{"name":"` + strings.Repeat("x", 256) + `"}`, invalid},
		{"add member", "POST", groups + "/rbac_group_01/members", `{"user_id":"user_04"}`, rawResult{Status: 200}},
		{"add a user outside the organization", "POST", groups + "/rbac_group_01/members", `{"user_id":"user_99"}`, rawResult{404, "not_found_error", ""}},
		{"add an existing member", "POST", groups + "/rbac_group_01/members", `{"user_id":"user_02"}`, invalid},
		{"add without user", "POST", groups + "/rbac_group_01/members", `{}`, invalid},
		{"add to an unknown group", "POST", groups + "/rbac_group_99/members", `{"user_id":"user_04"}`, rawResult{404, "not_found_error", ""}},
		{"remove member", "DELETE", groups + "/rbac_group_01/members/user_02", ``, rawResult{Status: 200}},
		{"remove a non-member", "DELETE", groups + "/rbac_group_01/members/user_04", ``, rawResult{404, "not_found_error", ""}},
		{"owner group add", "POST", groups + "/rbac_group_02/members", `{"user_id":"user_04"}`, ownerCode},
		{"owner group remove", "DELETE", groups + "/rbac_group_02/members/user_01", ``, ownerCode},
		{"owner group delete", "DELETE", groups + "/rbac_group_02", ``, ownerCode},
		{"owner group rename", "POST", groups + "/rbac_group_02", `{"name":"admins"}`, rawResult{Status: 200}},
		{"scim group rename", "POST", groups + "/rbac_group_03", `{"name":"sales"}`, invalid},
		{"scim group delete", "DELETE", groups + "/rbac_group_03", ``, invalid},
		{"scim group add", "POST", groups + "/rbac_group_03/members", `{"user_id":"user_04"}`, invalid},
		{"unknown group delete", "DELETE", groups + "/rbac_group_99", ``, rawResult{404, "not_found_error", ""}},
		{"unknown role", "GET", "/v1/organizations/rbac_roles/rbac_role_99", ``, rawResult{404, "not_found_error", "rbac_role_not_found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hs := startServer(t, enterprise(t, "{}"), sandbox.Options{})
			before := srv.Snapshot().RBACGroups
			res := doRaw(t, hs, tt.method, tt.path, tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			if after := srv.Snapshot().RBACGroups; tt.want.Status != 200 && !cmp.Equal(before, after) {
				t.Errorf("rejected request changed the groups (-before +after):\n%s", cmp.Diff(before, after))
			}
		})
	}
}

func TestRBACGroupMembers(t *testing.T) {
	srv, client := startState(t, enterprise(t, "{}"))
	srv.AdvanceClock(time.Hour)
	m, err := client.Organization.RBACGroups.Members.Add(background, "rbac_group_01", anthropic.OrganizationRBACGroupMemberAddParams{UserID: "user_04"})
	if err != nil {
		t.Fatalf("Members.Add: %v", err)
	}
	if m.Email != "rae@globex.example" || !m.CreatedAt.Equal(fixtureNow.Add(time.Hour)) || m.RBACGroupID != "rbac_group_01" {
		t.Errorf("added member = %s", m.RawJSON())
	}
	removed, err := client.Organization.RBACGroups.Members.Remove(background, "user_02", anthropic.OrganizationRBACGroupMemberRemoveParams{RBACGroupID: "rbac_group_01"})
	if err != nil {
		t.Fatalf("Members.Remove: %v", err)
	}
	if removed.UserID != "user_02" || removed.RBACGroupID != "rbac_group_01" || removed.Type != "rbac_group_member_deleted" {
		t.Errorf("remove response = %s", removed.RawJSON())
	}
	got, err := collectCursor(client.Organization.RBACGroups.Members.ListAutoPaging(background, "rbac_group_01", anthropic.OrganizationRBACGroupMemberListParams{}),
		func(m anthropic.RBACGroupMember) string { return m.UserID })
	if err != nil {
		t.Fatalf("Members.List: %v", err)
	}
	if diff := cmp.Diff([]string{"user_03", "user_04"}, got); diff != "" {
		t.Errorf("members, oldest first (-want +got):\n%s", diff)
	}
}

func TestRBACGroupDeleteCleansUp(t *testing.T) {
	st := enterprise(t, `{"invites": [{"id": "invite_01", "email": "sam@globex.example", "role": "user", "status": "pending",
		"invited_at": "2026-11-30T09:00:00Z", "accepted_at": null, "rbac_group_ids": ["rbac_group_01"]}]}`)
	srv, client := startState(t, st)
	if _, err := client.Organization.RBACGroups.Delete(background, "rbac_group_01"); err != nil {
		t.Fatalf("RBACGroups.Delete: %v", err)
	}
	snap := srv.Snapshot()
	if ids := snap.Invites[0].RBACGroupIDs; len(ids) != 0 {
		t.Errorf("invite rbac_group_ids = %v, want the deleted group dropped", ids)
	}
	for _, sl := range snap.SpendLimits {
		if sl.Scope.RBACGroupID == "rbac_group_01" {
			t.Errorf("spend limit %s of the deleted group is still stored", sl.ID)
		}
	}
}

func TestUserRemovalLeavesGroups(t *testing.T) {
	srv, client := startState(t, enterprise(t, "{}"))
	if _, err := client.Organization.Users.Remove(background, "user_02"); err != nil {
		t.Fatalf("Users.Remove: %v", err)
	}
	for _, g := range srv.Snapshot().RBACGroups {
		for _, m := range g.Members {
			if m.UserID == "user_02" {
				t.Errorf("group %s still lists the removed user", g.ID)
			}
		}
	}
}

func TestRBACRoles(t *testing.T) {
	_, client := startState(t, enterprise(t, "{}"))
	r, err := client.Organization.RBACRoles.Get(background, "rbac_role_admin")
	if err != nil {
		t.Fatalf("RBACRoles.Get: %v", err)
	}
	if r.DisplayName != "Admin" || r.Source.Type != "built_in" || r.Type != "rbac_role" {
		t.Errorf("role = %s", r.RawJSON())
	}

	st := enterprise(t, `{"rbac_roles": [{"id": "rbac_role_x", "display_name": "Auditor", "source": "custom",
		"created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-02-01T00:00:00Z"}],
		"rbac_groups": [], "spend_limits": []}`)
	_, client = startState(t, st)
	p, err := client.Organization.RBACRoles.List(background, anthropic.OrganizationRBACRoleListParams{})
	if err != nil {
		t.Fatalf("RBACRoles.List: %v", err)
	}
	if len(p.Data) != 1 || p.Data[0].ID != "rbac_role_x" || p.Data[0].Source.Type != "custom" {
		t.Errorf("roles = %s, want only the state's custom role", p.RawJSON())
	}
}

func TestInviteGroups(t *testing.T) {
	const path = "/v1/organizations/invites"
	tests := []struct {
		name string
		st   func(t *testing.T) *sandbox.State
		body string
		want rawResult
	}{
		{"console with groups", func(t *testing.T) *sandbox.State { return fixture(t) },
			`{"email":"sam@acme.example","role":"user","rbac_group_ids":["rbac_group_01"]}`, rawResult{400, "invalid_request_error", ""}},
		{"console with no groups", func(t *testing.T) *sandbox.State { return fixture(t) },
			`{"email":"sam@acme.example","role":"user","rbac_group_ids":[]}`, rawResult{Status: 200}},
		{"enterprise with a group", enterpriseState,
			`{"email":"sam@globex.example","role":"user","rbac_group_ids":["rbac_group_01"]}`, rawResult{Status: 200}},
		{"enterprise unknown group", enterpriseState,
			`{"email":"sam@globex.example","role":"user","rbac_group_ids":["rbac_group_99"]}`, rawResult{404, "not_found_error", ""}},
		{"enterprise owner group", enterpriseState,
			`{"email":"sam@globex.example","role":"user","rbac_group_ids":["rbac_group_02"]}`, rawResult{400, "invalid_request_error", "rbac_group_grants_owner_access"}},
		{"enterprise scim group", enterpriseState,
			`{"email":"sam@globex.example","role":"user","rbac_group_ids":["rbac_group_03"]}`, rawResult{400, "invalid_request_error", ""}},
		{"enterprise group twice", enterpriseState,
			`{"email":"sam@globex.example","role":"user","rbac_group_ids":["rbac_group_01","rbac_group_01"]}`, rawResult{400, "invalid_request_error", ""}},
		{"enterprise managed role", enterpriseState, `{"email":"sam@globex.example","role":"managed"}`, rawResult{Status: 200}},
		{"enterprise Console role", enterpriseState, `{"email":"sam@globex.example","role":"developer"}`, rawResult{400, "invalid_request_error", ""}},
		{"console managed role", func(t *testing.T) *sandbox.State { return fixture(t) },
			`{"email":"sam@acme.example","role":"managed"}`, rawResult{400, "invalid_request_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, hs := startServer(t, tt.st(t), sandbox.Options{})
			res := doRaw(t, hs, http.MethodPost, path, tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
		})
	}
}

func TestAcceptedInviteJoinsGroups(t *testing.T) {
	srv, client := startState(t, enterprise(t, "{}"))
	inv, err := client.Organization.Invites.New(background, anthropic.OrganizationInviteNewParams{
		Email: "sam@globex.example", Role: "managed", RBACGroupIDs: []string{"rbac_group_01"},
	})
	if err != nil {
		t.Fatalf("Invites.New: %v", err)
	}
	if diff := cmp.Diff([]string{"rbac_group_01"}, inv.RBACGroupIDs); diff != "" {
		t.Errorf("invite rbac_group_ids (-want +got):\n%s", diff)
	}
	if err := srv.AcceptInvite("sam@globex.example"); err != nil {
		t.Fatalf("AcceptInvite: %v", err)
	}
	p, err := client.Organization.RBACGroups.Members.List(background, "rbac_group_01", anthropic.OrganizationRBACGroupMemberListParams{})
	if err != nil {
		t.Fatalf("Members.List: %v", err)
	}
	var emails []string
	for _, m := range p.Data {
		emails = append(emails, m.Email)
	}
	if diff := cmp.Diff([]string{"pat@globex.example", "quinn@globex.example", "sam@globex.example"}, emails); diff != "" {
		t.Errorf("group members after accepting (-want +got):\n%s", diff)
	}
}

func TestEnterpriseUserRoles(t *testing.T) {
	tests := []struct {
		name string
		user string
		role anthropic.OrganizationUserUpdateParamsRole
		want apiError
	}{
		{"user to managed", "user_02", "managed", apiError{}},
		{"managed to user", "user_03", "user", apiError{}},
		{"developer", "user_02", "developer", apiError{400, "invalid_request_error", ""}},
		{"billing", "user_02", "billing", apiError{400, "invalid_request_error", ""}},
		{"primary owner", "user_01", "user", apiError{400, "invalid_request_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, client := startState(t, enterprise(t, "{}"))
			_, err := client.Organization.Users.Update(background, tt.user, anthropic.OrganizationUserUpdateParams{Role: tt.role})
			got := apiError{}
			if err != nil {
				got = asAPIError(t, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
		})
	}
}
