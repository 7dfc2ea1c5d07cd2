package sandbox_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

// reportBody is the part of a report response the tests read.
type reportBody struct {
	Data []struct {
		StartingAt string         `json:"starting_at"`
		EndingAt   string         `json:"ending_at"`
		Group      map[string]any `json:"group"`
		Usage      *struct {
			TotalTokens int64 `json:"total_tokens"`
			Requests    int64 `json:"requests"`
		} `json:"usage"`
		Cost *struct {
			Amount   string `json:"amount"`
			Requests *int64 `json:"requests"`
		} `json:"cost"`
	} `json:"data"`
	HasMore  bool    `json:"has_more"`
	NextPage *string `json:"next_page"`
}

// fetchReport sends GET path?q with the test key and returns the status,
// the decoded body of a 200 and the raw body.
func fetchReport(t *testing.T, base, path string, q url.Values) (int, reportBody, string) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path+"?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-api-key", testKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	var raw json.RawMessage
	if err := json.NewDecoder(res.Body).Decode(&raw); err != nil {
		t.Fatalf("GET %s: decode: %v", path, err)
	}
	var body reportBody
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatalf("GET %s: decode report: %v", path, err)
		}
	}
	return res.StatusCode, body, string(raw)
}

func values(pairs ...string) url.Values {
	q := url.Values{}
	for i := 0; i < len(pairs); i += 2 {
		q.Add(pairs[i], pairs[i+1])
	}
	return q
}

// The fixture's clock is frozen at 2026-12-01T09:00:00Z.
func TestReportRangeRules(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	tests := []struct {
		name    string
		query   url.Values
		status  int
		message string
	}{
		{"starting_at missing", values(), 400, "starting_at is required"},
		{"starting_at not RFC 3339", values("starting_at", "2026-11-01"), 400, "RFC 3339"},
		{"before 2026", values("starting_at", "2025-12-31T00:00:00Z"), 400, "no earlier than 2026-01-01"},
		{"range over 31 days", values("starting_at", "2026-10-01T00:00:00Z", "ending_at", "2026-11-01T00:00:01Z"), 400, "at most 31 days"},
		{"range of 31 days", values("starting_at", "2026-10-01T00:00:00Z", "ending_at", "2026-11-01T00:00:00Z"), 200, ""},
		{"end before start", values("starting_at", "2026-11-02T00:00:00Z", "ending_at", "2026-11-01T00:00:00Z"), 400, "after starting_at"},
		{"bucket without end", values("starting_at", "2026-11-01T00:00:00Z", "time_bucket_width", "1d"), 400, "ending_at is required"},
		{"unknown bucket width", values("starting_at", "2026-11-01T00:00:00Z", "ending_at", "2026-11-02T00:00:00Z", "time_bucket_width", "1w"), 400, "1d, 1h or 1m"},
		{"minute buckets over a day", values("starting_at", "2026-11-01T00:00:00Z", "ending_at", "2026-11-02T00:00:01Z", "time_bucket_width", "1m"), 400, "at most 24 hours"},
		{"minute buckets for a day", values("starting_at", "2026-11-01T00:00:00Z", "ending_at", "2026-11-02T00:00:00Z", "time_bucket_width", "1m"), 200, ""},
		{"limit zero", values("starting_at", "2026-11-01T00:00:00Z", "limit", "0"), 400, "limit"},
		{"limit over 1000", values("starting_at", "2026-11-01T00:00:00Z", "limit", "1001"), 400, "limit"},
		{"six group_by", values("starting_at", "2026-11-01T00:00:00Z", "group_by[]", "actor", "group_by[]", "model",
			"group_by[]", "workspace_id", "group_by[]", "api_key_id", "group_by[]", "product", "group_by[]", "speed"), 400, "at most 5"},
		{"unknown group_by", values("starting_at", "2026-11-01T00:00:00Z", "group_by[]", "team"), 400, "group_by"},
		{"cost dimension on usage", values("starting_at", "2026-11-01T00:00:00Z", "group_by[]", "token_type"), 400, "group_by"},
		{"exclude deleted without actor", values("starting_at", "2026-11-01T00:00:00Z", "exclude_deleted_users", "true"), 400, "group_by[]=actor"},
		{"unsupported filter", values("starting_at", "2026-11-01T00:00:00Z", "agent_ids[]", "agent_1"), 400, "not supported"},
		{"bad order_by", values("starting_at", "2026-11-01T00:00:00Z", "order_by", "amount"), 400, "order_by"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, raw := fetchReport(t, hs.URL, "/v1/organizations/analytics/usage", tt.query)
			if status != tt.status {
				t.Fatalf("status = %d, want %d; body %s", status, tt.status, raw)
			}
			if !strings.Contains(raw, tt.message) {
				t.Errorf("body %s does not contain %q", raw, tt.message)
			}
		})
	}
}

func TestReportOlderThan365Days(t *testing.T) {
	st := fixture(t)
	later := st.Now.AddDate(1, 0, 0)
	st.Now = &later
	_, hs := startServer(t, st, sandbox.Options{})
	status, _, raw := fetchReport(t, hs.URL, "/v1/organizations/analytics/cost", values("starting_at", "2026-11-01T00:00:00Z"))
	if status != 400 || !strings.Contains(raw, "within the last 365 days") {
		t.Errorf("status %d, body %s; want 400 naming the 365-day limit", status, raw)
	}
}

// walkReport reads every page of a report and returns the rows' group
// and value as strings, in order, with the number of pages.
func walkReport(t *testing.T, base, path string, q url.Values) ([]string, int) {
	t.Helper()
	var rows []string
	for pages := 1; ; pages++ {
		status, body, raw := fetchReport(t, base, path, q)
		if status != 200 {
			t.Fatalf("page %d: status %d, body %s", pages, status, raw)
		}
		for _, d := range body.Data {
			group, _ := json.Marshal(d.Group)
			value := ""
			if d.Usage != nil {
				value = itoa(d.Usage.TotalTokens)
			} else {
				value = d.Cost.Amount
			}
			rows = append(rows, d.StartingAt+" "+string(group)+" "+value)
		}
		if !body.HasMore {
			if body.NextPage != nil {
				t.Errorf("page %d: has_more is false but next_page is %q", pages, *body.NextPage)
			}
			return rows, pages
		}
		if body.NextPage == nil {
			t.Fatalf("page %d: has_more is true but next_page is null", pages)
		}
		q.Set("page", *body.NextPage)
	}
}

func TestReportPagination(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	for _, path := range []string{"/v1/organizations/analytics/usage", "/v1/organizations/analytics/cost"} {
		t.Run(path, func(t *testing.T) {
			query := func(limit string) url.Values {
				return values("starting_at", "2026-11-01T00:00:00Z", "ending_at", "2026-11-15T00:00:00Z",
					"time_bucket_width", "1d", "group_by[]", "actor", "group_by[]", "model", "limit", limit)
			}
			all, pages := walkReport(t, hs.URL, path, query("1000"))
			if pages != 1 {
				t.Fatalf("limit 1000 took %d pages, want 1", pages)
			}
			paged, pages := walkReport(t, hs.URL, path, query("7"))
			if want := (len(all) + 6) / 7; pages != want {
				t.Errorf("limit 7 took %d pages for %d rows, want %d", pages, len(all), want)
			}
			if diff := cmp.Diff(all, paged); diff != "" {
				t.Errorf("rows read in pages of 7 differ from one page (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReportCursorRules(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	const path = "/v1/organizations/analytics/usage"
	q := values("starting_at", "2026-11-01T00:00:00Z", "group_by[]", "actor", "limit", "2")
	status, body, raw := fetchReport(t, hs.URL, path, q)
	if status != 200 || body.NextPage == nil {
		t.Fatalf("first page: status %d, body %s; want 200 with next_page", status, raw)
	}
	tests := []struct {
		name  string
		query url.Values
	}{
		{"cursor with another group_by", values("starting_at", "2026-11-01T00:00:00Z", "group_by[]", "model", "page", *body.NextPage)},
		{"cursor with another start", values("starting_at", "2026-11-02T00:00:00Z", "group_by[]", "actor", "page", *body.NextPage)},
		{"made-up cursor", values("starting_at", "2026-11-01T00:00:00Z", "group_by[]", "actor", "page", "page_bm9wZQ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, raw := fetchReport(t, hs.URL, path, tt.query)
			if status != 400 || !strings.Contains(raw, "page") {
				t.Errorf("status %d, body %s; want 400 about the page", status, raw)
			}
		})
	}
}

// Every grouping must add up to the ungrouped total, and a repeated
// request must return the same rows.
func TestReportGroupingsAddUp(t *testing.T) {
	_, hs := startServer(t, fixture(t), sandbox.Options{})
	for _, path := range []string{"/v1/organizations/analytics/usage", "/v1/organizations/analytics/cost"} {
		base := values("starting_at", "2026-11-01T00:00:00Z", "ending_at", "2026-12-01T00:00:00Z")
		_, body, _ := fetchReport(t, hs.URL, path, base)
		if len(body.Data) != 1 {
			t.Fatalf("%s without group_by: %d rows, want 1", path, len(body.Data))
		}
		want := rowValue(t, body, 0)
		if want == 0 {
			t.Fatalf("%s: the fixture generated no usage in November", path)
		}
		for _, dim := range []string{"workspace_id", "actor", "api_key_id", "model", "product"} {
			q := values("starting_at", "2026-11-01T00:00:00Z", "ending_at", "2026-12-01T00:00:00Z",
				"group_by[]", dim, "limit", "1000")
			_, body, _ := fetchReport(t, hs.URL, path, q)
			var got int64
			for i := range body.Data {
				got += rowValue(t, body, i)
			}
			if got != want {
				t.Errorf("%s grouped by %s adds up to %d, want the ungrouped %d", path, dim, got, want)
			}
		}
	}
}

// rowValue returns row i's total tokens, or its cost in millionths of a
// cent.
func rowValue(t *testing.T, body reportBody, i int) int64 {
	t.Helper()
	d := body.Data[i]
	if d.Usage != nil {
		return d.Usage.TotalTokens
	}
	whole, frac, _ := strings.Cut(d.Cost.Amount, ".")
	frac = (frac + "000000")[:6]
	var n int64
	for _, r := range whole + frac {
		n = n*10 + int64(r-'0')
	}
	return n
}
