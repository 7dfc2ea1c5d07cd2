package sandbox

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// reportRow is one row of a usage or cost report before it is paged.
type reportRow struct {
	start, end time.Time
	group      map[string]any
	// key orders rows with equal metrics: the group values as JSON.
	key                                                     string
	uncached, output, cacheRead, cache5m, cache1h, requests int64
	// micro is the cost in millionths of a cent.
	micro int64
	// noRequests marks cost rows broken out by cost_type or token_type,
	// whose request count is null.
	noRequests bool
}

func (r *reportRow) total() int64 {
	return r.uncached + r.output + r.cacheRead + r.cache5m + r.cache1h
}

// reportPage is the JSON body of a report response.
type reportPage struct {
	Data            []any     `json:"data"`
	HasMore         bool      `json:"has_more"`
	NextPage        *string   `json:"next_page"`
	DataRefreshedAt time.Time `json:"data_refreshed_at"`
}

func (s *Server) usageReport(c *call) (int, any, error) { return s.report(c, false) }

func (s *Server) costReport(c *call) (int, any, error) { return s.report(c, true) }

// report serves a usage or cost report: it generates the usage of the
// range, filters it, groups it by time bucket and group_by, orders the
// rows and returns the page the cursor asks for.
func (s *Server) report(c *call, cost bool) (int, any, error) {
	now := s.businessNow()
	rq, err := parseReportQuery(c.query, cost, now)
	if err != nil {
		return 0, nil, err
	}
	rows := rq.aggregate(s.st.usageRecords(rq.from, rq.to, now))
	rq.sort(rows)
	p, err := s.pageReport(c, rq, rows)
	if err != nil {
		return 0, nil, err
	}
	p.DataRefreshedAt = now.Truncate(time.Hour)
	return http.StatusOK, p, nil
}

// aggregate groups records into rows. Without group_by and a bucket width
// the single row over the range is returned even when it is empty, as
// the endpoints do; otherwise only combinations with usage get a row.
func (rq *reportQuery) aggregate(records []usageRecord) []*reportRow {
	rows := map[string]*reportRow{}
	var order []string
	for _, rec := range records {
		if !rq.matches(rec) || (rq.excludeDeleted && isDeletedUser(rec.source.actor)) {
			continue
		}
		for _, part := range rq.parts(rec) {
			start, end := rq.bucket(rec.at)
			group := rq.groupOf(rec, part.tokenType)
			key := start.Format(time.RFC3339) + groupKey(group, rq.groupBy)
			row, ok := rows[key]
			if !ok {
				row = &reportRow{start: start, end: end, group: group, key: key, noRequests: part.noRequests}
				rows[key] = row
				order = append(order, key)
			}
			row.micro += part.micro
			if part.first {
				row.uncached += rec.uncached
				row.output += rec.output
				row.cacheRead += rec.cacheRead
				row.cache5m += rec.cache5m
				row.cache1h += rec.cache1h
				row.requests += rec.requests
			}
		}
	}
	if len(rows) == 0 && rq.width == 0 && len(rq.groupBy) == 0 {
		return []*reportRow{{start: rq.from, end: rq.to, group: rq.groupOf(usageRecord{}, "")}}
	}
	out := make([]*reportRow, 0, len(order))
	for _, key := range order {
		out = append(out, rows[key])
	}
	return out
}

// recordPart is the share of a record that goes into one row: the whole
// record, or one token type's cost when cost rows are broken out by
// token_type. Only the first part carries the token counts.
type recordPart struct {
	tokenType  string
	micro      int64
	first      bool
	noRequests bool
}

func (rq *reportQuery) parts(rec usageRecord) []recordPart {
	costs := rec.costs()
	byToken := rq.cost && slices.Contains(rq.groupBy, "token_type")
	noRequests := rq.cost && (byToken || slices.Contains(rq.groupBy, "cost_type"))
	if !byToken {
		var micro int64
		for _, c := range costs {
			micro += c.micro
		}
		return []recordPart{{micro: micro, first: true, noRequests: noRequests}}
	}
	parts := make([]recordPart, len(costs))
	for i, c := range costs {
		parts[i] = recordPart{tokenType: c.tokenType, micro: c.micro, first: i == 0, noRequests: true}
	}
	return parts
}

// bucket returns the bounds of the time bucket of t, cut to the range.
func (rq *reportQuery) bucket(t time.Time) (time.Time, time.Time) {
	if rq.width == 0 {
		return rq.from, rq.to
	}
	start := t.Truncate(rq.width)
	end := start.Add(rq.width)
	if start.Before(rq.from) {
		start = rq.from
	}
	if end.After(rq.to) {
		end = rq.to
	}
	return start, end
}

// dimension returns the value of a record in dimension dim, or nil for
// the dimensions the sandbox does not model.
func dimension(rec usageRecord, dim, tokenType string) any {
	src := rec.source
	switch dim {
	case "actor":
		return src.actor
	case "actor_type":
		return src.actor.(map[string]any)["type"]
	case "api_key_id":
		return nullable(src.apiKeyID)
	case "workspace_id":
		return nullable(src.workspaceID)
	case "model":
		return rec.model.name
	case "product":
		return src.product
	case "context_window":
		return "0-200k"
	case "inference_geo":
		return "global"
	case "service_tier", "speed":
		return "standard"
	case "cost_type":
		return "tokens"
	case "token_type":
		return nullable(tokenType)
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// groupOf returns the group object of a row: every dimension, null
// unless it is in group_by.
func (rq *reportQuery) groupOf(rec usageRecord, tokenType string) map[string]any {
	dims := usageGroupBy
	if rq.cost {
		dims = slices.Concat(usageGroupBy, costGroupBy)
	}
	group := make(map[string]any, len(dims))
	for _, d := range dims {
		group[d] = nil
		if rec.source != nil && slices.Contains(rq.groupBy, d) {
			group[d] = dimension(rec, d, tokenType)
		}
	}
	return group
}

func groupKey(group map[string]any, dims []string) string {
	var b strings.Builder
	for _, d := range dims {
		v, _ := json.Marshal(group[d])
		b.WriteString("|")
		b.Write(v)
	}
	return b.String()
}

// matches reports whether a record passes the request's filters. An
// empty api_key_ids entry matches usage without an API key.
func (rq *reportQuery) matches(rec usageRecord) bool {
	for dim, values := range rq.filters {
		var got string
		switch dim {
		case "actor_id":
			actor := rec.source.actor.(map[string]any)
			id, _ := actor["user_id"].(string)
			if id == "" {
				id, _ = actor["api_key_id"].(string)
			}
			got = id
		default:
			got, _ = dimension(rec, dim, "").(string)
		}
		if !slices.Contains(values, got) {
			return false
		}
	}
	return true
}

func isDeletedUser(actor any) bool {
	a, _ := actor.(map[string]any)
	deleted, _ := a["deleted"].(bool)
	return a["type"] == "user_actor" && deleted
}

// sort orders rows by the order_by metric in the order direction; "time"
// orders by bucket, then by total tokens or amount, highest first. Equal
// rows keep the order of their group values.
func (rq *reportQuery) sort(rows []*reportRow) {
	metric := func(r *reportRow) int64 {
		switch rq.orderBy {
		case "output_tokens":
			return r.output
		case "requests":
			return r.requests
		case "uncached_input_tokens":
			return r.uncached
		case "amount", "list_amount":
			return r.micro
		}
		if rq.cost {
			return r.micro
		}
		return r.total()
	}
	direction := func(c int) int {
		if rq.asc {
			return c
		}
		return -c
	}
	slices.SortFunc(rows, func(a, b *reportRow) int {
		if rq.orderBy == "time" && rq.width != 0 {
			if c := a.start.Compare(b.start); c != 0 {
				return direction(c)
			}
			if c := cmp.Compare(metric(b), metric(a)); c != 0 {
				return c
			}
		} else if c := cmp.Compare(metric(a), metric(b)); c != 0 {
			return direction(c)
		}
		return cmp.Compare(a.key, b.key)
	})
}

// pageReport cuts the page the page cursor asks for. The cursor holds the
// offset of the page and a hash of the other parameters, so a cursor sent
// with another query gets 400.
func (s *Server) pageReport(c *call, rq *reportQuery, rows []*reportRow) (reportPage, error) {
	fingerprint := queryFingerprint(c)
	start := 0
	if rq.page != "" {
		offset, ok := parseReportCursor(rq.page, fingerprint)
		if !ok || offset > len(rows) {
			return reportPage{}, invalidRequest("page %q is invalid: send the next_page of the previous response with the same parameters", rq.page)
		}
		start = offset
	}
	limit := rq.limit
	if s.opts.MaxPageItems > 0 && s.opts.MaxPageItems < limit {
		limit = s.opts.MaxPageItems
	}
	end := min(len(rows), start+limit)
	p := reportPage{Data: []any{}, HasMore: end < len(rows)}
	for _, row := range rows[start:end] {
		p.Data = append(p.Data, rq.rowJSON(row))
	}
	if p.HasMore {
		next := reportCursor(end, fingerprint)
		p.NextPage = &next
	}
	return p, nil
}

// queryFingerprint hashes the request's parameters other than page and
// limit, which may change from one page to the next.
func queryFingerprint(c *call) uint64 {
	q := c.req.URL.Query()
	q.Del("page")
	q.Del("limit")
	return hashOf(c.req.URL.Path, q.Encode())
}

func reportCursor(offset int, fingerprint uint64) string {
	return "page_" + base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d.%x", offset, fingerprint))
}

func parseReportCursor(cursor string, fingerprint uint64) (int, bool) {
	data, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(cursor, "page_"))
	if err != nil || !strings.HasPrefix(cursor, "page_") {
		return 0, false
	}
	offsetText, hash, ok := strings.Cut(string(data), ".")
	if !ok || hash != strconv.FormatUint(fingerprint, 16) {
		return 0, false
	}
	offset, err := strconv.Atoi(offsetText)
	return offset, err == nil && offset > 0
}

// rowJSON returns the JSON form of a row of the usage or cost endpoint.
func (rq *reportQuery) rowJSON(r *reportRow) any {
	base := map[string]any{
		"starting_at": r.start.Format(time.RFC3339),
		"ending_at":   r.end.Format(time.RFC3339),
		"group":       r.group,
	}
	if rq.cost {
		amount := formatMicroCents(r.micro)
		var requests any = r.requests
		if r.noRequests {
			requests = nil
		}
		base["cost"] = map[string]any{"amount": amount, "list_amount": amount, "currency": "USD", "requests": requests}
		return base
	}
	base["usage"] = map[string]any{
		"uncached_input_tokens": r.uncached,
		"cache_creation": map[string]int64{
			"ephemeral_1h_input_tokens": r.cache1h,
			"ephemeral_5m_input_tokens": r.cache5m,
		},
		"cache_read_input_tokens": r.cacheRead,
		"output_tokens":           r.output,
		"total_tokens":            r.total(),
		"requests":                r.requests,
		"server_tool_use":         map[string]int64{"web_search_requests": 0},
	}
	return base
}

// formatMicroCents writes millionths of a cent as cents with up to six
// decimals, as in "1234.5678".
func formatMicroCents(micro int64) string {
	text := fmt.Sprintf("%d.%06d", micro/1_000_000, micro%1_000_000)
	return strings.TrimSuffix(strings.TrimRight(text, "0"), ".")
}
