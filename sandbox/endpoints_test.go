package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

// TestEndpointsDecode calls every endpoint through the SDK and checks that
// the SDK finds every field it expects, with the right JSON type, and no
// field it does not know.
func TestEndpointsDecode(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		call func(c anthropic.Client) ([]any, error)
	}{
		{"organization get", func(c anthropic.Client) ([]any, error) {
			org, err := c.Organization.Get(ctx)
			return []any{org}, err
		}},
		{"user list", func(c anthropic.Client) ([]any, error) {
			p, err := c.Organization.Users.List(ctx, anthropic.OrganizationUserListParams{})
			return pageItems(p, err)
		}},
		{"user get", func(c anthropic.Client) ([]any, error) {
			u, err := c.Organization.Users.Get(ctx, "user_02")
			return []any{u}, err
		}},
		{"user update", func(c anthropic.Client) ([]any, error) {
			u, err := c.Organization.Users.Update(ctx, "user_02", anthropic.OrganizationUserUpdateParams{Role: "user"})
			return []any{u}, err
		}},
		{"user remove", func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.Users.Remove(ctx, "user_02")
			return []any{r}, err
		}},
		{"invite create", func(c anthropic.Client) ([]any, error) {
			inv, err := c.Organization.Invites.New(ctx, anthropic.OrganizationInviteNewParams{Email: "new@acme.example", Role: "user"})
			return []any{inv}, err
		}},
		{"invite get", func(c anthropic.Client) ([]any, error) {
			inv, err := c.Organization.Invites.Get(ctx, "invite_03")
			return []any{inv}, err
		}},
		{"invite list", func(c anthropic.Client) ([]any, error) {
			p, err := c.Organization.Invites.List(ctx, anthropic.OrganizationInviteListParams{})
			return pageItems(p, err)
		}},
		{"invite delete", func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.Invites.Delete(ctx, "invite_01")
			return []any{r}, err
		}},
		{"workspace create", func(c anthropic.Client) ([]any, error) {
			ws, err := c.Organization.Workspaces.New(ctx, anthropic.OrganizationWorkspaceNewParams{Name: "new"})
			return []any{ws}, err
		}},
		{"workspace get", func(c anthropic.Client) ([]any, error) {
			ws, err := c.Organization.Workspaces.Get(ctx, "wrkspc_03")
			return []any{ws}, err
		}},
		{"workspace update", func(c anthropic.Client) ([]any, error) {
			ws, err := c.Organization.Workspaces.Update(ctx, "wrkspc_01", anthropic.OrganizationWorkspaceUpdateParams{Name: anthropic.String("renamed")})
			return []any{ws}, err
		}},
		{"workspace list", func(c anthropic.Client) ([]any, error) {
			p, err := c.Organization.Workspaces.List(ctx, anthropic.OrganizationWorkspaceListParams{
				IncludeArchived: anthropic.Bool(true), IncludeDefault: anthropic.Bool(true),
			})
			return pageItems(p, err)
		}},
		{"workspace archive", func(c anthropic.Client) ([]any, error) {
			ws, err := c.Organization.Workspaces.Archive(ctx, "wrkspc_01")
			return []any{ws}, err
		}},
		{"member list", func(c anthropic.Client) ([]any, error) {
			p, err := c.Organization.Workspaces.Members.List(ctx, "wrkspc_01", anthropic.OrganizationWorkspaceMemberListParams{})
			return pageItems(p, err)
		}},
		{"member get", func(c anthropic.Client) ([]any, error) {
			m, err := c.Organization.Workspaces.Members.Get(ctx, "user_02", anthropic.OrganizationWorkspaceMemberGetParams{WorkspaceID: "wrkspc_01"})
			return []any{m}, err
		}},
		{"member add", func(c anthropic.Client) ([]any, error) {
			m, err := c.Organization.Workspaces.Members.Add(ctx, "wrkspc_01", anthropic.OrganizationWorkspaceMemberAddParams{UserID: "user_04", WorkspaceRole: "workspace_user"})
			return []any{m}, err
		}},
		{"member update", func(c anthropic.Client) ([]any, error) {
			m, err := c.Organization.Workspaces.Members.Update(ctx, "user_02", anthropic.OrganizationWorkspaceMemberUpdateParams{WorkspaceID: "wrkspc_01", WorkspaceRole: "workspace_admin"})
			return []any{m}, err
		}},
		{"member remove", func(c anthropic.Client) ([]any, error) {
			r, err := c.Organization.Workspaces.Members.Remove(ctx, "user_02", anthropic.OrganizationWorkspaceMemberRemoveParams{WorkspaceID: "wrkspc_01"})
			return []any{r}, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, client := startFixture(t, sandbox.Options{})
			objects, err := tt.call(client)
			if err != nil {
				t.Fatalf("request failed: %v", err)
			}
			if len(objects) == 0 {
				t.Fatal("response holds no objects")
			}
			for _, obj := range objects {
				checkDecoded(t, tt.name, obj)
			}
		})
	}
}

// pageItems returns the page itself and its items, so both are checked.
func pageItems[T any](p *pagination.Page[T], err error) ([]any, error) {
	if err != nil {
		return nil, err
	}
	objects := []any{p}
	for i := range p.Data {
		objects = append(objects, &p.Data[i])
	}
	return objects, nil
}

func TestOrganizationGet(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	org, err := client.Organization.Get(context.Background())
	if err != nil {
		t.Fatalf("Organization.Get: %v", err)
	}
	got := []string{org.ID, org.Name, string(org.Type)}
	want := []string{"3f6e2a52-3c39-4c55-9a59-3a1d7f0c2b11", "Acme", "organization"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("organization (-want +got):\n%s", diff)
	}
}

func TestWorkspaceFields(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	ws, err := client.Organization.Workspaces.Get(context.Background(), "wrkspc_03")
	if err != nil {
		t.Fatalf("Workspaces.Get: %v", err)
	}
	type view struct {
		ID, Name, Color, Geo, DefaultGeo, Compartment string
		AllowedGeos                                   []anthropic.AllowedInferenceGeo
		Tags                                          map[string]string
		Created                                       time.Time
		Archived                                      bool
		ExternalKey, UserProfile                      string
	}
	got := view{
		ID: ws.ID, Name: ws.Name, Color: ws.DisplayColor,
		Geo: string(ws.DataResidency.WorkspaceGeo), DefaultGeo: string(ws.DataResidency.DefaultInferenceGeo),
		Compartment: ws.CompartmentID, AllowedGeos: ws.DataResidency.AllowedInferenceGeos.AsGeos(),
		Tags: ws.Tags, Created: ws.CreatedAt, Archived: ws.JSON.ArchivedAt.Valid(),
		ExternalKey: ws.JSON.ExternalKeyID.Raw(), UserProfile: ws.JSON.UserProfileID.Raw(),
	}
	want := view{
		ID: "wrkspc_03", Name: "research", Color: "#ABCDEF", Geo: "us", DefaultGeo: "us",
		Compartment: "cmpt_03", AllowedGeos: []anthropic.AllowedInferenceGeo{"us"},
		Tags: map[string]string{"team": "ml"}, Created: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC),
		ExternalKey: "null", UserProfile: "null",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workspace (-want +got):\n%s", diff)
	}
}
