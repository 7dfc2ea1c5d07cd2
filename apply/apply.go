package apply

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
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
	// SkipReason is why a change was skipped.
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
	r := runner{ctx: ctx, client: client, opts: opts, createdWorkspaces: map[string]string{}, failedWorkspaces: map[string]bool{},
		createdGroups: map[string]string{}, failedGroups: map[string]bool{}}
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
	// createdGroups and failedGroups do the same for RBAC groups.
	createdGroups map[string]string
	failedGroups  map[string]bool
}

func (r *runner) execute(c plan.Change) Result {
	res := Result{Change: c}
	var skip string
	c, skip = r.resolve(c)
	if skip != "" {
		res.Status, res.SkipReason = Skipped, skip
		return res
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
		if c.Kind == plan.KindRBACGroup && c.Action == plan.Create {
			r.failedGroups[c.Target] = true
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

// resolve fills in the ids of workspaces and RBAC groups this run
// created, and returns why the change must be skipped when one of them
// failed.
func (r *runner) resolve(c plan.Change) (plan.Change, string) {
	if c.Kind != plan.KindWorkspace && c.Workspace != "" && c.WorkspaceID == "" {
		id, ok := r.createdWorkspaces[c.Workspace]
		switch {
		case r.failedWorkspaces[c.Workspace]:
			return c, fmt.Sprintf("workspace %q was not created", c.Workspace)
		case !ok && !r.opts.DryRun:
			return c, fmt.Sprintf("workspace %q has no id", c.Workspace)
		}
		c.WorkspaceID = id
	}
	if c.Kind == plan.KindRBACMember && c.TargetID == "" {
		id, ok := r.createdGroups[c.Target]
		switch {
		case r.failedGroups[c.Target]:
			return c, fmt.Sprintf("RBAC group %q was not created", c.Target)
		case !ok && !r.opts.DryRun:
			return c, fmt.Sprintf("RBAC group %q has no id", c.Target)
		}
		c.TargetID = id
	}
	if len(c.RBACGroups) > 0 {
		groups := make([]plan.GroupRef, len(c.RBACGroups))
		for i, g := range c.RBACGroups {
			if g.ID == "" {
				g.ID = r.createdGroups[g.Name]
			}
			groups[i] = g
		}
		c.RBACGroups = groups
	}
	return c, ""
}

// send makes the API calls of one change and returns the receipt of the
// last call and the id of anything created.
func (r *runner) send(c plan.Change) (Receipt, string, error) {
	switch c.Kind {
	case plan.KindWorkspace:
		return r.sendWorkspace(c)
	case plan.KindPerson:
		return r.sendPerson(c)
	case plan.KindMember:
		return r.sendMember(c)
	}
	return r.sendSetting(c)
}

func after(c plan.Change, name string) string {
	f, _ := c.Field(name)
	return f.After
}

// workspaceSpec collects the fields a workspace change sets.
func workspaceSpec(c plan.Change) WorkspaceSpec {
	w := WorkspaceSpec{Name: after(c, "name"), DisplayColor: after(c, "display_color"), Tags: c.Tags,
		WorkspaceGeo: after(c, "workspace_geo"), DefaultInferenceGeo: after(c, "default_inference_geo")}
	if geos := after(c, "allowed_inference_geos"); geos != "" {
		w.AllowedInferenceGeos = strings.Split(geos, ", ")
	}
	return w
}

func (r *runner) sendWorkspace(c plan.Change) (Receipt, string, error) {
	switch c.Action {
	case plan.Create:
		w, receipt, err := r.client.CreateWorkspace(r.ctx, workspaceSpec(c))
		if err == nil {
			r.createdWorkspaces[c.Workspace] = w.ID
		}
		return receipt, w.ID, err
	case plan.Delete:
		receipt, err := r.client.ArchiveWorkspace(r.ctx, c.WorkspaceID)
		return receipt, "", err
	}
	receipt, err := r.client.UpdateWorkspace(r.ctx, c.WorkspaceID, workspaceSpec(c))
	return receipt, "", err
}

func (r *runner) sendPerson(c plan.Change) (Receipt, string, error) {
	var groups []string
	for _, g := range c.RBACGroups {
		if g.ID != "" {
			groups = append(groups, g.ID)
		}
	}
	switch c.Action {
	case plan.Create:
		inv, receipt, err := r.client.CreateInvite(r.ctx, c.Email, after(c, "role"), groups)
		return receipt, inv.ID, err
	case plan.Replace:
		if receipt, err := r.client.DeleteInvite(r.ctx, c.InviteID); err != nil {
			return receipt, "", err
		}
		inv, receipt, err := r.client.CreateInvite(r.ctx, c.Email, after(c, "role"), groups)
		return receipt, inv.ID, err
	case plan.Update:
		receipt, err := r.client.UpdateUserRole(r.ctx, c.UserID, after(c, "role"))
		return receipt, "", err
	case plan.Delete:
		if c.UserID == "" {
			receipt, err := r.client.DeleteInvite(r.ctx, c.InviteID)
			return receipt, "", err
		}
		receipt, err := r.client.RemoveUser(r.ctx, c.UserID)
		return receipt, "", err
	}
	return Receipt{}, "", fmt.Errorf("%s %s: no API call for this change", c.Action, c.Kind)
}

func (r *runner) sendMember(c plan.Change) (Receipt, string, error) {
	var receipt Receipt
	var err error
	switch c.Action {
	case plan.Create:
		receipt, err = r.client.AddWorkspaceMember(r.ctx, c.WorkspaceID, c.UserID, after(c, "workspace_role"))
	case plan.Update:
		receipt, err = r.client.UpdateWorkspaceMember(r.ctx, c.WorkspaceID, c.UserID, after(c, "workspace_role"))
	case plan.Delete:
		receipt, err = r.client.RemoveWorkspaceMember(r.ctx, c.WorkspaceID, c.UserID)
	default:
		err = fmt.Errorf("%s %s: no API call for this change", c.Action, c.Kind)
	}
	return receipt, "", err
}
