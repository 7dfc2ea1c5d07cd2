package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// APIKey is an API key of the organization. The Admin API cannot create or
// delete keys, so keys come only from the state file. A key stays when the
// user who created it is removed.
type APIKey struct {
	// ID is the key's identifier (apikey_...).
	ID   string `json:"id"`
	Name string `json:"name"`
	// Status is active, inactive, archived or expired. An active or
	// inactive key whose ExpiresAt has passed on the business clock is
	// shown as expired.
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	// CreatedBy is nil when the creator is not recorded.
	CreatedBy *APIKeyActor `json:"created_by"`
	// ExpiresAt is nil for a key that never expires.
	ExpiresAt *time.Time `json:"expires_at"`
	// PartialKeyHint defaults to "sk-ant-api03-..." and the last four
	// characters of ID.
	PartialKeyHint string `json:"partial_key_hint,omitempty"`
	// Principal is the user or service account the key acts as, or nil.
	Principal *APIKeyPrincipal `json:"principal,omitempty"`
	// WorkspaceID is the workspace the key belongs to. Empty means the
	// organization scope, which only a key with a principal may have.
	WorkspaceID string `json:"workspace_id,omitempty"`
}

// APIKeyActor is the creator of a key: a user or a service account.
type APIKeyActor struct {
	ID string `json:"id"`
	// Type is user or service_account.
	Type string `json:"type"`
}

// APIKeyPrincipal is the identity a key acts as: Type user_actor with
// UserID, or service_account_actor with ServiceAccountID.
type APIKeyPrincipal struct {
	Type             string `json:"type"`
	UserID           string `json:"user_id,omitempty"`
	ServiceAccountID string `json:"service_account_id,omitempty"`
}

var apiKeyStatuses = map[string]bool{"active": true, "inactive": true, "archived": true, "expired": true}

// settableKeyStatuses are the statuses an update may set.
var settableKeyStatuses = map[string]bool{"active": true, "inactive": true, "archived": true}

type orgAPIKeyJSON struct {
	ID             string             `json:"id"`
	CreatedAt      time.Time          `json:"created_at"`
	CreatedBy      *APIKeyActor       `json:"created_by"`
	ExpiresAt      *time.Time         `json:"expires_at"`
	Name           string             `json:"name"`
	PartialKeyHint string             `json:"partial_key_hint"`
	Principal      *APIKeyPrincipal   `json:"principal"`
	Scope          orgAPIKeyScopeJSON `json:"scope"`
	Status         string             `json:"status"`
	Type           string             `json:"type"`
}

type orgAPIKeyScopeJSON struct {
	Type        string `json:"type"`
	WorkspaceID string `json:"workspace_id,omitempty"`
}

// keyStatus returns the status the API shows for k at now.
func keyStatus(k APIKey, now time.Time) string {
	expirable := k.Status == "active" || k.Status == "inactive"
	if expirable && k.ExpiresAt != nil && !now.Before(*k.ExpiresAt) {
		return "expired"
	}
	return k.Status
}

func newOrgAPIKeyJSON(k APIKey, now time.Time) orgAPIKeyJSON {
	scope := orgAPIKeyScopeJSON{Type: "organization"}
	if k.WorkspaceID != "" {
		scope = orgAPIKeyScopeJSON{Type: "workspace", WorkspaceID: k.WorkspaceID}
	}
	c := k.clone()
	return orgAPIKeyJSON{
		ID: c.ID, CreatedAt: c.CreatedAt, CreatedBy: c.CreatedBy, ExpiresAt: c.ExpiresAt, Name: c.Name,
		PartialKeyHint: c.PartialKeyHint, Principal: c.Principal, Scope: scope,
		Status: keyStatus(k, now), Type: "api_key",
	}
}

// listAPIKeys lists keys most recently created first, ties by ascending
// ID, filtered by status, workspace_id and created_by_user_id.
func (s *Server) listAPIKeys(c *call) (int, any, error) {
	status := c.query.Get("status")
	if status != "" && !apiKeyStatuses[status] {
		return 0, nil, invalidRequest("status %q is invalid: use active, inactive, archived or expired", status)
	}
	workspaceID := c.query.Get("workspace_id")
	creatorID := c.query.Get("created_by_user_id")

	now := s.businessNow()
	var keys []orgAPIKeyJSON
	for _, k := range s.st.APIKeys {
		if status != "" && keyStatus(k, now) != status {
			continue
		}
		if workspaceID != "" && k.WorkspaceID != workspaceID {
			continue
		}
		if creatorID != "" && (k.CreatedBy == nil || k.CreatedBy.Type != "user" || k.CreatedBy.ID != creatorID) {
			continue
		}
		keys = append(keys, newOrgAPIKeyJSON(k, now))
	}
	slices.SortFunc(keys, func(a, b orgAPIKeyJSON) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	p, err := paginate(s, c.query, keys, func(k orgAPIKeyJSON) string { return k.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func (s *Server) findAPIKey(id string) (*APIKey, error) {
	for i := range s.st.APIKeys {
		if s.st.APIKeys[i].ID == id {
			return &s.st.APIKeys[i], nil
		}
	}
	return nil, notFound("API key %q not found", id)
}

func (s *Server) getAPIKey(c *call) (int, any, error) {
	k, err := s.findAPIKey(c.params["api_key_id"])
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newOrgAPIKeyJSON(*k, s.businessNow()), nil
}

// updateAPIKey changes the name and status the request sends. Archiving is
// final: an archived key cannot be set active or inactive again, though it
// may be renamed. An expired key can only be archived.
func (s *Server) updateAPIKey(c *call) (int, any, error) {
	k, err := s.findAPIKey(c.params["api_key_id"])
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		Name   *string `json:"name"`
		Status *string `json:"status"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.Name != nil && strings.TrimSpace(*body.Name) == "" {
		return 0, nil, invalidRequest("name must not be empty")
	}
	now := s.businessNow()
	if body.Status != nil {
		if err := checkKeyStatusChange(*k, keyStatus(*k, now), *body.Status); err != nil {
			return 0, nil, err
		}
	}

	if body.Name != nil {
		k.Name = *body.Name
	}
	if body.Status != nil {
		k.Status = *body.Status
	}
	return http.StatusOK, newOrgAPIKeyJSON(*k, now), nil
}

func checkKeyStatusChange(k APIKey, current, next string) error {
	switch {
	case !settableKeyStatuses[next]:
		return invalidRequest("status %q is invalid: use active, inactive or archived", next)
	case current == "archived" && next != "archived":
		return invalidRequest("API key %s is archived, and an archived key cannot be reactivated", k.ID)
	case current == "expired" && next != "archived":
		return invalidRequest("API key %s has expired and can only be archived", k.ID)
	}
	return nil
}

// fillAPIKeyDefaults sets the optional fields of API keys.
func (s *State) fillAPIKeyDefaults() {
	for i := range s.APIKeys {
		k := &s.APIKeys[i]
		if k.PartialKeyHint == "" {
			k.PartialKeyHint = "sk-ant-api03-..." + k.ID[max(0, len(k.ID)-4):]
		}
	}
}

// validateAPIKeys checks the keys. The creator of a key need not be a
// user any more, because keys survive their creator's removal.
func (s *State) validateAPIKeys(claimID func(id, label string)) []error {
	var errs []error
	workspaces := map[string]bool{}
	for _, ws := range s.Workspaces {
		workspaces[ws.ID] = true
	}
	for i, k := range s.APIKeys {
		claimID(k.ID, fmt.Sprintf("api_keys[%d]", i))
		if strings.TrimSpace(k.Name) == "" {
			errs = append(errs, fmt.Errorf("API key %s: name is missing", k.ID))
		}
		if !apiKeyStatuses[k.Status] {
			errs = append(errs, fmt.Errorf("API key %s: status %q is invalid: use active, inactive, archived or expired", k.ID, k.Status))
		}
		if k.CreatedAt.IsZero() {
			errs = append(errs, fmt.Errorf("API key %s: created_at is missing", k.ID))
		}
		if by := k.CreatedBy; by != nil && (by.ID == "" || (by.Type != "user" && by.Type != "service_account")) {
			errs = append(errs, fmt.Errorf("API key %s: created_by needs an id and type user or service_account", k.ID))
		}
		if err := validatePrincipal(k.Principal); err != nil {
			errs = append(errs, fmt.Errorf("API key %s: %w", k.ID, err))
		}
		switch {
		case k.WorkspaceID == "" && k.Principal == nil:
			errs = append(errs, fmt.Errorf("API key %s: a key without a principal needs a workspace_id", k.ID))
		case k.WorkspaceID != "" && !workspaces[k.WorkspaceID]:
			errs = append(errs, fmt.Errorf("API key %s: workspace %q not found", k.ID, k.WorkspaceID))
		}
	}
	return errs
}

func validatePrincipal(p *APIKeyPrincipal) error {
	switch {
	case p == nil:
		return nil
	case p.Type == "user_actor" && p.UserID != "" && p.ServiceAccountID == "":
		return nil
	case p.Type == "service_account_actor" && p.ServiceAccountID != "" && p.UserID == "":
		return nil
	}
	return fmt.Errorf("principal needs type user_actor with user_id, or service_account_actor with service_account_id")
}

func (k APIKey) clone() APIKey {
	c := k
	if k.CreatedBy != nil {
		by := *k.CreatedBy
		c.CreatedBy = &by
	}
	c.ExpiresAt = cloneTime(k.ExpiresAt)
	if k.Principal != nil {
		p := *k.Principal
		c.Principal = &p
	}
	return c
}

func cloneAPIKeys(list []APIKey) []APIKey {
	if list == nil {
		return nil
	}
	c := make([]APIKey, len(list))
	for i, k := range list {
		c[i] = k.clone()
	}
	return c
}
