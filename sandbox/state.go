package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// inviteLifetime is how long an invite stays pending. The Admin API fixes it
// at 21 days and offers no way to change it.
const inviteLifetime = 21 * 24 * time.Hour

// State is the sandbox's whole data. It is also the JSON state file format
// described in the package documentation.
type State struct {
	Organization Organization `json:"organization"`
	// Now is the frozen business clock, or nil when the business clock
	// follows the real time (plus ClockAdvance).
	Now *time.Time `json:"now,omitempty"`
	// ClockAdvance is the total advance applied to a business clock that
	// follows the real time. It is ignored when Now is set.
	ClockAdvance Duration `json:"clock_advance,omitzero"`
	// NextID is the counter for the IDs of new objects.
	NextID     int         `json:"next_id"`
	Users      []User      `json:"users"`
	Invites    []Invite    `json:"invites"`
	Workspaces []Workspace `json:"workspaces"`

	// OrganizationType is "console" or "enterprise". Empty means console.
	OrganizationType string `json:"organization_type,omitempty"`
	// RateLimits are the organization's rate limits. Nil, as when the file
	// omits them, means the default set, and an empty list means none.
	RateLimits []RateLimit `json:"rate_limits,omitzero"`
	// WorkspaceRateLimits are the workspaces' rate-limit overrides.
	WorkspaceRateLimits []WorkspaceRateLimit `json:"workspace_rate_limits,omitempty"`
	// SpendLimitWritesEnabled lets the Admin API read one spend limit, set
	// and delete them. Nil means true for Enterprise and false for Console.
	SpendLimitWritesEnabled *bool        `json:"spend_limit_writes_enabled,omitempty"`
	SpendLimits             []SpendLimit `json:"spend_limits,omitempty"`
	// ComplianceState is "enabled" or "disabled". Empty means disabled.
	ComplianceState string      `json:"compliance_state,omitempty"`
	APIKeys         []APIKey    `json:"api_keys,omitempty"`
	RBACGroups      []RBACGroup `json:"rbac_groups,omitempty"`
	// RBACRoles are an Enterprise organization's roles. Nil means three
	// built-in roles, and an empty list means none.
	RBACRoles []RBACRole `json:"rbac_roles,omitzero"`
}

// Organization is the organization the admin keys belong to.
type Organization struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// User is a member of the organization.
type User struct {
	ID      string    `json:"id"`
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	AddedAt time.Time `json:"added_at"`
}

// Invite is an invitation to join the organization.
type Invite struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Role   string `json:"role"`
	Status string `json:"status"`
	// InvitedAt is when the invite was created.
	InvitedAt time.Time `json:"invited_at"`
	// ExpiresAt defaults to InvitedAt plus 21 days when omitted from the file.
	ExpiresAt  time.Time  `json:"expires_at,omitzero"`
	AcceptedAt *time.Time `json:"accepted_at"`
	// RBACGroupIDs are the groups an Enterprise invitee joins on accepting.
	RBACGroupIDs []string `json:"rbac_group_ids,omitempty"`
}

// Workspace is a workspace of the organization with its explicit members.
type Workspace struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	DisplayColor string     `json:"display_color"`
	CreatedAt    time.Time  `json:"created_at"`
	ArchivedAt   *time.Time `json:"archived_at"`
	// Default marks the organization's default workspace, which lists hide
	// unless include_default is set and which cannot be renamed or archived.
	Default bool `json:"default"`
	// Tags defaults to no tags when omitted.
	Tags map[string]string `json:"tags,omitempty"`
	// DataResidency defaults to geo "us", unrestricted inference geos and
	// default inference geo "global" when omitted.
	DataResidency *DataResidency `json:"data_residency,omitempty"`
	ExternalKeyID *string        `json:"external_key_id,omitempty"`
	UserProfileID *string        `json:"user_profile_id,omitempty"`
	// CompartmentID defaults to "cmpt_" followed by the part of ID after
	// its "wrkspc_" prefix when omitted.
	CompartmentID string `json:"compartment_id,omitempty"`
	// Members lists explicit memberships only. Organization admins, owners
	// and billing users are implicit members and are not stored here.
	Members []Member `json:"members"`
}

// Member is an explicit membership of a user in a workspace.
type Member struct {
	UserID        string `json:"user_id"`
	WorkspaceRole string `json:"workspace_role"`
}

// DataResidency is the data residency configuration of a workspace.
type DataResidency struct {
	WorkspaceGeo         string        `json:"workspace_geo"`
	AllowedInferenceGeos InferenceGeos `json:"allowed_inference_geos"`
	DefaultInferenceGeo  string        `json:"default_inference_geo"`
}

// InferenceGeos is the allowed_inference_geos value: either the string
// "unrestricted" or a list of geos such as ["us"].
type InferenceGeos struct {
	Unrestricted bool
	Geos         []string
}

// MarshalJSON encodes the geos as "unrestricted" or as a JSON array.
func (g InferenceGeos) MarshalJSON() ([]byte, error) {
	if g.Unrestricted {
		return json.Marshal("unrestricted")
	}
	if g.Geos == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(g.Geos)
}

// UnmarshalJSON accepts the string "unrestricted" or an array of "global"
// and "us".
func (g *InferenceGeos) UnmarshalJSON(data []byte) error {
	var text string
	if err := json.Unmarshal(data, &text); err == nil {
		if text != "unrestricted" {
			return fmt.Errorf("allowed_inference_geos %q is invalid: use \"unrestricted\" or a list of geos", text)
		}
		*g = InferenceGeos{Unrestricted: true}
		return nil
	}
	var geos []string
	if err := json.Unmarshal(data, &geos); err != nil {
		return fmt.Errorf("allowed_inference_geos must be \"unrestricted\" or a list of geos: %w", err)
	}
	for _, geo := range geos {
		if !inferenceGeos[geo] {
			return fmt.Errorf("allowed_inference_geos entry %q is invalid: use \"global\" or \"us\"", geo)
		}
	}
	*g = InferenceGeos{Geos: geos}
	return nil
}

// Duration is a time.Duration written in JSON as a Go duration string
// such as "72h".
type Duration time.Duration

// MarshalJSON encodes the duration as a string such as "72h0m0s".
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON decodes a string accepted by time.ParseDuration.
func (d *Duration) UnmarshalJSON(data []byte) error {
	var text string
	if err := json.Unmarshal(data, &text); err != nil {
		return fmt.Errorf("duration must be a string such as \"72h\": %w", err)
	}
	parsed, err := time.ParseDuration(text)
	if err != nil {
		return err
	}
	*d = Duration(parsed)
	return nil
}

// LoadState reads and validates the state file at path.
func LoadState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	return ParseState(path, data)
}

// ParseState decodes and validates a state document. Unknown JSON fields are
// rejected. Name identifies the document in errors, usually its file path.
func ParseState(name string, data []byte) (*State, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var st State
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("state file %s: invalid JSON: %w", name, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("state file %s: invalid JSON: unexpected data after the state object", name)
	}
	st.fillDefaults()
	if err := st.validate(); err != nil {
		return nil, fmt.Errorf("state file %s: %w", name, err)
	}
	return &st, nil
}

// Save writes the state as indented JSON to path. It writes a temporary file
// in the same directory and renames it over path, so readers never see a
// partly written file.
func (s *State) Save(path string) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	data = append(data, '\n')

	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	_, writeErr := tmp.Write(data)
	closeErr := tmp.Close()
	if err := errors.Join(writeErr, closeErr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("state file %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("state file %s: %w", path, err)
	}
	return nil
}

// fillDefaults sets the optional fields a state file may omit.
func (s *State) fillDefaults() {
	if s.Users == nil {
		s.Users = []User{}
	}
	if s.Invites == nil {
		s.Invites = []Invite{}
	}
	if s.Workspaces == nil {
		s.Workspaces = []Workspace{}
	}
	for i := range s.Invites {
		inv := &s.Invites[i]
		if inv.ExpiresAt.IsZero() {
			inv.ExpiresAt = inv.InvitedAt.Add(inviteLifetime)
		}
	}
	for i := range s.Workspaces {
		fillWorkspaceDefaults(&s.Workspaces[i])
	}
	if s.RateLimits == nil {
		s.RateLimits = defaultRateLimits()
	}
	s.fillSpendLimitDefaults()
	s.fillAPIKeyDefaults()
	s.fillRBACDefaults()
}

func fillWorkspaceDefaults(ws *Workspace) {
	if ws.Tags == nil {
		ws.Tags = map[string]string{}
	}
	if ws.DataResidency == nil {
		ws.DataResidency = defaultDataResidency()
	}
	if ws.CompartmentID == "" {
		ws.CompartmentID = "cmpt_" + strings.TrimPrefix(ws.ID, "wrkspc_")
	}
	if ws.Members == nil {
		ws.Members = []Member{}
	}
}

func defaultDataResidency() *DataResidency {
	return &DataResidency{
		WorkspaceGeo:         "us",
		AllowedInferenceGeos: InferenceGeos{Unrestricted: true},
		DefaultInferenceGeo:  "global",
	}
}

// clone returns a deep copy of the state.
func (s *State) clone() *State {
	c := *s
	if s.Now != nil {
		now := *s.Now
		c.Now = &now
	}
	c.Users = append([]User{}, s.Users...)
	c.Invites = make([]Invite, len(s.Invites))
	for i, inv := range s.Invites {
		inv.AcceptedAt = cloneTime(inv.AcceptedAt)
		inv.RBACGroupIDs = slices.Clone(inv.RBACGroupIDs)
		c.Invites[i] = inv
	}
	c.Workspaces = make([]Workspace, len(s.Workspaces))
	for i, ws := range s.Workspaces {
		c.Workspaces[i] = ws.clone()
	}
	c.RateLimits = cloneRateLimits(s.RateLimits)
	c.WorkspaceRateLimits = cloneWorkspaceRateLimits(s.WorkspaceRateLimits)
	if s.SpendLimitWritesEnabled != nil {
		enabled := *s.SpendLimitWritesEnabled
		c.SpendLimitWritesEnabled = &enabled
	}
	c.SpendLimits = cloneSpendLimits(s.SpendLimits)
	c.APIKeys = cloneAPIKeys(s.APIKeys)
	c.RBACGroups = cloneRBACGroups(s.RBACGroups)
	c.RBACRoles = slices.Clone(s.RBACRoles)
	return &c
}

func (w Workspace) clone() Workspace {
	c := w
	c.ArchivedAt = cloneTime(w.ArchivedAt)
	c.Tags = make(map[string]string, len(w.Tags))
	for k, v := range w.Tags {
		c.Tags[k] = v
	}
	if w.DataResidency != nil {
		dr := *w.DataResidency
		dr.AllowedInferenceGeos.Geos = append([]string(nil), dr.AllowedInferenceGeos.Geos...)
		c.DataResidency = &dr
	}
	c.ExternalKeyID = cloneString(w.ExternalKeyID)
	c.UserProfileID = cloneString(w.UserProfileID)
	c.Members = append([]Member{}, w.Members...)
	return c
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

func cloneString(s *string) *string {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}
