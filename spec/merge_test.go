package spec_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/spec"
)

func TestParseFilesMerges(t *testing.T) {
	files := []spec.File{
		{Name: "org.yaml", Data: []byte("version: 1\norganization:\n  name: Acme\nremoval_limits:\n  max_count: 5\n")},
		{Name: "people.yaml", Data: []byte("version: 1\nallow_empty: true\nusers:\n  - email: ada@acme.example\n    role: admin\n  - email: bo@acme.example\n    role: developer\n")},
		{Name: "ws/research.yaml", Data: []byte("version: 1\nworkspaces:\n  - name: research\n    members:\n      - email: bo@acme.example\n        workspace_role: workspace_developer\n")},
		{Name: "ws/support.yaml", Data: []byte("version: 1\nworkspaces:\n  - name: support\n    members: []\n")},
	}
	s, err := spec.ParseFiles(files)
	if err != nil {
		t.Fatalf("ParseFiles: %v", err)
	}

	type summary struct {
		Organization       string
		AllowEmpty         bool
		MaxCount           int
		MaxPercent         int
		Users              []string
		Workspaces         []string
		UsersDeclared      bool
		WorkspacesDeclared bool
		MemberPos          string
	}
	got := summary{
		AllowEmpty:         s.AllowEmpty,
		MaxCount:           s.RemovalLimits.MaxCount,
		MaxPercent:         s.RemovalLimits.MaxPercent,
		UsersDeclared:      s.UsersDeclared,
		WorkspacesDeclared: s.WorkspacesDeclared,
	}
	if s.Organization != nil {
		got.Organization = s.Organization.Name
	}
	for _, u := range s.Users {
		got.Users = append(got.Users, u.Email)
	}
	for _, w := range s.Workspaces {
		got.Workspaces = append(got.Workspaces, w.Name)
	}
	got.MemberPos = s.Workspaces[0].Members[0].Pos.String()

	want := summary{
		Organization:       "Acme",
		AllowEmpty:         true,
		MaxCount:           5,
		MaxPercent:         spec.DefaultMaxPercent,
		Users:              []string{"ada@acme.example", "bo@acme.example"},
		Workspaces:         []string{"research", "support"},
		UsersDeclared:      true,
		WorkspacesDeclared: true,
		MemberPos:          "ws/research.yaml:5:9",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged spec (-want +got):\n%s", diff)
	}
}

func TestParseFilesErrors(t *testing.T) {
	tests := []struct {
		name  string
		files []spec.File
		want  []string
	}{
		{
			name: "person declared in two files",
			files: []spec.File{
				{Name: "a.yaml", Data: []byte("version: 1\nusers:\n  - email: ada@acme.example\n    role: admin\n")},
				{Name: "b.yaml", Data: []byte("version: 1\nusers:\n  - email: Ada@acme.example\n    role: admin\n")},
			},
			want: []string{"b.yaml:3:12: Ada@acme.example duplicates the user at a.yaml:3:12 (email addresses are compared ignoring case)"},
		},
		{
			name: "workspace declared in two files",
			files: []spec.File{
				{Name: "a.yaml", Data: []byte("version: 1\nworkspaces:\n  - name: research\n")},
				{Name: "b.yaml", Data: []byte("version: 1\nworkspaces:\n  - name: research\n")},
			},
			want: []string{`b.yaml:3:11: workspace "research" duplicates the workspace at a.yaml:3:11`},
		},
		{
			name: "setting in two files",
			files: []spec.File{
				{Name: "a.yaml", Data: []byte("version: 1\nfreeze: incident 42\n")},
				{Name: "b.yaml", Data: []byte("version: 1\nfreeze: incident 43\n")},
			},
			want: []string{`b.yaml:2:1: "freeze" is already set at a.yaml:2:1; a top-level setting may be set in one file only`},
		},
		{
			name: "member of a user missing from every file",
			files: []spec.File{
				{Name: "a.yaml", Data: []byte("version: 1\nusers: []\n")},
				{Name: "b.yaml", Data: []byte("version: 1\nworkspaces:\n  - name: research\n    members:\n      - email: bo@acme.example\n        workspace_role: workspace_user\n")},
			},
			want: []string{`b.yaml:5:16: bo@acme.example is a member of workspace "research" but is not declared in users; add them to users`},
		},
		{
			name: "file without version",
			files: []spec.File{
				{Name: "a.yaml", Data: []byte("version: 1\nusers: []\n")},
				{Name: "b.yaml", Data: []byte("workspaces: []\n")},
			},
			want: []string{`b.yaml:1:1: version is required; add "version: 1" at the top of the file`},
		},
		{
			name: "ignored user declared in another file",
			files: []spec.File{
				{Name: "a.yaml", Data: []byte("version: 1\nignore:\n  people: [\"*@contractor.example\"]\n")},
				{Name: "b.yaml", Data: []byte("version: 1\nusers:\n  - email: cy@contractor.example\n    role: user\n")},
			},
			want: []string{"b.yaml:3:5: user cy@contractor.example is declared but matches ignore.people; remove one of the two"},
		},
		{
			name: "errors of every file",
			files: []spec.File{
				{Name: "a.yaml", Data: []byte("")},
				{Name: "b.yaml", Data: []byte("version: 1\nusers: \"open\n")},
			},
			want: []string{
				`a.yaml:1:1: empty spec: the file holds no YAML, only whitespace or comments; a spec needs at least "version: 1"`,
				"b.yaml:2: invalid YAML: found unexpected end of stream",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := spec.ParseFiles(tt.files)
			if err == nil {
				t.Fatalf("ParseFiles = %+v, want errors", s)
			}
			var errs spec.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("ParseFiles error %T, want spec.Errors", err)
			}
			if diff := cmp.Diff(tt.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFilesNone(t *testing.T) {
	if _, err := spec.ParseFiles(nil); err == nil {
		t.Fatal("ParseFiles(nil) succeeded, want an error")
	}
}

// TestParseFilesMergesSettingsGroup checks that two files may each set a
// different key that the Spec keeps in one Settings struct.
func TestParseFilesMergesSettingsGroup(t *testing.T) {
	files := []spec.File{
		{Name: "compliance.yaml", Data: []byte("version: 1\ncompliance_api: enabled\n")},
		{Name: "keys.yaml", Data: []byte("version: 1\napi_keys:\n  orphaned: report\n")},
	}
	s, err := spec.ParseFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	if s.Settings.Compliance != "enabled" {
		t.Errorf("compliance = %q, want enabled", s.Settings.Compliance)
	}
	if s.Settings.APIKeys.Orphaned != "report" {
		t.Errorf("api_keys.orphaned = %q, want report", s.Settings.APIKeys.Orphaned)
	}
}
