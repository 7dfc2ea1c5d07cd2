package report

import (
	"strings"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/spec"
)

// Directory names the IDs in report rows: the live users, active
// workspaces and API keys, and, once joined, what a spec declares.
type Directory struct {
	users      map[string]live.User
	workspaces map[string]live.Workspace
	keys       map[string]live.APIKey

	joined bool
	// declaredEmails holds the spec's addresses in lower case.
	declaredEmails map[string]bool
	// declaredWorkspaces holds the IDs of live workspaces the spec
	// declares, by ID or else by name.
	declaredWorkspaces map[string]bool
}

// NewDirectory returns a directory of the live organisation and its API
// keys. Either may be nil.
func NewDirectory(st *live.State, keys []live.APIKey) *Directory {
	d := &Directory{
		users:      map[string]live.User{},
		workspaces: map[string]live.Workspace{},
		keys:       map[string]live.APIKey{},
	}
	if st != nil {
		for _, u := range st.Users {
			d.users[u.ID] = u
		}
		for _, w := range st.Workspaces {
			d.workspaces[w.ID] = w
		}
	}
	for _, k := range keys {
		d.keys[k.ID] = k
	}
	return d
}

// JoinSpec records what s declares. A spec workspace with an ID declares
// the live workspace of that ID; one without declares the live
// workspaces of its name.
func (d *Directory) JoinSpec(s *spec.Spec) {
	d.joined = true
	d.declaredEmails = map[string]bool{}
	d.declaredWorkspaces = map[string]bool{}
	for _, u := range s.Users {
		d.declaredEmails[strings.ToLower(strings.TrimSpace(u.Email))] = true
	}
	for _, sw := range s.Workspaces {
		for id, lw := range d.workspaces {
			if sw.ID == id || (sw.ID == "" && sw.Name == lw.Name) {
				d.declaredWorkspaces[id] = true
			}
		}
	}
}

// Joined reports whether JoinSpec was called.
func (d *Directory) Joined() bool { return d.joined }

// user returns the live user with id.
func (d *Directory) user(id string) (live.User, bool) {
	u, ok := d.users[id]
	return u, ok
}

// emailDeclared reports whether the spec declares email.
func (d *Directory) emailDeclared(email string) bool {
	return d.declaredEmails[strings.ToLower(strings.TrimSpace(email))]
}
