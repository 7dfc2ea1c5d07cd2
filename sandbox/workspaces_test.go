package sandbox_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

func TestWorkspaceCreateDefaults(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	ws, err := client.Organization.Workspaces.New(context.Background(), anthropic.OrganizationWorkspaceNewParams{Name: "research"})
	if err != nil {
		t.Fatalf("Workspaces.New: %v", err)
	}
	type view struct {
		ID, Name, Color, Type, Compartment     string
		Geo, AllowedGeos, DefaultGeo           string
		Tags                                   map[string]string
		Created                                time.Time
		ArchivedAt, ExternalKey, UserProfileID string
	}
	got := view{
		ws.ID, ws.Name, ws.DisplayColor, string(ws.Type), ws.CompartmentID,
		string(ws.DataResidency.WorkspaceGeo), ws.DataResidency.AllowedInferenceGeos.RawJSON(), string(ws.DataResidency.DefaultInferenceGeo),
		ws.Tags, ws.CreatedAt, ws.JSON.ArchivedAt.Raw(), ws.JSON.ExternalKeyID.Raw(), ws.JSON.UserProfileID.Raw(),
	}
	want := view{
		"wrkspc_0100", "research", "#6C5BB9", "workspace", "cmpt_0100",
		"us", `"unrestricted"`, "global",
		map[string]string{}, fixtureNow, "null", "null", "null",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workspace (-want +got):\n%s", diff)
	}
	if got := len(srv.Snapshot().Workspaces); got != 5 {
		t.Errorf("workspaces = %d, want 5: a name may repeat", got)
	}
}

func TestWorkspaceCreateRules(t *testing.T) {
	tests := []struct {
		name string
		body string
		want rawResult
	}{
		{"name only", `{"name":"new"}`, rawResult{Status: 200}},
		{"all fields", `{"name":"new","display_color":"#FFFFFF","tags":{"team":"ml"},
			"data_residency":{"workspace_geo":"us","allowed_inference_geos":["us","global"],"default_inference_geo":"us"}}`, rawResult{Status: 200}},
		{"name missing", `{"display_color":"#FFFFFF"}`, rawResult{400, "invalid_request_error", ""}},
		{"name null", `{"name":null}`, rawResult{400, "invalid_request_error", ""}},
		{"name empty", `{"name":"  "}`, rawResult{400, "invalid_request_error", ""}},
		{"name not a string", `{"name":7}`, rawResult{400, "invalid_request_error", ""}},
		{"unknown field", `{"name":"new","colour":"red"}`, rawResult{400, "invalid_request_error", ""}},
		{"malformed JSON", `{"name":`, rawResult{400, "invalid_request_error", ""}},
		{"no body", ``, rawResult{400, "invalid_request_error", ""}},
		{"bad colour", `{"name":"new","display_color":"purple"}`, rawResult{400, "invalid_request_error", ""}},
		{"reserved tag key", `{"name":"new","tags":{"anthropic_team":"x"}}`, rawResult{400, "invalid_request_error", ""}},
		{"geo not us", `{"name":"new","data_residency":{"workspace_geo":"eu"}}`, rawResult{400, "invalid_request_error", ""}},
		{"default geo not allowed", `{"name":"new","data_residency":{"allowed_inference_geos":["us"]}}`, rawResult{400, "invalid_request_error", ""}},
		{"user profile unknown", `{"name":"new","user_profile_id":"uprof_1"}`, rawResult{400, "invalid_request_error", "user_profile_not_found"}},
		{"external key unknown", `{"name":"new","external_key_id":"ekey_1"}`, rawResult{400, "invalid_request_error", ""}},
		{"body over 1 MiB", `{"name":"` + strings.Repeat("x", 1<<20) + `"}`, rawResult{413, "request_too_large", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hs := startServer(t, fixture(t), sandbox.Options{})
			res := doRaw(t, hs, http.MethodPost, "/v1/organizations/workspaces", tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			wantCount := 4
			if tt.want.Status == 200 {
				wantCount = 5
			}
			if got := len(srv.Snapshot().Workspaces); got != wantCount {
				t.Errorf("workspaces = %d, want %d", got, wantCount)
			}
		})
	}
}

func TestWorkspaceLimitCountsActiveOnly(t *testing.T) {
	st := fixture(t)
	created := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	// The fixture has two active workspaces besides the default one.
	for i := range 98 {
		st.Workspaces = append(st.Workspaces, sandbox.Workspace{
			ID: fmt.Sprintf("wrkspc_x%03d", i), Name: "filler", DisplayColor: "#000000", CreatedAt: created,
		})
	}
	srv, hs := startServer(t, st, sandbox.Options{})
	client := newClient(hs, testKey)
	ctx := context.Background()

	_, err := client.Organization.Workspaces.New(ctx, anthropic.OrganizationWorkspaceNewParams{Name: "one too many"})
	if diff := cmp.Diff(apiError{400, "invalid_request_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("create at the limit (-want +got):\n%s", diff)
	}
	if _, err := client.Organization.Workspaces.Archive(ctx, "wrkspc_x000"); err != nil {
		t.Fatalf("Workspaces.Archive: %v", err)
	}
	if _, err := client.Organization.Workspaces.New(ctx, anthropic.OrganizationWorkspaceNewParams{Name: "fits again"}); err != nil {
		t.Errorf("create after an archive: %v", err)
	}
	if got := len(srv.Snapshot().Workspaces); got != 103 {
		t.Errorf("workspaces = %d, want 103", got)
	}
}

func TestWorkspaceUpdateRules(t *testing.T) {
	tests := []struct {
		name string
		id   string
		body string
		want rawResult
	}{
		{"rename", "wrkspc_01", `{"name":"science"}`, rawResult{Status: 200}},
		{"recolour", "wrkspc_01", `{"display_color":"#010203"}`, rawResult{Status: 200}},
		{"default keeps its name", "wrkspc_00", `{"name":"Default","display_color":"#010203"}`, rawResult{Status: 200}},
		{"default cannot be renamed", "wrkspc_00", `{"name":"main"}`, rawResult{400, "invalid_request_error", ""}},
		{"archived cannot change", "wrkspc_02", `{"name":"x"}`, rawResult{400, "invalid_request_error", ""}},
		{"empty name", "wrkspc_01", `{"name":""}`, rawResult{400, "invalid_request_error", ""}},
		{"workspace_geo is immutable", "wrkspc_01", `{"data_residency":{"workspace_geo":"us"}}`, rawResult{400, "invalid_request_error", ""}},
		{"unknown workspace", "wrkspc_99", `{"name":"x"}`, rawResult{404, "not_found_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hs := startServer(t, fixture(t), sandbox.Options{})
			before := findWorkspace(srv.Snapshot(), tt.id)
			res := doRaw(t, hs, http.MethodPost, "/v1/organizations/workspaces/"+tt.id, tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			after := findWorkspace(srv.Snapshot(), tt.id)
			if tt.want.Status != 200 && !cmp.Equal(before, after) {
				t.Errorf("rejected update changed the workspace (-before +after):\n%s", cmp.Diff(before, after))
			}
		})
	}
}

func TestWorkspaceUpdateChangesOnlySentFields(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	ws, err := client.Organization.Workspaces.Update(context.Background(), "wrkspc_03", anthropic.OrganizationWorkspaceUpdateParams{
		DisplayColor: anthropic.String("#010203"),
	})
	if err != nil {
		t.Fatalf("Workspaces.Update: %v", err)
	}
	want := findWorkspace(fixture(t), "wrkspc_03")
	want.DisplayColor = "#010203"
	if diff := cmp.Diff(want, findWorkspace(srv.Snapshot(), "wrkspc_03")); diff != "" {
		t.Errorf("stored workspace (-want +got):\n%s", diff)
	}
	if ws.Name != "research" || ws.DisplayColor != "#010203" {
		t.Errorf("response name %q colour %q, want research #010203", ws.Name, ws.DisplayColor)
	}
}

func TestWorkspaceArchive(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	srv.AdvanceClock(time.Hour)
	ws, err := client.Organization.Workspaces.Archive(ctx, "wrkspc_01")
	if err != nil {
		t.Fatalf("Workspaces.Archive: %v", err)
	}
	if !ws.ArchivedAt.Equal(fixtureNow.Add(time.Hour)) {
		t.Errorf("archived_at = %v, want %v", ws.ArchivedAt, fixtureNow.Add(time.Hour))
	}
	if got := findWorkspace(srv.Snapshot(), "wrkspc_01").Members; len(got) != 1 {
		t.Errorf("members after archive = %v, want the one explicit member kept", got)
	}

	tests := []struct {
		name string
		id   string
		want apiError
	}{
		{"archived twice", "wrkspc_01", apiError{400, "invalid_request_error", ""}},
		{"default", "wrkspc_00", apiError{400, "invalid_request_error", ""}},
		{"unknown", "wrkspc_99", apiError{404, "not_found_error", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.Organization.Workspaces.Archive(ctx, tt.id)
			if diff := cmp.Diff(tt.want, asAPIError(t, err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWorkspaceGetDefaultAndArchived(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	for _, id := range []string{"wrkspc_00", "wrkspc_02"} {
		if _, err := client.Organization.Workspaces.Get(ctx, id); err != nil {
			t.Errorf("Workspaces.Get(%s): %v", id, err)
		}
	}
	_, err := client.Organization.Workspaces.Get(ctx, "wrkspc_99")
	if diff := cmp.Diff(apiError{404, "not_found_error", ""}, asAPIError(t, err)); diff != "" {
		t.Errorf("unknown workspace (-want +got):\n%s", diff)
	}
}

func findWorkspace(st *sandbox.State, id string) sandbox.Workspace {
	for _, ws := range st.Workspaces {
		if ws.ID == id {
			return ws
		}
	}
	return sandbox.Workspace{}
}
