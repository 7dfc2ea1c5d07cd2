package sandbox

import (
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"
)

// Fault makes the server fail matching requests with an error response, to
// test how clients handle errors and retries. Faults apply after
// authentication and before the handler runs, and faulted requests count as
// served requests.
type Fault struct {
	// Method is the HTTP method to match; "" matches any.
	Method string `json:"method,omitempty"`
	// Path is the exact URL path to match, such as
	// "/v1/organizations/users"; "" matches any.
	Path string `json:"path,omitempty"`
	// QueryHas, when set, matches only requests whose query has this
	// parameter, for example "after_id" to fail every page but the first.
	// The bracket form ("ids[]") counts as the parameter too.
	QueryHas string `json:"query_has,omitempty"`
	// Skip is the number of matching requests let through before failing.
	Skip int `json:"skip,omitempty"`
	// Times is the number of matching requests to fail; 0 fails them all.
	Times int `json:"times,omitempty"`
	// Status is the HTTP status of the error, such as 429, 500 or 529. A
	// status outside 400–599 is replaced by 500.
	Status int `json:"status"`
	// RetryAfter, when set, is sent as the retry-after header.
	RetryAfter string `json:"retry_after,omitempty"`
	// ErrorCode, when set, is sent as error.details.error_code.
	ErrorCode string `json:"error_code,omitempty"`
}

// faultState is a fault with the counts of requests it matched and failed.
type faultState struct {
	Fault
	matched int
	failed  int
}

// AddFault adds a fault. Faults are checked in the order they were added,
// and the first one that fails a request ends the check for it.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addFault(f)
}

func (s *Server) addFault(f Fault) {
	if f.Status < 400 || f.Status > 599 {
		s.logger.Warn("sandbox fault status replaced by 500", slog.Int("status", f.Status))
		f.Status = http.StatusInternalServerError
	}
	s.faults = append(s.faults, &faultState{Fault: f})
}

// injectFault returns the error of the first fault that fails r, or nil.
// The caller holds s.mu.
func (s *Server) injectFault(r *http.Request) *apiError {
	for _, f := range s.faults {
		if !f.matches(r) {
			continue
		}
		f.matched++
		if f.matched <= f.Skip {
			continue
		}
		if f.Times > 0 && f.failed >= f.Times {
			continue
		}
		f.failed++
		e := &apiError{status: f.Status, code: f.ErrorCode, message: "fault injected by the sandbox"}
		if f.RetryAfter != "" {
			e.header = http.Header{"Retry-After": {f.RetryAfter}}
		}
		return e
	}
	return nil
}

func (f *faultState) matches(r *http.Request) bool {
	if f.Method != "" && f.Method != r.Method {
		return false
	}
	if f.Path != "" && f.Path != r.URL.Path {
		return false
	}
	if f.QueryHas != "" {
		q := r.URL.Query()
		if !q.Has(f.QueryHas) && !q.Has(f.QueryHas+"[]") {
			return false
		}
	}
	return true
}

func (s *Server) addFaultRoute(c *call) (int, any, error) {
	var f Fault
	if err := decodeBody(c, &f, false); err != nil {
		return 0, nil, err
	}
	if f.Status < 400 || f.Status > 599 {
		return 0, nil, invalidRequest("status %d is invalid: use an error status from 400 to 599", f.Status)
	}
	if f.Skip < 0 || f.Times < 0 {
		return 0, nil, invalidRequest("skip and times must not be negative")
	}
	s.addFault(f)
	return http.StatusOK, f, nil
}

// rateLimiter is a fixed-window limiter: at most limit requests in each
// 60-second window, the first window starting at the first request.
type rateLimiter struct {
	limit       int
	windowStart time.Time
	count       int
}

const rateWindow = time.Minute

// take counts one request at now and returns a 429 error when the window's
// limit is exceeded.
func (l *rateLimiter) take(now time.Time) *apiError {
	if l.limit < 0 {
		return nil
	}
	if l.windowStart.IsZero() || !now.Before(l.windowStart.Add(rateWindow)) {
		l.windowStart = now
		l.count = 0
	}
	l.count++
	if l.count <= l.limit {
		return nil
	}
	wait := l.windowStart.Add(rateWindow).Sub(now)
	seconds := max(1, int(math.Ceil(wait.Seconds())))
	return &apiError{
		status:  http.StatusTooManyRequests,
		message: "rate limit of " + strconv.Itoa(l.limit) + " requests per minute exceeded",
		header:  http.Header{"Retry-After": {strconv.Itoa(seconds)}},
	}
}
