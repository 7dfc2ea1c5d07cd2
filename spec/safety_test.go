package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSafetySettings(t *testing.T) {
	input := yamlLines(
		"version: 1",
		"ownership:",
		"  people: additive",
		"  workspaces: authoritative",
		"ignore:",
		"  people: [\"*@contractors.example.com\"]",
		"  workspaces: [\"Claude Code\"]",
		"protect:",
		"  - ops-bot@example.com",
		"removal_limits:",
		"  max_percent: 10",
		"  max_count: 3",
		"freeze: \"incident 42: hands off\"",
	)
	got, err := Parse("org.yaml", []byte(input))
	if err != nil {
		t.Fatal(err)
	}
	wantOwnership := Ownership{People: Additive, Invites: Authoritative, WorkspaceMembers: Authoritative, Workspaces: Authoritative,
		RateLimits: Additive, SpendLimits: Additive, RBACGroups: Authoritative}
	if diff := cmp.Diff(wantOwnership, got.Ownership); diff != "" {
		t.Errorf("ownership (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Ignore{People: []string{"*@contractors.example.com"}, Workspaces: []string{"Claude Code"}}, got.Ignore); diff != "" {
		t.Errorf("ignore (-want +got):\n%s", diff)
	}
	wantProtect := []Protected{{Email: "ops-bot@example.com", Pos: Position{File: "org.yaml", Line: 9, Column: 5}}}
	if diff := cmp.Diff(wantProtect, got.Protect); diff != "" {
		t.Errorf("protect (-want +got):\n%s", diff)
	}
	wantLimits := RemovalLimits{MaxPercent: 10, MaxCount: 3, Pos: Position{File: "org.yaml", Line: 11, Column: 3}}
	if diff := cmp.Diff(wantLimits, got.RemovalLimits); diff != "" {
		t.Errorf("removal limits (-want +got):\n%s", diff)
	}
	if got.Freeze != "incident 42: hands off" {
		t.Errorf("freeze = %q", got.Freeze)
	}
}

func TestParseSafetyErrors(t *testing.T) {
	tests := []struct {
		name, reason string
		input        string
		want         string
	}{
		{
			name:   "unknown mode",
			reason: "a mode is one of two words",
			input:  yamlLines("version: 1", "ownership:", "  people: owned"),
			want:   `org.yaml:3:11: ownership.people must be authoritative or additive, not "owned"`,
		},
		{
			name:   "unknown kind",
			reason: "a typo in a kind must not silently keep the default",
			input:  yamlLines("version: 1", "ownership:", "  peeple: additive"),
			want:   `org.yaml:3:3: unknown field "peeple" in ownership; did you mean "people"?`,
		},
		{
			name:   "bad glob",
			reason: "a pattern that cannot match is a mistake",
			input:  yamlLines("version: 1", "ignore:", "  people: [\"[a-\"]"),
			want:   `org.yaml:3:12: ignore.people entry "[a-" is not a valid glob pattern; use * and ? as in "*@contractors.example.com"`,
		},
		{
			name:   "declared and ignored",
			reason: "a person cannot be both managed and left alone",
			input:  yamlLines("version: 1", "ignore:", "  people: [\"*@contractors.example.com\"]", "users:", "  - email: Temp@Contractors.example.com", "    role: user"),
			want:   `org.yaml:5:5: user Temp@Contractors.example.com is declared but matches ignore.people; remove one of the two`,
		},
		{
			name:   "percent out of range",
			reason: "a share is at most 100",
			input:  yamlLines("version: 1", "removal_limits:", "  max_percent: 150"),
			want:   `org.yaml:3:16: removal_limits.max_percent must be a whole number from 0 to 100`,
		},
		{
			name:   "empty freeze",
			reason: "a freeze says why",
			input:  yamlLines("version: 1", `freeze: " "`),
			want:   `org.yaml:2:9: freeze needs a reason, such as "incident 42: no automatic changes"`,
		},
		{
			name:   "invalid protected email",
			reason: "protected addresses follow the email rules",
			input:  yamlLines("version: 1", "protect:", "  - \"ops-bot@example.com \""),
			want:   "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("org.yaml", []byte(tt.input))
			if err == nil {
				t.Fatalf("Parse succeeded; %s", tt.reason)
			}
			if tt.want != "" && err.Error() != tt.want {
				t.Errorf("Parse error:\n got %s\nwant %s\n(%s)", err, tt.want, tt.reason)
			}
		})
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		patterns []string
		name     string
		want     bool
	}{
		{[]string{"*@contractors.example.com"}, "Ann@Contractors.Example.com", true},
		{[]string{"*@contractors.example.com"}, "ann@example.com", false},
		{[]string{"Claude Code"}, "claude code", true},
		{nil, "anything", false},
	}
	for _, tt := range tests {
		if got := MatchPattern(tt.patterns, tt.name); got != tt.want {
			t.Errorf("MatchPattern(%q, %q) = %v, want %v", tt.patterns, tt.name, got, tt.want)
		}
	}
}
