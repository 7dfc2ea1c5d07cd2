package proptest

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/sandbox"
	"github.com/orgsync/orgsync/spec"
)

const key = "sk-ant-admin01-PROPERTY"

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// world is one random case: a live organisation, a spec and the options
// a run plans with.
type world struct {
	state *sandbox.State
	spec  *spec.Spec
	opts  diff.Options
}

var (
	assignable   = []string{"user", "developer", "claude_code_user"}
	wsRoles      = []string{"workspace_user", "workspace_developer", "workspace_restricted_developer", "workspace_admin"}
	contractorRx = "*@contractors.example.com"
)

func email(i int) string {
	if i%5 == 4 {
		return fmt.Sprintf("c%02d@contractors.example.com", i)
	}
	return fmt.Sprintf("p%02d@example.com", i)
}

func pick[T any](r *rand.Rand, items []T) T { return items[r.IntN(len(items))] }

// newWorld draws a case. Roles stay among those the API can assign, with
// one admin who is always declared: admin and billing transitions are
// manual steps or derived memberships, covered by other tests.
func newWorld(r *rand.Rand) world {
	st := &sandbox.State{Organization: sandbox.Organization{ID: "7d0c4f4e-0000-4000-8000-000000000001", Name: "Prop"}, Now: &now, NextID: 5000}
	st.Users = append(st.Users, sandbox.User{ID: "user_admin", Email: "admin@example.com", Name: "Admin", Role: "admin", AddedAt: now.AddDate(-1, 0, 0)})
	sp := &spec.Spec{Version: 1, UsersDeclared: true, WorkspacesDeclared: true, AllowEmpty: true,
		Users: []spec.User{{Email: "admin@example.com", Role: "admin"}}}

	people := 6 + r.IntN(10)
	var liveUsers []string
	declared := map[string]string{}
	for i := range people {
		addr := email(i)
		switch r.IntN(4) {
		case 0: // a member
			st.Users = append(st.Users, sandbox.User{ID: fmt.Sprintf("user_%02d", i), Email: addr, Name: addr, Role: pick(r, assignable), AddedAt: now.AddDate(0, -1, 0)})
			liveUsers = append(liveUsers, fmt.Sprintf("user_%02d", i))
		case 1: // a pending invite
			st.Invites = append(st.Invites, sandbox.Invite{ID: fmt.Sprintf("invite_%02d", i), Email: addr, Role: pick(r, assignable), Status: "pending",
				InvitedAt: now.AddDate(0, 0, -2), ExpiresAt: now.AddDate(0, 0, 19)})
		case 2: // an expired invite
			st.Invites = append(st.Invites, sandbox.Invite{ID: fmt.Sprintf("invite_%02d", i), Email: addr, Role: pick(r, assignable), Status: "expired",
				InvitedAt: now.AddDate(0, 0, -30), ExpiresAt: now.AddDate(0, 0, -9)})
		}
		if r.IntN(3) > 0 && !(r.IntN(2) == 0 && i%5 == 4) {
			role := pick(r, assignable)
			declared[addr] = role
			sp.Users = append(sp.Users, spec.User{Email: addr, Role: role})
		}
	}

	for w := range 4 {
		name := fmt.Sprintf("team-%d", w)
		if r.IntN(3) > 0 {
			ws := sandbox.Workspace{ID: fmt.Sprintf("wrkspc_%d", w), Name: name, DisplayColor: "#6C5BB9", CreatedAt: now.AddDate(0, -2, 0)}
			for _, id := range liveUsers {
				if r.IntN(2) == 0 {
					ws.Members = append(ws.Members, sandbox.Member{UserID: id, WorkspaceRole: pick(r, wsRoles)})
				}
			}
			st.Workspaces = append(st.Workspaces, ws)
		}
		if r.IntN(3) > 0 {
			sw := spec.Workspace{Name: name}
			for _, u := range sp.Users[1:] {
				if r.IntN(2) == 0 {
					sw.Members = append(sw.Members, spec.Member{Email: u.Email, Role: pick(r, wsRoles)})
				}
			}
			sp.Workspaces = append(sp.Workspaces, sw)
		}
	}

	modes := []spec.Mode{spec.Authoritative, spec.Additive}
	sp.Ownership = spec.Ownership{People: pick(r, modes), Invites: pick(r, modes), WorkspaceMembers: pick(r, modes), Workspaces: pick(r, modes)}
	if r.IntN(2) == 0 {
		sp.Ignore.People = []string{contractorRx}
		sp.Users = slices.DeleteFunc(sp.Users, func(u spec.User) bool { return spec.MatchPattern(sp.Ignore.People, u.Email) })
		for i := range sp.Workspaces {
			sp.Workspaces[i].Members = slices.DeleteFunc(sp.Workspaces[i].Members, func(m spec.Member) bool { return spec.MatchPattern(sp.Ignore.People, m.Email) })
		}
	}
	if len(st.Users) > 1 && r.IntN(2) == 0 {
		sp.Protect = []spec.Protected{{Email: st.Users[1+r.IntN(len(st.Users)-1)].Email}}
	}
	return world{state: st, spec: sp, opts: diff.Options{Prune: r.IntN(2) == 0, AllowAdminChanges: true, MaxRemovals: 1000}}
}

func read(t *testing.T, client *admin.Client, sp *spec.Spec) *live.State {
	t.Helper()
	names := map[string]bool{}
	for _, w := range sp.Workspaces {
		names[w.Name] = true
	}
	st, err := client.ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: func(w live.Workspace) bool { return names[w.Name] }})
	if err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	return st
}

// TestApplyThenPlanIsEmpty checks, on random organisations and specs, that
// one apply brings the organisation to the spec (a second plan sends
// nothing), that nothing ignored or protected is touched, and that
// nothing is removed without --prune and an authoritative kind.
func TestApplyThenPlanIsEmpty(t *testing.T) {
	cases := 200
	if testing.Short() {
		cases = 30
	}
	for seed := range cases {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			w := newWorld(rand.New(rand.NewPCG(uint64(seed), 42)))
			srv := sandbox.New(w.state, sandbox.Options{AdminKeys: []string{key}, RateLimit: -1})
			ts := httptest.NewServer(srv)
			defer ts.Close()
			client := admin.New(admin.Options{BaseURL: ts.URL, APIKey: key, MaxRetries: 0, Logger: slog.New(slog.DiscardHandler)})

			before := read(t, client, w.spec)
			opts := w.opts
			opts.Now = now
			p, err := diff.Compute(w.spec, before, opts)
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			if len(p.Blocked) > 0 {
				t.Skipf("blocked: %+v", p.Blocked)
			}
			checkAuthority(t, w, p)

			report, err := apply.Run(context.Background(), client, p, apply.Options{})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			for _, res := range report.Results {
				if res.Status == apply.Failed {
					t.Errorf("%s %s %s%s failed: %v", res.Change.Action, res.Change.Kind, res.Change.Email, res.Change.Workspace, res.Err)
				}
			}

			after := read(t, client, w.spec)
			second, err := diff.Compute(w.spec, after, opts)
			if err != nil {
				t.Fatalf("second Compute: %v", err)
			}
			for _, c := range second.Changes {
				if c.Sent() {
					t.Errorf("second plan still has %s %s %s %q %+v", c.Action, c.Kind, c.Email, c.Workspace, c.Fields)
				}
			}
			checkUntouched(t, w, before, after)
		})
	}
}

// checkAuthority fails on a removal the run had no authority for.
func checkAuthority(t *testing.T, w world, p *plan.Plan) {
	t.Helper()
	for _, c := range p.Changes {
		if c.Action != plan.Delete {
			continue
		}
		var mode spec.Mode
		switch {
		case c.Kind == plan.KindWorkspace:
			mode = w.spec.Ownership.Workspaces
		case c.Kind == plan.KindMember:
			mode = w.spec.Ownership.WorkspaceMembers
		case c.UserID == "":
			mode = w.spec.Ownership.Invites
		default:
			mode = w.spec.Ownership.People
		}
		if !w.opts.Prune || mode != spec.Authoritative {
			t.Errorf("removal without authority (prune %v, %s): %+v", w.opts.Prune, mode, c)
		}
		if spec.MatchPattern(w.spec.Ignore.People, c.Email) {
			t.Errorf("removal of an ignored person: %+v", c)
		}
	}
}

// checkUntouched fails when an ignored or protected person changed.
func checkUntouched(t *testing.T, w world, before, after *live.State) {
	t.Helper()
	watched := func(addr string) bool {
		if spec.MatchPattern(w.spec.Ignore.People, addr) {
			return true
		}
		for _, p := range w.spec.Protect {
			if spec.EmailKey(p.Email) == spec.EmailKey(addr) {
				return true
			}
		}
		return false
	}
	index := func(st *live.State) map[string]string {
		out := map[string]string{}
		for _, u := range st.Users {
			if watched(u.Email) {
				out[spec.EmailKey(u.Email)] = "member " + u.Role
			}
		}
		for _, inv := range st.Invites {
			if watched(inv.Email) && inv.Status == "pending" {
				out[spec.EmailKey(inv.Email)+" invite"] = inv.ID + " " + inv.Role
			}
		}
		return out
	}
	b, a := index(before), index(after)
	for k, v := range b {
		if a[k] != v {
			t.Errorf("ignored or protected %s changed: %q -> %q", k, v, a[k])
		}
	}
}
