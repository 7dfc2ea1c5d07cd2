// Package journal writes the audit log of plan and apply runs as JSON
// Lines: one run_start record, one change record per change of the plan,
// and one run_end record, appended to a file.
//
// Each record is written and fsynced before Record returns, and apply
// calls Record before it sends the next change, so a crash loses at most
// the change in flight. Errors and skip reasons pass through
// internal/redact, so no credential enters the file.
//
// Record types and fields:
//
//	run_start: type, run_id, time, dry_run, orgsync_version, organization
//	           {id, name}, source {path, repository, ref, commit},
//	           plan_fingerprint, prune, overrides, actor {github_actor,
//	           github_repository, github_workflow, github_run_id, local_user},
//	           changes (the number of changes in the plan)
//	change:    type, run_id, seq, time, action, kind, target, email,
//	           workspace, workspace_id, user_id, invite_id, before, after,
//	           effects, result (applied, failed, skipped or dry_run),
//	           skip_reason, error, http_status, request_id, created_id,
//	           duration_ms
//	run_end:   type, run_id, time, dry_run, counts {applied, failed,
//	           skipped, dry_run, not_recorded}, exit_code
//
// Times are RFC 3339 in UTC with nanoseconds. Addresses are written in
// full even when the views mask them, because an audit must name people.
package journal
