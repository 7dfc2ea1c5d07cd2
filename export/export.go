package export

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/spec"
)

// Document is the part of a live organisation that a spec can express.
type Document struct {
	// Organization names the organisation, so that the spec is never
	// applied to another one.
	Organization spec.Organization
	// People are the users and invited people, ordered by the rank of
	// their organization role and then by email.
	People []Person
	// Workspaces are the active workspaces in the order the API lists
	// them, each with its explicit members ordered by email.
	Workspaces []spec.Workspace
	// IgnoredPeople are ignore.people patterns, each matching exactly one
	// person that Skipped lists, so that pruning never removes them.
	IgnoredPeople []string
	// Skipped lists the live objects the spec cannot hold.
	Skipped []Skip
	// ReadAt is when the live state was read, by the server's clock.
	ReadAt time.Time
}

// Person is a declared user and where export found them.
type Person struct {
	spec.User
	// InviteExpiresAt is set when the person has a pending invite rather
	// than a user; it is when the invite expires.
	InviteExpiresAt time.Time
}

// Skip is a live object that export could not write, and why.
type Skip struct {
	// Object names the object, such as `user bo@acme.example`.
	Object string
	// Reason is the rule of the spec that the object breaks.
	Reason string
}

// implicitRoles are the organization roles whose holders belong to every
// workspace through the role. Their memberships are derived, so plans
// never compare them and export never writes them.
var implicitRoles = []string{"admin", "billing", "membership_admin", "owner", "primary_owner"}

// roleRank orders people in the exported users list: the most powerful
// roles first, so the admins are easy to review.
var roleRank = []string{"primary_owner", "owner", "admin", "membership_admin", "billing", "developer", "claude_code_user", "user", "managed"}

// hexColor is the display colour form the spec accepts.
var hexColor = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// FromState selects what a spec can express from st. Pending invites
// that expire at or before now count as expired, as plans count them.
// Every workspace's members must have been read.
func FromState(st *live.State, now time.Time) (*Document, error) {
	d := &Document{
		Organization: spec.Organization{ID: st.Organization.ID, Name: st.Organization.Name},
		ReadAt:       st.ReadAt,
	}
	declaredIDs := d.addUsers(st.Users)
	d.addInvites(st.Invites, now)
	slices.SortStableFunc(d.People, comparePeople)

	usersByID := make(map[string]live.User, len(st.Users))
	for _, u := range st.Users {
		usersByID[u.ID] = u
	}
	var errs []error
	names := map[string]bool{}
	for _, w := range st.Workspaces {
		if !w.MembersRead {
			errs = append(errs, fmt.Errorf("workspace %q (%s): members were not read", w.Name, w.ID))
			continue
		}
		if reason := workspaceNameProblem(w.Name, names); reason != "" {
			d.skip(fmt.Sprintf("workspace %q (%s)", w.Name, w.ID), reason)
			continue
		}
		names[w.Name] = true
		d.Workspaces = append(d.Workspaces, d.workspace(w, usersByID, declaredIDs))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return d, nil
}

// addUsers declares every user the spec can hold and returns the ids of
// those declared.
func (d *Document) addUsers(users []live.User) map[string]bool {
	declared := map[string]bool{}
	seen := map[string]string{} // email key to the address declared
	for _, u := range users {
		object := "user " + u.Email
		if reason := personProblem(u.Email, u.Role); reason != "" {
			d.skipPerson(object, u.Email, reason)
			continue
		}
		key := spec.EmailKey(u.Email)
		if first, ok := seen[key]; ok {
			d.skip(object, fmt.Sprintf("user %s has the same address ignoring case, and the spec compares addresses ignoring case", first))
			continue
		}
		seen[key] = u.Email
		declared[u.ID] = true
		d.People = append(d.People, Person{User: spec.User{Email: u.Email, Role: u.Role}})
	}
	return declared
}

// addInvites declares everyone with a pending, unexpired invite who is
// not a user yet, with the role of their latest such invite.
func (d *Document) addInvites(invites []live.Invite, now time.Time) {
	users := map[string]bool{}
	for _, p := range d.People {
		users[spec.EmailKey(p.Email)] = true
	}
	latest := map[string]live.Invite{}
	var order []string
	for _, inv := range invites {
		if inv.Status != "pending" || (!inv.ExpiresAt.IsZero() && !inv.ExpiresAt.After(now)) {
			continue
		}
		key := spec.EmailKey(inv.Email)
		if users[key] {
			continue
		}
		old, ok := latest[key]
		if !ok {
			order = append(order, key)
		}
		if !ok || inv.InvitedAt.After(old.InvitedAt) {
			latest[key] = inv
		}
	}
	for _, key := range order {
		inv := latest[key]
		if reason := personProblem(inv.Email, inv.Role); reason != "" {
			d.skipPerson("invite "+inv.Email, inv.Email, reason)
			continue
		}
		d.People = append(d.People, Person{User: spec.User{Email: inv.Email, Role: inv.Role}, InviteExpiresAt: inv.ExpiresAt})
	}
}

// workspace returns the spec entry of w, with the explicit members of
// declared users.
func (d *Document) workspace(w live.Workspace, usersByID map[string]live.User, declaredIDs map[string]bool) spec.Workspace {
	object := fmt.Sprintf("workspace %q (%s)", w.Name, w.ID)
	ws := spec.Workspace{Name: w.Name, ID: w.ID}
	switch {
	case hexColor.MatchString(w.DisplayColor):
		ws.DisplayColor = w.DisplayColor
	case w.DisplayColor != "":
		d.skip("display_color of "+object, fmt.Sprintf("%q is not # followed by 6 hex digits", w.DisplayColor))
	}

	for _, m := range w.Members {
		u, known := usersByID[m.UserID]
		switch {
		case !known:
			d.skip(fmt.Sprintf("member %s of %s", m.UserID, object), "the user is not in the organisation's users list, so its email is unknown")
		case slices.Contains(implicitRoles, u.Role) || !declaredIDs[u.ID]:
			// Derived from the organization role, or the person is skipped.
		case !slices.Contains(spec.WorkspaceRoles, m.Role):
			d.skip(fmt.Sprintf("member %s of %s", u.Email, object),
				fmt.Sprintf("workspace role %q is not one of %s; a pruning run would remove this membership", m.Role, strings.Join(spec.WorkspaceRoles, ", ")))
		default:
			ws.Members = append(ws.Members, spec.Member{Email: u.Email, Role: m.Role})
		}
	}
	slices.SortStableFunc(ws.Members, func(a, b spec.Member) int {
		return cmp.Compare(spec.EmailKey(a.Email), spec.EmailKey(b.Email))
	})
	return ws
}

func (d *Document) skip(object, reason string) {
	d.Skipped = append(d.Skipped, Skip{Object: object, Reason: reason})
}

// skipPerson records a person the spec cannot declare and ignores them,
// so that a pruning run leaves them alone.
func (d *Document) skipPerson(object, email, reason string) {
	d.skip(object, reason)
	d.IgnoredPeople = append(d.IgnoredPeople, escapeGlob(email))
}

// personProblem returns why a person with this email and organization role
// cannot be declared, or "" when they can.
func personProblem(email, role string) string {
	if !slices.Contains(spec.OrgRoles, role) {
		return fmt.Sprintf("role %q is not one of %s", role, strings.Join(spec.OrgRoles, ", "))
	}
	return emailProblem(email)
}

// emailProblem checks email with the spec package's own rules, by parsing
// a spec that declares only it, so export never writes an address that
// validate would reject. It returns the reason, or "" for a valid address.
func emailProblem(email string) string {
	probe := map[string]any{
		"version": 1,
		"users":   []map[string]string{{"email": email, "role": "user"}},
	}
	data, err := yaml.Marshal(probe)
	if err != nil {
		return fmt.Sprintf("email cannot be written as YAML: %v", err)
	}
	_, err = spec.Parse("probe", data)
	var errs spec.Errors
	switch {
	case err == nil:
		return ""
	case errors.As(err, &errs) && len(errs) > 0:
		return errs[0].Msg
	default:
		return err.Error()
	}
}

// workspaceNameProblem returns why a workspace name cannot be declared,
// given the names already declared, or "" when it can.
func workspaceNameProblem(name string, declared map[string]bool) string {
	switch {
	case name == "":
		return "the name is empty"
	case strings.TrimFunc(name, unicode.IsSpace) != name:
		return "the name starts or ends with whitespace"
	case declared[name]:
		return "another active workspace has the same name, and the spec needs unique names"
	}
	return ""
}

// escapeGlob returns a path.Match pattern that matches s alone.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func comparePeople(a, b Person) int {
	return cmp.Or(
		cmp.Compare(rank(a.Role), rank(b.Role)),
		cmp.Compare(spec.EmailKey(a.Email), spec.EmailKey(b.Email)),
	)
}

func rank(role string) int {
	if i := slices.Index(roleRank, role); i >= 0 {
		return i
	}
	return len(roleRank)
}
