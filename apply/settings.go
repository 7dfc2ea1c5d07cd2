package apply

import (
	"fmt"
	"strconv"

	"github.com/orgsync/orgsync/plan"
)

// sendSetting makes the API call of a settings change.
func (r *runner) sendSetting(c plan.Change) (Receipt, string, error) {
	switch {
	case c.Kind == plan.KindRateLimit:
		limits, err := limitChanges(c)
		if err != nil {
			return Receipt{}, "", err
		}
		receipt, err := r.client.SetWorkspaceRateLimits(r.ctx, c.WorkspaceID, c.TargetID, limits)
		return receipt, "", err
	case c.Kind == plan.KindSpendLimit && c.Action == plan.Delete:
		receipt, err := r.client.DeleteSpendLimit(r.ctx, c.TargetID)
		return receipt, "", err
	case c.Kind == plan.KindSpendLimit:
		receipt, err := r.client.SetSpendLimit(r.ctx, spendLimit(c))
		return receipt, "", err
	case c.Kind == plan.KindCompliance:
		receipt, err := r.client.SetCompliance(r.ctx, after(c, "state"))
		return receipt, "", err
	case c.Kind == plan.KindAPIKey:
		receipt, err := r.client.UpdateAPIKeyStatus(r.ctx, c.TargetID, after(c, "status"))
		return receipt, "", err
	case c.Kind == plan.KindRBACGroup && c.Action == plan.Create:
		id, receipt, err := r.client.CreateRBACGroup(r.ctx, c.Target)
		if err == nil {
			r.createdGroups[c.Target] = id
		}
		return receipt, id, err
	case c.Kind == plan.KindRBACMember && c.Action == plan.Create:
		receipt, err := r.client.AddRBACGroupMember(r.ctx, c.TargetID, c.UserID)
		return receipt, "", err
	case c.Kind == plan.KindRBACMember && c.Action == plan.Delete:
		receipt, err := r.client.RemoveRBACGroupMember(r.ctx, c.TargetID, c.UserID)
		return receipt, "", err
	}
	return Receipt{}, "", fmt.Errorf("%s %s: no API call for this change", c.Action, c.Kind)
}

// limitChanges turns the fields of a rate-limit change, one per limit
// type, into the values to send; an empty After clears the override.
func limitChanges(c plan.Change) ([]LimitChange, error) {
	var out []LimitChange
	for _, f := range c.Fields {
		if f.After == "" {
			out = append(out, LimitChange{Type: f.Name})
			continue
		}
		v, err := strconv.ParseInt(f.After, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("rate limit %s in workspace %q: value %q is not a whole number", f.Name, c.Workspace, f.After)
		}
		out = append(out, LimitChange{Type: f.Name, Value: &v})
	}
	return out, nil
}

// spendLimit reads the scope and amount of a spend-limit change. The
// amount_minor field carries the amount in minor units, as the API takes it.
func spendLimit(c plan.Change) SpendLimit {
	l := SpendLimit{ScopeType: "organization", Amount: after(c, "amount_minor"), Period: after(c, "period")}
	switch {
	case c.Workspace != "":
		l.ScopeType, l.ScopeID = "workspace", c.WorkspaceID
	case c.Email != "":
		l.ScopeType, l.ScopeID = "user", c.UserID
	}
	return l
}
