package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSettings(t *testing.T) {
	input := yamlLines(
		"version: 1",
		"defaults:",
		"  rate_limits:",
		"    - group: Claude Sonnet 4.x",
		"      limits: {requests_per_minute: 1000, output_tokens_per_minute: 80000}",
		"spend_limits:",
		"  organization: 5000.00 USD",
		"  people:",
		"    - email: ann@example.com",
		"      amount: 100 USD",
		"compliance_api: enabled",
		"api_keys:",
		"  orphaned: deactivate",
		"  keys:",
		"    - id: apikey_01",
		"      status: archived",
		"rbac_groups:",
		"  - name: engineers",
		"    id: rbac_group_01",
		"    members: [ann@example.com]",
		"users:",
		"  - email: ann@example.com",
		"    role: developer",
		"workspaces:",
		"  - name: research",
		"    tags: {team: research, cost_center: \"42\"}",
		"    data_residency:",
		"      workspace_geo: us",
		"      allowed_inference_geos: [us]",
		"      default_inference_geo: us",
		"    rate_limits:",
		"      - group: rlg_01",
		"        limits: {tokens_per_day: 5000000}",
		"    spend_limit: 250.50 USD",
	)
	got, err := Parse("org.yaml", []byte(input))
	if err != nil {
		t.Fatal(err)
	}
	pos := func(line, col int) Position { return Position{File: "org.yaml", Line: line, Column: col} }
	want := Settings{
		Defaults: Defaults{RateLimits: []RateLimit{{Group: "Claude Sonnet 4.x", Pos: pos(4, 7),
			Limits: []LimitValue{{"requests_per_minute", 1000}, {"output_tokens_per_minute", 80000}}}}},
		SpendLimits: SpendLimits{
			Organization: &Money{Minor: 500000, Currency: "USD", Pos: pos(7, 17)},
			People:       []PersonSpend{{Email: "ann@example.com", Amount: Money{Minor: 10000, Currency: "USD", Pos: pos(10, 15)}, Period: "monthly", Pos: pos(9, 7)}},
		},
		Compliance:         "enabled",
		APIKeys:            APIKeyPolicy{Orphaned: "deactivate", Keys: []APIKeyStatus{{ID: "apikey_01", Status: "archived", Pos: pos(15, 7)}}},
		RBACGroups:         []RBACGroup{{Name: "engineers", ID: "rbac_group_01", Members: []string{"ann@example.com"}, Pos: pos(18, 5)}},
		RBACGroupsDeclared: true,
	}
	if diff := cmp.Diff(want, got.Settings); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	wantWorkspace := WorkspaceSettings{
		Tags:          map[string]string{"team": "research", "cost_center": "42"},
		DataResidency: &DataResidency{WorkspaceGeo: "us", AllowedInferenceGeos: []string{"us"}, DefaultInferenceGeo: "us", Pos: pos(28, 7)},
		RateLimits:    []RateLimit{{Group: "rlg_01", Limits: []LimitValue{{"tokens_per_day", 5000000}}, Pos: pos(32, 9)}},
		SpendLimit:    &Money{Minor: 25050, Currency: "USD", Pos: pos(34, 18)},
	}
	if diff := cmp.Diff(wantWorkspace, got.Workspaces[0].Settings); diff != "" {
		t.Errorf("workspace settings (-want +got):\n%s", diff)
	}
}

func TestParseSettingsErrors(t *testing.T) {
	tests := []struct {
		name, reason, input, want string
	}{
		{"ip ranges", "no endpoint sets allowed IP ranges",
			yamlLines("version: 1", "allowed_ip_ranges: [10.0.0.0/8]"),
			"org.yaml:2:1: allowed_ip_ranges is not supported: allowed IP ranges cannot be set through the Admin API; an admin sets them in the Console or claude.ai organization settings"},
		{"organization rate limits", "the organization's own limits come from its tier",
			yamlLines("version: 1", "rate_limits: []"),
			"org.yaml:2:1: rate_limits is not supported: the organization's own rate limits come from its usage tier and cannot be set through the Admin API; set per-workspace limits with defaults.rate_limits or a workspace's rate_limits instead"},
		{"plan", "no endpoint changes the plan",
			yamlLines("version: 1", "plan: enterprise"),
			"org.yaml:2:1: plan is not supported: the organization's plan cannot be changed through the Admin API; change it in the Console billing settings or with the account team"},
		{"organization rename", "organization.name only checks which organization the key belongs to",
			yamlLines("version: 1", "organization:", "  name: Acme", "  rename: Acme Corp"),
			"org.yaml:4:3: rename is not supported: the organization's name cannot be changed through the Admin API; rename it in the Console (organization.name only checks which organization the key belongs to)"},
		{"bad money", "money has a currency",
			yamlLines("version: 1", "spend_limits:", "  organization: 500"),
			`org.yaml:3:17: spend_limits.organization must be a string, but 500 reads as YAML int; quote it`},
		{"money without currency", "money has a currency",
			yamlLines("version: 1", "spend_limits:", "  organization: \"500.00\""),
			`org.yaml:3:17: spend_limits.organization "500.00" is not an amount; write it as money, such as "500.00 USD"`},
		{"unknown limit type", "limit types come from the API",
			yamlLines("version: 1", "defaults:", "  rate_limits:", "    - group: rlg_1", "      limits: {rpm: 5}"),
			"org.yaml:5:16: unknown limit type \"rpm\"; known types are fast_itpmca, fast_otpm, input_tokens_per_minute, input_tokens_per_minute_cache_aware, output_tokens_per_minute, requests_per_minute, tokens_per_day, tokens_per_minute, tool_uses_per_second"},
		{"reserved tag", "tag names may not begin with anthropic",
			yamlLines("version: 1", "workspaces:", "  - name: a", "    tags: {anthropic_x: y}"),
			`org.yaml:4:12: tag "anthropic_x" is reserved: tag names may not begin with "anthropic"`},
		{"default geo outside allowed", "the default must be allowed",
			yamlLines("version: 1", "workspaces:", "  - name: a", "    data_residency:", "      allowed_inference_geos: [us]", "      default_inference_geo: global"),
			`org.yaml:6:30: default_inference_geo "global" must be one of allowed_inference_geos (us)`},
		{"group member undeclared", "group members are declared people",
			yamlLines("version: 1", "rbac_groups:", "  - name: eng", "    members: [x@example.com]"),
			`org.yaml:3:5: RBAC group "eng" lists x@example.com, who is not declared in users`},
		{"compliance value", "compliance is a switch",
			yamlLines("version: 1", "compliance_api: on"),
			`org.yaml:2:17: compliance_api must be enabled or disabled, not "on"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("org.yaml", []byte(tt.input))
			if err == nil {
				t.Fatalf("Parse succeeded; %s", tt.reason)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse error:\n got %s\nwant %s\n(%s)", err, tt.want, tt.reason)
			}
		})
	}
}
