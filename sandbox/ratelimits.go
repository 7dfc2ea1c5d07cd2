package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// RateLimit is one entry of the organization's rate limits: the limits of
// one rate-limit group. The organization's limits are read-only in the
// Admin API, so they change only through the state file.
type RateLimit struct {
	// ID identifies the entry within the organization. Workspace overrides
	// name it as rate_limit_id.
	ID     string         `json:"id"`
	Group  RateLimitGroup `json:"group"`
	Limits []LimitValue   `json:"limits"`
	// Models lists the model names and aliases of a model group. Other
	// groups have none.
	Models []string `json:"models,omitempty"`
}

// RateLimitGroup is a rate-limit group: a model family or an API surface
// such as the Message Batches API.
type RateLimitGroup struct {
	// ID is the group's identifier (rlg_...), the same in every
	// organization.
	ID string `json:"id"`
	// Type is model_group, batch, token_count, files, skills or web_search.
	Type string `json:"type"`
	// DisplayName is set for model groups only, such as "Claude Sonnet 4.x".
	DisplayName string `json:"display_name,omitempty"`
}

// LimitValue is one limiter value of a rate-limit group.
type LimitValue struct {
	Type  string `json:"type"`
	Value int64  `json:"value"`
}

// WorkspaceRateLimit holds a workspace's overrides of one organization
// rate-limit entry, by limiter type.
type WorkspaceRateLimit struct {
	WorkspaceID string           `json:"workspace_id"`
	RateLimitID string           `json:"rate_limit_id"`
	Limits      map[string]int64 `json:"limits"`
}

// rateLimitGroupTypes are the group types of the Admin API.
var rateLimitGroupTypes = map[string]bool{
	"model_group": true, "batch": true, "token_count": true, "files": true, "skills": true, "web_search": true,
}

// workspaceLimitTypes are the limiter types a workspace override may set.
var workspaceLimitTypes = map[string]bool{
	"fast_itpmca": true, "fast_otpm": true, "input_tokens_per_minute": true,
	"input_tokens_per_minute_cache_aware": true, "output_tokens_per_minute": true,
	"requests_per_minute": true, "tokens_per_day": true, "tokens_per_minute": true,
	"tool_uses_per_second": true,
}

// defaultRateLimits returns the rate limits of an organization whose state
// file has none: three model groups and the Message Batches and Files APIs.
// The values are those of a mid usage tier, chosen for tests, not copied
// from any real organization.
func defaultRateLimits() []RateLimit {
	modelLimits := func() []LimitValue {
		return []LimitValue{
			{Type: "requests_per_minute", Value: 4000},
			{Type: "input_tokens_per_minute_cache_aware", Value: 2_000_000},
			{Type: "output_tokens_per_minute", Value: 400_000},
		}
	}
	return []RateLimit{
		{
			ID:     "ratelimit_opus4",
			Group:  RateLimitGroup{ID: "rlg_claude_opus_4", Type: "model_group", DisplayName: "Claude Opus 4.x"},
			Limits: modelLimits(),
			Models: []string{"claude-opus-4-1", "claude-opus-4-1-20250805", "claude-opus-4-0", "claude-opus-4-20250514"},
		},
		{
			ID:     "ratelimit_sonnet4",
			Group:  RateLimitGroup{ID: "rlg_claude_sonnet_4", Type: "model_group", DisplayName: "Claude Sonnet 4.x"},
			Limits: modelLimits(),
			Models: []string{"claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "claude-sonnet-4-0", "claude-sonnet-4-20250514"},
		},
		{
			ID:     "ratelimit_haiku4",
			Group:  RateLimitGroup{ID: "rlg_claude_haiku_4", Type: "model_group", DisplayName: "Claude Haiku 4.x"},
			Limits: modelLimits(),
			Models: []string{"claude-haiku-4-5", "claude-haiku-4-5-20251001"},
		},
		{
			ID:     "ratelimit_batch",
			Group:  RateLimitGroup{ID: "rlg_batch", Type: "batch"},
			Limits: []LimitValue{{Type: "requests_per_minute", Value: 4000}},
		},
		{
			ID:     "ratelimit_files",
			Group:  RateLimitGroup{ID: "rlg_files", Type: "files"},
			Limits: []LimitValue{{Type: "requests_per_minute", Value: 1000}},
		},
	}
}

type rateLimitGroupJSON struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	DisplayName string `json:"display_name,omitempty"`
}

type rateLimitJSON struct {
	ID     string             `json:"id"`
	Group  rateLimitGroupJSON `json:"group"`
	Limits []LimitValue       `json:"limits"`
	Models []string           `json:"models"`
	Type   string             `json:"type"`
}

type workspaceRateLimitJSON struct {
	Group       rateLimitGroupJSON   `json:"group"`
	Limits      []workspaceLimitJSON `json:"limits"`
	Models      []string             `json:"models"`
	RateLimitID string               `json:"rate_limit_id"`
	Type        string               `json:"type"`
	WorkspaceID string               `json:"workspace_id"`
}

type workspaceLimitJSON struct {
	// OrgLimit is null when the organization has no limit of this type.
	OrgLimit *int64          `json:"org_limit"`
	Source   limitSourceJSON `json:"source"`
	Type     string          `json:"type"`
	Value    int64           `json:"value"`
}

type limitSourceJSON struct {
	Type string `json:"type"`
}

func newGroupJSON(g RateLimitGroup) rateLimitGroupJSON {
	return rateLimitGroupJSON{ID: g.ID, Type: g.Type, DisplayName: g.DisplayName}
}

// modelsJSON returns the models of an entry: a list for a model group and
// null for any other group.
func modelsJSON(rl RateLimit) []string {
	if rl.Group.Type != "model_group" {
		return nil
	}
	return append([]string{}, rl.Models...)
}

func newRateLimitJSON(rl RateLimit) rateLimitJSON {
	return rateLimitJSON{
		ID: rl.ID, Group: newGroupJSON(rl.Group), Limits: append([]LimitValue{}, rl.Limits...),
		Models: modelsJSON(rl), Type: "rate_limit",
	}
}

// groupTypeFilter reads the group_type parameter, which must be a group
// type when present.
func groupTypeFilter(c *call) (string, error) {
	groupType := c.query.Get("group_type")
	if groupType != "" && !rateLimitGroupTypes[groupType] {
		return "", invalidRequest("group_type %q is invalid: use batch, files, model_group, skills, token_count or web_search", groupType)
	}
	return groupType, nil
}

// listRateLimits lists the organization's rate limits in state order. A
// model filter selects the one entry whose models contain it, and gets 404
// when none does.
func (s *Server) listRateLimits(c *call) (int, any, error) {
	groupType, err := groupTypeFilter(c)
	if err != nil {
		return 0, nil, err
	}
	model := c.query.Get("model")
	var list []rateLimitJSON
	for _, rl := range s.st.RateLimits {
		if groupType != "" && rl.Group.Type != groupType {
			continue
		}
		if model != "" && !slices.Contains(rl.Models, model) {
			continue
		}
		list = append(list, newRateLimitJSON(rl))
	}
	if model != "" && len(list) == 0 {
		return 0, nil, notFound("model %q has no rate limits in this organization", model)
	}
	p, err := paginateCursor(s, c.query, list, func(rl rateLimitJSON) string { return rl.ID }, 0)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func (s *Server) findRateLimit(id string) (*RateLimit, error) {
	for i := range s.st.RateLimits {
		if s.st.RateLimits[i].ID == id {
			return &s.st.RateLimits[i], nil
		}
	}
	return nil, notFound("rate limit %q not found: list the organization's rate limits for the IDs", id)
}

// workspaceOverrides returns the stored overrides of workspace wsID for the
// entry rateLimitID, or nil when there are none.
func (s *Server) workspaceOverrides(wsID, rateLimitID string) map[string]int64 {
	for _, o := range s.st.WorkspaceRateLimits {
		if o.WorkspaceID == wsID && o.RateLimitID == rateLimitID {
			return o.Limits
		}
	}
	return nil
}

// workspaceRateLimit returns the workspace's view of one entry. Without
// inherited values it lists only the overridden types. With them it lists
// every organization limit too, each marked by its source. Organization
// limit types come first in their order, then override types the
// organization lacks, by name.
func workspaceRateLimit(rl RateLimit, wsID string, overrides map[string]int64, inherited bool) workspaceRateLimitJSON {
	entry := workspaceRateLimitJSON{
		Group: newGroupJSON(rl.Group), Limits: []workspaceLimitJSON{}, Models: modelsJSON(rl),
		RateLimitID: rl.ID, Type: "workspace_rate_limit", WorkspaceID: wsID,
	}
	orgTypes := map[string]bool{}
	for _, lv := range rl.Limits {
		orgTypes[lv.Type] = true
		orgLimit := lv.Value
		value, overridden := overrides[lv.Type]
		switch {
		case overridden:
			entry.Limits = append(entry.Limits, workspaceLimitJSON{OrgLimit: &orgLimit, Source: limitSourceJSON{"workspace"}, Type: lv.Type, Value: value})
		case inherited:
			entry.Limits = append(entry.Limits, workspaceLimitJSON{OrgLimit: &orgLimit, Source: limitSourceJSON{"organization"}, Type: lv.Type, Value: lv.Value})
		}
	}
	for _, limitType := range slices.Sorted(maps.Keys(overrides)) {
		if orgTypes[limitType] {
			continue
		}
		entry.Limits = append(entry.Limits, workspaceLimitJSON{Source: limitSourceJSON{"workspace"}, Type: limitType, Value: overrides[limitType]})
	}
	return entry
}

// listWorkspaceRateLimits lists a workspace's rate limits in the order of
// the organization's entries. By default only entries with an override
// are listed.
func (s *Server) listWorkspaceRateLimits(c *call) (int, any, error) {
	ws, err := s.findWorkspace(c.params["workspace_id"])
	if err != nil {
		return 0, nil, err
	}
	inherited, err := parseBool(c.query, "include_inherited")
	if err != nil {
		return 0, nil, err
	}
	groupType, err := groupTypeFilter(c)
	if err != nil {
		return 0, nil, err
	}
	var list []workspaceRateLimitJSON
	for _, rl := range s.st.RateLimits {
		if groupType != "" && rl.Group.Type != groupType {
			continue
		}
		entry := workspaceRateLimit(rl, ws.ID, s.workspaceOverrides(ws.ID, rl.ID), inherited)
		if len(entry.Limits) == 0 {
			continue
		}
		list = append(list, entry)
	}
	p, err := paginateCursor(s, c.query, list, func(e workspaceRateLimitJSON) string { return e.RateLimitID }, 0)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

// limitChange is one element of a workspace rate-limit update. Value is
// the raw JSON, so that an explicit null (clear the override) differs from
// a missing value.
type limitChange struct {
	Type  *string         `json:"type"`
	Value json.RawMessage `json:"value"`
}

// updateWorkspaceRateLimit sets or clears overrides of the named limiter
// types only. A value above the organization's limit is stored as sent.
func (s *Server) updateWorkspaceRateLimit(c *call) (int, any, error) {
	ws, err := s.findWorkspace(c.params["workspace_id"])
	if err != nil {
		return 0, nil, err
	}
	rl, err := s.findRateLimit(c.params["rate_limit_id"])
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		Limits *[]limitChange `json:"limits"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.Limits == nil || len(*body.Limits) == 0 {
		return 0, nil, invalidRequest("limits is required: name at least one limiter type with a value or null")
	}
	if ws.ArchivedAt != nil {
		return 0, nil, invalidRequest("workspace %s is archived and its rate limits cannot be changed", ws.ID)
	}
	changes, err := parseLimitChanges(*body.Limits)
	if err != nil {
		return 0, nil, err
	}

	overrides := maps.Clone(s.workspaceOverrides(ws.ID, rl.ID))
	if overrides == nil {
		overrides = map[string]int64{}
	}
	for limitType, value := range changes {
		if value == nil {
			delete(overrides, limitType)
		} else {
			overrides[limitType] = *value
		}
	}
	s.storeWorkspaceOverrides(ws.ID, rl.ID, overrides)
	return http.StatusOK, workspaceRateLimit(*rl, ws.ID, overrides, false), nil
}

// parseLimitChanges validates the limits of an update and returns the new
// value of each named type, nil for a type to clear.
func parseLimitChanges(limits []limitChange) (map[string]*int64, error) {
	changes := map[string]*int64{}
	for i, change := range limits {
		if change.Type == nil {
			return nil, invalidRequest("limits[%d].type is required", i)
		}
		limitType := *change.Type
		if !workspaceLimitTypes[limitType] {
			return nil, invalidRequest("limits[%d].type %q is not a limiter type: use %s", i, limitType, joinSorted(workspaceLimitTypes))
		}
		if _, dup := changes[limitType]; dup {
			return nil, invalidRequest("limits[%d].type %q is named twice", i, limitType)
		}
		if change.Value == nil {
			return nil, invalidRequest("limits[%d].value is required: send a whole number, or null to clear the override", i)
		}
		if bytes.Equal(bytes.TrimSpace(change.Value), []byte("null")) {
			changes[limitType] = nil
			continue
		}
		var value int64
		if err := json.Unmarshal(change.Value, &value); err != nil || value < 0 {
			return nil, invalidRequest("limits[%d].value %s is invalid: send a whole number of 0 or more, or null", i, change.Value)
		}
		changes[limitType] = &value
	}
	return changes, nil
}

// storeWorkspaceOverrides replaces the overrides of one workspace and
// entry, dropping the record when no override is left.
func (s *Server) storeWorkspaceOverrides(wsID, rateLimitID string, overrides map[string]int64) {
	i := slices.IndexFunc(s.st.WorkspaceRateLimits, func(o WorkspaceRateLimit) bool {
		return o.WorkspaceID == wsID && o.RateLimitID == rateLimitID
	})
	switch {
	case i >= 0 && len(overrides) == 0:
		s.st.WorkspaceRateLimits = slices.Delete(s.st.WorkspaceRateLimits, i, i+1)
	case i >= 0:
		s.st.WorkspaceRateLimits[i].Limits = overrides
	case len(overrides) > 0:
		s.st.WorkspaceRateLimits = append(s.st.WorkspaceRateLimits, WorkspaceRateLimit{WorkspaceID: wsID, RateLimitID: rateLimitID, Limits: overrides})
	}
}

// validateRateLimits checks the organization's entries and the workspace
// overrides that refer to them.
func (s *State) validateRateLimits(claimID func(id, label string)) []error {
	var errs []error
	groups := map[string]string{}
	models := map[string]string{}
	entries := map[string]bool{}
	for i, rl := range s.RateLimits {
		claimID(rl.ID, fmt.Sprintf("rate_limits[%d]", i))
		entries[rl.ID] = true
		errs = append(errs, validateRateLimitGroup(rl)...)
		if other, ok := groups[rl.Group.ID]; ok && rl.Group.ID != "" {
			errs = append(errs, fmt.Errorf("rate limit %s: group %q is already used by rate limit %s", rl.ID, rl.Group.ID, other))
		}
		groups[rl.Group.ID] = rl.ID
		for _, model := range rl.Models {
			if other, ok := models[model]; ok {
				errs = append(errs, fmt.Errorf("rate limit %s: model %q is already in rate limit %s", rl.ID, model, other))
			}
			models[model] = rl.ID
		}
		seen := map[string]bool{}
		for _, lv := range rl.Limits {
			if lv.Type == "" || seen[lv.Type] {
				errs = append(errs, fmt.Errorf("rate limit %s: limit type %q is empty or listed twice", rl.ID, lv.Type))
			}
			seen[lv.Type] = true
			if lv.Value < 0 {
				errs = append(errs, fmt.Errorf("rate limit %s: limit %s is negative", rl.ID, lv.Type))
			}
		}
	}

	workspaces := map[string]bool{}
	for _, ws := range s.Workspaces {
		workspaces[ws.ID] = true
	}
	pairs := map[[2]string]bool{}
	for _, o := range s.WorkspaceRateLimits {
		label := fmt.Sprintf("workspace rate limit %s/%s", o.WorkspaceID, o.RateLimitID)
		if !workspaces[o.WorkspaceID] {
			errs = append(errs, fmt.Errorf("%s: workspace %q not found", label, o.WorkspaceID))
		}
		if !entries[o.RateLimitID] {
			errs = append(errs, fmt.Errorf("%s: rate limit %q not found", label, o.RateLimitID))
		}
		pair := [2]string{o.WorkspaceID, o.RateLimitID}
		if pairs[pair] {
			errs = append(errs, fmt.Errorf("%s is listed twice", label))
		}
		pairs[pair] = true
		for limitType, value := range o.Limits {
			if !workspaceLimitTypes[limitType] || value < 0 {
				errs = append(errs, fmt.Errorf("%s: limit %s = %d is invalid", label, limitType, value))
			}
		}
	}
	return errs
}

func validateRateLimitGroup(rl RateLimit) []error {
	var errs []error
	g := rl.Group
	if g.ID == "" {
		errs = append(errs, fmt.Errorf("rate limit %s: group.id is missing", rl.ID))
	}
	if !rateLimitGroupTypes[g.Type] {
		errs = append(errs, fmt.Errorf("rate limit %s: group.type %q is invalid", rl.ID, g.Type))
	}
	isModelGroup := g.Type == "model_group"
	if isModelGroup && (g.DisplayName == "" || len(rl.Models) == 0) {
		errs = append(errs, fmt.Errorf("rate limit %s: a model group needs group.display_name and models", rl.ID))
	}
	if !isModelGroup && (g.DisplayName != "" || len(rl.Models) > 0) {
		errs = append(errs, fmt.Errorf("rate limit %s: only a model group has group.display_name and models", rl.ID))
	}
	return errs
}

func cloneRateLimits(list []RateLimit) []RateLimit {
	if list == nil {
		return nil
	}
	c := make([]RateLimit, len(list))
	for i, rl := range list {
		rl.Limits = slices.Clone(rl.Limits)
		rl.Models = slices.Clone(rl.Models)
		c[i] = rl
	}
	return c
}

func cloneWorkspaceRateLimits(list []WorkspaceRateLimit) []WorkspaceRateLimit {
	if list == nil {
		return nil
	}
	c := make([]WorkspaceRateLimit, len(list))
	for i, o := range list {
		o.Limits = maps.Clone(o.Limits)
		c[i] = o
	}
	return c
}

// joinSorted returns the keys of set sorted and joined with commas.
func joinSorted(set map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(set)), ", ")
}
