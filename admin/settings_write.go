package admin

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"

	"github.com/orgsync/orgsync/apply"
)

// SetWorkspaceRateLimits sets or clears limit types of one rate-limit group
// in a workspace. A nil value is sent as null, which clears the override.
func (c *Client) SetWorkspaceRateLimits(ctx context.Context, workspaceID, rateLimitID string, limits []apply.LimitChange) (apply.Receipt, error) {
	params := anthropic.OrganizationWorkspaceRateLimitUpdateParams{WorkspaceID: workspaceID}
	for _, l := range limits {
		v := anthropic.WorkspaceRateLimitUpdateValueParam{Type: anthropic.WorkspaceRateLimitType(l.Type)}
		if l.Value == nil {
			v.Value = param.Null[int64]()
		} else {
			v.Value = anthropic.Int(*l.Value)
		}
		params.Limits = append(params.Limits, v)
	}
	attrs := []any{"workspace_id", workspaceID, "rate_limit_id", rateLimitID}
	return c.write(ctx, "set workspace rate limits", attrs, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Workspaces.RateLimits.Update(ctx, rateLimitID, params, opt)
		return err
	})
}

// SetSpendLimit creates or replaces the spend limit of a scope and period
// (a beta endpoint: the API upserts on scope and period).
func (c *Client) SetSpendLimit(ctx context.Context, l apply.SpendLimit) (apply.Receipt, error) {
	params := anthropic.BetaOrganizationSpendLimitSetParams{Amount: anthropic.String(l.Amount)}
	if l.Period != "" {
		params.Period = anthropic.BetaSpendLimitPeriod(l.Period)
	}
	switch l.ScopeType {
	case "workspace":
		params.Scope.OfWorkspace = &anthropic.BetaSpendLimitWorkspaceScopeParam{WorkspaceID: l.ScopeID}
	case "user":
		params.Scope.OfUser = &anthropic.BetaSpendLimitUserScopeParam{UserID: l.ScopeID}
	default:
		params.Scope.OfOrganization = &anthropic.BetaSpendLimitOrganizationScopeParam{}
	}
	attrs := []any{"scope", l.ScopeType, "scope_id", l.ScopeID, "period", l.Period}
	return c.write(ctx, "set spend limit", attrs, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Beta.Organization.SpendLimits.Set(ctx, params, opt)
		return err
	})
}

// DeleteSpendLimit deletes a spend limit, so its scope falls back to the
// limit it inherits.
func (c *Client) DeleteSpendLimit(ctx context.Context, id string) (apply.Receipt, error) {
	return c.write(ctx, "delete spend limit", []any{"spend_limit_id", id}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Beta.Organization.SpendLimits.Delete(ctx, id, opt)
		return err
	})
}

// SetCompliance turns the Compliance API on ("enabled") or off ("disabled").
func (c *Client) SetCompliance(ctx context.Context, state string) (apply.Receipt, error) {
	var params anthropic.OrganizationComplianceSettingUpdateParams
	if state == "enabled" {
		params.State.OfEnabled = &anthropic.ComplianceSettingsStateEnabledParam{}
	} else {
		params.State.OfDisabled = &anthropic.ComplianceSettingsStateDisabledParam{}
	}
	return c.write(ctx, "set compliance", []any{"state", state}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.ComplianceSettings.Update(ctx, params, opt)
		return err
	})
}

// UpdateAPIKeyStatus sets an API key active, inactive or archived.
func (c *Client) UpdateAPIKeyStatus(ctx context.Context, id, status string) (apply.Receipt, error) {
	params := anthropic.OrganizationAPIKeyUpdateParams{Status: anthropic.OrganizationAPIKeyUpdateParamsStatus(status)}
	return c.write(ctx, "update api key", []any{"api_key_id", id, "status", status}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.APIKeys.Update(ctx, id, params, opt)
		return err
	})
}

// CreateRBACGroup creates an RBAC group and returns its id. The SDK
// resends a create only after a 429 or when no connection opened.
func (c *Client) CreateRBACGroup(ctx context.Context, name string) (string, apply.Receipt, error) {
	var id string
	rc, err := c.write(ctx, "create rbac group", []any{"name", name}, func(ctx context.Context, opt option.RequestOption) error {
		g, err := c.sdk.Organization.RBACGroups.New(ctx, anthropic.OrganizationRBACGroupNewParams{Name: name}, opt)
		if err == nil {
			id = g.ID
		}
		return err
	})
	return id, rc, err
}

// AddRBACGroupMember adds a member of the organisation to a group.
func (c *Client) AddRBACGroupMember(ctx context.Context, groupID, userID string) (apply.Receipt, error) {
	return c.write(ctx, "add rbac group member", []any{"rbac_group_id", groupID, "user_id", userID}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.RBACGroups.Members.Add(ctx, groupID, anthropic.OrganizationRBACGroupMemberAddParams{UserID: userID}, opt)
		return err
	})
}

// RemoveRBACGroupMember removes a user from a group.
func (c *Client) RemoveRBACGroupMember(ctx context.Context, groupID, userID string) (apply.Receipt, error) {
	return c.write(ctx, "remove rbac group member", []any{"rbac_group_id", groupID, "user_id", userID}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.RBACGroups.Members.Remove(ctx, userID, anthropic.OrganizationRBACGroupMemberRemoveParams{RBACGroupID: groupID}, opt)
		return err
	})
}
