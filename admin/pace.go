package admin

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// paceWindow is the window the Admin API counts its rate limit in.
const paceWindow = time.Minute

// Clock is the time source of the request pacer. Tests inject a clock
// whose SleepUntil moves its time forward at once, so that pacing a long
// run takes no real time.
type Clock interface {
	Now() time.Time
	// SleepUntil blocks until the clock reads t or later, or until ctx is
	// done, in which case it returns ctx.Err().
	SleepUntil(ctx context.Context, t time.Time) error
}

// systemClock is the real clock.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) SleepUntil(ctx context.Context, t time.Time) error {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// PaceError means a request was not sent because the pacer would have had
// to wait past the caller's deadline.
type PaceError struct {
	// Wait is how long the request would have had to wait.
	Wait time.Duration
	// Left is the time that was left before the deadline.
	Left time.Duration
}

func (e *PaceError) Error() string {
	return fmt.Sprintf("request not sent: the rate limit pace allows it in %s, but the deadline is %s away; raise --timeout or run again later",
		e.Wait.Round(time.Millisecond), e.Left.Round(time.Millisecond))
}

// pacer lets at most limit requests go in any window of paceWindow on its
// clock. It keeps the release times of the last limit requests, so a run
// of fewer requests than limit is never slowed down, and a longer run
// settles at limit requests a minute. A server that responds 429 with
// retry-after pauses every request until that time has passed.
//
// Waiters take turns: the one holding turn sleeps until its slot while
// the others wait for the turn, so release times are recorded in order.
type pacer struct {
	limit int
	clock Clock
	turn  chan struct{}

	// released is a ring of the last limit release times; next indexes
	// the oldest once the ring is full. Only the turn holder touches them.
	released []time.Time
	next     int

	mu          sync.Mutex
	pausedUntil time.Time
}

func newPacer(limit int, clock Clock) *pacer {
	return &pacer{limit: limit, clock: clock, turn: make(chan struct{}, 1), released: make([]time.Time, 0, limit)}
}

// wait blocks until the next request may go. It fails at once with a
// *PaceError when that time is past the deadline in ctx, and returns
// ctx.Err() when ctx ends first.
func (p *pacer) wait(ctx context.Context) error {
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.turn }()

	for {
		now := p.clock.Now()
		slot := p.slot()
		if !slot.After(now) {
			p.record(now)
			return nil
		}
		wait := slot.Sub(now)
		// The deadline is on the real clock and the slot on p.clock, which
		// a test may run fast, so the two are compared as durations.
		if deadline, ok := callDeadline(ctx); ok {
			if left := time.Until(deadline); wait > left {
				return &PaceError{Wait: wait, Left: max(left, 0)}
			}
		}
		if err := p.clock.SleepUntil(ctx, slot); err != nil {
			return err
		}
	}
}

// slot returns the earliest time the next request may go. The caller
// holds the turn.
func (p *pacer) slot() time.Time {
	p.mu.Lock()
	slot := p.pausedUntil
	p.mu.Unlock()
	if len(p.released) == p.limit {
		slot = later(slot, p.released[p.next].Add(paceWindow))
	}
	return slot
}

// record notes a release at t. The caller holds the turn.
func (p *pacer) record(t time.Time) {
	if len(p.released) < p.limit {
		p.released = append(p.released, t)
		return
	}
	p.released[p.next] = t
	p.next = (p.next + 1) % p.limit
}

// pause holds every request back until d has passed on the pacer's clock.
func (p *pacer) pause(d time.Duration) {
	until := p.clock.Now().Add(d)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pausedUntil = later(p.pausedUntil, until)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
