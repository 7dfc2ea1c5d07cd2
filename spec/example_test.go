package spec

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	exampleSpec = "../examples/acme/org.yaml"
	exampleLive = "../examples/acme/live.json"
)

func TestParseFileExample(t *testing.T) {
	s, err := ParseFile(exampleSpec)
	if err != nil {
		t.Fatalf("ParseFile(%s) error:\n%v", exampleSpec, err)
	}

	var names []string
	for _, w := range s.Workspaces {
		names = append(names, w.Name)
	}
	if diff := cmp.Diff([]string{"research", "platform", "support", "data-science"}, names); diff != "" {
		t.Errorf("workspaces mismatch (-want +got):\n%s", diff)
	}
	if got := len(s.Users); got != 30 {
		t.Errorf("len(Users) = %d, want 30", got)
	}
}

// exampleState is the part of the sandbox state file that the drift check
// reads.
type exampleState struct {
	Organization struct{ ID, Name string }
	Now          time.Time
	Users        []struct{ ID, Email, Role string }
	Invites      []exampleInvite
	Workspaces   []exampleWorkspace
}

type exampleInvite struct {
	Email, Role, Status string
	ExpiresAt           time.Time `json:"expires_at"`
}

type exampleWorkspace struct {
	ID, Name     string
	DisplayColor string     `json:"display_color"`
	ArchivedAt   *time.Time `json:"archived_at"`
	Members      []struct {
		UserID        string `json:"user_id"`
		WorkspaceRole string `json:"workspace_role"`
	}
}

// TestExampleDrift checks that live.json differs from org.yaml by exactly
// the drift examples/acme/README.md lists, so the example and its README
// stay in step. It is a summary written for this file, not the diff
// package.
func TestExampleDrift(t *testing.T) {
	s, err := ParseFile(exampleSpec)
	if err != nil {
		t.Fatalf("ParseFile(%s) error:\n%v", exampleSpec, err)
	}
	data, err := os.ReadFile(exampleLive)
	if err != nil {
		t.Fatal(err)
	}
	var live exampleState
	if err := json.Unmarshal(data, &live); err != nil {
		t.Fatalf("decode %s: %v", exampleLive, err)
	}

	want := []string{
		"add evelyn@acme.example to data-science",
		"add frances@acme.example to data-science",
		"add john@acme.example to data-science",
		"add lynn@acme.example to data-science",
		"create workspace data-science",
		"defer guido@acme.example in research",
		"defer yukihiro@acme.example in platform",
		"invite sophie@acme.example as user",
		"invite yukihiro@acme.example as developer",
		"org role hedy@acme.example: user -> developer",
		"remove bjarne@acme.example from platform",
		"remove mary@acme.example from research",
		"remove user bjarne@acme.example",
		"role katherine@acme.example in research: workspace_user -> workspace_developer",
		"wait for invite guido@acme.example",
	}
	if diff := cmp.Diff(want, summariseDrift(s, &live)); diff != "" {
		t.Errorf("drift mismatch (-want +got):\n%s", diff)
	}
	if s.Organization.ID != live.Organization.ID || s.Organization.Name != live.Organization.Name {
		t.Errorf("organization = %+v, live = %+v, want the same id and name", *s.Organization, live.Organization)
	}
}

// summariseDrift lists, sorted, how the live state differs from the spec.
func summariseDrift(s *Spec, live *exampleState) []string {
	var drift []string
	liveRoles := make(map[string]string) // email key to organization role
	emailByID := make(map[string]string)
	for _, u := range live.Users {
		liveRoles[EmailKey(u.Email)] = u.Role
		emailByID[u.ID] = EmailKey(u.Email)
	}

	inSpec := make(map[string]bool)
	for _, u := range s.Users {
		key := EmailKey(u.Email)
		inSpec[key] = true
		role, ok := liveRoles[key]
		switch {
		case ok && role != u.Role:
			drift = append(drift, "org role "+key+": "+role+" -> "+u.Role)
		case ok:
		case hasPendingInvite(live, key, u.Role):
			drift = append(drift, "wait for invite "+key)
		default:
			drift = append(drift, "invite "+key+" as "+u.Role)
		}
	}
	for key := range liveRoles {
		if !inSpec[key] {
			drift = append(drift, "remove user "+key)
		}
	}

	for _, w := range s.Workspaces {
		liveMembers := make(map[string]string) // email key to workspace role
		i := slices.IndexFunc(live.Workspaces, func(lw exampleWorkspace) bool {
			return lw.ArchivedAt == nil && lw.Name == w.Name
		})
		if i < 0 {
			drift = append(drift, "create workspace "+w.Name)
		} else {
			lw := live.Workspaces[i]
			if lw.DisplayColor != w.DisplayColor || (w.ID != "" && lw.ID != w.ID) {
				drift = append(drift, "update workspace "+w.Name)
			}
			for _, m := range lw.Members {
				liveMembers[emailByID[m.UserID]] = m.WorkspaceRole
			}
		}

		listed := make(map[string]bool)
		for _, m := range w.Members {
			key := EmailKey(m.Email)
			listed[key] = true
			role, ok := liveMembers[key]
			switch {
			case ok && role != m.Role:
				drift = append(drift, "role "+key+" in "+w.Name+": "+role+" -> "+m.Role)
			case ok:
			case liveRoles[key] == "":
				drift = append(drift, "defer "+key+" in "+w.Name)
			default:
				drift = append(drift, "add "+key+" to "+w.Name)
			}
		}
		for key := range liveMembers {
			if !listed[key] {
				drift = append(drift, "remove "+key+" from "+w.Name)
			}
		}
	}

	for _, lw := range live.Workspaces {
		managed := slices.ContainsFunc(s.Workspaces, func(w Workspace) bool { return w.Name == lw.Name })
		if lw.ArchivedAt == nil && !managed {
			drift = append(drift, "unmanaged workspace "+lw.Name)
		}
	}

	slices.Sort(drift)
	return drift
}

func hasPendingInvite(live *exampleState, key, role string) bool {
	for _, inv := range live.Invites {
		pending := inv.Status == "pending" && inv.ExpiresAt.After(live.Now)
		if EmailKey(inv.Email) == key && inv.Role == role && pending {
			return true
		}
	}
	return false
}
