package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// RBACGroup is a group of users in a Claude Enterprise organization, which
// grants its members the permissions of its roles.
type RBACGroup struct {
	// ID is the group's identifier (rbac_group_...).
	ID string `json:"id"`
	// Name need not be unique.
	Name string `json:"name"`
	// RoleIDs are attached in the admin settings and are read-only in the
	// Admin API. Nil is stored as no roles.
	RoleIDs []string `json:"role_ids"`
	// SourceType is direct (the default) or scim. The API cannot rename or
	// delete a scim group or change its members.
	SourceType string `json:"source_type,omitempty"`
	// GrantsOwnerAccess marks a group whose roles grant owner access. The
	// API cannot change its members or delete it.
	GrantsOwnerAccess bool      `json:"grants_owner_access,omitempty"`
	CreatedAt         time.Time `json:"created_at"`
	// UpdatedAt defaults to CreatedAt when omitted.
	UpdatedAt time.Time         `json:"updated_at,omitzero"`
	Members   []RBACGroupMember `json:"members"`
}

// RBACGroupMember is a user's membership of an RBAC group.
type RBACGroupMember struct {
	UserID  string    `json:"user_id"`
	AddedAt time.Time `json:"added_at"`
}

// RBACRole is a role of a Claude Enterprise organization. Roles are
// read-only in the Admin API.
type RBACRole struct {
	// ID is the role's identifier (rbac_role_...).
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	// Source is built_in or custom.
	Source    string    `json:"source"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// maxGroupNameLength is the longest group name, in characters.
const maxGroupNameLength = 255

// defaultRBACRoles returns the roles of an Enterprise organization whose
// state file has none: three built-in roles.
func defaultRBACRoles() []RBACRole {
	created := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	role := func(id, name string) RBACRole {
		return RBACRole{ID: id, DisplayName: name, Source: "built_in", CreatedAt: created, UpdatedAt: created}
	}
	return []RBACRole{
		role("rbac_role_owner", "Owner"),
		role("rbac_role_admin", "Admin"),
		role("rbac_role_member", "Member"),
	}
}

type rbacGroupJSON struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	Name       string    `json:"name"`
	RoleIDs    []string  `json:"role_ids"`
	SourceType string    `json:"source_type"`
	Type       string    `json:"type"`
	UpdatedAt  time.Time `json:"updated_at"`
}

type rbacGroupMemberJSON struct {
	CreatedAt   time.Time `json:"created_at"`
	Email       string    `json:"email"`
	RBACGroupID string    `json:"rbac_group_id"`
	Type        string    `json:"type"`
	UserID      string    `json:"user_id"`
}

type rbacRoleJSON struct {
	ID          string         `json:"id"`
	CreatedAt   time.Time      `json:"created_at"`
	DisplayName string         `json:"display_name"`
	Source      roleSourceJSON `json:"source"`
	Type        string         `json:"type"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

type roleSourceJSON struct {
	Type string `json:"type"`
}

func newRBACGroupJSON(g RBACGroup) rbacGroupJSON {
	return rbacGroupJSON{
		ID: g.ID, CreatedAt: g.CreatedAt, Name: g.Name, RoleIDs: append([]string{}, g.RoleIDs...),
		SourceType: g.SourceType, Type: "rbac_group", UpdatedAt: g.UpdatedAt,
	}
}

func newRBACRoleJSON(r RBACRole) rbacRoleJSON {
	return rbacRoleJSON{
		ID: r.ID, CreatedAt: r.CreatedAt, DisplayName: r.DisplayName,
		Source: roleSourceJSON{Type: r.Source}, Type: "rbac_role", UpdatedAt: r.UpdatedAt,
	}
}

// listRBACGroups lists groups oldest first, ties by ascending ID.
func (s *Server) listRBACGroups(c *call) (int, any, error) {
	if err := s.requireEnterprise("RBAC groups"); err != nil {
		return 0, nil, err
	}
	var list []rbacGroupJSON
	for _, g := range s.st.RBACGroups {
		list = append(list, newRBACGroupJSON(g))
	}
	slices.SortFunc(list, func(a, b rbacGroupJSON) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	p, err := paginateCursor(s, c.query, list, func(g rbacGroupJSON) string { return g.ID }, defaultPageLimit)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

// findRBACGroup finds a group of an Enterprise organization.
func (s *Server) findRBACGroup(id string) (*RBACGroup, error) {
	if err := s.requireEnterprise("RBAC groups"); err != nil {
		return nil, err
	}
	for i := range s.st.RBACGroups {
		if s.st.RBACGroups[i].ID == id {
			return &s.st.RBACGroups[i], nil
		}
	}
	return nil, notFound("RBAC group %q not found", id)
}

func (s *Server) getRBACGroup(c *call) (int, any, error) {
	g, err := s.findRBACGroup(c.params["rbac_group_id"])
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newRBACGroupJSON(*g), nil
}

func checkGroupName(name string) error {
	if strings.TrimSpace(name) == "" || utf8.RuneCountInString(name) > maxGroupNameLength {
		return invalidRequest("name is invalid: use 1 to %d characters, not only spaces", maxGroupNameLength)
	}
	return nil
}

// createRBACGroup creates a direct group with no roles and no members.
func (s *Server) createRBACGroup(c *call) (int, any, error) {
	if err := s.requireEnterprise("RBAC groups"); err != nil {
		return 0, nil, err
	}
	var body struct {
		Name *string `json:"name"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.Name == nil {
		return 0, nil, invalidRequest("name is required")
	}
	if err := checkGroupName(*body.Name); err != nil {
		return 0, nil, err
	}
	now := s.businessNow()
	g := RBACGroup{
		ID: s.newID("rbac_group_"), Name: *body.Name, RoleIDs: []string{}, SourceType: "direct",
		CreatedAt: now, UpdatedAt: now, Members: []RBACGroupMember{},
	}
	s.st.RBACGroups = append(s.st.RBACGroups, g)
	return http.StatusOK, newRBACGroupJSON(g), nil
}

// checkGroupWritable rejects a change to a group that an identity
// provider manages.
func checkGroupWritable(g *RBACGroup) error {
	if g.SourceType == "scim" {
		return invalidRequest("RBAC group %s is provisioned by the identity provider (source_type scim) and cannot be changed through the API", g.ID)
	}
	return nil
}

// checkGroupMembersWritable rejects a member change or deletion of a group
// that an identity provider manages or whose roles grant owner access.
func checkGroupMembersWritable(g *RBACGroup) error {
	if err := checkGroupWritable(g); err != nil {
		return err
	}
	if g.GrantsOwnerAccess {
		return invalidRequestCode("rbac_group_grants_owner_access", "RBAC group %s grants owner access, so its members can be changed only in claude.ai", g.ID)
	}
	return nil
}

func (s *Server) updateRBACGroup(c *call) (int, any, error) {
	g, err := s.findRBACGroup(c.params["rbac_group_id"])
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		Name *string `json:"name"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if err := checkGroupWritable(g); err != nil {
		return 0, nil, err
	}
	if body.Name != nil {
		if err := checkGroupName(*body.Name); err != nil {
			return 0, nil, err
		}
		g.Name = *body.Name
		g.UpdatedAt = s.businessNow()
	}
	return http.StatusOK, newRBACGroupJSON(*g), nil
}

// deleteRBACGroup deletes a group, drops it from pending invites and
// deletes the spend limits of its scope.
func (s *Server) deleteRBACGroup(c *call) (int, any, error) {
	g, err := s.findRBACGroup(c.params["rbac_group_id"])
	if err != nil {
		return 0, nil, err
	}
	if err := checkGroupMembersWritable(g); err != nil {
		return 0, nil, err
	}
	id := g.ID
	s.st.RBACGroups = slices.DeleteFunc(s.st.RBACGroups, func(g RBACGroup) bool { return g.ID == id })
	for i := range s.st.Invites {
		inv := &s.st.Invites[i]
		if inv.Status == "pending" {
			inv.RBACGroupIDs = slices.DeleteFunc(inv.RBACGroupIDs, func(groupID string) bool { return groupID == id })
		}
	}
	s.st.SpendLimits = slices.DeleteFunc(s.st.SpendLimits, func(sl SpendLimit) bool {
		return sl.Scope.Type == "rbac_group" && sl.Scope.RBACGroupID == id
	})
	return http.StatusOK, deletedJSON{ID: id, Type: "rbac_group_deleted"}, nil
}

// groupMembers returns the members of g oldest first, ties by ascending
// user ID.
func (s *Server) groupMembers(g *RBACGroup) []rbacGroupMemberJSON {
	var list []rbacGroupMemberJSON
	for _, m := range g.Members {
		u, err := s.findUser(m.UserID)
		if err != nil {
			continue
		}
		list = append(list, rbacGroupMemberJSON{CreatedAt: m.AddedAt, Email: u.Email, RBACGroupID: g.ID, Type: "rbac_group_member", UserID: u.ID})
	}
	slices.SortFunc(list, func(a, b rbacGroupMemberJSON) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.UserID, b.UserID)
	})
	return list
}

func (s *Server) listRBACGroupMembers(c *call) (int, any, error) {
	g, err := s.findRBACGroup(c.params["rbac_group_id"])
	if err != nil {
		return 0, nil, err
	}
	p, err := paginateCursor(s, c.query, s.groupMembers(g), func(m rbacGroupMemberJSON) string { return m.UserID }, defaultPageLimit)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func groupMemberIndex(g *RBACGroup, userID string) int {
	return slices.IndexFunc(g.Members, func(m RBACGroupMember) bool { return m.UserID == userID })
}

// addRBACGroupMember adds a user of the organization to a group. A user
// who is not a member of the organization gets 404 and a member of the
// group gets 400.
func (s *Server) addRBACGroupMember(c *call) (int, any, error) {
	g, err := s.findRBACGroup(c.params["rbac_group_id"])
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		UserID *string `json:"user_id"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.UserID == nil {
		return 0, nil, invalidRequest("user_id is required")
	}
	if err := checkGroupMembersWritable(g); err != nil {
		return 0, nil, err
	}
	u, err := s.findUser(*body.UserID)
	if err != nil {
		return 0, nil, err
	}
	if groupMemberIndex(g, u.ID) >= 0 {
		return 0, nil, invalidRequest("user %s is already a member of RBAC group %s", u.ID, g.ID)
	}
	m := RBACGroupMember{UserID: u.ID, AddedAt: s.businessNow()}
	g.Members = append(g.Members, m)
	return http.StatusOK, rbacGroupMemberJSON{CreatedAt: m.AddedAt, Email: u.Email, RBACGroupID: g.ID, Type: "rbac_group_member", UserID: u.ID}, nil
}

// rbacGroupMemberDeletedJSON is the body of a group member removal.
type rbacGroupMemberDeletedJSON struct {
	RBACGroupID string `json:"rbac_group_id"`
	Type        string `json:"type"`
	UserID      string `json:"user_id"`
}

func (s *Server) removeRBACGroupMember(c *call) (int, any, error) {
	g, err := s.findRBACGroup(c.params["rbac_group_id"])
	if err != nil {
		return 0, nil, err
	}
	if err := checkGroupMembersWritable(g); err != nil {
		return 0, nil, err
	}
	userID := c.params["user_id"]
	i := groupMemberIndex(g, userID)
	if i < 0 {
		return 0, nil, notFound("user %q is not a member of RBAC group %s", userID, g.ID)
	}
	g.Members = slices.Delete(g.Members, i, i+1)
	return http.StatusOK, rbacGroupMemberDeletedJSON{RBACGroupID: g.ID, Type: "rbac_group_member_deleted", UserID: userID}, nil
}

// listRBACRoles lists roles in state order.
func (s *Server) listRBACRoles(c *call) (int, any, error) {
	if err := s.requireEnterprise("RBAC roles"); err != nil {
		return 0, nil, err
	}
	var list []rbacRoleJSON
	for _, r := range s.st.RBACRoles {
		list = append(list, newRBACRoleJSON(r))
	}
	p, err := paginateCursor(s, c.query, list, func(r rbacRoleJSON) string { return r.ID }, defaultPageLimit)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func (s *Server) getRBACRole(c *call) (int, any, error) {
	if err := s.requireEnterprise("RBAC roles"); err != nil {
		return 0, nil, err
	}
	id := c.params["rbac_role_id"]
	for _, r := range s.st.RBACRoles {
		if r.ID == id {
			return http.StatusOK, newRBACRoleJSON(r), nil
		}
	}
	return 0, nil, &apiError{status: http.StatusNotFound, code: "rbac_role_not_found", message: fmt.Sprintf("RBAC role %q not found", id)}
}

// checkInviteGroups checks the rbac_group_ids of an invite: only an
// Enterprise organization accepts them, and each must name a group whose
// members the API may change.
func (s *Server) checkInviteGroups(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if !s.st.isEnterprise() {
		return invalidRequest("rbac_group_ids is accepted only for Claude Enterprise organizations")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return invalidRequest("rbac_group_ids names %q twice", id)
		}
		seen[id] = true
		g, err := s.findRBACGroup(id)
		if err != nil {
			return err
		}
		if err := checkGroupMembersWritable(g); err != nil {
			return err
		}
	}
	return nil
}

// addUserToGroups adds a new user to the groups of an accepted invite,
// skipping groups deleted since the invite was made.
func (s *Server) addUserToGroups(userID string, groupIDs []string, at time.Time) {
	for _, id := range groupIDs {
		for i := range s.st.RBACGroups {
			g := &s.st.RBACGroups[i]
			if g.ID == id && groupMemberIndex(g, userID) < 0 {
				g.Members = append(g.Members, RBACGroupMember{UserID: userID, AddedAt: at})
			}
		}
	}
}

// removeUserFromGroups drops a removed user's group memberships.
func (s *State) removeUserFromGroups(userID string) {
	for i := range s.RBACGroups {
		g := &s.RBACGroups[i]
		g.Members = slices.DeleteFunc(g.Members, func(m RBACGroupMember) bool { return m.UserID == userID })
	}
}

// groupsOfUser returns the IDs of the groups userID is a member of.
func (s *State) groupsOfUser(userID string) map[string]bool {
	groups := map[string]bool{}
	for _, g := range s.RBACGroups {
		if groupMemberIndex(&g, userID) >= 0 {
			groups[g.ID] = true
		}
	}
	return groups
}

// fillRBACDefaults sets the optional fields of groups and gives an
// Enterprise organization without roles the built-in ones.
func (s *State) fillRBACDefaults() {
	if s.RBACRoles == nil && s.isEnterprise() {
		s.RBACRoles = defaultRBACRoles()
	}
	for i := range s.RBACGroups {
		g := &s.RBACGroups[i]
		if g.RoleIDs == nil {
			g.RoleIDs = []string{}
		}
		if g.SourceType == "" {
			g.SourceType = "direct"
		}
		if g.UpdatedAt.IsZero() {
			g.UpdatedAt = g.CreatedAt
		}
		if g.Members == nil {
			g.Members = []RBACGroupMember{}
		}
	}
}

// validateRBAC checks roles, groups and the groups named by invites. Only
// an Enterprise organization may hold roles and groups.
func (s *State) validateRBAC(claimID func(id, label string)) []error {
	var errs []error
	if !s.isEnterprise() && (len(s.RBACGroups) > 0 || len(s.RBACRoles) > 0) {
		errs = append(errs, fmt.Errorf("rbac_groups and rbac_roles exist only in a Claude Enterprise organization: set organization_type to enterprise"))
	}
	roles := map[string]bool{}
	for i, r := range s.RBACRoles {
		claimID(r.ID, fmt.Sprintf("rbac_roles[%d]", i))
		roles[r.ID] = true
		if r.DisplayName == "" {
			errs = append(errs, fmt.Errorf("RBAC role %s: display_name is missing", r.ID))
		}
		if r.Source != "built_in" && r.Source != "custom" {
			errs = append(errs, fmt.Errorf("RBAC role %s: source %q is invalid: use built_in or custom", r.ID, r.Source))
		}
	}
	users := map[string]bool{}
	for _, u := range s.Users {
		users[u.ID] = true
	}
	groups := map[string]bool{}
	for i, g := range s.RBACGroups {
		claimID(g.ID, fmt.Sprintf("rbac_groups[%d]", i))
		groups[g.ID] = true
		errs = append(errs, validateRBACGroup(g, roles, users)...)
	}
	for _, inv := range s.Invites {
		for _, id := range inv.RBACGroupIDs {
			if !groups[id] && inv.Status == "pending" {
				errs = append(errs, fmt.Errorf("invite %s: RBAC group %q not found", inv.ID, id))
			}
		}
	}
	return errs
}

func validateRBACGroup(g RBACGroup, roles, users map[string]bool) []error {
	var errs []error
	if strings.TrimSpace(g.Name) == "" {
		errs = append(errs, fmt.Errorf("RBAC group %s: name is missing", g.ID))
	}
	if g.SourceType != "direct" && g.SourceType != "scim" {
		errs = append(errs, fmt.Errorf("RBAC group %s: source_type %q is invalid: use direct or scim", g.ID, g.SourceType))
	}
	if g.CreatedAt.IsZero() {
		errs = append(errs, fmt.Errorf("RBAC group %s: created_at is missing", g.ID))
	}
	for _, id := range g.RoleIDs {
		if !roles[id] {
			errs = append(errs, fmt.Errorf("RBAC group %s: role %q not found in rbac_roles", g.ID, id))
		}
	}
	seen := map[string]bool{}
	for _, m := range g.Members {
		if !users[m.UserID] {
			errs = append(errs, fmt.Errorf("RBAC group %s: member %q is not a user of the organization", g.ID, m.UserID))
		}
		if seen[m.UserID] {
			errs = append(errs, fmt.Errorf("RBAC group %s: member %q is listed twice", g.ID, m.UserID))
		}
		seen[m.UserID] = true
	}
	return errs
}

func cloneRBACGroups(list []RBACGroup) []RBACGroup {
	if list == nil {
		return nil
	}
	c := make([]RBACGroup, len(list))
	for i, g := range list {
		g.RoleIDs = slices.Clone(g.RoleIDs)
		g.Members = slices.Clone(g.Members)
		c[i] = g
	}
	return c
}
