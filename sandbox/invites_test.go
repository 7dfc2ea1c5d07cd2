package sandbox_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

const day = 24 * time.Hour

func TestInviteCreateRules(t *testing.T) {
	tests := []struct {
		name  string
		email string
		role  anthropic.OrganizationInviteNewParamsRole
		want  apiError // zero means success
	}{
		{"new address", "new@acme.example", "developer", apiError{}},
		{"billing role", "new@acme.example", "billing", apiError{}},
		{"claude_code_user role", "new@acme.example", "claude_code_user", apiError{}},
		{"address of an expired invite", "old@acme.example", "user", apiError{}},
		{"address of a deleted invite", "gone@acme.example", "user", apiError{}},
		{"admin cannot be invited", "new@acme.example", "admin", apiError{400, "invalid_request_error", ""}},
		{"owner cannot be invited", "new@acme.example", "owner", apiError{400, "invalid_request_error", ""}},
		{"managed is Enterprise only", "new@acme.example", "managed", apiError{400, "invalid_request_error", ""}},
		{"unknown role", "new@acme.example", "superuser", apiError{400, "invalid_request_error", ""}},
		{"invalid address", "not-an-address", "user", apiError{400, "invalid_request_error", ""}},
		{"address with a display name", "New <new@acme.example>", "user", apiError{400, "invalid_request_error", ""}},
		{"existing user in another case", "ADA@acme.example", "user", apiError{400, "invalid_request_error", "already_member"}},
		{"user whose invite was accepted", "cy@acme.example", "user", apiError{400, "invalid_request_error", "already_member"}},
		{"pending invite in another case", "Bo@Acme.Example", "user", apiError{400, "invalid_request_error", "invite_already_exists"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := startFixture(t, sandbox.Options{})
			inv, err := client.Organization.Invites.New(context.Background(), anthropic.OrganizationInviteNewParams{Email: tt.email, Role: tt.role})
			if tt.want != (apiError{}) {
				if diff := cmp.Diff(tt.want, asAPIError(t, err)); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				if got := len(srv.Snapshot().Invites); got != 4 {
					t.Errorf("invites after a rejected create = %d, want 4", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Invites.New: %v", err)
			}
			if inv.Status != "pending" || string(inv.Role) != string(tt.role) {
				t.Errorf("invite status %q role %q, want pending %q", inv.Status, inv.Role, tt.role)
			}
		})
	}
}

func TestInviteCreateFields(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	inv, err := client.Organization.Invites.New(context.Background(), anthropic.OrganizationInviteNewParams{Email: "New@Acme.example", Role: "developer"})
	if err != nil {
		t.Fatalf("Invites.New: %v", err)
	}
	type view struct {
		ID, Email, Role, Status, Type string
		InvitedAt, ExpiresAt          time.Time
		AcceptedAt                    string
		Groups                        []string
	}
	got := view{inv.ID, inv.Email, string(inv.Role), string(inv.Status), string(inv.Type), inv.InvitedAt, inv.ExpiresAt, inv.JSON.AcceptedAt.Raw(), inv.RBACGroupIDs}
	want := view{"invite_0100", "new@acme.example", "developer", "pending", "invite", fixtureNow, fixtureNow.Add(21 * day), "null", []string{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("invite (-want +got):\n%s", diff)
	}
}

func TestInviteAcceptCreatesUser(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	if _, err := client.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{Email: "new@acme.example", Role: "developer"}); err != nil {
		t.Fatalf("Invites.New: %v", err)
	}
	srv.AdvanceClock(time.Hour)
	if err := srv.AcceptInvite("NEW@acme.example"); err != nil {
		t.Fatalf("AcceptInvite: %v", err)
	}

	users, err := client.Organization.Users.List(ctx, anthropic.OrganizationUserListParams{Email: anthropic.String("new@acme.example")})
	if err != nil {
		t.Fatalf("Users.List: %v", err)
	}
	if len(users.Data) != 1 {
		t.Fatalf("users with the invited address = %d, want 1", len(users.Data))
	}
	u := users.Data[0]
	gotUser := []any{u.ID, u.Email, string(u.Role), u.AddedAt}
	wantUser := []any{"user_0101", "new@acme.example", "developer", fixtureNow.Add(time.Hour)}
	if diff := cmp.Diff(wantUser, gotUser); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}

	inv, err := client.Organization.Invites.Get(ctx, "invite_0100")
	if err != nil {
		t.Fatalf("Invites.Get: %v", err)
	}
	if diff := cmp.Diff([]any{"accepted", fixtureNow.Add(time.Hour)}, []any{string(inv.Status), inv.AcceptedAt}); diff != "" {
		t.Errorf("invite (-want +got):\n%s", diff)
	}

	if err := srv.AcceptInvite("new@acme.example"); err == nil {
		t.Error("second AcceptInvite succeeded, want an error")
	}
	_, err = client.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{Email: "new@acme.example", Role: "user"})
	if diff := cmp.Diff(apiError{400, "invalid_request_error", "already_member"}, asAPIError(t, err)); diff != "" {
		t.Errorf("invite of the new member (-want +got):\n%s", diff)
	}
}

func TestInviteExpiresAfter21Days(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	created, err := client.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{Email: "new@acme.example", Role: "user"})
	if err != nil {
		t.Fatalf("Invites.New: %v", err)
	}
	status := func() string {
		t.Helper()
		inv, err := client.Organization.Invites.Get(ctx, created.ID)
		if err != nil {
			t.Fatalf("Invites.Get: %v", err)
		}
		return string(inv.Status)
	}

	srv.AdvanceClock(21*day - time.Second)
	if got := status(); got != "pending" {
		t.Fatalf("status a second before expiry = %q, want pending", got)
	}
	srv.AdvanceClock(time.Second)
	if got := status(); got != "expired" {
		t.Fatalf("status at expiry = %q, want expired", got)
	}
	if err := srv.AcceptInvite("new@acme.example"); err == nil {
		t.Error("AcceptInvite of an expired invite succeeded, want an error")
	}
	_, err = client.Organization.Invites.Delete(ctx, created.ID)
	if diff := cmp.Diff(apiError{400, "invalid_request_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("delete of an expired invite (-want +got):\n%s", diff)
	}

	again, err := client.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{Email: "new@acme.example", Role: "user"})
	if err != nil {
		t.Fatalf("re-invite after expiry: %v", err)
	}
	if again.ID == created.ID || again.Status != "pending" {
		t.Errorf("re-invite = %s %s, want a new pending invite", again.ID, again.Status)
	}
	if got := srv.Snapshot().Now; got == nil || !got.Equal(fixtureNow.Add(21*day)) {
		t.Errorf("state now = %v, want %v", got, fixtureNow.Add(21*day))
	}
}

func TestInviteDelete(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	res, err := client.Organization.Invites.Delete(ctx, "invite_01")
	if err != nil {
		t.Fatalf("Invites.Delete: %v", err)
	}
	if diff := cmp.Diff([]string{"invite_01", "invite_deleted"}, []string{res.ID, string(res.Type)}); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
	if got := findInvite(srv.Snapshot(), "invite_01").Status; got != "deleted" {
		t.Errorf("stored status = %q, want deleted", got)
	}
	ids, err := collect(client.Organization.Invites.ListAutoPaging(ctx, anthropic.OrganizationInviteListParams{}),
		func(inv anthropic.OrganizationInvite) string { return inv.ID })
	if err != nil {
		t.Fatalf("Invites.List: %v", err)
	}
	if diff := cmp.Diff([]string{"invite_02", "invite_03"}, ids); diff != "" {
		t.Errorf("listed invites (-want +got):\n%s", diff)
	}

	tests := []struct {
		name string
		id   string
		want apiError
	}{
		{"deleted twice", "invite_01", apiError{400, "invalid_request_error", ""}},
		{"accepted", "invite_03", apiError{400, "invalid_request_error", ""}},
		{"expired", "invite_02", apiError{400, "invalid_request_error", ""}},
		{"unknown", "invite_99", apiError{404, "not_found_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.Organization.Invites.Delete(ctx, tt.id)
			if diff := cmp.Diff(tt.want, asAPIError(t, err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSandboxInviteAndClockRoutes(t *testing.T) {
	srv, hs := startServer(t, fixture(t), sandbox.Options{})
	res := doRaw(t, hs, http.MethodPost, "/_sandbox/invites/invite_01/accept", "", authHeader)
	if res.Status != http.StatusOK {
		t.Fatalf("accept route status = %d, body %s", res.Status, res.Body)
	}
	if got := findInvite(srv.Snapshot(), "invite_01").Status; got != "accepted" {
		t.Errorf("invite_01 status = %q, want accepted", got)
	}
	if got := findUser(srv.Snapshot(), "user_0100").Email; got != "bo@acme.example" {
		t.Errorf("user_0100 email = %q, want bo@acme.example", got)
	}

	tests := []struct {
		name, path, body string
		want             rawResult
	}{
		{"accept twice", "/_sandbox/invites/invite_01/accept", "", rawResult{400, "invalid_request_error", ""}},
		{"accept expired", "/_sandbox/invites/invite_02/accept", "", rawResult{400, "invalid_request_error", ""}},
		{"accept unknown", "/_sandbox/invites/invite_99/accept", "", rawResult{404, "not_found_error", ""}},
		{"clock without advance", "/_sandbox/clock", `{}`, rawResult{400, "invalid_request_error", ""}},
		{"clock backwards", "/_sandbox/clock", `{"advance":"-1h"}`, rawResult{400, "invalid_request_error", ""}},
		{"clock bad duration", "/_sandbox/clock", `{"advance":"soon"}`, rawResult{400, "invalid_request_error", ""}},
		{"clock forward", "/_sandbox/clock", `{"advance":"72h"}`, rawResult{Status: 200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doRaw(t, hs, http.MethodPost, tt.path, tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
		})
	}
	if got := srv.Snapshot().Now; got == nil || !got.Equal(fixtureNow.Add(72*time.Hour)) {
		t.Errorf("state now = %v, want %v", got, fixtureNow.Add(72*time.Hour))
	}
	if got := len(srv.Requests()); got != 0 {
		t.Errorf("recorded requests = %d, want 0: sandbox routes are not recorded", got)
	}
}
