package sandbox

import "fmt"

// Organization types of State.OrganizationType. An empty value means
// console.
const (
	orgTypeConsole    = "console"
	orgTypeEnterprise = "enterprise"
)

// enterpriseAssignableRoles are the roles a Claude Enterprise organization
// accepts on invite creation and user role update.
var enterpriseAssignableRoles = map[string]bool{"user": true, "managed": true}

// enterpriseRoles are the organization roles a Claude Enterprise
// organization's users and invites may hold.
var enterpriseRoles = map[string]bool{
	"user": true, "managed": true, "owner": true, "primary_owner": true, "membership_admin": true,
}

// isEnterprise reports whether the organization is a Claude Enterprise
// organization.
func (s *State) isEnterprise() bool {
	return s.OrganizationType == orgTypeEnterprise
}

// requireEnterprise rejects a request to an endpoint that only Claude
// Enterprise organizations have.
func (s *Server) requireEnterprise(feature string) error {
	if s.st.isEnterprise() {
		return nil
	}
	return invalidRequestCode("organization_type_not_supported", "%s are available to Claude Enterprise organizations only", feature)
}

// checkAssignableRole rejects a role that the organization cannot assign
// through the API: a Console organization assigns user, developer, billing
// and claude_code_user, an Enterprise organization user and managed.
func (s *Server) checkAssignableRole(role string) error {
	if !s.st.isEnterprise() {
		return checkAssignableRole(role)
	}
	switch {
	case enterpriseAssignableRoles[role]:
		return nil
	case organizationRoles[role]:
		return invalidRequest("role %q cannot be assigned in a Claude Enterprise organization: use user or managed", role)
	default:
		return invalidRequest("role %q is invalid: use user or managed", role)
	}
}

// validateOrganizationType checks the organization type and, for an
// Enterprise organization, that users and invites hold Enterprise roles.
func (s *State) validateOrganizationType() []error {
	switch s.OrganizationType {
	case "", orgTypeConsole:
		return nil
	case orgTypeEnterprise:
	default:
		return []error{fmt.Errorf("organization_type %q is invalid: use console or enterprise", s.OrganizationType)}
	}
	var errs []error
	for _, u := range s.Users {
		if !enterpriseRoles[u.Role] {
			errs = append(errs, fmt.Errorf("user %s: role %q does not exist in a Claude Enterprise organization", u.ID, u.Role))
		}
	}
	for _, inv := range s.Invites {
		if !enterpriseRoles[inv.Role] {
			errs = append(errs, fmt.Errorf("invite %s: role %q does not exist in a Claude Enterprise organization", inv.ID, inv.Role))
		}
	}
	return errs
}
