package render

import (
	"fmt"
	"strings"

	"github.com/orgsync/orgsync/plan"
)

// describeSetting returns the line of a settings change.
func describeSetting(c plan.Change) string {
	switch c.Kind {
	case plan.KindRateLimit:
		var parts []string
		for _, f := range c.Fields {
			switch {
			case f.After == "":
				parts = append(parts, fmt.Sprintf("clear %s (was %s)", f.Name, f.Before))
			case f.Before == "":
				parts = append(parts, fmt.Sprintf("%s %s (was inherited)", f.Name, f.After))
			default:
				parts = append(parts, fmt.Sprintf("%s %s -> %s", f.Name, f.Before, f.After))
			}
		}
		return fmt.Sprintf("set rate limits of %q in %q: %s", c.Target, c.Workspace, strings.Join(parts, ", "))
	case plan.KindSpendLimit:
		amount, period := field(c, "amount"), field(c, "period")
		switch c.Action {
		case plan.Delete:
			return fmt.Sprintf("delete the %s spend limit of %s (%s, %s); the limit it inherits applies", amount.Before, c.Target, period.Before, c.TargetID)
		case plan.Wait:
			return fmt.Sprintf("set the %s spend limit of %s to %s once their invite is accepted (no API call now)", period.After, c.Target, amount.After)
		case plan.Create:
			return fmt.Sprintf("set a %s spend limit of %s for %s", period.After, amount.After, c.Target)
		}
		return fmt.Sprintf("change the %s spend limit of %s: %s -> %s", period.After, c.Target, amount.Before, amount.After)
	case plan.KindCompliance:
		state := field(c, "state")
		return fmt.Sprintf("set the Compliance API %s (now %s)", state.After, orNone(state.Before))
	case plan.KindAPIKey:
		status := field(c, "status")
		s := fmt.Sprintf("set API key %q (%s) %s (now %s)", c.Target, c.TargetID, status.After, status.Before)
		if c.Reason == plan.ReasonCreatorGone {
			s += fmt.Sprintf("; its creator (%s) is not a member once this plan is applied", c.UserID)
		}
		return s
	case plan.KindRBACGroup:
		return fmt.Sprintf("create RBAC group %q", c.Target)
	case plan.KindRBACMember:
		switch c.Action {
		case plan.Delete:
			return fmt.Sprintf("remove %s from RBAC group %q", c.Email, c.Target)
		case plan.Wait:
			return fmt.Sprintf("%s joins RBAC group %q once their invite is accepted (no API call now)", c.Email, c.Target)
		}
		return fmt.Sprintf("add %s to RBAC group %q", c.Email, c.Target)
	}
	return fmt.Sprintf("%s %s", c.Action, c.Kind)
}

// describeSettingNote returns the line of a settings note, and false for
// other notes.
func describeSettingNote(n plan.Note) (string, bool) {
	switch n.Code {
	case plan.NoteRateLimitDelay:
		return "The API applies rate-limit changes within about an hour.", true
	case plan.NoteOrphanedKey:
		return fmt.Sprintf("API key %q (%s) is active, but its creator is no longer a member; set api_keys.orphaned: deactivate to deactivate such keys.", n.Target, n.TargetID), true
	case plan.NoteGroupNotManageable:
		return fmt.Sprintf("RBAC group %q (%s) is managed by SCIM, so the Admin API cannot change it; change it in the identity provider.", n.Target, n.TargetID), true
	}
	return "", false
}
