package sandbox

import "slices"

// validateSettings checks the organization type and the settings state.
func (s *State) validateSettings(claimID func(id, label string)) []error {
	var errs []error
	errs = append(errs, s.validateOrganizationType()...)
	errs = append(errs, s.validateRateLimits(claimID)...)
	errs = append(errs, s.validateSpendLimits(claimID)...)
	errs = append(errs, s.validateCompliance()...)
	errs = append(errs, s.validateAPIKeys(claimID)...)
	errs = append(errs, s.validateRBAC(claimID)...)
	return errs
}

// settingsIDInUse reports whether a settings object already has id, so
// that new objects never reuse one.
func (s *State) settingsIDInUse(id string) bool {
	return slices.ContainsFunc(s.RateLimits, func(rl RateLimit) bool { return rl.ID == id }) ||
		slices.ContainsFunc(s.SpendLimits, func(sl SpendLimit) bool { return sl.ID == id }) ||
		slices.ContainsFunc(s.APIKeys, func(k APIKey) bool { return k.ID == id }) ||
		slices.ContainsFunc(s.RBACGroups, func(g RBACGroup) bool { return g.ID == id }) ||
		slices.ContainsFunc(s.RBACRoles, func(r RBACRole) bool { return r.ID == id })
}
