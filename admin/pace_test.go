package admin_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/sandbox"
)

// TestPacedApplyAvoids429 applies 300 invites against a sandbox that
// enforces 100 requests a minute, on a clock shared by the pacer and the
// sandbox, and expects every request to pass.
func TestPacedApplyAvoids429(t *testing.T) {
	clock := newFakeClock()
	st := writeState(t)
	srv := sandbox.New(st, sandbox.Options{AdminKeys: []string{testKey}, RateLimit: 100, Now: clock.Now})
	url := serve(t, srv)
	client := admin.New(admin.Options{BaseURL: url, APIKey: testKey, MaxRetries: 0, Rate: 90, Clock: clock, Logger: slog.New(slog.DiscardHandler)})

	var b strings.Builder
	b.WriteString("version: 1\nusers:\n")
	for i := range 4 {
		fmt.Fprintf(&b, "  - {email: person%05d@example.com, role: %s}\n", i, []string{"user", "developer", "claude_code_user", "user"}[i])
	}
	for i := range 300 {
		fmt.Fprintf(&b, "  - {email: paced%03d@example.com, role: user}\n", i)
	}
	start := clock.Now()
	p, report := planAndApply(t, client, parseSpec(t, b.String()))

	if got := len(sentChanges(p)); got != 300 {
		t.Fatalf("plan has %d changes to send, want 300", got)
	}
	if got := report.Count(apply.Applied); got != 300 {
		t.Errorf("applied changes = %d, want 300", got)
	}
	requests := srv.Requests()
	for _, r := range requests {
		if r.Status == 429 {
			t.Fatalf("request %s %s got 429", r.Method, r.Path)
		}
	}
	// 300 writes and 5 reads at 90 a minute need at least three minutes.
	if elapsed := clock.Now().Sub(start); elapsed < 3*time.Minute {
		t.Errorf("the pacer let %d requests go in %s of clock time, want at least 3m", len(requests), elapsed)
	}
}

func TestPacerSlidingWindow(t *testing.T) {
	tests := []struct {
		name     string
		rate     int
		requests int
		want     time.Duration
	}{
		{name: "below the rate", rate: 10, requests: 10, want: 0},
		{name: "one past the rate", rate: 10, requests: 11, want: time.Minute},
		{name: "three windows", rate: 5, requests: 15, want: 2 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			_, url := startSandbox(t, writeState(t), sandbox.Options{})
			client := admin.New(admin.Options{BaseURL: url, APIKey: testKey, Rate: tt.rate, Clock: clock})
			for i := range tt.requests {
				if _, err := client.DeleteInvite(context.Background(), fmt.Sprintf("invite_missing_%d", i)); err == nil {
					t.Fatal("delete of an unknown invite succeeded")
				}
			}
			if got := clock.Now().Sub(testNow); got != tt.want {
				t.Errorf("clock advanced %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRetryAfterPastDeadline(t *testing.T) {
	srv, url := startSandbox(t, writeState(t), sandbox.Options{})
	srv.AddFault(sandbox.Fault{Method: "POST", Path: invitesPath, Status: 429, RetryAfter: "3600"})
	client := admin.New(admin.Options{BaseURL: url, APIKey: testKey, MaxRetries: 5})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	_, _, err := client.CreateInvite(ctx, "new@example.com", "user", nil)
	if !errors.Is(err, admin.ErrRetryPastDeadline) {
		t.Fatalf("error = %v, want one wrapping ErrRetryPastDeadline", err)
	}
	if !strings.Contains(err.Error(), "retry-after of 1h0m0s ends past the deadline") {
		t.Errorf("error = %q, want it to name the retry-after and the deadline", err)
	}
	if got := len(srv.Requests()); got != 1 {
		t.Errorf("requests = %d, want 1: a retry past the deadline is not sent", got)
	}
}

func TestPaceWaitPastDeadline(t *testing.T) {
	srv, url := startSandbox(t, writeState(t), sandbox.Options{})
	client := admin.New(admin.Options{BaseURL: url, APIKey: testKey, MaxRetries: 0, Rate: 1, Clock: newFakeClock()})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	if _, err := client.UpdateUserRole(ctx, "user_00000", "developer"); err != nil {
		t.Fatalf("first request: %v", err)
	}
	_, err := client.UpdateUserRole(ctx, "user_00000", "user")
	var paceErr *admin.PaceError
	if !errors.As(err, &paceErr) {
		t.Fatalf("error = %v, want a *PaceError", err)
	}
	if paceErr.Wait != time.Minute {
		t.Errorf("wait = %s, want 1m", paceErr.Wait)
	}
	if got := len(srv.Requests()); got != 1 {
		t.Errorf("requests = %d, want 1: the paced request is not sent", got)
	}
}

func TestCreateInviteConflicts(t *testing.T) {
	tests := []struct {
		name    string
		email   string
		role    string
		wantErr string
		wantID  string
	}{
		{name: "pending invite with the same role", email: "invitee00000@example.com", role: "developer", wantID: "invite_00000"},
		{name: "pending invite with another role", email: "invitee00000@example.com", role: "user",
			wantErr: "invite invitee00000@example.com: pending invite invite_00000 already exists with role developer, not user"},
		{name: "existing member", email: "person00001@example.com", role: "user",
			wantErr: "invite person00001@example.com: already a member as user user_00001 with role developer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, url := startSandbox(t, writeState(t), sandbox.Options{})
			inv, _, err := newClient(url, 0).CreateInvite(context.Background(), tt.email, tt.role, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				var apiErr *admin.Error
				if !errors.As(err, &apiErr) {
					t.Errorf("error %v does not wrap the *admin.Error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("CreateInvite: %v", err)
			}
			if inv.ID != tt.wantID {
				t.Errorf("invite id = %q, want %q", inv.ID, tt.wantID)
			}
			checkNoDuplicates(t, srv.Snapshot())
		})
	}
}

// serve serves srv on loopback and returns its base URL.
func serve(t *testing.T, srv *sandbox.Server) string {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}
