package sandbox_test

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

func TestParseStateFillsDefaults(t *testing.T) {
	st := fixture(t)
	if got, want := findInvite(st, "invite_02").ExpiresAt, time.Date(2026, 10, 22, 9, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("invite_02 expires_at = %v, want invited_at + 21 days = %v", got, want)
	}
	ws := findWorkspace(st, "wrkspc_01")
	want := sandbox.DataResidency{WorkspaceGeo: "us", AllowedInferenceGeos: sandbox.InferenceGeos{Unrestricted: true}, DefaultInferenceGeo: "global"}
	if diff := cmp.Diff(&want, ws.DataResidency); diff != "" {
		t.Errorf("data residency (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{map[string]string{}, "cmpt_01"}, []any{ws.Tags, ws.CompartmentID}); diff != "" {
		t.Errorf("tags and compartment (-want +got):\n%s", diff)
	}
}

func TestLoadStateErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		content  string
		wantText string
	}{
		{"malformed JSON", `{"organization": `, "invalid JSON"},
		{"unknown field", `{"organization": {"id": "o", "name": "n"}, "colour": "red"}`, `unknown field "colour"`},
		{"trailing data", `{"organization": {"id": "o", "name": "n"}} {}`, "after the state object"},
		{"wrong type", `{"organization": {"id": "o", "name": "n"}, "next_id": "ten"}`, "next_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := sandbox.LoadState(path)
			if err == nil {
				t.Fatal("LoadState succeeded, want an error")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q, want it to name %s and contain %q", err, path, tt.wantText)
			}
		})
	}

	missing := filepath.Join(dir, "missing.json")
	_, err := sandbox.LoadState(missing)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("LoadState of a missing file = %v, want a not-exist error naming the file", err)
	}
}

func TestParseStateValidation(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(st string) string
		wantText string
	}{
		{"duplicate ID", func(s string) string { return strings.Replace(s, `"id": "invite_01"`, `"id": "user_01"`, 1) },
			`id "user_01" is already used`},
		{"unknown user role", func(s string) string {
			return strings.Replace(s, `"role": "developer", "added_at"`, `"role": "boss", "added_at"`, 1)
		},
			`role "boss"`},
		{"duplicate email", func(s string) string { return strings.Replace(s, "eve@acme.example", "ADA@acme.example", 1) },
			"already used by user user_01"},
		{"invalid email", func(s string) string { return strings.Replace(s, "eve@acme.example", "eve", 1) },
			`email "eve" is invalid`},
		{"unknown invite status", func(s string) string { return strings.Replace(s, `"status": "pending"`, `"status": "sent"`, 1) },
			`status "sent"`},
		{"accepted without accepted_at", func(s string) string {
			return strings.Replace(s, `"accepted_at": "2025-03-02T09:00:00Z"`, `"accepted_at": null`, 1)
		}, "accepted_at must be set"},
		{"member not a user", func(s string) string { return strings.Replace(s, `"user_id": "user_02"`, `"user_id": "user_77"`, 1) },
			`member "user_77"`},
		{"bad workspace role", func(s string) string { return strings.Replace(s, `"workspace_developer"`, `"workspace_boss"`, 1) },
			`workspace_role "workspace_boss"`},
		{"two default workspaces", func(s string) string { return strings.Replace(s, `"default": false`, `"default": true`, 1) },
			"2 workspaces are marked default"},
		{"bad colour", func(s string) string { return strings.Replace(s, `"#123456"`, `"blue"`, 1) },
			`display_color "blue"`},
		{"default geo outside allowed geos", func(s string) string {
			return strings.Replace(s, `"default_inference_geo": "us"`, `"default_inference_geo": "global"`, 1)
		}, "not in allowed_inference_geos"},
		{"missing organization", func(s string) string { return strings.Replace(s, `"name": "Acme"`, `"name": ""`, 1) },
			"organization.name is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := tt.edit(fixtureJSON)
			if edited == fixtureJSON {
				t.Fatal("the edit changed nothing")
			}
			_, err := sandbox.ParseState("edited.json", []byte(edited))
			if err == nil {
				t.Fatal("ParseState succeeded, want an error")
			}
			if !strings.Contains(err.Error(), "edited.json") || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q, want it to name edited.json and contain %q", err, tt.wantText)
			}
		})
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	st := fixture(t)
	if err := st.Save(path); err != nil {
		t.Fatalf("Save: %v", err)
	}
	loaded, err := sandbox.LoadState(path)
	if err != nil {
		t.Fatalf("LoadState: %v", err)
	}
	if diff := cmp.Diff(st, loaded); diff != "" {
		t.Errorf("loaded state (-saved +loaded):\n%s", diff)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\n  \"organization\"") {
		t.Errorf("saved state is not indented:\n%.200s", data)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only state.json: a temporary file was left", len(entries))
	}
}

func TestSaveToMissingDirectoryFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "state.json")
	err := fixture(t).Save(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Save = %v, want an error naming %s", err, path)
	}
}

func TestStatePathPersistsWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv, client := startFixture(t, sandbox.Options{StatePath: path})
	ctx := context.Background()

	if _, err := client.Organization.Users.List(ctx, anthropic.OrganizationUserListParams{}); err != nil {
		t.Fatalf("Users.List: %v", err)
	}
	_, err := client.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{Email: "ada@acme.example", Role: "user"})
	asAPIError(t, err)
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("state file after a read and a rejected write: %v, want none", err)
	}

	if _, err := client.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{Email: "new@acme.example", Role: "user"}); err != nil {
		t.Fatalf("Invites.New: %v", err)
	}
	srv.AdvanceClock(72 * time.Hour)
	if err := srv.AcceptInvite("new@acme.example"); err != nil {
		t.Fatalf("AcceptInvite: %v", err)
	}
	loaded, err := sandbox.LoadState(path)
	if err != nil {
		t.Fatalf("LoadState: %v", err)
	}
	if diff := cmp.Diff(srv.Snapshot(), loaded); diff != "" {
		t.Errorf("saved state (-server +file):\n%s", diff)
	}
	got := []any{loaded.NextID, findInvite(loaded, "invite_0100").Status, findUser(loaded, "user_0101").Email, *loaded.Now}
	want := []any{102, "accepted", "new@acme.example", fixtureNow.Add(72 * time.Hour)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("saved fields (-want +got):\n%s", diff)
	}
}

func TestServerKeepsItsOwnCopy(t *testing.T) {
	st := fixture(t)
	srv := sandbox.New(st, sandbox.Options{AdminKeys: []string{testKey}})
	st.Users[0].Role = "user"
	st.Workspaces[1].Members[0].WorkspaceRole = "workspace_admin"
	snap := srv.Snapshot()
	snap.Workspaces[3].Tags["team"] = "changed"
	snap.Workspaces[3].DataResidency.AllowedInferenceGeos.Geos[0] = "global"

	again := srv.Snapshot()
	got := []string{
		again.Users[0].Role, again.Workspaces[1].Members[0].WorkspaceRole,
		again.Workspaces[3].Tags["team"], again.Workspaces[3].DataResidency.AllowedInferenceGeos.Geos[0],
	}
	want := []string{"admin", "workspace_developer", "ml", "us"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("server state after outside edits (-want +got):\n%s", diff)
	}
}

func TestRunningBusinessClock(t *testing.T) {
	st := fixture(t)
	st.Now = nil
	clock := &fakeClock{now: time.Date(2027, 1, 5, 10, 30, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "state.json")
	srv, hs := startServer(t, st, sandbox.Options{Now: clock.Now, StatePath: path})
	client := newClient(hs, testKey)
	ctx := context.Background()

	inv, err := client.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{Email: "new@acme.example", Role: "user"})
	if err != nil {
		t.Fatalf("Invites.New: %v", err)
	}
	if !inv.InvitedAt.Equal(clock.Now()) {
		t.Errorf("invited_at = %v, want the wall clock %v", inv.InvitedAt, clock.Now())
	}
	srv.AdvanceClock(20 * day)
	clock.Advance(day)
	got, err := client.Organization.Invites.Get(ctx, inv.ID)
	if err != nil {
		t.Fatalf("Invites.Get: %v", err)
	}
	if got.Status != "expired" {
		t.Errorf("status after 20 days of advance and 1 day of wall clock = %q, want expired", got.Status)
	}
	loaded, err := sandbox.LoadState(path)
	if err != nil {
		t.Fatalf("LoadState: %v", err)
	}
	if diff := cmp.Diff([]any{(*time.Time)(nil), sandbox.Duration(20 * day)}, []any{loaded.Now, loaded.ClockAdvance}); diff != "" {
		t.Errorf("saved clock (-want +got):\n%s", diff)
	}
}

func TestStateRoute(t *testing.T) {
	srv, hs := startServer(t, fixture(t), sandbox.Options{})
	res := doRaw(t, hs, http.MethodGet, "/_sandbox/state", "", authHeader)
	if res.Status != http.StatusOK {
		t.Fatalf("status = %d, body %s", res.Status, res.Body)
	}
	st, err := sandbox.ParseState("state route", res.Body)
	if err != nil {
		t.Fatalf("ParseState of the state route: %v", err)
	}
	if diff := cmp.Diff(srv.Snapshot(), st); diff != "" {
		t.Errorf("state route (-snapshot +route):\n%s", diff)
	}
}
