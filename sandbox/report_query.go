package sandbox

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Rules of the usage and cost analytics endpoints (anthropic-sdk-go
// v2.17.0, BetaOrganizationAnalyticsUsageListParams).
const (
	reportMaxRange       = 31 * 24 * time.Hour
	reportMaxMinuteRange = 24 * time.Hour
	reportMaxAge         = 365 * 24 * time.Hour
	reportMaxGroupBy     = 5
)

// reportEarliest is the earliest starting_at the endpoints accept.
var reportEarliest = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// usageGroupBy lists the group_by values of the usage endpoint; the cost
// endpoint also takes costGroupBy.
var (
	usageGroupBy = []string{"actor", "actor_type", "agent_id", "api_key_id", "claude_tag_category",
		"claude_tag_user_id", "context_window", "deployment_id", "environment_id", "inference_geo", "model",
		"organization_id", "product", "rbac_group_id", "service_tier", "session_id", "slack_channel_id",
		"speed", "user_profile_id", "workspace_id"}
	costGroupBy = []string{"cost_type", "token_type"}
)

// reportFilters maps the filters the sandbox applies to the dimension
// they match. The endpoints take more filters (agent_ids, speeds, ...);
// the sandbox rejects those with 400 rather than ignore them.
var reportFilters = map[string]string{
	"workspace_ids": "workspace_id",
	"api_key_ids":   "api_key_id",
	"models":        "model",
	"actor_ids":     "actor_id",
	"actor_types":   "actor_type",
	"products":      "product",
}

// reportQuery is a parsed usage or cost report request.
type reportQuery struct {
	cost     bool
	from, to time.Time
	// width is the time bucket width, or 0 for one bucket over the range.
	width   time.Duration
	groupBy []string
	filters map[string][]string
	orderBy string
	asc     bool
	limit   int
	page    string
	// excludeDeleted drops rows of deleted user actors.
	excludeDeleted bool
}

// parseReportQuery checks the parameters of a report request at the
// business time now, as the endpoints do.
func parseReportQuery(q url.Values, cost bool, now time.Time) (*reportQuery, error) {
	rq := &reportQuery{cost: cost, filters: map[string][]string{}, limit: defaultPageLimit}
	if err := checkReportParams(q); err != nil {
		return nil, err
	}
	if err := rq.parseRange(q, now); err != nil {
		return nil, err
	}
	if err := rq.parseGroupBy(q); err != nil {
		return nil, err
	}
	if err := rq.parseOrder(q); err != nil {
		return nil, err
	}
	if text := q.Get("limit"); text != "" {
		limit, err := strconv.Atoi(text)
		if err != nil || limit < 1 || limit > maxPageLimit {
			return nil, invalidRequest("limit %q is invalid: use a whole number from 1 to %d", text, maxPageLimit)
		}
		rq.limit = limit
	}
	rq.page = q.Get("page")
	for name, dim := range reportFilters {
		if values := queryValues(q, name); len(values) > 0 {
			rq.filters[dim] = values
		}
	}
	exclude, err := parseBool(q, "exclude_deleted_users")
	if err != nil {
		return nil, err
	}
	if exclude && !slices.Contains(rq.groupBy, "actor") {
		return nil, invalidRequest("exclude_deleted_users requires group_by[]=actor")
	}
	rq.excludeDeleted = exclude
	return rq, nil
}

// checkReportParams rejects parameters the sandbox does not know.
func checkReportParams(q url.Values) error {
	known := []string{"starting_at", "ending_at", "time_bucket_width", "group_by", "order_by", "order",
		"limit", "page", "exclude_deleted_users"}
	for name := range q {
		base := strings.TrimSuffix(name, "[]")
		if slices.Contains(known, base) {
			continue
		}
		if _, ok := reportFilters[base]; ok {
			continue
		}
		return invalidRequest("parameter %q is not supported by the sandbox", name)
	}
	return nil
}

func (rq *reportQuery) parseRange(q url.Values, now time.Time) error {
	text := q.Get("starting_at")
	if text == "" {
		return invalidRequest("starting_at is required")
	}
	from, err := time.Parse(time.RFC3339, text)
	if err != nil {
		return invalidRequest("starting_at %q is invalid: use an RFC 3339 time with a zone", text)
	}
	from = from.UTC()
	switch width := q.Get("time_bucket_width"); width {
	case "":
	case "1d":
		rq.width = 24 * time.Hour
	case "1h":
		rq.width = time.Hour
	case "1m":
		rq.width = time.Minute
	default:
		return invalidRequest("time_bucket_width %q is invalid: use 1d, 1h or 1m", width)
	}
	if from.Before(reportEarliest) {
		return invalidRequest("starting_at %s is invalid: it must be no earlier than 2026-01-01T00:00:00Z", text)
	}
	if from.Before(now.Add(-reportMaxAge)) {
		return invalidRequest("starting_at %s is invalid: it must be within the last 365 days", text)
	}
	to := minOf(now, from.Add(reportMaxRange))
	if text := q.Get("ending_at"); text != "" {
		to, err = time.Parse(time.RFC3339, text)
		if err != nil {
			return invalidRequest("ending_at %q is invalid: use an RFC 3339 time with a zone", text)
		}
		to = to.UTC()
	} else if rq.width != 0 {
		return invalidRequest("ending_at is required when time_bucket_width is set")
	}
	if !to.After(from) {
		return invalidRequest("ending_at must be after starting_at")
	}
	if to.Sub(from) > reportMaxRange {
		return invalidRequest("the range from starting_at to ending_at spans %s: it may span at most 31 days", to.Sub(from))
	}
	if rq.width == time.Minute && to.Sub(from) > reportMaxMinuteRange {
		return invalidRequest("the range spans %s: with time_bucket_width=1m it may span at most 24 hours", to.Sub(from))
	}
	if rq.width == 0 {
		from, to = from.Truncate(time.Hour), to.Truncate(time.Hour)
	}
	rq.from, rq.to = from, to
	return nil
}

func (rq *reportQuery) parseGroupBy(q url.Values) error {
	allowed := usageGroupBy
	if rq.cost {
		allowed = slices.Concat(usageGroupBy, costGroupBy)
	}
	for _, g := range queryValues(q, "group_by") {
		if !slices.Contains(allowed, g) {
			return invalidRequest("group_by %q is invalid: use one of %s", g, strings.Join(allowed, ", "))
		}
		if slices.Contains(rq.groupBy, g) {
			return invalidRequest("group_by %q is repeated", g)
		}
		rq.groupBy = append(rq.groupBy, g)
	}
	if len(rq.groupBy) > reportMaxGroupBy {
		return invalidRequest("group_by has %d dimensions: use at most %d", len(rq.groupBy), reportMaxGroupBy)
	}
	return nil
}

func (rq *reportQuery) parseOrder(q url.Values) error {
	orders := []string{"total_tokens", "output_tokens", "requests", "time", "uncached_input_tokens"}
	if rq.cost {
		orders = []string{"amount", "list_amount", "time"}
	}
	rq.orderBy = orders[0]
	if text := q.Get("order_by"); text != "" {
		if !slices.Contains(orders, text) {
			return invalidRequest("order_by %q is invalid: use one of %s", text, strings.Join(orders, ", "))
		}
		rq.orderBy = text
	}
	switch text := q.Get("order"); text {
	case "", "desc":
	case "asc":
		rq.asc = true
	default:
		return invalidRequest("order %q is invalid: use asc or desc", text)
	}
	return nil
}

func minOf(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
