// Package gen generates large organisations for tests and benchmarks. One
// seeded Generate call returns three views of the same organisation: the
// sandbox state to serve, the live state a complete read of that sandbox
// returns, and a spec that differs from it by a chosen share.
//
// The package sits under internal rather than next to sandbox.State because
// it also writes specs and live states, which the sandbox must not know
// about: the sandbox shares no code with the client side.
package gen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/sandbox"
)

// MaxWorkspaces is the sandbox's cap on active workspaces, which Generate
// respects.
const MaxWorkspaces = 100

// now is the frozen business clock of every generated sandbox.
var now = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

// ordinaryRoles are the organisation roles of people who are not implicit
// workspace members, so that every membership of theirs is explicit.
var ordinaryRoles = []string{"user", "developer", "claude_code_user"}

// memberRoles are the workspace roles of generated explicit memberships.
var memberRoles = []string{"workspace_user", "workspace_developer"}

// Shape sizes a generated organisation.
type Shape struct {
	// People is the number of organisation members, admins and billing
	// users included.
	People int
	// Invites is the number of listed invites, pending, accepted and
	// expired in turn. Pending invites are declared in the spec with their
	// role, so they plan no change.
	Invites int
	// Workspaces is the number of active workspaces, at most MaxWorkspaces.
	Workspaces int
	// Memberships is the number of explicit workspace memberships, spread
	// evenly over the workspaces.
	Memberships int
	// Drift is the share, from 0 to 1, of people and of memberships on
	// which the spec differs from the live organisation.
	Drift float64
	// Seed makes the organisation repeatable: the same Shape gives the
	// same organisation.
	Seed uint64
}

// ShapeFor returns the shape of an organisation of people members: one
// workspace per 100 people up to MaxWorkspaces, two memberships per
// person (fewer when the workspaces cannot hold them), one invite per ten
// people, and no drift.
func ShapeFor(people int) Shape {
	workspaces := min(MaxWorkspaces, max(1, people/100))
	return Shape{
		People:      people,
		Invites:     people / 10,
		Workspaces:  workspaces,
		Memberships: min(2*people, workspaces*ordinaryPeople(people)),
		Seed:        1,
	}
}

// Changes counts the changes a pruning plan of the spec against the live
// state contains, by what they do.
type Changes struct {
	Invites        int
	RoleUpdates    int
	Removals       int
	MemberAdds     int
	MemberUpdates  int
	MemberRemovals int
}

// Total returns the number of changes, each of which is one API request.
func (c Changes) Total() int {
	return c.Invites + c.RoleUpdates + c.Removals + c.MemberAdds + c.MemberUpdates + c.MemberRemovals
}

// Org is a generated organisation.
type Org struct {
	Shape Shape
	// State is the sandbox state. It holds no deleted invites, archived
	// workspaces or default workspace, so that every object it holds is
	// listed.
	State *sandbox.State
	// Live is what a complete read of State returns, with the members of
	// every workspace read, lists in the API's order.
	Live *live.State
	// Spec is the spec as one YAML file.
	Spec []byte
	// Files is the same spec split into a file of people and one file per
	// workspace, as a spec directory holds it.
	Files []File
	// Changes counts the changes the drift causes when planning with
	// pruning.
	Changes Changes
}

// File is one file of a split spec.
type File struct {
	Name string
	Data []byte
}

// person is a generated organisation member and how the spec treats them.
type person struct {
	user sandbox.User
	// specRole is the role the spec declares, or "" when the spec leaves
	// the person out.
	specRole string
}

// membership is a generated explicit membership and how the spec treats it.
type membership struct {
	userIndex int
	role      string
	// specRole is the workspace role the spec declares, or "" when the spec
	// leaves the membership out.
	specRole string
}

// generator holds the organisation while Generate builds it.
type generator struct {
	shape   Shape
	rng     *rand.Rand
	people  []person
	invites []sandbox.Invite
	// newPeople are declared in the spec and absent from the organisation.
	newPeople []sandbox.User
	members   [][]membership // by workspace index
	// addedMembers are declared in the spec and absent from the workspace.
	addedMembers [][]membership
	changes      Changes
}

// Generate returns the organisation of shape s.
func Generate(s Shape) (*Org, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	g := &generator{shape: s, rng: rand.New(rand.NewPCG(s.Seed, 0x6f7267))}
	g.generatePeople()
	g.generateInvites()
	g.generateMembers()
	g.driftPeople()
	g.driftMembers()

	org := &Org{Shape: s, State: g.sandboxState(), Live: g.liveState(), Changes: g.changes}
	org.Spec, org.Files = g.spec()
	return org, nil
}

func (s Shape) validate() error {
	var errs []error
	if s.People < 1 {
		errs = append(errs, fmt.Errorf("people %d: use 1 or more", s.People))
	}
	if s.Invites < 0 || s.Memberships < 0 {
		errs = append(errs, errors.New("invites and memberships must not be negative"))
	}
	if s.Workspaces < 1 || s.Workspaces > MaxWorkspaces {
		errs = append(errs, fmt.Errorf("workspaces %d: use 1 to %d", s.Workspaces, MaxWorkspaces))
	}
	if s.Drift < 0 || s.Drift > 1 {
		errs = append(errs, fmt.Errorf("drift %g: use 0 to 1", s.Drift))
	}
	if s.Workspaces > 0 && s.People > 0 && s.Memberships > s.Workspaces*ordinaryPeople(s.People) {
		errs = append(errs, fmt.Errorf("memberships %d: at most %d fit %d workspaces of %d people who are not admins",
			s.Memberships, s.Workspaces*ordinaryPeople(s.People), s.Workspaces, ordinaryPeople(s.People)))
	}
	return errors.Join(errs...)
}

// admins returns how many of people are admins: one per thousand, at
// least one. The spec declares them as admins, so they plan no change.
func admins(people int) int { return max(1, people/1000) }

// billing returns how many of people hold the billing role: one per two
// thousand.
func billing(people int) int { return people / 2000 }

// ordinaryPeople returns how many of people hold an ordinary role and may
// be explicit workspace members.
func ordinaryPeople(people int) int { return max(0, people-admins(people)-billing(people)) }

// generatePeople makes the members, newest first, so that the order of
// People is the sandbox's list order. Admins and billing users come
// first.
func (g *generator) generatePeople() {
	n := g.shape.People
	nAdmins, nBilling := admins(n), billing(n)
	g.people = make([]person, n)
	for i := range n {
		role := ordinaryRoles[g.rng.IntN(len(ordinaryRoles))]
		switch {
		case i < nAdmins:
			role = "admin"
		case i < nAdmins+nBilling:
			role = "billing"
		}
		g.people[i] = person{
			user: sandbox.User{
				ID:      fmt.Sprintf("user_%07d", i),
				Email:   fmt.Sprintf("person%07d@example.com", i),
				Name:    fmt.Sprintf("Person %d", i),
				Role:    role,
				AddedAt: now.Add(-time.Duration(i+1) * time.Minute),
			},
			specRole: role,
		}
	}
}

// generateInvites makes the invites, most recently invited first, which
// is the sandbox's list order. Accepted invites belong to members, as
// they do in a real organisation.
func (g *generator) generateInvites() {
	g.invites = make([]sandbox.Invite, g.shape.Invites)
	for i := range g.invites {
		inv := sandbox.Invite{
			ID:        fmt.Sprintf("invite_%07d", i),
			Email:     fmt.Sprintf("invitee%07d@example.com", i),
			Role:      ordinaryRoles[i%len(ordinaryRoles)],
			InvitedAt: now.Add(-time.Duration(i+1) * time.Second),
		}
		switch i % 3 {
		case 0:
			inv.Status = "pending"
		case 1:
			accepted := inv.InvitedAt.Add(time.Second)
			inv.Status, inv.AcceptedAt = "accepted", &accepted
			inv.Email = g.people[i%len(g.people)].user.Email
		case 2:
			inv.Status = "expired"
			inv.InvitedAt = now.Add(-30*24*time.Hour - time.Duration(i)*time.Second)
		}
		inv.ExpiresAt = inv.InvitedAt.Add(21 * 24 * time.Hour)
		g.invites[i] = inv
	}
}

// generateMembers spreads the memberships evenly over the workspaces,
// each to distinct people with an ordinary role, in ascending user ID,
// which is the sandbox's list order.
func (g *generator) generateMembers() {
	w := g.shape.Workspaces
	first := admins(g.shape.People) + billing(g.shape.People)
	ordinary := ordinaryPeople(g.shape.People)
	g.members = make([][]membership, w)
	g.addedMembers = make([][]membership, w)
	for ws := range w {
		count := g.shape.Memberships / w
		if ws < g.shape.Memberships%w {
			count++
		}
		// A random start and a stride coprime with the count of ordinary
		// people pick distinct people in one pass, without a set.
		start := g.rng.IntN(max(1, ordinary))
		stride := coprimeStride(ordinary, g.rng)
		picked := make([]int, count)
		for j := range count {
			picked[j] = first + (start+j*stride)%ordinary
		}
		slices.Sort(picked)
		list := make([]membership, count)
		for j, index := range picked {
			role := memberRoles[g.rng.IntN(len(memberRoles))]
			list[j] = membership{userIndex: index, role: role, specRole: role}
		}
		g.members[ws] = list
	}
}

// driftPeople leaves people out of the spec, changes the roles of others
// and declares new ones, a third of the drift each. Admins and billing
// users never drift, because the API cannot change their roles.
func (g *generator) driftPeople() {
	first := admins(g.shape.People) + billing(g.shape.People)
	candidates := g.rng.Perm(ordinaryPeople(g.shape.People))
	n := min(int(g.shape.Drift*float64(g.shape.People)+0.5), len(candidates))
	removals, updates := n/3, n/3
	for i, c := range candidates[:removals+updates] {
		p := &g.people[first+c]
		if i < removals {
			p.specRole = ""
			g.changes.Removals++
			continue
		}
		p.specRole = otherRole(ordinaryRoles, p.user.Role, g.rng)
		g.changes.RoleUpdates++
	}
	for i := range n - removals - updates {
		g.newPeople = append(g.newPeople, sandbox.User{
			Email: fmt.Sprintf("new%07d@example.com", i),
			Role:  ordinaryRoles[g.rng.IntN(len(ordinaryRoles))],
		})
		g.changes.Invites++
	}
}

// driftMembers leaves memberships out of the spec, changes the roles of
// others and declares new ones, a third of the drift each, in every
// workspace. Memberships of people the spec leaves out are dropped with
// them and plan no change of their own.
func (g *generator) driftMembers() {
	perWorkspace := int(g.shape.Drift*float64(g.shape.Memberships)/float64(g.shape.Workspaces) + 0.5)
	for ws, list := range g.members {
		for j := range list {
			if g.people[list[j].userIndex].specRole == "" {
				list[j].specRole = ""
			}
		}
		removals, updates := perWorkspace/3, perWorkspace/3
		picked := g.rng.Perm(len(list))[:min(removals+updates, len(list))]
		for i, j := range picked {
			m := &list[j]
			switch {
			case m.specRole == "":
				// The person leaves, and the membership with them.
			case i < removals:
				m.specRole = ""
				g.changes.MemberRemovals++
			default:
				m.specRole = otherRole(memberRoles, m.role, g.rng)
				g.changes.MemberUpdates++
			}
		}
		g.addMembers(ws, perWorkspace-removals-updates)
	}
}

// addMembers declares up to n new memberships in workspace ws, for people
// who stay in the spec and are not yet members.
func (g *generator) addMembers(ws, n int) {
	taken := make(map[int]bool, len(g.members[ws]))
	for _, m := range g.members[ws] {
		taken[m.userIndex] = true
	}
	first := admins(g.shape.People) + billing(g.shape.People)
	ordinary := ordinaryPeople(g.shape.People)
	for tries := 0; len(g.addedMembers[ws]) < n && tries < 4*n+16; tries++ {
		index := first + g.rng.IntN(max(1, ordinary))
		if taken[index] || g.people[index].specRole == "" {
			continue
		}
		taken[index] = true
		role := memberRoles[g.rng.IntN(len(memberRoles))]
		g.addedMembers[ws] = append(g.addedMembers[ws], membership{userIndex: index, specRole: role})
		g.changes.MemberAdds++
	}
}

// coprimeStride returns a stride in [1, n) that shares no factor with n,
// or 1 when n is below 2.
func coprimeStride(n int, rng *rand.Rand) int {
	if n < 2 {
		return 1
	}
	for {
		s := 1 + rng.IntN(n-1)
		if gcd(s, n) == 1 {
			return s
		}
	}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// otherRole returns a role of roles other than current.
func otherRole(roles []string, current string, rng *rand.Rand) string {
	for {
		if r := roles[rng.IntN(len(roles))]; r != current {
			return r
		}
	}
}
