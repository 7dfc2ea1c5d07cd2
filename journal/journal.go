package journal

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/internal/redact"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
)

// Options describes the run a journal records.
type Options struct {
	// DryRun marks a plan that was not applied.
	DryRun bool
	// Version is the orgsync version.
	Version string
	// Overrides are the flags that lift safety rules, as typed.
	Overrides []string
	Actor     Actor
	// Secrets are removed from every error and skip reason, in addition to
	// the credential patterns internal/redact recognises.
	Secrets []string
	// Now returns the time of each record; nil means time.Now.
	Now func() time.Time
	// RunID identifies the run; empty means a random one.
	RunID string
}

// Journal appends the records of one run to a file. It implements
// apply.Recorder. It is safe for concurrent use, although apply records
// one change at a time.
type Journal struct {
	mu      sync.Mutex
	file    *os.File
	opts    Options
	planned int
	seq     int
	counts  Counts
	closed  bool
}

var _ apply.Recorder = (*Journal)(nil)

// Open opens or creates the file at path for appending, with mode 0600
// for a new file, and writes the run_start record of p.
func Open(path string, p *plan.Plan, opts Options) (*Journal, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RunID == "" {
		id, err := newRunID()
		if err != nil {
			return nil, err
		}
		opts.RunID = id
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log %s: %w", path, err)
	}
	j := &Journal{file: file, opts: opts, planned: len(p.Changes)}
	overrides := opts.Overrides
	if overrides == nil {
		overrides = []string{}
	}
	start := RunStart{
		Type:            TypeRunStart,
		RunID:           opts.RunID,
		Time:            j.now(),
		DryRun:          opts.DryRun,
		Version:         opts.Version,
		Organization:    Organization(p.Organization),
		Source:          Source(p.Source),
		PlanFingerprint: render.Fingerprint(p),
		Prune:           p.Prune,
		Overrides:       overrides,
		Actor:           opts.Actor,
		Changes:         len(p.Changes),
	}
	start.Source.Repository = j.redact(start.Source.Repository)
	if err := j.write(start); err != nil {
		return nil, errors.Join(err, file.Close())
	}
	return j, nil
}

// RunID returns the id that every record of the run carries.
func (j *Journal) RunID() string { return j.opts.RunID }

// Record appends the change record of res and syncs the file. apply.Run
// stops when it returns an error.
func (j *Journal) Record(res apply.Result) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return errors.New("audit log is closed")
	}
	j.seq++
	rec := j.changeRecord(res)
	switch res.Status {
	case apply.Applied:
		j.counts.Applied++
	case apply.Failed:
		j.counts.Failed++
	case apply.Skipped:
		j.counts.Skipped++
	case apply.DryRun:
		j.counts.DryRun++
	}
	return j.write(rec)
}

func (j *Journal) changeRecord(res apply.Result) Change {
	c := res.Change
	rec := Change{
		Type: TypeChange, RunID: j.opts.RunID, Seq: j.seq, Time: j.now(),
		Action: c.Action, Kind: c.Kind, Target: target(c), Email: c.Email,
		Workspace: c.Workspace, WorkspaceID: c.WorkspaceID, UserID: c.UserID, InviteID: c.InviteID,
		Before: map[string]string{}, After: map[string]string{}, Effects: c.Effects(),
		Result: string(res.Status), SkipReason: j.redact(res.SkipReason),
		HTTPStatus: res.HTTPStatus, RequestID: res.RequestID, CreatedID: res.CreatedID,
		DurationMS: float64(res.Duration.Microseconds()) / 1000,
	}
	if rec.Effects == nil {
		rec.Effects = []plan.Effect{}
	}
	if res.Err != nil {
		rec.Error = j.redact(res.Err.Error())
	}
	for _, f := range c.Fields {
		if f.Before != "" {
			rec.Before[f.Name] = f.Before
		}
		if f.After != "" {
			rec.After[f.Name] = f.After
		}
	}
	return rec
}

// Close appends the run_end record with the exit code and closes the
// file. Changes of the plan that were never recorded are counted as
// not_recorded. Close may be called once; later calls do nothing.
func (j *Journal) Close(exitCode int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil
	}
	j.closed = true
	counts := j.counts
	counts.NotRecorded = max(0, j.planned-j.seq)
	end := RunEnd{Type: TypeRunEnd, RunID: j.opts.RunID, Time: j.now(), DryRun: j.opts.DryRun, Counts: counts, ExitCode: exitCode}
	err := j.write(end)
	return errors.Join(err, j.file.Close())
}

// write appends one record as a line and syncs the file, so the record is
// on disk before the caller goes on.
func (j *Journal) write(rec any) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("audit log %s: encode record: %w", j.file.Name(), err)
	}
	if _, err := j.file.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("audit log %s: %w", j.file.Name(), err)
	}
	if err := j.file.Sync(); err != nil {
		return fmt.Errorf("audit log %s: sync: %w", j.file.Name(), err)
	}
	return nil
}

func (j *Journal) now() string {
	return j.opts.Now().UTC().Format(time.RFC3339Nano)
}

func (j *Journal) redact(s string) string {
	return redact.String(s, j.opts.Secrets...)
}

// target names the object a change acts on, the same way for every
// record: "workspace NAME", "person EMAIL" or "workspace_member EMAIL in
// NAME".
func target(c plan.Change) string {
	switch c.Kind {
	case plan.KindWorkspace:
		return fmt.Sprintf("workspace %q", c.Workspace)
	case plan.KindPerson:
		return "person " + c.Email
	case plan.KindMember:
		return fmt.Sprintf("workspace_member %s in %q", c.Email, c.Workspace)
	}
	return string(c.Kind)
}

func newRunID() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate run id: %w", err)
	}
	return "run_" + hex.EncodeToString(b), nil
}
