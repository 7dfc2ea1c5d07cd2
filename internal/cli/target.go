package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/sandbox"
)

const (
	adminKeyEnv = "ANTHROPIC_ADMIN_KEY"
	apiURLEnv   = "ORGSYNC_API_URL"
)

// targetFlags select the organisation a command reads and writes.
type targetFlags struct {
	sandboxState   string
	apiURL         string
	logLevel       string
	maxRetries     int
	timeout        time.Duration
	requestTimeout time.Duration
	rate           int
	pageSize       int64
}

func (t *targetFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.sandboxState, "sandbox", "", "run against an in-process sandbox started from this state `file`; the file is never written")
	fs.StringVar(&t.apiURL, "api-url", "", "Admin API base `url` (default $"+apiURLEnv+", else the real API)")
	fs.StringVar(&t.logLevel, "log-level", "info", "log `level` on stderr: debug, info, warn or error")
	fs.IntVar(&t.maxRetries, "max-retries", 2, "retries per request after a 429, 5xx or connection error; a workspace create is resent only after a 429")
	fs.DurationVar(&t.timeout, "timeout", 10*time.Minute, "overall deadline of the command, e.g. 90s or 10m; a retry-after past it fails the request at once")
	fs.DurationVar(&t.requestTimeout, "request-timeout", time.Minute, "deadline of each attempt of a request, e.g. 30s; 0 means none")
	fs.IntVar(&t.rate, "rate", 90, "maximum API requests sent in any minute, below the API's limit of 100; 0 sends without pacing")
	fs.Int64Var(&t.pageSize, "page-size", 1000, "items per list page, 1 to 1000")
}

// target is a connected Admin API client, and the in-process sandbox
// behind it when there is one.
type target struct {
	client *admin.Client
	secret string
	close  func()
}

// connect builds the Admin API client, starting an in-process sandbox
// first when --sandbox is set.
func (t *targetFlags) connect(env Env, logger *slog.Logger) (*target, error) {
	if t.pageSize < 1 || t.pageSize > 1000 {
		return nil, usageError{fmt.Sprintf("invalid --page-size %d: use 1 to 1000", t.pageSize)}
	}
	if t.maxRetries < 0 {
		return nil, usageError{fmt.Sprintf("invalid --max-retries %d: use 0 or more", t.maxRetries)}
	}
	if t.rate < 0 {
		return nil, usageError{fmt.Sprintf("invalid --rate %d: use 0 (no pacing) or more", t.rate)}
	}
	if t.requestTimeout < 0 {
		return nil, usageError{fmt.Sprintf("invalid --request-timeout %s: use 0 (none) or more", t.requestTimeout)}
	}
	opts := admin.Options{
		MaxRetries:     t.maxRetries,
		RequestTimeout: t.requestTimeout,
		Rate:           t.rate,
		PageSize:       t.pageSize,
		Logger:         logger,
	}
	if t.sandboxState != "" {
		return t.connectSandbox(opts, logger)
	}
	key := env.Getenv(adminKeyEnv)
	if key == "" {
		return nil, fmt.Errorf("%s is not set: export an Admin API key, or use --sandbox STATE.json to try orgsync locally", adminKeyEnv)
	}
	opts.APIKey = admin.Secret(key)
	opts.BaseURL = t.apiURL
	if opts.BaseURL == "" {
		opts.BaseURL = env.Getenv(apiURLEnv)
	}
	return &target{client: admin.New(opts), secret: key, close: func() {}}, nil
}

func (t *targetFlags) connectSandbox(opts admin.Options, logger *slog.Logger) (*target, error) {
	state, err := sandbox.LoadState(t.sandboxState)
	if err != nil {
		return nil, err
	}
	key, err := randomKey()
	if err != nil {
		return nil, err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start in-process sandbox: %w", err)
	}
	srv := &http.Server{
		Handler:           sandbox.New(state, sandbox.Options{AdminKeys: []string{key}, Logger: logger.With("component", "sandbox")}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		if err := srv.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("in-process sandbox stopped", "error", err)
		}
	}()
	logger.Debug("in-process sandbox started", "addr", listener.Addr().String(), "state", t.sandboxState)
	opts.APIKey = admin.Secret(key)
	opts.BaseURL = "http://" + listener.Addr().String()
	return &target{client: admin.New(opts), secret: key, close: func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}}, nil
}

// randomKey returns a fresh key for an in-process sandbox, shaped like an
// admin key so that redaction covers it too.
func randomKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate sandbox key: %w", err)
	}
	return "sk-ant-admin01-sandbox-" + hex.EncodeToString(b), nil
}
