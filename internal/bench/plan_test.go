package bench_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/internal/bench"
	"github.com/orgsync/orgsync/internal/gen"
	"github.com/orgsync/orgsync/sandbox"
)

const testKey = "sk-ant-admin01-bench-test-key"

// fakeClock is shared by the client's pacer and the sandbox's rate
// limiter. SleepUntil moves it forward at once, so that pacing at 100
// requests a minute takes no real time and the time it would take can be
// read from the clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	c.mu.Unlock()
	return ctx.Err()
}

// TestPlanOfLargeOrganization plans an organisation of 10,000 people, 100
// workspaces and 20,000 memberships against a sandbox that allows 100
// requests a minute, with the client paced at that rate on a clock both
// share.
func TestPlanOfLargeOrganization(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and reads an organisation of 10,000 people")
	}
	shape := gen.ShapeFor(10_000)
	shape.Drift = 0.01
	org, err := gen.Generate(shape)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	srv := sandbox.New(org.State, sandbox.Options{AdminKeys: []string{testKey}, RateLimit: 100, Now: clock.Now})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	const rate = 100
	target := bench.Target{BaseURL: ts.URL, APIKey: testKey, Rate: rate, Clock: clock}
	start := clock.Now()

	p, state, phase, err := bench.Plan(context.Background(), target, bench.SpecFiles(org), diff.Options{Prune: true, Force: true})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	elapsed := clock.Now().Sub(start)

	served := srv.Requests()
	for _, r := range served {
		if r.Status != http.StatusOK {
			t.Errorf("%s %s?%s: status %d, want 200", r.Method, r.Path, r.RawQuery, r.Status)
		}
	}
	if len(served) != phase.Requests {
		t.Errorf("sandbox served %d requests, the client counted %d", len(served), phase.Requests)
	}
	// The organisation, 10 pages of users, 1 of invites, 1 of workspaces
	// and 1 of members for each of the 100 workspaces.
	if want := 113; phase.Minimum != want {
		t.Errorf("minimum requests = %d, want %d", phase.Minimum, want)
	}
	if limit := phase.Minimum * 105 / 100; len(served) > limit {
		t.Errorf("plan made %d requests, more than 5%% above the %d its pages need (limit %d)", len(served), phase.Minimum, limit)
	}
	// The pacer lets the first 100 requests go at once and each later one a
	// minute after the one 100 before it.
	if needed := time.Duration((len(served)-1)/rate) * time.Minute; elapsed > needed {
		t.Errorf("plan took %s of clock time, want at most %s for %d requests at %d a minute", elapsed, needed, len(served), rate)
	}
	if got, want := len(state.Users), shape.People; got != want {
		t.Errorf("read %d users, want %d", got, want)
	}
	if got, want := len(p.Changes), org.Changes.Total(); got != want {
		t.Errorf("plan has %d changes, want the %d the drift causes", got, want)
	}
}
