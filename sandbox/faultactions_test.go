package sandbox_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/orgsync/orgsync/sandbox"
)

const invitesPath = "/v1/organizations/invites"

var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

// pendingEmails returns the emails of the pending invites in st.
func pendingEmails(st *sandbox.State) []string {
	var emails []string
	for _, inv := range st.Invites {
		if inv.Status == "pending" {
			emails = append(emails, inv.Email)
		}
	}
	return emails
}

func TestFaultReset(t *testing.T) {
	srv, hs := startServer(t, fixture(t), sandbox.Options{})
	srv.AddFault(sandbox.Fault{Method: "POST", Path: invitesPath, Action: sandbox.ActionReset, Times: 1})
	before := pendingEmails(srv.Snapshot())

	req, _ := http.NewRequest("POST", hs.URL+invitesPath, strings.NewReader(`{"email":"new@acme.example","role":"user"}`))
	req.Header.Set("x-api-key", testKey)
	if res, err := hs.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("request got status %d, want a connection error", res.StatusCode)
	}
	if diff := cmp.Diff(before, pendingEmails(srv.Snapshot())); diff != "" {
		t.Errorf("pending invites after a reset request (-want +got):\n%s", diff)
	}
	want := []sandbox.Request{{Method: "POST", Path: invitesPath, Status: 0, Reset: true}}
	if diff := cmp.Diff(want, srv.Requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestFaultLoseResponse(t *testing.T) {
	srv, hs := startServer(t, fixture(t), sandbox.Options{})
	srv.AddFault(sandbox.Fault{Method: "POST", Path: invitesPath, Action: sandbox.ActionLoseResponse, Times: 1})

	req, _ := http.NewRequest("POST", hs.URL+invitesPath, strings.NewReader(`{"email":"new@acme.example","role":"user"}`))
	req.Header.Set("x-api-key", testKey)
	if res, err := hs.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("request got status %d, want a connection error", res.StatusCode)
	}
	if got := pendingEmails(srv.Snapshot()); !contains(got, "new@acme.example") {
		t.Errorf("pending invites = %v, want the invite created before the response was lost", got)
	}
	want := []sandbox.Request{{Method: "POST", Path: invitesPath, Status: 200, Reset: true}}
	if diff := cmp.Diff(want, srv.Requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestFaultLag(t *testing.T) {
	wall := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return wall }
	tests := []struct {
		name  string
		fault sandbox.Fault
		// advance is the wall time that passes after each invite create.
		advance time.Duration
		want    []string
	}{
		{
			name:    "one write behind",
			fault:   sandbox.Fault{Method: "GET", Path: invitesPath, Action: sandbox.ActionLag, LagWrites: 1},
			advance: time.Second,
			want:    []string{"bo@acme.example", "one@acme.example"},
		},
		{
			name:    "two writes behind",
			fault:   sandbox.Fault{Method: "GET", Path: invitesPath, Action: sandbox.ActionLag, LagWrites: 2},
			advance: time.Second,
			want:    []string{"bo@acme.example"},
		},
		{
			name:    "ninety seconds behind",
			fault:   sandbox.Fault{Method: "GET", Path: invitesPath, Action: sandbox.ActionLag, LagFor: sandbox.Duration(90 * time.Second)},
			advance: time.Minute,
			want:    []string{"bo@acme.example", "one@acme.example"},
		},
		{
			name:    "lag on other paths only",
			fault:   sandbox.Fault{Method: "GET", Path: "/v1/organizations/users", Action: sandbox.ActionLag, LagWrites: 5},
			advance: time.Second,
			want:    []string{"bo@acme.example", "one@acme.example", "two@acme.example"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wall = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
			srv, client := startFixture(t, sandbox.Options{Now: now})
			srv.AddFault(tt.fault)
			for _, email := range []string{"one@acme.example", "two@acme.example"} {
				if _, err := client.Organization.Invites.New(context.Background(), anthropic.OrganizationInviteNewParams{Email: email, Role: "user"}); err != nil {
					t.Fatalf("create invite %s: %v", email, err)
				}
				wall = wall.Add(tt.advance)
			}
			page, err := client.Organization.Invites.List(context.Background(), anthropic.OrganizationInviteListParams{Statuses: []string{"pending"}})
			if err != nil {
				t.Fatalf("list invites: %v", err)
			}
			var got []string
			for _, inv := range page.Data {
				got = append(got, inv.Email)
			}
			if diff := cmp.Diff(tt.want, got, sortStrings); diff != "" {
				t.Errorf("listed pending invites (-want +got):\n%s", diff)
			}
			if got := pendingEmails(srv.Snapshot()); len(got) != 3 {
				t.Errorf("pending invites in the current state = %v, want 3: a lagging list must not change the state", got)
			}
		})
	}
}

func TestFaultLatency(t *testing.T) {
	srv, hs := startServer(t, fixture(t), sandbox.Options{})
	srv.AddFault(sandbox.Fault{Action: sandbox.ActionDelay, Latency: sandbox.Duration(20 * time.Millisecond), Times: 1})
	res := doRaw(t, hs, http.MethodGet, "/v1/organizations/me", "", authHeader)
	if res.Status != 200 {
		t.Errorf("status of a delayed request = %d, want 200", res.Status)
	}
}

func TestFaultValidation(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	tests := []struct {
		name string
		body string
		want int
	}{
		{name: "reset", body: `{"action":"reset","times":1}`, want: 200},
		{name: "lost response", body: `{"action":"lose_response","method":"POST"}`, want: 200},
		{name: "lag by writes", body: `{"action":"lag","lag_writes":3}`, want: 200},
		{name: "lag by time", body: `{"action":"lag","lag_for":"30s"}`, want: 200},
		{name: "delay", body: `{"action":"delay","latency":"10ms"}`, want: 200},
		{name: "lag without amount", body: `{"action":"lag"}`, want: 400},
		{name: "unknown action", body: `{"action":"explode"}`, want: 400},
		{name: "error without status", body: `{"action":"error"}`, want: 400},
		{name: "negative latency", body: `{"action":"delay","latency":"-1s"}`, want: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doRaw(t, hs, http.MethodPost, "/_sandbox/faults", tt.body, authHeader)
			if res.Status != tt.want {
				t.Errorf("status = %d, want %d: %s", res.Status, tt.want, res.Body)
			}
		})
	}
}

func TestParseFaultRejectsRetryAfterWithUnit(t *testing.T) {
	if _, err := sandbox.ParseFault([]byte(`{"status": 429, "retry_after": "3s"}`)); err == nil {
		t.Errorf(`retry_after "3s" was accepted; clients ignore a header value with a unit`)
	}
	if _, err := sandbox.ParseFault([]byte(`{"status": 429, "retry_after": "3"}`)); err != nil {
		t.Errorf(`retry_after "3": %v`, err)
	}
}
