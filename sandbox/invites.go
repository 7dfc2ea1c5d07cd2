package sandbox

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"
)

type inviteJSON struct {
	Type         string     `json:"type"`
	ID           string     `json:"id"`
	Email        string     `json:"email"`
	Role         string     `json:"role"`
	Status       string     `json:"status"`
	InvitedAt    time.Time  `json:"invited_at"`
	ExpiresAt    time.Time  `json:"expires_at"`
	AcceptedAt   *time.Time `json:"accepted_at"`
	RBACGroupIDs []string   `json:"rbac_group_ids"`
}

func newInviteJSON(inv Invite) inviteJSON {
	return inviteJSON{
		Type: "invite", ID: inv.ID, Email: inv.Email, Role: inv.Role, Status: inv.Status,
		InvitedAt: inv.InvitedAt, ExpiresAt: inv.ExpiresAt, AcceptedAt: inv.AcceptedAt,
		RBACGroupIDs: append([]string{}, inv.RBACGroupIDs...),
	}
}

// listedInviteStatuses are the statuses an invite list may filter on and
// returns by default. Deleted invites are never listed.
var listedInviteStatuses = map[string]bool{"accepted": true, "expired": true, "pending": true}

// listInvites lists invites most recently invited first, ties by ascending
// ID.
func (s *Server) listInvites(c *call) (int, any, error) {
	email := c.query.Get("email")
	roles, err := roleFilter(c)
	if err != nil {
		return 0, nil, err
	}
	statuses := map[string]bool{}
	for _, status := range queryValues(c.query, "statuses") {
		if !listedInviteStatuses[status] {
			return 0, nil, invalidRequest("statuses[] value %q is invalid: use accepted, expired or pending", status)
		}
		statuses[status] = true
	}
	if len(statuses) == 0 {
		statuses = listedInviteStatuses
	}

	var invites []inviteJSON
	for _, inv := range s.st.Invites {
		if !statuses[inv.Status] {
			continue
		}
		if email != "" && normalizeEmail(inv.Email) != normalizeEmail(email) {
			continue
		}
		if len(roles) > 0 && !roles[inv.Role] {
			continue
		}
		invites = append(invites, newInviteJSON(inv))
	}
	slices.SortFunc(invites, func(a, b inviteJSON) int {
		if c := b.InvitedAt.Compare(a.InvitedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	p, err := paginate(s, c.query, invites, func(inv inviteJSON) string { return inv.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func (s *Server) getInvite(c *call) (int, any, error) {
	inv, err := s.findInvite(c.params["invite_id"])
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newInviteJSON(*inv), nil
}

func (s *Server) findInvite(id string) (*Invite, error) {
	for i := range s.st.Invites {
		if s.st.Invites[i].ID == id {
			return &s.st.Invites[i], nil
		}
	}
	return nil, notFound("invite %q not found", id)
}

func (s *Server) createInvite(c *call) (int, any, error) {
	var body struct {
		Email        *string  `json:"email"`
		Role         *string  `json:"role"`
		RBACGroupIDs []string `json:"rbac_group_ids"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.Email == nil {
		return 0, nil, invalidRequest("email is required")
	}
	if body.Role == nil {
		return 0, nil, invalidRequest("role is required")
	}
	if !validEmail(*body.Email) {
		return 0, nil, invalidRequest("email %q is not a valid email address", *body.Email)
	}
	if err := s.checkAssignableRole(*body.Role); err != nil {
		return 0, nil, err
	}
	if err := s.checkInviteGroups(body.RBACGroupIDs); err != nil {
		return 0, nil, err
	}

	email := normalizeEmail(*body.Email)
	for _, u := range s.st.Users {
		if normalizeEmail(u.Email) == email {
			return 0, nil, invalidRequestCode("already_member", "%s is already a member of the organization as user %s", email, u.ID)
		}
	}
	for _, inv := range s.st.Invites {
		if inv.Status == "pending" && normalizeEmail(inv.Email) == email {
			return 0, nil, invalidRequestCode("invite_already_exists", "%s already has a pending invite %s", email, inv.ID)
		}
	}

	now := s.businessNow()
	inv := Invite{
		ID: s.newID("invite_"), Email: email, Role: *body.Role, Status: "pending",
		InvitedAt: now, ExpiresAt: now.Add(inviteLifetime), RBACGroupIDs: body.RBACGroupIDs,
	}
	s.st.Invites = append(s.st.Invites, inv)
	return http.StatusOK, newInviteJSON(inv), nil
}

// deleteInvite marks a pending invite deleted, which hides it from lists.
func (s *Server) deleteInvite(c *call) (int, any, error) {
	inv, err := s.findInvite(c.params["invite_id"])
	if err != nil {
		return 0, nil, err
	}
	if inv.Status != "pending" {
		return 0, nil, invalidRequest("invite %s is %s: only a pending invite can be deleted", inv.ID, inv.Status)
	}
	inv.Status = "deleted"
	return http.StatusOK, deletedJSON{ID: inv.ID, Type: "invite_deleted"}, nil
}

// AcceptInvite accepts the pending invite for email as the invitee would.
// It creates a user with the invite's email and role, added now on the
// business clock and to the invite's RBAC groups, and marks the invite
// accepted.
func (s *Server) AcceptInvite(email string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireInvites()
	inv, err := s.pendingInvite(email)
	if err != nil {
		return err
	}
	if err := s.acceptInvite(inv); err != nil {
		return err
	}
	return s.persist()
}

func (s *Server) pendingInvite(email string) (*Invite, error) {
	email = normalizeEmail(email)
	for i := range s.st.Invites {
		inv := &s.st.Invites[i]
		if inv.Status == "pending" && normalizeEmail(inv.Email) == email {
			return inv, nil
		}
	}
	return nil, notFound("invite for %s not found: no pending invite", email)
}

func (s *Server) acceptInvite(inv *Invite) error {
	if inv.Status != "pending" {
		return invalidRequest("invite %s is %s: only a pending invite can be accepted", inv.ID, inv.Status)
	}
	for _, u := range s.st.Users {
		if normalizeEmail(u.Email) == normalizeEmail(inv.Email) {
			return invalidRequestCode("already_member", "%s is already a member of the organization as user %s", inv.Email, u.ID)
		}
	}
	now := s.businessNow()
	name, _, _ := strings.Cut(inv.Email, "@")
	u := User{ID: s.newID("user_"), Email: inv.Email, Name: name, Role: inv.Role, AddedAt: now}
	s.st.Users = append(s.st.Users, u)
	s.addUserToGroups(u.ID, inv.RBACGroupIDs, now)
	inv.Status = "accepted"
	inv.AcceptedAt = &now
	return nil
}

func (s *Server) acceptInviteRoute(c *call) (int, any, error) {
	inv, err := s.findInvite(c.params["invite_id"])
	if err != nil {
		return 0, nil, err
	}
	if err := s.acceptInvite(inv); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newInviteJSON(*inv), nil
}

// expireInvites marks pending invites whose expires_at has passed on the
// business clock as expired. The caller holds s.mu.
func (s *Server) expireInvites() {
	now := s.businessNow()
	for i := range s.st.Invites {
		inv := &s.st.Invites[i]
		if inv.Status == "pending" && !now.Before(inv.ExpiresAt) {
			inv.Status = "expired"
		}
	}
}
