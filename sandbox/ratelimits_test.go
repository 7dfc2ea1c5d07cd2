package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

// rateLimitView is the comparable part of an organization rate limit.
type rateLimitView struct {
	ID, GroupID, GroupType, DisplayName string
	Limits                              map[string]int64
	Models                              string
}

func TestRateLimitsDefaultSet(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	p, err := client.Organization.RateLimits.List(background, anthropic.OrganizationRateLimitListParams{})
	if err != nil {
		t.Fatalf("RateLimits.List: %v", err)
	}
	var got []rateLimitView
	for _, rl := range p.Data {
		limits := map[string]int64{}
		for _, lv := range rl.Limits {
			limits[lv.Type] = lv.Value
		}
		got = append(got, rateLimitView{rl.ID, rl.Group.ID, rl.Group.Type, rl.Group.DisplayName, limits, rl.JSON.Models.Raw()})
	}
	model := map[string]int64{"requests_per_minute": 4000, "input_tokens_per_minute_cache_aware": 2_000_000, "output_tokens_per_minute": 400_000}
	want := []rateLimitView{
		{"ratelimit_opus4", "rlg_claude_opus_4", "model_group", "Claude Opus 4.x", model,
			`["claude-opus-4-1","claude-opus-4-1-20250805","claude-opus-4-0","claude-opus-4-20250514"]`},
		{"ratelimit_sonnet4", "rlg_claude_sonnet_4", "model_group", "Claude Sonnet 4.x", model,
			`["claude-sonnet-4-5","claude-sonnet-4-5-20250929","claude-sonnet-4-0","claude-sonnet-4-20250514"]`},
		{"ratelimit_haiku4", "rlg_claude_haiku_4", "model_group", "Claude Haiku 4.x", model,
			`["claude-haiku-4-5","claude-haiku-4-5-20251001"]`},
		{"ratelimit_batch", "rlg_batch", "batch", "", map[string]int64{"requests_per_minute": 4000}, "null"},
		{"ratelimit_files", "rlg_files", "files", "", map[string]int64{"requests_per_minute": 1000}, "null"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rate limits (-want +got):\n%s", diff)
	}
	if raw := p.JSON.NextPage.Raw(); raw != "null" {
		t.Errorf("next_page = %s, want null when limit is omitted", raw)
	}
}

func TestRateLimitsStateOverridesDefaults(t *testing.T) {
	st := parseState(t, mergeJSON(t, fixtureJSON, `{"rate_limits": []}`))
	_, client := startState(t, st)
	p, err := client.Organization.RateLimits.List(background, anthropic.OrganizationRateLimitListParams{})
	if err != nil {
		t.Fatalf("RateLimits.List: %v", err)
	}
	if len(p.Data) != 0 {
		t.Errorf("rate limits = %d entries, want none for an empty rate_limits list", len(p.Data))
	}
}

func TestRateLimitFilters(t *testing.T) {
	tests := []struct {
		name   string
		params anthropic.OrganizationRateLimitListParams
		want   []string
	}{
		{"model groups", anthropic.OrganizationRateLimitListParams{GroupType: "model_group"},
			[]string{"ratelimit_opus4", "ratelimit_sonnet4", "ratelimit_haiku4"}},
		{"batch", anthropic.OrganizationRateLimitListParams{GroupType: "batch"}, []string{"ratelimit_batch"}},
		{"skills has none", anthropic.OrganizationRateLimitListParams{GroupType: "skills"}, nil},
		{"model alias", anthropic.OrganizationRateLimitListParams{Model: anthropic.String("claude-haiku-4-5")}, []string{"ratelimit_haiku4"}},
		{"dated model", anthropic.OrganizationRateLimitListParams{Model: anthropic.String("claude-opus-4-20250514")}, []string{"ratelimit_opus4"}},
	}
	_, client := startFixture(t, sandbox.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := client.Organization.RateLimits.List(background, tt.params)
			if err != nil {
				t.Fatalf("RateLimits.List: %v", err)
			}
			var got []string
			for _, rl := range p.Data {
				got = append(got, rl.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}
}

// workspaceLimitView is one limiter value of a workspace rate limit.
type workspaceLimitView struct {
	Type     string
	Value    int64
	OrgLimit string
	Source   string
}

func workspaceLimits(rl anthropic.WorkspaceRateLimit) []workspaceLimitView {
	var views []workspaceLimitView
	for _, lv := range rl.Limits {
		views = append(views, workspaceLimitView{lv.Type, lv.Value, lv.JSON.OrgLimit.Raw(), lv.Source.Type})
	}
	return views
}

func TestWorkspaceRateLimitsList(t *testing.T) {
	_, client := startState(t, consoleSettings(t, "{}"))

	p, err := client.Organization.Workspaces.RateLimits.List(background, "wrkspc_01", anthropic.OrganizationWorkspaceRateLimitListParams{})
	if err != nil {
		t.Fatalf("RateLimits.List: %v", err)
	}
	if len(p.Data) != 1 || p.Data[0].RateLimitID != "ratelimit_sonnet4" || p.Data[0].WorkspaceID != "wrkspc_01" {
		t.Fatalf("overrides only = %+v, want the one sonnet entry of wrkspc_01", p.Data)
	}
	if diff := cmp.Diff([]workspaceLimitView{{"requests_per_minute", 100, "4000", "workspace"}}, workspaceLimits(p.Data[0])); diff != "" {
		t.Errorf("overridden limits (-want +got):\n%s", diff)
	}

	p, err = client.Organization.Workspaces.RateLimits.List(background, "wrkspc_01", anthropic.OrganizationWorkspaceRateLimitListParams{
		IncludeInherited: anthropic.Bool(true), GroupType: "model_group",
	})
	if err != nil {
		t.Fatalf("RateLimits.List with inherited: %v", err)
	}
	if len(p.Data) != 3 {
		t.Fatalf("inherited model groups = %d entries, want 3", len(p.Data))
	}
	want := []workspaceLimitView{
		{"requests_per_minute", 100, "4000", "workspace"},
		{"input_tokens_per_minute_cache_aware", 2_000_000, "2000000", "organization"},
		{"output_tokens_per_minute", 400_000, "400000", "organization"},
	}
	if diff := cmp.Diff(want, workspaceLimits(p.Data[1])); diff != "" {
		t.Errorf("sonnet limits with inherited (-want +got):\n%s", diff)
	}

	p, err = client.Organization.Workspaces.RateLimits.List(background, "wrkspc_03", anthropic.OrganizationWorkspaceRateLimitListParams{})
	if err != nil {
		t.Fatalf("RateLimits.List of a workspace without overrides: %v", err)
	}
	if len(p.Data) != 0 {
		t.Errorf("entries = %d, want none without overrides", len(p.Data))
	}

	_, err = client.Organization.Workspaces.RateLimits.List(background, "wrkspc_99", anthropic.OrganizationWorkspaceRateLimitListParams{})
	if diff := cmp.Diff(apiError{404, "not_found_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("unknown workspace (-want +got):\n%s", diff)
	}
}

func TestWorkspaceRateLimitUpdate(t *testing.T) {
	_, client := startState(t, consoleSettings(t, "{}"))
	update := func(limits ...anthropic.WorkspaceRateLimitUpdateValueParam) *anthropic.WorkspaceRateLimit {
		t.Helper()
		rl, err := client.Organization.Workspaces.RateLimits.Update(background, "ratelimit_sonnet4", anthropic.OrganizationWorkspaceRateLimitUpdateParams{
			WorkspaceID: "wrkspc_01", Limits: limits,
		})
		if err != nil {
			t.Fatalf("RateLimits.Update: %v", err)
		}
		return rl
	}

	// A value above the organization's limit is stored as sent, and a type
	// the organization has no limit of shows a null org_limit.
	rl := update(
		anthropic.WorkspaceRateLimitUpdateValueParam{Type: "output_tokens_per_minute", Value: anthropic.Int(9_000_000)},
		anthropic.WorkspaceRateLimitUpdateValueParam{Type: "tokens_per_day", Value: anthropic.Int(50)},
	)
	want := []workspaceLimitView{
		{"requests_per_minute", 100, "4000", "workspace"},
		{"output_tokens_per_minute", 9_000_000, "400000", "workspace"},
		{"tokens_per_day", 50, "null", "workspace"},
	}
	if diff := cmp.Diff(want, workspaceLimits(*rl)); diff != "" {
		t.Errorf("after setting (-want +got):\n%s", diff)
	}

	// null clears only the named type.
	rl = update(anthropic.WorkspaceRateLimitUpdateValueParam{Type: "requests_per_minute", Value: param.Null[int64]()})
	want = []workspaceLimitView{
		{"output_tokens_per_minute", 9_000_000, "400000", "workspace"},
		{"tokens_per_day", 50, "null", "workspace"},
	}
	if diff := cmp.Diff(want, workspaceLimits(*rl)); diff != "" {
		t.Errorf("after clearing (-want +got):\n%s", diff)
	}

	p, err := client.Organization.Workspaces.RateLimits.List(background, "wrkspc_01", anthropic.OrganizationWorkspaceRateLimitListParams{
		IncludeInherited: anthropic.Bool(true), GroupType: "model_group",
	})
	if err != nil {
		t.Fatalf("RateLimits.List: %v", err)
	}
	want = []workspaceLimitView{
		{"requests_per_minute", 4000, "4000", "organization"},
		{"input_tokens_per_minute_cache_aware", 2_000_000, "2000000", "organization"},
		{"output_tokens_per_minute", 9_000_000, "400000", "workspace"},
		{"tokens_per_day", 50, "null", "workspace"},
	}
	if diff := cmp.Diff(want, workspaceLimits(p.Data[1])); diff != "" {
		t.Errorf("listed with inherited (-want +got):\n%s", diff)
	}

	// Clearing the last overrides drops the entry from the default list.
	update(
		anthropic.WorkspaceRateLimitUpdateValueParam{Type: "output_tokens_per_minute", Value: param.Null[int64]()},
		anthropic.WorkspaceRateLimitUpdateValueParam{Type: "tokens_per_day", Value: param.Null[int64]()},
	)
	p, err = client.Organization.Workspaces.RateLimits.List(background, "wrkspc_01", anthropic.OrganizationWorkspaceRateLimitListParams{})
	if err != nil {
		t.Fatalf("RateLimits.List: %v", err)
	}
	if len(p.Data) != 0 {
		t.Errorf("entries after clearing every override = %d, want none", len(p.Data))
	}
}

func TestWorkspaceRateLimitUpdateRules(t *testing.T) {
	const path = "/v1/organizations/workspaces/wrkspc_01/rate_limits/ratelimit_sonnet4"
	tests := []struct {
		name string
		path string
		body string
		want rawResult
	}{
		{"set", path, `{"limits":[{"type":"requests_per_minute","value":7}]}`, rawResult{Status: 200}},
		{"zero", path, `{"limits":[{"type":"requests_per_minute","value":0}]}`, rawResult{Status: 200}},
		{"unknown type", path, `{"limits":[{"type":"requests_per_hour","value":7}]}`, rawResult{400, "invalid_request_error", ""}},
		{"type missing", path, `{"limits":[{"value":7}]}`, rawResult{400, "invalid_request_error", ""}},
		{"value missing", path, `{"limits":[{"type":"requests_per_minute"}]}`, rawResult{400, "invalid_request_error", ""}},
		{"value a string", path, `{"limits":[{"type":"requests_per_minute","value":"7"}]}`, rawResult{400, "invalid_request_error", ""}},
		{"value fractional", path, `{"limits":[{"type":"requests_per_minute","value":7.5}]}`, rawResult{400, "invalid_request_error", ""}},
		{"value negative", path, `{"limits":[{"type":"requests_per_minute","value":-1}]}`, rawResult{400, "invalid_request_error", ""}},
		{"type twice", path, `{"limits":[{"type":"requests_per_minute","value":7},{"type":"requests_per_minute","value":null}]}`,
			rawResult{400, "invalid_request_error", ""}},
		{"limits empty", path, `{"limits":[]}`, rawResult{400, "invalid_request_error", ""}},
		{"limits missing", path, `{}`, rawResult{400, "invalid_request_error", ""}},
		{"unknown field", path, `{"limits":[{"type":"requests_per_minute","value":7,"unit":"s"}]}`, rawResult{400, "invalid_request_error", ""}},
		{"unknown rate limit", "/v1/organizations/workspaces/wrkspc_01/rate_limits/ratelimit_gpt", `{"limits":[{"type":"requests_per_minute","value":7}]}`,
			rawResult{404, "not_found_error", ""}},
		{"unknown workspace", "/v1/organizations/workspaces/wrkspc_99/rate_limits/ratelimit_sonnet4", `{"limits":[{"type":"requests_per_minute","value":7}]}`,
			rawResult{404, "not_found_error", ""}},
		{"archived workspace", "/v1/organizations/workspaces/wrkspc_02/rate_limits/ratelimit_sonnet4", `{"limits":[{"type":"requests_per_minute","value":7}]}`,
			rawResult{400, "invalid_request_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hs := startServer(t, consoleSettings(t, "{}"), sandbox.Options{})
			before := srv.Snapshot().WorkspaceRateLimits
			res := doRaw(t, hs, http.MethodPost, tt.path, tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			after := srv.Snapshot().WorkspaceRateLimits
			if tt.want.Status != 200 && !cmp.Equal(before, after) {
				t.Errorf("rejected update changed the overrides (-before +after):\n%s", cmp.Diff(before, after))
			}
		})
	}
}
