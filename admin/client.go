package admin

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/orgsync/orgsync/apply"
)

// Defaults used when the matching Options field is zero.
const (
	defaultMaxRetries  = 2
	defaultPageSize    = 1000 // the API's maximum list limit
	defaultConcurrency = 4
	defaultMaxPages    = 10000
)

// Options configures a Client. The zero value of each field selects its
// default. Nothing is read from the environment.
type Options struct {
	// BaseURL is the API's base URL. Empty means the SDK's production URL.
	BaseURL string
	// APIKey is the Admin API key, sent by the SDK as a bearer token.
	APIKey Secret
	// MaxRetries is the number of SDK retries per request. Negative means
	// the SDK default of 2, and 0 means a single attempt.
	MaxRetries int
	// RequestTimeout bounds each attempt. 0 means no per-attempt timeout.
	// The deadline of the context passed to each method bounds the whole
	// call, retries and their waits included.
	RequestTimeout time.Duration
	// Rate is the maximum number of requests sent in any 60-second
	// window, counting every attempt. The Admin API allows about 100 a
	// minute per organisation. 0 or less sends without pacing.
	Rate int
	// Clock is the time source of the pacer and of the waits between the
	// reads that confirm a write. Nil means the system clock.
	Clock Clock
	// HTTPClient sends the requests. Nil means a default client.
	HTTPClient *http.Client
	// PageSize is the list limit per page. 0 or less means 1000, the
	// API's maximum.
	PageSize int64
	// Concurrency is the maximum number of lists ReadState reads at once:
	// users, invites, workspaces and the members of each workspace. Each
	// list sends one request at a time. 0 or less means 4.
	Concurrency int
	// MaxPages is the maximum number of pages read per list. 0 or less
	// means 10000. A list that has more pages fails the read.
	MaxPages int
	// Logger receives debug records of page reads and writes. Nil
	// discards them.
	Logger *slog.Logger
}

// Client reads and writes an organisation through the Admin API. It is
// safe for concurrent use.
type Client struct {
	sdk         anthropic.Client
	pageSize    int64
	concurrency int
	maxPages    int
	logger      *slog.Logger
	// pacer is nil when Options.Rate turns pacing off.
	pacer       *pacer
	clock       Clock
	serverClock serverClock
}

var _ apply.Client = (*Client)(nil)

// New returns a Client for opts. It sends no request.
func New(opts Options) *Client {
	c := &Client{
		pageSize:    opts.PageSize,
		concurrency: opts.Concurrency,
		maxPages:    opts.MaxPages,
		logger:      opts.Logger,
	}
	if c.pageSize <= 0 {
		c.pageSize = defaultPageSize
	}
	if c.concurrency <= 0 {
		c.concurrency = defaultConcurrency
	}
	if c.maxPages <= 0 {
		c.maxPages = defaultMaxPages
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	c.clock = opts.Clock
	if c.clock == nil {
		c.clock = systemClock{}
	}
	if opts.Rate > 0 {
		c.pacer = newPacer(opts.Rate, c.clock)
	}
	c.sdk = anthropic.NewClient(append(sdkOptions(opts), option.WithMiddleware(c.middleware))...)
	return c
}

// sdkOptions returns the SDK client options for opts.
func sdkOptions(opts Options) []option.RequestOption {
	retries := opts.MaxRetries
	if retries < 0 {
		retries = defaultMaxRetries
	}
	out := []option.RequestOption{
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(opts.APIKey.Reveal()),
		option.WithMaxRetries(retries),
	}
	if opts.BaseURL != "" {
		out = append(out, option.WithBaseURL(opts.BaseURL))
	}
	if opts.RequestTimeout > 0 {
		out = append(out, option.WithRequestTimeout(opts.RequestTimeout))
	}
	if opts.HTTPClient != nil {
		out = append(out, option.WithHTTPClient(opts.HTTPClient))
	}
	return out
}
