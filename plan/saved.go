package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// SavedKind marks a file as a saved plan.
const SavedKind = "orgsync-saved-plan"

// ErrSavedPlanEdited means a saved plan's checksum does not match its
// content: the file was edited or damaged after it was written.
var ErrSavedPlanEdited = errors.New("saved plan was edited after it was written")

// Saved is a plan written by "orgsync plan --out" for a later apply. It
// holds no secrets: no key, no token, no credentials in URLs.
type Saved struct {
	Kind          string    `json:"kind"`
	FormatVersion int       `json:"format_version"`
	CreatedAt     time.Time `json:"created_at"`
	// SpecFiles are the spec's files as read, so that the check after
	// apply can plan again from the same spec.
	SpecFiles []SpecFile `json:"spec_files"`
	// Options are the planning flags, so that the check after apply
	// plans the same way.
	Options SavedOptions `json:"options"`
	// LiveFingerprint is live.State.Fingerprint of the state the plan was
	// computed from; apply refuses when the organisation has changed since.
	LiveFingerprint string `json:"live_fingerprint"`
	// MemberWorkspaceIDs are the workspaces whose members were read.
	MemberWorkspaceIDs []string `json:"member_workspace_ids"`
	Plan               *Plan    `json:"plan"`
	// Checksum is the sha256 of the file's canonical JSON without this
	// field. It detects edits and damage; it is not a signature, so it
	// cannot stop someone who recomputes it.
	Checksum string `json:"checksum"`
}

// SpecFile is one file of a spec.
type SpecFile struct {
	Name string `json:"name"`
	Data string `json:"data"`
}

// SavedOptions are the flags a plan was computed with.
type SavedOptions struct {
	Prune             bool `json:"prune"`
	Force             bool `json:"force"`
	MaxRemovals       int  `json:"max_removals"`
	AllowAdminChanges bool `json:"allow_admin_changes"`
}

// Write stores a saved plan at path, computing its checksum.
func (s *Saved) Write(path string) error {
	s.Kind, s.FormatVersion = SavedKind, 1
	sum, err := s.checksum()
	if err != nil {
		return err
	}
	s.Checksum = sum
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("saved plan %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("saved plan: %w", err)
	}
	return nil
}

// IsSaved reports whether data looks like a saved plan rather than a spec.
func IsSaved(data []byte) bool {
	var head struct {
		Kind string `json:"kind"`
	}
	trimmed := bytes.TrimSpace(data)
	return len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &head) == nil && head.Kind == SavedKind
}

// ReadSaved loads a saved plan and checks that it was not edited.
func ReadSaved(path string, data []byte) (*Saved, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Saved
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("saved plan %s: %w", path, err)
	}
	if s.Kind != SavedKind || s.FormatVersion != 1 {
		return nil, fmt.Errorf("saved plan %s: kind %q version %d is not a saved plan this orgsync reads", path, s.Kind, s.FormatVersion)
	}
	sum, err := s.checksum()
	if err != nil {
		return nil, err
	}
	if sum != s.Checksum {
		return nil, fmt.Errorf("saved plan %s: %w; plan again with --out", path, ErrSavedPlanEdited)
	}
	if s.Plan == nil {
		return nil, fmt.Errorf("saved plan %s: no plan", path)
	}
	return &s, nil
}

func (s *Saved) checksum() (string, error) {
	copied := *s
	copied.Checksum = ""
	data, err := json.Marshal(copied)
	if err != nil {
		return "", fmt.Errorf("saved plan checksum: %w", err)
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}
