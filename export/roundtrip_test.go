package export_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/export"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/sandbox"
	"github.com/orgsync/orgsync/spec"
)

const testKey = "sk-ant-admin01-export-test-key"

// TestRoundTripExample exports the example organisation and checks that
// a pruning plan of the export against it is empty, for the single file
// and the directory layout alike.
func TestRoundTripExample(t *testing.T) {
	st, err := sandbox.LoadState(filepath.Join("..", "examples", "acme", "live.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc := roundTrip(t, st, 1000)

	// The example's admins and billing user have no explicit memberships,
	// and bjarne is a member of platform, so the export must list him there.
	var platform *spec.Workspace
	for i, w := range doc.Workspaces {
		if w.Name == "platform" {
			platform = &doc.Workspaces[i]
		}
	}
	if platform == nil {
		t.Fatal("exported workspaces lack platform")
	}
	if !slices.ContainsFunc(platform.Members, func(m spec.Member) bool { return m.Email == "bjarne@acme.example" }) {
		t.Errorf("platform members %v lack bjarne@acme.example", platform.Members)
	}
}

// TestRoundTripRandom exports randomly generated organisations, read in
// small pages, and checks that a pruning plan of each export is empty.
func TestRoundTripRandom(t *testing.T) {
	for seed := range uint64(25) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0x5eed))
			roundTrip(t, randomState(t, rng), 1+rng.Int64N(10))
		})
	}
}

// roundTrip serves st from a sandbox, exports it, and checks that the
// plans of the single-file and directory exports are empty. It returns
// the exported document.
func roundTrip(t *testing.T, st *sandbox.State, pageSize int64) *export.Document {
	t.Helper()
	ctx := context.Background()
	server := httptest.NewServer(sandbox.New(st, sandbox.Options{AdminKeys: []string{testKey}, RateLimit: -1}))
	t.Cleanup(server.Close)
	client := admin.New(admin.Options{
		BaseURL:  server.URL,
		APIKey:   testKey,
		PageSize: pageSize,
		Logger:   slog.New(slog.DiscardHandler),
	})

	state, err := client.ReadState(ctx, admin.ReadOptions{MemberWorkspaces: func(live.Workspace) bool { return true }})
	if err != nil {
		t.Fatalf("read state: %v", err)
	}
	doc, err := export.FromState(state, state.ReadAt)
	if err != nil {
		t.Fatalf("FromState: %v", err)
	}

	single, err := doc.YAML(export.Header{SchemaURL: "https://example.com/orgsync.schema.json", Generator: "orgsync test"})
	if err != nil {
		t.Fatalf("YAML: %v", err)
	}
	fromFile, err := spec.Parse("org.yaml", single)
	if err != nil {
		t.Fatalf("parse exported spec: %v\n%s", err, single)
	}
	checkEmptyPlan(t, ctx, client, fromFile, "single file")

	files, err := doc.Files(export.Header{})
	if err != nil {
		t.Fatalf("Files: %v", err)
	}
	fromDir, err := spec.ParseFiles(files)
	if err != nil {
		t.Fatalf("parse exported directory: %v", err)
	}
	checkEmptyPlan(t, ctx, client, fromDir, "directory")
	return doc
}

func checkEmptyPlan(t *testing.T, ctx context.Context, client *admin.Client, s *spec.Spec, layout string) {
	t.Helper()
	managed := map[string]bool{}
	for _, w := range s.Workspaces {
		managed[w.ID] = true
	}
	state, err := client.ReadState(ctx, admin.ReadOptions{MemberWorkspaces: func(w live.Workspace) bool { return managed[w.ID] }})
	if err != nil {
		t.Fatalf("%s: read state: %v", layout, err)
	}
	p, err := diff.Compute(s, state, diff.Options{Prune: true, Now: state.ReadAt})
	if err != nil {
		t.Fatalf("%s: plan: %v", layout, err)
	}
	for _, c := range p.Changes {
		t.Errorf("%s: plan of the export has a change: %s %s %s %s %s", layout, c.Kind, c.Action, c.Reason, c.Email, c.Workspace)
	}
	for _, b := range p.Blocked {
		t.Errorf("%s: plan of the export is blocked: %+v", layout, b)
	}
	if p.Pending() {
		t.Errorf("%s: plan of the export has pending changes", layout)
	}
	for _, u := range p.Unmanaged {
		if u.Kind != plan.KindWorkspace {
			t.Errorf("%s: plan of the export leaves a person or member unmanaged: %+v", layout, u)
		}
	}
}

// randomState returns a valid sandbox state with every organization role,
// invites of every status (some for people who are already users, some
// expired by date while still pending), workspaces whose names may repeat,
// and explicit members of every workspace role.
func randomState(t *testing.T, rng *rand.Rand) *sandbox.State {
	t.Helper()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	st := &sandbox.State{
		Organization: sandbox.Organization{ID: "org-random", Name: "Random " + fmt.Sprint(rng.IntN(100))},
		Now:          &now,
		NextID:       10000,
	}
	orgRoles := []string{"admin", "billing", "claude_code_user", "developer", "managed", "membership_admin", "owner", "primary_owner", "user"}
	workspaceRoles := []string{"workspace_admin", "workspace_billing", "workspace_developer", "workspace_restricted_developer", "workspace_user"}

	users := 1 + rng.IntN(40)
	for i := range users {
		email := fmt.Sprintf("person%03d@random.example", i)
		if rng.IntN(5) == 0 {
			email = strings.ToUpper(email[:1]) + email[1:]
		}
		st.Users = append(st.Users, sandbox.User{
			ID: fmt.Sprintf("user_%03d", i), Email: email, Name: email,
			Role:    orgRoles[rng.IntN(len(orgRoles))],
			AddedAt: now.Add(-time.Duration(rng.IntN(1000)) * time.Hour),
		})
	}

	statuses := []string{"pending", "pending", "accepted", "expired", "deleted"}
	for i := range rng.IntN(30) {
		email := fmt.Sprintf("invitee%02d@random.example", rng.IntN(15))
		if rng.IntN(4) == 0 {
			email = st.Users[rng.IntN(users)].Email
		}
		invitedAt := now.Add(-time.Duration(1+rng.IntN(40*24)) * time.Hour)
		inv := sandbox.Invite{
			ID: fmt.Sprintf("invite_%03d", i), Email: email,
			Role:      orgRoles[rng.IntN(len(orgRoles))],
			Status:    statuses[rng.IntN(len(statuses))],
			InvitedAt: invitedAt,
			ExpiresAt: invitedAt.Add(21 * 24 * time.Hour),
		}
		if inv.Status == "accepted" {
			accepted := invitedAt.Add(time.Hour)
			inv.AcceptedAt = &accepted
		}
		st.Invites = append(st.Invites, inv)
	}

	names := []string{"research", "platform", "support", "data science", "R&D / Labs", "ops"}
	for i := range rng.IntN(8) {
		ws := sandbox.Workspace{
			ID:           fmt.Sprintf("wrkspc_%02d", i),
			Name:         names[rng.IntN(len(names))],
			DisplayColor: fmt.Sprintf("#%06X", rng.IntN(1<<24)),
			CreatedAt:    now.Add(-time.Duration(1000-i) * time.Hour),
		}
		if rng.IntN(6) == 0 {
			archived := now.Add(-time.Hour)
			ws.ArchivedAt = &archived
		}
		for _, u := range st.Users {
			if rng.IntN(3) == 0 {
				ws.Members = append(ws.Members, sandbox.Member{UserID: u.ID, WorkspaceRole: workspaceRoles[rng.IntN(len(workspaceRoles))]})
			}
		}
		st.Workspaces = append(st.Workspaces, ws)
	}

	// Load the state as a file would be, so that the sandbox's own checks
	// reject any state the API could not hold.
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	valid, err := sandbox.ParseState("random.json", data)
	if err != nil {
		t.Fatalf("generated state is invalid: %v", err)
	}
	return valid
}
