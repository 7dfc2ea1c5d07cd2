package sandbox_test

import (
	"context"
	"encoding/json"
	"maps"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"

	"github.com/orgsync/orgsync/sandbox"
)

// consoleSettingsJSON adds settings to the Console fixture: API keys (one
// expired on the fixture clock, one archived, one bound to a service
// account), spend limits and one workspace rate-limit override.
const consoleSettingsJSON = `{
  "api_keys": [
    {"id": "apikey_01", "name": "ci", "status": "active", "created_at": "2025-06-01T09:00:00Z",
     "created_by": {"id": "user_02", "type": "user"}, "expires_at": null, "workspace_id": "wrkspc_01"},
    {"id": "apikey_02", "name": "old", "status": "archived", "created_at": "2025-02-01T09:00:00Z",
     "created_by": {"id": "user_01", "type": "user"}, "expires_at": null, "workspace_id": "wrkspc_00"},
    {"id": "apikey_03", "name": "temp", "status": "active", "created_at": "2025-07-01T09:00:00Z",
     "created_by": {"id": "user_02", "type": "user"}, "expires_at": "2026-11-01T09:00:00Z", "workspace_id": "wrkspc_01"},
    {"id": "apikey_04", "name": "bot", "status": "inactive", "created_at": "2025-07-01T09:00:00Z",
     "created_by": null, "expires_at": null,
     "principal": {"type": "service_account_actor", "service_account_id": "svac_01"}}
  ],
  "spend_limits": [
    {"id": "spl_01", "amount": "10000000", "period": "monthly", "scope": {"type": "usage_tier"},
     "created_at": "2024-12-01T09:00:00Z"},
    {"id": "spl_02", "amount": "500000", "period": "monthly", "scope": {"type": "organization"},
     "created_at": "2025-05-01T09:00:00Z"},
    {"id": "spl_03", "amount": "50000", "period": "monthly", "scope": {"type": "workspace", "workspace_id": "wrkspc_01"},
     "created_at": "2025-06-01T09:00:00Z"}
  ],
  "workspace_rate_limits": [
    {"workspace_id": "wrkspc_01", "rate_limit_id": "ratelimit_sonnet4", "limits": {"requests_per_minute": 100}}
  ]
}`

// enterpriseJSON is a Claude Enterprise organization with RBAC groups (one
// granting owner access, one provisioned by SCIM) and spend limits at
// several scopes. The clock is frozen at 2026-12-01T09:00:00Z.
const enterpriseJSON = `{
  "organization": {"id": "9b2d7c1e-5a4f-4e3b-8c6d-2f1a0e9d8c7b", "name": "Globex"},
  "organization_type": "enterprise",
  "now": "2026-12-01T09:00:00Z",
  "next_id": 100,
  "users": [
    {"id": "user_01", "email": "olga@globex.example", "name": "Olga", "role": "primary_owner", "added_at": "2025-01-10T09:00:00Z"},
    {"id": "user_02", "email": "pat@globex.example", "name": "Pat", "role": "user", "added_at": "2025-02-10T09:00:00Z"},
    {"id": "user_03", "email": "quinn@globex.example", "name": "Quinn", "role": "managed", "added_at": "2025-03-10T09:00:00Z"},
    {"id": "user_04", "email": "rae@globex.example", "name": "Rae", "role": "user", "added_at": "2025-04-10T09:00:00Z"}
  ],
  "invites": [],
  "workspaces": [],
  "rbac_groups": [
    {"id": "rbac_group_01", "name": "engineering", "role_ids": ["rbac_role_member"], "created_at": "2025-02-01T09:00:00Z",
     "members": [{"user_id": "user_03", "added_at": "2025-03-11T09:00:00Z"}, {"user_id": "user_02", "added_at": "2025-02-11T09:00:00Z"}]},
    {"id": "rbac_group_02", "name": "owners", "role_ids": ["rbac_role_owner"], "grants_owner_access": true,
     "created_at": "2025-01-10T09:00:00Z", "members": [{"user_id": "user_01", "added_at": "2025-01-10T09:00:00Z"}]},
    {"id": "rbac_group_03", "name": "okta-sales", "source_type": "scim", "created_at": "2025-03-01T09:00:00Z", "members": []}
  ],
  "spend_limits": [
    {"id": "spl_01", "amount": "20000", "period": "monthly", "scope": {"type": "organization"}, "created_at": "2025-01-10T09:00:00Z"},
    {"id": "spl_02", "amount": "50000", "period": "monthly", "scope": {"type": "rbac_group", "rbac_group_id": "rbac_group_01"},
     "created_at": "2025-02-01T09:00:00Z"},
    {"id": "spl_03", "amount": null, "period": "monthly", "scope": {"type": "user", "user_id": "user_03"}, "created_at": "2025-03-01T09:00:00Z"},
    {"id": "spl_04", "amount": "1000", "period": "daily", "scope": {"type": "user", "user_id": "user_02"}, "created_at": "2025-03-01T09:00:00Z"},
    {"id": "spl_05", "amount": "5000", "period": "monthly", "scope": {"type": "seat_tier", "seat_tier": "premium"},
     "created_at": "2025-01-10T09:00:00Z"}
  ]
}`

// mergeJSON returns doc with the top-level fields of extra added or
// replaced.
func mergeJSON(t *testing.T, doc, extra string) []byte {
	t.Helper()
	var base, add map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &base); err != nil {
		t.Fatalf("decoding the base document: %v", err)
	}
	if err := json.Unmarshal([]byte(extra), &add); err != nil {
		t.Fatalf("decoding the added fields: %v", err)
	}
	maps.Copy(base, add)
	data, err := json.Marshal(base)
	if err != nil {
		t.Fatalf("encoding the merged document: %v", err)
	}
	return data
}

// parseState parses a state document, failing the test on an error.
func parseState(t *testing.T, data []byte) *sandbox.State {
	t.Helper()
	st, err := sandbox.ParseState("test.json", data)
	if err != nil {
		t.Fatalf("ParseState = %v", err)
	}
	return st
}

// consoleSettings returns the Console fixture with consoleSettingsJSON and
// the fields of extra, which may be "{}".
func consoleSettings(t *testing.T, extra string) *sandbox.State {
	t.Helper()
	return parseState(t, mergeJSON(t, string(mergeJSON(t, fixtureJSON, consoleSettingsJSON)), extra))
}

// enterprise returns the Enterprise fixture with the fields of extra.
func enterprise(t *testing.T, extra string) *sandbox.State {
	t.Helper()
	return parseState(t, mergeJSON(t, enterpriseJSON, extra))
}

// startState serves st and returns the server and an SDK client for it.
func startState(t *testing.T, st *sandbox.State) (*sandbox.Server, anthropic.Client) {
	t.Helper()
	srv, hs := startServer(t, st, sandbox.Options{})
	return srv, newClient(hs, testKey)
}

// cursorItems returns a cursor page and its items, so that both are
// checked by checkDecoded.
func cursorItems[T any](p *pagination.PageCursor[T], err error) ([]any, error) {
	if err != nil {
		return nil, err
	}
	objects := []any{p}
	for i := range p.Data {
		objects = append(objects, &p.Data[i])
	}
	return objects, nil
}

// collectCursor walks a cursor list with the SDK's auto-pager.
func collectCursor[T any](pager *pagination.PageCursorAutoPager[T], idOf func(T) string) ([]string, error) {
	var ids []string
	for pager.Next() {
		ids = append(ids, idOf(pager.Current()))
	}
	return ids, pager.Err()
}

// optLimit returns the SDK limit parameter, omitted for 0.
func optLimit(limit int64) param.Opt[int64] {
	if limit == 0 {
		return param.Opt[int64]{}
	}
	return anthropic.Int(limit)
}

var background = context.Background()
