package spec

import "slices"

// validate runs the checks that compare entries with each other:
// duplicates, members missing from users, and workspace roles that the
// member's organization role rules out.
func (d *decoder) validate(e *entries) {
	users := d.checkUsers(e.users)
	d.checkWorkspaces(e.workspaces)
	for i := range e.workspaces {
		d.checkMembers(&e.workspaces[i], users)
	}
}

// checkUsers reports users that share an email key and returns the first
// user of each key.
func (d *decoder) checkUsers(users []userEntry) map[string]*userEntry {
	byKey := make(map[string]*userEntry)
	for i := range users {
		u := &users[i]
		if u.user.Email == "" {
			continue
		}

		key := EmailKey(u.user.Email)
		if first, ok := byKey[key]; ok {
			d.errorAt(u.emailPos, "%s duplicates the user at %s%s", u.user.Email, first.emailPos, caseNote(first.user.Email, u.user.Email))
			continue
		}
		byKey[key] = u
	}
	return byKey
}

// caseNote explains a duplicate whose spelling differs only in case.
func caseNote(first, second string) string {
	if first == second {
		return ""
	}
	return " (email addresses are compared ignoring case)"
}

// checkWorkspaces reports workspaces that share a name or an id.
func (d *decoder) checkWorkspaces(workspaces []workspaceEntry) {
	byName := make(map[string]*workspaceEntry)
	byID := make(map[string]*workspaceEntry)
	for i := range workspaces {
		w := &workspaces[i]

		if name := w.workspace.Name; name != "" {
			if first, ok := byName[name]; ok {
				d.errorAt(w.namePos, "workspace %q duplicates the workspace at %s", name, first.namePos)
			} else {
				byName[name] = w
			}
		}

		if id := w.workspace.ID; id != "" {
			if first, ok := byID[id]; ok {
				d.errorAt(w.idPos, "workspace id %q duplicates the workspace at %s", id, first.idPos)
			} else {
				byID[id] = w
			}
		}
	}
}

// checkMembers reports duplicate members of w, members not declared in
// users, and workspace roles their organization role rules out.
func (d *decoder) checkMembers(w *workspaceEntry, users map[string]*userEntry) {
	seen := make(map[string]*memberEntry)
	for i := range w.members {
		m := &w.members[i]
		if m.member.Email == "" {
			continue
		}

		key := EmailKey(m.member.Email)
		if first, ok := seen[key]; ok {
			d.errorAt(m.emailPos, "%s duplicates the member at %s%s", m.member.Email, first.emailPos, caseNote(first.member.Email, m.member.Email))
			continue
		}
		seen[key] = m

		u, ok := users[key]
		if !ok {
			d.errorAt(m.emailPos, "%s is a member of workspace %q but is not declared in users; add them to users", m.member.Email, w.workspace.Name)
			continue
		}
		if u.roleOK && m.roleOK {
			d.checkMemberRole(m, u.user.Role)
		}
	}
}

// checkMemberRole reports a workspace role that the API would not let the
// member hold given their organization role orgRole.
func (d *decoder) checkMemberRole(m *memberEntry, orgRole string) {
	email, role := m.member.Email, m.member.Role
	switch {
	case isAdminOrgRole(orgRole) && role != "workspace_admin":
		d.errorAt(m.rolePos, "%s has the organization role %s, so they are workspace_admin in every workspace and the API cannot change that; set workspace_role: workspace_admin or leave them out of members", email, orgRole)
	case orgRole == "billing" && !slices.Contains(billingWorkspaceRoles, role):
		d.errorAt(m.rolePos, "%s has the organization role billing, which allows only workspace_billing or workspace_admin in a workspace, not %s", email, role)
	}
}
