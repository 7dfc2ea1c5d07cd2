package admin_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/sandbox"
)

// anyOrder compares live states whose lists may come in any order. The
// read time is checked on its own, in TestReadStateRecordsServerTime.
var anyOrder = cmp.Options{
	cmpopts.IgnoreFields(live.State{}, "ReadAt"),
	cmpopts.SortSlices(func(a, b live.User) bool { return a.ID < b.ID }),
	cmpopts.SortSlices(func(a, b live.Invite) bool { return a.ID < b.ID }),
	cmpopts.SortSlices(func(a, b live.Workspace) bool { return a.ID < b.ID }),
	cmpopts.SortSlices(func(a, b live.Member) bool { return a.UserID < b.UserID }),
}

func readAll(ws live.Workspace) bool { return true }

// listPaths maps each list to the path its pages are read from.
var listPaths = map[string]string{
	"users":      "/v1/organizations/users",
	"invites":    "/v1/organizations/invites",
	"workspaces": "/v1/organizations/workspaces",
}

// countRequests returns the number of GET requests per path.
func countRequests(reqs []sandbox.Request) map[string]int {
	counts := map[string]int{}
	for _, r := range reqs {
		if r.Method == http.MethodGet {
			counts[r.Path]++
		}
	}
	return counts
}

// pagesNeeded returns the number of pages a list of n items takes with
// pageSize items per page. An empty list still takes one.
func pagesNeeded(n, pageSize int) int {
	return max(1, (n+pageSize-1)/pageSize)
}

func TestReadStateSameForEveryPageSize(t *testing.T) {
	shape := orgShape{users: 120, invites: 120, workspaces: 5, membersPerWorkspace: 9}
	st := generateState(t, shape)
	want := expectedState(st)
	_, baselineURL := startSandbox(t, st, sandbox.Options{})
	baseline, err := newClient(baselineURL, 1000).ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: readAll})
	if err != nil {
		t.Fatalf("ReadState with page size 1000: %v", err)
	}

	tests := []struct {
		name         string
		pageSize     int64
		maxPageItems int
		// perPage is the number of items the sandbox puts in a page.
		perPage int
	}{
		{name: "page size 1", pageSize: 1, perPage: 1},
		{name: "page size 2", pageSize: 2, perPage: 2},
		{name: "page size 1000", pageSize: 1000, perPage: 1000},
		{name: "short pages under page size 1000", pageSize: 1000, maxPageItems: 7, perPage: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, url := startSandbox(t, st, sandbox.Options{MaxPageItems: tt.maxPageItems})
			c := newClient(url, tt.pageSize)

			got, err := c.ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: readAll})
			if err != nil {
				t.Fatalf("ReadState: %v", err)
			}
			if diff := cmp.Diff(want, got, anyOrder); diff != "" {
				t.Errorf("state (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(baseline, got); diff != "" {
				t.Errorf("state or order differs from one read with page size 1000 (-baseline +got):\n%s", diff)
			}

			counts := countRequests(srv.Requests())
			wantCounts := map[string]int{
				"/v1/organizations/me":  1,
				listPaths["users"]:      pagesNeeded(len(want.Users), tt.perPage),
				listPaths["invites"]:    pagesNeeded(len(want.Invites), tt.perPage),
				listPaths["workspaces"]: pagesNeeded(len(want.Workspaces), tt.perPage),
			}
			for _, ws := range want.Workspaces {
				wantCounts[listPaths["workspaces"]+"/"+ws.ID+"/members"] = pagesNeeded(len(ws.Members), tt.perPage)
			}
			if diff := cmp.Diff(wantCounts, counts); diff != "" {
				t.Errorf("GET requests per path (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadStateKeepsAPIOrder(t *testing.T) {
	st := generateState(t, orgShape{users: 10, invites: 10, workspaces: 3, membersPerWorkspace: 4})
	_, url := startSandbox(t, st, sandbox.Options{})

	got, err := newClient(url, 3).ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: readAll})
	if err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	// The sandbox lists users and invites newest first, and generateState
	// makes each one older than the one before.
	for i := 1; i < len(got.Users); i++ {
		if got.Users[i-1].ID > got.Users[i].ID {
			t.Errorf("users out of API order: %s before %s", got.Users[i-1].ID, got.Users[i].ID)
		}
	}
	for i := 1; i < len(got.Invites); i++ {
		if got.Invites[i-1].InvitedAt.Before(got.Invites[i].InvitedAt) {
			t.Errorf("invites out of API order: %s before %s", got.Invites[i-1].ID, got.Invites[i].ID)
		}
	}
}

func TestReadStateSelectsMemberWorkspaces(t *testing.T) {
	st := generateState(t, orgShape{users: 20, invites: 0, workspaces: 3, membersPerWorkspace: 5})
	srv, url := startSandbox(t, st, sandbox.Options{})
	selected := func(ws live.Workspace) bool { return ws.Name == "team-1" }

	got, err := newClient(url, 0).ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: selected})
	if err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	for _, ws := range got.Workspaces {
		wantRead := ws.Name == "team-1"
		if ws.MembersRead != wantRead {
			t.Errorf("workspace %s: MembersRead = %v, want %v", ws.Name, ws.MembersRead, wantRead)
		}
		if wantRead && len(ws.Members) != 5 {
			t.Errorf("workspace %s: %d members, want 5", ws.Name, len(ws.Members))
		}
		if !wantRead && ws.Members != nil {
			t.Errorf("workspace %s: members %v read though not selected", ws.Name, ws.Members)
		}
	}
	counts := countRequests(srv.Requests())
	if n := counts["/v1/organizations/workspaces/wrkspc_001/members"]; n != 1 {
		t.Errorf("member requests for team-1 = %d, want 1", n)
	}
	for _, id := range []string{"wrkspc_000", "wrkspc_002"} {
		if n := counts["/v1/organizations/workspaces/"+id+"/members"]; n != 0 {
			t.Errorf("member requests for %s = %d, want 0", id, n)
		}
	}

	got, err = newClient(url, 0).ReadState(context.Background(), admin.ReadOptions{})
	if err != nil {
		t.Fatalf("ReadState with no selector: %v", err)
	}
	for _, ws := range got.Workspaces {
		if ws.MembersRead {
			t.Errorf("workspace %s: MembersRead with no selector", ws.Name)
		}
	}
}

func TestReadStateLargeOrganization(t *testing.T) {
	st := generateState(t, orgShape{users: 1000, invites: 300, workspaces: 20, membersPerWorkspace: 50})
	srv, url := startSandbox(t, st, sandbox.Options{})

	got, err := newClient(url, 1000).ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: readAll})
	if err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	if diff := cmp.Diff(expectedState(st), got, anyOrder); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
	// me + users + invites + workspaces + one member page per workspace.
	if got, want := len(srv.Requests()), 1+1+1+1+20; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
}

func TestReadStateFailsOnErrorStatus(t *testing.T) {
	st := generateState(t, orgShape{users: 5, invites: 5, workspaces: 3, membersPerWorkspace: 3})
	tests := []struct {
		name     string
		fault    sandbox.Fault
		wantOp   string
		wantType string
	}{
		{
			name:     "rate limit on users page 2",
			fault:    sandbox.Fault{Method: "GET", Path: "/v1/organizations/users", QueryHas: "after_id", Status: 429, RetryAfter: "0"},
			wantOp:   "users page 2",
			wantType: "rate_limit_error",
		},
		{
			name:     "server error on users page 2",
			fault:    sandbox.Fault{Method: "GET", Path: "/v1/organizations/users", QueryHas: "after_id", Status: 500, RetryAfter: "0"},
			wantOp:   "users page 2",
			wantType: "api_error",
		},
		{
			name:     "overload on users page 2",
			fault:    sandbox.Fault{Method: "GET", Path: "/v1/organizations/users", QueryHas: "after_id", Status: 529, RetryAfter: "0"},
			wantOp:   "users page 2",
			wantType: "overloaded_error",
		},
		{
			name:     "rate limit on invites page 1",
			fault:    sandbox.Fault{Method: "GET", Path: "/v1/organizations/invites", Status: 429, RetryAfter: "0"},
			wantOp:   "invites page 1",
			wantType: "rate_limit_error",
		},
		{
			name:     "server error on workspaces page 2",
			fault:    sandbox.Fault{Method: "GET", Path: "/v1/organizations/workspaces", Skip: 1, Status: 500, RetryAfter: "0"},
			wantOp:   "workspaces page 2",
			wantType: "api_error",
		},
		{
			name:     "rate limit on members page 1",
			fault:    sandbox.Fault{Method: "GET", Path: "/v1/organizations/workspaces/wrkspc_001/members", Status: 429, RetryAfter: "0"},
			wantOp:   `members of workspace "team-1" (wrkspc_001) page 1`,
			wantType: "rate_limit_error",
		},
		{
			name:     "overload on members page 2",
			fault:    sandbox.Fault{Method: "GET", Path: "/v1/organizations/workspaces/wrkspc_002/members", QueryHas: "after_id", Status: 529, RetryAfter: "0"},
			wantOp:   `members of workspace "team-2" (wrkspc_002) page 2`,
			wantType: "overloaded_error",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, url := startSandbox(t, st, sandbox.Options{})
			srv.AddFault(tt.fault)
			c := admin.New(admin.Options{BaseURL: url, APIKey: testKey, MaxRetries: 1, PageSize: 2})

			got, err := c.ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: readAll})
			if got != nil {
				t.Errorf("ReadState returned a state with error %v", err)
			}
			if !errors.Is(err, admin.ErrIncomplete) {
				t.Fatalf("error %v does not wrap ErrIncomplete", err)
			}
			wantPrefix := "live state incomplete: " + tt.wantOp + ": "
			if !strings.HasPrefix(err.Error(), wantPrefix) {
				t.Errorf("error = %q, want prefix %q", err, wantPrefix)
			}
			var apiErr *admin.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *admin.Error", err)
			}
			if apiErr.Status != tt.fault.Status {
				t.Errorf("status = %d, want %d", apiErr.Status, tt.fault.Status)
			}
			if apiErr.Type != tt.wantType {
				t.Errorf("type = %q, want %q", apiErr.Type, tt.wantType)
			}
			if !strings.HasPrefix(apiErr.RequestID, "req_") {
				t.Errorf("request id = %q, want a req_ id", apiErr.RequestID)
			}
			if !strings.Contains(err.Error(), "(request-id "+apiErr.RequestID+")") {
				t.Errorf("error %q does not name request id %s", err, apiErr.RequestID)
			}
			if strings.Contains(err.Error(), "limit=") || strings.Contains(err.Error(), "http://") {
				t.Errorf("error %q contains the request URL", err)
			}
			failed := 0
			for _, r := range srv.Requests() {
				if r.Path == tt.fault.Path && r.Status == tt.fault.Status {
					failed++
				}
			}
			if failed != 2 {
				t.Errorf("failed requests to %s = %d, want 2: the first attempt and one retry", tt.fault.Path, failed)
			}
		})
	}
}

// inFlightTransport counts the requests in flight through it and records
// the highest count seen.
type inFlightTransport struct {
	mu       sync.Mutex
	current  int
	highest  int
	requests int
}

func (tr *inFlightTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tr.mu.Lock()
	tr.current++
	tr.requests++
	tr.highest = max(tr.highest, tr.current)
	tr.mu.Unlock()
	defer func() {
		tr.mu.Lock()
		tr.current--
		tr.mu.Unlock()
	}()
	return http.DefaultTransport.RoundTrip(req)
}

func TestReadStateBoundsConcurrency(t *testing.T) {
	st := generateState(t, orgShape{users: 30, invites: 0, workspaces: 20, membersPerWorkspace: 6})
	_, url := startSandbox(t, st, sandbox.Options{})
	transport := &inFlightTransport{}
	c := admin.New(admin.Options{
		BaseURL: url, APIKey: testKey, MaxRetries: 0, PageSize: 2, Concurrency: 2,
		HTTPClient: &http.Client{Transport: transport},
	})

	got, err := c.ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: readAll})
	if err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	if diff := cmp.Diff(expectedState(st), got, anyOrder); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
	if transport.requests == 0 {
		t.Fatal("no request went through Options.HTTPClient")
	}
	if transport.highest > 2 {
		t.Errorf("%d requests in flight at once, want at most 2", transport.highest)
	}
}

func TestReadStateLogsPages(t *testing.T) {
	st := generateState(t, orgShape{users: 3, invites: 0, workspaces: 1, membersPerWorkspace: 1})
	_, url := startSandbox(t, st, sandbox.Options{})
	var logs bytes.Buffer
	c := admin.New(admin.Options{
		BaseURL: url, APIKey: testKey, MaxRetries: 0, PageSize: 2,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})

	if _, err := c.ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: readAll}); err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	for _, want := range []string{
		`msg="list page read" list=users page=1 items=2`,
		`msg="list page read" list=users page=2 items=1`,
		`msg="list page read" list=invites page=1 items=0`,
		`msg="list page read" list="members of workspace \"team-0\" (wrkspc_000)" page=1 items=1`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log output lacks %s:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), testKey) {
		t.Error("log output contains the key")
	}
}

// TestReadStateRecordsServerTime checks that the read time is the
// server's clock, not the local one: the sandbox's clock is frozen days
// before the machine's, and invite expiry must be judged by it.
func TestReadStateRecordsServerTime(t *testing.T) {
	_, url := startSandbox(t, generateState(t, orgShape{users: 1}), sandbox.Options{})
	st, err := newClient(url, 0).ReadState(context.Background(), admin.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !st.ReadAt.Equal(testNow) {
		t.Errorf("ReadAt = %v, want the sandbox clock %v", st.ReadAt, testNow)
	}
}

// TestReadStateWaitsRetryAfterWithinDeadline checks that a retry-after
// longer than the per-attempt timeout is still waited for when the
// caller's deadline allows it: the attempt timeout bounds one request,
// not the pause between attempts.
func TestReadStateWaitsRetryAfterWithinDeadline(t *testing.T) {
	srv, url := startSandbox(t, generateState(t, orgShape{users: 3}), sandbox.Options{})
	srv.AddFault(sandbox.Fault{Method: "GET", Path: "/v1/organizations/users", Times: 1, Status: 429, RetryAfter: "1"})
	client := admin.New(admin.Options{BaseURL: url, APIKey: testKey, MaxRetries: 1, RequestTimeout: 300 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler)})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := client.ReadState(ctx, admin.ReadOptions{}); err != nil {
		t.Fatalf("ReadState: %v", err)
	}
}

// TestRetryIsLogged checks that a retried response is logged with its
// status, so a long retry-after pause does not look like a hang.
func TestRetryIsLogged(t *testing.T) {
	srv, url := startSandbox(t, generateState(t, orgShape{users: 3}), sandbox.Options{})
	srv.AddFault(sandbox.Fault{Method: "GET", Path: "/v1/organizations/users", Times: 1, Status: 529, RetryAfter: "0"})
	var logs strings.Builder
	client := admin.New(admin.Options{BaseURL: url, APIKey: testKey, MaxRetries: 1,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	if _, err := client.ReadState(context.Background(), admin.ReadOptions{}); err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	if !strings.Contains(logs.String(), `msg="request will be retried"`) || !strings.Contains(logs.String(), "status=529") {
		t.Errorf("logs do not report the retry:\n%s", logs.String())
	}
}
