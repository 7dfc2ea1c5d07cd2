package admin

import (
	"context"
	"errors"
	"fmt"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"
	"golang.org/x/sync/errgroup"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/live"
)

// SettingsSelection selects the organisation settings ReadState reads.
type SettingsSelection struct {
	Compliance    bool
	OrgRateLimits bool
	APIKeys       bool
	SpendLimits   bool
	RBACGroups    bool
	// WorkspaceRateLimits selects the workspaces whose rate limits are read.
	WorkspaceRateLimits func(live.Workspace) bool
}

// ErrSpendLimitsNotEnabled means the organisation cannot manage spend
// limits through the Admin API: for Console organisations this is an
// early-access preview that the account team turns on.
var ErrSpendLimitsNotEnabled = errors.New("spend limits are not enabled for the Admin API in this organization; " +
	"for Console organizations they are an early-access preview the account team turns on, so ask them or remove spend_limits from the spec")

// ErrNotEnterprise means an endpoint exists only for Enterprise
// organisations, such as RBAC groups.
var ErrNotEnterprise = errors.New("this organization type does not support it (RBAC groups need a Claude Enterprise organization)")

// readSettings reads the settings sel selects into st. Like the rest of
// ReadState, any failure fails the whole read.
func (c *Client) readSettings(ctx context.Context, st *live.State, sel SettingsSelection) error {
	if sel.Compliance {
		cs, err := c.sdk.Organization.ComplianceSettings.Get(ctx)
		if err != nil {
			return wrapError("compliance settings", err)
		}
		st.Settings.Compliance, st.Settings.ComplianceRead = cs.State.Type, true
	}
	if sel.OrgRateLimits || sel.WorkspaceRateLimits != nil {
		limits, err := readCursor(ctx, c, "organization rate limits", func(ctx context.Context, page string) (*pagination.PageCursor[anthropic.OrganizationRateLimit], error) {
			params := anthropic.OrganizationRateLimitListParams{}
			if page != "" {
				params.Page = anthropic.String(page)
			}
			return c.sdk.Organization.RateLimits.List(ctx, params)
		})
		if err != nil {
			return err
		}
		st.Settings.OrgRateLimits, st.Settings.OrgRateLimitsRead = convertAll(limits, toOrgRateLimit), true
	}
	if sel.WorkspaceRateLimits != nil {
		if err := c.readWorkspaceRateLimits(ctx, st.Workspaces, sel.WorkspaceRateLimits); err != nil {
			return err
		}
	}
	if sel.APIKeys {
		keys, err := c.ReadAPIKeys(ctx)
		if err != nil {
			return err
		}
		st.Settings.APIKeys, st.Settings.APIKeysRead = keys, true
	}
	if sel.SpendLimits {
		if err := c.readSpendLimits(ctx, st); err != nil {
			return err
		}
	}
	if sel.RBACGroups {
		if err := c.readRBACGroups(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) readWorkspaceRateLimits(ctx context.Context, workspaces []live.Workspace, selected func(live.Workspace) bool) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(c.concurrency)
	for i := range workspaces {
		if !selected(workspaces[i]) {
			continue
		}
		w := &workspaces[i]
		g.Go(func() error {
			name := fmt.Sprintf("rate limits of workspace %q (%s)", w.Name, w.ID)
			limits, err := readCursor(ctx, c, name, func(ctx context.Context, page string) (*pagination.PageCursor[anthropic.WorkspaceRateLimit], error) {
				params := anthropic.OrganizationWorkspaceRateLimitListParams{IncludeInherited: anthropic.Bool(true)}
				if page != "" {
					params.Page = anthropic.String(page)
				}
				return c.sdk.Organization.Workspaces.RateLimits.List(ctx, w.ID, params)
			})
			if err != nil {
				return err
			}
			w.RateLimits, w.RateLimitsRead = convertAll(limits, toWorkspaceRateLimit), true
			return nil
		})
	}
	return g.Wait()
}

func (c *Client) readSpendLimits(ctx context.Context, st *live.State) error {
	limits, err := readCursor(ctx, c, "spend limits", func(ctx context.Context, page string) (*pagination.PageCursor[anthropic.BetaSpendLimit], error) {
		params := anthropic.BetaOrganizationSpendLimitListParams{Limit: anthropic.Int(100)}
		if page != "" {
			params.Page = anthropic.String(page)
		}
		return c.sdk.Beta.Organization.SpendLimits.List(ctx, params)
	})
	var apiErr *Error
	if errors.As(err, &apiErr) && apiErr.Code == "spend_limits_admin_api_writes_not_enabled" {
		return fmt.Errorf("%w (%w)", ErrSpendLimitsNotEnabled, err)
	}
	if err != nil {
		return err
	}
	st.Settings.SpendLimits, st.Settings.SpendLimitsRead = convertAll(limits, toSpendLimit), true
	return nil
}

func (c *Client) readRBACGroups(ctx context.Context, st *live.State) error {
	groups, err := readCursor(ctx, c, "rbac groups", func(ctx context.Context, page string) (*pagination.PageCursor[anthropic.RBACGroup], error) {
		params := anthropic.OrganizationRBACGroupListParams{Limit: anthropic.Int(c.pageSize)}
		if page != "" {
			params.Page = anthropic.String(page)
		}
		return c.sdk.Organization.RBACGroups.List(ctx, params)
	})
	var apiErr *Error
	if errors.As(err, &apiErr) && (apiErr.Code == "organization_type_not_supported" || apiErr.Code == "parent_organization_required") {
		return fmt.Errorf("rbac groups: %w (%w)", ErrNotEnterprise, err)
	}
	if err != nil {
		return err
	}
	for _, g := range groups {
		group := live.RBACGroup{ID: g.ID, Name: g.Name, SourceType: string(g.SourceType), RoleIDs: g.RoleIDs}
		members, err := readCursor(ctx, c, fmt.Sprintf("members of rbac group %q (%s)", g.Name, g.ID), func(ctx context.Context, page string) (*pagination.PageCursor[anthropic.RBACGroupMember], error) {
			params := anthropic.OrganizationRBACGroupMemberListParams{Limit: anthropic.Int(c.pageSize)}
			if page != "" {
				params.Page = anthropic.String(page)
			}
			return c.sdk.Organization.RBACGroups.Members.List(ctx, g.ID, params)
		})
		if err != nil {
			return err
		}
		for _, m := range members {
			group.MemberIDs = append(group.MemberIDs, m.UserID)
		}
		st.Settings.RBACGroups = append(st.Settings.RBACGroups, group)
	}
	st.Settings.RBACGroupsRead = true
	return nil
}

// readCursor reads every page of a list paged with page and next_page.
// An error names the list and the page, and a list that goes past
// MaxPages fails rather than stopping silently.
func readCursor[T any](ctx context.Context, c *Client, name string, fetch func(context.Context, string) (*pagination.PageCursor[T], error)) ([]T, error) {
	var all []T
	next := ""
	for page := 1; ; page++ {
		if page > c.maxPages {
			return nil, fmt.Errorf("%s: more than %d pages", name, c.maxPages)
		}
		res, err := fetch(ctx, next)
		if err != nil {
			return nil, wrapError(fmt.Sprintf("%s page %d", name, page), err)
		}
		all = append(all, res.Data...)
		if res.NextPage == "" {
			return all, nil
		}
		if res.NextPage == next {
			return nil, fmt.Errorf("%s page %d: next_page repeats the cursor %q", name, page, next)
		}
		next = res.NextPage
	}
}

func toOrgRateLimit(r anthropic.OrganizationRateLimit) live.RateLimit {
	out := live.RateLimit{GroupID: r.Group.ID, GroupType: r.Group.Type, DisplayName: r.Group.DisplayName, RateLimitID: r.ID}
	for _, l := range r.Limits {
		out.Limits = append(out.Limits, live.Limit{Type: l.Type, Value: l.Value, Source: "organization"})
	}
	return out
}

func toWorkspaceRateLimit(r anthropic.WorkspaceRateLimit) live.RateLimit {
	out := live.RateLimit{GroupID: r.Group.ID, GroupType: r.Group.Type, DisplayName: r.Group.DisplayName, RateLimitID: r.RateLimitID}
	for _, l := range r.Limits {
		lim := live.Limit{Type: l.Type, Value: l.Value, Source: l.Source.Type}
		if l.JSON.OrgLimit.Valid() {
			v := l.OrgLimit
			lim.OrgLimit = &v
		}
		out.Limits = append(out.Limits, lim)
	}
	return out
}

func toSpendLimit(l anthropic.BetaSpendLimit) live.SpendLimit {
	out := live.SpendLimit{ID: l.ID, ScopeType: l.Scope.Type, Amount: l.Amount, Currency: l.Currency, Period: string(l.Period)}
	switch l.Scope.Type {
	case "workspace":
		out.ScopeID = l.Scope.WorkspaceID
	case "user":
		out.ScopeID = l.Scope.UserID
	}
	return out
}

func toDataResidency(dr anthropic.DataResidency) live.DataResidency {
	out := live.DataResidency{WorkspaceGeo: string(dr.WorkspaceGeo), DefaultInferenceGeo: string(dr.DefaultInferenceGeo)}
	if geos := dr.AllowedInferenceGeos.AsGeos(); len(geos) > 0 {
		for _, g := range geos {
			out.AllowedInferenceGeos = append(out.AllowedInferenceGeos, string(g))
		}
	} else if dr.AllowedInferenceGeos.JSON.OfUnrestricted.Valid() || dr.AllowedInferenceGeos.JSON.OfGeos.Valid() {
		out.AllowedInferenceGeos = []string{"unrestricted"}
	}
	return out
}

func createResidency(w apply.WorkspaceSpec) anthropic.DataResidencyCreateConfigParam {
	var p anthropic.DataResidencyCreateConfigParam
	if w.WorkspaceGeo != "" {
		p.WorkspaceGeo = anthropic.DataResidencyCreateConfigWorkspaceGeo(w.WorkspaceGeo)
	}
	if w.DefaultInferenceGeo != "" {
		p.DefaultInferenceGeo = anthropic.DataResidencyCreateConfigDefaultInferenceGeo(w.DefaultInferenceGeo)
	}
	switch {
	case len(w.AllowedInferenceGeos) == 1 && w.AllowedInferenceGeos[0] == "unrestricted":
		p.AllowedInferenceGeos.OfUnrestricted = "unrestricted"
	case len(w.AllowedInferenceGeos) > 0:
		for _, g := range w.AllowedInferenceGeos {
			p.AllowedInferenceGeos.OfGeos = append(p.AllowedInferenceGeos.OfGeos, anthropic.AllowedInferenceGeo(g))
		}
	}
	return p
}

func updateResidency(w apply.WorkspaceSpec) anthropic.DataResidencyUpdateConfigParam {
	var p anthropic.DataResidencyUpdateConfigParam
	if w.DefaultInferenceGeo != "" {
		p.DefaultInferenceGeo = anthropic.DataResidencyUpdateConfigDefaultInferenceGeo(w.DefaultInferenceGeo)
	}
	switch {
	case len(w.AllowedInferenceGeos) == 1 && w.AllowedInferenceGeos[0] == "unrestricted":
		p.AllowedInferenceGeos.OfUnrestricted = "unrestricted"
	case len(w.AllowedInferenceGeos) > 0:
		for _, g := range w.AllowedInferenceGeos {
			p.AllowedInferenceGeos.OfGeos = append(p.AllowedInferenceGeos.OfGeos, anthropic.AllowedInferenceGeo(g))
		}
	}
	return p
}
