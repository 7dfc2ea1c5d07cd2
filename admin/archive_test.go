package admin_test

import (
	"context"
	"errors"
	"testing"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/sandbox"
)

func TestArchiveWorkspace(t *testing.T) {
	srv, url := startSandbox(t, generateState(t, orgShape{users: 1, workspaces: 2}), sandbox.Options{})
	client := newClient(url, 0)
	id := srv.Snapshot().Workspaces[0].ID

	if _, err := client.ArchiveWorkspace(context.Background(), id); err != nil {
		t.Fatalf("ArchiveWorkspace: %v", err)
	}
	var archived bool
	for _, w := range srv.Snapshot().Workspaces {
		if w.ID == id {
			archived = w.ArchivedAt != nil
		}
	}
	if !archived {
		t.Errorf("workspace %s is not archived in the sandbox", id)
	}

	_, err := client.ArchiveWorkspace(context.Background(), id)
	var apiErr *admin.Error
	if !errors.As(err, &apiErr) || apiErr.Status != 400 {
		t.Errorf("archiving twice: error %v, want a 400 *admin.Error", err)
	}
}
