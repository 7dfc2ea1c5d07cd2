package admin

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2/option"
)

// retryStoppedHeader is set on a response whose retry the client stopped
// because the server's retry-after ends past the caller's deadline. Its
// value says why, and wrapError turns it into Error.NotRetried. The
// header never leaves the process.
const retryStoppedHeader = "Orgsync-Retry-Stopped"

// deadlineKey marks the caller's deadline in a context.
type deadlineKey struct{}

// withCallDeadline records the deadline of ctx, if any, so that the
// middleware can still see it under the SDK's shorter per-attempt
// timeout.
func withCallDeadline(ctx context.Context) context.Context {
	if deadline, ok := ctx.Deadline(); ok {
		return context.WithValue(ctx, deadlineKey{}, deadline)
	}
	return ctx
}

// callDeadline returns the deadline withCallDeadline recorded, or else
// the deadline of ctx.
func callDeadline(ctx context.Context) (time.Time, bool) {
	if deadline, ok := ctx.Value(deadlineKey{}).(time.Time); ok {
		return deadline, true
	}
	return ctx.Deadline()
}

// middleware runs around every attempt the SDK makes: it waits for the
// pacer, notes the server's clock, and stops a retry whose retry-after
// would end past the deadline.
func (c *Client) middleware(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	if c.pacer != nil {
		if err := c.pacer.wait(req.Context()); err != nil {
			return nil, err
		}
	}
	res, err := next(req)
	if err != nil || res == nil {
		return res, err
	}
	c.serverClock.observe(res)

	if retryableStatus(res.StatusCode) {
		// The SDK retries this response by itself; say so, or a long pause
		// looks like a hang.
		c.logger.InfoContext(req.Context(), "request will be retried", "method", req.Method, "path", req.URL.Path,
			"status", res.StatusCode, "retry_after", res.Header.Get("retry-after"), "request_id", res.Header.Get("request-id"),
			"attempt", req.Header.Get("X-Stainless-Retry-Count"))
	}
	wait, ok := retryAfter(res)
	if !ok || !retryableStatus(res.StatusCode) {
		return res, nil
	}
	if c.pacer != nil {
		c.pacer.pause(wait)
	}
	if deadline, ok := callDeadline(req.Context()); ok {
		if left := time.Until(deadline); wait > left {
			res.Header.Set("X-Should-Retry", "false")
			res.Header.Set(retryStoppedHeader, fmt.Sprintf("retry-after of %s ends past the deadline, %s away; raise --timeout or run again later",
				wait.Round(time.Millisecond), max(left, 0).Round(time.Millisecond)))
		}
	}
	return res, nil
}

// retryableStatus reports whether the SDK retries a response with this
// status (SDK v2.17.0: 408, 409, 429 and every 5xx).
func retryableStatus(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusConflict ||
		status == http.StatusTooManyRequests || status >= http.StatusInternalServerError
}

// retryAfter returns the wait the response requests, read the way the
// SDK reads it: retry-after-ms in milliseconds, else retry-after in
// seconds or as an HTTP date.
func retryAfter(res *http.Response) (time.Duration, bool) {
	if v := res.Header.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil {
			return max(time.Duration(ms*float64(time.Millisecond)), 0), true
		}
	}
	v := res.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseFloat(v, 64); err == nil {
		return max(time.Duration(seconds*float64(time.Second)), 0), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// serverClock estimates the server's time from the Date header of the
// latest response and the local time elapsed since it arrived.
type serverClock struct {
	mu       sync.Mutex
	date     time.Time
	received time.Time
}

func (s *serverClock) observe(res *http.Response) {
	date, err := http.ParseTime(res.Header.Get("Date"))
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.date, s.received = date, time.Now()
}

// now returns the estimated server time, and false when no response has
// carried a Date header yet.
func (s *serverClock) now() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.date.IsZero() {
		return time.Time{}, false
	}
	return s.date.Add(time.Since(s.received)), true
}
