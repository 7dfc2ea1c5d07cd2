package admin

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"

	"github.com/orgsync/orgsync/live"
)

// ReadAPIKeys reads every API key of the organisation, whatever its
// status, through every page. Reports use the keys to name the API key
// IDs in their rows and to find keys whose creator has left. A failed
// page fails the read.
func (c *Client) ReadAPIKeys(ctx context.Context) ([]live.APIKey, error) {
	keys, err := readList(ctx, c, "API keys", func(ctx context.Context, afterID string) (*pagination.Page[anthropic.APIKey], error) {
		params := anthropic.OrganizationAPIKeyListParams{Limit: anthropic.Int(c.pageSize)}
		if afterID != "" {
			params.AfterID = anthropic.String(afterID)
		}
		return c.sdk.Organization.APIKeys.List(ctx, params)
	})
	if err != nil {
		return nil, err
	}
	return convertAll(keys, toAPIKey), nil
}

// toAPIKey converts a key. CreatedByUserID stays "" for keys a service
// account, a federated identity or the system created.
func toAPIKey(k anthropic.APIKey) live.APIKey {
	key := live.APIKey{ID: k.ID, Name: k.Name, Status: string(k.Status), WorkspaceID: k.Scope.WorkspaceID}
	if k.CreatedBy.Type == "user" {
		key.CreatedByUserID = k.CreatedBy.ID
	}
	return key
}
