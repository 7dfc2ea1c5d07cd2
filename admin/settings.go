package admin

import (
	"context"

	"github.com/orgsync/orgsync/live"
)

// SettingsSelection says which organisation settings ReadState reads.
type SettingsSelection struct {
	Compliance    bool
	OrgRateLimits bool
	APIKeys       bool
	SpendLimits   bool
	RBACGroups    bool
	// WorkspaceRateLimits selects the workspaces whose rate limits are read.
	WorkspaceRateLimits func(live.Workspace) bool
}

// readSettings reads the settings ro selects into st.
func (c *Client) readSettings(ctx context.Context, st *live.State, sel SettingsSelection) error {
	return nil
}
