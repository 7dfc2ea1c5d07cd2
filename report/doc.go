// Package report aggregates usage and cost reports of the Admin API and
// renders them as a terminal table, CSV, JSON, Markdown and a
// self-contained HTML page with SVG charts.
//
// # Endpoints
//
// Rows come from the beta Usage and Cost Analytics endpoints, GET
// /v1/organizations/analytics/usage and /cost (Beta.Organization.Analytics
// in anthropic-sdk-go v2.17.0), read by admin.Client.ReadReport. The API
// documentation calls the older GET /v1/organizations/usage_report/messages
// and /cost_report "legacy" and recommends the analytics endpoints for new
// integrations. Only the analytics endpoints break spend out by the
// identity it is attributed to (group_by actor), which the person grouping
// needs, and only they give cost per API key and per model: the legacy cost
// report groups by workspace and description alone. The analytics
// endpoints are not available to organisations with HIPAA readiness
// enabled, which get 400.
//
// Every read asks for daily buckets (time_bucket_width=1d), so that each
// grouping also yields spend over time. A range may span at most 31 days,
// so longer periods are read as several windows (Period.Windows). Starts
// before 2026-01-01 or more than 365 days ago are rejected by the API, and
// Period.Check rejects them first.
//
// # Aggregation
//
// Build adds rows up per value of a Dimension and per UTC day. A Directory
// names IDs from the live organisation and its API keys, and, joined with
// a spec, flags workspaces and people the spec does not declare and API
// keys whose creator is no longer a member. Cost is added up exactly in
// Money, millionths of a cent.
package report
