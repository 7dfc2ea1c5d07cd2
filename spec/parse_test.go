package spec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// yamlLines joins lines into a YAML file, so that test inputs show their
// line numbers plainly and cannot hide a tab.
func yamlLines(lines ...string) string {
	return strings.Join(lines, "\n") + "\n"
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		input  string
		want   string
	}{
		{
			name:   "empty file",
			reason: "an empty file must not read as an organisation with nobody in it",
			input:  "",
			want:   `org.yaml:1:1: empty spec: the file holds no YAML, only whitespace or comments; a spec needs at least "version: 1"`,
		},
		{
			name:   "comments only",
			reason: "a file emptied by a failed template step still has its comments",
			input:  yamlLines("# Acme organisation", "# generated"),
			want:   `org.yaml:1:1: empty spec: the file holds no YAML, only whitespace or comments; a spec needs at least "version: 1"`,
		},
		{
			name:   "document marker only",
			reason: "a lone --- is a document with no content",
			input:  yamlLines("---"),
			want:   `org.yaml:1:1: empty spec: the document has no content; a spec needs at least "version: 1"`,
		},
		{
			name:   "missing version",
			reason: "version is required so that a later format is never read as this one",
			input:  yamlLines("users: []"),
			want:   `org.yaml:1:1: version is required; add "version: 1" at the top of the file`,
		},
		{
			name:   "version 2",
			reason: "only version 1 exists",
			input:  yamlLines("version: 2", "users: []"),
			want:   `org.yaml:1:10: version 2 is not supported; this orgsync reads version 1`,
		},
		{
			name:   "version as string",
			reason: "a quoted version is a string, not the number 1",
			input:  yamlLines(`version: "1"`),
			want:   `org.yaml:1:10: version must be the number 1`,
		},
		{
			name:   "two documents",
			reason: "a second document would be ignored silently",
			input:  yamlLines("version: 1", "users: []", "---", "version: 1"),
			want:   `org.yaml:3:1: more than one YAML document; a spec holds exactly one, so remove the "---" separator and what follows it`,
		},
		{
			name:   "top level list",
			reason: "the root must be a mapping",
			input:  yamlLines("- version: 1"),
			want:   `org.yaml:1:1: a spec must be a YAML mapping with version, users and workspaces at the top level`,
		},
		{
			name:   "syntax error with line",
			reason: "yaml.v3 syntax errors keep the line it reports",
			input:  yamlLines("version: 1", "users: []", `workspaces: "research`),
			want:   `org.yaml:3: invalid YAML: found unexpected end of stream`,
		},
		{
			name:   "workspaces typo",
			reason: "a misspelt section must fail, never read as no workspaces",
			input: yamlLines(
				"version: 1",
				"users: []",
				"worksapces:",
				"  - name: research",
			),
			want: `org.yaml:3:1: unknown field "worksapces" at the top level; did you mean "workspaces"?`,
		},
		{
			name:   "role typo",
			reason: "a misspelt field must fail, never read as a user without a role",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: nina@example.com",
				"    rol: admin",
			),
			want: yamlLines(
				`org.yaml:3:5: user is missing role; set it to one of admin, billing, claude_code_user, developer, managed, membership_admin, owner, primary_owner, user`,
				`org.yaml:4:5: unknown field "rol" in a user; did you mean "role"?`,
			),
		},
		{
			name:   "unknown field far from any known one",
			reason: "without a close match the message lists the known fields",
			input: yamlLines(
				"version: 1",
				"workspaces:",
				"  - name: research",
				"    owner: ada@example.com",
			),
			want: `org.yaml:4:5: unknown field "owner" in a workspace; known fields are name, id, display_color, members, tags, data_residency, rate_limits, spend_limit`,
		},
		{
			name:   "short unknown field",
			reason: "a one-letter key is not guessed to be a known field",
			input:  yamlLines("version: 1", "x: 1"),
			want:   `org.yaml:2:1: unknown field "x" at the top level; known fields are version, organization, allow_empty, ownership, ignore, protect, removal_limits, freeze, defaults, spend_limits, compliance_api, api_keys, rbac_groups, users, workspaces`,
		},
		{
			name:   "merge key",
			reason: "a merge key is not a field, so it gets its own message",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - &ann",
				"    email: ann@example.com",
				"    role: developer",
				"  - <<: *ann",
				"    email: bo@example.com",
			),
			want: yamlLines(
				`org.yaml:6:5: merge keys (<<) are not supported in a user; write the fields out`,
				`org.yaml:6:5: user is missing role; set it to one of admin, billing, claude_code_user, developer, managed, membership_admin, owner, primary_owner, user`,
			),
		},
		{
			name:   "member without workspace role",
			reason: "a member must say which workspace role it holds",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: bo@example.com",
				"    role: developer",
				"workspaces:",
				"  - name: research",
				"    members:",
				"      - email: bo@example.com",
			),
			want: `org.yaml:8:9: member is missing workspace_role; set it to one of workspace_admin, workspace_billing, workspace_developer, workspace_restricted_developer, workspace_user`,
		},
		{
			name:   "owner as workspace developer",
			reason: "owners, like admins, are workspace_admin everywhere",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: olu@example.com",
				"    role: owner",
				"workspaces:",
				"  - name: research",
				"    members:",
				"      - email: olu@example.com",
				"        workspace_role: workspace_developer",
			),
			want: `org.yaml:9:25: olu@example.com has the organization role owner, so they are workspace_admin in every workspace and the API cannot change that; set workspace_role: workspace_admin or leave them out of members`,
		},
		{
			name:   "duplicate mapping key",
			reason: "yaml.v3 does not reject repeated keys in a node tree, and the last must never silently win",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: ann@example.com",
				"    role: developer",
				"    role: admin",
			),
			want: `org.yaml:5:5: duplicate field "role"; it is already set at org.yaml:4:5`,
		},
		{
			name:   "users not a list",
			reason: "users written as a mapping is a kind error",
			input:  yamlLines("version: 1", "users:", "  ann@example.com: developer"),
			want:   `org.yaml:3:3: users must be a list`,
		},
		{
			name:   "users without value",
			reason: "users: alone is null, which must not read as an empty list",
			input:  yamlLines("version: 1", "users:"),
			want:   `org.yaml:2:7: users has no value; write "users: []" for an empty list`,
		},
		{
			name:   "role not a string",
			reason: "a role written as a list is a kind error",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: ann@example.com",
				"    role: [admin]",
			),
			want: `org.yaml:4:11: role must be a string`,
		},
		{
			name:   "allow_empty not a boolean",
			reason: "only true and false state the intent",
			input:  yamlLines("version: 1", "allow_empty: yes", "users: []"),
			want:   `org.yaml:2:14: allow_empty must be true or false`,
		},
		{
			name:   "trailing space in quoted email",
			reason: "whitespace is rejected, not trimmed, so one address cannot look like two",
			input: yamlLines(
				"version: 1",
				"users:",
				`  - email: "leo@example.com "`,
				"    role: user",
			),
			want: `org.yaml:3:12: email "leo@example.com " ends with a space (U+0020); remove it`,
		},
		{
			name:   "leading tab in quoted email",
			reason: "leading whitespace gets its own message",
			input: yamlLines(
				"version: 1",
				"users:",
				`  - email: "\tleo@example.com"`,
				"    role: user",
			),
			want: `org.yaml:3:12: email "\tleo@example.com" starts with a tab (U+0009); remove it`,
		},
		{
			name:   "no-break space inside email",
			reason: "a pasted NBSP is invisible in most editors",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: leo\u00a0b@example.com",
				"    role: user",
			),
			want: `org.yaml:3:12: email "leo\u00a0b@example.com" contains a no-break space (U+00A0) at character 4; remove it`,
		},
		{
			name:   "zero-width space inside email",
			reason: "a zero-width space is invisible everywhere",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: leo@exa\u200bmple.com",
				"    role: user",
			),
			want: `org.yaml:3:12: email "leo@exa\u200bmple.com" contains a zero-width space (U+200B) at character 8; remove it`,
		},
		{
			name:   "word joiner at end of email",
			reason: "a format character at the end is not whitespace, so it is reported by place",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: leo@example.com\u2060",
				"    role: user",
			),
			want: `org.yaml:3:12: email "leo@example.com\u2060" contains a word joiner (U+2060) at character 16; remove it`,
		},
		{
			name:   "control character inside email",
			reason: "control characters are rejected",
			input: yamlLines(
				"version: 1",
				"users:",
				`  - email: "leo\x7f@example.com"`,
				"    role: user",
			),
			want: `org.yaml:3:12: email "leo\x7f@example.com" contains a control character (U+007F) at character 4; remove it`,
		},
		{
			name:   "email with display name",
			reason: "only a plain address is accepted",
			input: yamlLines(
				"version: 1",
				"users:",
				`  - email: "Bo <bo@example.com>"`,
				"    role: user",
			),
			want: `org.yaml:3:12: email "Bo <bo@example.com>" contains a space (U+0020) at character 3; remove it`,
		},
		{
			name:   "email in angle brackets",
			reason: "net/mail accepts <addr> but the spec wants the bare address",
			input: yamlLines(
				"version: 1",
				"users:",
				`  - email: "<bo@example.com>"`,
				"    role: user",
			),
			want: `org.yaml:3:12: email "<bo@example.com>" must be a plain address such as "bo@example.com", without a display name, comment or angle brackets`,
		},
		{
			name:   "email without at sign",
			reason: "net/mail rejects it",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: bo.example.com",
				"    role: user",
			),
			want: `org.yaml:3:12: email "bo.example.com" is not a valid address: mail: missing '@' or angle-addr`,
		},
		{
			name:   "missing email",
			reason: "a user must have an email",
			input:  yamlLines("version: 1", "users:", "  - role: user"),
			want:   `org.yaml:3:5: user is missing email`,
		},
		{
			name:   "unknown organization role",
			reason: "the message lists the allowed roles",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: ann@example.com",
				"    role: superuser",
			),
			want: `org.yaml:4:11: role "superuser" is not an organization role; use one of admin, billing, claude_code_user, developer, managed, membership_admin, owner, primary_owner, user`,
		},
		{
			name:   "unknown workspace role",
			reason: "the message lists the allowed workspace roles",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: ann@example.com",
				"    role: developer",
				"workspaces:",
				"  - name: research",
				"    members:",
				"      - email: ann@example.com",
				"        workspace_role: workspace_owner",
			),
			want: `org.yaml:9:25: workspace_role "workspace_owner" is not a workspace role; use one of workspace_admin, workspace_billing, workspace_developer, workspace_restricted_developer, workspace_user`,
		},
		{
			name:   "same user in two cases",
			reason: "the API compares emails ignoring case, so both lines are one person",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: Ann@example.com",
				"    role: developer",
				"  - email: ann@example.com",
				"    role: admin",
			),
			want: `org.yaml:5:12: ann@example.com duplicates the user at org.yaml:3:12 (email addresses are compared ignoring case)`,
		},
		{
			name:   "same user twice",
			reason: "an exact repeat is a duplicate too",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: ann@example.com",
				"    role: developer",
				"  - email: ann@example.com",
				"    role: developer",
			),
			want: `org.yaml:5:12: ann@example.com duplicates the user at org.yaml:3:12`,
		},
		{
			name:   "member not in users",
			reason: "a member must be declared in users",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: ann@example.com",
				"    role: developer",
				"workspaces:",
				"  - name: research",
				"    members:",
				"      - email: bo@example.com",
				"        workspace_role: workspace_user",
			),
			want: `org.yaml:8:16: bo@example.com is a member of workspace "research" but is not declared in users; add them to users`,
		},
		{
			name:   "member matched ignoring case",
			reason: "members are matched to users by email key, so only the role error remains",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: ada@example.com",
				"    role: admin",
				"workspaces:",
				"  - name: research",
				"    members:",
				"      - email: ADA@example.com",
				"        workspace_role: workspace_developer",
			),
			want: `org.yaml:9:25: ADA@example.com has the organization role admin, so they are workspace_admin in every workspace and the API cannot change that; set workspace_role: workspace_admin or leave them out of members`,
		},
		{
			name:   "billing user as developer",
			reason: "billing users hold only workspace_billing or workspace_admin",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: cy@example.com",
				"    role: billing",
				"workspaces:",
				"  - name: research",
				"    members:",
				"      - email: cy@example.com",
				"        workspace_role: workspace_developer",
			),
			want: `org.yaml:9:25: cy@example.com has the organization role billing, which allows only workspace_billing or workspace_admin in a workspace, not workspace_developer`,
		},
		{
			name:   "member twice in one workspace",
			reason: "the second entry must not silently win",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: bo@example.com",
				"    role: developer",
				"workspaces:",
				"  - name: research",
				"    members:",
				"      - email: bo@example.com",
				"        workspace_role: workspace_user",
				"      - email: Bo@example.com",
				"        workspace_role: workspace_developer",
			),
			want: `org.yaml:10:16: Bo@example.com duplicates the member at org.yaml:8:16 (email addresses are compared ignoring case)`,
		},
		{
			name:   "workspace name and id twice",
			reason: "a workspace is keyed by name unless pinned by id, so both must be unique",
			input: yamlLines(
				"version: 1",
				"workspaces:",
				"  - name: research",
				"    id: wrkspc_01",
				"  - name: research",
				"  - name: platform",
				"    id: wrkspc_01",
			),
			want: yamlLines(
				`org.yaml:5:11: workspace "research" duplicates the workspace at org.yaml:3:11`,
				`org.yaml:7:9: workspace id "wrkspc_01" duplicates the workspace at org.yaml:4:9`,
			),
		},
		{
			name:   "workspace fields invalid",
			reason: "each workspace field has its own check",
			input: yamlLines(
				"version: 1",
				"workspaces:",
				`  - name: ""`,
				"    id: ws_01",
				`    display_color: "6C5BB9"`,
				"  - name: platform",
				"    display_color: #6C5BB9",
				"  - name: 2024",
				"  - id: wrkspc_03",
			),
			want: yamlLines(
				`org.yaml:3:11: workspace name must not be empty`,
				`org.yaml:4:9: workspace id "ws_01" is not a workspace id; it must start with "wrkspc_", as in "wrkspc_01AbCd"`,
				`org.yaml:5:20: display_color "6C5BB9" must be # followed by 6 hex digits, as in "#6C5BB9"`,
				`org.yaml:7:19: display_color has no value; quote the colour, as in display_color: "#6C5BB9", because an unquoted # starts a comment`,
				`org.yaml:8:11: name must be a string, but 2024 reads as YAML int; quote it`,
				`org.yaml:9:5: workspace is missing name`,
			),
		},
		{
			name:   "organization without id or name",
			reason: "an empty organization would check nothing",
			input:  yamlLines("version: 1", "organization: {}", "users: []"),
			want:   `org.yaml:2:15: organization needs an id, a name or both`,
		},
		{
			name:   "errors in several places",
			reason: "every error is reported, sorted by position, not just the first",
			input: yamlLines(
				"version: 3",
				"users:",
				"  - email: ann@example.com",
				"    role: root",
				"worksapces: []",
			),
			want: yamlLines(
				`org.yaml:1:10: version 3 is not supported; this orgsync reads version 1`,
				`org.yaml:4:11: role "root" is not an organization role; use one of admin, billing, claude_code_user, developer, managed, membership_admin, owner, primary_owner, user`,
				`org.yaml:5:1: unknown field "worksapces" at the top level; did you mean "workspaces"?`,
			),
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("org.yaml", []byte(tt.input))
			if err == nil {
				t.Fatalf("Parse() = %+v, want error (%s)", got, tt.reason)
			}
			if got != nil {
				t.Errorf("Parse() returned a spec with its error: %+v", got)
			}
			want := strings.TrimSuffix(tt.want, "\n")
			if diff := cmp.Diff(want, err.Error()); diff != "" {
				t.Errorf("Parse() error mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	input := yamlLines(
		"version: 1",
		"organization:",
		"  id: 3f6e2a52-3c39-4c55-9a59-3a1d7f0c2b11",
		"  name: Acme",
		"allow_empty: false",
		"users:",
		"  - email: ada@acme.example",
		"    role: admin",
		"  - email: Bo@acme.example",
		"    role: developer",
		"  - email: cy@acme.example",
		"    role: billing",
		"workspaces:",
		"  - name: research",
		"    id: wrkspc_01",
		`    display_color: "#6C5BB9"`,
		"    members:",
		"      - email: bo@acme.example",
		"        workspace_role: workspace_developer",
		"      - email: ada@acme.example",
		"        workspace_role: workspace_admin",
		"  - name: platform",
		"    members: []",
		"  - name: support",
	)
	pos := func(line, column int) Position {
		return Position{File: "org.yaml", Line: line, Column: column}
	}
	want := &Spec{
		File:    "org.yaml",
		Version: 1,
		Organization: &Organization{
			ID:   "3f6e2a52-3c39-4c55-9a59-3a1d7f0c2b11",
			Name: "Acme",
			Pos:  pos(3, 3),
		},
		Users: []User{
			{Email: "ada@acme.example", Role: "admin", Pos: pos(7, 5)},
			{Email: "Bo@acme.example", Role: "developer", Pos: pos(9, 5)},
			{Email: "cy@acme.example", Role: "billing", Pos: pos(11, 5)},
		},
		UsersDeclared: true,
		Workspaces: []Workspace{
			{
				Name:         "research",
				ID:           "wrkspc_01",
				DisplayColor: "#6C5BB9",
				Members: []Member{
					{Email: "bo@acme.example", Role: "workspace_developer", Pos: pos(18, 9)},
					{Email: "ada@acme.example", Role: "workspace_admin", Pos: pos(20, 9)},
				},
				Pos: pos(14, 5),
			},
			{Name: "platform", Pos: pos(22, 5)},
			{Name: "support", Pos: pos(24, 5)},
		},
		WorkspacesDeclared: true,
	}

	got, err := Parse("org.yaml", []byte(input))
	if err != nil {
		t.Fatalf("Parse() error: %v", err)
	}
	if diff := cmp.Diff(withDefaults(want), got); diff != "" {
		t.Errorf("Parse() mismatch (-want +got):\n%s", diff)
	}
}

func TestParseSections(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		input  string
		want   *Spec
	}{
		{
			name:   "sections absent",
			reason: "a missing section is told apart from an empty one",
			input:  yamlLines("version: 1"),
			want:   &Spec{File: "org.yaml", Version: 1},
		},
		{
			name:   "sections empty",
			reason: "empty lists are declared, and allow_empty is read",
			input:  yamlLines("version: 1", "allow_empty: true", "users: []", "workspaces: []"),
			want: &Spec{
				File:               "org.yaml",
				Version:            1,
				AllowEmpty:         true,
				UsersDeclared:      true,
				WorkspacesDeclared: true,
			},
		},
		{
			name:   "alias to anchored list",
			reason: "an alias reads as its anchor's value",
			input: yamlLines(
				"version: 1",
				"users:",
				"  - email: bo@example.com",
				"    role: &role developer",
				"  - email: cy@example.com",
				"    role: *role",
			),
			want: &Spec{
				File:    "org.yaml",
				Version: 1,
				Users: []User{
					{Email: "bo@example.com", Role: "developer", Pos: Position{File: "org.yaml", Line: 3, Column: 5}},
					{Email: "cy@example.com", Role: "developer", Pos: Position{File: "org.yaml", Line: 5, Column: 5}},
				},
				UsersDeclared: true,
			},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("org.yaml", []byte(tt.input))
			if err != nil {
				t.Fatalf("Parse() error: %v (%s)", err, tt.reason)
			}
			if diff := cmp.Diff(withDefaults(tt.want), got); diff != "" {
				t.Errorf("Parse() mismatch (-want +got):\n%s\nreason: %s", diff, tt.reason)
			}
		})
	}
}

func TestParseReturnsErrors(t *testing.T) {
	input := yamlLines("version: 1", "users:", "  - email: ann@example.com", "    role: root", "worksapces: []")
	_, err := Parse("org.yaml", []byte(input))

	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Parse() error %T is not Errors", err)
	}
	var got []Position
	for _, e := range errs {
		got = append(got, e.Pos)
	}
	want := []Position{
		{File: "org.yaml", Line: 4, Column: 11},
		{File: "org.yaml", Line: 5, Column: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Errors positions mismatch (-want +got):\n%s", diff)
	}
}

func TestParseTooLarge(t *testing.T) {
	data := []byte("version: 1\n" + strings.Repeat("#", MaxFileSize))
	_, err := Parse("big.yaml", data)

	want := "big.yaml: spec is larger than 10485760 bytes (10 MiB); check that this is the right file"
	if err == nil {
		t.Fatal("Parse() of an oversized file returned no error")
	}
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("Parse() error mismatch (-want +got):\n%s", diff)
	}
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(path, []byte(yamlLines("version: 1", "rol: x")), 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("positions name the path", func(t *testing.T) {
		_, err := ParseFile(path)
		want := path + `:2:1: unknown field "rol" at the top level; known fields are version, organization, allow_empty, ownership, ignore, protect, removal_limits, freeze, defaults, spend_limits, compliance_api, api_keys, rbac_groups, users, workspaces`
		if err == nil {
			t.Fatal("ParseFile() returned no error")
		}
		if diff := cmp.Diff(want, err.Error()); diff != "" {
			t.Errorf("ParseFile() error mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("missing file names the path", func(t *testing.T) {
		missing := filepath.Join(dir, "missing.yaml")
		_, err := ParseFile(missing)
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("ParseFile() error = %v, want one wrapping os.ErrNotExist", err)
		}
		if err != nil && !strings.Contains(err.Error(), missing) {
			t.Errorf("ParseFile() error %q does not name %s", err, missing)
		}
	})

	t.Run("oversized file", func(t *testing.T) {
		big := filepath.Join(dir, "big.yaml")
		if err := os.WriteFile(big, make([]byte, MaxFileSize+10), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ParseFile(big)
		want := big + ": spec is larger than 10485760 bytes (10 MiB); check that this is the right file"
		if err == nil {
			t.Fatal("ParseFile() of an oversized file returned no error")
		}
		if diff := cmp.Diff(want, err.Error()); diff != "" {
			t.Errorf("ParseFile() error mismatch (-want +got):\n%s", diff)
		}
	})
}

// withDefaults returns want with the settings every parsed spec gets when
// it does not set them.
func withDefaults(want *Spec) *Spec {
	out := *want
	if out.Ownership == (Ownership{}) {
		out.Ownership = DefaultOwnership
	}
	if out.RemovalLimits == (RemovalLimits{}) {
		out.RemovalLimits = RemovalLimits{MaxPercent: DefaultMaxPercent, MaxCount: DefaultMaxCount}
	}
	return &out
}
