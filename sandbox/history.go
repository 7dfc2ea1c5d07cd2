package sandbox

import "time"

// maxHistory is how many past states the server keeps for lagging lists.
const maxHistory = 256

// stateRecord is the state as it stood after a write, at wall-clock time
// at.
type stateRecord struct {
	at time.Time
	st *State
}

// recordHistory keeps a copy of the current state, dropping the oldest
// copy past maxHistory. The caller holds s.mu.
func (s *Server) recordHistory() {
	s.history = append(s.history, stateRecord{at: s.opts.Now(), st: s.st.clone()})
	if len(s.history) > maxHistory {
		s.history = s.history[len(s.history)-maxHistory:]
	}
}

// laggedState returns a copy of the state as it stood writes writes ago,
// or d ago on the wall clock, whichever is older. A lag longer than the
// history kept returns the oldest state kept. The caller holds s.mu.
func (s *Server) laggedState(writes int, d time.Duration) *State {
	index := len(s.history) - 1
	if writes > 0 {
		index = min(index, len(s.history)-1-writes)
	}
	if d > 0 {
		cutoff := s.opts.Now().Add(-d)
		for index > 0 && s.history[index].at.After(cutoff) {
			index--
		}
	}
	return s.history[max(index, 0)].st.clone()
}
