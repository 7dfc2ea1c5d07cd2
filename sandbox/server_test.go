package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

func TestAuthentication(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{AdminKeys: []string{testKey, "sk-ant-admin01-second"}})
	tests := []struct {
		name    string
		headers map[string]string
		want    rawResult
	}{
		{"bearer token", map[string]string{"Authorization": "Bearer " + testKey}, rawResult{Status: 200}},
		{"x-api-key", map[string]string{"x-api-key": testKey}, rawResult{Status: 200}},
		{"second key", map[string]string{"x-api-key": "sk-ant-admin01-second"}, rawResult{Status: 200}},
		{"wrong x-api-key", map[string]string{"x-api-key": "sk-ant-admin01-wrong"}, rawResult{401, "authentication_error", ""}},
		{"wrong bearer token", map[string]string{"Authorization": "Bearer sk-ant-admin01-wrong"}, rawResult{401, "authentication_error", ""}},
		{"key without Bearer", map[string]string{"Authorization": testKey}, rawResult{401, "authentication_error", ""}},
		{"no credential", map[string]string{}, rawResult{401, "authentication_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", tt.headers)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(res.Header.Get("request-id"), "req_") {
				t.Errorf("request-id header = %q, want req_…", res.Header.Get("request-id"))
			}
		})
	}
}

func TestAuthenticationThroughSDK(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	ctx := context.Background()
	good := newClient(hs, testKey)
	if _, err := good.Organization.Get(ctx); err != nil {
		t.Errorf("Organization.Get with the right key: %v", err)
	}
	bad := newClient(hs, "sk-ant-admin01-wrong")
	_, err := bad.Organization.Get(ctx)
	if diff := cmp.Diff(apiError{401, "authentication_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("wrong key (-want +got):\n%s", diff)
	}
}

func TestServerWithoutKeysRejectsAll(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{AdminKeys: []string{}})
	res := doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", authHeader)
	if diff := cmp.Diff(rawResult{401, "authentication_error", ""}, res.summary()); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
}

func TestErrorBodyShape(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	type details struct {
		ErrorCode string `json:"error_code"`
	}
	type body struct {
		Type  string `json:"type"`
		Error struct {
			Type    string   `json:"type"`
			Message string   `json:"message"`
			Details *details `json:"details"`
		} `json:"error"`
		RequestID string `json:"request_id"`
	}
	tests := []struct {
		name, method, path, body string
		wantType                 string
		wantDetails              *details
	}{
		{"with an error code", http.MethodPost, "/v1/organizations/invites", `{"email":"bo@acme.example","role":"user"}`,
			"invalid_request_error", &details{"invite_already_exists"}},
		{"without an error code", http.MethodGet, "/v1/organizations/users/user_99", "", "not_found_error", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doRaw(t, hs, tt.method, tt.path, tt.body, authHeader)
			var got body
			dec := json.NewDecoder(bytes.NewReader(res.Body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("error body %s: %v", res.Body, err)
			}
			if got.Type != "error" || got.Error.Type != tt.wantType || got.Error.Message == "" {
				t.Errorf("body = %s, want type error, error.type %s and a message", res.Body, tt.wantType)
			}
			if diff := cmp.Diff(tt.wantDetails, got.Error.Details); diff != "" {
				t.Errorf("details (-want +got):\n%s", diff)
			}
			if got.RequestID == "" || got.RequestID != res.Header.Get("request-id") {
				t.Errorf("request_id %q, header %q: want the same non-empty ID", got.RequestID, res.Header.Get("request-id"))
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
		})
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	tests := []struct {
		name, method, path string
		want               rawResult
		wantAllow          string
	}{
		{"unknown path", http.MethodGet, "/v1/organizations/teams", rawResult{404, "not_found_error", ""}, ""},
		{"path with a trailing part", http.MethodGet, "/v1/organizations/users/user_01/extra", rawResult{404, "not_found_error", ""}, ""},
		{"unknown sandbox path", http.MethodGet, "/_sandbox/nothing", rawResult{404, "not_found_error", ""}, ""},
		{"wrong method on a list", http.MethodPut, "/v1/organizations/users", rawResult{405, "invalid_request_error", ""}, "GET"},
		{"wrong method on an object", http.MethodPatch, "/v1/organizations/workspaces/wrkspc_01", rawResult{405, "invalid_request_error", ""}, "GET, POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doRaw(t, hs, tt.method, tt.path, "", authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if got := res.Header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
		})
	}
}

func TestRequestIDsAndRecord(t *testing.T) {
	srv, hs := startServer(t, fixture(t), sandbox.Options{})
	var ids []string
	for _, path := range []string{"/v1/organizations/me", "/v1/organizations/users?limit=1", "/_sandbox/state", "/v1/organizations/users/user_99"} {
		ids = append(ids, doRaw(t, hs, http.MethodGet, path, "", authHeader).Header.Get("request-id"))
	}
	if diff := cmp.Diff([]string{"req_000001", "req_000002", "req_000003", "req_000004"}, ids); diff != "" {
		t.Errorf("request IDs (-want +got):\n%s", diff)
	}
	want := []sandbox.Request{
		{Method: "GET", Path: "/v1/organizations/me", Status: 200},
		{Method: "GET", Path: "/v1/organizations/users", RawQuery: "limit=1", Status: 200},
		{Method: "GET", Path: "/v1/organizations/users/user_99", Status: 404},
	}
	if diff := cmp.Diff(want, srv.Requests()); diff != "" {
		t.Errorf("recorded requests (-want +got):\n%s", diff)
	}
}

// fakeClock is a wall clock that moves only when Advance is called.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestRateLimit(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	_, hs := startServer(t, fixture(t), sandbox.Options{RateLimit: 3, Now: clock.Now})
	get := func() rawResponse {
		return doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", authHeader)
	}
	for i := range 3 {
		if res := get(); res.Status != 200 {
			t.Fatalf("request %d status = %d, want 200", i+1, res.Status)
		}
	}

	steps := []struct {
		name           string
		advance        time.Duration
		wantStatus     int
		wantRetryAfter string
	}{
		{"past the limit", 0, 429, "60"},
		{"later in the window", 20*time.Second + 300*time.Millisecond, 429, "40"},
		{"last half second", 39 * time.Second, 429, "1"},
		{"next window", 700 * time.Millisecond, 200, ""},
	}
	for _, step := range steps {
		clock.Advance(step.advance)
		res := get()
		got := []any{res.Status, res.Header.Get("retry-after")}
		if diff := cmp.Diff([]any{step.wantStatus, step.wantRetryAfter}, got); diff != "" {
			t.Errorf("%s: status and retry-after (-want +got):\n%s", step.name, diff)
		}
		if step.wantStatus == 429 && res.summary().ErrorType != "rate_limit_error" {
			t.Errorf("%s: error type = %q, want rate_limit_error", step.name, res.summary().ErrorType)
		}
	}

	for range 5 {
		if res := doRaw(t, hs, http.MethodGet, "/_sandbox/state", "", authHeader); res.Status != 200 {
			t.Fatalf("sandbox route status = %d, want 200: sandbox routes are not limited", res.Status)
		}
	}
	for i := range 2 {
		if res := get(); res.Status != 200 {
			t.Errorf("request %d of the new window status = %d, want 200", i+2, res.Status)
		}
	}
}

func TestRateLimitThroughSDK(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	srv, hs := startServer(t, fixture(t), sandbox.Options{RateLimit: 1, Now: clock.Now})
	client := newClient(hs, testKey)
	ctx := context.Background()
	if _, err := client.Organization.Get(ctx); err != nil {
		t.Fatalf("first request: %v", err)
	}
	_, err := client.Organization.Get(ctx)
	if diff := cmp.Diff(apiError{429, "rate_limit_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("second request (-want +got):\n%s", diff)
	}
	if got := srv.Requests()[1].Status; got != 429 {
		t.Errorf("recorded status = %d, want 429", got)
	}
}

func TestRateLimitDefaultsTo100(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	srv := sandbox.New(fixture(t), sandbox.Options{AdminKeys: []string{testKey}, Now: clock.Now})
	statuses := map[int]int{}
	for range 101 {
		req, err := http.NewRequest(http.MethodGet, "/v1/organizations/me", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("x-api-key", testKey)
		rec := &responseRecorder{header: http.Header{}}
		srv.ServeHTTP(rec, req)
		statuses[rec.status]++
	}
	if diff := cmp.Diff(map[int]int{200: 100, 429: 1}, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

// responseRecorder keeps the status of a response and discards its body.
type responseRecorder struct {
	header http.Header
	status int
}

func (r *responseRecorder) Header() http.Header         { return r.header }
func (r *responseRecorder) Write(p []byte) (int, error) { return len(p), nil }
func (r *responseRecorder) WriteHeader(status int)      { r.status = status }

func TestFaults(t *testing.T) {
	const usersPath = "/v1/organizations/users"
	tests := []struct {
		name     string
		fault    sandbox.Fault
		requests []string // method and path of each request
		want     []int    // status of each request
	}{
		{"fails once then passes", sandbox.Fault{Path: usersPath, Times: 1, Status: 529},
			[]string{"GET " + usersPath, "GET " + usersPath}, []int{529, 200}},
		{"skip then fail twice", sandbox.Fault{Path: usersPath, Skip: 1, Times: 2, Status: 500},
			[]string{"GET " + usersPath, "GET " + usersPath, "GET " + usersPath, "GET " + usersPath}, []int{200, 500, 500, 200}},
		{"forever on other paths only", sandbox.Fault{Path: "/v1/organizations/me", Status: 503},
			[]string{"GET " + usersPath, "GET /v1/organizations/me", "GET /v1/organizations/me"}, []int{200, 503, 503}},
		{"method filter", sandbox.Fault{Method: "POST", Status: 409},
			[]string{"GET " + usersPath, "POST /v1/organizations/invites"}, []int{200, 409}},
		{"query filter", sandbox.Fault{QueryHas: "after_id", Status: 500},
			[]string{"GET " + usersPath + "?limit=1", "GET " + usersPath + "?limit=1&after_id=user_04"}, []int{200, 500}},
		{"bracket query filter", sandbox.Fault{QueryHas: "roles", Status: 500},
			[]string{"GET " + usersPath, "GET " + usersPath + "?roles[]=admin"}, []int{200, 500}},
		{"unknown routes are faulted too", sandbox.Fault{Status: 500, Times: 1},
			[]string{"GET /v1/nothing", "GET /v1/nothing"}, []int{500, 404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hs := startServer(t, fixture(t), sandbox.Options{})
			srv.AddFault(tt.fault)
			var got []int
			for _, r := range tt.requests {
				method, path, _ := strings.Cut(r, " ")
				got = append(got, doRaw(t, hs, method, path, `{"email":"new@acme.example","role":"user"}`, authHeader).Status)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			var recorded []int
			for _, r := range srv.Requests() {
				recorded = append(recorded, r.Status)
			}
			if diff := cmp.Diff(tt.want, recorded); diff != "" {
				t.Errorf("recorded statuses (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFaultBodyAndHeaders(t *testing.T) {
	srv, hs := startServer(t, fixture(t), sandbox.Options{})
	srv.AddFault(sandbox.Fault{Status: 429, RetryAfter: "7", ErrorCode: "concurrent_membership_change"})
	res := doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", authHeader)
	if diff := cmp.Diff(rawResult{429, "rate_limit_error", "concurrent_membership_change"}, res.summary()); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
	if got := res.Header.Get("retry-after"); got != "7" {
		t.Errorf("retry-after = %q, want 7", got)
	}
	res = doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", map[string]string{"x-api-key": "wrong"})
	if res.Status != 401 {
		t.Errorf("status with a wrong key = %d, want 401: authentication comes before faults", res.Status)
	}
}

func TestFaultFailsSecondPageThroughSDK(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	srv.AddFault(sandbox.Fault{QueryHas: "after_id", Status: 500, Times: 1})
	pager := client.Organization.Users.ListAutoPaging(context.Background(), anthropic.OrganizationUserListParams{Limit: anthropic.Int(4)})
	n := 0
	for pager.Next() {
		n++
	}
	if diff := cmp.Diff(apiError{500, "api_error", ""}, asAPIError(t, pager.Err())); diff != "" {
		t.Errorf("pager error (-want +got):\n%s", diff)
	}
	if n != 4 {
		t.Errorf("items before the fault = %d, want 4", n)
	}
}

func TestFaultRoute(t *testing.T) {
	srv, hs := startServer(t, fixture(t), sandbox.Options{})
	tests := []struct {
		name, body string
		want       rawResult
	}{
		{"valid fault", `{"path":"/v1/organizations/me","status":529,"times":1}`, rawResult{Status: 200}},
		{"status not an error", `{"status":200}`, rawResult{400, "invalid_request_error", ""}},
		{"negative skip", `{"status":500,"skip":-1}`, rawResult{400, "invalid_request_error", ""}},
		{"unknown field", `{"status":500,"count":1}`, rawResult{400, "invalid_request_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doRaw(t, hs, http.MethodPost, "/_sandbox/faults", tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
		})
	}
	got := []int{
		doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", authHeader).Status,
		doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", authHeader).Status,
	}
	if diff := cmp.Diff([]int{529, 200}, got); diff != "" {
		t.Errorf("statuses after the fault route (-want +got):\n%s", diff)
	}
	if got := len(srv.Requests()); got != 2 {
		t.Errorf("recorded requests = %d, want 2", got)
	}
}

func TestLogging(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, hs := startServer(t, fixture(t), sandbox.Options{Logger: logger})
	doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", map[string]string{"Authorization": "Bearer " + testKey})
	doRaw(t, hs, http.MethodGet, "/v1/organizations/users/user_99", "", authHeader)

	type entry struct {
		Level     string `json:"level"`
		Method    string `json:"method"`
		Path      string `json:"path"`
		Status    int    `json:"status"`
		RequestID string `json:"request_id"`
	}
	var got []entry
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var e entry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		got = append(got, e)
	}
	want := []entry{
		{"DEBUG", "GET", "/v1/organizations/me", 200, "req_000001"},
		{"DEBUG", "GET", "/v1/organizations/users/user_99", 404, "req_000002"},
		{"INFO", "GET", "/v1/organizations/users/user_99", 404, "req_000002"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log entries (-want +got):\n%s", diff)
	}
	if strings.Contains(buf.String(), testKey) {
		t.Error("log contains the API key")
	}
}

func TestConcurrentWrites(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	const n = 20

	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{
				Email: fmt.Sprintf("person%d@acme.example", i), Role: "user",
			})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Invites.New: %v", err)
		}
	}

	st := srv.Snapshot()
	ids := map[string]bool{}
	for _, inv := range st.Invites {
		ids[inv.ID] = true
	}
	if len(ids) != 4+n || st.NextID != 100+n {
		t.Errorf("distinct invite IDs = %d, next_id = %d; want %d and %d", len(ids), st.NextID, 4+n, 100+n)
	}
}
