package sandbox

import (
	"cmp"
	"net/http"
	"slices"
	"time"
)

type organizationJSON struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

type userJSON struct {
	Type    string    `json:"type"`
	ID      string    `json:"id"`
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	AddedAt time.Time `json:"added_at"`
}

func newUserJSON(u User) userJSON {
	return userJSON{Type: "user", ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, AddedAt: u.AddedAt}
}

func (s *Server) getOrganization(c *call) (int, any, error) {
	org := s.st.Organization
	return http.StatusOK, organizationJSON{Type: "organization", ID: org.ID, Name: org.Name}, nil
}

// listUsers lists users most recently added first, ties by ascending ID.
func (s *Server) listUsers(c *call) (int, any, error) {
	email := c.query.Get("email")
	roles, err := roleFilter(c)
	if err != nil {
		return 0, nil, err
	}
	var users []userJSON
	for _, u := range s.st.Users {
		if email != "" && normalizeEmail(u.Email) != normalizeEmail(email) {
			continue
		}
		if len(roles) > 0 && !roles[u.Role] {
			continue
		}
		users = append(users, newUserJSON(u))
	}
	slices.SortFunc(users, func(a, b userJSON) int {
		if c := b.AddedAt.Compare(a.AddedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	p, err := paginate(s, c.query, users, func(u userJSON) string { return u.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

// roleFilter reads the roles[] filter, rejecting values outside the
// organization role enum.
func roleFilter(c *call) (map[string]bool, error) {
	roles := map[string]bool{}
	for _, role := range queryValues(c.query, "roles") {
		if !organizationRoles[role] {
			return nil, invalidRequest("roles[] value %q is not an organization role", role)
		}
		roles[role] = true
	}
	return roles, nil
}

func (s *Server) getUser(c *call) (int, any, error) {
	u, err := s.findUser(c.params["user_id"])
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newUserJSON(*u), nil
}

func (s *Server) findUser(id string) (*User, error) {
	for i := range s.st.Users {
		if s.st.Users[i].ID == id {
			return &s.st.Users[i], nil
		}
	}
	return nil, notFound("user %q not found", id)
}

func (s *Server) updateUser(c *call) (int, any, error) {
	u, err := s.findUser(c.params["user_id"])
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		Role *string `json:"role"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.Role == nil {
		return 0, nil, invalidRequest("role is required")
	}
	if err := s.checkAssignableRole(*body.Role); err != nil {
		return 0, nil, err
	}
	if protectedRoles[u.Role] {
		return 0, nil, invalidRequest("user %s has role %q, which cannot be changed through the API", u.ID, u.Role)
	}
	u.Role = *body.Role
	return http.StatusOK, newUserJSON(*u), nil
}

// checkAssignableRole rejects roles that a Console organization cannot
// assign through the API.
func checkAssignableRole(role string) error {
	switch {
	case assignableRoles[role]:
		return nil
	case role == "managed":
		return invalidRequest("role \"managed\" exists only in Claude Enterprise organizations: use user, developer, billing or claude_code_user")
	case organizationRoles[role]:
		return invalidRequest("role %q cannot be assigned through the API: use user, developer, billing or claude_code_user", role)
	default:
		return invalidRequest("role %q is invalid: use user, developer, billing or claude_code_user", role)
	}
}

// removeUser removes a user with their workspace and RBAC group
// memberships. Invites, API keys and spend limits are left untouched.
func (s *Server) removeUser(c *call) (int, any, error) {
	u, err := s.findUser(c.params["user_id"])
	if err != nil {
		return 0, nil, err
	}
	if len(s.st.Users) == 1 {
		return 0, nil, invalidRequestCode("cannot_remove_last_member", "user %s is the last member of the organization", u.ID)
	}
	if protectedRoles[u.Role] {
		return 0, nil, invalidRequest("user %s has role %q and cannot be removed through the API", u.ID, u.Role)
	}
	id := u.ID
	s.st.Users = slices.DeleteFunc(s.st.Users, func(u User) bool { return u.ID == id })
	for i := range s.st.Workspaces {
		ws := &s.st.Workspaces[i]
		ws.Members = slices.DeleteFunc(ws.Members, func(m Member) bool { return m.UserID == id })
	}
	s.st.removeUserFromGroups(id)
	return http.StatusOK, deletedJSON{ID: id, Type: "user_deleted"}, nil
}

// deletedJSON is the body of a user or invite deletion.
type deletedJSON struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}
