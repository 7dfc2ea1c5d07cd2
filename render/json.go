package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
)

// FormatVersion is the version of the JSON format that JSON and JSONApply
// write, documented in docs/json-format.md. It changes only when a field
// is removed or changes meaning; new fields may appear in any version.
const FormatVersion = 1

// JSON writes a plan as one JSON object, documented in
// docs/json-format.md.
func JSON(w io.Writer, p *plan.Plan, opts Options) error {
	doc := jsonPlanDocument{
		FormatVersion:   FormatVersion,
		Command:         "plan",
		PlanFingerprint: Fingerprint(p),
		Plan:            newJSONPlan(opts.viewPlan(p)),
	}
	return writeJSON(w, doc)
}

// ApplyRun is the outcome of an apply run, for JSONApply.
type ApplyRun struct {
	// Plan is the plan that was applied or refused.
	Plan *plan.Plan
	// Report is nil when nothing was sent, because the plan was blocked,
	// had nothing to apply or was not confirmed.
	Report *apply.Report
	// Check is the plan read again after the apply, or nil when that read
	// did not happen.
	Check *plan.Plan
	// Err is the error the command ends with, if any.
	Err error
}

// JSONApply writes an apply run as one JSON object: the plan, the result
// of each change and the check after apply.
func JSONApply(w io.Writer, run ApplyRun, opts Options) error {
	doc := jsonApplyDocument{
		FormatVersion:   FormatVersion,
		Command:         "apply",
		PlanFingerprint: Fingerprint(run.Plan),
		Plan:            newJSONPlan(opts.viewPlan(run.Plan)),
		Results:         []jsonResult{},
		Check:           jsonCheck{Performed: run.Check != nil},
		Error:           opts.errorText(run.Err),
	}
	if run.Report != nil {
		report := opts.viewReport(run.Report)
		for _, res := range report.Results {
			doc.Results = append(doc.Results, newJSONResult(res, opts))
		}
		doc.Counts = jsonCounts{
			Applied: report.Count(apply.Applied),
			Failed:  report.Count(apply.Failed),
			Skipped: report.Count(apply.Skipped),
		}
	}
	if run.Check != nil {
		check := newJSONPlan(opts.viewPlan(run.Check))
		doc.Check.Matches = !run.Check.Pending()
		doc.Check.Plan = &check
	}
	return writeJSON(w, doc)
}

// Fingerprint returns "sha256:" and the hex SHA-256 of the plan's
// canonical JSON: the compact encoding of the "plan" object of the JSON
// view, with addresses unmasked. The same plan always has the same
// fingerprint, so an audit record can be matched with a reviewed plan.
func Fingerprint(p *plan.Plan) string {
	var b bytes.Buffer
	if err := encodeJSON(&b, newJSONPlan(p), ""); err != nil {
		// The plan object holds only strings, numbers, booleans and
		// slices of them, which always encode.
		panic(fmt.Sprintf("encode plan: %v", err))
	}
	sum := sha256.Sum256(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func writeJSON(w io.Writer, v any) error {
	if err := encodeJSON(w, v, "  "); err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	return nil
}

// encodeJSON writes v and a newline, indented when indent is set, and
// leaves <, > and & unescaped so that descriptions stay readable.
func encodeJSON(w io.Writer, v any, indent string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	return enc.Encode(v)
}

type jsonPlanDocument struct {
	FormatVersion   int      `json:"format_version"`
	Command         string   `json:"command"`
	PlanFingerprint string   `json:"plan_fingerprint"`
	Plan            jsonPlan `json:"plan"`
}

type jsonApplyDocument struct {
	FormatVersion   int          `json:"format_version"`
	Command         string       `json:"command"`
	PlanFingerprint string       `json:"plan_fingerprint"`
	Plan            jsonPlan     `json:"plan"`
	Results         []jsonResult `json:"results"`
	Counts          jsonCounts   `json:"counts"`
	Check           jsonCheck    `json:"check_after_apply"`
	Error           string       `json:"error"`
}

type jsonPlan struct {
	Organization jsonOrganization `json:"organization"`
	Source       jsonSource       `json:"source"`
	Prune        bool             `json:"prune"`
	Summary      jsonSummary      `json:"summary"`
	Changes      []jsonChange     `json:"changes"`
	Notes        []jsonNote       `json:"notes"`
	Unmanaged    []jsonUnmanaged  `json:"unmanaged"`
	Blocked      []jsonBlock      `json:"blocked"`
	Warnings     []jsonWarning    `json:"warnings"`
	Ignored      jsonIgnored      `json:"ignored"`
}

type jsonWarning struct {
	Code        string `json:"code"`
	Email       string `json:"email"`
	Workspace   string `json:"workspace"`
	Target      string `json:"target"`
	LimitType   string `json:"limit_type"`
	Value       int64  `json:"value"`
	Limit       int64  `json:"limit"`
	Description string `json:"description"`
}

type jsonIgnored struct {
	People     int `json:"people"`
	Invites    int `json:"invites"`
	Members    int `json:"members"`
	Workspaces int `json:"workspaces"`
}

type jsonOrganization struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jsonSource struct {
	Path       string `json:"path"`
	Repository string `json:"repository"`
	Ref        string `json:"ref"`
	Commit     string `json:"commit"`
}

type jsonSummary struct {
	Create  int    `json:"create"`
	Update  int    `json:"update"`
	Replace int    `json:"replace"`
	Delete  int    `json:"delete"`
	Manual  int    `json:"manual"`
	Wait    int    `json:"wait"`
	Pending bool   `json:"pending"`
	Blocked bool   `json:"blocked"`
	Text    string `json:"text"`
}

type jsonChange struct {
	Kind        string      `json:"kind"`
	Action      string      `json:"action"`
	Reason      string      `json:"reason"`
	Email       string      `json:"email"`
	Workspace   string      `json:"workspace"`
	WorkspaceID string      `json:"workspace_id"`
	UserID      string      `json:"user_id"`
	InviteID    string      `json:"invite_id"`
	Target      string      `json:"target"`
	TargetID    string      `json:"target_id"`
	RBACGroups  []string    `json:"rbac_groups"`
	Sent        bool        `json:"sent"`
	Description string      `json:"description"`
	Fields      []jsonField `json:"fields"`
	Effects     []string    `json:"effects"`
}

type jsonField struct {
	Name   string `json:"name"`
	Before string `json:"before"`
	After  string `json:"after"`
}

type jsonNote struct {
	Code      string `json:"code"`
	Email     string `json:"email"`
	InviteID  string `json:"invite_id"`
	Role      string `json:"role"`
	ExpiresAt string `json:"expires_at"`
	Target    string `json:"target"`
	TargetID  string `json:"target_id"`
}

type jsonUnmanaged struct {
	Kind        string `json:"kind"`
	Email       string `json:"email"`
	Workspace   string `json:"workspace"`
	ID          string `json:"id"`
	Role        string `json:"role"`
	Invite      bool   `json:"invite"`
	Target      string `json:"target"`
	CreatedAt   string `json:"created_at"`
	Description string `json:"description"`
}

type jsonBlock struct {
	Rule        string `json:"rule"`
	Kind        string `json:"kind"`
	Workspace   string `json:"workspace"`
	Email       string `json:"email"`
	Removals    int    `json:"removals"`
	Total       int    `json:"total"`
	Limit       int    `json:"limit"`
	Override    string `json:"override"`
	Description string `json:"description"`
}

type jsonResult struct {
	Change     jsonChange `json:"change"`
	Status     string     `json:"status"`
	SkipReason string     `json:"skip_reason"`
	Error      string     `json:"error"`
	HTTPStatus int        `json:"http_status"`
	RequestID  string     `json:"request_id"`
	CreatedID  string     `json:"created_id"`
	DurationMS float64    `json:"duration_ms"`
}

type jsonCounts struct {
	Applied int `json:"applied"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

type jsonCheck struct {
	Performed bool      `json:"performed"`
	Matches   bool      `json:"matches"`
	Plan      *jsonPlan `json:"plan"`
}

// newJSONPlan converts a plan; every slice is non-nil so that arrays are
// never null.
func newJSONPlan(p *plan.Plan) jsonPlan {
	n := p.Counts()
	out := jsonPlan{
		Organization: jsonOrganization{ID: p.Organization.ID, Name: p.Organization.Name},
		Source:       jsonSource(p.Source),
		Prune:        p.Prune,
		Summary: jsonSummary{
			Create: n.Create, Update: n.Update, Replace: n.Replace, Delete: n.Delete,
			Manual: n.Manual, Wait: n.Wait, Pending: p.Pending(), Blocked: len(p.Blocked) > 0,
			Text: Summary(p),
		},
		Changes:   make([]jsonChange, 0, len(p.Changes)),
		Notes:     make([]jsonNote, 0, len(p.Notes)),
		Unmanaged: make([]jsonUnmanaged, 0, len(p.Unmanaged)),
		Blocked:   make([]jsonBlock, 0, len(p.Blocked)),
		Warnings:  make([]jsonWarning, 0, len(p.Warnings)),
		Ignored:   jsonIgnored(p.Ignored),
	}
	for _, w := range p.Warnings {
		out.Warnings = append(out.Warnings, jsonWarning{Code: string(w.Code), Email: w.Email, Workspace: w.Workspace, Target: w.Target,
			LimitType: w.LimitType, Value: w.Value, Limit: w.Limit, Description: DescribeWarning(w)})
	}
	for _, c := range p.Changes {
		out.Changes = append(out.Changes, newJSONChange(c))
	}
	for _, nt := range p.Notes {
		out.Notes = append(out.Notes, jsonNote{Code: string(nt.Code), Email: nt.Email, InviteID: nt.InviteID,
			Role: nt.Role, ExpiresAt: jsonTime(nt.ExpiresAt), Target: nt.Target, TargetID: nt.TargetID})
	}
	for _, u := range p.Unmanaged {
		out.Unmanaged = append(out.Unmanaged, jsonUnmanaged{Kind: string(u.Kind), Email: u.Email, Workspace: u.Workspace,
			ID: u.ID, Role: u.Role, Invite: u.Invite, Target: u.Target, CreatedAt: jsonTime(u.CreatedAt), Description: describeUnmanaged(u)})
	}
	for _, bl := range p.Blocked {
		out.Blocked = append(out.Blocked, jsonBlock{Rule: string(bl.Rule), Kind: string(bl.Kind), Workspace: bl.Workspace,
			Email: bl.Email, Removals: bl.Removals, Total: bl.Total, Limit: bl.Limit, Override: bl.Override, Description: DescribeBlock(bl)})
	}
	return out
}

func newJSONChange(c plan.Change) jsonChange {
	out := jsonChange{
		Kind: string(c.Kind), Action: string(c.Action), Reason: string(c.Reason), Email: c.Email,
		Workspace: c.Workspace, WorkspaceID: c.WorkspaceID, UserID: c.UserID, InviteID: c.InviteID,
		Target: c.Target, TargetID: c.TargetID, RBACGroups: groupNames(c.RBACGroups),
		Sent: c.Sent(), Description: Describe(c),
		Fields:  make([]jsonField, 0, len(c.Fields)),
		Effects: []string{},
	}
	for _, f := range c.Fields {
		out.Fields = append(out.Fields, jsonField(f))
	}
	for _, e := range c.Effects() {
		out.Effects = append(out.Effects, string(e))
	}
	return out
}

func newJSONResult(res apply.Result, opts Options) jsonResult {
	return jsonResult{
		Change:     newJSONChange(res.Change),
		Status:     string(res.Status),
		SkipReason: opts.text(res.SkipReason),
		Error:      opts.errorText(res.Err),
		HTTPStatus: res.HTTPStatus,
		RequestID:  res.RequestID,
		CreatedID:  res.CreatedID,
		DurationMS: float64(res.Duration.Microseconds()) / 1000,
	}
}

// jsonTime formats t in RFC 3339 in UTC, or "" for the zero time.
func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// groupNames returns the names of RBAC groups, never nil.
func groupNames(groups []plan.GroupRef) []string {
	names := make([]string, 0, len(groups))
	for _, g := range groups {
		names = append(names, g.Name)
	}
	return names
}
