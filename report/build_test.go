package report_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/report"
	"github.com/orgsync/orgsync/sandbox"
	"github.com/orgsync/orgsync/spec"
)

const testKey = "sk-ant-admin01-report-test"

// acme is a sandbox of the example organisation, whose clock is frozen at
// 2026-12-01T09:00:00Z.
type acme struct {
	server *sandbox.Server
	url    string
	client *admin.Client
}

func startAcme(t *testing.T, pageSize int64) acme {
	t.Helper()
	st, err := sandbox.LoadState("../examples/acme/live.json")
	if err != nil {
		t.Fatal(err)
	}
	st.APIKeys = acmeKeys()
	srv := sandbox.New(st, sandbox.Options{AdminKeys: []string{testKey}, RateLimit: -1})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	client := admin.New(admin.Options{BaseURL: hs.URL, APIKey: testKey, MaxRetries: 0, PageSize: pageSize, Logger: slog.New(slog.DiscardHandler)})
	return acme{server: srv, url: hs.URL, client: client}
}

// acmeKeys are API keys for the example organisation: two created by
// members, one by no user, and two by user_former_01, who is not a member.
func acmeKeys() []sandbox.APIKey {
	created := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	key := func(id, name, workspace, creator string) sandbox.APIKey {
		k := sandbox.APIKey{ID: id, Name: name, Status: "active", CreatedAt: created, WorkspaceID: workspace}
		if creator != "" {
			k.CreatedBy = &sandbox.APIKeyActor{ID: creator, Type: "user"}
		}
		return k
	}
	return []sandbox.APIKey{
		key("apikey_01", "research-service", "wrkspc_01", "user_05"),
		key("apikey_02", "research-legacy", "wrkspc_01", "user_former_01"),
		key("apikey_03", "platform-service", "wrkspc_02", "user_06"),
		key("apikey_04", "platform-legacy", "wrkspc_02", "user_former_01"),
		key("apikey_05", "support-service", "wrkspc_03", ""),
	}
}

// sandboxTotal asks the sandbox for the ungrouped total of the period
// with the filters in q, one request per window of at most 31 days, and
// returns total tokens (usage) or millionths of a cent (cost).
func (a acme) sandboxTotal(t *testing.T, kind report.Kind, p report.Period, q url.Values) int64 {
	t.Helper()
	var total int64
	for _, w := range p.Windows(report.MaxWindow) {
		query := url.Values{}
		for k, v := range q {
			query[k] = v
		}
		query.Set("starting_at", w.From.Format(time.RFC3339))
		query.Set("ending_at", w.To.Format(time.RFC3339))
		req, _ := http.NewRequest("GET", a.url+"/v1/organizations/analytics/"+string(kind)+"?"+query.Encode(), nil)
		req.Header.Set("x-api-key", testKey)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Data []struct {
				Usage struct {
					TotalTokens int64 `json:"total_tokens"`
				} `json:"usage"`
				Cost struct {
					Amount string `json:"amount"`
				} `json:"cost"`
			} `json:"data"`
		}
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 || len(body.Data) != 1 {
			t.Fatalf("ungrouped %s report %v: status %d, %d rows, %v", kind, query, res.StatusCode, len(body.Data), err)
		}
		if kind == report.Usage {
			total += body.Data[0].Usage.TotalTokens
			continue
		}
		amount, err := report.ParseCents(body.Data[0].Cost.Amount)
		if err != nil {
			t.Fatal(err)
		}
		total += int64(amount)
	}
	return total
}

// filterFor returns the filter that selects the rows of one line of a
// report grouped by d, or nil when the line has no filter of its own.
func filterFor(d report.Dimension, key string) url.Values {
	switch d {
	case report.ByWorkspace:
		if key == "" {
			return nil
		}
		return url.Values{"workspace_ids[]": {key}}
	case report.ByPerson:
		return url.Values{"actor_ids[]": {key}}
	case report.ByAPIKey:
		return url.Values{"api_key_ids[]": {key}}
	case report.ByModel:
		return url.Values{"models[]": {key}}
	}
	return nil
}

func buildAcme(t *testing.T, a acme, kind report.Kind, d report.Dimension, p report.Period, withSpec bool) *report.Report {
	t.Helper()
	ctx := context.Background()
	st, err := a.client.ReadState(ctx, admin.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := a.client.ReadAPIKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := report.NewDirectory(st, keys)
	if withSpec {
		sp, err := spec.ParseFile("../examples/acme/org.yaml")
		if err != nil {
			t.Fatal(err)
		}
		dir.JoinSpec(sp)
	}
	rows, err := a.client.ReadReport(ctx, kind, admin.ReportQuery{Period: p, GroupBy: report.GroupBy(d, withSpec)})
	if err != nil {
		t.Fatal(err)
	}
	return report.Build(report.Input{Kind: kind, Dimension: d, Period: p, Rows: rows, Directory: dir})
}

// Every line of every grouping must match the sandbox's own total for
// that line's filter, and the lines must add up to the period's total.
// The period spans 40 days, so each read takes two windows.
func TestGroupTotalsMatchSandbox(t *testing.T) {
	a := startAcme(t, 25)
	period := report.Period{From: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)}
	for _, kind := range []report.Kind{report.Usage, report.Cost} {
		total := a.sandboxTotal(t, kind, period, nil)
		for _, d := range report.Dimensions {
			t.Run(fmt.Sprintf("%s by %s", kind, d), func(t *testing.T) {
				r := buildAcme(t, a, kind, d, period, true)
				if got := r.Value(r.Total); got != total {
					t.Errorf("total = %d, want the sandbox's %d", got, total)
				}
				var sum int64
				for _, l := range r.Lines {
					sum += r.Value(l.Measure)
					q := filterFor(d, l.Key)
					if d == report.ByDay {
						day, _ := time.Parse(time.DateOnly, l.Key)
						want := a.sandboxTotal(t, kind, report.Period{From: day, To: day.Add(24 * time.Hour)}, nil)
						if got := r.Value(l.Measure); got != want {
							t.Errorf("day %s = %d, want the sandbox's %d", l.Key, got, want)
						}
						continue
					}
					if q == nil {
						continue
					}
					if want, got := a.sandboxTotal(t, kind, period, q), r.Value(l.Measure); got != want {
						t.Errorf("line %q (%s) = %d, want the sandbox's %d", l.Label, l.Key, got, want)
					}
				}
				if sum != total {
					t.Errorf("lines add up to %d, want the total %d", sum, total)
				}
			})
		}
	}
}

func TestReadReportSplitsLongRanges(t *testing.T) {
	a := startAcme(t, 1000)
	period := report.Period{From: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)}
	if _, err := a.client.ReadReport(context.Background(), report.Cost, admin.ReportQuery{Period: period}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, req := range a.server.Requests() {
		q, _ := url.ParseQuery(req.RawQuery)
		got = append(got, q.Get("starting_at")+" "+q.Get("ending_at"))
	}
	want := []string{
		"2026-09-01T00:00:00Z 2026-10-02T00:00:00Z",
		"2026-10-02T00:00:00Z 2026-11-02T00:00:00Z",
		"2026-11-02T00:00:00Z 2026-11-10T00:00:00Z",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requested windows (-want +got):\n%s", diff)
	}
}

func TestReadReportFollowsEveryPage(t *testing.T) {
	period := report.Period{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC)}
	query := admin.ReportQuery{Period: period, GroupBy: []string{"actor", "model"}}
	whole, err := startAcme(t, 1000).client.ReadReport(context.Background(), report.Usage, query)
	if err != nil {
		t.Fatal(err)
	}
	small := startAcme(t, 9)
	paged, err := small.client.ReadReport(context.Background(), report.Usage, query)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole, paged); diff != "" {
		t.Errorf("rows read 9 at a time differ from one page (-want +got):\n%s", diff)
	}
	if pages, want := len(small.server.Requests()), (len(whole)+8)/9; pages != want {
		t.Errorf("read %d rows in %d requests, want %d", len(whole), pages, want)
	}
}

// Two of acmeKeys were created by a user who left; the spec
// declares every live workspace, so nothing is undeclared.
func TestSpecJoinFindsOrphanedKeys(t *testing.T) {
	a := startAcme(t, 1000)
	period := report.LastDays(30, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	r := buildAcme(t, a, report.Cost, report.ByWorkspace, period, true)
	var orphaned []string
	for _, l := range r.Orphaned {
		orphaned = append(orphaned, l.Label+" "+strings.Join(l.Notes, ","))
	}
	want := []string{"research-legacy creator left", "platform-legacy creator left"}
	if diff := cmp.Diff(want, orphaned); diff != "" {
		t.Errorf("orphaned keys (-want +got):\n%s", diff)
	}
	if len(r.Undeclared) != 0 {
		t.Errorf("undeclared workspaces = %v, want none", r.Undeclared)
	}
	person := buildAcme(t, a, report.Cost, report.ByPerson, period, true)
	var notInSpec []string
	for _, l := range person.Lines {
		for _, n := range l.Notes {
			if n == "not in spec" {
				notInSpec = append(notInSpec, l.Label)
			}
		}
	}
	if diff := cmp.Diff([]string{"bjarne@acme.example"}, notInSpec); diff != "" {
		t.Errorf("people not in the spec (-want +got):\n%s", diff)
	}
}
