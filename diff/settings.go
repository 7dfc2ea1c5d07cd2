package diff

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// settings plans the organisation settings: workspace rate limits, spend
// limits, the Compliance API switch, API keys and RBAC groups. Each part
// runs only when the spec manages it.
func (d *differ) settings() error {
	if err := d.rateLimits(); err != nil {
		return err
	}
	if err := d.spendLimits(); err != nil {
		return err
	}
	d.compliance()
	if err := d.apiKeys(); err != nil {
		return err
	}
	return d.rbacGroups()
}

// DeclaredWorkspaces selects the live workspaces a spec declares: those
// it pins by id, and by name the others. Their members and settings are
// what a plan compares.
func DeclaredWorkspaces(s *spec.Spec) func(live.Workspace) bool {
	ids := map[string]bool{}
	names := map[string]bool{}
	for _, w := range s.Workspaces {
		if w.ID != "" {
			ids[w.ID] = true
		} else {
			names[w.Name] = true
		}
	}
	return func(w live.Workspace) bool { return ids[w.ID] || names[w.Name] }
}

// ManagesRateLimits reports whether a spec sets any workspace rate limit.
func ManagesRateLimits(s *spec.Spec) bool {
	if len(s.Settings.Defaults.RateLimits) > 0 || s.Ownership.RateLimits == spec.Authoritative {
		return true
	}
	for _, w := range s.Workspaces {
		if len(w.Settings.RateLimits) > 0 {
			return true
		}
	}
	return false
}

// ManagesSpendLimits reports whether a spec sets any spend limit or owns them.
func ManagesSpendLimits(s *spec.Spec) bool {
	sl := s.Settings.SpendLimits
	if sl.Organization != nil || len(sl.People) > 0 || s.Ownership.SpendLimits == spec.Authoritative {
		return true
	}
	for _, w := range s.Workspaces {
		if w.Settings.SpendLimit != nil {
			return true
		}
	}
	return false
}

// ManagesAPIKeys reports whether a spec has an API-key policy.
func ManagesAPIKeys(s *spec.Spec) bool {
	return s.Settings.APIKeys.Orphaned != "" || len(s.Settings.APIKeys.Keys) > 0
}

// resolveGroup returns the organisation rate limit a spec group names:
// by group id, or by a model group's display name, ignoring case.
func (d *differ) resolveGroup(rl spec.RateLimit) (live.RateLimit, error) {
	for _, org := range d.state.Settings.OrgRateLimits {
		if org.GroupID == rl.Group || (org.DisplayName != "" && strings.EqualFold(org.DisplayName, rl.Group)) {
			return org, nil
		}
	}
	var known []string
	for _, org := range d.state.Settings.OrgRateLimits {
		name := org.GroupID
		if org.DisplayName != "" {
			name += " (" + org.DisplayName + ")"
		}
		known = append(known, name)
	}
	return live.RateLimit{}, fmt.Errorf("%s:%d: rate-limit group %q is not one of the organization's groups (%s): %w",
		rl.Pos.File, rl.Pos.Line, rl.Group, strings.Join(known, ", "), ErrUnknown)
}

// desiredLimits merges the defaults with a workspace's own limits, group
// by group and type by type, in a fixed order.
func (d *differ) desiredLimits(w spec.Workspace) ([]live.RateLimit, error) {
	var groups []live.RateLimit
	index := map[string]int{}
	add := func(rl spec.RateLimit) error {
		org, err := d.resolveGroup(rl)
		if err != nil {
			return err
		}
		i, ok := index[org.GroupID]
		if !ok {
			i = len(groups)
			index[org.GroupID] = i
			groups = append(groups, live.RateLimit{GroupID: org.GroupID, DisplayName: org.DisplayName, RateLimitID: org.RateLimitID})
		}
		for _, v := range rl.Limits {
			replaced := false
			for j := range groups[i].Limits {
				if groups[i].Limits[j].Type == v.Type {
					groups[i].Limits[j].Value, replaced = v.Value, true
				}
			}
			if !replaced {
				groups[i].Limits = append(groups[i].Limits, live.Limit{Type: v.Type, Value: v.Value})
			}
		}
		return nil
	}
	for _, rl := range d.desired.Settings.Defaults.RateLimits {
		if err := add(rl); err != nil {
			return nil, err
		}
	}
	for _, rl := range w.Settings.RateLimits {
		if err := add(rl); err != nil {
			return nil, err
		}
	}
	return groups, nil
}

// rateLimits plans the rate-limit overrides of every declared workspace.
func (d *differ) rateLimits() error {
	if !ManagesRateLimits(d.desired) {
		return nil
	}
	if !d.state.Settings.OrgRateLimitsRead {
		return fmt.Errorf("organization rate limits were not read")
	}
	changed := false
	for _, m := range d.matched {
		want, err := d.desiredLimits(m.spec)
		if err != nil {
			return err
		}
		var have []live.RateLimit
		workspaceID := ""
		if m.live != nil {
			if !m.live.RateLimitsRead {
				return fmt.Errorf("workspace %q (%s): rate limits were not read", m.live.Name, m.live.ID)
			}
			have, workspaceID = m.live.RateLimits, m.live.ID
		}
		for _, c := range d.rateLimitChanges(m.spec.Name, workspaceID, want, have) {
			d.add(c)
			changed = true
		}
	}
	if changed {
		d.plan.Notes = append(d.plan.Notes, plan.Note{Code: plan.NoteRateLimitDelay})
	}
	return nil
}

// rateLimitChanges compares one workspace's desired and live limits and
// returns a change per group whose overrides differ.
func (d *differ) rateLimitChanges(workspace, workspaceID string, want, have []live.RateLimit) []plan.Change {
	byGroup := map[string]live.RateLimit{}
	for _, h := range have {
		byGroup[h.GroupID] = h
	}
	var changes []plan.Change
	seen := map[string]bool{}
	for _, w := range want {
		seen[w.GroupID] = true
		h := byGroup[w.GroupID]
		c := plan.Change{Kind: plan.KindRateLimit, Action: plan.Update, Reason: plan.ReasonFieldsDiffer,
			Workspace: workspace, WorkspaceID: workspaceID, Target: groupName(w), TargetID: cmp.Or(h.RateLimitID, w.RateLimitID)}
		wanted := map[string]bool{}
		for _, l := range w.Limits {
			wanted[l.Type] = true
			override, orgLimit := overrideOf(h, l.Type)
			if orgLimit == nil {
				orgLimit = d.orgLimit(w.GroupID, l.Type)
			}
			if orgLimit != nil && l.Value > *orgLimit {
				d.plan.Warnings = append(d.plan.Warnings, plan.Warning{Code: plan.WarnAboveOrgLimit, Workspace: workspace,
					Target: groupName(w), LimitType: l.Type, Value: l.Value, Limit: *orgLimit})
			}
			if override != strconv.FormatInt(l.Value, 10) {
				c.Fields = append(c.Fields, plan.Field{Name: l.Type, Before: override, After: strconv.FormatInt(l.Value, 10)})
			}
		}
		c.Fields = append(c.Fields, d.clearedLimits(h, wanted)...)
		if len(c.Fields) > 0 {
			changes = append(changes, c)
		}
	}
	for _, h := range have {
		if seen[h.GroupID] {
			continue
		}
		if cleared := d.clearedLimits(h, nil); len(cleared) > 0 {
			changes = append(changes, plan.Change{Kind: plan.KindRateLimit, Action: plan.Update, Reason: plan.ReasonNotDeclared,
				Workspace: workspace, WorkspaceID: workspaceID, Target: groupName(h), TargetID: h.RateLimitID, Fields: cleared})
		}
	}
	return changes
}

// clearedLimits returns fields that clear the overrides of a group the
// spec no longer sets, when rate limits are authoritative and pruning.
func (d *differ) clearedLimits(h live.RateLimit, wanted map[string]bool) []plan.Field {
	if !d.prunes(d.own.RateLimits) {
		return nil
	}
	var fields []plan.Field
	for _, l := range h.Limits {
		if l.Source == "workspace" && !wanted[l.Type] {
			fields = append(fields, plan.Field{Name: l.Type, Before: strconv.FormatInt(l.Value, 10)})
		}
	}
	return fields
}

// overrideOf returns the workspace's own value of a limit type, or "" when
// it inherits the organisation's, and the organisation's limit.
func overrideOf(h live.RateLimit, limitType string) (string, *int64) {
	for _, l := range h.Limits {
		if l.Type != limitType {
			continue
		}
		if l.Source == "workspace" {
			return strconv.FormatInt(l.Value, 10), l.OrgLimit
		}
		return "", l.OrgLimit
	}
	return "", nil
}

func (d *differ) orgLimit(groupID, limitType string) *int64 {
	for _, org := range d.state.Settings.OrgRateLimits {
		if org.GroupID != groupID {
			continue
		}
		for _, l := range org.Limits {
			if l.Type == limitType {
				v := l.Value
				return &v
			}
		}
	}
	return nil
}

func groupName(r live.RateLimit) string {
	if r.DisplayName != "" {
		return r.DisplayName
	}
	return r.GroupID
}

// compliance plans the Compliance API switch.
func (d *differ) compliance() {
	want := d.desired.Settings.Compliance
	if want == "" || want == d.state.Settings.Compliance {
		return
	}
	d.add(plan.Change{Kind: plan.KindCompliance, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Target: "Compliance API",
		Fields: []plan.Field{{Name: "state", Before: d.state.Settings.Compliance, After: want}}})
}

// apiKeys plans the status of named keys and, by the spec's policy, of
// active keys whose creator is no longer a member or is removed by this
// plan.
func (d *differ) apiKeys() error {
	policy := d.desired.Settings.APIKeys
	if !ManagesAPIKeys(d.desired) {
		return nil
	}
	byID := map[string]live.APIKey{}
	for _, k := range d.state.Settings.APIKeys {
		byID[k.ID] = k
	}
	named := map[string]bool{}
	for _, want := range policy.Keys {
		named[want.ID] = true
		k, ok := byID[want.ID]
		if !ok {
			return fmt.Errorf("%s:%d: API key %s: %w (keys cannot be created through the API)", want.Pos.File, want.Pos.Line, want.ID, ErrUnknown)
		}
		if k.Status == want.Status {
			continue
		}
		d.add(plan.Change{Kind: plan.KindAPIKey, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Target: k.Name, TargetID: k.ID,
			Fields: []plan.Field{{Name: "status", Before: k.Status, After: want.Status}}})
	}
	if policy.Orphaned == "" {
		return nil
	}
	for _, k := range d.state.Settings.APIKeys {
		if named[k.ID] || k.Status != "active" || k.CreatedByUserID == "" {
			continue
		}
		if _, member := d.usersByID[k.CreatedByUserID]; member && !d.removedUser[k.CreatedByUserID] {
			continue
		}
		if policy.Orphaned == "report" {
			d.plan.Notes = append(d.plan.Notes, plan.Note{Code: plan.NoteOrphanedKey, Target: k.Name, TargetID: k.ID})
			continue
		}
		d.add(plan.Change{Kind: plan.KindAPIKey, Action: plan.Update, Reason: plan.ReasonCreatorGone, Target: k.Name, TargetID: k.ID,
			UserID: k.CreatedByUserID, Fields: []plan.Field{{Name: "status", Before: "active", After: "inactive"}}})
	}
	return nil
}
