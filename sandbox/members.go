package sandbox

import (
	"cmp"
	"net/http"
	"slices"
)

// addableWorkspaceRoles are the roles a member add accepts: every workspace
// role except workspace_billing.
var addableWorkspaceRoles = map[string]bool{
	"workspace_admin": true, "workspace_developer": true,
	"workspace_restricted_developer": true, "workspace_user": true,
}

type memberJSON struct {
	Type          string `json:"type"`
	UserID        string `json:"user_id"`
	WorkspaceID   string `json:"workspace_id"`
	WorkspaceRole string `json:"workspace_role"`
}

// members returns the effective members of ws ordered by ascending user ID:
// every organization admin, owner and billing user with their implicit role,
// and every other user with an explicit membership. An explicit membership
// of a user who now holds an implicit role stays stored but is not shown.
func (s *Server) members(ws *Workspace) []memberJSON {
	explicit := map[string]string{}
	for _, m := range ws.Members {
		explicit[m.UserID] = m.WorkspaceRole
	}
	var list []memberJSON
	for _, u := range s.st.Users {
		role := implicitWorkspaceRole(u.Role)
		if role == "" {
			role = explicit[u.ID]
		}
		if role == "" {
			continue
		}
		list = append(list, memberJSON{Type: "workspace_member", UserID: u.ID, WorkspaceID: ws.ID, WorkspaceRole: role})
	}
	slices.SortFunc(list, func(a, b memberJSON) int { return cmp.Compare(a.UserID, b.UserID) })
	return list
}

func (s *Server) listMembers(c *call) (int, any, error) {
	ws, err := s.findWorkspace(c.params["workspace_id"])
	if err != nil {
		return 0, nil, err
	}
	p, err := paginate(s, c.query, s.members(ws), func(m memberJSON) string { return m.UserID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func (s *Server) getMember(c *call) (int, any, error) {
	ws, err := s.findWorkspace(c.params["workspace_id"])
	if err != nil {
		return 0, nil, err
	}
	userID := c.params["user_id"]
	for _, m := range s.members(ws) {
		if m.UserID == userID {
			return http.StatusOK, m, nil
		}
	}
	return 0, nil, notFound("user %q is not a member of workspace %s", userID, ws.ID)
}

// writableWorkspace finds the workspace of a member change, which must not
// be archived.
func (s *Server) writableWorkspace(c *call) (*Workspace, error) {
	ws, err := s.findWorkspace(c.params["workspace_id"])
	if err != nil {
		return nil, err
	}
	if ws.ArchivedAt != nil {
		return nil, invalidRequest("workspace %s is archived and its members cannot be changed", ws.ID)
	}
	return ws, nil
}

// explicitUser finds a user whose workspace membership the API may manage.
// Admins, owners and billing users are implicit members of every workspace.
func (s *Server) explicitUser(userID string) (*User, error) {
	u, err := s.findUser(userID)
	if err != nil {
		return nil, err
	}
	if role := implicitWorkspaceRole(u.Role); role != "" {
		return nil, invalidRequest("user %s has organization role %q and is an implicit %s of every workspace: change the organization role instead", u.ID, u.Role, role)
	}
	return u, nil
}

func memberIndex(ws *Workspace, userID string) int {
	return slices.IndexFunc(ws.Members, func(m Member) bool { return m.UserID == userID })
}

func (s *Server) addMember(c *call) (int, any, error) {
	ws, err := s.writableWorkspace(c)
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		UserID        *string `json:"user_id"`
		WorkspaceRole *string `json:"workspace_role"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.UserID == nil {
		return 0, nil, invalidRequest("user_id is required")
	}
	if body.WorkspaceRole == nil {
		return 0, nil, invalidRequest("workspace_role is required")
	}

	role := *body.WorkspaceRole
	if !addableWorkspaceRoles[role] {
		return 0, nil, invalidRequest("workspace_role %q is invalid: use workspace_admin, workspace_developer, workspace_restricted_developer or workspace_user", role)
	}
	u, err := s.explicitUser(*body.UserID)
	if err != nil {
		return 0, nil, err
	}
	if memberIndex(ws, u.ID) >= 0 {
		return 0, nil, invalidRequest("user %s is already a member of workspace %s", u.ID, ws.ID)
	}

	ws.Members = append(ws.Members, Member{UserID: u.ID, WorkspaceRole: role})
	return http.StatusOK, memberJSON{Type: "workspace_member", UserID: u.ID, WorkspaceID: ws.ID, WorkspaceRole: role}, nil
}

func (s *Server) updateMember(c *call) (int, any, error) {
	ws, err := s.writableWorkspace(c)
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		WorkspaceRole *string `json:"workspace_role"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.WorkspaceRole == nil {
		return 0, nil, invalidRequest("workspace_role is required")
	}

	role := *body.WorkspaceRole
	if !workspaceRoles[role] {
		return 0, nil, invalidRequest("workspace_role %q is invalid", role)
	}
	u, err := s.explicitUser(c.params["user_id"])
	if err != nil {
		return 0, nil, err
	}
	i := memberIndex(ws, u.ID)
	if i < 0 {
		return 0, nil, notFound("user %s is not a member of workspace %s", u.ID, ws.ID)
	}
	if role == "workspace_billing" {
		return 0, nil, invalidRequest("workspace_role \"workspace_billing\" is held only by organization billing users")
	}

	ws.Members[i].WorkspaceRole = role
	return http.StatusOK, memberJSON{Type: "workspace_member", UserID: u.ID, WorkspaceID: ws.ID, WorkspaceRole: role}, nil
}

// memberDeletedJSON is the body of a member removal.
type memberDeletedJSON struct {
	Type        string `json:"type"`
	UserID      string `json:"user_id"`
	WorkspaceID string `json:"workspace_id"`
}

func (s *Server) removeMember(c *call) (int, any, error) {
	ws, err := s.writableWorkspace(c)
	if err != nil {
		return 0, nil, err
	}
	u, err := s.explicitUser(c.params["user_id"])
	if err != nil {
		return 0, nil, err
	}
	i := memberIndex(ws, u.ID)
	if i < 0 {
		return 0, nil, notFound("user %s is not a member of workspace %s", u.ID, ws.ID)
	}
	ws.Members = slices.Delete(ws.Members, i, i+1)
	return http.StatusOK, memberDeletedJSON{Type: "workspace_member_deleted", UserID: u.ID, WorkspaceID: ws.ID}, nil
}
