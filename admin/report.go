package admin

import (
	"context"
	"fmt"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"

	"github.com/orgsync/orgsync/report"
)

// ReportQuery selects the rows of a usage or cost report.
type ReportQuery struct {
	// Period is the range read. Ranges longer than report.MaxWindow are
	// read as several requests.
	Period report.Period
	// GroupBy lists the endpoint's group_by dimensions, such as
	// "workspace_id" or "actor". Rows are always broken out by UTC day.
	GroupBy []string
}

// ReadReport reads every row of the usage or cost report for q from the
// beta analytics endpoints (GET /v1/organizations/analytics/usage and
// /cost), in daily buckets, following next_page to the end of each
// window. Like ReadState, it fails rather than return part of a report:
// on a request error, on has_more without a next_page, on a next_page
// that repeats, and past the maximum number of pages.
func (c *Client) ReadReport(ctx context.Context, kind report.Kind, q ReportQuery) ([]report.Row, error) {
	var rows []report.Row
	for _, window := range q.Period.Windows(report.MaxWindow) {
		var (
			got []report.Row
			err error
		)
		if kind == report.Cost {
			got, err = readReportPages(ctx, c, "cost report", window, func(ctx context.Context, page string) (*pagination.ReportPageCursor[anthropic.BetaAnalyticsCostItem], error) {
				return c.sdk.Beta.Organization.Analytics.Cost.List(ctx, costParams(window, q.GroupBy, c.pageSize, page))
			}, costRow)
		} else {
			got, err = readReportPages(ctx, c, "usage report", window, func(ctx context.Context, page string) (*pagination.ReportPageCursor[anthropic.BetaAnalyticsUsageItem], error) {
				return c.sdk.Beta.Organization.Analytics.Usage.List(ctx, usageParams(window, q.GroupBy, c.pageSize, page))
			}, usageRow)
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, got...)
	}
	return rows, nil
}

// readReportPages reads every page of one window of a report.
func readReportPages[T any](ctx context.Context, c *Client, name string, window report.Period,
	fetch func(context.Context, string) (*pagination.ReportPageCursor[T], error), convert func(T) (report.Row, error)) ([]report.Row, error) {
	ctx = withCallDeadline(ctx)
	list := fmt.Sprintf("%s from %s to %s", name, window.From.Format("2006-01-02T15:04Z"), window.To.Format("2006-01-02T15:04Z"))
	var rows []report.Row
	next := ""
	for page := 1; ; page++ {
		op := fmt.Sprintf("%s page %d", list, page)
		res, err := fetch(ctx, next)
		if err != nil {
			return nil, wrapError(op, err)
		}
		c.logger.DebugContext(ctx, "report page read", "report", name, "from", window.From, "to", window.To, "page", page, "rows", len(res.Data))
		for _, item := range res.Data {
			row, err := convert(item)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", op, err)
			}
			rows = append(rows, row)
		}
		if !res.HasMore {
			return rows, nil
		}
		switch {
		case res.NextPage == "":
			return nil, fmt.Errorf("%s: has_more is true but next_page is empty", op)
		case res.NextPage == next:
			return nil, fmt.Errorf("%s: next_page repeats the previous page's cursor", op)
		case page >= c.maxPages:
			return nil, fmt.Errorf("%s: has_more is true after the maximum of %d pages", op, c.maxPages)
		}
		next = res.NextPage
	}
}

func usageParams(window report.Period, groupBy []string, limit int64, page string) anthropic.BetaOrganizationAnalyticsUsageListParams {
	params := anthropic.BetaOrganizationAnalyticsUsageListParams{
		StartingAt:      window.From,
		EndingAt:        anthropic.Time(window.To),
		TimeBucketWidth: anthropic.BetaAnalyticsTimeBucketWidthDay,
		OrderBy:         anthropic.BetaAnalyticsUsageOrderByTime,
		Order:           anthropic.BetaAnalyticsUsageCostSortOrderAsc,
		Limit:           anthropic.Int(limit),
	}
	for _, g := range groupBy {
		params.GroupBy = append(params.GroupBy, anthropic.BetaAnalyticsUsageGroupBy(g))
	}
	if page != "" {
		params.Page = anthropic.String(page)
	}
	return params
}

func costParams(window report.Period, groupBy []string, limit int64, page string) anthropic.BetaOrganizationAnalyticsCostListParams {
	params := anthropic.BetaOrganizationAnalyticsCostListParams{
		StartingAt:      window.From,
		EndingAt:        anthropic.Time(window.To),
		TimeBucketWidth: anthropic.BetaAnalyticsTimeBucketWidthDay,
		OrderBy:         anthropic.BetaAnalyticsCostOrderByTime,
		Order:           anthropic.BetaAnalyticsUsageCostSortOrderAsc,
		Limit:           anthropic.Int(limit),
	}
	for _, g := range groupBy {
		params.GroupBy = append(params.GroupBy, anthropic.BetaAnalyticsCostGroupBy(g))
	}
	if page != "" {
		params.Page = anthropic.String(page)
	}
	return params
}

func usageRow(item anthropic.BetaAnalyticsUsageItem) (report.Row, error) {
	u := item.Usage
	return report.Row{
		Start: item.StartingAt.UTC(),
		End:   item.EndingAt.UTC(),
		Group: report.Group{
			WorkspaceID: item.Group.WorkspaceID,
			APIKeyID:    item.Group.APIKeyID,
			Model:       item.Group.Model,
			Actor:       toActor(item.Group.Actor),
		},
		Measure: report.Measure{
			Tokens: report.Tokens{
				UncachedInput: u.UncachedInputTokens,
				CacheCreation: u.CacheCreation.Ephemeral1hInputTokens + u.CacheCreation.Ephemeral5mInputTokens,
				CacheRead:     u.CacheReadInputTokens,
				Output:        u.OutputTokens,
				Total:         u.TotalTokens,
			},
			Requests: u.Requests,
		},
	}, nil
}

// costRow converts a cost row. Amounts are fractional cents in USD; any
// other currency fails the read rather than be added to dollars.
func costRow(item anthropic.BetaAnalyticsCostItem) (report.Row, error) {
	if item.Cost.Currency != "USD" {
		return report.Row{}, fmt.Errorf("cost currency %q is not supported: orgsync adds up USD only", item.Cost.Currency)
	}
	amount, err := report.ParseCents(item.Cost.Amount)
	if err != nil {
		return report.Row{}, err
	}
	list, err := report.ParseCents(item.Cost.ListAmount)
	if err != nil {
		return report.Row{}, err
	}
	return report.Row{
		Start: item.StartingAt.UTC(),
		End:   item.EndingAt.UTC(),
		Group: report.Group{
			WorkspaceID: item.Group.WorkspaceID,
			APIKeyID:    item.Group.APIKeyID,
			Model:       item.Group.Model,
			Actor:       toActor(item.Group.Actor),
		},
		Measure: report.Measure{Cost: amount, ListCost: list, Requests: item.Cost.Requests},
	}, nil
}

func toActor(a anthropic.BetaAnalyticsActorUnion) report.Actor {
	return report.Actor{
		Type:             a.Type,
		UserID:           a.UserID,
		Email:            a.EmailAddress,
		Name:             a.Name,
		Deleted:          a.Deleted,
		APIKeyID:         a.APIKeyID,
		ServiceAccountID: a.ServiceAccountID,
		Subject:          a.Subject,
	}
}
