package admin_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/sandbox"
)

// rejectedKey is a well-formed admin key that the sandbox does not accept.
const rejectedKey = "sk-ant-admin01-TESTSECRET"

// clientWithLog returns a client of baseURL with rejectedKey that logs
// every level into the returned buffer.
func clientWithLog(baseURL string) (*admin.Client, *bytes.Buffer) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := admin.New(admin.Options{BaseURL: baseURL, APIKey: rejectedKey, MaxRetries: 0, Logger: logger})
	return c, &logs
}

func TestRejectedKeyStaysSecret(t *testing.T) {
	_, url := startSandbox(t, writeState(t), sandbox.Options{})
	c, logs := clientWithLog(url)
	ctx := context.Background()

	_, readErr := c.ReadState(ctx, admin.ReadOptions{MemberWorkspaces: readAll})
	_, _, inviteErr := c.CreateInvite(ctx, "new@example.com", "user", nil)
	_, removeErr := c.RemoveWorkspaceMember(ctx, "wrkspc_000", "user_00000")

	tests := []struct {
		name   string
		err    error
		wantOp string
	}{
		{name: "read", err: readErr, wantOp: "organization"},
		{name: "create invite", err: inviteErr, wantOp: "create invite"},
		{name: "remove workspace member", err: removeErr, wantOp: "remove workspace member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var apiErr *admin.Error
			if !errors.As(tt.err, &apiErr) {
				t.Fatalf("error %v is not an *admin.Error", tt.err)
			}
			if apiErr.Op != tt.wantOp {
				t.Errorf("op = %q, want %q", apiErr.Op, tt.wantOp)
			}
			if apiErr.Status != 401 || apiErr.Type != "authentication_error" {
				t.Errorf("status, type = %d, %q, want 401, authentication_error", apiErr.Status, apiErr.Type)
			}
			if strings.Contains(tt.err.Error(), rejectedKey) {
				t.Errorf("error %q contains the key", tt.err)
			}
			if strings.Contains(tt.err.Error(), "TESTSECRET") {
				t.Errorf("error %q contains part of the key", tt.err)
			}
		})
	}
	if !errors.Is(readErr, admin.ErrIncomplete) {
		t.Errorf("read error %v does not wrap ErrIncomplete", readErr)
	}
	if logs.Len() == 0 {
		t.Error("no log output, so the check below proves nothing")
	}
	if strings.Contains(logs.String(), "TESTSECRET") {
		t.Errorf("log output contains the key:\n%s", logs.String())
	}
}

func TestConnectionErrorStaysSecret(t *testing.T) {
	// A server that is closed at once leaves a port nobody listens on.
	ts := httptest.NewServer(sandbox.New(writeState(t), sandbox.Options{}))
	url := ts.URL
	ts.Close()
	c, logs := clientWithLog(url)
	ctx := context.Background()

	_, readErr := c.ReadState(ctx, admin.ReadOptions{})
	_, updateErr := c.UpdateUserRole(ctx, "user_00000", "developer")

	for name, err := range map[string]error{"read": readErr, "update user role": updateErr} {
		if err == nil {
			t.Errorf("%s: no error from a closed server", name)
			continue
		}
		var apiErr *admin.Error
		if errors.As(err, &apiErr) {
			t.Errorf("%s: connection error %v became an *admin.Error", name, err)
		}
		if !strings.Contains(err.Error(), "connection refused") {
			t.Errorf("%s: error %q does not keep the cause", name, err)
		}
		if strings.Contains(err.Error(), "TESTSECRET") {
			t.Errorf("%s: error %q contains the key", name, err)
		}
	}
	if !strings.HasPrefix(updateErr.Error(), "update user role: ") {
		t.Errorf("error %q does not start with its op", updateErr)
	}
	if strings.Contains(logs.String(), "TESTSECRET") {
		t.Errorf("log output contains the key:\n%s", logs.String())
	}
}

func TestCanceledReadIsIncomplete(t *testing.T) {
	_, url := startSandbox(t, writeState(t), sandbox.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	got, err := newClient(url, 0).ReadState(ctx, admin.ReadOptions{})
	if got != nil {
		t.Error("ReadState returned a state for a canceled context")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
	if !errors.Is(err, admin.ErrIncomplete) {
		t.Errorf("error %v does not wrap ErrIncomplete", err)
	}
}

func TestTransientErrorIsRetried(t *testing.T) {
	st := writeState(t)
	srv, url := startSandbox(t, st, sandbox.Options{})
	srv.AddFault(sandbox.Fault{Method: "GET", Path: "/v1/organizations/users", Times: 1, Status: 429, RetryAfter: "0"})
	c := admin.New(admin.Options{BaseURL: url, APIKey: testKey, MaxRetries: 1})

	got, err := c.ReadState(context.Background(), admin.ReadOptions{})
	if err != nil {
		t.Fatalf("ReadState after one 429: %v", err)
	}
	if len(got.Users) != len(st.Users) {
		t.Errorf("read %d users, want %d", len(got.Users), len(st.Users))
	}
}
