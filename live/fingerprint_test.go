package live

import (
	"testing"
	"time"
)

func sample() *State {
	expiry := time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC)
	return &State{
		Organization: Organization{ID: "org-1", Name: "Acme"},
		Users:        []User{{ID: "user_1", Email: "a@example.com", Role: "developer"}, {ID: "user_2", Email: "b@example.com", Role: "user"}},
		Invites:      []Invite{{ID: "invite_1", Email: "c@example.com", Role: "user", Status: "pending", ExpiresAt: expiry}},
		Workspaces: []Workspace{{ID: "wrkspc_1", Name: "research", MembersRead: true,
			Members: []Member{{UserID: "user_1", Role: "workspace_user"}, {UserID: "user_2", Role: "workspace_user"}}}},
	}
}

func TestFingerprintIgnoresOrderAndReadTime(t *testing.T) {
	a, b := sample(), sample()
	b.Users[0], b.Users[1] = b.Users[1], b.Users[0]
	b.Workspaces[0].Members[0], b.Workspaces[0].Members[1] = b.Workspaces[0].Members[1], b.Workspaces[0].Members[0]
	b.ReadAt = time.Now()
	b.Users[0].Email = "B@Example.com"
	if a.Fingerprint() != b.Fingerprint() {
		t.Errorf("fingerprints differ for the same organisation listed in another order")
	}
}

func TestFingerprintSeesChanges(t *testing.T) {
	changes := map[string]func(*State){
		"role":               func(s *State) { s.Users[0].Role = "user" },
		"new user":           func(s *State) { s.Users = append(s.Users, User{ID: "user_3", Email: "d@example.com", Role: "user"}) },
		"invite status":      func(s *State) { s.Invites[0].Status = "expired" },
		"workspace name":     func(s *State) { s.Workspaces[0].Name = "lab" },
		"member role":        func(s *State) { s.Workspaces[0].Members[0].Role = "workspace_developer" },
		"removed member":     func(s *State) { s.Workspaces[0].Members = s.Workspaces[0].Members[:1] },
		"other organization": func(s *State) { s.Organization.ID = "org-2" },
	}
	base := sample().Fingerprint()
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			s := sample()
			change(s)
			if s.Fingerprint() == base {
				t.Errorf("fingerprint did not change")
			}
		})
	}
}
