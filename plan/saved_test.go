package plan

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func savedSample() *Saved {
	return &Saved{
		CreatedAt:       time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC),
		SpecFiles:       []SpecFile{{Name: "org.yaml", Data: "version: 1\n"}},
		Options:         SavedOptions{Prune: true},
		LiveFingerprint: "sha256:abc",
		Plan: &Plan{Organization: Organization{ID: "org-1", Name: "Acme"},
			Changes: []Change{{Kind: KindPerson, Action: Create, Email: "a@example.com", Fields: []Field{{Name: "role", After: "user"}}}}},
	}
}

func TestSavedRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	want := savedSample()
	if err := want.Write(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !IsSaved(data) {
		t.Fatalf("IsSaved = false for a written plan")
	}
	got, err := ReadSaved(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestSavedDetectsEdits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := savedSample().Write(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	edited := strings.Replace(string(data), `"a@example.com"`, `"mallory@example.com"`, 1)
	if edited == string(data) {
		t.Fatal("test did not edit the file")
	}
	_, err := ReadSaved(path, []byte(edited))
	if !errors.Is(err, ErrSavedPlanEdited) {
		t.Errorf("ReadSaved of an edited plan: %v, want ErrSavedPlanEdited", err)
	}
}

func TestIsSaved(t *testing.T) {
	for _, input := range []string{"version: 1\nusers: []\n", "", "{}", `{"kind": "other"}`} {
		if IsSaved([]byte(input)) {
			t.Errorf("IsSaved(%q) = true", input)
		}
	}
}
