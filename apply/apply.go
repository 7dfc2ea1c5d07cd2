package apply

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/orgsync/orgsync/plan"
)

// Status is the outcome of one change.
type Status string

const (
	Applied Status = "applied"
	Failed  Status = "failed"
	// Skipped: not sent, because a change it depends on failed, the run
	// stopped early, or it is a manual step or waits on an invite.
	Skipped Status = "skipped"
	// DryRun: the change would have been sent.
	DryRun Status = "dry_run"
)

// Options controls a run.
type Options struct {
	// DryRun walks the plan without calling the API.
	DryRun bool
	// FailFast stops at the first failed change; the rest are skipped.
	// Without it, changes that do not depend on a failed one still run.
	FailFast bool
	Logger   *slog.Logger
	// Now returns the time for durations; nil means time.Now.
	Now func() time.Time
	// Recorder, when set, receives each result before the next change
	// starts, so a journal can persist it first.
	Recorder Recorder
}

// Recorder receives the result of each change as soon as it is known. An
// error from Record stops the run, because a change that cannot be
// recorded must not be followed by more changes.
type Recorder interface {
	Record(Result) error
}

// Result is the outcome of one change.
type Result struct {
	Change plan.Change
	Status Status
	// SkipReason says why a change was skipped.
	SkipReason string
	// Err is the failure of a failed change.
	Err error
	// HTTPStatus and RequestID come from the failing or final response.
	HTTPStatus int
	RequestID  string
	// CreatedID is the id of the workspace or invite the change created.
	CreatedID string
	Duration  time.Duration
}

// Report is the outcome of a run, one Result per change in plan order.
type Report struct {
	Results []Result
}

// Count returns how many results have the status.
func (r *Report) Count(s Status) int {
	n := 0
	for _, res := range r.Results {
		if res.Status == s {
			n++
		}
	}
	return n
}

// ErrBlocked means the plan breaks a safety rule and was not applied.
var ErrBlocked = errors.New("plan is blocked by a safety rule")

// Run executes the plan. It returns ErrBlocked without sending anything
// when the plan is blocked; otherwise it returns a report, with failures
// recorded per change rather than as an error.
func Run(ctx context.Context, client Client, p *plan.Plan, opts Options) (*Report, error) {
	if len(p.Blocked) > 0 {
		return nil, ErrBlocked
	}
	r := runner{ctx: ctx, client: client, opts: opts, createdWorkspaces: map[string]string{}, failedWorkspaces: map[string]bool{}}
	if r.opts.Logger == nil {
		r.opts.Logger = slog.New(slog.DiscardHandler)
	}
	if r.opts.Now == nil {
		r.opts.Now = time.Now
	}
	report := &Report{}
	stopped := ""
	for _, c := range p.Changes {
		var res Result
		switch {
		case !c.Sent():
			res = Result{Change: c, Status: Skipped, SkipReason: string(c.Reason)}
		case stopped != "":
			res = Result{Change: c, Status: Skipped, SkipReason: stopped}
		default:
			res = r.execute(c)
		}
		report.Results = append(report.Results, res)
		if opts.Recorder != nil {
			if err := opts.Recorder.Record(res); err != nil {
				return report, fmt.Errorf("record %s %s: %w", res.Change.Action, res.Change.Kind, err)
			}
		}
		if res.Status == Failed && opts.FailFast {
			stopped = "an earlier change failed and --fail-fast is set"
		}
		if stopped == "" && ctx.Err() != nil {
			stopped = "the run was cancelled"
		}
	}
	return report, nil
}

type runner struct {
	ctx    context.Context
	client Client
	opts   Options
	// createdWorkspaces maps the name of a workspace this run created to
	// its new id, for the memberships that follow.
	createdWorkspaces map[string]string
	failedWorkspaces  map[string]bool
}

func (r *runner) execute(c plan.Change) Result {
	res := Result{Change: c}
	if c.Kind == plan.KindMember && c.WorkspaceID == "" {
		id, ok := r.createdWorkspaces[c.Workspace]
		switch {
		case r.failedWorkspaces[c.Workspace]:
			res.Status, res.SkipReason = Skipped, fmt.Sprintf("workspace %q was not created", c.Workspace)
			return res
		case !ok && !r.opts.DryRun:
			res.Status, res.SkipReason = Skipped, fmt.Sprintf("workspace %q has no id", c.Workspace)
			return res
		}
		c.WorkspaceID = id
	}
	if r.opts.DryRun {
		res.Status = DryRun
		return res
	}

	start := r.opts.Now()
	receipt, createdID, err := r.send(c)
	res.Duration = r.opts.Now().Sub(start)
	res.RequestID, res.CreatedID = receipt.RequestID, createdID
	if err != nil {
		res.Status, res.Err = Failed, err
		var apiErr APIError
		if errors.As(err, &apiErr) {
			res.HTTPStatus, res.RequestID = apiErr.HTTPStatus(), apiErr.APIRequestID()
		}
		if c.Kind == plan.KindWorkspace && c.Action == plan.Create {
			r.failedWorkspaces[c.Workspace] = true
		}
		r.opts.Logger.Warn("change failed", "kind", c.Kind, "action", c.Action, "email", c.Email,
			"workspace", c.Workspace, "error", err)
		return res
	}
	res.Status = Applied
	r.opts.Logger.Debug("change applied", "kind", c.Kind, "action", c.Action, "email", c.Email,
		"workspace", c.Workspace, "request_id", res.RequestID)
	return res
}

// send makes the API calls of one change and returns the receipt of the
// last call and the id of anything created.
func (r *runner) send(c plan.Change) (Receipt, string, error) {
	ctx := r.ctx
	after := func(name string) string {
		f, _ := c.Field(name)
		return f.After
	}
	switch c.Kind {
	case plan.KindWorkspace:
		switch c.Action {
		case plan.Create:
			w, receipt, err := r.client.CreateWorkspace(ctx, c.Workspace, after("display_color"))
			if err == nil {
				r.createdWorkspaces[c.Workspace] = w.ID
			}
			return receipt, w.ID, err
		case plan.Delete:
			receipt, err := r.client.ArchiveWorkspace(ctx, c.WorkspaceID)
			return receipt, "", err
		}
		receipt, err := r.client.UpdateWorkspace(ctx, c.WorkspaceID, after("name"), after("display_color"))
		return receipt, "", err
	case plan.KindPerson:
		switch c.Action {
		case plan.Create:
			inv, receipt, err := r.client.CreateInvite(ctx, c.Email, after("role"))
			return receipt, inv.ID, err
		case plan.Replace:
			if receipt, err := r.client.DeleteInvite(ctx, c.InviteID); err != nil {
				return receipt, "", err
			}
			inv, receipt, err := r.client.CreateInvite(ctx, c.Email, after("role"))
			return receipt, inv.ID, err
		case plan.Update:
			receipt, err := r.client.UpdateUserRole(ctx, c.UserID, after("role"))
			return receipt, "", err
		case plan.Delete:
			if c.UserID == "" {
				receipt, err := r.client.DeleteInvite(ctx, c.InviteID)
				return receipt, "", err
			}
			receipt, err := r.client.RemoveUser(ctx, c.UserID)
			return receipt, "", err
		}
	case plan.KindMember:
		switch c.Action {
		case plan.Create:
			receipt, err := r.client.AddWorkspaceMember(ctx, c.WorkspaceID, c.UserID, after("workspace_role"))
			return receipt, "", err
		case plan.Update:
			receipt, err := r.client.UpdateWorkspaceMember(ctx, c.WorkspaceID, c.UserID, after("workspace_role"))
			return receipt, "", err
		case plan.Delete:
			receipt, err := r.client.RemoveWorkspaceMember(ctx, c.WorkspaceID, c.UserID)
			return receipt, "", err
		}
	}
	return Receipt{}, "", fmt.Errorf("%s %s: no API call for this change", c.Action, c.Kind)
}
