package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

// apiKeyView is the comparable part of an API key.
type apiKeyView struct {
	ID, Name, Status, Scope, CreatedBy, Principal string
}

func viewAPIKey(k anthropic.APIKey) apiKeyView {
	return apiKeyView{k.ID, k.Name, string(k.Status), k.JSON.Scope.Raw(), k.JSON.CreatedBy.Raw(), k.JSON.Principal.Raw()}
}

func TestAPIKeyList(t *testing.T) {
	_, client := startState(t, consoleSettings(t, "{}"))
	p, err := client.Organization.APIKeys.List(background, anthropic.OrganizationAPIKeyListParams{})
	if err != nil {
		t.Fatalf("APIKeys.List: %v", err)
	}
	var got []apiKeyView
	for _, k := range p.Data {
		got = append(got, viewAPIKey(k))
	}
	want := []apiKeyView{
		{"apikey_03", "temp", "expired", `{"type":"workspace","workspace_id":"wrkspc_01"}`, `{"id":"user_02","type":"user"}`, "null"},
		{"apikey_04", "bot", "inactive", `{"type":"organization"}`, "null", `{"type":"service_account_actor","service_account_id":"svac_01"}`},
		{"apikey_01", "ci", "active", `{"type":"workspace","workspace_id":"wrkspc_01"}`, `{"id":"user_02","type":"user"}`, "null"},
		{"apikey_02", "old", "archived", `{"type":"workspace","workspace_id":"wrkspc_00"}`, `{"id":"user_01","type":"user"}`, "null"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys, most recently created first (-want +got):\n%s", diff)
	}
	if hint := p.Data[0].PartialKeyHint; hint != "sk-ant-api03-...y_03" {
		t.Errorf("partial_key_hint = %q, want the default hint", hint)
	}
}

func TestAPIKeyListFilters(t *testing.T) {
	_, client := startState(t, consoleSettings(t, "{}"))
	tests := []struct {
		name   string
		params anthropic.OrganizationAPIKeyListParams
		want   []string
	}{
		{"active", anthropic.OrganizationAPIKeyListParams{Status: "active"}, []string{"apikey_01"}},
		{"expired", anthropic.OrganizationAPIKeyListParams{Status: "expired"}, []string{"apikey_03"}},
		{"workspace", anthropic.OrganizationAPIKeyListParams{WorkspaceID: anthropic.String("wrkspc_01")}, []string{"apikey_03", "apikey_01"}},
		{"default workspace", anthropic.OrganizationAPIKeyListParams{WorkspaceID: anthropic.String("wrkspc_00")}, []string{"apikey_02"}},
		{"creator", anthropic.OrganizationAPIKeyListParams{CreatedByUserID: anthropic.String("user_01")}, []string{"apikey_02"}},
		{"page", anthropic.OrganizationAPIKeyListParams{AfterID: anthropic.String("apikey_04"), Limit: anthropic.Int(1)}, []string{"apikey_01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := client.Organization.APIKeys.List(background, tt.params)
			if err != nil {
				t.Fatalf("APIKeys.List: %v", err)
			}
			var got []string
			for _, k := range p.Data {
				got = append(got, k.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}
	_, err := client.Organization.APIKeys.List(background, anthropic.OrganizationAPIKeyListParams{Status: "revoked"})
	if diff := cmp.Diff(apiError{400, "invalid_request_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("unknown status (-want +got):\n%s", diff)
	}
}

func TestAPIKeyPagination(t *testing.T) {
	want := []string{"apikey_03", "apikey_04", "apikey_01", "apikey_02"}
	for _, limit := range []int64{1, 2, 1000} {
		t.Run("limit "+itoa(limit), func(t *testing.T) {
			srv, client := startState(t, consoleSettings(t, "{}"))
			got, err := collect(client.Organization.APIKeys.ListAutoPaging(background, anthropic.OrganizationAPIKeyListParams{Limit: anthropic.Int(limit)}),
				func(k anthropic.APIKey) string { return k.ID })
			if err != nil {
				t.Fatalf("walking the list: %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
			if n, wantPages := int64(len(srv.Requests())), (int64(len(want))+limit-1)/limit; n != wantPages {
				t.Errorf("requests = %d, want %d", n, wantPages)
			}
		})
	}
}

func TestAPIKeyUpdateRules(t *testing.T) {
	tests := []struct {
		name       string
		id         string
		body       string
		want       rawResult
		wantStatus string
	}{
		{"rename", "apikey_01", `{"name":"ci-2"}`, rawResult{Status: 200}, "active"},
		{"deactivate", "apikey_01", `{"status":"inactive"}`, rawResult{Status: 200}, "inactive"},
		{"reactivate", "apikey_04", `{"status":"active"}`, rawResult{Status: 200}, "active"},
		{"archive", "apikey_01", `{"status":"archived"}`, rawResult{Status: 200}, "archived"},
		{"empty body", "apikey_01", `{}`, rawResult{Status: 200}, "active"},
		{"archived stays archived", "apikey_02", `{"status":"archived"}`, rawResult{Status: 200}, "archived"},
		{"archived can be renamed", "apikey_02", `{"name":"legacy"}`, rawResult{Status: 200}, "archived"},
		{"archived cannot be reactivated", "apikey_02", `{"status":"active"}`, rawResult{400, "invalid_request_error", ""}, "archived"},
		{"archived cannot be deactivated", "apikey_02", `{"status":"inactive"}`, rawResult{400, "invalid_request_error", ""}, "archived"},
		{"expired cannot be activated", "apikey_03", `{"status":"active"}`, rawResult{400, "invalid_request_error", ""}, "expired"},
		{"expired can be archived", "apikey_03", `{"status":"archived"}`, rawResult{Status: 200}, "archived"},
		{"status expired", "apikey_01", `{"status":"expired"}`, rawResult{400, "invalid_request_error", ""}, "active"},
		{"empty name", "apikey_01", `{"name":" "}`, rawResult{400, "invalid_request_error", ""}, "active"},
		{"unknown field", "apikey_01", `{"scope":"organization"}`, rawResult{400, "invalid_request_error", ""}, "active"},
		{"unknown key", "apikey_99", `{"name":"x"}`, rawResult{404, "not_found_error", ""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, hs := startServer(t, consoleSettings(t, "{}"), sandbox.Options{})
			res := doRaw(t, hs, http.MethodPost, "/v1/organizations/api_keys/"+tt.id, tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			if tt.wantStatus == "" {
				return
			}
			client := newClient(hs, testKey)
			k, err := client.Organization.APIKeys.Get(background, tt.id)
			if err != nil {
				t.Fatalf("APIKeys.Get: %v", err)
			}
			if string(k.Status) != tt.wantStatus {
				t.Errorf("status = %s, want %s", k.Status, tt.wantStatus)
			}
		})
	}
}

func TestAPIKeysSurviveUserRemoval(t *testing.T) {
	srv, client := startState(t, consoleSettings(t, "{}"))
	before := srv.Snapshot().APIKeys
	if _, err := client.Organization.Users.Remove(background, "user_02"); err != nil {
		t.Fatalf("Users.Remove: %v", err)
	}
	if diff := cmp.Diff(before, srv.Snapshot().APIKeys); diff != "" {
		t.Errorf("keys changed by the user's removal (-before +after):\n%s", diff)
	}
	p, err := client.Organization.APIKeys.List(background, anthropic.OrganizationAPIKeyListParams{CreatedByUserID: anthropic.String("user_02")})
	if err != nil {
		t.Fatalf("APIKeys.List: %v", err)
	}
	if len(p.Data) != 2 {
		t.Errorf("keys created by the removed user = %d, want 2", len(p.Data))
	}
	if _, err := client.Organization.APIKeys.Update(background, "apikey_01", anthropic.OrganizationAPIKeyUpdateParams{Status: "inactive"}); err != nil {
		t.Errorf("updating a key of the removed user: %v", err)
	}
}
