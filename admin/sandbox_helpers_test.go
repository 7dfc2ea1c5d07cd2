package admin_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/sandbox"
)

// testKey is the admin key every sandbox in these tests accepts.
const testKey = "sk-ant-admin01-accepted-test-key"

// testNow is the sandbox's frozen clock, so invite expiry is fixed.
var testNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// startSandbox serves a sandbox of st that accepts testKey, with no rate
// limit, and returns it with its base URL.
func startSandbox(t *testing.T, st *sandbox.State, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	opts.AdminKeys = []string{testKey}
	opts.RateLimit = -1
	srv := sandbox.New(st, opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// newClient returns a client of baseURL with testKey, no retries and the
// page size given. Concurrency is left at its default.
func newClient(baseURL string, pageSize int64) *admin.Client {
	return admin.New(admin.Options{
		BaseURL:    baseURL,
		APIKey:     testKey,
		MaxRetries: 0,
		PageSize:   pageSize,
		Logger:     slog.New(slog.DiscardHandler),
	})
}

// orgShape sizes a generated organisation.
type orgShape struct {
	users      int
	invites    int
	workspaces int
	// membersPerWorkspace is the number of explicit members per workspace,
	// at most users.
	membersPerWorkspace int
}

// generateState returns a valid sandbox state of the given shape. Besides
// the active workspaces it holds an archived workspace, a default workspace
// and a deleted invite, which a read must leave out. Users hold only roles
// that are not implicit workspace members, so every member is explicit.
func generateState(t *testing.T, shape orgShape) *sandbox.State {
	t.Helper()
	st := sandbox.State{
		Organization: sandbox.Organization{ID: "8c1f0d4e-0000-4000-8000-000000000001", Name: "Acme"},
		Now:          &testNow,
		NextID:       100000,
	}
	roles := []string{"user", "developer", "claude_code_user"}
	for i := range shape.users {
		st.Users = append(st.Users, sandbox.User{
			ID:      fmt.Sprintf("user_%05d", i),
			Email:   fmt.Sprintf("person%05d@example.com", i),
			Name:    fmt.Sprintf("Person %d", i),
			Role:    roles[i%len(roles)],
			AddedAt: testNow.Add(-time.Duration(i+1) * time.Hour),
		})
	}
	for i := range shape.invites {
		st.Invites = append(st.Invites, generateInvite(i))
	}
	st.Invites = append(st.Invites, sandbox.Invite{
		ID: "invite_deleted", Email: "gone@example.com", Role: "user", Status: "deleted",
		InvitedAt: testNow.Add(-time.Hour), ExpiresAt: testNow.Add(20 * 24 * time.Hour),
	})
	for i := range shape.workspaces {
		ws := sandbox.Workspace{
			ID:           fmt.Sprintf("wrkspc_%03d", i),
			Name:         fmt.Sprintf("team-%d", i),
			DisplayColor: fmt.Sprintf("#%06x", 0x101010*(i%15+1)),
			CreatedAt:    testNow.Add(-time.Duration(i+1) * 24 * time.Hour),
		}
		for j := range shape.membersPerWorkspace {
			user := st.Users[(i*7+j)%shape.users]
			role := "workspace_user"
			if j%4 == 0 {
				role = "workspace_developer"
			}
			ws.Members = append(ws.Members, sandbox.Member{UserID: user.ID, WorkspaceRole: role})
		}
		st.Workspaces = append(st.Workspaces, ws)
	}
	archivedAt := testNow.Add(-time.Hour)
	st.Workspaces = append(st.Workspaces,
		sandbox.Workspace{ID: "wrkspc_archived", Name: "old", DisplayColor: "#000000", CreatedAt: testNow.Add(-1000 * time.Hour), ArchivedAt: &archivedAt},
		sandbox.Workspace{ID: "wrkspc_default", Name: "Default", DisplayColor: "#ffffff", CreatedAt: testNow.Add(-2000 * time.Hour), Default: true},
	)
	return parseState(t, &st)
}

// generateInvite returns invite i: pending, accepted or expired in turn.
func generateInvite(i int) sandbox.Invite {
	inv := sandbox.Invite{
		ID:        fmt.Sprintf("invite_%05d", i),
		Email:     fmt.Sprintf("invitee%05d@example.com", i),
		Role:      "developer",
		InvitedAt: testNow.Add(-time.Duration(i+1) * time.Minute),
	}
	switch i % 3 {
	case 0:
		inv.Status = "pending"
		inv.ExpiresAt = inv.InvitedAt.Add(21 * 24 * time.Hour)
	case 1:
		acceptedAt := inv.InvitedAt.Add(time.Second)
		inv.Status, inv.AcceptedAt = "accepted", &acceptedAt
		inv.ExpiresAt = inv.InvitedAt.Add(21 * 24 * time.Hour)
	case 2:
		inv.Status = "expired"
		inv.InvitedAt = inv.InvitedAt.Add(-30 * 24 * time.Hour)
		inv.ExpiresAt = inv.InvitedAt.Add(21 * 24 * time.Hour)
	}
	return inv
}

// parseState round-trips st through the sandbox's state file format, so
// the state passes the same checks as a state file.
func parseState(t *testing.T, st *sandbox.State) *sandbox.State {
	t.Helper()
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatalf("marshal state: %v", err)
	}
	parsed, err := sandbox.ParseState("generated.json", data)
	if err != nil {
		t.Fatalf("parse generated state: %v", err)
	}
	return parsed
}

// expectedState returns the live state a complete read of st must give,
// with members read for every active workspace. Lists are in the sandbox's
// state order, so compare them after sortState.
func expectedState(st *sandbox.State) *live.State {
	want := &live.State{Organization: live.Organization{ID: st.Organization.ID, Name: st.Organization.Name}}
	for _, u := range st.Users {
		want.Users = append(want.Users, live.User{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, AddedAt: u.AddedAt})
	}
	for _, inv := range st.Invites {
		if inv.Status == "deleted" {
			continue
		}
		want.Invites = append(want.Invites, live.Invite{
			ID: inv.ID, Email: inv.Email, Role: inv.Role, Status: inv.Status,
			InvitedAt: inv.InvitedAt, ExpiresAt: inv.ExpiresAt,
		})
	}
	for _, ws := range st.Workspaces {
		if ws.Default || ws.ArchivedAt != nil {
			continue
		}
		// Generated workspaces set no tags or data residency, so they read
		// back with the sandbox's defaults.
		lw := live.Workspace{ID: ws.ID, Name: ws.Name, DisplayColor: ws.DisplayColor, CreatedAt: ws.CreatedAt, MembersRead: true,
			Tags: map[string]string{}, DataResidency: live.DataResidency{WorkspaceGeo: "us", AllowedInferenceGeos: []string{"unrestricted"}, DefaultInferenceGeo: "global"}}
		for _, m := range ws.Members {
			lw.Members = append(lw.Members, live.Member{UserID: m.UserID, Role: m.WorkspaceRole})
		}
		want.Workspaces = append(want.Workspaces, lw)
	}
	return want
}
