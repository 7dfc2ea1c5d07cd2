package sandbox_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

func TestParseStateSettingsValidation(t *testing.T) {
	tests := []struct {
		name     string
		doc      func(t *testing.T) []byte
		wantText string
	}{
		{"unknown organization type", consoleDoc(`{"organization_type": "team"}`), `organization_type "team"`},
		{"Console role in Enterprise", enterpriseDoc(`{"users": [{"id": "user_01", "email": "a@b.example", "name": "A", "role": "developer", "added_at": "2025-01-01T00:00:00Z"}], "rbac_groups": [], "spend_limits": []}`),
			"does not exist in a Claude Enterprise organization"},
		{"groups in Console", consoleDoc(`{"rbac_groups": [{"id": "rbac_group_01", "name": "x", "created_at": "2025-01-01T00:00:00Z", "members": []}]}`),
			"exist only in a Claude Enterprise organization"},
		{"override of an unknown entry", consoleDoc(`{"workspace_rate_limits": [{"workspace_id": "wrkspc_01", "rate_limit_id": "ratelimit_x", "limits": {}}]}`),
			`rate limit "ratelimit_x" not found`},
		{"override of an unknown type", consoleDoc(`{"workspace_rate_limits": [{"workspace_id": "wrkspc_01", "rate_limit_id": "ratelimit_batch", "limits": {"requests_per_hour": 1}}]}`),
			"limit requests_per_hour"},
		{"model group without models", consoleDoc(`{"rate_limits": [{"id": "rl_1", "group": {"id": "rlg_x", "type": "model_group", "display_name": "X"}, "limits": []}]}`),
			"needs group.display_name and models"},
		{"spend scope of another organization type", consoleDoc(`{"spend_limits": [{"id": "spl_01", "amount": "1", "period": "monthly", "scope": {"type": "user", "user_id": "user_02"}, "created_at": "2025-01-01T00:00:00Z"}]}`),
			`scope type "user" does not exist in a console organization`},
		{"spend limit twice", consoleDoc(`{"spend_limits": [
			{"id": "spl_01", "amount": "1", "period": "monthly", "scope": {"type": "organization"}, "created_at": "2025-01-01T00:00:00Z"},
			{"id": "spl_02", "amount": "2", "period": "monthly", "scope": {"type": "organization"}, "created_at": "2025-01-01T00:00:00Z"}]}`),
			"already has this scope and period"},
		{"spend amount not a number", consoleDoc(`{"spend_limits": [{"id": "spl_01", "amount": "ten", "period": "monthly", "scope": {"type": "organization"}, "created_at": "2025-01-01T00:00:00Z"}]}`),
			`amount "ten"`},
		{"compliance state", consoleDoc(`{"compliance_state": "on"}`), `compliance_state "on"`},
		{"API key status", consoleDoc(`{"api_keys": [{"id": "apikey_01", "name": "k", "status": "revoked", "created_at": "2025-01-01T00:00:00Z", "created_by": null, "expires_at": null, "workspace_id": "wrkspc_01"}]}`),
			`status "revoked"`},
		{"API key without workspace or principal", consoleDoc(`{"api_keys": [{"id": "apikey_01", "name": "k", "status": "active", "created_at": "2025-01-01T00:00:00Z", "created_by": null, "expires_at": null}]}`),
			"needs a workspace_id"},
		{"API key ID used twice", consoleDoc(`{"api_keys": [{"id": "user_01", "name": "k", "status": "active", "created_at": "2025-01-01T00:00:00Z", "created_by": null, "expires_at": null, "workspace_id": "wrkspc_01"}]}`),
			`id "user_01" is already used`},
		{"group member not a user", enterpriseDoc(`{"rbac_groups": [{"id": "rbac_group_01", "name": "x", "created_at": "2025-01-01T00:00:00Z", "members": [{"user_id": "user_99", "added_at": "2025-01-01T00:00:00Z"}]}], "spend_limits": []}`),
			`member "user_99"`},
		{"group role unknown", enterpriseDoc(`{"rbac_groups": [{"id": "rbac_group_01", "name": "x", "role_ids": ["rbac_role_x"], "created_at": "2025-01-01T00:00:00Z", "members": []}], "spend_limits": []}`),
			`role "rbac_role_x" not found`},
		{"invite of an unknown group", enterpriseDoc(`{"invites": [{"id": "invite_01", "email": "s@globex.example", "role": "user", "status": "pending", "invited_at": "2026-11-30T09:00:00Z", "accepted_at": null, "rbac_group_ids": ["rbac_group_99"]}]}`),
			`RBAC group "rbac_group_99" not found`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sandbox.ParseState("edited.json", tt.doc(t))
			if err == nil {
				t.Fatal("ParseState succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q, want it to contain %q", err, tt.wantText)
			}
		})
	}
}

func consoleDoc(extra string) func(t *testing.T) []byte {
	return func(t *testing.T) []byte { return mergeJSON(t, fixtureJSON, extra) }
}

func enterpriseDoc(extra string) func(t *testing.T) []byte {
	return func(t *testing.T) []byte { return mergeJSON(t, enterpriseJSON, extra) }
}

func TestSettingsSaveLoadRoundTrip(t *testing.T) {
	for name, st := range map[string]*sandbox.State{"console": consoleSettings(t, `{"compliance_state": "enabled"}`), "enterprise": enterprise(t, "{}")} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			if err := st.Save(path); err != nil {
				t.Fatalf("Save: %v", err)
			}
			loaded, err := sandbox.LoadState(path)
			if err != nil {
				t.Fatalf("LoadState: %v", err)
			}
			if diff := cmp.Diff(st, loaded); diff != "" {
				t.Errorf("loaded state (-saved +loaded):\n%s", diff)
			}
		})
	}
}

// TestSettingsWritesPersist checks that settings writes reach the state
// file, so a restarted sandbox serves them.
func TestSettingsWritesPersist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv, hs := startServer(t, consoleSettings(t, "{}"), sandbox.Options{StatePath: path})
	for _, req := range []struct{ path, body string }{
		{"/v1/organizations/compliance_settings", `{"state":"enabled"}`},
		{"/v1/organizations/api_keys/apikey_01", `{"status":"archived"}`},
		{"/v1/organizations/workspaces/wrkspc_03/rate_limits/ratelimit_batch", `{"limits":[{"type":"requests_per_minute","value":5}]}`},
	} {
		if res := doRaw(t, hs, http.MethodPost, req.path, req.body, authHeader); res.Status != 200 {
			t.Fatalf("POST %s = %d: %s", req.path, res.Status, res.Body)
		}
	}
	loaded, err := sandbox.LoadState(path)
	if err != nil {
		t.Fatalf("LoadState: %v", err)
	}
	if diff := cmp.Diff(srv.Snapshot(), loaded); diff != "" {
		t.Errorf("saved state (-served +saved):\n%s", diff)
	}
}

func TestWorkspaceUpdateSettingsRules(t *testing.T) {
	tests := []struct {
		name string
		body string
		want rawResult
	}{
		{"tags replaced", `{"tags":{"team":"infra","cost_center":"42"}}`, rawResult{Status: 200}},
		{"reserved tag key", `{"tags":{"Anthropic-owner":"x"}}`, rawResult{400, "invalid_request_error", ""}},
		{"default geo within allowed", `{"data_residency":{"allowed_inference_geos":["us","global"],"default_inference_geo":"global"}}`, rawResult{Status: 200}},
		{"default geo outside allowed", `{"data_residency":{"default_inference_geo":"global"}}`, rawResult{400, "invalid_request_error", ""}},
		{"unrestricted allows any default", `{"data_residency":{"allowed_inference_geos":"unrestricted","default_inference_geo":"global"}}`, rawResult{Status: 200}},
		{"workspace geo changed", `{"data_residency":{"workspace_geo":"eu"}}`, rawResult{400, "invalid_request_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hs := startServer(t, fixture(t), sandbox.Options{})
			before := findWorkspace(srv.Snapshot(), "wrkspc_03")
			res := doRaw(t, hs, http.MethodPost, "/v1/organizations/workspaces/wrkspc_03", tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			after := findWorkspace(srv.Snapshot(), "wrkspc_03")
			if tt.want.Status != 200 && !cmp.Equal(before, after) {
				t.Errorf("rejected update changed the workspace (-before +after):\n%s", cmp.Diff(before, after))
			}
		})
	}
}
