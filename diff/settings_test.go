package diff_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

func ptr(v int64) *int64 { return &v }

// orgLimits are the organisation's own limits of one model group.
var orgLimits = []live.RateLimit{{GroupID: "rlg_sonnet", GroupType: "model_group", DisplayName: "Claude Sonnet 4.x", RateLimitID: "rl_org_sonnet",
	Limits: []live.Limit{{Type: "requests_per_minute", Value: 4000}, {Type: "output_tokens_per_minute", Value: 400000}}}}

func TestWorkspaceSettings(t *testing.T) {
	lw := live.Workspace{ID: "wrkspc_1", Name: "research", MembersRead: true, Tags: map[string]string{"team": "old"},
		DataResidency: live.DataResidency{WorkspaceGeo: "us", AllowedInferenceGeos: []string{"unrestricted"}, DefaultInferenceGeo: "global"}}
	s := &spec.Spec{Version: 1, Workspaces: []spec.Workspace{
		{Name: "research", Settings: spec.WorkspaceSettings{Tags: map[string]string{"team": "research"},
			DataResidency: &spec.DataResidency{WorkspaceGeo: "us", AllowedInferenceGeos: []string{"us"}, DefaultInferenceGeo: "us"}}},
		{Name: "new", Settings: spec.WorkspaceSettings{Tags: map[string]string{"b": "2", "a": "1"}}},
	}}
	p := compute(t, s, &live.State{Workspaces: []live.Workspace{lw}}, false)
	want := []plan.Change{
		{Kind: plan.KindWorkspace, Action: plan.Create, Reason: plan.ReasonMissing, Workspace: "new", Tags: map[string]string{"a": "1", "b": "2"},
			Fields: []plan.Field{{Name: "name", After: "new"}, {Name: "tags", After: "a=1, b=2"}}},
		{Kind: plan.KindWorkspace, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Workspace: "research", WorkspaceID: "wrkspc_1",
			Tags: map[string]string{"team": "research"}, Fields: []plan.Field{
				{Name: "tags", Before: "team=old", After: "team=research"},
				{Name: "allowed_inference_geos", Before: "unrestricted", After: "us"},
				{Name: "default_inference_geo", Before: "global", After: "us"},
			}},
	}
	if diff := cmp.Diff(want, p.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}

	s.Workspaces[0].Settings.DataResidency.WorkspaceGeo = "eu"
	_, err := diff.Compute(s, &live.State{Workspaces: []live.Workspace{lw}}, diff.Options{Now: now})
	if !errors.Is(err, diff.ErrImmutable) {
		t.Errorf("changing workspace_geo: error %v, want ErrImmutable", err)
	}
}

func TestRateLimits(t *testing.T) {
	workspace := func(limits ...live.Limit) live.Workspace {
		return live.Workspace{ID: "wrkspc_1", Name: "research", MembersRead: true, RateLimitsRead: true,
			RateLimits: []live.RateLimit{{GroupID: "rlg_sonnet", DisplayName: "Claude Sonnet 4.x", RateLimitID: "rl_ws_sonnet", Limits: limits}}}
	}
	defaults := []spec.RateLimit{{Group: "claude sonnet 4.x", Limits: []spec.LimitValue{{Type: "requests_per_minute", Value: 1000}, {Type: "output_tokens_per_minute", Value: 80000}}}}
	override := []spec.RateLimit{{Group: "rlg_sonnet", Limits: []spec.LimitValue{{Type: "requests_per_minute", Value: 5000}}}}
	tests := []struct {
		name       string
		reason     string
		workspace  live.Workspace
		own        spec.Mode
		prune      bool
		want       []plan.Field
		wantWarned bool
	}{
		{
			name: "new overrides", reason: "defaults merge with the workspace's own, type by type",
			workspace: workspace(live.Limit{Type: "requests_per_minute", Value: 4000, Source: "organization"}),
			want:      []plan.Field{{Name: "requests_per_minute", After: "5000"}, {Name: "output_tokens_per_minute", After: "80000"}}, wantWarned: true,
		},
		{
			name: "already set", reason: "equal overrides need no change",
			workspace:  workspace(live.Limit{Type: "requests_per_minute", Value: 5000, Source: "workspace"}, live.Limit{Type: "output_tokens_per_minute", Value: 80000, Source: "workspace"}),
			wantWarned: true,
		},
		{
			name: "extra override kept", reason: "an additive kind never clears",
			workspace: workspace(live.Limit{Type: "requests_per_minute", Value: 5000, Source: "workspace"}, live.Limit{Type: "output_tokens_per_minute", Value: 80000, Source: "workspace"},
				live.Limit{Type: "tokens_per_day", Value: 9, Source: "workspace"}),
			prune: true, wantWarned: true,
		},
		{
			name: "extra override cleared", reason: "an authoritative kind clears what the spec dropped, when pruning",
			workspace: workspace(live.Limit{Type: "requests_per_minute", Value: 5000, Source: "workspace"}, live.Limit{Type: "output_tokens_per_minute", Value: 80000, Source: "workspace"},
				live.Limit{Type: "tokens_per_day", Value: 9, Source: "workspace"}),
			own: spec.Authoritative, prune: true, wantWarned: true,
			want: []plan.Field{{Name: "tokens_per_day", Before: "9"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &spec.Spec{Version: 1, Settings: spec.Settings{Defaults: spec.Defaults{RateLimits: defaults}}, AllowEmpty: true,
				Ownership:  spec.Ownership{RateLimits: tt.own},
				Workspaces: []spec.Workspace{{Name: "research", Settings: spec.WorkspaceSettings{RateLimits: override}}}}
			st := &live.State{Settings: live.Settings{OrgRateLimits: orgLimits, OrgRateLimitsRead: true}, Workspaces: []live.Workspace{tt.workspace}}
			p := compute(t, s, st, tt.prune)
			var got []plan.Field
			for _, c := range p.Changes {
				if c.Kind != plan.KindRateLimit {
					continue
				}
				if c.TargetID != "rl_ws_sonnet" || c.Target != "Claude Sonnet 4.x" {
					t.Errorf("change target %q (%s), want Claude Sonnet 4.x (rl_ws_sonnet)", c.Target, c.TargetID)
				}
				got = append(got, c.Fields...)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
			if warned := len(p.Warnings) > 0; warned != tt.wantWarned {
				t.Errorf("warned = %v, want %v: 5000 requests a minute is above the organization's 4000", warned, tt.wantWarned)
			}
			delay := false
			for _, n := range p.Notes {
				delay = delay || n.Code == plan.NoteRateLimitDelay
			}
			if delay != (len(tt.want) > 0) {
				t.Errorf("delay note = %v, want it exactly when limits change", delay)
			}
		})
	}

	unknown := &spec.Spec{Version: 1, Settings: spec.Settings{Defaults: spec.Defaults{RateLimits: []spec.RateLimit{{Group: "Claude Opus 9"}}}},
		Workspaces: []spec.Workspace{{Name: "research"}}}
	_, err := diff.Compute(unknown, &live.State{Settings: live.Settings{OrgRateLimits: orgLimits, OrgRateLimitsRead: true},
		Workspaces: []live.Workspace{workspace()}}, diff.Options{Now: now})
	if !errors.Is(err, diff.ErrUnknown) {
		t.Errorf("unknown group: error %v, want ErrUnknown", err)
	}
}

func TestCompliance(t *testing.T) {
	st := &live.State{Settings: live.Settings{Compliance: "disabled", ComplianceRead: true}}
	p := compute(t, &spec.Spec{Version: 1, Settings: spec.Settings{Compliance: "enabled"}}, st, false)
	want := []plan.Change{{Kind: plan.KindCompliance, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Target: "Compliance API",
		Fields: []plan.Field{{Name: "state", Before: "disabled", After: "enabled"}}}}
	if diff := cmp.Diff(want, p.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if p := compute(t, &spec.Spec{Version: 1}, st, false); len(p.Changes) != 0 {
		t.Errorf("a spec without compliance_api leaves it alone; got %+v", p.Changes)
	}
}

func TestAPIKeys(t *testing.T) {
	st := &live.State{
		Users: liveUsers("user_1", "stay@example.com", "developer", "user_2", "leaver@example.com", "developer"),
		Settings: live.Settings{APIKeysRead: true, APIKeys: []live.APIKey{
			{ID: "apikey_1", Name: "stay-key", Status: "active", CreatedByUserID: "user_1"},
			{ID: "apikey_2", Name: "leaver-key", Status: "active", CreatedByUserID: "user_2"},
			{ID: "apikey_3", Name: "gone-key", Status: "active", CreatedByUserID: "user_9"},
			{ID: "apikey_4", Name: "gone-inactive", Status: "inactive", CreatedByUserID: "user_9"},
			{ID: "apikey_5", Name: "service-key", Status: "active"},
		}},
	}
	s := &spec.Spec{Version: 1, Users: users("stay@example.com", "developer"),
		Settings: spec.Settings{APIKeys: spec.APIKeyPolicy{Orphaned: "deactivate", Keys: []spec.APIKeyStatus{{ID: "apikey_1", Status: "archived"}}}}}
	p := compute(t, s, st, true)
	var got []string
	for _, c := range p.Changes {
		if c.Kind == plan.KindAPIKey {
			status, _ := c.Field("status")
			got = append(got, c.TargetID+" "+status.After+" "+string(c.Reason))
		}
	}
	// Keys sort by name: gone-key, leaver-key, stay-key.
	want := []string{"apikey_3 inactive creator_not_member", "apikey_2 inactive creator_not_member", "apikey_1 archived fields_differ"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("key changes (-want +got):\n%s", diff)
	}
	last := p.Changes[len(p.Changes)-1]
	if last.Kind != plan.KindAPIKey {
		t.Errorf("key changes run after the removal of their creators; last change is %s %s", last.Action, last.Kind)
	}

	s.Settings.APIKeys = spec.APIKeyPolicy{Orphaned: "report"}
	p = compute(t, s, st, false)
	var notes []string
	for _, n := range p.Notes {
		notes = append(notes, n.TargetID)
	}
	if diff := cmp.Diff([]string{"apikey_3"}, notes); diff != "" {
		t.Errorf("reported keys (-want +got): without --prune the leaver stays, so only the key of the former member is orphaned\n%s", diff)
	}

	s.Settings.APIKeys = spec.APIKeyPolicy{Keys: []spec.APIKeyStatus{{ID: "apikey_404", Status: "inactive"}}}
	if _, err := diff.Compute(s, st, diff.Options{Now: now}); !errors.Is(err, diff.ErrUnknown) {
		t.Errorf("unknown key: error %v, want ErrUnknown", err)
	}
}

func TestSpendLimits(t *testing.T) {
	usd := func(minor int64) *spec.Money { return &spec.Money{Minor: minor, Currency: "USD"} }
	st := &live.State{
		Users:      liveUsers("user_1", "ann@example.com", "developer"),
		Workspaces: []live.Workspace{research()},
		Settings: live.Settings{SpendLimitsRead: true, SpendLimits: []live.SpendLimit{
			{ID: "spl_org", ScopeType: "organization", Amount: "100000", Currency: "USD", Period: "monthly"},
			{ID: "spl_ws", ScopeType: "workspace", ScopeID: "wrkspc_1", Amount: "5000", Currency: "USD", Period: "monthly"},
			{ID: "spl_tier", ScopeType: "usage_tier", Amount: "9999999", Currency: "USD", Period: "monthly"},
		}},
	}
	s := &spec.Spec{Version: 1, Users: users("ann@example.com", "developer", "new@example.com", "user"),
		Workspaces: []spec.Workspace{{Name: "research"}},
		Settings: spec.Settings{SpendLimits: spec.SpendLimits{Organization: usd(50000),
			People: []spec.PersonSpend{{Email: "ann@example.com", Amount: *usd(2000), Period: "monthly"}, {Email: "new@example.com", Amount: *usd(1000), Period: "monthly"}}}}}

	summaries := func(p *plan.Plan) []string {
		var out []string
		for _, c := range p.Changes {
			if c.Kind == plan.KindSpendLimit {
				amount, _ := c.Field("amount")
				out = append(out, string(c.Action)+" "+c.Target+" "+amount.Before+" -> "+amount.After+" "+c.TargetID)
			}
		}
		return out
	}
	want := []string{
		"create ann@example.com  -> 20.00 USD ",
		"wait new@example.com  -> 10.00 USD ",
		"update the organization 1000.00 USD -> 500.00 USD spl_org",
	}
	if diff := cmp.Diff(want, summaries(compute(t, s, st, true))); diff != "" {
		t.Errorf("additive spend limits (-want +got):\n%s", diff)
	}
	s.Ownership.SpendLimits = spec.Authoritative
	want = append(want, "delete workspace research 50.00 USD ->  spl_ws")
	if diff := cmp.Diff(want, summaries(compute(t, s, st, true))); diff != "" {
		t.Errorf("authoritative spend limits delete what the spec drops, never the usage tier (-want +got):\n%s", diff)
	}

	s.Settings.SpendLimits.Organization = &spec.Money{Minor: 50000, Currency: "EUR"}
	if _, err := diff.Compute(s, st, diff.Options{Now: now}); err == nil {
		t.Errorf("a limit in another currency than the organization's is an error")
	}
}

func TestRBACGroups(t *testing.T) {
	st := &live.State{
		Users: liveUsers("user_1", "a@example.com", "user", "user_2", "b@example.com", "user", "user_3", "c@example.com", "user"),
		Settings: live.Settings{RBACGroupsRead: true, RBACGroups: []live.RBACGroup{
			{ID: "rbac_group_1", Name: "eng", SourceType: "direct", MemberIDs: []string{"user_1", "user_3"}},
			{ID: "rbac_group_2", Name: "sso", SourceType: "scim"},
		}},
	}
	s := &spec.Spec{Version: 1, Users: users("a@example.com", "user", "b@example.com", "user", "c@example.com", "user", "new@example.com", "user"),
		Settings: spec.Settings{RBACGroupsDeclared: true, RBACGroups: []spec.RBACGroup{
			{Name: "eng", Members: []string{"a@example.com", "b@example.com", "new@example.com"}},
			{Name: "design", Members: []string{"a@example.com"}},
			{Name: "sso", Members: []string{"a@example.com"}},
		}}}
	p := compute(t, s, st, true)
	var invite plan.Change
	for _, c := range p.Changes {
		if c.Kind == plan.KindPerson && c.Action == plan.Create {
			invite = c
		}
	}
	if diff := cmp.Diff([]plan.GroupRef{{ID: "rbac_group_1", Name: "eng"}}, invite.RBACGroups); diff != "" {
		t.Errorf("the invite carries the groups of the invited person (-want +got):\n%s", diff)
	}
	want := []string{
		"create rbac_group design  ",
		"create rbac_group_member design  a@example.com",
		"create rbac_group_member eng rbac_group_1 b@example.com",
		"delete rbac_group_member eng rbac_group_1 c@example.com",
	}
	var rbac []string
	for _, c := range p.Changes {
		if c.Kind == plan.KindRBACGroup || c.Kind == plan.KindRBACMember {
			rbac = append(rbac, string(c.Action)+" "+string(c.Kind)+" "+c.Target+" "+c.TargetID+" "+c.Email)
		}
	}
	if diff := cmp.Diff(want, rbac); diff != "" {
		t.Errorf("group changes (-want +got):\n%s", diff)
	}
	if len(p.Notes) != 1 || p.Notes[0].Code != plan.NoteGroupNotManageable {
		t.Errorf("a SCIM group is reported as not manageable; notes %+v", p.Notes)
	}

	st.Settings.RBACGroups = append(st.Settings.RBACGroups, live.RBACGroup{ID: "rbac_group_3", Name: "eng", SourceType: "direct"})
	if _, err := diff.Compute(s, st, diff.Options{Now: now}); !errors.Is(err, diff.ErrAmbiguous) {
		t.Errorf("two groups named eng: error %v, want ErrAmbiguous", err)
	}
}
