package apply_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
)

// fakeClient records calls and fails those named in fail.
type fakeClient struct {
	calls []string
	fail  map[string]bool
}

type fakeError struct{ status int }

func (e fakeError) Error() string        { return fmt.Sprintf("status %d", e.status) }
func (e fakeError) HTTPStatus() int      { return e.status }
func (e fakeError) APIRequestID() string { return "req_failed" }
func (e fakeError) APIErrorCode() string { return "" }

func (f *fakeClient) record(call string) (apply.Receipt, error) {
	f.calls = append(f.calls, call)
	if f.fail[call] {
		return apply.Receipt{}, fakeError{status: 404}
	}
	return apply.Receipt{RequestID: fmt.Sprintf("req_%d", len(f.calls))}, nil
}

func (f *fakeClient) CreateWorkspace(_ context.Context, w apply.WorkspaceSpec) (live.Workspace, apply.Receipt, error) {
	name := w.Name
	r, err := f.record("create workspace " + name + " " + w.DisplayColor)
	if err != nil {
		return live.Workspace{}, r, err
	}
	return live.Workspace{ID: "wrkspc_new_" + name, Name: name}, r, nil
}

func (f *fakeClient) UpdateWorkspace(_ context.Context, id string, w apply.WorkspaceSpec) (apply.Receipt, error) {
	return f.record("update workspace " + id + " " + w.Name + " " + w.DisplayColor)
}

func (f *fakeClient) ArchiveWorkspace(_ context.Context, id string) (apply.Receipt, error) {
	return f.record("archive workspace " + id)
}

func (f *fakeClient) CreateInvite(_ context.Context, email, role string, groups []string) (live.Invite, apply.Receipt, error) {
	r, err := f.record(strings.TrimSpace("create invite " + email + " " + role + " " + strings.Join(groups, ",")))
	return live.Invite{ID: "invite_new"}, r, err
}

func (f *fakeClient) DeleteInvite(_ context.Context, id string) (apply.Receipt, error) {
	return f.record("delete invite " + id)
}

func (f *fakeClient) UpdateUserRole(_ context.Context, id, role string) (apply.Receipt, error) {
	return f.record("update user " + id + " " + role)
}

func (f *fakeClient) RemoveUser(_ context.Context, id string) (apply.Receipt, error) {
	return f.record("remove user " + id)
}

func (f *fakeClient) AddWorkspaceMember(_ context.Context, ws, user, role string) (apply.Receipt, error) {
	return f.record("add member " + ws + " " + user + " " + role)
}

func (f *fakeClient) UpdateWorkspaceMember(_ context.Context, ws, user, role string) (apply.Receipt, error) {
	return f.record("update member " + ws + " " + user + " " + role)
}

func (f *fakeClient) RemoveWorkspaceMember(_ context.Context, ws, user string) (apply.Receipt, error) {
	return f.record("remove member " + ws + " " + user)
}

func (f *fakeClient) SetWorkspaceRateLimits(_ context.Context, ws, id string, limits []apply.LimitChange) (apply.Receipt, error) {
	var parts []string
	for _, l := range limits {
		if l.Value == nil {
			parts = append(parts, l.Type+"=null")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%d", l.Type, *l.Value))
	}
	return f.record("set rate limits " + ws + " " + id + " " + strings.Join(parts, ","))
}

func (f *fakeClient) SetSpendLimit(_ context.Context, l apply.SpendLimit) (apply.Receipt, error) {
	return f.record(fmt.Sprintf("set spend limit %s %s %s %s", l.ScopeType, l.ScopeID, l.Amount, l.Period))
}

func (f *fakeClient) DeleteSpendLimit(_ context.Context, id string) (apply.Receipt, error) {
	return f.record("delete spend limit " + id)
}

func (f *fakeClient) SetCompliance(_ context.Context, state string) (apply.Receipt, error) {
	return f.record("set compliance " + state)
}

func (f *fakeClient) UpdateAPIKeyStatus(_ context.Context, id, status string) (apply.Receipt, error) {
	return f.record("update api key " + id + " " + status)
}

func (f *fakeClient) CreateRBACGroup(_ context.Context, name string) (string, apply.Receipt, error) {
	r, err := f.record("create rbac group " + name)
	return "rbac_group_new_" + name, r, err
}

func (f *fakeClient) AddRBACGroupMember(_ context.Context, group, user string) (apply.Receipt, error) {
	return f.record("add rbac member " + group + " " + user)
}

func (f *fakeClient) RemoveRBACGroupMember(_ context.Context, group, user string) (apply.Receipt, error) {
	return f.record("remove rbac member " + group + " " + user)
}

func role(before, after string) []plan.Field {
	return []plan.Field{{Name: "role", Before: before, After: after}}
}

func wsRole(before, after string) []plan.Field {
	return []plan.Field{{Name: "workspace_role", Before: before, After: after}}
}

var everyKind = &plan.Plan{Changes: []plan.Change{
	{Kind: plan.KindWorkspace, Action: plan.Create, Workspace: "new", Fields: []plan.Field{{Name: "name", After: "new"}, {Name: "display_color", After: "#123456"}}},
	{Kind: plan.KindWorkspace, Action: plan.Update, Workspace: "old", WorkspaceID: "wrkspc_1", Fields: []plan.Field{{Name: "display_color", Before: "#000000", After: "#ffffff"}}},
	{Kind: plan.KindPerson, Action: plan.Create, Email: "a@example.com", Fields: role("", "developer")},
	{Kind: plan.KindPerson, Action: plan.Replace, Email: "b@example.com", InviteID: "invite_1", Fields: role("user", "developer")},
	{Kind: plan.KindPerson, Action: plan.Manual, Email: "boss@example.com", UserID: "user_9", Fields: role("developer", "admin")},
	{Kind: plan.KindPerson, Action: plan.Update, Email: "c@example.com", UserID: "user_3", Fields: role("user", "developer")},
	{Kind: plan.KindMember, Action: plan.Create, Email: "c@example.com", Workspace: "new", UserID: "user_3", Fields: wsRole("", "workspace_user")},
	{Kind: plan.KindMember, Action: plan.Wait, Email: "a@example.com", Workspace: "new", Fields: wsRole("", "workspace_user")},
	{Kind: plan.KindMember, Action: plan.Update, Email: "c@example.com", Workspace: "old", WorkspaceID: "wrkspc_1", UserID: "user_3", Fields: wsRole("workspace_user", "workspace_developer")},
	{Kind: plan.KindMember, Action: plan.Delete, Email: "d@example.com", Workspace: "old", WorkspaceID: "wrkspc_1", UserID: "user_4", Fields: wsRole("workspace_user", "")},
	{Kind: plan.KindPerson, Action: plan.Delete, Email: "e@example.com", InviteID: "invite_2"},
	{Kind: plan.KindPerson, Action: plan.Delete, Email: "f@example.com", UserID: "user_6"},
	{Kind: plan.KindWorkspace, Action: plan.Delete, Workspace: "legacy", WorkspaceID: "wrkspc_9"},
}}

func statuses(r *apply.Report) []apply.Status {
	var out []apply.Status
	for _, res := range r.Results {
		out = append(out, res.Status)
	}
	return out
}

func TestRunSendsEveryKind(t *testing.T) {
	client := &fakeClient{}
	report, err := apply.Run(context.Background(), client, everyKind, apply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCalls := []string{
		"create workspace new #123456",
		"update workspace wrkspc_1  #ffffff",
		"create invite a@example.com developer",
		"delete invite invite_1",
		"create invite b@example.com developer",
		"update user user_3 developer",
		"add member wrkspc_new_new user_3 workspace_user",
		"update member wrkspc_1 user_3 workspace_developer",
		"remove member wrkspc_1 user_4",
		"delete invite invite_2",
		"remove user user_6",
		"archive workspace wrkspc_9",
	}
	if diff := cmp.Diff(wantCalls, client.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	wantStatuses := []apply.Status{apply.Applied, apply.Applied, apply.Applied, apply.Applied, apply.Skipped,
		apply.Applied, apply.Applied, apply.Skipped, apply.Applied, apply.Applied, apply.Applied, apply.Applied, apply.Applied}
	if diff := cmp.Diff(wantStatuses, statuses(report)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if got := report.Results[0].CreatedID; got != "wrkspc_new_new" {
		t.Errorf("created id = %q, want wrkspc_new_new", got)
	}
}

func TestRunDryRunSendsNothing(t *testing.T) {
	client := &fakeClient{}
	report, err := apply.Run(context.Background(), client, everyKind, apply.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(client.calls) != 0 {
		t.Errorf("dry run made calls: %v", client.calls)
	}
	if got := report.Count(apply.DryRun); got != 11 {
		t.Errorf("dry-run results = %d, want 11 (every change that would be sent)", got)
	}
}

func TestRunContinuesPastFailures(t *testing.T) {
	client := &fakeClient{fail: map[string]bool{"create workspace new #123456": true, "update user user_3 developer": true}}
	report, err := apply.Run(context.Background(), client, everyKind, apply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []apply.Status{apply.Failed, apply.Applied, apply.Applied, apply.Applied, apply.Skipped,
		apply.Failed, apply.Skipped, apply.Skipped, apply.Applied, apply.Applied, apply.Applied, apply.Applied, apply.Applied}
	if diff := cmp.Diff(want, statuses(report)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if got := report.Results[6].SkipReason; got != `workspace "new" was not created` {
		t.Errorf("skip reason of a member of a failed workspace = %q", got)
	}
	failed := report.Results[0]
	if failed.HTTPStatus != 404 || failed.RequestID != "req_failed" {
		t.Errorf("failed result status %d, request id %q; want 404 and req_failed", failed.HTTPStatus, failed.RequestID)
	}
}

func TestRunFailFast(t *testing.T) {
	client := &fakeClient{fail: map[string]bool{"create invite a@example.com developer": true}}
	report, err := apply.Run(context.Background(), client, everyKind, apply.Options{FailFast: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(client.calls); got != 3 {
		t.Errorf("calls = %d (%v), want 3: nothing after the failure", got, client.calls)
	}
	if got := report.Count(apply.Skipped); got != 10 {
		t.Errorf("skipped = %d, want 10", got)
	}
}

func TestRunRefusesBlockedPlan(t *testing.T) {
	client := &fakeClient{}
	blocked := &plan.Plan{Changes: everyKind.Changes, Blocked: []plan.Block{{Rule: plan.BlockEmptySection}}}
	_, err := apply.Run(context.Background(), client, blocked, apply.Options{})
	if !errors.Is(err, apply.ErrBlocked) {
		t.Errorf("Run error = %v, want ErrBlocked", err)
	}
	if len(client.calls) != 0 {
		t.Errorf("a blocked plan made calls: %v", client.calls)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	client := &cancellingClient{fakeClient: &fakeClient{}, cancel: cancel}
	report, err := apply.Run(ctx, client, everyKind, apply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(client.calls); got != 1 {
		t.Errorf("calls after cancel = %d, want 1", got)
	}
	if got := report.Results[1].SkipReason; got != "the run was cancelled" {
		t.Errorf("skip reason = %q", got)
	}
}

// cancellingClient cancels the run during its first call.
type cancellingClient struct {
	*fakeClient
	cancel context.CancelFunc
}

func (c *cancellingClient) CreateWorkspace(ctx context.Context, w apply.WorkspaceSpec) (live.Workspace, apply.Receipt, error) {
	c.cancel()
	return c.fakeClient.CreateWorkspace(ctx, w)
}

// listRecorder keeps what it records and fails on the nth record.
type listRecorder struct {
	results []apply.Result
	failAt  int
}

func (r *listRecorder) Record(res apply.Result) error {
	r.results = append(r.results, res)
	if len(r.results) == r.failAt {
		return errors.New("disk full")
	}
	return nil
}

func TestRunRecordsEachResult(t *testing.T) {
	client := &fakeClient{}
	rec := &listRecorder{}
	report, err := apply.Run(context.Background(), client, everyKind, apply.Options{Recorder: rec})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(statuses(report), statuses(&apply.Report{Results: rec.results})); diff != "" {
		t.Errorf("recorded statuses differ from the report (-report +recorded):\n%s", diff)
	}
}

func TestRunStopsWhenRecordFails(t *testing.T) {
	client := &fakeClient{}
	_, err := apply.Run(context.Background(), client, everyKind, apply.Options{Recorder: &listRecorder{failAt: 2}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Run error = %v, want the recorder's error", err)
	}
	if got := len(client.calls); got != 2 {
		t.Errorf("calls = %d (%v), want 2: nothing after the record that failed", got, client.calls)
	}
}

var settings = &plan.Plan{Changes: []plan.Change{
	{Kind: plan.KindRBACGroup, Action: plan.Create, Target: "eng", Fields: []plan.Field{{Name: "name", After: "eng"}}},
	{Kind: plan.KindWorkspace, Action: plan.Create, Workspace: "new", Tags: map[string]string{"team": "x"},
		Fields: []plan.Field{{Name: "name", After: "new"}, {Name: "allowed_inference_geos", After: "us"}}},
	{Kind: plan.KindCompliance, Action: plan.Update, Fields: []plan.Field{{Name: "state", Before: "disabled", After: "enabled"}}},
	{Kind: plan.KindRateLimit, Action: plan.Update, Workspace: "new", Target: "Claude Sonnet 4.x", TargetID: "rl_1",
		Fields: []plan.Field{{Name: "requests_per_minute", After: "500"}, {Name: "tokens_per_day", Before: "9", After: ""}}},
	{Kind: plan.KindSpendLimit, Action: plan.Update, Target: "organization",
		Fields: []plan.Field{{Name: "amount", After: "500.00 USD"}, {Name: "amount_minor", After: "50000"}, {Name: "period", After: "monthly"}}},
	{Kind: plan.KindSpendLimit, Action: plan.Update, Workspace: "new", Target: "workspace new",
		Fields: []plan.Field{{Name: "amount_minor", After: "100"}, {Name: "period", After: "monthly"}}},
	{Kind: plan.KindPerson, Action: plan.Create, Email: "a@example.com", Fields: role("", "developer"), RBACGroups: []plan.GroupRef{{Name: "eng"}, {ID: "rbac_group_old"}}},
	{Kind: plan.KindRBACMember, Action: plan.Create, Target: "eng", Email: "b@example.com", UserID: "user_2"},
	{Kind: plan.KindRBACMember, Action: plan.Delete, Target: "old", TargetID: "rbac_group_old", Email: "c@example.com", UserID: "user_3"},
	{Kind: plan.KindSpendLimit, Action: plan.Delete, Target: "workspace gone", TargetID: "spl_9"},
	{Kind: plan.KindAPIKey, Action: plan.Update, Target: "ci", TargetID: "apikey_1", Reason: plan.ReasonCreatorGone,
		Fields: []plan.Field{{Name: "status", Before: "active", After: "inactive"}}},
}}

func TestRunSendsSettings(t *testing.T) {
	client := &fakeClient{}
	if _, err := apply.Run(context.Background(), client, settings, apply.Options{}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"create rbac group eng",
		"create workspace new ",
		"set compliance enabled",
		"set rate limits wrkspc_new_new rl_1 requests_per_minute=500,tokens_per_day=null",
		"set spend limit organization  50000 monthly",
		"set spend limit workspace wrkspc_new_new 100 monthly",
		"create invite a@example.com developer rbac_group_new_eng,rbac_group_old",
		"add rbac member rbac_group_new_eng user_2",
		"remove rbac member rbac_group_old user_3",
		"delete spend limit spl_9",
		"update api key apikey_1 inactive",
	}
	if diff := cmp.Diff(want, client.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func TestRunSkipsMembersOfFailedGroup(t *testing.T) {
	client := &fakeClient{fail: map[string]bool{"create rbac group eng": true}}
	report, err := apply.Run(context.Background(), client, settings, apply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := report.Results[7]; got.Status != apply.Skipped || got.SkipReason != `RBAC group "eng" was not created` {
		t.Errorf("member of a failed group: %s (%s), want skipped", got.Status, got.SkipReason)
	}
}
