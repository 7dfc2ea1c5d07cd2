package diff_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// staff returns n live developers and the spec users for the first keep of them.
func staff(n, keep int) ([]live.User, []spec.User) {
	var lu []live.User
	var su []spec.User
	for i := range n {
		email := fmt.Sprintf("p%02d@example.com", i)
		lu = append(lu, live.User{ID: fmt.Sprintf("user_%02d", i), Email: email, Role: "developer"})
		if i < keep {
			su = append(su, spec.User{Email: email, Role: "developer"})
		}
	}
	return lu, su
}

func rules(p *plan.Plan) []plan.BlockRule {
	var out []plan.BlockRule
	for _, b := range p.Blocked {
		out = append(out, b.Rule)
	}
	return out
}

func TestRemovalLimits(t *testing.T) {
	limits := spec.RemovalLimits{MaxPercent: 25, MaxCount: 50}
	tests := []struct {
		name        string
		reason      string
		live, keep  int
		limits      spec.RemovalLimits
		opts        diff.Options
		wantBlocked bool
		wantLimit   int
	}{
		{name: "12 of 30 at 25%", reason: "40% is over the default share", live: 30, keep: 18, limits: limits, wantBlocked: true, wantLimit: 7},
		{name: "7 of 30 at 25%", reason: "23% is within the share", live: 30, keep: 23, limits: limits},
		{name: "12 of 30 with --max-removals 12", reason: "the flag replaces the limits", live: 30, keep: 18, limits: limits, opts: diff.Options{MaxRemovals: 12}},
		{name: "13 of 30 with --max-removals 12", reason: "the flag is a limit too", live: 30, keep: 17, limits: limits, opts: diff.Options{MaxRemovals: 12}, wantBlocked: true, wantLimit: 12},
		{name: "12 of 30 with --force", reason: "force lifts the limits", live: 30, keep: 18, limits: limits, opts: diff.Options{Force: true}},
		{name: "2 of 3", reason: "a small kind loses at most half", live: 3, keep: 1, limits: limits, wantBlocked: true, wantLimit: 1},
		{name: "1 of 1", reason: "one removal is never blocked", live: 1, keep: 0, limits: limits},
		{name: "2 of 4", reason: "half of a small kind is allowed", live: 4, keep: 2, limits: limits},
		{name: "60 of 300 over max_count", reason: "the absolute cap holds within the share", live: 300, keep: 240, limits: spec.RemovalLimits{MaxPercent: 25, MaxCount: 50}, wantBlocked: true, wantLimit: 50},
		{name: "percent off", reason: "0 turns the share off", live: 30, keep: 18, limits: spec.RemovalLimits{MaxCount: 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lu, su := staff(tt.live, tt.keep)
			s := &spec.Spec{Version: 1, Users: su, RemovalLimits: tt.limits, AllowEmpty: true}
			opts := tt.opts
			opts.Prune, opts.Now = true, now
			p, err := diff.Compute(s, &live.State{Users: lu}, opts)
			if err != nil {
				t.Fatal(err)
			}
			var got *plan.Block
			for i := range p.Blocked {
				if p.Blocked[i].Rule == plan.BlockRemovalLimit {
					got = &p.Blocked[i]
				}
			}
			if (got != nil) != tt.wantBlocked {
				t.Fatalf("blocked = %v, want %v (%s); blocks %+v", got != nil, tt.wantBlocked, tt.reason, p.Blocked)
			}
			if got == nil {
				return
			}
			want := plan.Block{Rule: plan.BlockRemovalLimit, Kind: plan.KindPerson, Removals: tt.live - tt.keep, Total: tt.live,
				Limit: tt.wantLimit, Override: "removal_limits in the spec, --max-removals N or --force"}
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("block (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOwnershipAdditive(t *testing.T) {
	st := &live.State{
		Users:   liveUsers("user_1", "a@example.com", "developer", "user_2", "b@example.com", "user"),
		Invites: []live.Invite{pendingInvite("invite_1", "c@example.com", "user")},
		Workspaces: []live.Workspace{research(live.Member{UserID: "user_2", Role: "workspace_user"}),
			{ID: "wrkspc_9", Name: "old", MembersRead: false}},
	}
	s := &spec.Spec{Version: 1, Users: users("a@example.com", "developer"),
		Workspaces: []spec.Workspace{{Name: "research", Members: []spec.Member{{Email: "a@example.com", Role: "workspace_user"}}}},
		Ownership:  spec.Ownership{People: spec.Additive, Invites: spec.Additive, WorkspaceMembers: spec.Additive}}
	p := compute(t, s, st, true)
	want := []summary{{plan.KindMember, plan.Create, plan.ReasonMissing, "a@example.com", "research", "user_1"}}
	if diff := cmp.Diff(want, summarize(p)); diff != "" {
		t.Errorf("additive kinds are only added to, even with --prune (-want +got):\n%s", diff)
	}
	if got := len(p.Unmanaged); got != 4 {
		t.Errorf("unmanaged = %d (%+v), want 4: a person, an invite, a member and a workspace", got, p.Unmanaged)
	}
}

func TestOwnershipWorkspacesArchive(t *testing.T) {
	st := &live.State{Workspaces: []live.Workspace{research(), {ID: "wrkspc_9", Name: "old"}, {ID: "wrkspc_8", Name: "Claude Code"}}}
	s := &spec.Spec{Version: 1, Workspaces: []spec.Workspace{{Name: "research"}}, AllowEmpty: true,
		Ownership: spec.Ownership{Workspaces: spec.Authoritative}, Ignore: spec.Ignore{Workspaces: []string{"claude *"}}}
	p := compute(t, s, st, true)
	want := []summary{{plan.KindWorkspace, plan.Delete, plan.ReasonNotDeclared, "", "old", ""}}
	if diff := cmp.Diff(want, summarize(p)); diff != "" {
		t.Errorf("an authoritative workspaces kind archives what is undeclared and not ignored (-want +got):\n%s", diff)
	}
	if p.Ignored.Workspaces != 1 {
		t.Errorf("ignored workspaces = %d, want 1", p.Ignored.Workspaces)
	}
	if p := compute(t, s, st, false); len(p.Changes) != 0 {
		t.Errorf("without --prune nothing is archived; got %+v", summarize(p))
	}
}

func TestIgnorePeople(t *testing.T) {
	st := &live.State{
		Users:      liveUsers("user_1", "a@example.com", "developer", "user_2", "temp@contractors.example.com", "user"),
		Invites:    []live.Invite{pendingInvite("invite_1", "next@contractors.example.com", "user")},
		Workspaces: []live.Workspace{research(live.Member{UserID: "user_2", Role: "workspace_user"})},
	}
	s := &spec.Spec{Version: 1, Users: users("a@example.com", "developer"),
		Workspaces: []spec.Workspace{{Name: "research", Members: []spec.Member{{Email: "a@example.com", Role: "workspace_user"}}}},
		Ignore:     spec.Ignore{People: []string{"*@contractors.example.com"}}}
	p := compute(t, s, st, true)
	want := []summary{{plan.KindMember, plan.Create, plan.ReasonMissing, "a@example.com", "research", "user_1"}}
	if diff := cmp.Diff(want, summarize(p)); diff != "" {
		t.Errorf("ignored people are never removed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(plan.Ignored{People: 1, Invites: 1, Members: 1}, p.Ignored); diff != "" {
		t.Errorf("ignored counts (-want +got):\n%s", diff)
	}
	if len(p.Unmanaged) != 0 {
		t.Errorf("ignored objects are only counted, not listed; got %+v", p.Unmanaged)
	}
}

func TestProtected(t *testing.T) {
	st := &live.State{Users: liveUsers("user_1", "a@example.com", "developer", "user_2", "ops-bot@example.com", "developer",
		"user_3", "b@example.com", "developer", "user_4", "boss@example.com", "admin")}
	s := &spec.Spec{Version: 1, Users: users("a@example.com", "user", "b@example.com", "developer", "boss@example.com", "admin"),
		Protect: []spec.Protected{{Email: "Ops-Bot@example.com"}}}

	p := compute(t, s, st, true)
	want := []plan.Block{{Rule: plan.BlockProtected, Kind: plan.KindPerson, Email: "ops-bot@example.com", Override: "--force"}}
	if diff := cmp.Diff(want, p.Blocked); diff != "" {
		t.Errorf("removing a protected person is blocked (-want +got):\n%s", diff)
	}

	forced, err := diff.Compute(s, st, diff.Options{Prune: true, Now: now, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(forced.Blocked) != 0 {
		t.Errorf("--force lifts the protection; blocks %+v", forced.Blocked)
	}
	last := forced.Changes[len(forced.Changes)-1]
	if last.Email != "ops-bot@example.com" || last.Action != plan.Delete {
		t.Errorf("last change = %+v, want the forced removal of the protected person", last)
	}
	if diff := cmp.Diff([]plan.Warning{{Code: plan.WarnProtectedForced, Email: "ops-bot@example.com"}}, forced.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestAdminChanges(t *testing.T) {
	threeAdmins := &live.State{Users: liveUsers("user_1", "a1@example.com", "admin", "user_2", "a2@example.com", "admin", "user_3", "a3@example.com", "admin")}
	demoteOne := &spec.Spec{Version: 1, Users: users("a1@example.com", "developer", "a2@example.com", "admin", "a3@example.com", "admin")}
	demoteAll := &spec.Spec{Version: 1, Users: users("a1@example.com", "developer", "a2@example.com", "developer", "a3@example.com", "developer")}
	tests := []struct {
		name   string
		spec   *spec.Spec
		opts   diff.Options
		want   []plan.BlockRule
		reason string
	}{
		{"demote one", demoteOne, diff.Options{}, []plan.BlockRule{plan.BlockAdminChange}, "an admin demotion needs the flag"},
		{"demote one allowed", demoteOne, diff.Options{AllowAdminChanges: true}, nil, "the flag lifts it"},
		{"demote all allowed and forced", demoteAll, diff.Options{AllowAdminChanges: true, Force: true},
			[]plan.BlockRule{plan.BlockNoAdminLeft}, "nothing lifts the last-admin rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Now = now
			p, err := diff.Compute(tt.spec, threeAdmins, opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rules(p)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestAllowEmptyKeepsAdminRemovalsManual(t *testing.T) {
	st := &live.State{Users: liveUsers("user_1", "admin@example.com", "admin", "user_2", "dev@example.com", "developer")}
	p, err := diff.Compute(&spec.Spec{Version: 1, AllowEmpty: true}, st, diff.Options{Prune: true, Now: now, AllowAdminChanges: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Blocked) != 0 {
		t.Errorf("an intended empty spec with admin changes allowed is not blocked; got %+v", p.Blocked)
	}
	want := []summary{
		{plan.KindPerson, plan.Manual, plan.ReasonRoleReadOnly, "admin@example.com", "", "user_1"},
		{plan.KindPerson, plan.Delete, plan.ReasonNotDeclared, "dev@example.com", "", "user_2"},
	}
	if diff := cmp.Diff(want, summarize(p)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}
