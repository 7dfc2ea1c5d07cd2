package sandbox_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

// Full list orders of the fixture.
var (
	allUserIDs      = []string{"user_04", "user_05", "user_03", "user_02", "user_01", "user_06"}
	allInviteIDs    = []string{"invite_01", "invite_02", "invite_03"}
	allWorkspaceIDs = []string{"wrkspc_00", "wrkspc_01", "wrkspc_02", "wrkspc_03"}
	research1Member = []string{"user_01", "user_02", "user_03", "user_06"}
)

// lister walks one list of the fixture with the SDK's auto-pager and
// returns the IDs in the order received.
type lister func(ctx context.Context, c anthropic.Client, limit int64) ([]string, error)

func collect[T any](pager *pagination.PageAutoPager[T], idOf func(T) string) ([]string, error) {
	var ids []string
	for pager.Next() {
		ids = append(ids, idOf(pager.Current()))
	}
	return ids, pager.Err()
}

var listers = []struct {
	name string
	list lister
	want []string
}{
	{"users", func(ctx context.Context, c anthropic.Client, limit int64) ([]string, error) {
		return collect(c.Organization.Users.ListAutoPaging(ctx, anthropic.OrganizationUserListParams{Limit: anthropic.Int(limit)}),
			func(u anthropic.OrganizationUser) string { return u.ID })
	}, allUserIDs},
	{"invites", func(ctx context.Context, c anthropic.Client, limit int64) ([]string, error) {
		return collect(c.Organization.Invites.ListAutoPaging(ctx, anthropic.OrganizationInviteListParams{Limit: anthropic.Int(limit)}),
			func(inv anthropic.OrganizationInvite) string { return inv.ID })
	}, allInviteIDs},
	{"workspaces", func(ctx context.Context, c anthropic.Client, limit int64) ([]string, error) {
		return collect(c.Organization.Workspaces.ListAutoPaging(ctx, anthropic.OrganizationWorkspaceListParams{
			Limit: anthropic.Int(limit), IncludeArchived: anthropic.Bool(true), IncludeDefault: anthropic.Bool(true),
		}), func(ws anthropic.Workspace) string { return ws.ID })
	}, allWorkspaceIDs},
	{"members", func(ctx context.Context, c anthropic.Client, limit int64) ([]string, error) {
		return collect(c.Organization.Workspaces.Members.ListAutoPaging(ctx, "wrkspc_01", anthropic.OrganizationWorkspaceMemberListParams{Limit: anthropic.Int(limit)}),
			func(m anthropic.WorkspaceMember) string { return m.UserID })
	}, research1Member},
}

func TestPaginationWalksEveryItemOnce(t *testing.T) {
	for _, l := range listers {
		for _, limit := range []int64{1, 2, 1000} {
			t.Run(l.name+"/limit "+itoa(limit), func(t *testing.T) {
				srv, client := startFixture(t, sandbox.Options{})
				got, err := l.list(context.Background(), client, limit)
				if err != nil {
					t.Fatalf("walking the list: %v", err)
				}
				if diff := cmp.Diff(l.want, got); diff != "" {
					t.Errorf("IDs (-want +got):\n%s", diff)
				}
				// Every page but the last is full and the last has has_more
				// false, so the walk needs exactly ceil(n/limit) requests.
				wantPages := (int64(len(l.want)) + limit - 1) / limit
				if got := int64(len(srv.Requests())); got != wantPages {
					t.Errorf("requests = %d, want %d", got, wantPages)
				}
			})
		}
	}
}

func TestMaxPageItemsShortensPages(t *testing.T) {
	for _, l := range listers {
		t.Run(l.name, func(t *testing.T) {
			srv, client := startFixture(t, sandbox.Options{MaxPageItems: 2})
			got, err := l.list(context.Background(), client, 1000)
			if err != nil {
				t.Fatalf("walking the list: %v", err)
			}
			if diff := cmp.Diff(l.want, got); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
			wantPages := (len(l.want) + 1) / 2
			if got := len(srv.Requests()); got != wantPages {
				t.Errorf("requests = %d, want %d", got, wantPages)
			}
		})
	}
}

func TestFirstPageFields(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{MaxPageItems: 2})
	ctx := context.Background()
	type view struct {
		IDs             []string
		HasMore         bool
		FirstID, LastID string
	}
	tests := []struct {
		name   string
		params anthropic.OrganizationUserListParams
		want   view
	}{
		{"short page keeps has_more", anthropic.OrganizationUserListParams{Limit: anthropic.Int(5)},
			view{[]string{"user_04", "user_05"}, true, `"user_04"`, `"user_05"`}},
		{"before_id returns the preceding items", anthropic.OrganizationUserListParams{BeforeID: anthropic.String("user_01"), Limit: anthropic.Int(2)},
			view{[]string{"user_03", "user_02"}, true, `"user_03"`, `"user_02"`}},
		{"before_id at the start", anthropic.OrganizationUserListParams{BeforeID: anthropic.String("user_05")},
			view{[]string{"user_04"}, false, `"user_04"`, `"user_04"`}},
		{"after_id of the last item", anthropic.OrganizationUserListParams{AfterID: anthropic.String("user_06")},
			view{nil, false, "null", "null"}},
		{"no match", anthropic.OrganizationUserListParams{Email: anthropic.String("nobody@acme.example")},
			view{nil, false, "null", "null"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := client.Organization.Users.List(ctx, tt.params)
			if err != nil {
				t.Fatalf("Users.List: %v", err)
			}
			got := view{HasMore: p.HasMore, FirstID: p.JSON.FirstID.Raw(), LastID: p.JSON.LastID.Raw()}
			for _, u := range p.Data {
				got.IDs = append(got.IDs, u.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("page (-want +got):\n%s", diff)
			}
			if p.JSON.Data.Raw() == "null" {
				t.Error("data is null, want an array")
			}
		})
	}
}

func TestBeforeIDWalksBackwards(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	pager := client.Organization.Users.ListAutoPaging(context.Background(), anthropic.OrganizationUserListParams{
		BeforeID: anthropic.String("user_06"), Limit: anthropic.Int(2),
	})
	got, err := collect(pager, func(u anthropic.OrganizationUser) string { return u.ID })
	if err != nil {
		t.Fatalf("walking the list: %v", err)
	}
	want := []string{"user_02", "user_01", "user_05", "user_03", "user_04"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
}

func TestListRejectsBadPageParameters(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	tests := []struct {
		name string
		path string
	}{
		{"limit zero", "/v1/organizations/users?limit=0"},
		{"limit above 1000", "/v1/organizations/invites?limit=1001"},
		{"limit not a number", "/v1/organizations/workspaces?limit=ten"},
		{"unknown after_id", "/v1/organizations/users?after_id=user_99"},
		{"unknown before_id", "/v1/organizations/workspaces/wrkspc_01/members?before_id=user_99"},
		{"cursor filtered out", "/v1/organizations/workspaces?after_id=wrkspc_02"},
		{"cursor of a deleted invite", "/v1/organizations/invites?after_id=invite_04"},
		{"both cursors", "/v1/organizations/users?after_id=user_01&before_id=user_02"},
		{"unknown role filter", "/v1/organizations/users?roles[]=superuser"},
		{"deleted status filter", "/v1/organizations/invites?statuses[]=deleted"},
		{"include_archived not a boolean", "/v1/organizations/workspaces?include_archived=maybe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doRaw(t, hs, http.MethodGet, tt.path, "", map[string]string{"x-api-key": testKey})
			want := rawResult{Status: 400, ErrorType: "invalid_request_error"}
			if diff := cmp.Diff(want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListFilters(t *testing.T) {
	_, client := startFixture(t, sandbox.Options{})
	ctx := context.Background()
	userIDs := func(p anthropic.OrganizationUserListParams) ([]string, error) {
		return collect(client.Organization.Users.ListAutoPaging(ctx, p), func(u anthropic.OrganizationUser) string { return u.ID })
	}
	inviteIDs := func(p anthropic.OrganizationInviteListParams) ([]string, error) {
		return collect(client.Organization.Invites.ListAutoPaging(ctx, p), func(inv anthropic.OrganizationInvite) string { return inv.ID })
	}
	workspaceIDs := func(p anthropic.OrganizationWorkspaceListParams) ([]string, error) {
		return collect(client.Organization.Workspaces.ListAutoPaging(ctx, p), func(ws anthropic.Workspace) string { return ws.ID })
	}
	tests := []struct {
		name string
		list func() ([]string, error)
		want []string
	}{
		{"users by email ignores case", func() ([]string, error) {
			return userIDs(anthropic.OrganizationUserListParams{Email: anthropic.String("CY@acme.EXAMPLE")})
		}, []string{"user_02"}},
		{"users by roles", func() ([]string, error) {
			return userIDs(anthropic.OrganizationUserListParams{Roles: []string{"admin", "billing"}})
		}, []string{"user_03", "user_01"}},
		{"invites by default statuses", func() ([]string, error) {
			return inviteIDs(anthropic.OrganizationInviteListParams{})
		}, []string{"invite_01", "invite_02", "invite_03"}},
		{"invites expired", func() ([]string, error) {
			return inviteIDs(anthropic.OrganizationInviteListParams{Statuses: []string{"expired"}})
		}, []string{"invite_02"}},
		{"invites pending or accepted", func() ([]string, error) {
			return inviteIDs(anthropic.OrganizationInviteListParams{Statuses: []string{"pending", "accepted"}})
		}, []string{"invite_01", "invite_03"}},
		{"invites by email", func() ([]string, error) {
			return inviteIDs(anthropic.OrganizationInviteListParams{Email: anthropic.String("Bo@Acme.example")})
		}, []string{"invite_01"}},
		{"invites by role", func() ([]string, error) {
			return inviteIDs(anthropic.OrganizationInviteListParams{Roles: []string{"developer"}})
		}, []string{"invite_01", "invite_03"}},
		{"workspaces by default", func() ([]string, error) {
			return workspaceIDs(anthropic.OrganizationWorkspaceListParams{})
		}, []string{"wrkspc_01", "wrkspc_03"}},
		{"workspaces with archived", func() ([]string, error) {
			return workspaceIDs(anthropic.OrganizationWorkspaceListParams{IncludeArchived: anthropic.Bool(true)})
		}, []string{"wrkspc_01", "wrkspc_02", "wrkspc_03"}},
		{"workspaces with default", func() ([]string, error) {
			return workspaceIDs(anthropic.OrganizationWorkspaceListParams{IncludeDefault: anthropic.Bool(true)})
		}, []string{"wrkspc_00", "wrkspc_01", "wrkspc_03"}},
		{"workspaces by ids hides archived", func() ([]string, error) {
			return workspaceIDs(anthropic.OrganizationWorkspaceListParams{IDs: []string{"wrkspc_02", "wrkspc_03"}})
		}, []string{"wrkspc_03"}},
		{"workspaces by ids with archived", func() ([]string, error) {
			return workspaceIDs(anthropic.OrganizationWorkspaceListParams{IDs: []string{"wrkspc_02", "wrkspc_03"}, IncludeArchived: anthropic.Bool(true)})
		}, []string{"wrkspc_02", "wrkspc_03"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.list()
			if err != nil {
				t.Fatalf("listing: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}
}
