package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"
)

// Fault actions. The zero Action is ActionError.
const (
	// ActionError responds with an error of Fault.Status.
	ActionError = "error"
	// ActionReset closes the connection without handling the request.
	ActionReset = "reset"
	// ActionLoseResponse handles the request, saving any change, and then
	// closes the connection without a response: a write that succeeded
	// but whose response was lost.
	ActionLoseResponse = "lose_response"
	// ActionLag serves the request from an older state, as it was
	// Fault.LagWrites writes ago or Fault.LagFor ago on the wall clock,
	// imitating a list that lags behind writes. On a write it has no
	// effect beyond Latency.
	ActionLag = "lag"
	// ActionDelay only adds Fault.Latency.
	ActionDelay = "delay"
)

// Fault makes the server misbehave on matching requests, to test how
// clients handle errors, retries and lag. Faults apply after
// authentication and the rate limit and before the handler runs, and
// faulted requests count as served requests.
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
	// Action is the fault's behaviour, one of the Action constants. Empty
	// means ActionError.
	Action string `json:"action,omitempty"`
	// Status is the HTTP status of ActionError, such as 429, 500 or 529.
	// A status outside 400–599 is replaced by 500.
	Status int `json:"status,omitempty"`
	// Latency delays the response of every action, outside the server's
	// lock, on the real clock.
	Latency Duration `json:"latency,omitempty"`
	// LagWrites is how many writes behind the current state ActionLag
	// serves.
	LagWrites int `json:"lag_writes,omitempty"`
	// LagFor is how far behind the wall clock (Options.Now) ActionLag
	// serves: the state as it stood LagFor ago.
	LagFor Duration `json:"lag_for,omitempty"`
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
// and the first one that acts on a request ends the check for it. A fault
// with an invalid action or status is logged and replaced by a 500 error.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := f.validate(); err != nil {
		s.logger.Warn("sandbox fault replaced by a 500 error", slog.Any("error", err))
		f = Fault{Method: f.Method, Path: f.Path, QueryHas: f.QueryHas, Skip: f.Skip, Times: f.Times, Status: http.StatusInternalServerError}
	}
	s.faults = append(s.faults, &faultState{Fault: f})
}

// validate checks the fault's action and the fields that action uses.
func (f Fault) validate() error {
	switch f.Action {
	case "", ActionError:
		if f.Status < 400 || f.Status > 599 {
			return fmt.Errorf("status %d is invalid: use an error status from 400 to 599", f.Status)
		}
	case ActionReset, ActionLoseResponse, ActionDelay:
	case ActionLag:
		if f.LagWrites <= 0 && f.LagFor <= 0 {
			return fmt.Errorf("action lag needs lag_writes or lag_for")
		}
	default:
		return fmt.Errorf("action %q is invalid: use error, reset, lose_response, lag or delay", f.Action)
	}
	if f.Skip < 0 || f.Times < 0 || f.LagWrites < 0 || f.Latency < 0 || f.LagFor < 0 {
		return fmt.Errorf("skip, times, lag_writes, latency and lag_for must not be negative")
	}
	if f.RetryAfter != "" {
		// HTTP allows delay-seconds or an HTTP date; a value such as "3s"
		// would be sent as is and ignored by every client.
		if _, err := strconv.ParseFloat(f.RetryAfter, 64); err != nil {
			if _, err := http.ParseTime(f.RetryAfter); err != nil {
				return fmt.Errorf("retry_after %q is invalid: use seconds, such as \"3\", or an HTTP date", f.RetryAfter)
			}
		}
	}
	return nil
}

// ParseFault decodes a fault from its JSON form, the body of POST
// /_sandbox/faults, and checks it. Unknown fields are rejected.
func ParseFault(data []byte) (Fault, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Fault
	if err := dec.Decode(&f); err != nil {
		return Fault{}, fmt.Errorf("fault %s: invalid JSON: %w", data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Fault{}, fmt.Errorf("fault %s: invalid JSON: unexpected data after the object", data)
	}
	if err := f.validate(); err != nil {
		return Fault{}, fmt.Errorf("fault %s: %w", data, err)
	}
	return f, nil
}

// faultEffect is what the faults do to one request.
type faultEffect struct {
	// err, when set, is the response instead of the handler's.
	err *apiError
	// latency delays the response.
	latency time.Duration
	// skipHandler closes the connection before the handler runs.
	skipHandler bool
	// reset closes the connection instead of writing the response.
	reset bool
	// state, when set, is the older state the handler reads.
	state *State
}

// injectFault returns what the first fault that acts on r does. The
// caller holds s.mu.
func (s *Server) injectFault(r *http.Request) faultEffect {
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
		effect := faultEffect{latency: time.Duration(f.Latency)}
		switch f.Action {
		case ActionReset:
			effect.skipHandler, effect.reset = true, true
		case ActionLoseResponse:
			effect.reset = true
		case ActionLag:
			effect.state = s.laggedState(f.LagWrites, time.Duration(f.LagFor))
		case ActionDelay:
		default:
			effect.err = &apiError{status: f.Status, code: f.ErrorCode, message: "fault injected by the sandbox"}
			if f.RetryAfter != "" {
				effect.err.header = http.Header{"Retry-After": {f.RetryAfter}}
			}
		}
		return effect
	}
	return faultEffect{}
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
	if err := f.validate(); err != nil {
		return 0, nil, invalidRequest("%v", err)
	}
	s.faults = append(s.faults, &faultState{Fault: f})
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
