package spec

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse. It must never panic, must
// return either a spec or an Errors with at least one positioned problem,
// and must accept again the spec it accepted. Seeds are the files under
// testdata/fuzz-seeds and the checked-in corpus under testdata/fuzz.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz-seeds", "*.yaml"))
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %v is not a non-empty Errors", err)
			}
			if s != nil {
				t.Fatalf("Parse returned a spec with error %v", err)
			}
			return
		}
		if s == nil {
			t.Fatal("Parse returned neither a spec nor an error")
		}
		if s.Version != 1 {
			t.Fatalf("accepted spec has version %d, want 1", s.Version)
		}
		if _, err := Parse("fuzz.yaml", data); err != nil {
			t.Fatalf("second Parse of an accepted spec failed: %v", err)
		}
	})
}
