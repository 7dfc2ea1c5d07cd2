package sandbox

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// sandboxPrefix starts the paths of the routes that only the sandbox has.
const sandboxPrefix = "/_sandbox/"

// Options configures a Server.
type Options struct {
	// AdminKeys are the accepted API keys. A request that carries none of
	// them gets 401, so a server with no keys rejects every request.
	AdminKeys []string
	// RateLimit is the number of requests allowed per 60-second window. 0
	// means 100, the documented Admin API limit, and a negative value
	// disables the limit. Requests that fail authentication and requests
	// to /_sandbox/ routes are not counted.
	RateLimit int
	// Now is the wall clock of the rate limiter and, when the state has no
	// frozen "now", of the business clock. Nil means time.Now.
	Now func() time.Time
	// StatePath, when set, is the file the state is saved to after every
	// successful write.
	StatePath string
	// MaxPageItems, when positive, caps the number of items in a page below
	// the requested limit, imitating a server that returns short pages.
	// has_more still reports whether more items follow.
	MaxPageItems int
	// Logger receives request logs. Nil discards them.
	Logger *slog.Logger
}

// Request is the record of one request the server served.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	// Status is the status the server chose. A request whose connection a
	// fault reset has the status of the handler, or 0 when the handler did
	// not run.
	Status int
	// Reset reports that a fault closed the connection instead of sending
	// the response.
	Reset bool
}

// Server is an http.Handler that imitates the Admin API over a State. It is
// safe for concurrent use.
type Server struct {
	opts   Options
	logger *slog.Logger
	routes []route

	mu         sync.Mutex
	st         *State
	requestSeq int
	requests   []Request
	faults     []*faultState
	limiter    rateLimiter
	// history holds the states after recent writes, oldest first, the last
	// one equal to st.
	history []stateRecord
}

// New returns a server that serves a deep copy of st. New fills the
// optional fields of st but does not validate it: read state from outside
// the program with LoadState or ParseState.
func New(st *State, opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 100
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	own := st.clone()
	own.fillDefaults()
	s := &Server{
		opts:    opts,
		logger:  logger,
		routes:  routeTable(),
		st:      own,
		limiter: rateLimiter{limit: opts.RateLimit},
	}
	s.recordHistory()
	return s
}

// Snapshot returns a deep copy of the current state.
func (s *Server) Snapshot() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireInvites()
	return s.st.clone()
}

// Requests returns every request served so far, in order. Requests to the
// sandbox-only routes under /_sandbox/ are not recorded.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ServeHTTP serves one request. Every response carries a request-id
// header. A fault may delay the response or close the connection instead.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	res := s.respond(r)
	if res.latency > 0 {
		timer := time.NewTimer(res.latency)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
		}
	}
	if res.reset {
		s.resetConnection(w)
		return
	}
	for name, values := range res.header {
		w.Header()[name] = values
	}
	w.Header().Set("request-id", res.requestID)
	w.Header().Set("Date", res.date.Format(http.TimeFormat))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(res.status)
	w.Write(res.body)
}

// response is an encoded response, ready to write.
type response struct {
	requestID string
	// date is the business clock when the request was served, sent as the
	// Date header so that clients judge invite expiry by the sandbox's time.
	date   time.Time
	status int
	header http.Header
	body   []byte
	// latency and reset come from a fault.
	latency time.Duration
	reset   bool
}

// resetConnection closes the client's connection without a response. It
// falls back to a 500 with no body when the connection cannot be taken
// over, as under HTTP/2.
func (s *Server) resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		s.logger.Warn("sandbox connection not reset", slog.Any("error", err))
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	conn.Close()
}

// respond computes, records and logs the response to r under s.mu, so that
// writing it to a slow client does not block other requests.
func (s *Server) respond(r *http.Request) response {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.requestSeq++
	res := response{requestID: fmt.Sprintf("req_%06d", s.requestSeq), date: s.businessNow()}
	isSandboxRoute := strings.HasPrefix(r.URL.Path, sandboxPrefix)

	status, body, apiErr, effect := s.serve(r, isSandboxRoute)
	res.latency, res.reset = effect.latency, effect.reset
	if apiErr != nil {
		status = apiErr.status
		body = newErrorBody(apiErr, res.requestID)
		res.header = apiErr.header
	}
	data, err := json.Marshal(body)
	if err != nil {
		s.logger.Error("sandbox response not encoded", slog.String("path", r.URL.Path), slog.Any("error", err))
		status = http.StatusInternalServerError
		data = []byte(`{"type":"error","error":{"type":"api_error","message":"response could not be encoded"},"request_id":"` + res.requestID + `"}`)
	}
	res.status, res.body = status, data

	if !isSandboxRoute {
		recorded := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Status: status, Reset: effect.reset}
		if effect.skipHandler {
			recorded.Status = 0
		}
		s.requests = append(s.requests, recorded)
	}
	attrs := []any{
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", status), slog.String("request_id", res.requestID),
	}
	s.logger.Debug("sandbox request", attrs...)
	if apiErr != nil {
		s.logger.Info("sandbox error response", append(attrs, slog.String("message", apiErr.message))...)
	}
	return res
}

// serve authenticates, applies the rate limit and faults, and runs the
// handler of the matching route. The caller holds s.mu.
func (s *Server) serve(r *http.Request, isSandboxRoute bool) (int, any, *apiError, faultEffect) {
	if !s.authenticated(r) {
		return 0, nil, &apiError{status: http.StatusUnauthorized, message: "invalid x-api-key"}, faultEffect{}
	}
	var effect faultEffect
	if !isSandboxRoute {
		if err := s.limiter.take(s.opts.Now()); err != nil {
			return 0, nil, err, effect
		}
		effect = s.injectFault(r)
		if effect.err != nil || effect.skipHandler {
			return 0, nil, effect.err, effect
		}
	}
	status, body, err := s.handle(r, effect)
	return status, body, err, effect
}

// handle runs the handler of the route matching r, reading the lagged
// state of effect when it has one, and saves the state after a write.
// The caller holds s.mu.
func (s *Server) handle(r *http.Request, effect faultEffect) (int, any, *apiError) {
	rt, params, routeErr := s.match(r)
	if routeErr != nil {
		return 0, nil, routeErr
	}
	if effect.state != nil && !rt.write {
		current := s.st
		s.st = effect.state
		defer func() { s.st = current }()
	}

	s.expireInvites()
	c := &call{req: r, params: params, query: r.URL.Query()}
	status, body, err := rt.handle(s, c)
	if err != nil {
		var apiErr *apiError
		if errors.As(err, &apiErr) {
			return 0, nil, apiErr
		}
		s.logger.Error("sandbox handler failed", slog.String("path", r.URL.Path), slog.Any("error", err))
		return 0, nil, &apiError{status: http.StatusInternalServerError, message: "internal server error"}
	}
	if rt.write {
		s.recordHistory()
		if err := s.persist(); err != nil {
			return 0, nil, &apiError{status: http.StatusInternalServerError, message: "the change was applied but the state file could not be saved"}
		}
	}
	return status, body, nil
}

// authenticated reports whether the request carries an accepted key in
// x-api-key or as an Authorization bearer token.
func (s *Server) authenticated(r *http.Request) bool {
	var presented []string
	if key := r.Header.Get("x-api-key"); key != "" {
		presented = append(presented, key)
	}
	if token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && token != "" {
		presented = append(presented, token)
	}
	for _, key := range presented {
		for _, accepted := range s.opts.AdminKeys {
			if subtle.ConstantTimeCompare([]byte(key), []byte(accepted)) == 1 {
				return true
			}
		}
	}
	return false
}

// persist saves the state to Options.StatePath when it is set. The caller
// holds s.mu.
func (s *Server) persist() error {
	if s.opts.StatePath == "" {
		return nil
	}
	if err := s.st.Save(s.opts.StatePath); err != nil {
		s.logger.Error("sandbox state not saved", slog.Any("error", err))
		return err
	}
	return nil
}

// newID returns an unused ID made of prefix and the zero-padded counter, and
// advances the counter. The caller holds s.mu.
func (s *Server) newID(prefix string) string {
	for {
		id := fmt.Sprintf("%s%04d", prefix, s.st.NextID)
		s.st.NextID++
		if !s.idInUse(id) {
			return id
		}
	}
}

func (s *Server) idInUse(id string) bool {
	for _, u := range s.st.Users {
		if u.ID == id {
			return true
		}
	}
	for _, inv := range s.st.Invites {
		if inv.ID == id {
			return true
		}
	}
	for _, ws := range s.st.Workspaces {
		if ws.ID == id {
			return true
		}
	}
	return s.st.settingsIDInUse(id)
}

// stateRoute serves the current state in the state file format.
func (s *Server) stateRoute(c *call) (int, any, error) {
	return http.StatusOK, s.st.clone(), nil
}
