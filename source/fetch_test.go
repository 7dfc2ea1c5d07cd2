package source_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/source"
)

const (
	peopleV1 = "version: 1\nusers:\n  - email: ada@acme.example\n    role: admin\n"
	peopleV2 = "version: 1\nusers:\n  - email: ada@acme.example\n    role: admin\n  - email: bo@acme.example\n    role: developer\n"
	research = "version: 1\nworkspaces:\n  - name: research\n    members: []\n"
)

// fixture is a repository with history on main, a tag of each kind, a
// feature branch and a spec directory:
//
//	first:  org.yaml = peopleV1                  (tag v1, lightweight)
//	second: org.yaml = peopleV2, specs/ added    (tag v2, annotated; main)
//	third:  org.yaml = peopleV1 again            (branch feature only)
type fixture struct {
	repo                 *testRepo
	first, second, third string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	r := newTestRepo(t)
	f := &fixture{repo: r}
	f.first = r.commit(map[string]string{"org.yaml": peopleV1}, nil)
	r.tag("v1", f.first, "")
	f.second = r.commit(map[string]string{
		"org.yaml":               peopleV2,
		"specs/people.yaml":      peopleV2,
		"specs/ws/research.yaml": research,
		"specs/README.md":        "not a spec",
	}, nil)
	r.tag("v2", f.second, "release 2")
	r.branch("feature")
	f.third = r.commit(map[string]string{"org.yaml": peopleV1}, nil)
	r.checkout("main")
	return f
}

func TestFetchLocal(t *testing.T) {
	f := newFixture(t)
	fileURL := "file://" + filepath.ToSlash(f.repo.dir)

	tests := []struct {
		name       string
		req        source.Request
		wantRef    string
		wantCommit string
		wantFiles  map[string]string
	}{
		{
			name:       "head of a path",
			req:        source.Request{Repository: f.repo.dir, Path: "org.yaml"},
			wantRef:    "HEAD",
			wantCommit: f.second,
			wantFiles:  map[string]string{"org.yaml": peopleV2},
		},
		{
			name:       "branch by file URL",
			req:        source.Request{Repository: fileURL, Ref: "feature", Path: "org.yaml"},
			wantRef:    "feature",
			wantCommit: f.third,
			wantFiles:  map[string]string{"org.yaml": peopleV1},
		},
		{
			name:       "lightweight tag",
			req:        source.Request{Repository: fileURL, Ref: "v1", Path: "org.yaml"},
			wantRef:    "v1",
			wantCommit: f.first,
			wantFiles:  map[string]string{"org.yaml": peopleV1},
		},
		{
			name:       "annotated tag",
			req:        source.Request{Repository: f.repo.dir, Ref: "v2", Path: "org.yaml"},
			wantRef:    "v2",
			wantCommit: f.second,
			wantFiles:  map[string]string{"org.yaml": peopleV2},
		},
		{
			name:       "full commit SHA",
			req:        source.Request{Repository: fileURL, Ref: f.first, Path: "org.yaml"},
			wantRef:    f.first,
			wantCommit: f.first,
			wantFiles:  map[string]string{"org.yaml": peopleV1},
		},
		{
			name:       "subdirectory",
			req:        source.Request{Repository: f.repo.dir, Ref: "main", Path: "specs"},
			wantRef:    "main",
			wantCommit: f.second,
			wantFiles:  map[string]string{"specs/people.yaml": peopleV2, "specs/ws/research.yaml": research},
		},
		{
			name:       "top directory",
			req:        source.Request{Repository: f.repo.dir, Ref: "v1"},
			wantRef:    "v1",
			wantCommit: f.first,
			wantFiles:  map[string]string{"org.yaml": peopleV1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := source.Fetch(context.Background(), tt.req, source.Options{})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if res.Ref != tt.wantRef {
				t.Errorf("Ref = %q, want %q", res.Ref, tt.wantRef)
			}
			if res.Commit != tt.wantCommit {
				t.Errorf("Commit = %s, want %s", res.Commit, tt.wantCommit)
			}
			if res.Repository != tt.req.Repository {
				t.Errorf("Repository = %q, want %q", res.Repository, tt.req.Repository)
			}
			if diff := cmp.Diff(tt.wantFiles, filesByName(res)); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFetchLocalErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		req  source.Request
		want error
	}{
		{"missing branch", source.Request{Repository: f.repo.dir, Ref: "nope", Path: "org.yaml"}, source.ErrRefNotFound},
		{"unknown commit", source.Request{Repository: f.repo.dir, Ref: "0123456789abcdef0123456789abcdef01234567", Path: "org.yaml"}, source.ErrRefNotFound},
		{"abbreviated commit", source.Request{Repository: f.repo.dir, Ref: f.first[:8], Path: "org.yaml"}, source.ErrRefNotFound},
		{"missing file", source.Request{Repository: f.repo.dir, Path: "people.yaml"}, source.ErrPathNotFound},
		{"file missing at an older commit", source.Request{Repository: f.repo.dir, Ref: "v1", Path: "specs"}, source.ErrPathNotFound},
		{"directory without specs", source.Request{Repository: f.repo.dir, Path: "specs/ws/none"}, source.ErrPathNotFound},
		{"missing repository", source.Request{Repository: filepath.Join(t.TempDir(), "none"), Path: "org.yaml"}, source.ErrRepositoryNotFound},
		{"directory that is no repository", source.Request{Repository: t.TempDir(), Path: "org.yaml"}, source.ErrRepositoryNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := source.Fetch(context.Background(), tt.req, source.Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Fetch error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestFetchDirectoryWithoutSpecs(t *testing.T) {
	r := newTestRepo(t)
	r.commit(map[string]string{"docs/README.md": "no spec here", "org.yaml": peopleV1}, nil)

	_, err := source.Fetch(context.Background(), source.Request{Repository: r.dir, Path: "docs"}, source.Options{})
	if !errors.Is(err, source.ErrNoSpecFiles) {
		t.Fatalf("Fetch error = %v, want %v", err, source.ErrNoSpecFiles)
	}
}

func TestCheckBranch(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name    string
		ref     string
		branch  string
		wantErr error
	}{
		{"head of main", "main", "main", nil},
		{"annotated tag at the head of main", "v2", "main", nil},
		{"commit behind main", "v1", "main", source.ErrNotBranchHead},
		{"feature branch against main", "feature", "main", source.ErrNotBranchHead},
		{"missing branch", "main", "release", source.ErrNotBranchHead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := source.Fetch(context.Background(), source.Request{Repository: f.repo.dir, Ref: tt.ref, Path: "org.yaml"}, source.Options{})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			err = res.CheckBranch(tt.branch)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("CheckBranch(%q) = %v, want %v", tt.branch, err, tt.wantErr)
			}
		})
	}
}

func filesByName(res *source.Result) map[string]string {
	got := map[string]string{}
	for _, f := range res.Files {
		got[f.Name] = string(f.Data)
	}
	return got
}
