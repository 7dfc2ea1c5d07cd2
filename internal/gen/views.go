package gen

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/sandbox"
)

// OrganizationName is the name of every generated organisation, which the
// spec declares.
const OrganizationName = "Bench"

func (g *generator) workspaceID(ws int) string   { return fmt.Sprintf("wrkspc_%03d", ws) }
func (g *generator) workspaceName(ws int) string { return fmt.Sprintf("team-%03d", ws) }

// workspaceColor returns a colour that depends only on the index, so that
// the three views agree without sharing random draws.
func (g *generator) workspaceColor(ws int) string {
	return fmt.Sprintf("#%06X", (0x6C5BB9+ws*0x10305)&0xFFFFFF)
}

func (g *generator) workspaceCreated(ws int) time.Time {
	return now.Add(-time.Duration(g.shape.Workspaces-ws) * 24 * time.Hour)
}

// sandboxState returns the organisation as a sandbox state.
func (g *generator) sandboxState() *sandbox.State {
	frozen := now
	st := &sandbox.State{
		Organization: sandbox.Organization{ID: "0b5e0c4a-0000-4000-8000-00000000be4c", Name: OrganizationName},
		Now:          &frozen,
		// New objects get IDs past every generated one.
		NextID:  10_000_000,
		Users:   make([]sandbox.User, len(g.people)),
		Invites: slices.Clone(g.invites),
	}
	for i, p := range g.people {
		st.Users[i] = p.user
	}
	for ws, list := range g.members {
		w := sandbox.Workspace{
			ID:           g.workspaceID(ws),
			Name:         g.workspaceName(ws),
			DisplayColor: g.workspaceColor(ws),
			CreatedAt:    g.workspaceCreated(ws),
			Members:      make([]sandbox.Member, len(list)),
		}
		for j, m := range list {
			w.Members[j] = sandbox.Member{UserID: g.people[m.userIndex].user.ID, WorkspaceRole: m.role}
		}
		st.Workspaces = append(st.Workspaces, w)
	}
	return st
}

// liveState returns what a complete read of the sandbox state returns:
// users newest first, invites most recently invited first, workspaces
// oldest first, and members in ascending user ID, admins and billing
// users included with the role they hold in every workspace.
func (g *generator) liveState() *live.State {
	st := &live.State{
		Organization: live.Organization{ID: "0b5e0c4a-0000-4000-8000-00000000be4c", Name: OrganizationName},
		ReadAt:       now,
		Users:        make([]live.User, len(g.people)),
		Invites:      make([]live.Invite, len(g.invites)),
	}
	for i, p := range g.people {
		u := p.user
		st.Users[i] = live.User{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, AddedAt: u.AddedAt}
	}
	for i, inv := range g.invites {
		st.Invites[i] = live.Invite{ID: inv.ID, Email: inv.Email, Role: inv.Role, Status: inv.Status,
			InvitedAt: inv.InvitedAt, ExpiresAt: inv.ExpiresAt}
	}
	slices.SortStableFunc(st.Invites, func(a, b live.Invite) int {
		return cmp.Or(b.InvitedAt.Compare(a.InvitedAt), cmp.Compare(a.ID, b.ID))
	})

	implicit := admins(g.shape.People) + billing(g.shape.People)
	for ws, list := range g.members {
		w := live.Workspace{
			ID:           g.workspaceID(ws),
			Name:         g.workspaceName(ws),
			DisplayColor: g.workspaceColor(ws),
			CreatedAt:    g.workspaceCreated(ws),
			MembersRead:  true,
			Members:      make([]live.Member, 0, implicit+len(list)),
		}
		// Admins and billing users have the lowest user IDs, so they come
		// first in ascending user ID.
		for _, p := range g.people[:implicit] {
			role := "workspace_admin"
			if p.user.Role == "billing" {
				role = "workspace_billing"
			}
			w.Members = append(w.Members, live.Member{UserID: p.user.ID, Role: role})
		}
		for _, m := range list {
			w.Members = append(w.Members, live.Member{UserID: g.people[m.userIndex].user.ID, Role: m.role})
		}
		st.Workspaces = append(st.Workspaces, w)
	}
	return st
}

// spec returns the spec as one file and split into a people file and one
// file per workspace.
func (g *generator) spec() ([]byte, []File) {
	people := &strings.Builder{}
	people.WriteString("version: 1\norganization:\n  name: " + OrganizationName + "\nusers:\n")
	for _, p := range g.people {
		if p.specRole != "" {
			writeUser(people, p.user.Email, p.specRole)
		}
	}
	for _, inv := range g.invites {
		if inv.Status == "pending" {
			writeUser(people, inv.Email, inv.Role)
		}
	}
	for _, u := range g.newPeople {
		writeUser(people, u.Email, u.Role)
	}

	whole := &strings.Builder{}
	whole.WriteString(people.String())
	whole.WriteString("workspaces:\n")
	files := []File{{Name: "people.yaml", Data: []byte(people.String())}}
	for ws := range g.members {
		w := &strings.Builder{}
		g.writeWorkspace(w, ws)
		whole.WriteString(w.String())
		files = append(files, File{
			Name: fmt.Sprintf("workspaces/%s.yaml", g.workspaceName(ws)),
			Data: []byte("version: 1\nworkspaces:\n" + w.String()),
		})
	}
	return []byte(whole.String()), files
}

func writeUser(b *strings.Builder, email, role string) {
	b.WriteString("  - {email: ")
	b.WriteString(email)
	b.WriteString(", role: ")
	b.WriteString(role)
	b.WriteString("}\n")
}

// writeWorkspace writes workspace ws as an item of the workspaces list,
// with its declared members in ascending user ID.
func (g *generator) writeWorkspace(b *strings.Builder, ws int) {
	fmt.Fprintf(b, "  - name: %s\n    display_color: %q\n    members:\n", g.workspaceName(ws), g.workspaceColor(ws))
	declared := slices.Concat(g.members[ws], g.addedMembers[ws])
	slices.SortFunc(declared, func(a, b membership) int { return cmp.Compare(a.userIndex, b.userIndex) })
	if !slices.ContainsFunc(declared, func(m membership) bool { return m.specRole != "" }) {
		b.WriteString("      []\n")
		return
	}
	for _, m := range declared {
		if m.specRole == "" {
			continue
		}
		b.WriteString("      - {email: ")
		b.WriteString(g.people[m.userIndex].user.Email)
		b.WriteString(", workspace_role: ")
		b.WriteString(m.specRole)
		b.WriteString("}\n")
	}
}

// WriteState writes st in the sandbox's state file format, compactly, for
// a sandbox that another process serves.
func WriteState(w io.Writer, st *sandbox.State) error {
	if err := json.NewEncoder(w).Encode(st); err != nil {
		return fmt.Errorf("write sandbox state: %w", err)
	}
	return nil
}
