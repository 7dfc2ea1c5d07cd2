package sandbox_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

// spendLimitView is the comparable part of a spend limit.
type spendLimitView struct {
	ID, Amount, Period, Scope string
	Enabled                   bool
}

func viewSpendLimit(sl anthropic.BetaSpendLimit) spendLimitView {
	return spendLimitView{sl.ID, sl.JSON.Amount.Raw(), string(sl.Period), sl.JSON.Scope.Raw(), sl.IsEnabled}
}

func listSpendLimitIDs(t *testing.T, client anthropic.Client, params anthropic.BetaOrganizationSpendLimitListParams) []string {
	t.Helper()
	p, err := client.Beta.Organization.SpendLimits.List(background, params)
	if err != nil {
		t.Fatalf("SpendLimits.List: %v", err)
	}
	var ids []string
	for _, sl := range p.Data {
		ids = append(ids, sl.ID)
	}
	return ids
}

func TestSpendLimitListConsole(t *testing.T) {
	_, client := startState(t, consoleSettings(t, "{}"))
	tests := []struct {
		name   string
		params anthropic.BetaOrganizationSpendLimitListParams
		want   []string
	}{
		{"newest first", anthropic.BetaOrganizationSpendLimitListParams{}, []string{"spl_03", "spl_02", "spl_01"}},
		{"scope types", anthropic.BetaOrganizationSpendLimitListParams{ScopeType: []string{"usage_tier", "organization"}}, []string{"spl_02", "spl_01"}},
		{"workspace", anthropic.BetaOrganizationSpendLimitListParams{WorkspaceID: anthropic.String("wrkspc_01")}, []string{"spl_03"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, listSpendLimitIDs(t, client, tt.params)); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}

	_, err := client.Beta.Organization.SpendLimits.List(background, anthropic.BetaOrganizationSpendLimitListParams{ScopeType: []string{"user"}})
	if diff := cmp.Diff(apiError{400, "invalid_request_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("user scope type in a Console organization (-want +got):\n%s", diff)
	}
}

func TestSpendLimitListEnterprise(t *testing.T) {
	_, client := startState(t, enterprise(t, "{}"))
	got := listSpendLimitIDs(t, client, anthropic.BetaOrganizationSpendLimitListParams{})
	// Grouped by scope type: organization, seat_tier, rbac_group, user.
	if diff := cmp.Diff([]string{"spl_01", "spl_05", "spl_02", "spl_03", "spl_04"}, got); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	for _, params := range []anthropic.BetaOrganizationSpendLimitListParams{
		{WorkspaceID: anthropic.String("wrkspc_01")},
		{ScopeType: []string{"workspace"}},
	} {
		_, err := client.Beta.Organization.SpendLimits.List(background, params)
		if diff := cmp.Diff(apiError{400, "invalid_request_error", ""}, asAPIError(t, err)); diff != "" {
			t.Errorf("Console-only filter %+v (-want +got):\n%s", params, diff)
		}
	}
}

// TestSpendLimitWritesGate checks that a Console organization without the
// early access preview gets 403 on get, set and delete, and may list.
func TestSpendLimitWritesGate(t *testing.T) {
	srv, client := startState(t, consoleSettings(t, "{}"))
	want := apiError{403, "permission_error", "spend_limits_admin_api_writes_not_enabled"}

	_, err := client.Beta.Organization.SpendLimits.Get(background, "spl_02")
	if diff := cmp.Diff(want, asAPIError(t, err)); diff != "" {
		t.Errorf("get (-want +got):\n%s", diff)
	}
	_, err = client.Beta.Organization.SpendLimits.Set(background, anthropic.BetaOrganizationSpendLimitSetParams{
		Amount: anthropic.String("1"),
		Scope:  anthropic.BetaOrganizationSpendLimitSetParamsScopeUnion{OfOrganization: &anthropic.BetaSpendLimitOrganizationScopeParam{}},
	})
	if diff := cmp.Diff(want, asAPIError(t, err)); diff != "" {
		t.Errorf("set (-want +got):\n%s", diff)
	}
	_, err = client.Beta.Organization.SpendLimits.Delete(background, "spl_02")
	if diff := cmp.Diff(want, asAPIError(t, err)); diff != "" {
		t.Errorf("delete (-want +got):\n%s", diff)
	}
	if got := len(srv.Snapshot().SpendLimits); got != 3 {
		t.Errorf("spend limits = %d, want the 3 of the fixture", got)
	}
	if got := listSpendLimitIDs(t, client, anthropic.BetaOrganizationSpendLimitListParams{}); len(got) != 3 {
		t.Errorf("list = %v, want 3 limits", got)
	}

	// The flag also closes an Enterprise organization.
	_, client = startState(t, enterprise(t, `{"spend_limit_writes_enabled": false}`))
	_, err = client.Beta.Organization.SpendLimits.Get(background, "spl_01")
	if diff := cmp.Diff(want, asAPIError(t, err)); diff != "" {
		t.Errorf("Enterprise get with the flag off (-want +got):\n%s", diff)
	}
}

func TestSpendLimitSetConsole(t *testing.T) {
	srv, client := startState(t, consoleSettings(t, `{"spend_limit_writes_enabled": true}`))
	srv.AdvanceClock(time.Hour)
	later := fixtureNow.Add(time.Hour)
	orgScope := anthropic.BetaOrganizationSpendLimitSetParamsScopeUnion{OfOrganization: &anthropic.BetaSpendLimitOrganizationScopeParam{}}

	// Setting the organization's monthly limit again overwrites it in place.
	sl, err := client.Beta.Organization.SpendLimits.Set(background, anthropic.BetaOrganizationSpendLimitSetParams{Amount: anthropic.String("750000"), Scope: orgScope})
	if err != nil {
		t.Fatalf("SpendLimits.Set: %v", err)
	}
	if diff := cmp.Diff(spendLimitView{"spl_02", `"750000"`, "monthly", `{"type":"organization"}`, true}, viewSpendLimit(*sl)); diff != "" {
		t.Errorf("upserted limit (-want +got):\n%s", diff)
	}
	if !sl.UpdatedAt.Equal(later) || sl.CreatedAt.Equal(later) {
		t.Errorf("created_at %v updated_at %v, want only updated_at moved to %v", sl.CreatedAt, sl.UpdatedAt, later)
	}

	sl, err = client.Beta.Organization.SpendLimits.Set(background, anthropic.BetaOrganizationSpendLimitSetParams{
		Amount: anthropic.String("0"), Period: "monthly",
		Scope: anthropic.BetaOrganizationSpendLimitSetParamsScopeUnion{OfWorkspace: &anthropic.BetaSpendLimitWorkspaceScopeParam{WorkspaceID: "wrkspc_03"}},
	})
	if err != nil {
		t.Fatalf("SpendLimits.Set for a workspace: %v", err)
	}
	if diff := cmp.Diff(spendLimitView{"spl_0100", `"0"`, "monthly", `{"type":"workspace","workspace_id":"wrkspc_03"}`, true}, viewSpendLimit(*sl)); diff != "" {
		t.Errorf("new limit (-want +got):\n%s", diff)
	}
	if sl.Currency != "USD" || !sl.CreatedAt.Equal(later) {
		t.Errorf("currency %q created_at %v, want USD and %v", sl.Currency, sl.CreatedAt, later)
	}

	got, err := client.Beta.Organization.SpendLimits.Get(background, "spl_0100")
	if err != nil {
		t.Fatalf("SpendLimits.Get: %v", err)
	}
	if diff := cmp.Diff(viewSpendLimit(*sl), viewSpendLimit(*got)); diff != "" {
		t.Errorf("read back (-set +got):\n%s", diff)
	}

	deleted, err := client.Beta.Organization.SpendLimits.Delete(background, "spl_0100")
	if err != nil {
		t.Fatalf("SpendLimits.Delete: %v", err)
	}
	if deleted.ID != "spl_0100" || deleted.Type != "spend_limit_deleted" {
		t.Errorf("delete response = %s, want spl_0100 spend_limit_deleted", deleted.RawJSON())
	}
	_, err = client.Beta.Organization.SpendLimits.Get(background, "spl_0100")
	if diff := cmp.Diff(apiError{404, "not_found_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("get after delete (-want +got):\n%s", diff)
	}
}

func TestSpendLimitRules(t *testing.T) {
	const path = "/v1/organizations/spend_limits"
	tests := []struct {
		name   string
		st     func(t *testing.T) *sandbox.State
		method string
		path   string
		body   string
		want   rawResult
	}{
		{"console weekly", consoleWrites, "POST", path, `{"amount":"1","scope":{"type":"organization"},"period":"weekly"}`, rawResult{400, "invalid_request_error", ""}},
		{"console null amount", consoleWrites, "POST", path, `{"amount":null,"scope":{"type":"organization"}}`, rawResult{400, "invalid_request_error", ""}},
		{"console user scope", consoleWrites, "POST", path, `{"amount":"1","scope":{"type":"user","user_id":"user_02"}}`, rawResult{400, "invalid_request_error", ""}},
		{"console usage tier", consoleWrites, "POST", path, `{"amount":"1","scope":{"type":"usage_tier"}}`, rawResult{400, "invalid_request_error", ""}},
		{"console unknown workspace", consoleWrites, "POST", path, `{"amount":"1","scope":{"type":"workspace","workspace_id":"wrkspc_99"}}`, rawResult{404, "not_found_error", ""}},
		{"console archived workspace", consoleWrites, "POST", path, `{"amount":"1","scope":{"type":"workspace","workspace_id":"wrkspc_02"}}`, rawResult{400, "invalid_request_error", ""}},
		{"amount missing", consoleWrites, "POST", path, `{"scope":{"type":"organization"}}`, rawResult{400, "invalid_request_error", ""}},
		{"amount a number", consoleWrites, "POST", path, `{"amount":100,"scope":{"type":"organization"}}`, rawResult{400, "invalid_request_error", ""}},
		{"amount negative", consoleWrites, "POST", path, `{"amount":"-1","scope":{"type":"organization"}}`, rawResult{400, "invalid_request_error", ""}},
		{"amount decimal", consoleWrites, "POST", path, `{"amount":"1.50","scope":{"type":"organization"}}`, rawResult{400, "invalid_request_error", ""}},
		{"scope missing", consoleWrites, "POST", path, `{"amount":"1"}`, rawResult{400, "invalid_request_error", ""}},
		{"scope with a stray id", consoleWrites, "POST", path, `{"amount":"1","scope":{"type":"organization","workspace_id":"wrkspc_01"}}`, rawResult{400, "invalid_request_error", ""}},
		{"console delete usage tier", consoleWrites, "DELETE", path + "/spl_01", ``, rawResult{400, "invalid_request_error", ""}},
		{"console delete organization", consoleWrites, "DELETE", path + "/spl_02", ``, rawResult{Status: 200}},
		{"delete unknown", consoleWrites, "DELETE", path + "/spl_99", ``, rawResult{404, "not_found_error", ""}},
		{"enterprise user", enterpriseState, "POST", path, `{"amount":"1","scope":{"type":"user","user_id":"user_04"},"period":"weekly"}`, rawResult{Status: 200}},
		{"enterprise user without cap", enterpriseState, "POST", path, `{"amount":null,"scope":{"type":"user","user_id":"user_04"}}`, rawResult{Status: 200}},
		{"enterprise organization", enterpriseState, "POST", path, `{"amount":"1","scope":{"type":"organization"}}`, rawResult{400, "invalid_request_error", ""}},
		{"enterprise workspace", enterpriseState, "POST", path, `{"amount":"1","scope":{"type":"workspace","workspace_id":"wrkspc_01"}}`, rawResult{400, "invalid_request_error", ""}},
		{"enterprise unknown user", enterpriseState, "POST", path, `{"amount":"1","scope":{"type":"user","user_id":"user_99"}}`, rawResult{404, "not_found_error", ""}},
		{"enterprise period invalid", enterpriseState, "POST", path, `{"amount":"1","scope":{"type":"user","user_id":"user_04"},"period":"yearly"}`, rawResult{400, "invalid_request_error", ""}},
		{"enterprise delete user", enterpriseState, "DELETE", path + "/spl_03", ``, rawResult{Status: 200}},
		{"enterprise delete group", enterpriseState, "DELETE", path + "/spl_02", ``, rawResult{400, "invalid_request_error", ""}},
		{"enterprise delete organization", enterpriseState, "DELETE", path + "/spl_01", ``, rawResult{400, "invalid_request_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hs := startServer(t, tt.st(t), sandbox.Options{})
			before := srv.Snapshot().SpendLimits
			res := doRaw(t, hs, tt.method, tt.path, tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			if after := srv.Snapshot().SpendLimits; tt.want.Status != 200 && !cmp.Equal(before, after) {
				t.Errorf("rejected request changed the limits (-before +after):\n%s", cmp.Diff(before, after))
			}
		})
	}
}

func consoleWrites(t *testing.T) *sandbox.State {
	return consoleSettings(t, `{"spend_limit_writes_enabled": true}`)
}

func TestSpendLimitSetEnterpriseUpsertsUserLimit(t *testing.T) {
	srv, client := startState(t, enterprise(t, "{}"))
	userScope := anthropic.BetaOrganizationSpendLimitSetParamsScopeUnion{OfUser: &anthropic.BetaSpendLimitUserScopeParam{UserID: "user_02"}}
	sl, err := client.Beta.Organization.SpendLimits.Set(background, anthropic.BetaOrganizationSpendLimitSetParams{
		Amount: param.Null[string](), Scope: userScope, Period: "daily",
	})
	if err != nil {
		t.Fatalf("SpendLimits.Set: %v", err)
	}
	if diff := cmp.Diff(spendLimitView{"spl_04", "null", "daily", `{"type":"user","user_id":"user_02"}`, true}, viewSpendLimit(*sl)); diff != "" {
		t.Errorf("upserted limit (-want +got):\n%s", diff)
	}
	if got := len(srv.Snapshot().SpendLimits); got != 5 {
		t.Errorf("spend limits = %d, want 5: the daily user limit was overwritten", got)
	}
}

// summaryView is the comparable part of an effective report row.
type summaryView struct {
	User, Email, Period, Amount, Source, LimitID, Spend string
}

func TestEffectiveSpendLimits(t *testing.T) {
	_, client := startState(t, enterprise(t, "{}"))
	list := func(params anthropic.OrganizationSpendLimitEffectiveListParams) []summaryView {
		t.Helper()
		p, err := client.Organization.SpendLimits.Effective.List(background, params)
		if err != nil {
			t.Fatalf("Effective.List: %v", err)
		}
		var rows []summaryView
		for _, r := range p.Data {
			if r.Scope.Type != "user" || r.Scope.UserID != r.Actor.UserID || r.Currency != "USD" {
				t.Errorf("row %s has scope %s and currency %s, want the member's user scope and USD", r.RawJSON(), r.Scope.RawJSON(), r.Currency)
			}
			rows = append(rows, summaryView{r.Actor.UserID, r.Actor.EmailAddress, string(r.Period), r.JSON.Amount.Raw(), r.Source.RawJSON(), r.SpendLimitID, r.PeriodToDateSpend})
		}
		return rows
	}

	want := []summaryView{
		{"user_01", "olga@globex.example", "monthly", `"20000"`, `{"type":"organization"}`, "spl_01", "0"},
		{"user_02", "pat@globex.example", "daily", `"1000"`, `{"type":"user","user_id":"user_02"}`, "spl_04", "0"},
		{"user_02", "pat@globex.example", "monthly", `"50000"`, `{"type":"rbac_group","rbac_group_id":"rbac_group_01"}`, "spl_02", "0"},
		{"user_03", "quinn@globex.example", "monthly", "null", `{"type":"user","user_id":"user_03"}`, "spl_03", "0"},
		{"user_04", "rae@globex.example", "monthly", `"20000"`, `{"type":"organization"}`, "spl_01", "0"},
	}
	if diff := cmp.Diff(want, list(anthropic.OrganizationSpendLimitEffectiveListParams{})); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	filtered := list(anthropic.OrganizationSpendLimitEffectiveListParams{
		Period: []anthropic.SpendLimitPeriod{"daily"}, UserIDs: []string{"user_02", "user_03"},
	})
	if diff := cmp.Diff(want[1:2], filtered); diff != "" {
		t.Errorf("daily rows of two users (-want +got):\n%s", diff)
	}

	_, client = startState(t, consoleSettings(t, `{"spend_limit_writes_enabled": true}`))
	_, err := client.Organization.SpendLimits.Effective.List(background, anthropic.OrganizationSpendLimitEffectiveListParams{})
	if diff := cmp.Diff(apiError{400, "invalid_request_error", "organization_type_not_supported"}, asAPIError(t, err)); diff != "" {
		t.Errorf("Console organization (-want +got):\n%s", diff)
	}
}

func TestEffectiveSpendLimitParameterErrors(t *testing.T) {
	_, hs := startServer(t, enterprise(t, "{}"), sandbox.Options{})
	tooMany := ""
	for i := range 101 {
		tooMany += "&user_ids[]=user_" + itoa(int64(i))
	}
	for _, query := range []string{"?period[]=yearly", "?limit=0", "?" + tooMany[1:]} {
		res := doRaw(t, hs, http.MethodGet, "/v1/organizations/spend_limits/effective"+query, "", authHeader)
		if diff := cmp.Diff(rawResult{400, "invalid_request_error", ""}, res.summary()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", query[:min(len(query), 30)], diff)
		}
	}
}
