package sandbox

import (
	"errors"
	"fmt"
	"time"
)

// validate checks the rules a loaded state must satisfy, so the server never
// serves data the API could not hold. It reports every problem found.
func (s *State) validate() error {
	var errs []error
	if s.Organization.ID == "" {
		errs = append(errs, errors.New("organization.id is missing"))
	}
	if s.Organization.Name == "" {
		errs = append(errs, errors.New("organization.name is missing"))
	}
	if s.NextID < 0 {
		errs = append(errs, fmt.Errorf("next_id %d is negative", s.NextID))
	}
	if d := s.ClockAdvance; d < 0 {
		errs = append(errs, fmt.Errorf("clock_advance %s is negative", time.Duration(d).String()))
	}
	ids := map[string]string{}
	claimID := func(id, label string) {
		switch {
		case id == "":
			errs = append(errs, fmt.Errorf("%s has no id", label))
		case ids[id] != "":
			errs = append(errs, fmt.Errorf("%s: id %q is already used by %s", label, id, ids[id]))
		default:
			ids[id] = label
		}
	}
	errs = append(errs, s.validateUsers(claimID)...)
	errs = append(errs, s.validateInvites(claimID)...)
	errs = append(errs, s.validateWorkspaces(claimID)...)
	errs = append(errs, s.validateSettings(claimID)...)
	return errors.Join(errs...)
}

func (s *State) validateUsers(claimID func(id, label string)) []error {
	var errs []error
	emails := map[string]string{}
	for i, u := range s.Users {
		claimID(u.ID, fmt.Sprintf("users[%d]", i))
		if !validEmail(u.Email) {
			errs = append(errs, fmt.Errorf("user %s: email %q is invalid", u.ID, u.Email))
		}
		email := normalizeEmail(u.Email)
		if other, ok := emails[email]; ok {
			errs = append(errs, fmt.Errorf("user %s: email %q is already used by user %s", u.ID, u.Email, other))
		}
		emails[email] = u.ID
		if !organizationRoles[u.Role] {
			errs = append(errs, fmt.Errorf("user %s: role %q is not an organization role", u.ID, u.Role))
		}
		if u.AddedAt.IsZero() {
			errs = append(errs, fmt.Errorf("user %s: added_at is missing", u.ID))
		}
	}
	return errs
}

func (s *State) validateInvites(claimID func(id, label string)) []error {
	var errs []error
	for i, inv := range s.Invites {
		claimID(inv.ID, fmt.Sprintf("invites[%d]", i))
		if !validEmail(inv.Email) {
			errs = append(errs, fmt.Errorf("invite %s: email %q is invalid", inv.ID, inv.Email))
		}
		if !organizationRoles[inv.Role] {
			errs = append(errs, fmt.Errorf("invite %s: role %q is not an organization role", inv.ID, inv.Role))
		}
		if !inviteStatuses[inv.Status] {
			errs = append(errs, fmt.Errorf("invite %s: status %q is invalid: use pending, accepted, expired or deleted", inv.ID, inv.Status))
		}
		if inv.InvitedAt.IsZero() {
			errs = append(errs, fmt.Errorf("invite %s: invited_at is missing", inv.ID))
		}
		if (inv.Status == "accepted") != (inv.AcceptedAt != nil) {
			errs = append(errs, fmt.Errorf("invite %s: accepted_at must be set exactly when status is accepted", inv.ID))
		}
	}
	return errs
}

func (s *State) validateWorkspaces(claimID func(id, label string)) []error {
	var errs []error
	users := map[string]bool{}
	for _, u := range s.Users {
		users[u.ID] = true
	}
	defaults := 0
	for i, ws := range s.Workspaces {
		claimID(ws.ID, fmt.Sprintf("workspaces[%d]", i))
		if ws.Name == "" {
			errs = append(errs, fmt.Errorf("workspace %s: name is missing", ws.ID))
		}
		if !validColor(ws.DisplayColor) {
			errs = append(errs, fmt.Errorf("workspace %s: display_color %q is invalid: use #RRGGBB", ws.ID, ws.DisplayColor))
		}
		if ws.CreatedAt.IsZero() {
			errs = append(errs, fmt.Errorf("workspace %s: created_at is missing", ws.ID))
		}
		if ws.Default {
			defaults++
			if ws.ArchivedAt != nil {
				errs = append(errs, fmt.Errorf("workspace %s: the default workspace cannot be archived", ws.ID))
			}
		}
		if err := validateDataResidency(ws.DataResidency); err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", ws.ID, err))
		}
		seen := map[string]bool{}
		for _, m := range ws.Members {
			if !users[m.UserID] {
				errs = append(errs, fmt.Errorf("workspace %s: member %q is not a user of the organization", ws.ID, m.UserID))
			}
			if seen[m.UserID] {
				errs = append(errs, fmt.Errorf("workspace %s: member %q is listed twice", ws.ID, m.UserID))
			}
			seen[m.UserID] = true
			if !workspaceRoles[m.WorkspaceRole] {
				errs = append(errs, fmt.Errorf("workspace %s: member %s: workspace_role %q is invalid", ws.ID, m.UserID, m.WorkspaceRole))
			}
		}
	}
	if defaults > 1 {
		errs = append(errs, fmt.Errorf("%d workspaces are marked default: at most one may be", defaults))
	}
	return errs
}

// validateDataResidency checks the geos against the values the API accepts:
// workspace geo "us", default inference geo "global" or "us", and a default
// geo that the allowed geos contain unless they are unrestricted.
func validateDataResidency(dr *DataResidency) error {
	if dr.WorkspaceGeo != "us" {
		return fmt.Errorf("data_residency.workspace_geo %q is invalid: use \"us\"", dr.WorkspaceGeo)
	}
	if !inferenceGeos[dr.DefaultInferenceGeo] {
		return fmt.Errorf("data_residency.default_inference_geo %q is invalid: use \"global\" or \"us\"", dr.DefaultInferenceGeo)
	}
	allowed := dr.AllowedInferenceGeos
	if allowed.Unrestricted {
		return nil
	}
	if len(allowed.Geos) == 0 {
		return errors.New("data_residency.allowed_inference_geos is empty")
	}
	for _, geo := range allowed.Geos {
		if geo == dr.DefaultInferenceGeo {
			return nil
		}
	}
	return fmt.Errorf("data_residency.default_inference_geo %q is not in allowed_inference_geos", dr.DefaultInferenceGeo)
}

// validColor reports whether color is a hex colour of the form #RRGGBB.
func validColor(color string) bool {
	if len(color) != 7 || color[0] != '#' {
		return false
	}
	for _, c := range color[1:] {
		isHex := (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		if !isHex {
			return false
		}
	}
	return true
}
