package export_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/export"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/spec"
)

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func TestFromStatePeople(t *testing.T) {
	tests := []struct {
		name    string
		users   []live.User
		invites []live.Invite
		want    []export.Person
		skipped []string
		ignored []string
	}{
		{
			name:  "users sorted by role rank then email",
			users: []live.User{{ID: "u1", Email: "zoe@x.example", Role: "user"}, {ID: "u2", Email: "Bo@x.example", Role: "developer"}, {ID: "u3", Email: "al@x.example", Role: "admin"}},
			want: []export.Person{
				{User: spec.User{Email: "al@x.example", Role: "admin"}},
				{User: spec.User{Email: "Bo@x.example", Role: "developer"}},
				{User: spec.User{Email: "zoe@x.example", Role: "user"}},
			},
		},
		{
			name: "pending invite declared with its role",
			invites: []live.Invite{
				{ID: "i1", Email: "new@x.example", Role: "developer", Status: "pending", ExpiresAt: now.Add(time.Hour)},
			},
			want: []export.Person{{User: spec.User{Email: "new@x.example", Role: "developer"}, InviteExpiresAt: now.Add(time.Hour)}},
		},
		{
			name: "latest of two pending invites wins",
			invites: []live.Invite{
				{ID: "i1", Email: "new@x.example", Role: "developer", Status: "pending", InvitedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(time.Hour)},
				{ID: "i2", Email: "NEW@x.example", Role: "user", Status: "pending", InvitedAt: now.Add(-time.Hour), ExpiresAt: now.Add(2 * time.Hour)},
			},
			want: []export.Person{{User: spec.User{Email: "NEW@x.example", Role: "user"}, InviteExpiresAt: now.Add(2 * time.Hour)}},
		},
		{
			name: "expired, stale, accepted and deleted invites left out",
			invites: []live.Invite{
				{ID: "i1", Email: "a@x.example", Role: "user", Status: "expired", ExpiresAt: now.Add(-time.Hour)},
				{ID: "i2", Email: "b@x.example", Role: "user", Status: "pending", ExpiresAt: now},
				{ID: "i3", Email: "c@x.example", Role: "user", Status: "accepted"},
				{ID: "i4", Email: "d@x.example", Role: "user", Status: "deleted"},
			},
		},
		{
			name:    "invite of a user left out",
			users:   []live.User{{ID: "u1", Email: "bo@x.example", Role: "developer"}},
			invites: []live.Invite{{ID: "i1", Email: "BO@x.example", Role: "user", Status: "pending", ExpiresAt: now.Add(time.Hour)}},
			want:    []export.Person{{User: spec.User{Email: "bo@x.example", Role: "developer"}}},
		},
		{
			name:    "invalid address skipped and ignored",
			users:   []live.User{{ID: "u1", Email: "odd*name @x.example", Role: "user"}},
			skipped: []string{"user odd*name @x.example"},
			ignored: []string{`odd\*name @x.example`},
		},
		{
			name:    "unknown role skipped and ignored",
			users:   []live.User{{ID: "u1", Email: "bo@x.example", Role: "superuser"}},
			skipped: []string{"user bo@x.example"},
			ignored: []string{"bo@x.example"},
		},
		{
			name:    "address twice ignoring case keeps the first",
			users:   []live.User{{ID: "u1", Email: "bo@x.example", Role: "user"}, {ID: "u2", Email: "Bo@x.example", Role: "developer"}},
			want:    []export.Person{{User: spec.User{Email: "bo@x.example", Role: "user"}}},
			skipped: []string{"user Bo@x.example"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := export.FromState(&live.State{Users: tt.users, Invites: tt.invites}, now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, doc.People); diff != "" {
				t.Errorf("People (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.skipped, skippedObjects(doc)); diff != "" {
				t.Errorf("Skipped (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.ignored, doc.IgnoredPeople); diff != "" {
				t.Errorf("IgnoredPeople (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromStateWorkspaces(t *testing.T) {
	users := []live.User{
		{ID: "admin", Email: "ada@x.example", Role: "admin"},
		{ID: "billing", Email: "bea@x.example", Role: "billing"},
		{ID: "mem", Email: "mia@x.example", Role: "membership_admin"},
		{ID: "dev", Email: "dev@x.example", Role: "developer"},
		{ID: "usr", Email: "ann@x.example", Role: "user"},
	}
	tests := []struct {
		name       string
		workspaces []live.Workspace
		want       []spec.Workspace
		skipped    []string
	}{
		{
			name: "derived memberships left out",
			workspaces: []live.Workspace{{ID: "wrkspc_1", Name: "research", DisplayColor: "#6C5BB9", MembersRead: true, Members: []live.Member{
				{UserID: "admin", Role: "workspace_admin"},
				{UserID: "billing", Role: "workspace_billing"},
				{UserID: "mem", Role: "workspace_admin"},
				{UserID: "usr", Role: "workspace_user"},
				{UserID: "dev", Role: "workspace_developer"},
			}}},
			want: []spec.Workspace{{Name: "research", ID: "wrkspc_1", DisplayColor: "#6C5BB9", Members: []spec.Member{
				{Email: "ann@x.example", Role: "workspace_user"},
				{Email: "dev@x.example", Role: "workspace_developer"},
			}}},
		},
		{
			name: "member not among users skipped",
			workspaces: []live.Workspace{{ID: "wrkspc_1", Name: "ops", MembersRead: true, Members: []live.Member{
				{UserID: "ghost", Role: "workspace_user"},
			}}},
			want:    []spec.Workspace{{Name: "ops", ID: "wrkspc_1"}},
			skipped: []string{`member ghost of workspace "ops" (wrkspc_1)`},
		},
		{
			name: "second workspace of a name skipped",
			workspaces: []live.Workspace{
				{ID: "wrkspc_1", Name: "ops", MembersRead: true},
				{ID: "wrkspc_2", Name: "ops", MembersRead: true},
			},
			want:    []spec.Workspace{{Name: "ops", ID: "wrkspc_1"}},
			skipped: []string{`workspace "ops" (wrkspc_2)`},
		},
		{
			name:       "name with outer whitespace skipped",
			workspaces: []live.Workspace{{ID: "wrkspc_1", Name: " ops", MembersRead: true}},
			skipped:    []string{`workspace " ops" (wrkspc_1)`},
		},
		{
			name:       "invalid colour left out",
			workspaces: []live.Workspace{{ID: "wrkspc_1", Name: "ops", DisplayColor: "blue", MembersRead: true}},
			want:       []spec.Workspace{{Name: "ops", ID: "wrkspc_1"}},
			skipped:    []string{`display_color of workspace "ops" (wrkspc_1)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := export.FromState(&live.State{Users: users, Workspaces: tt.workspaces}, now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, doc.Workspaces); diff != "" {
				t.Errorf("Workspaces (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.skipped, skippedObjects(doc)); diff != "" {
				t.Errorf("Skipped (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromStateMembersNotRead(t *testing.T) {
	_, err := export.FromState(&live.State{Workspaces: []live.Workspace{{ID: "wrkspc_1", Name: "ops"}}}, now)
	if err == nil || !strings.Contains(err.Error(), `workspace "ops" (wrkspc_1): members were not read`) {
		t.Errorf("FromState error = %v, want one naming the workspace whose members were not read", err)
	}
}

func TestFilesNames(t *testing.T) {
	doc, err := export.FromState(&live.State{
		Organization: live.Organization{ID: "org1", Name: "Acme"},
		Users:        []live.User{{ID: "u1", Email: "ada@x.example", Role: "admin"}},
		Workspaces: []live.Workspace{
			{ID: "wrkspc_1", Name: "Data Science", MembersRead: true},
			{ID: "wrkspc_2", Name: "data-science", MembersRead: true},
			{ID: "wrkspc_3", Name: "研究", MembersRead: true},
		},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	files, err := doc.Files(export.Header{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	want := []string{"people.yaml", "workspaces/data-science.yaml", "workspaces/data-science-2.yaml", "workspaces/workspace.yaml"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("file names (-want +got):\n%s", diff)
	}
}

func TestYAMLHeader(t *testing.T) {
	doc, err := export.FromState(&live.State{
		Organization: live.Organization{ID: "org1", Name: "Acme"},
		ReadAt:       now,
		Users:        []live.User{{ID: "u1", Email: "ada@x.example", Role: "admin"}, {ID: "u2", Email: "bad @x.example", Role: "user"}},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	data, err := doc.YAML(export.Header{SchemaURL: "https://example.com/s.json", Generator: "orgsync v1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	wantStart := []string{
		"# yaml-language-server: $schema=https://example.com/s.json",
		`# Exported from the live organisation "Acme" as read at 2026-12-01T09:00:00Z by orgsync v1.0.0.`,
	}
	if diff := cmp.Diff(wantStart, lines[:2]); diff != "" {
		t.Errorf("first lines (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(data), "#   - user bad @x.example: ") {
		t.Errorf("header does not list the skipped user:\n%s", data)
	}
}

func skippedObjects(doc *export.Document) []string {
	var objects []string
	for _, s := range doc.Skipped {
		objects = append(objects, s.Object)
	}
	return objects
}
