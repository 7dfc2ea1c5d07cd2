package admin

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/orgsync/orgsync/apply"
)

// ArchiveWorkspace archives a workspace. The API has no unarchive, so this
// cannot be undone.
func (c *Client) ArchiveWorkspace(ctx context.Context, id string) (apply.Receipt, error) {
	return c.write(ctx, "archive workspace", []any{"workspace_id", id}, func(ctx context.Context, opt option.RequestOption) error {
		_, err := c.sdk.Organization.Workspaces.Archive(ctx, id, opt)
		return err
	})
}
