package admin_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/sandbox"
)

// barrierTransport holds the first page requests of the users, invites
// and workspaces lists until all three are in flight, so a read that
// sends them one after another never gets past the first.
type barrierTransport struct {
	mu      sync.Mutex
	arrived map[string]bool
	all     chan struct{}
}

// topLevelLists are the paths of the lists ReadState reads at once.
var topLevelLists = []string{"/v1/organizations/users", "/v1/organizations/invites", "/v1/organizations/workspaces"}

func (tr *barrierTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if isTopLevelList(req.URL.Path) {
		tr.mu.Lock()
		tr.arrived[req.URL.Path] = true
		if len(tr.arrived) == len(topLevelLists) {
			select {
			case <-tr.all:
			default:
				close(tr.all)
			}
		}
		tr.mu.Unlock()
		select {
		case <-tr.all:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	return http.DefaultTransport.RoundTrip(req)
}

func isTopLevelList(path string) bool {
	for _, p := range topLevelLists {
		if path == p {
			return true
		}
	}
	return false
}

func TestReadStateReadsListsAtOnce(t *testing.T) {
	st := generateState(t, orgShape{users: 7, invites: 5, workspaces: 4, membersPerWorkspace: 3})
	_, url := startSandbox(t, st, sandbox.Options{})
	transport := &barrierTransport{arrived: map[string]bool{}, all: make(chan struct{})}
	c := admin.New(admin.Options{
		BaseURL: url, APIKey: testKey, MaxRetries: 0, PageSize: 2, Concurrency: 3,
		HTTPClient: &http.Client{Transport: transport},
	})
	// The deadline only stops a read that never sends the three lists
	// together; a correct read passes the barrier at once.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	got, err := c.ReadState(ctx, admin.ReadOptions{MemberWorkspaces: readAll})
	if err != nil {
		t.Fatalf("ReadState: %v (users, invites and workspaces were not read at the same time)", err)
	}
	if diff := cmp.Diff(expectedState(st), got, anyOrder); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
}

func TestReadStateFailedListCancelsOthers(t *testing.T) {
	st := generateState(t, orgShape{users: 7, invites: 5, workspaces: 4, membersPerWorkspace: 3})
	srv, url := startSandbox(t, st, sandbox.Options{})
	srv.AddFault(sandbox.Fault{Method: "GET", Path: "/v1/organizations/invites", Status: 500})
	c := admin.New(admin.Options{BaseURL: url, APIKey: testKey, MaxRetries: 0, PageSize: 2})

	got, err := c.ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: readAll})
	if got != nil {
		t.Errorf("ReadState returned a state with error %v", err)
	}
	if want := "live state incomplete: invites page 1: "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want prefix %q: the failed list, not a cancelled one", err, want)
	}
}
