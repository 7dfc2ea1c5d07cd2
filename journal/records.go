package journal

import (
	"github.com/orgsync/orgsync/plan"
)

// Record types, in the order a run writes them.
const (
	TypeRunStart = "run_start"
	TypeChange   = "change"
	TypeRunEnd   = "run_end"
)

// Actor is who started a run: the GitHub Actions context when present,
// else the local user name.
type Actor struct {
	GitHubActor      string `json:"github_actor"`
	GitHubRepository string `json:"github_repository"`
	GitHubWorkflow   string `json:"github_workflow"`
	GitHubRunID      string `json:"github_run_id"`
	LocalUser        string `json:"local_user"`
}

// RunStart is the first record of a run.
type RunStart struct {
	Type            string       `json:"type"`
	RunID           string       `json:"run_id"`
	Time            string       `json:"time"`
	DryRun          bool         `json:"dry_run"`
	Version         string       `json:"orgsync_version"`
	Organization    Organization `json:"organization"`
	Source          Source       `json:"source"`
	PlanFingerprint string       `json:"plan_fingerprint"`
	Prune           bool         `json:"prune"`
	// Overrides are the command-line flags that lift safety rules, as
	// typed, such as "--force" or "--max-removals=20".
	Overrides []string `json:"overrides"`
	Actor     Actor    `json:"actor"`
	Changes   int      `json:"changes"`
}

// Organization identifies the organisation a run changed.
type Organization struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Source is the provenance of the spec: its path, repository, ref and commit.
type Source struct {
	Path       string `json:"path"`
	Repository string `json:"repository"`
	Ref        string `json:"ref"`
	Commit     string `json:"commit"`
}

// Change is the record of one change, written as soon as its result is
// known.
type Change struct {
	Type        string            `json:"type"`
	RunID       string            `json:"run_id"`
	Seq         int               `json:"seq"`
	Time        string            `json:"time"`
	Action      plan.Action       `json:"action"`
	Kind        plan.Kind         `json:"kind"`
	Target      string            `json:"target"`
	Email       string            `json:"email"`
	Workspace   string            `json:"workspace"`
	WorkspaceID string            `json:"workspace_id"`
	UserID      string            `json:"user_id"`
	InviteID    string            `json:"invite_id"`
	Before      map[string]string `json:"before"`
	After       map[string]string `json:"after"`
	Effects     []plan.Effect     `json:"effects"`
	Result      string            `json:"result"`
	SkipReason  string            `json:"skip_reason"`
	Error       string            `json:"error"`
	HTTPStatus  int               `json:"http_status"`
	RequestID   string            `json:"request_id"`
	CreatedID   string            `json:"created_id"`
	DurationMS  float64           `json:"duration_ms"`
}

// Counts tallies the change records of a run by result. NotRecorded
// counts the changes of the plan that have no record, because the run
// stopped early.
type Counts struct {
	Applied     int `json:"applied"`
	Failed      int `json:"failed"`
	Skipped     int `json:"skipped"`
	DryRun      int `json:"dry_run"`
	NotRecorded int `json:"not_recorded"`
}

// RunEnd is the last record of a run.
type RunEnd struct {
	Type     string `json:"type"`
	RunID    string `json:"run_id"`
	Time     string `json:"time"`
	DryRun   bool   `json:"dry_run"`
	Counts   Counts `json:"counts"`
	ExitCode int    `json:"exit_code"`
}
