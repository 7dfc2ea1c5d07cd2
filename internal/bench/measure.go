package bench

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// Target is the Admin API a measured run talks to, usually a sandbox.
type Target struct {
	BaseURL string
	APIKey  admin.Secret
	// Rate is the client's pace in requests a minute. 0 sends without
	// pacing.
	Rate int
	// Concurrency is the number of lists read at once. 0 means the
	// client's default.
	Concurrency int
	// PageSize is the list limit per page. 0 means 1000.
	PageSize int64
	// Clock is the pacer's clock. Nil means the system clock.
	Clock admin.Clock
	// Logger receives the client's logs. Nil discards them.
	Logger *slog.Logger
}

// pageSize returns the page size the client uses.
func (t Target) pageSize() int {
	if t.PageSize <= 0 {
		return 1000
	}
	return int(t.PageSize)
}

// Phase is the measure of one step of a run.
type Phase struct {
	// Requests is the number of HTTP requests sent, every attempt counted.
	Requests int
	// Minimum is the number of requests the step cannot do without. A plan
	// needs the organisation and every page of every list it reads, and an
	// apply needs one request per API call of each change.
	Minimum int
	// Wall is the elapsed real time.
	Wall time.Duration
	// PeakHeap is the highest heap in use (the runtime's HeapInuse) seen
	// while the step ran, sampled every millisecond, in bytes.
	PeakHeap uint64
	// BaseHeap is the heap in use just before the step, after a garbage
	// collection, in bytes. PeakHeap minus BaseHeap is what the step added.
	BaseHeap uint64
}

// Overhead returns the share of requests above Minimum, such as 0.05 for
// 5% more.
func (p Phase) Overhead() float64 {
	if p.Minimum == 0 {
		return 0
	}
	return float64(p.Requests-p.Minimum) / float64(p.Minimum)
}

// Plan reads the live organisation the way "orgsync plan" does, with the
// members of the workspaces the spec declares, and computes the plan with
// opts. It parses files first, like the command, and measures the whole.
func Plan(ctx context.Context, t Target, files []spec.File, opts diff.Options) (*plan.Plan, *live.State, Phase, error) {
	var (
		p     *plan.Plan
		state *live.State
	)
	phase, err := measure(t, func(client *admin.Client) error {
		desired, err := spec.ParseFiles(files)
		if err != nil {
			return err
		}
		state, err = client.ReadState(ctx, admin.ReadOptions{MemberWorkspaces: diff.DeclaredWorkspaces(desired)})
		if err != nil {
			return err
		}
		opts.Now = state.ReadAt
		p, err = diff.Compute(desired, state, opts)
		return err
	})
	if err != nil {
		return nil, nil, phase, err
	}
	phase.Minimum = MinimumReads(state, t.pageSize())
	return p, state, phase, nil
}

// Apply applies p and measures it.
func Apply(ctx context.Context, t Target, p *plan.Plan) (*apply.Report, Phase, error) {
	var report *apply.Report
	phase, err := measure(t, func(client *admin.Client) error {
		var err error
		report, err = apply.Run(ctx, client, p, apply.Options{Logger: t.Logger})
		return err
	})
	phase.Minimum = MinimumWrites(p)
	return report, phase, err
}

// MinimumReads returns the requests a complete read of st needs with
// pageSize items a page: the organisation, then every page of the users,
// invites and workspaces lists and of the member list of each workspace
// whose members were read. An empty list still takes one page.
func MinimumReads(st *live.State, pageSize int) int {
	pages := func(n int) int { return max(1, (n+pageSize-1)/pageSize) }
	n := 1 + pages(len(st.Users)) + pages(len(st.Invites)) + pages(len(st.Workspaces))
	for _, ws := range st.Workspaces {
		if ws.MembersRead {
			n += pages(len(ws.Members))
		}
	}
	return n
}

// MinimumWrites returns the API calls the sent changes of p make: two for
// a replaced invite (delete, then create), one for any other.
func MinimumWrites(p *plan.Plan) int {
	n := 0
	for _, c := range p.Changes {
		switch {
		case !c.Sent():
		case c.Action == plan.Replace:
			n += 2
		default:
			n++
		}
	}
	return n
}

// measure runs step with a new client of t, counting its requests and
// sampling the heap.
func measure(t Target, step func(*admin.Client) error) (Phase, error) {
	counter := &countingTransport{next: http.DefaultTransport}
	client := admin.New(admin.Options{
		BaseURL:     t.BaseURL,
		APIKey:      t.APIKey,
		MaxRetries:  -1,
		Rate:        t.Rate,
		Clock:       t.Clock,
		Concurrency: t.Concurrency,
		PageSize:    t.PageSize,
		HTTPClient:  &http.Client{Transport: counter},
		Logger:      t.Logger,
	})

	runtime.GC()
	sampler := startHeapSampler()
	start := time.Now()
	err := step(client)
	wall := time.Since(start)
	base, peak := sampler.stop()
	return Phase{Requests: int(counter.requests.Load()), Wall: wall, PeakHeap: peak, BaseHeap: base}, err
}

// countingTransport counts the requests sent through it.
type countingTransport struct {
	next     http.RoundTripper
	requests atomic.Int64
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	return c.next.RoundTrip(req)
}

// heapMetrics sum to the runtime's HeapInuse: the bytes of heap spans in
// use, whether their objects are live, dead or not yet allocated.
var heapMetrics = []string{"/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes"}

// heapSampler records the highest heap in use, read every millisecond
// until stop.
type heapSampler struct {
	done chan struct{}
	wg   sync.WaitGroup
	base uint64
	peak atomic.Uint64
}

func startHeapSampler() *heapSampler {
	s := &heapSampler{done: make(chan struct{}), base: heapInUse()}
	s.peak.Store(s.base)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ticker := time.NewTicker(time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-ticker.C:
				s.observe()
			}
		}
	}()
	return s
}

func (s *heapSampler) observe() {
	if h := heapInUse(); h > s.peak.Load() {
		s.peak.Store(h)
	}
}

// stop ends the sampling and returns the heap in use at the start and
// the highest seen, the end included.
func (s *heapSampler) stop() (base, peak uint64) {
	close(s.done)
	s.wg.Wait()
	s.observe()
	return s.base, s.peak.Load()
}

func heapInUse() uint64 {
	samples := make([]metrics.Sample, len(heapMetrics))
	for i, name := range heapMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	var total uint64
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			total += s.Value.Uint64()
		}
	}
	return total
}

// String returns the phase as one line, for logs.
func (p Phase) String() string {
	return fmt.Sprintf("%d requests (minimum %d), %s, peak heap %d MiB", p.Requests, p.Minimum, p.Wall.Round(time.Millisecond), p.PeakHeap>>20)
}
