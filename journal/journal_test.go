package journal_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/journal"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
	"github.com/orgsync/orgsync/sandbox"
)

const testKey = "sk-ant-admin01-journal-test-key"

var testNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// invitePlan invites n people as developers.
func invitePlan(n int) *plan.Plan {
	p := &plan.Plan{Organization: plan.Organization{ID: "8c1f0d4e-0000-4000-8000-000000000001", Name: "Acme"}}
	for i := range n {
		p.Changes = append(p.Changes, plan.Change{
			Kind: plan.KindPerson, Action: plan.Create, Reason: plan.ReasonMissing,
			Email:  fmt.Sprintf("person%d@example.com", i),
			Fields: []plan.Field{{Name: "state", Before: "absent", After: "invited"}, {Name: "role", After: "developer"}},
		})
	}
	return p
}

// dyingSandbox serves a sandbox for the first writes requests that change
// something, then closes every connection without a response, as a server
// that crashed or a network that went away. It collects the request-id
// header of every served write.
type dyingSandbox struct {
	server *sandbox.Server
	writes int

	mu         sync.Mutex
	served     int
	requestIDs []string
}

func (d *dyingSandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	write := r.Method != http.MethodGet
	dead := write && d.served >= d.writes
	if write && !dead {
		d.served++
	}
	d.mu.Unlock()
	if dead {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	d.server.ServeHTTP(w, r)
	if write {
		d.mu.Lock()
		d.requestIDs = append(d.requestIDs, w.Header().Get("request-id"))
		d.mu.Unlock()
	}
}

// checkedRecorder records through the journal, then reads the file back
// to check that the record is there before apply sends the next change.
type checkedRecorder struct {
	t       *testing.T
	journal *journal.Journal
	path    string
	records int
}

func (c *checkedRecorder) Record(res apply.Result) error {
	if err := c.journal.Record(res); err != nil {
		return err
	}
	c.records++
	if got, want := len(readLines(c.t, c.path)), 1+c.records; got != want {
		c.t.Errorf("after record %d the file has %d lines, want %d", c.records, got, want)
	}
	return nil
}

func TestJournalKeepsChangesBeforeServerDies(t *testing.T) {
	st := &sandbox.State{
		Organization: sandbox.Organization{ID: "8c1f0d4e-0000-4000-8000-000000000001", Name: "Acme"},
		Now:          &testNow,
		NextID:       100,
		Users:        []sandbox.User{{ID: "user_01", Email: "ada@example.com", Name: "Ada", Role: "admin", AddedAt: testNow}},
	}
	dying := &dyingSandbox{server: sandbox.New(st, sandbox.Options{AdminKeys: []string{testKey}, RateLimit: -1}), writes: 3}
	server := httptest.NewServer(dying)
	defer server.Close()
	client := admin.New(admin.Options{BaseURL: server.URL, APIKey: testKey, MaxRetries: 0, Logger: slog.New(slog.DiscardHandler)})

	path := filepath.Join(t.TempDir(), "audit.jsonl")
	p := invitePlan(6)
	j, err := journal.Open(path, p, journal.Options{Version: "test", Secrets: []string{testKey}})
	if err != nil {
		t.Fatal(err)
	}
	recorder := &checkedRecorder{t: t, journal: j, path: path}
	report, err := apply.Run(context.Background(), client, p, apply.Options{FailFast: true, Recorder: recorder})
	if err != nil {
		t.Fatal(err)
	}
	// The process is killed here: the journal is never closed.

	var got []string
	var changes []journal.Change
	for i, line := range readLines(t, path) {
		if i == 0 {
			continue
		}
		var rec journal.Change
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d is not a change record: %v", i+1, err)
		}
		changes = append(changes, rec)
		if rec.Result == string(apply.Applied) {
			got = append(got, rec.RequestID)
		}
	}
	if diff := cmp.Diff(dying.requestIDs, got); diff != "" {
		t.Errorf("request ids of applied changes (-sandbox +journal):\n%s", diff)
	}
	if len(dying.requestIDs) != 3 {
		t.Errorf("sandbox answered %d writes, want 3", len(dying.requestIDs))
	}
	if len(changes) != len(report.Results) {
		t.Fatalf("journal has %d change records, apply reported %d results", len(changes), len(report.Results))
	}
	results := make([]string, len(changes))
	for i, rec := range changes {
		results[i] = rec.Result
	}
	want := []string{"applied", "applied", "applied", "failed", "skipped", "skipped"}
	if diff := cmp.Diff(want, results); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if changes[3].Error == "" {
		t.Error("the failed change has no error")
	}
	if changes[0].CreatedID == "" || changes[0].Email != "person0@example.com" || changes[0].After["role"] != "developer" {
		t.Errorf("first change record lacks its created id, email or role: %+v", changes[0])
	}
	if data, _ := os.ReadFile(path); strings.Contains(string(data), testKey) {
		t.Error("the journal contains the admin key")
	}
}

func TestJournalRecordsWholeRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	clock := testNow
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	p := invitePlan(2)
	p.Source = plan.Source{Path: "org.yaml", Repository: "https://x-access-token:ghp_0123456789abcdefghijABCDEFGHIJ@github.com/acme/org.git", Ref: "main", Commit: "abc123"}
	p.Changes = append(p.Changes, plan.Change{Kind: plan.KindMember, Action: plan.Wait, Reason: plan.ReasonWaitingForInvite, Email: "person0@example.com", Workspace: "research"})

	opts := journal.Options{Version: "v1.2.3", Overrides: []string{"--force"}, Actor: journal.Actor{GitHubActor: "octocat", GitHubRunID: "42"},
		Secrets: []string{testKey}, Now: now, RunID: "run_test"}
	j, err := journal.Open(path, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	results := []apply.Result{
		{Change: p.Changes[0], Status: apply.Applied, RequestID: "req_000001", CreatedID: "invite_100", Duration: 2 * time.Millisecond},
		{Change: p.Changes[1], Status: apply.Failed, HTTPStatus: 500, RequestID: "req_000002",
			Err: fmt.Errorf("create invite: proxy sent Authorization: Bearer %s", testKey)},
		{Change: p.Changes[2], Status: apply.Skipped, SkipReason: string(plan.ReasonWaitingForInvite)},
	}
	for _, res := range results {
		if err := j.Record(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(4); err != nil {
		t.Fatal(err)
	}

	lines := readLines(t, path)
	if len(lines) != 5 {
		t.Fatalf("journal has %d lines, want 5:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	var start journal.RunStart
	mustUnmarshal(t, lines[0], &start)
	wantStart := journal.RunStart{
		Type: "run_start", RunID: "run_test", Time: "2026-12-01T12:00:01Z", Version: "v1.2.3",
		Organization:    journal.Organization{ID: "8c1f0d4e-0000-4000-8000-000000000001", Name: "Acme"},
		Source:          journal.Source{Path: "org.yaml", Repository: "https://[redacted]@github.com/acme/org.git", Ref: "main", Commit: "abc123"},
		PlanFingerprint: render.Fingerprint(p), Overrides: []string{"--force"},
		Actor: journal.Actor{GitHubActor: "octocat", GitHubRunID: "42"}, Changes: 3,
	}
	if diff := cmp.Diff(wantStart, start); diff != "" {
		t.Errorf("run_start (-want +got):\n%s", diff)
	}

	var failed journal.Change
	mustUnmarshal(t, lines[2], &failed)
	wantFailed := journal.Change{
		Type: "change", RunID: "run_test", Seq: 2, Time: "2026-12-01T12:00:03Z", Action: plan.Create, Kind: plan.KindPerson,
		Target: "person person1@example.com", Email: "person1@example.com",
		Before: map[string]string{"state": "absent"}, After: map[string]string{"state": "invited", "role": "developer"},
		Effects: []plan.Effect{plan.EffectSendsEmail}, Result: "failed",
		Error: "create invite: proxy sent Authorization: Bearer [redacted]", HTTPStatus: 500, RequestID: "req_000002",
	}
	if diff := cmp.Diff(wantFailed, failed); diff != "" {
		t.Errorf("failed change (-want +got):\n%s", diff)
	}

	var end journal.RunEnd
	mustUnmarshal(t, lines[4], &end)
	wantEnd := journal.RunEnd{Type: "run_end", RunID: "run_test", Time: "2026-12-01T12:00:05Z",
		Counts: journal.Counts{Applied: 1, Failed: 1, Skipped: 1}, ExitCode: 4}
	if diff := cmp.Diff(wantEnd, end); diff != "" {
		t.Errorf("run_end (-want +got):\n%s", diff)
	}
	for i, line := range lines {
		if strings.Contains(line, "TESTSECRET") || strings.Contains(line, testKey) || strings.Contains(line, "ghp_") {
			t.Errorf("line %d contains a secret: %s", i+1, line)
		}
	}
}

func TestJournalDryRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	p := invitePlan(2)
	j, err := journal.Open(path, p, journal.Options{DryRun: true, RunID: "run_dry"})
	if err != nil {
		t.Fatal(err)
	}
	// A dry run sends nothing, so it needs no client.
	if _, err := apply.Run(context.Background(), nil, p, apply.Options{DryRun: true, Recorder: j}); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(2); err != nil {
		t.Fatal(err)
	}
	lines := readLines(t, path)
	var start journal.RunStart
	mustUnmarshal(t, lines[0], &start)
	if !start.DryRun {
		t.Error("run_start of a dry run has dry_run false")
	}
	for _, line := range lines[1:3] {
		var rec journal.Change
		mustUnmarshal(t, line, &rec)
		if rec.Result != "dry_run" {
			t.Errorf("change of a dry run has result %q, want dry_run", rec.Result)
		}
	}
	var end journal.RunEnd
	mustUnmarshal(t, lines[3], &end)
	if diff := cmp.Diff(journal.RunEnd{Type: "run_end", RunID: "run_dry", Time: end.Time, DryRun: true, Counts: journal.Counts{DryRun: 2}, ExitCode: 2}, end); diff != "" {
		t.Errorf("run_end (-want +got):\n%s", diff)
	}
}

func TestJournalAppendsRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	for _, id := range []string{"run_a", "run_b"} {
		j, err := journal.Open(path, invitePlan(1), journal.Options{RunID: id})
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Close(0); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	for _, line := range readLines(t, path) {
		var rec struct {
			Type  string `json:"type"`
			RunID string `json:"run_id"`
		}
		mustUnmarshal(t, line, &rec)
		ids = append(ids, rec.Type+" "+rec.RunID)
	}
	want := []string{"run_start run_a", "run_end run_a", "run_start run_b", "run_end run_b"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestJournalRejectsRecordAfterClose(t *testing.T) {
	j, err := journal.Open(filepath.Join(t.TempDir(), "audit.jsonl"), invitePlan(1), journal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Close(0); err != nil {
		t.Fatal(err)
	}
	if err := j.Record(apply.Result{Status: apply.Applied}); err == nil {
		t.Error("Record after Close returned no error")
	}
}

func TestJournalOpenFailsOnMissingDirectory(t *testing.T) {
	_, err := journal.Open(filepath.Join(t.TempDir(), "missing", "audit.jsonl"), invitePlan(1), journal.Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open error = %v, want one that wraps os.ErrNotExist", err)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		lines = append(lines, scanner.Text())
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func mustUnmarshal(t *testing.T, line string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(line), v); err != nil {
		t.Fatalf("decode %s: %v", line, err)
	}
}
