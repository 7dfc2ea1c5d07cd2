package diff_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func users(pairs ...string) []spec.User {
	var out []spec.User
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, spec.User{Email: pairs[i], Role: pairs[i+1]})
	}
	return out
}

func liveUsers(triples ...string) []live.User {
	var out []live.User
	for i := 0; i < len(triples); i += 3 {
		out = append(out, live.User{ID: triples[i], Email: triples[i+1], Role: triples[i+2]})
	}
	return out
}

func pendingInvite(id, email, role string) live.Invite {
	return live.Invite{ID: id, Email: email, Role: role, Status: "pending",
		InvitedAt: now.Add(-24 * time.Hour), ExpiresAt: now.Add(20 * 24 * time.Hour)}
}

func compute(t *testing.T, s *spec.Spec, st *live.State, prune bool) *plan.Plan {
	t.Helper()
	p, err := diff.Compute(s, st, diff.Options{Prune: prune, Now: now})
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return p
}

// summary reduces a change to the fields a test states, so that cases stay readable.
type summary struct {
	Kind      plan.Kind
	Action    plan.Action
	Reason    plan.Reason
	Email     string
	Workspace string
	ID        string
}

func summarize(p *plan.Plan) []summary {
	var out []summary
	for _, c := range p.Changes {
		out = append(out, summary{c.Kind, c.Action, c.Reason, c.Email, c.Workspace, c.UserID + c.InviteID})
	}
	return out
}

func TestComputePeople(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		users  []spec.User
		state  live.State
		prune  bool
		want   []summary
	}{
		{
			name:   "pending invite with the same role",
			reason: "a pending invite counts as present, so nothing is re-sent",
			users:  users("frank@example.com", "developer"),
			state:  live.State{Invites: []live.Invite{pendingInvite("invite_1", "frank@example.com", "developer")}},
		},
		{
			name:   "pending invite with another role",
			reason: "an invite cannot be edited, so it is replaced, never silently re-sent",
			users:  users("frank@example.com", "claude_code_user"),
			state:  live.State{Invites: []live.Invite{pendingInvite("invite_1", "frank@example.com", "developer")}},
			want:   []summary{{plan.KindPerson, plan.Replace, plan.ReasonInviteRoleDiffers, "frank@example.com", "", "invite_1"}},
		},
		{
			name:   "expired invite",
			reason: "an expired invite counts as absent",
			users:  users("dave@example.com", "developer"),
			state: live.State{Invites: []live.Invite{{ID: "invite_1", Email: "dave@example.com", Role: "developer",
				Status: "expired", InvitedAt: now.AddDate(0, 0, -30), ExpiresAt: now.AddDate(0, 0, -9)}}},
			want: []summary{{plan.KindPerson, plan.Create, plan.ReasonInviteExpired, "dave@example.com", "", "invite_1"}},
		},
		{
			name:   "pending status with a past expiry date",
			reason: "the date is trusted over the status",
			users:  users("dave@example.com", "developer"),
			state: live.State{Invites: []live.Invite{{ID: "invite_1", Email: "dave@example.com", Role: "developer",
				Status: "pending", InvitedAt: now.AddDate(0, 0, -30), ExpiresAt: now.AddDate(0, 0, -9)}}},
			want: []summary{{plan.KindPerson, plan.Create, plan.ReasonInviteExpired, "dave@example.com", "", "invite_1"}},
		},
		{
			name:   "email differs only in case",
			reason: "the API compares addresses case-insensitively",
			users:  users("Judy.Doe@Example.COM", "developer", "Kim@Example.com", "user"),
			state: live.State{
				Users:   liveUsers("user_1", "judy.doe@example.com", "developer"),
				Invites: []live.Invite{pendingInvite("invite_1", "kim@example.com", "user")},
			},
		},
		{
			name:   "role change",
			users:  users("carl@example.com", "developer"),
			state:  live.State{Users: liveUsers("user_1", "carl@example.com", "user")},
			want:   []summary{{plan.KindPerson, plan.Update, plan.ReasonRoleDiffers, "carl@example.com", "", "user_1"}},
			reason: "a role change is an update of the member",
		},
		{
			name:   "promotion to admin",
			reason: "the API cannot assign admin",
			users:  users("carl@example.com", "admin"),
			state:  live.State{Users: liveUsers("user_1", "carl@example.com", "developer")},
			want:   []summary{{plan.KindPerson, plan.Manual, plan.ReasonAdminNotAssignable, "carl@example.com", "", "user_1"}},
		},
		{
			name:   "demotion of an admin",
			reason: "the API cannot change an admin's role",
			users:  users("owner1@example.com", "developer"),
			state:  live.State{Users: liveUsers("user_1", "owner1@example.com", "admin")},
			want:   []summary{{plan.KindPerson, plan.Manual, plan.ReasonRoleReadOnly, "owner1@example.com", "", "user_1"}},
		},
		{
			name:   "new admin",
			reason: "the API cannot invite an admin",
			users:  users("new@example.com", "admin"),
			want:   []summary{{plan.KindPerson, plan.Manual, plan.ReasonAdminNotAssignable, "new@example.com", "", ""}},
		},
		{
			name:   "undeclared people without prune",
			reason: "nothing is removed without --prune",
			users:  users("alice@example.com", "developer"),
			state: live.State{
				Users:   liveUsers("user_1", "alice@example.com", "developer", "user_2", "leo@example.com", "user"),
				Invites: []live.Invite{pendingInvite("invite_1", "carol@example.com", "developer")},
			},
		},
		{
			name:   "undeclared people with prune",
			reason: "pruning deletes the invite and removes the member, invites first; admins are a manual step",
			users:  users("alice@example.com", "developer"),
			prune:  true,
			state: live.State{
				Users: liveUsers("user_1", "alice@example.com", "developer", "user_2", "leo@example.com", "user",
					"user_3", "boss@example.com", "admin"),
				Invites: []live.Invite{pendingInvite("invite_1", "carol@example.com", "developer")},
			},
			want: []summary{
				{plan.KindPerson, plan.Delete, plan.ReasonNotDeclared, "carol@example.com", "", "invite_1"},
				{plan.KindPerson, plan.Manual, plan.ReasonRoleReadOnly, "boss@example.com", "", "user_3"},
				{plan.KindPerson, plan.Delete, plan.ReasonNotDeclared, "leo@example.com", "", "user_2"},
			},
		},
		{
			name:   "accepted invite of a member",
			reason: "an accepted invite is history, not a person to invite",
			users:  users("alice@example.com", "developer"),
			prune:  true,
			state: live.State{
				Users:   liveUsers("user_1", "alice@example.com", "developer"),
				Invites: []live.Invite{{ID: "invite_1", Email: "alice@example.com", Role: "developer", Status: "accepted"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compute(t, &spec.Spec{Version: 1, Users: tt.users, UsersDeclared: true}, &tt.state, tt.prune)
			if diff := cmp.Diff(tt.want, summarize(p)); diff != "" {
				t.Errorf("%s\nchanges (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestComputeNotes(t *testing.T) {
	s := &spec.Spec{Version: 1, Users: users("frank@example.com", "developer", "dave@example.com", "user")}
	stale := live.Invite{ID: "invite_2", Email: "dave@example.com", Role: "user", Status: "pending",
		InvitedAt: now.AddDate(0, 0, -30), ExpiresAt: now.AddDate(0, 0, -9)}
	pending := pendingInvite("invite_1", "frank@example.com", "developer")
	p := compute(t, s, &live.State{Invites: []live.Invite{pending, stale}}, false)
	want := []plan.Note{
		{Code: plan.NoteInviteStatusStale, Email: "dave@example.com", InviteID: "invite_2", Role: "user", ExpiresAt: stale.ExpiresAt},
		{Code: plan.NoteInvitePending, Email: "frank@example.com", InviteID: "invite_1", Role: "developer", ExpiresAt: pending.ExpiresAt},
	}
	if diff := cmp.Diff(want, p.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func research(members ...live.Member) live.Workspace {
	return live.Workspace{ID: "wrkspc_1", Name: "research", DisplayColor: "#111111", MembersRead: true, Members: members}
}

func TestComputeMembers(t *testing.T) {
	tests := []struct {
		name       string
		reason     string
		users      []spec.User
		members    []spec.Member
		state      live.State
		prune      bool
		want       []summary
		wantLength int
	}{
		{
			name:    "member who is only invited",
			reason:  "the membership waits for the invite and makes no API call",
			users:   users("grace@example.com", "developer"),
			members: []spec.Member{{Email: "grace@example.com", Role: "workspace_developer"}},
			state:   live.State{Workspaces: []live.Workspace{research()}},
			want: []summary{
				{plan.KindPerson, plan.Create, plan.ReasonMissing, "grace@example.com", "", ""},
				{plan.KindMember, plan.Wait, plan.ReasonWaitingForInvite, "grace@example.com", "research", ""},
			},
		},
		{
			name:    "derived admin membership",
			reason:  "admins are workspace_admin everywhere; that is never a change, even when pruning",
			users:   users("ada@example.com", "admin", "bo@example.com", "billing"),
			members: nil,
			prune:   true,
			state: live.State{
				Users: liveUsers("user_1", "ada@example.com", "admin", "user_2", "bo@example.com", "billing"),
				Workspaces: []live.Workspace{research(live.Member{UserID: "user_1", Role: "workspace_admin"},
					live.Member{UserID: "user_2", Role: "workspace_billing"})},
			},
		},
		{
			name:    "declared admin membership",
			users:   users("ada@example.com", "admin"),
			members: []spec.Member{{Email: "ada@example.com", Role: "workspace_admin"}},
			state:   live.State{Users: liveUsers("user_1", "ada@example.com", "admin"), Workspaces: []live.Workspace{research()}},
			reason:  "a declared admin membership is derived and needs no add",
		},
		{
			name:    "add, change and remove",
			users:   users("a@example.com", "developer", "b@example.com", "user"),
			members: []spec.Member{{Email: "a@example.com", Role: "workspace_developer"}, {Email: "b@example.com", Role: "workspace_developer"}},
			prune:   true,
			state: live.State{
				Users: liveUsers("user_1", "a@example.com", "developer", "user_2", "b@example.com", "user", "user_3", "c@example.com", "user"),
				Workspaces: []live.Workspace{research(live.Member{UserID: "user_2", Role: "workspace_user"},
					live.Member{UserID: "user_3", Role: "workspace_user"})},
			},
			reason: "role changes use update, never remove-then-add; the removed person's membership goes with them",
			want: []summary{
				{plan.KindMember, plan.Create, plan.ReasonMissing, "a@example.com", "research", "user_1"},
				{plan.KindMember, plan.Update, plan.ReasonRoleDiffers, "b@example.com", "research", "user_2"},
				{plan.KindPerson, plan.Delete, plan.ReasonNotDeclared, "c@example.com", "", "user_3"},
			},
		},
		{
			name:    "hand-added member with prune",
			users:   users("a@example.com", "developer", "c@example.com", "user"),
			members: []spec.Member{{Email: "a@example.com", Role: "workspace_developer"}},
			prune:   true,
			state: live.State{
				Users: liveUsers("user_1", "a@example.com", "developer", "user_3", "c@example.com", "user"),
				Workspaces: []live.Workspace{research(live.Member{UserID: "user_1", Role: "workspace_developer"},
					live.Member{UserID: "user_3", Role: "workspace_user"}, live.Member{UserID: "user_9", Role: "workspace_user"})},
			},
			reason: "an undeclared member is removed; a member missing from the users list is never removed",
			want:   []summary{{plan.KindMember, plan.Delete, plan.ReasonNotDeclared, "c@example.com", "research", "user_3"}},
		},
		{
			name:    "workspace_billing",
			users:   users("a@example.com", "developer"),
			members: []spec.Member{{Email: "a@example.com", Role: "workspace_billing"}},
			state:   live.State{Users: liveUsers("user_1", "a@example.com", "developer"), Workspaces: []live.Workspace{research()}},
			reason:  "the API cannot add workspace_billing",
			want:    []summary{{plan.KindMember, plan.Manual, plan.ReasonBillingNotAssignable, "a@example.com", "research", "user_1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &spec.Spec{Version: 1, Users: tt.users, UsersDeclared: true,
				Workspaces: []spec.Workspace{{Name: "research", Members: tt.members}}, WorkspacesDeclared: true, AllowEmpty: true}
			p := compute(t, s, &tt.state, tt.prune)
			if diff := cmp.Diff(tt.want, summarize(p)); diff != "" {
				t.Errorf("%s\nchanges (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestComputeWorkspaces(t *testing.T) {
	st := &live.State{Workspaces: []live.Workspace{
		{ID: "wrkspc_1", Name: "research", DisplayColor: "#111111", MembersRead: true},
		{ID: "wrkspc_2", Name: "Claude Code", MembersRead: false},
	}}
	s := &spec.Spec{Version: 1, Workspaces: []spec.Workspace{
		{Name: "deep-research", ID: "wrkspc_1", DisplayColor: "#222222"},
		{Name: "analytics"},
	}}
	p := compute(t, s, st, true)
	want := []plan.Change{
		{Kind: plan.KindWorkspace, Action: plan.Create, Reason: plan.ReasonMissing, Workspace: "analytics",
			Fields: []plan.Field{{Name: "name", After: "analytics"}}},
		{Kind: plan.KindWorkspace, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Workspace: "deep-research", WorkspaceID: "wrkspc_1",
			Fields: []plan.Field{{Name: "name", Before: "research", After: "deep-research"}, {Name: "display_color", Before: "#111111", After: "#222222"}}},
	}
	if diff := cmp.Diff(want, p.Changes); diff != "" {
		t.Errorf("a pinned rename is an update and a new name a create (-want +got):\n%s", diff)
	}
	wantUnmanaged := []plan.Unmanaged{{Kind: plan.KindWorkspace, Workspace: "Claude Code", ID: "wrkspc_2"}}
	if diff := cmp.Diff(wantUnmanaged, p.Unmanaged); diff != "" {
		t.Errorf("an undeclared workspace is reported, never archived (-want +got):\n%s", diff)
	}
}

func TestComputeErrors(t *testing.T) {
	twins := &live.State{Organization: live.Organization{ID: "org-1", Name: "Acme"}, Workspaces: []live.Workspace{
		{ID: "wrkspc_A", Name: "Claude Code", MembersRead: true}, {ID: "wrkspc_B", Name: "Claude Code", MembersRead: true},
	}}
	tests := []struct {
		name string
		spec spec.Spec
		want error
	}{
		{"organization id differs", spec.Spec{Organization: &spec.Organization{ID: "org-2"}}, diff.ErrWrongOrganization},
		{"organization name differs", spec.Spec{Organization: &spec.Organization{Name: "Other"}}, diff.ErrWrongOrganization},
		{"two workspaces share the name", spec.Spec{Workspaces: []spec.Workspace{{Name: "Claude Code"}}}, diff.ErrAmbiguous},
		{"pinned id is not active", spec.Spec{Workspaces: []spec.Workspace{{Name: "x", ID: "wrkspc_gone"}}}, diff.ErrNoWorkspace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := diff.Compute(&tt.spec, twins, diff.Options{Now: now})
			if !errors.Is(err, tt.want) {
				t.Errorf("Compute error = %v, want %v", err, tt.want)
			}
		})
	}
	pinned := spec.Spec{Organization: &spec.Organization{ID: "org-1", Name: "Acme"}, Workspaces: []spec.Workspace{{Name: "Claude Code", ID: "wrkspc_B"}}}
	if _, err := diff.Compute(&pinned, twins, diff.Options{Now: now}); err != nil {
		t.Errorf("Compute with a pinned id: %v", err)
	}
}

func TestComputeBlocksEmptyUsers(t *testing.T) {
	st := &live.State{Users: liveUsers("user_1", "a@example.com", "developer", "user_2", "b@example.com", "user")}
	p := compute(t, &spec.Spec{Version: 1}, st, true)
	if got := p.Blocked[0]; got != (plan.Block{Rule: plan.BlockEmptySection, Kind: plan.KindPerson, Removals: 2, Total: 2, Override: "allow_empty: true"}) {
		t.Errorf("first block = %+v, want the empty users section", got)
	}
	if p := compute(t, &spec.Spec{Version: 1}, st, false); len(p.Blocked) != 0 {
		t.Errorf("without prune nothing is removed, so nothing is blocked; got %v", p.Blocked)
	}
	p, err := diff.Compute(&spec.Spec{Version: 1, AllowEmpty: true}, st, diff.Options{Prune: true, Now: now, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Blocked) != 0 {
		t.Errorf("allow_empty and --force lift the blocks; got %v", p.Blocked)
	}
}

// TestComputeIsStable checks that list order in the spec or the API never
// changes the plan, and that adding one workspace changes nothing else.
func TestComputeIsStable(t *testing.T) {
	s := &spec.Spec{Version: 1, Users: users("a@example.com", "developer", "b@example.com", "user", "c@example.com", "developer", "d@example.com", "user"),
		Workspaces: []spec.Workspace{
			{Name: "research", Members: []spec.Member{{Email: "a@example.com", Role: "workspace_developer"}, {Email: "b@example.com", Role: "workspace_user"}}},
			{Name: "ops", Members: []spec.Member{{Email: "c@example.com", Role: "workspace_developer"}, {Email: "d@example.com", Role: "workspace_user"}}},
		}}
	st := &live.State{
		Users: liveUsers("user_1", "a@example.com", "user", "user_3", "c@example.com", "developer", "user_9", "z@example.com", "user"),
		Workspaces: []live.Workspace{
			{ID: "wrkspc_1", Name: "research", MembersRead: true, Members: []live.Member{{UserID: "user_9", Role: "workspace_user"}}},
			{ID: "wrkspc_2", Name: "ops", MembersRead: true},
		},
	}
	base := compute(t, s, st, true)

	shuffled := *s
	shuffled.Users = slices.Clone(s.Users)
	slices.Reverse(shuffled.Users)
	shuffled.Workspaces = slices.Clone(s.Workspaces)
	slices.Reverse(shuffled.Workspaces)
	shuffledState := *st
	shuffledState.Users = slices.Clone(st.Users)
	slices.Reverse(shuffledState.Users)
	if diff := cmp.Diff(base, compute(t, &shuffled, &shuffledState, true)); diff != "" {
		t.Errorf("reordered inputs changed the plan (-want +got):\n%s", diff)
	}

	grown := *s
	grown.Workspaces = append(slices.Clone(s.Workspaces), spec.Workspace{Name: "analytics",
		Members: []spec.Member{{Email: "a@example.com", Role: "workspace_user"}}})
	got := compute(t, &grown, st, true)
	var others []plan.Change
	for _, c := range got.Changes {
		if c.Workspace != "analytics" {
			others = append(others, c)
		}
	}
	if diff := cmp.Diff(base.Changes, others); diff != "" {
		t.Errorf("adding a workspace changed unrelated changes (-want +got):\n%s", diff)
	}
	if n := len(got.Changes) - len(others); n != 2 {
		t.Errorf("adding a workspace with one member: %d changes, want 2 (create and add)", n)
	}
}

func TestComputeOrder(t *testing.T) {
	s := &spec.Spec{Version: 1, AllowEmpty: true,
		Users: users("new@example.com", "developer", "up@example.com", "developer", "m@example.com", "user"),
		Workspaces: []spec.Workspace{
			{Name: "a-new", Members: []spec.Member{{Email: "m@example.com", Role: "workspace_user"}}},
			{Name: "b-old", DisplayColor: "#000000", Members: []spec.Member{{Email: "m@example.com", Role: "workspace_developer"}}},
		}}
	st := &live.State{
		Users:   liveUsers("user_1", "up@example.com", "user", "user_2", "m@example.com", "user", "user_3", "gone@example.com", "user"),
		Invites: []live.Invite{pendingInvite("invite_1", "old@example.com", "user")},
		Workspaces: []live.Workspace{{ID: "wrkspc_1", Name: "b-old", DisplayColor: "#ffffff", MembersRead: true,
			Members: []live.Member{{UserID: "user_2", Role: "workspace_user"}, {UserID: "user_1", Role: "workspace_user"}}}},
	}
	p := compute(t, s, st, true)
	var steps []int
	for _, c := range p.Changes {
		steps = append(steps, diff.Step(c))
	}
	if diff := cmp.Diff([]int{1, 2, 3, 4, 5, 6, 7, 8, 9}, steps); diff != "" {
		t.Errorf("steps (-want +got):\n%s\nchanges: %+v", diff, summarize(p))
	}
}
