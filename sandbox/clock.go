package sandbox

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// businessNow returns the business clock: the frozen state time when set,
// else the wall clock plus the accumulated advance. The caller holds s.mu.
func (s *Server) businessNow() time.Time {
	if s.st.Now != nil {
		return s.st.Now.UTC()
	}
	return s.opts.Now().UTC().Add(time.Duration(s.st.ClockAdvance)).Truncate(time.Second)
}

// AdvanceClock moves the business clock forward by d, which may expire
// invites. A negative d is ignored, because expiry cannot be undone.
func (s *Server) AdvanceClock(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.advanceClock(d); err != nil {
		s.logger.Warn("sandbox clock not moved", slog.Any("error", err))
		return
	}
	s.persist()
}

func (s *Server) advanceClock(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("clock advance %s is negative: the business clock only moves forward", d)
	}
	if s.st.Now != nil {
		now := s.st.Now.Add(d)
		s.st.Now = &now
	} else {
		s.st.ClockAdvance += Duration(d)
	}
	s.expireInvites()
	return nil
}

// clockJSON is the body of the clock route's response.
type clockJSON struct {
	Now time.Time `json:"now"`
}

func (s *Server) advanceClockRoute(c *call) (int, any, error) {
	var body struct {
		Advance *Duration `json:"advance"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.Advance == nil {
		return 0, nil, invalidRequest("advance is required, for example \"72h\"")
	}
	if err := s.advanceClock(time.Duration(*body.Advance)); err != nil {
		return 0, nil, invalidRequest("%v", err)
	}
	return http.StatusOK, clockJSON{Now: s.businessNow()}, nil
}
