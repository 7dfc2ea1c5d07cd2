package render_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

func role(before, after string) plan.Field {
	return plan.Field{Name: "role", Before: before, After: after}
}

func wsRole(before, after string) []plan.Field {
	return []plan.Field{{Name: "workspace_role", Before: before, After: after}}
}

// fullPlan has a change of every kind and action, a note of every code,
// unmanaged objects of every kind and a blocked rule.
func fullPlan() *plan.Plan {
	expiry := time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC)
	return &plan.Plan{
		Organization: plan.Organization{ID: "3f6e2a52-3c39-4c55-9a59-3a1d7f0c2b11", Name: "Acme"},
		Source: plan.Source{Path: "org.yaml", Repository: "https://github.com/acme/org-config.git", Ref: "main",
			Commit: "5d41402abc4b2a76b9719d911017c592ae1e0f27"},
		Prune: true,
		Changes: []plan.Change{
			{Kind: plan.KindWorkspace, Action: plan.Create, Workspace: "data-science", Fields: []plan.Field{{Name: "name", After: "data-science"}, {Name: "display_color", After: "#1F77B4"}}},
			{Kind: plan.KindWorkspace, Action: plan.Update, Workspace: "research", WorkspaceID: "wrkspc_01", Fields: []plan.Field{{Name: "name", Before: "lab", After: "research"}, {Name: "display_color", Before: "#000000", After: "#6C5BB9"}}},
			{Kind: plan.KindPerson, Action: plan.Create, Reason: plan.ReasonMissing, Email: "new@acme.example", RBACGroups: []plan.GroupRef{{Name: "eng"}}, Fields: []plan.Field{{Name: "state", Before: "absent", After: "invited"}, role("", "developer")}},
			{Kind: plan.KindPerson, Action: plan.Create, Reason: plan.ReasonInviteExpired, Email: "late@acme.example", InviteID: "invite_02", Fields: []plan.Field{{Name: "state", Before: "invite expired", After: "invited"}, role("", "user")}},
			{Kind: plan.KindPerson, Action: plan.Replace, Reason: plan.ReasonInviteRoleDiffers, Email: "frank@acme.example", InviteID: "invite_04", Fields: []plan.Field{{Name: "state", Before: "invited", After: "invited"}, role("developer", "claude_code_user")}},
			{Kind: plan.KindPerson, Action: plan.Manual, Reason: plan.ReasonAdminNotAssignable, Email: "boss@acme.example", Fields: []plan.Field{{Name: "state", Before: "absent", After: "invited"}, role("", "admin")}},
			{Kind: plan.KindPerson, Action: plan.Update, Reason: plan.ReasonRoleDiffers, Email: "hedy@acme.example", UserID: "user_10", Fields: []plan.Field{role("user", "developer")}},
			{Kind: plan.KindPerson, Action: plan.Manual, Reason: plan.ReasonAdminNotAssignable, Email: "up@acme.example", UserID: "user_11", Fields: []plan.Field{role("developer", "admin")}},
			{Kind: plan.KindPerson, Action: plan.Manual, Reason: plan.ReasonRoleReadOnly, Email: "down@acme.example", UserID: "user_12", Fields: []plan.Field{role("admin", "developer")}},
			{Kind: plan.KindMember, Action: plan.Create, Reason: plan.ReasonMissing, Email: "hedy@acme.example", Workspace: "data-science", UserID: "user_10", Fields: wsRole("", "workspace_user")},
			{Kind: plan.KindMember, Action: plan.Wait, Reason: plan.ReasonWaitingForInvite, Email: "new@acme.example", Workspace: "research", Fields: wsRole("", "workspace_developer")},
			{Kind: plan.KindMember, Action: plan.Manual, Reason: plan.ReasonBillingNotAssignable, Email: "hedy@acme.example", Workspace: "research", WorkspaceID: "wrkspc_01", UserID: "user_10", Fields: wsRole("", "workspace_billing")},
			{Kind: plan.KindMember, Action: plan.Update, Reason: plan.ReasonRoleDiffers, Email: "kat@acme.example", Workspace: "research", WorkspaceID: "wrkspc_01", UserID: "user_13", Fields: wsRole("workspace_user", "workspace_developer")},
			{Kind: plan.KindMember, Action: plan.Delete, Reason: plan.ReasonNotDeclared, Email: "mary@acme.example", Workspace: "research", WorkspaceID: "wrkspc_01", UserID: "user_14", Fields: wsRole("workspace_user", "")},
			{Kind: plan.KindPerson, Action: plan.Delete, Reason: plan.ReasonNotDeclared, Email: "carol@acme.example", InviteID: "invite_05", Fields: []plan.Field{{Name: "state", Before: "invited", After: "absent"}, role("developer", "")}},
			{Kind: plan.KindPerson, Action: plan.Manual, Reason: plan.ReasonRoleReadOnly, Email: "old-admin@acme.example", UserID: "user_15", Fields: []plan.Field{{Name: "state", Before: "member", After: "absent"}, role("admin", "")}},
			{Kind: plan.KindPerson, Action: plan.Delete, Reason: plan.ReasonNotDeclared, Email: "bjarne@acme.example", UserID: "user_28", Fields: []plan.Field{{Name: "state", Before: "member", After: "absent"}, role("developer", "")}},
			{Kind: plan.KindRBACGroup, Action: plan.Create, Reason: plan.ReasonMissing, Target: "eng", Fields: []plan.Field{{Name: "name", After: "eng"}}},
			{Kind: plan.KindCompliance, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Target: "Compliance API", Fields: []plan.Field{{Name: "state", Before: "disabled", After: "enabled"}}},
			{Kind: plan.KindRateLimit, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Workspace: "research", WorkspaceID: "wrkspc_01", Target: "Claude Sonnet 4.x", TargetID: "rl_1",
				Fields: []plan.Field{{Name: "requests_per_minute", After: "1000"}, {Name: "tokens_per_day", Before: "500", After: "900"}, {Name: "output_tokens_per_minute", Before: "80000"}}},
			{Kind: plan.KindSpendLimit, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Target: "the organization", TargetID: "spl_1",
				Fields: []plan.Field{{Name: "amount", Before: "1000.00 USD", After: "500.00 USD"}, {Name: "amount_minor", Before: "100000", After: "50000"}, {Name: "period", Before: "monthly", After: "monthly"}}},
			{Kind: plan.KindSpendLimit, Action: plan.Create, Reason: plan.ReasonMissing, Target: "workspace research", Workspace: "research", WorkspaceID: "wrkspc_01",
				Fields: []plan.Field{{Name: "amount", After: "50.00 USD"}, {Name: "amount_minor", After: "5000"}, {Name: "period", After: "monthly"}}},
			{Kind: plan.KindSpendLimit, Action: plan.Wait, Reason: plan.ReasonWaitingForInvite, Target: "new@acme.example", Email: "new@acme.example",
				Fields: []plan.Field{{Name: "amount", After: "20.00 USD"}, {Name: "period", After: "monthly"}}},
			{Kind: plan.KindRBACMember, Action: plan.Create, Reason: plan.ReasonMissing, Target: "eng", Email: "hedy@acme.example", UserID: "user_10"},
			{Kind: plan.KindRBACMember, Action: plan.Wait, Reason: plan.ReasonWaitingForInvite, Target: "eng", Email: "guido@acme.example"},
			{Kind: plan.KindRBACMember, Action: plan.Delete, Reason: plan.ReasonNotDeclared, Target: "ops", TargetID: "rbac_group_2", Email: "kat@acme.example", UserID: "user_13"},
			{Kind: plan.KindSpendLimit, Action: plan.Delete, Reason: plan.ReasonNotDeclared, Target: "workspace legacy", TargetID: "spl_9",
				Fields: []plan.Field{{Name: "amount", Before: "10.00 USD"}, {Name: "period", Before: "monthly"}}},
			{Kind: plan.KindAPIKey, Action: plan.Update, Reason: plan.ReasonCreatorGone, Target: "ci-bot", TargetID: "apikey_01", UserID: "user_28",
				Fields: []plan.Field{{Name: "status", Before: "active", After: "inactive"}}},
			{Kind: plan.KindAPIKey, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Target: "old", TargetID: "apikey_02",
				Fields: []plan.Field{{Name: "status", Before: "inactive", After: "archived"}}},
			{Kind: plan.KindWorkspace, Action: plan.Delete, Reason: plan.ReasonNotDeclared, Workspace: "legacy", WorkspaceID: "wrkspc_09",
				Fields: []plan.Field{{Name: "state", Before: "active", After: "archived"}}},
		},
		Notes: []plan.Note{
			{Code: plan.NoteRateLimitDelay},
			{Code: plan.NoteOrphanedKey, Target: "notebook", TargetID: "apikey_03"},
			{Code: plan.NoteGroupNotManageable, Target: "sso-admins", TargetID: "rbac_group_5"},
			{Code: plan.NoteInvitePending, Email: "guido@acme.example", InviteID: "invite_03", Role: "developer", ExpiresAt: expiry},
			{Code: plan.NoteInviteStatusStale, Email: "late@acme.example", InviteID: "invite_02", Role: "user", ExpiresAt: expiry.AddDate(0, 0, -20)},
		},
		Unmanaged: []plan.Unmanaged{
			{Kind: plan.KindRBACMember, Email: "eve@acme.example", ID: "user_44", Target: "ops"},
			{Kind: plan.KindMember, Workspace: "research", ID: "user_99", Role: "workspace_user"},
			{Kind: plan.KindWorkspace, Workspace: "Claude Code", ID: "wrkspc_B", CreatedAt: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)},
		},
		Blocked: []plan.Block{
			{Rule: plan.BlockEmptySection, Kind: plan.KindMember, Workspace: "support", Removals: 3, Total: 3, Override: "allow_empty: true"},
			{Rule: plan.BlockRemovalLimit, Kind: plan.KindPerson, Removals: 12, Total: 30, Limit: 7, Override: "removal_limits in the spec, --max-removals N or --force"},
			{Rule: plan.BlockProtected, Kind: plan.KindPerson, Email: "ops-bot@acme.example", Override: "--force"},
			{Rule: plan.BlockAdminChange, Kind: plan.KindPerson, Email: "down@acme.example", Override: "--allow-admin-changes"},
			{Rule: plan.BlockNoAdminLeft, Kind: plan.KindPerson, Removals: 2, Total: 2},
		},
		Warnings: []plan.Warning{{Code: plan.WarnProtectedForced, Email: "bot@acme.example"},
			{Code: plan.WarnAboveOrgLimit, Workspace: "research", Target: "Claude Sonnet 4.x", LimitType: "requests_per_minute", Value: 5000, Limit: 4000}},
		Ignored: plan.Ignored{People: 2, Invites: 1, Members: 3, Workspaces: 1},
	}
}

func TestTextFullPlan(t *testing.T) {
	var out bytes.Buffer
	if err := render.Text(&out, fullPlan(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "full_plan.txt", out.Bytes())
}

func TestTextEmptyPlan(t *testing.T) {
	var out bytes.Buffer
	p := &plan.Plan{Organization: plan.Organization{ID: "org-1", Name: "Acme"},
		Unmanaged: []plan.Unmanaged{
			{Kind: plan.KindRBACMember, Email: "eve@acme.example", ID: "user_44", Target: "ops"}, {Kind: plan.KindPerson, Email: "x@acme.example", ID: "invite_9", Role: "user", Invite: true}}}
	if err := render.Text(&out, p, render.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "empty_plan.txt", out.Bytes())
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		plan *plan.Plan
		want string
	}{
		{"no changes", &plan.Plan{}, "Plan: no changes; the organization matches the spec."},
		{"only waiting", &plan.Plan{Changes: []plan.Change{{Action: plan.Wait}}},
			"Plan: 1 waiting on invites. The organization matches the spec apart from invites not yet accepted."},
		{"blocked", &plan.Plan{Changes: []plan.Change{{Action: plan.Delete}}, Blocked: []plan.Block{{}}},
			"Plan (blocked, nothing will be applied): 1 to remove."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render.Summary(tt.plan); got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReport(t *testing.T) {
	var out bytes.Buffer
	if err := render.Report(&out, fullReport(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.txt", out.Bytes())
}

// fullReport is an apply of fullPlan with every status: one failed change,
// a membership skipped because its workspace was not created, manual and
// waiting changes skipped, and the rest applied.
func fullReport() *apply.Report {
	p := fullPlan()
	report := &apply.Report{}
	for i, c := range p.Changes {
		res := apply.Result{Change: c, Status: apply.Applied, RequestID: "req_1"}
		switch {
		case !c.Sent():
			res.Status, res.SkipReason = apply.Skipped, string(c.Reason)
		case i == 1:
			res.Status, res.Err = apply.Failed, errors.New("update workspace: 400 invalid_request_error: name is taken (request-id req_7)")
		case i == 9:
			res.Status, res.SkipReason = apply.Skipped, `workspace "data-science" was not created`
		}
		report.Results = append(report.Results, res)
	}
	return report
}
