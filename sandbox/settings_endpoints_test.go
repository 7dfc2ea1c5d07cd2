package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

// TestSettingsEndpointsDecode calls every settings endpoint through the SDK
// and checks that each response decodes with every field the SDK expects
// and none it does not know.
func TestSettingsEndpointsDecode(t *testing.T) {
	writesOn := `{"spend_limit_writes_enabled": true}`
	tests := []struct {
		name string
		st   func(t *testing.T) *sandbox.State
		call func(c anthropic.Client) ([]any, error)
	}{
		{"rate limit list", nil, func(c anthropic.Client) ([]any, error) {
			return cursorItems(c.Organization.RateLimits.List(background, anthropic.OrganizationRateLimitListParams{}))
		}},
		{"workspace rate limit list", nil, func(c anthropic.Client) ([]any, error) {
			return cursorItems(c.Organization.Workspaces.RateLimits.List(background, "wrkspc_01",
				anthropic.OrganizationWorkspaceRateLimitListParams{IncludeInherited: anthropic.Bool(true)}))
		}},
		{"workspace rate limit update", nil, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.Workspaces.RateLimits.Update(background, "ratelimit_batch", anthropic.OrganizationWorkspaceRateLimitUpdateParams{
				WorkspaceID: "wrkspc_01",
				Limits:      []anthropic.WorkspaceRateLimitUpdateValueParam{{Type: "tool_uses_per_second", Value: anthropic.Int(5)}},
			})
			return []any{r}, err
		}},
		{"spend limit list", nil, func(c anthropic.Client) ([]any, error) {
			return cursorItems(c.Beta.Organization.SpendLimits.List(background, anthropic.BetaOrganizationSpendLimitListParams{}))
		}},
		{"spend limit get", func(t *testing.T) *sandbox.State { return consoleSettings(t, writesOn) }, func(c anthropic.Client) ([]any, error) {
			r, err := c.Beta.Organization.SpendLimits.Get(background, "spl_03")
			return []any{r}, err
		}},
		{"spend limit set", func(t *testing.T) *sandbox.State { return consoleSettings(t, writesOn) }, func(c anthropic.Client) ([]any, error) {
			r, err := c.Beta.Organization.SpendLimits.Set(background, anthropic.BetaOrganizationSpendLimitSetParams{
				Amount: anthropic.String("1000"),
				Scope:  anthropic.BetaOrganizationSpendLimitSetParamsScopeUnion{OfWorkspace: &anthropic.BetaSpendLimitWorkspaceScopeParam{WorkspaceID: "wrkspc_03"}},
			})
			return []any{r}, err
		}},
		{"spend limit delete", func(t *testing.T) *sandbox.State { return consoleSettings(t, writesOn) }, func(c anthropic.Client) ([]any, error) {
			r, err := c.Beta.Organization.SpendLimits.Delete(background, "spl_03")
			return []any{r}, err
		}},
		{"effective spend limit list", func(t *testing.T) *sandbox.State { return enterprise(t, "{}") }, func(c anthropic.Client) ([]any, error) {
			return cursorItems(c.Organization.SpendLimits.Effective.List(background, anthropic.OrganizationSpendLimitEffectiveListParams{}))
		}},
		{"beta effective spend limit list", func(t *testing.T) *sandbox.State { return enterprise(t, "{}") }, func(c anthropic.Client) ([]any, error) {
			return cursorItems(c.Beta.Organization.SpendLimits.Effective.List(background, anthropic.BetaOrganizationSpendLimitEffectiveListParams{}))
		}},
		{"compliance settings get", nil, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.ComplianceSettings.Get(background)
			return []any{r}, err
		}},
		{"compliance settings update", nil, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.ComplianceSettings.Update(background, anthropic.OrganizationComplianceSettingUpdateParams{
				State: anthropic.ComplianceSettingsStateParamUnion{OfEnabled: &anthropic.ComplianceSettingsStateEnabledParam{}},
			})
			return []any{r}, err
		}},
		{"API key list", nil, func(c anthropic.Client) ([]any, error) {
			// checkDecoded cannot look inside a null created_by, so the
			// list is filtered to the key that has a creator.
			return pageItems(c.Organization.APIKeys.List(background, anthropic.OrganizationAPIKeyListParams{Status: "active"}))
		}},
		{"API key get", nil, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.APIKeys.Get(background, "apikey_01")
			return []any{r}, err
		}},
		{"API key update", nil, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.APIKeys.Update(background, "apikey_01", anthropic.OrganizationAPIKeyUpdateParams{Name: anthropic.String("ci-2")})
			return []any{r}, err
		}},
		{"RBAC group list", enterpriseState, func(c anthropic.Client) ([]any, error) {
			return cursorItems(c.Organization.RBACGroups.List(background, anthropic.OrganizationRBACGroupListParams{}))
		}},
		{"RBAC group create", enterpriseState, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.RBACGroups.New(background, anthropic.OrganizationRBACGroupNewParams{Name: "design"})
			return []any{r}, err
		}},
		{"RBAC group get", enterpriseState, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.RBACGroups.Get(background, "rbac_group_01")
			return []any{r}, err
		}},
		{"RBAC group update", enterpriseState, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.RBACGroups.Update(background, "rbac_group_01", anthropic.OrganizationRBACGroupUpdateParams{Name: anthropic.String("eng")})
			return []any{r}, err
		}},
		{"RBAC group delete", enterpriseState, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.RBACGroups.Delete(background, "rbac_group_01")
			return []any{r}, err
		}},
		{"RBAC group member list", enterpriseState, func(c anthropic.Client) ([]any, error) {
			return cursorItems(c.Organization.RBACGroups.Members.List(background, "rbac_group_01", anthropic.OrganizationRBACGroupMemberListParams{}))
		}},
		{"RBAC group member add", enterpriseState, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.RBACGroups.Members.Add(background, "rbac_group_01", anthropic.OrganizationRBACGroupMemberAddParams{UserID: "user_04"})
			return []any{r}, err
		}},
		{"RBAC group member remove", enterpriseState, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.RBACGroups.Members.Remove(background, "user_02", anthropic.OrganizationRBACGroupMemberRemoveParams{RBACGroupID: "rbac_group_01"})
			return []any{r}, err
		}},
		{"RBAC role list", enterpriseState, func(c anthropic.Client) ([]any, error) {
			return cursorItems(c.Organization.RBACRoles.List(background, anthropic.OrganizationRBACRoleListParams{}))
		}},
		{"RBAC role get", enterpriseState, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.RBACRoles.Get(background, "rbac_role_owner")
			return []any{r}, err
		}},
		{"invite create with groups", enterpriseState, func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.Invites.New(background, anthropic.OrganizationInviteNewParams{
				Email: "sam@globex.example", Role: "user", RBACGroupIDs: []string{"rbac_group_01"},
			})
			return []any{r}, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := consoleSettings(t, "{}")
			if tt.st != nil {
				st = tt.st(t)
			}
			_, client := startState(t, st)
			objects, err := tt.call(client)
			if err != nil {
				t.Fatalf("request failed: %v", err)
			}
			if len(objects) == 0 {
				t.Fatal("response holds no objects")
			}
			for _, obj := range objects {
				checkDecoded(t, tt.name, obj)
			}
		})
	}
}

func enterpriseState(t *testing.T) *sandbox.State { return enterprise(t, "{}") }

// cursorLister walks one cursor list with the SDK's auto-pager.
type cursorLister func(c anthropic.Client, limit int64) ([]string, error)

// TestCursorPaginationWalksEveryItemOnce walks every cursor list at page
// limits 1, 2 and 1000 and with the limit omitted, and checks that each
// walk returns every item once, in order, in the fewest requests.
func TestCursorPaginationWalksEveryItemOnce(t *testing.T) {
	tests := []struct {
		name string
		st   func(t *testing.T) *sandbox.State
		list cursorLister
		want []string
		// defaultLimit is the page size when limit is omitted, 0 for all.
		defaultLimit int64
	}{
		{"rate limits", nil, func(c anthropic.Client, limit int64) ([]string, error) {
			return collectCursor(c.Organization.RateLimits.ListAutoPaging(background, anthropic.OrganizationRateLimitListParams{Limit: optLimit(limit)}),
				func(rl anthropic.OrganizationRateLimit) string { return rl.ID })
		}, []string{"ratelimit_opus4", "ratelimit_sonnet4", "ratelimit_haiku4", "ratelimit_batch", "ratelimit_files"}, 0},
		{"workspace rate limits", nil, func(c anthropic.Client, limit int64) ([]string, error) {
			return collectCursor(c.Organization.Workspaces.RateLimits.ListAutoPaging(background, "wrkspc_01",
				anthropic.OrganizationWorkspaceRateLimitListParams{Limit: optLimit(limit), IncludeInherited: anthropic.Bool(true)}),
				func(rl anthropic.WorkspaceRateLimit) string { return rl.RateLimitID })
		}, []string{"ratelimit_opus4", "ratelimit_sonnet4", "ratelimit_haiku4", "ratelimit_batch", "ratelimit_files"}, 0},
		{"spend limits", nil, func(c anthropic.Client, limit int64) ([]string, error) {
			return collectCursor(c.Beta.Organization.SpendLimits.ListAutoPaging(background, anthropic.BetaOrganizationSpendLimitListParams{Limit: optLimit(limit)}),
				func(sl anthropic.BetaSpendLimit) string { return sl.ID })
		}, []string{"spl_03", "spl_02", "spl_01"}, 20},
		{"effective spend limits", enterpriseState, func(c anthropic.Client, limit int64) ([]string, error) {
			return collectCursor(c.Organization.SpendLimits.Effective.ListAutoPaging(background, anthropic.OrganizationSpendLimitEffectiveListParams{Limit: optLimit(limit)}),
				func(s anthropic.SpendSummary) string { return s.Actor.UserID + "/" + string(s.Period) })
		}, []string{"user_01/monthly", "user_02/daily", "user_02/monthly", "user_03/monthly", "user_04/monthly"}, 20},
		{"RBAC groups", enterpriseState, func(c anthropic.Client, limit int64) ([]string, error) {
			return collectCursor(c.Organization.RBACGroups.ListAutoPaging(background, anthropic.OrganizationRBACGroupListParams{Limit: optLimit(limit)}),
				func(g anthropic.RBACGroup) string { return g.ID })
		}, []string{"rbac_group_02", "rbac_group_01", "rbac_group_03"}, 20},
		{"RBAC group members", enterpriseState, func(c anthropic.Client, limit int64) ([]string, error) {
			return collectCursor(c.Organization.RBACGroups.Members.ListAutoPaging(background, "rbac_group_01", anthropic.OrganizationRBACGroupMemberListParams{Limit: optLimit(limit)}),
				func(m anthropic.RBACGroupMember) string { return m.UserID })
		}, []string{"user_02", "user_03"}, 20},
		{"RBAC roles", enterpriseState, func(c anthropic.Client, limit int64) ([]string, error) {
			return collectCursor(c.Organization.RBACRoles.ListAutoPaging(background, anthropic.OrganizationRBACRoleListParams{Limit: optLimit(limit)}),
				func(r anthropic.RBACRole) string { return r.ID })
		}, []string{"rbac_role_owner", "rbac_role_admin", "rbac_role_member"}, 20},
	}
	for _, tt := range tests {
		for _, limit := range []int64{1, 2, 1000, 0} {
			t.Run(tt.name+"/limit "+itoa(limit), func(t *testing.T) {
				st := consoleSettings(t, "{}")
				if tt.st != nil {
					st = tt.st(t)
				}
				srv, client := startState(t, st)
				got, err := tt.list(client, limit)
				if err != nil {
					t.Fatalf("walking the list: %v", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("IDs (-want +got):\n%s", diff)
				}
				pageSize := limit
				if pageSize == 0 {
					pageSize = tt.defaultLimit
				}
				wantPages := int64(1)
				if pageSize > 0 {
					wantPages = max(1, (pageUnits(tt.name, tt.want)+pageSize-1)/pageSize)
				}
				if got := int64(len(srv.Requests())); got != wantPages {
					t.Errorf("requests = %d, want %d", got, wantPages)
				}
			})
		}
	}
}

// pageUnits returns how many units a page limit counts in want: members
// for the effective report, whose rows of one member share a page, and
// items for every other list.
func pageUnits(list string, want []string) int64 {
	if list != "effective spend limits" {
		return int64(len(want))
	}
	members := map[string]bool{}
	for _, id := range want {
		members[id[:len("user_00")]] = true
	}
	return int64(len(members))
}

func TestCursorPageParameterErrors(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  rawResult
	}{
		{"limit zero", "?limit=0", rawResult{400, "invalid_request_error", ""}},
		{"limit above 1000", "?limit=1001", rawResult{400, "invalid_request_error", ""}},
		{"limit not a number", "?limit=ten", rawResult{400, "invalid_request_error", ""}},
		{"page not a cursor", "?page=abc", rawResult{400, "invalid_request_error", ""}},
		{"page of an unknown item", "?page=page_eHl6", rawResult{400, "invalid_request_error", ""}},
		{"group type invalid", "?group_type=models", rawResult{400, "invalid_request_error", ""}},
		{"model unknown", "?model=claude-2", rawResult{404, "not_found_error", ""}},
		{"model known", "?model=claude-sonnet-4-5", rawResult{Status: 200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, hs := startServer(t, consoleSettings(t, "{}"), sandbox.Options{})
			res := doRaw(t, hs, http.MethodGet, "/v1/organizations/rate_limits"+tt.query, "", authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
		})
	}
}

// TestCursorShortPages checks that Options.MaxPageItems shortens cursor
// pages, even when limit is omitted, and that the walk still ends.
func TestCursorShortPages(t *testing.T) {
	srv, hs := startServer(t, consoleSettings(t, "{}"), sandbox.Options{MaxPageItems: 2})
	client := newClient(hs, testKey)
	got, err := collectCursor(client.Organization.RateLimits.ListAutoPaging(background, anthropic.OrganizationRateLimitListParams{}),
		func(rl anthropic.OrganizationRateLimit) string { return rl.ID })
	if err != nil {
		t.Fatalf("walking the list: %v", err)
	}
	if len(got) != 5 {
		t.Errorf("IDs = %v, want 5", got)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
}
