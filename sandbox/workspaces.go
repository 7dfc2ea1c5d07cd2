package sandbox

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"
)

const (
	// maxActiveWorkspaces is the Admin API's default cap on workspaces that
	// are not archived. NOTE: the sandbox does not count the default
	// workspace, and whether the real API counts it is not documented.
	maxActiveWorkspaces = 100
	// maxWorkspaceIDsFilter caps the ids[] filter of the workspace list.
	maxWorkspaceIDsFilter = 100
	// defaultDisplayColor is the display_color of a workspace created
	// without one.
	defaultDisplayColor = "#6C5BB9"
)

type workspaceJSON struct {
	Type          string            `json:"type"`
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	DisplayColor  string            `json:"display_color"`
	CreatedAt     time.Time         `json:"created_at"`
	ArchivedAt    *time.Time        `json:"archived_at"`
	Tags          map[string]string `json:"tags"`
	DataResidency DataResidency     `json:"data_residency"`
	ExternalKeyID *string           `json:"external_key_id"`
	UserProfileID *string           `json:"user_profile_id"`
	CompartmentID string            `json:"compartment_id"`
}

func newWorkspaceJSON(ws Workspace) workspaceJSON {
	c := ws.clone()
	return workspaceJSON{
		Type: "workspace", ID: c.ID, Name: c.Name, DisplayColor: c.DisplayColor,
		CreatedAt: c.CreatedAt, ArchivedAt: c.ArchivedAt, Tags: c.Tags,
		DataResidency: *c.DataResidency, ExternalKeyID: c.ExternalKeyID,
		UserProfileID: c.UserProfileID, CompartmentID: c.CompartmentID,
	}
}

// listWorkspaces lists workspaces oldest first, ties by ascending ID.
func (s *Server) listWorkspaces(c *call) (int, any, error) {
	includeArchived, err := parseBool(c.query, "include_archived")
	if err != nil {
		return 0, nil, err
	}
	includeDefault, err := parseBool(c.query, "include_default")
	if err != nil {
		return 0, nil, err
	}
	idList := queryValues(c.query, "ids")
	if len(idList) > maxWorkspaceIDsFilter {
		return 0, nil, invalidRequest("ids[] has %d values: at most %d are allowed", len(idList), maxWorkspaceIDsFilter)
	}
	ids := map[string]bool{}
	for _, id := range idList {
		ids[id] = true
	}

	var list []workspaceJSON
	for _, ws := range s.st.Workspaces {
		if ws.ArchivedAt != nil && !includeArchived {
			continue
		}
		if ws.Default && !includeDefault {
			continue
		}
		if len(ids) > 0 && !ids[ws.ID] {
			continue
		}
		list = append(list, newWorkspaceJSON(ws))
	}
	slices.SortFunc(list, func(a, b workspaceJSON) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	p, err := paginate(s, c.query, list, func(ws workspaceJSON) string { return ws.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func (s *Server) getWorkspace(c *call) (int, any, error) {
	ws, err := s.findWorkspace(c.params["workspace_id"])
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newWorkspaceJSON(*ws), nil
}

func (s *Server) findWorkspace(id string) (*Workspace, error) {
	for i := range s.st.Workspaces {
		if s.st.Workspaces[i].ID == id {
			return &s.st.Workspaces[i], nil
		}
	}
	return nil, notFound("workspace %q not found", id)
}

// workspaceInput holds the fields that workspace create and update share.
// Pointer fields are nil when the request omits them.
type workspaceInput struct {
	Name          *string           `json:"name"`
	DisplayColor  *string           `json:"display_color"`
	Tags          map[string]string `json:"tags"`
	ExternalKeyID *string           `json:"external_key_id"`
	UserProfileID *string           `json:"user_profile_id"`
}

// geoInput holds the data residency fields an update may change.
type geoInput struct {
	AllowedInferenceGeos *InferenceGeos `json:"allowed_inference_geos"`
	DefaultInferenceGeo  *string        `json:"default_inference_geo"`
}

func (s *Server) createWorkspace(c *call) (int, any, error) {
	var body struct {
		workspaceInput
		DataResidency *struct {
			WorkspaceGeo *string `json:"workspace_geo"`
			geoInput
		} `json:"data_residency"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.Name == nil {
		return 0, nil, invalidRequest("name is required")
	}
	if s.activeWorkspaces() >= maxActiveWorkspaces {
		return 0, nil, invalidRequest("the organization already has %d active workspaces, the maximum: archive one first", maxActiveWorkspaces)
	}

	now := s.businessNow()
	ws := Workspace{
		Name: *body.Name, DisplayColor: defaultDisplayColor,
		CreatedAt: now, Tags: map[string]string{}, DataResidency: defaultDataResidency(),
	}
	if err := applyWorkspaceInput(&ws, body.workspaceInput); err != nil {
		return 0, nil, err
	}
	if dr := body.DataResidency; dr != nil {
		if dr.WorkspaceGeo != nil {
			ws.DataResidency.WorkspaceGeo = *dr.WorkspaceGeo
		}
		if err := applyGeoInput(&ws, dr.geoInput); err != nil {
			return 0, nil, err
		}
	}
	ws.ID = s.newID("wrkspc_")
	fillWorkspaceDefaults(&ws)
	s.st.Workspaces = append(s.st.Workspaces, ws)
	return http.StatusOK, newWorkspaceJSON(ws), nil
}

func (s *Server) activeWorkspaces() int {
	n := 0
	for _, ws := range s.st.Workspaces {
		if ws.ArchivedAt == nil && !ws.Default {
			n++
		}
	}
	return n
}

// updateWorkspace changes only the fields the request sends. Tags replace
// the whole map.
func (s *Server) updateWorkspace(c *call) (int, any, error) {
	ws, err := s.findWorkspace(c.params["workspace_id"])
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		workspaceInput
		DataResidency *geoInput `json:"data_residency"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if ws.ArchivedAt != nil {
		return 0, nil, invalidRequest("workspace %s is archived and cannot be changed", ws.ID)
	}
	if ws.Default && body.Name != nil && *body.Name != ws.Name {
		return 0, nil, invalidRequest("workspace %s is the default workspace and cannot be renamed", ws.ID)
	}

	updated := ws.clone()
	if err := applyWorkspaceInput(&updated, body.workspaceInput); err != nil {
		return 0, nil, err
	}
	if body.DataResidency != nil {
		if err := applyGeoInput(&updated, *body.DataResidency); err != nil {
			return 0, nil, err
		}
	}
	*ws = updated
	return http.StatusOK, newWorkspaceJSON(*ws), nil
}

// applyWorkspaceInput validates the request fields and copies them into ws.
func applyWorkspaceInput(ws *Workspace, in workspaceInput) error {
	if in.Name != nil {
		if strings.TrimSpace(*in.Name) == "" {
			return invalidRequest("name must not be empty")
		}
		ws.Name = *in.Name
	}
	if in.DisplayColor != nil {
		if !validColor(*in.DisplayColor) {
			return invalidRequest("display_color %q is invalid: use a hex colour such as #6C5BB9", *in.DisplayColor)
		}
		ws.DisplayColor = *in.DisplayColor
	}
	if in.Tags != nil {
		for key := range in.Tags {
			if key == "" || strings.HasPrefix(strings.ToLower(key), "anthropic") {
				return invalidRequest("tag key %q is invalid: keys must be non-empty and may not begin with \"anthropic\"", key)
			}
		}
		ws.Tags = make(map[string]string, len(in.Tags))
		for k, v := range in.Tags {
			ws.Tags[k] = v
		}
	}
	if in.ExternalKeyID != nil && !sameString(ws.ExternalKeyID, *in.ExternalKeyID) {
		return invalidRequest("external_key_id %q is invalid: the sandbox has no external keys", *in.ExternalKeyID)
	}
	if in.UserProfileID != nil && !sameString(ws.UserProfileID, *in.UserProfileID) {
		return invalidRequestCode("user_profile_not_found", "user profile %q not found", *in.UserProfileID)
	}
	return nil
}

func applyGeoInput(ws *Workspace, in geoInput) error {
	if in.AllowedInferenceGeos != nil {
		ws.DataResidency.AllowedInferenceGeos = *in.AllowedInferenceGeos
	}
	if in.DefaultInferenceGeo != nil {
		ws.DataResidency.DefaultInferenceGeo = *in.DefaultInferenceGeo
	}
	if err := validateDataResidency(ws.DataResidency); err != nil {
		return invalidRequest("%v", err)
	}
	return nil
}

func sameString(current *string, value string) bool {
	return current != nil && *current == value
}

func (s *Server) archiveWorkspace(c *call) (int, any, error) {
	ws, err := s.findWorkspace(c.params["workspace_id"])
	if err != nil {
		return 0, nil, err
	}
	var body struct{}
	if err := decodeBody(c, &body, true); err != nil {
		return 0, nil, err
	}
	if ws.Default {
		return 0, nil, invalidRequest("workspace %s is the default workspace and cannot be archived", ws.ID)
	}
	if ws.ArchivedAt != nil {
		return 0, nil, invalidRequest("workspace %s is already archived", ws.ID)
	}
	now := s.businessNow()
	ws.ArchivedAt = &now
	return http.StatusOK, newWorkspaceJSON(*ws), nil
}
