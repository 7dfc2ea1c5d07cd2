package sandbox

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"time"
)

// SpendLimit is a configured cap on metered spend for one scope and period.
type SpendLimit struct {
	// ID is the limit's identifier (spl_...).
	ID string `json:"id"`
	// Amount is a non-negative whole number of minor units of Currency
	// (cents for USD), or nil for an explicit "no limit" at this scope.
	Amount *string `json:"amount"`
	// Currency defaults to "USD" when omitted.
	Currency string `json:"currency,omitempty"`
	// Period is daily, weekly or monthly.
	Period string          `json:"period"`
	Scope  SpendLimitScope `json:"scope"`
	// Disabled marks an organization limit whose extra usage is switched
	// off. The API shows it as is_enabled false and keeps the amount.
	Disabled  bool      `json:"disabled,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt defaults to CreatedAt when omitted.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// SpendLimitScope is the target of a spend limit: Type and the one
// identifier that type needs, if any.
type SpendLimitScope struct {
	// Type is user, seat_tier, rbac_group, organization_service,
	// organization, workspace or usage_tier.
	Type        string `json:"type"`
	UserID      string `json:"user_id,omitempty"`
	SeatTier    string `json:"seat_tier,omitempty"`
	RBACGroupID string `json:"rbac_group_id,omitempty"`
	Service     string `json:"service,omitempty"`
	WorkspaceID string `json:"workspace_id,omitempty"`
}

// billingCurrency is the currency of limits the API creates.
const billingCurrency = "USD"

// spendLimitPeriods are the periods in the order the effective report
// lists them.
var spendLimitPeriods = []string{"daily", "weekly", "monthly"}

// spendScopeOrder is the order of scope types in an Enterprise
// organization's list. Console scope types come after, for completeness.
var spendScopeOrder = []string{
	"organization", "seat_tier", "rbac_group", "organization_service", "user", "workspace", "usage_tier",
}

// scopeTypesByOrgType are the scope types each organization type holds.
var scopeTypesByOrgType = map[string]map[string]bool{
	orgTypeConsole:    {"organization": true, "workspace": true, "usage_tier": true},
	orgTypeEnterprise: {"organization": true, "seat_tier": true, "rbac_group": true, "organization_service": true, "user": true},
}

// settableScopeTypes are the scope types each organization type may set
// and delete through the API.
var settableScopeTypes = map[string]map[string]bool{
	orgTypeConsole:    {"organization": true, "workspace": true},
	orgTypeEnterprise: {"user": true},
}

var amountPattern = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)

// orgType returns the organization type, console when unset.
func (s *State) orgType() string {
	if s.isEnterprise() {
		return orgTypeEnterprise
	}
	return orgTypeConsole
}

type spendLimitJSON struct {
	ID        string          `json:"id"`
	Amount    *string         `json:"amount"`
	CreatedAt time.Time       `json:"created_at"`
	Currency  string          `json:"currency"`
	IsEnabled bool            `json:"is_enabled"`
	Period    string          `json:"period"`
	Scope     SpendLimitScope `json:"scope"`
	Type      string          `json:"type"`
	UpdatedAt time.Time       `json:"updated_at"`
}

func newSpendLimitJSON(sl SpendLimit) spendLimitJSON {
	return spendLimitJSON{
		ID: sl.ID, Amount: cloneString(sl.Amount), CreatedAt: sl.CreatedAt, Currency: sl.Currency,
		IsEnabled: !sl.Disabled, Period: sl.Period, Scope: sl.Scope, Type: "spend_limit", UpdatedAt: sl.UpdatedAt,
	}
}

// spendLimitAccessEnabled reports whether the organization may read one
// spend limit, set and delete them: the spend_limit_writes_enabled flag,
// which defaults to true for Enterprise and false for Console, where these
// writes are an early access preview.
func (s *State) spendLimitAccessEnabled() bool {
	if s.SpendLimitWritesEnabled != nil {
		return *s.SpendLimitWritesEnabled
	}
	return s.isEnterprise()
}

func (s *Server) requireSpendLimitWrites() error {
	if s.st.spendLimitAccessEnabled() {
		return nil
	}
	return &apiError{
		status:  http.StatusForbidden,
		code:    "spend_limits_admin_api_writes_not_enabled",
		message: "spend limits through the Admin API are not enabled for this organization: they are an early access preview, so ask the Anthropic account team",
	}
}

// listSpendLimits lists the configured limits: a Console organization's
// newest first, an Enterprise organization's grouped by scope type and by
// ID within a type.
func (s *Server) listSpendLimits(c *call) (int, any, error) {
	orgType := s.st.orgType()
	workspaceID := c.query.Get("workspace_id")
	if workspaceID != "" && orgType != orgTypeConsole {
		return 0, nil, invalidRequest("workspace_id is accepted only for Claude Console organizations")
	}
	scopeTypes := map[string]bool{}
	for _, scopeType := range queryValues(c.query, "scope_type") {
		if !scopeTypesByOrgType[orgType][scopeType] {
			return 0, nil, invalidRequest("scope_type[] value %q does not apply to a %s organization: use %s", scopeType, orgType, joinSorted(scopeTypesByOrgType[orgType]))
		}
		scopeTypes[scopeType] = true
	}

	var list []spendLimitJSON
	for _, sl := range s.st.SpendLimits {
		if len(scopeTypes) > 0 && !scopeTypes[sl.Scope.Type] {
			continue
		}
		if workspaceID != "" && sl.Scope.WorkspaceID != workspaceID {
			continue
		}
		list = append(list, newSpendLimitJSON(sl))
	}
	slices.SortFunc(list, func(a, b spendLimitJSON) int {
		if orgType == orgTypeConsole {
			if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
				return c
			}
		} else if c := cmp.Compare(slices.Index(spendScopeOrder, a.Scope.Type), slices.Index(spendScopeOrder, b.Scope.Type)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	p, err := paginateCursor(s, c.query, list, func(sl spendLimitJSON) string { return sl.ID }, defaultPageLimit)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func (s *Server) findSpendLimit(id string) (*SpendLimit, error) {
	for i := range s.st.SpendLimits {
		if s.st.SpendLimits[i].ID == id {
			return &s.st.SpendLimits[i], nil
		}
	}
	return nil, notFound("spend limit %q not found", id)
}

func (s *Server) getSpendLimit(c *call) (int, any, error) {
	if err := s.requireSpendLimitWrites(); err != nil {
		return 0, nil, err
	}
	sl, err := s.findSpendLimit(c.params["spend_limit_id"])
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newSpendLimitJSON(*sl), nil
}

// spendLimitRequest is the body of a spend limit set. Amount is the raw
// JSON, because the key is required and null is a valid value.
type spendLimitRequest struct {
	Amount json.RawMessage `json:"amount"`
	Scope  *struct {
		Type        *string `json:"type"`
		UserID      *string `json:"user_id"`
		WorkspaceID *string `json:"workspace_id"`
	} `json:"scope"`
	Period *string `json:"period"`
}

// setSpendLimit creates the limit for a scope and period, or overwrites the
// amount of the one that exists. A Console organization sets monthly
// organization and workspace limits with an amount, an Enterprise
// organization sets user limits. An omitted period means monthly.
func (s *Server) setSpendLimit(c *call) (int, any, error) {
	if err := s.requireSpendLimitWrites(); err != nil {
		return 0, nil, err
	}
	var body spendLimitRequest
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	amount, err := parseSpendAmount(body.Amount)
	if err != nil {
		return 0, nil, err
	}
	scope, err := s.parseSpendScope(body)
	if err != nil {
		return 0, nil, err
	}
	period := "monthly"
	if body.Period != nil {
		period = *body.Period
	}
	if !slices.Contains(spendLimitPeriods, period) {
		return 0, nil, invalidRequest("period %q is invalid: use daily, weekly or monthly", period)
	}
	if !s.st.isEnterprise() {
		if period != "monthly" {
			return 0, nil, invalidRequest("period %q is invalid: a Claude Console organization's limits are monthly", period)
		}
		if amount == nil {
			return 0, nil, invalidRequest("amount must not be null: a Claude Console organization's limits always carry an amount")
		}
	}

	now := s.businessNow()
	for i := range s.st.SpendLimits {
		sl := &s.st.SpendLimits[i]
		if sl.Scope == scope && sl.Period == period {
			sl.Amount = amount
			sl.UpdatedAt = now
			return http.StatusOK, newSpendLimitJSON(*sl), nil
		}
	}
	sl := SpendLimit{
		ID: s.newID("spl_"), Amount: amount, Currency: billingCurrency, Period: period,
		Scope: scope, CreatedAt: now, UpdatedAt: now,
	}
	s.st.SpendLimits = append(s.st.SpendLimits, sl)
	return http.StatusOK, newSpendLimitJSON(sl), nil
}

// parseSpendAmount reads the amount of a set: a decimal string of a
// non-negative whole number, or null.
func parseSpendAmount(raw json.RawMessage) (*string, error) {
	if raw == nil {
		return nil, invalidRequest("amount is required: send a whole number of minor units as a string, such as \"50000\", or null")
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	var amount string
	if err := json.Unmarshal(raw, &amount); err != nil || !amountPattern.MatchString(amount) {
		return nil, invalidRequest("amount %s is invalid: send a whole number of minor units as a string, such as \"50000\", or null", raw)
	}
	return &amount, nil
}

// parseSpendScope checks the scope of a set against the organization type
// and finds the user or workspace it names.
func (s *Server) parseSpendScope(body spendLimitRequest) (SpendLimitScope, error) {
	in := body.Scope
	if in == nil || in.Type == nil {
		return SpendLimitScope{}, invalidRequest("scope.type is required")
	}
	scope := SpendLimitScope{Type: *in.Type}
	switch scope.Type {
	case "organization":
	case "user":
		if in.UserID == nil {
			return SpendLimitScope{}, invalidRequest("scope.user_id is required for a user scope")
		}
		scope.UserID = *in.UserID
	case "workspace":
		if in.WorkspaceID == nil {
			return SpendLimitScope{}, invalidRequest("scope.workspace_id is required for a workspace scope")
		}
		scope.WorkspaceID = *in.WorkspaceID
	default:
		return SpendLimitScope{}, invalidRequest("scope.type %q cannot be set through the API: use user, organization or workspace", scope.Type)
	}
	if (in.UserID != nil && scope.Type != "user") || (in.WorkspaceID != nil && scope.Type != "workspace") {
		return SpendLimitScope{}, invalidRequest("scope of type %q carries an identifier of another scope type", scope.Type)
	}
	orgType := s.st.orgType()
	if !settableScopeTypes[orgType][scope.Type] {
		return SpendLimitScope{}, invalidRequest("a %s organization cannot set %s limits: it sets %s limits", orgType, scope.Type, joinSorted(settableScopeTypes[orgType]))
	}

	switch scope.Type {
	case "user":
		if _, err := s.findUser(scope.UserID); err != nil {
			return SpendLimitScope{}, err
		}
	case "workspace":
		ws, err := s.findWorkspace(scope.WorkspaceID)
		if err != nil {
			return SpendLimitScope{}, err
		}
		if ws.ArchivedAt != nil {
			return SpendLimitScope{}, invalidRequest("workspace %s is archived and cannot get a spend limit", ws.ID)
		}
	}
	return scope, nil
}

// spendLimitDeletedJSON is the body of a spend limit deletion.
type spendLimitDeletedJSON struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// deleteSpendLimit deletes a limit of a scope type the organization sets
// through the API. Other limits, such as a usage_tier limit, get 400.
func (s *Server) deleteSpendLimit(c *call) (int, any, error) {
	if err := s.requireSpendLimitWrites(); err != nil {
		return 0, nil, err
	}
	sl, err := s.findSpendLimit(c.params["spend_limit_id"])
	if err != nil {
		return 0, nil, err
	}
	orgType := s.st.orgType()
	if !settableScopeTypes[orgType][sl.Scope.Type] {
		return 0, nil, invalidRequest("spend limit %s has scope %s, which a %s organization cannot delete through the API", sl.ID, sl.Scope.Type, orgType)
	}
	id := sl.ID
	s.st.SpendLimits = slices.DeleteFunc(s.st.SpendLimits, func(sl SpendLimit) bool { return sl.ID == id })
	return http.StatusOK, spendLimitDeletedJSON{ID: id, Type: "spend_limit_deleted"}, nil
}

type spendActorJSON struct {
	Deleted      bool   `json:"deleted"`
	EmailAddress string `json:"email_address"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	UserID       string `json:"user_id"`
}

type spendSummaryJSON struct {
	Actor             spendActorJSON  `json:"actor"`
	Amount            *string         `json:"amount"`
	Currency          string          `json:"currency"`
	Period            string          `json:"period"`
	PeriodToDateSpend string          `json:"period_to_date_spend"`
	Scope             SpendLimitScope `json:"scope"`
	Source            SpendLimitScope `json:"source"`
	SpendLimitID      string          `json:"spend_limit_id"`
}

// memberSummaries holds the effective report rows of one member, which a
// page never splits.
type memberSummaries struct {
	userID string
	rows   []spendSummaryJSON
}

// maxEffectiveUserIDs caps the user_ids[] filter of the effective report.
const maxEffectiveUserIDs = 100

// listEffectiveSpendLimits reports each member's effective limit per
// period, for Enterprise organizations only. Members come by ascending
// user ID and the page limit counts members. The sandbox records no
// spend, so period_to_date_spend is always "0".
func (s *Server) listEffectiveSpendLimits(c *call) (int, any, error) {
	if err := s.requireEnterprise("effective spend limits"); err != nil {
		return 0, nil, err
	}
	periods := spendLimitPeriods
	if values := queryValues(c.query, "period"); len(values) > 0 {
		for _, period := range values {
			if !slices.Contains(spendLimitPeriods, period) {
				return 0, nil, invalidRequest("period[] value %q is invalid: use daily, weekly or monthly", period)
			}
		}
		periods = slices.DeleteFunc(slices.Clone(spendLimitPeriods), func(p string) bool { return !slices.Contains(values, p) })
	}
	userIDs := queryValues(c.query, "user_ids")
	if len(userIDs) > maxEffectiveUserIDs {
		return 0, nil, invalidRequest("user_ids[] has %d values: at most %d are allowed", len(userIDs), maxEffectiveUserIDs)
	}

	users := slices.Clone(s.st.Users)
	slices.SortFunc(users, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	var members []memberSummaries
	for _, u := range users {
		if len(userIDs) > 0 && !slices.Contains(userIDs, u.ID) {
			continue
		}
		m := memberSummaries{userID: u.ID}
		for _, period := range periods {
			if sl := s.effectiveSpendLimit(u.ID, period); sl != nil {
				m.rows = append(m.rows, newSpendSummary(u, sl))
			}
		}
		if len(m.rows) > 0 {
			members = append(members, m)
		}
	}
	p, err := paginateCursor(s, c.query, members, func(m memberSummaries) string { return m.userID }, defaultPageLimit)
	if err != nil {
		return 0, nil, err
	}
	out := cursorPage[spendSummaryJSON]{Data: []spendSummaryJSON{}, NextPage: p.NextPage}
	for _, m := range p.Data {
		out.Data = append(out.Data, m.rows...)
	}
	return http.StatusOK, out, nil
}

// effectiveSpendLimit resolves the limit that applies to a user for a
// period: the user's own limit, else a limit of one of the user's RBAC
// groups (the first by group ID), else the organization's. Seat tiers are
// not modelled, so seat_tier limits never apply.
func (s *Server) effectiveSpendLimit(userID, period string) *SpendLimit {
	find := func(match func(SpendLimitScope) bool) *SpendLimit {
		var found *SpendLimit
		for i := range s.st.SpendLimits {
			sl := &s.st.SpendLimits[i]
			if sl.Period != period || !match(sl.Scope) {
				continue
			}
			if found == nil || sl.Scope.RBACGroupID < found.Scope.RBACGroupID {
				found = sl
			}
		}
		return found
	}
	if sl := find(func(sc SpendLimitScope) bool { return sc.Type == "user" && sc.UserID == userID }); sl != nil {
		return sl
	}
	groups := s.st.groupsOfUser(userID)
	if sl := find(func(sc SpendLimitScope) bool { return sc.Type == "rbac_group" && groups[sc.RBACGroupID] }); sl != nil {
		return sl
	}
	return find(func(sc SpendLimitScope) bool { return sc.Type == "organization" })
}

func newSpendSummary(u User, sl *SpendLimit) spendSummaryJSON {
	return spendSummaryJSON{
		Actor:  spendActorJSON{EmailAddress: u.Email, Name: u.Name, Type: "user_actor", UserID: u.ID},
		Amount: cloneString(sl.Amount), Currency: sl.Currency, Period: sl.Period, PeriodToDateSpend: "0",
		Scope: SpendLimitScope{Type: "user", UserID: u.ID}, Source: sl.Scope, SpendLimitID: sl.ID,
	}
}

// fillSpendLimitDefaults sets the optional fields of spend limits.
func (s *State) fillSpendLimitDefaults() {
	for i := range s.SpendLimits {
		sl := &s.SpendLimits[i]
		if sl.Currency == "" {
			sl.Currency = billingCurrency
		}
		if sl.UpdatedAt.IsZero() {
			sl.UpdatedAt = sl.CreatedAt
		}
	}
}

// validateSpendLimits checks that each limit fits the organization type,
// names an existing workspace or group, and is the only one for its scope
// and period. A user limit may name a removed user, because removing a
// user leaves the user's limits in place.
func (s *State) validateSpendLimits(claimID func(id, label string)) []error {
	var errs []error
	orgType := s.orgType()
	seen := map[string]string{}
	for i, sl := range s.SpendLimits {
		claimID(sl.ID, fmt.Sprintf("spend_limits[%d]", i))
		if !scopeTypesByOrgType[orgType][sl.Scope.Type] {
			errs = append(errs, fmt.Errorf("spend limit %s: scope type %q does not exist in a %s organization", sl.ID, sl.Scope.Type, orgType))
		}
		if err := validateSpendScopeFields(sl.Scope); err != nil {
			errs = append(errs, fmt.Errorf("spend limit %s: %w", sl.ID, err))
		}
		if id := sl.Scope.WorkspaceID; id != "" && !slices.ContainsFunc(s.Workspaces, func(ws Workspace) bool { return ws.ID == id }) {
			errs = append(errs, fmt.Errorf("spend limit %s: workspace %q not found", sl.ID, id))
		}
		if id := sl.Scope.RBACGroupID; id != "" && !slices.ContainsFunc(s.RBACGroups, func(g RBACGroup) bool { return g.ID == id }) {
			errs = append(errs, fmt.Errorf("spend limit %s: RBAC group %q not found", sl.ID, id))
		}
		if !slices.Contains(spendLimitPeriods, sl.Period) {
			errs = append(errs, fmt.Errorf("spend limit %s: period %q is invalid: use daily, weekly or monthly", sl.ID, sl.Period))
		}
		if sl.Amount != nil && !amountPattern.MatchString(*sl.Amount) {
			errs = append(errs, fmt.Errorf("spend limit %s: amount %q is not a whole number", sl.ID, *sl.Amount))
		}
		if sl.CreatedAt.IsZero() {
			errs = append(errs, fmt.Errorf("spend limit %s: created_at is missing", sl.ID))
		}
		key := fmt.Sprintf("%+v/%s", sl.Scope, sl.Period)
		if other, ok := seen[key]; ok {
			errs = append(errs, fmt.Errorf("spend limit %s: spend limit %s already has this scope and period", sl.ID, other))
		}
		seen[key] = sl.ID
	}
	return errs
}

// validateSpendScopeFields checks that a scope carries exactly the
// identifier its type needs.
func validateSpendScopeFields(sc SpendLimitScope) error {
	want := map[string]string{
		"user": sc.UserID, "seat_tier": sc.SeatTier, "rbac_group": sc.RBACGroupID,
		"organization_service": sc.Service, "workspace": sc.WorkspaceID,
	}
	set := 0
	for _, v := range want {
		if v != "" {
			set++
		}
	}
	id, needsID := want[sc.Type]
	switch {
	case needsID && (id == "" || set != 1):
		return fmt.Errorf("scope of type %q needs its identifier and no other", sc.Type)
	case !needsID && set != 0:
		return fmt.Errorf("scope of type %q takes no identifier", sc.Type)
	}
	return nil
}

func cloneSpendLimits(list []SpendLimit) []SpendLimit {
	if list == nil {
		return nil
	}
	c := make([]SpendLimit, len(list))
	for i, sl := range list {
		sl.Amount = cloneString(sl.Amount)
		c[i] = sl
	}
	return c
}
