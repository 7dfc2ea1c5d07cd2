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

func (f *fakeClient) CreateWorkspace(_ context.Context, name, color string) (live.Workspace, apply.Receipt, error) {
	r, err := f.record("create workspace " + name + " " + color)
	if err != nil {
		return live.Workspace{}, r, err
	}
	return live.Workspace{ID: "wrkspc_new_" + name, Name: name}, r, nil
}

func (f *fakeClient) UpdateWorkspace(_ context.Context, id, name, color string) (apply.Receipt, error) {
	return f.record("update workspace " + id + " " + name + " " + color)
}

func (f *fakeClient) ArchiveWorkspace(_ context.Context, id string) (apply.Receipt, error) {
	return f.record("archive workspace " + id)
}

func (f *fakeClient) CreateInvite(_ context.Context, email, role string) (live.Invite, apply.Receipt, error) {
	r, err := f.record("create invite " + email + " " + role)
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

func (c *cancellingClient) CreateWorkspace(ctx context.Context, name, color string) (live.Workspace, apply.Receipt, error) {
	c.cancel()
	return c.fakeClient.CreateWorkspace(ctx, name, color)
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
