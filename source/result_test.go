package source_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/source"
)

func TestVerifySignature(t *testing.T) {
	ada, adaKeyring := newKey(t, "Ada", "ada@acme.example")
	mallory, _ := newKey(t, "Mallory", "mallory@evil.example")

	r := newTestRepo(t)
	unsigned := r.commit(map[string]string{"org.yaml": peopleV1}, nil)
	byAda := r.commit(map[string]string{"org.yaml": peopleV2}, ada)
	byMallory := r.commit(map[string]string{"org.yaml": peopleV1}, mallory)

	tests := []struct {
		name         string
		ref          string
		wantIdentity string
		wantErr      error
	}{
		{"signed by a key of the keyring", byAda, "Ada <ada@acme.example>", nil},
		{"unsigned", unsigned, "", source.ErrSignature},
		{"signed by another key", byMallory, "", source.ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := source.Fetch(context.Background(), source.Request{Repository: r.dir, Ref: tt.ref, Path: "org.yaml"}, source.Options{})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			signer, err := res.VerifySignature(adaKeyring)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("VerifySignature error = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("VerifySignature: %v", err)
			}
			if signer.Identity != tt.wantIdentity {
				t.Errorf("signer identity = %q, want %q", signer.Identity, tt.wantIdentity)
			}
			wantFingerprint := strings.ToUpper(ada.PrimaryKey.KeyIdString())
			if !strings.HasSuffix(signer.Fingerprint, wantFingerprint) {
				t.Errorf("signer fingerprint = %s, want one ending in key id %s", signer.Fingerprint, wantFingerprint)
			}
		})
	}
}

func TestVerifySignatureInvalidKeyring(t *testing.T) {
	r := newTestRepo(t)
	r.commit(map[string]string{"org.yaml": peopleV1}, nil)
	res, err := source.Fetch(context.Background(), source.Request{Repository: r.dir, Path: "org.yaml"}, source.Options{})
	if err != nil {
		t.Fatal(err)
	}

	_, err = res.VerifySignature("not a keyring")
	if err == nil || errors.Is(err, source.ErrSignature) {
		t.Fatalf("VerifySignature error = %v, want a keyring error that is not %v", err, source.ErrSignature)
	}
}

func TestReadLocal(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "org.yaml"), []byte(peopleV1), 0o644); err != nil {
		t.Fatal(err)
	}

	r := newTestRepo(t)
	head := r.commit(map[string]string{"org.yaml": peopleV1, "specs/a.yaml": peopleV1, "specs/b/c.yaml": research, "specs/notes.txt": "x"}, nil)
	if err := os.MkdirAll(filepath.Join(r.dir, "specs", ".hidden"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.dir, "specs", ".hidden", "x.yaml"), []byte("skipped"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.dir, "other.yaml"), []byte("untracked, outside the spec"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("outside a checkout", func(t *testing.T) {
		res, err := source.ReadLocal(filepath.Join(outside, "org.yaml"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Commit != "" || res.Repository != "" {
			t.Errorf("commit %q, repository %q; want none outside a checkout", res.Commit, res.Repository)
		}
		if err := res.CheckBranch("main"); !errors.Is(err, source.ErrNotBranchHead) {
			t.Errorf("CheckBranch = %v, want %v", err, source.ErrNotBranchHead)
		}
	})

	t.Run("clean file in a checkout", func(t *testing.T) {
		res, err := source.ReadLocal(filepath.Join(r.dir, "org.yaml"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Commit != head || res.Ref != "main" || res.Dirty {
			t.Errorf("commit %s, ref %q, dirty %v; want %s, main, clean", res.Commit, res.Ref, res.Dirty, head)
		}
	})

	t.Run("directory in a checkout", func(t *testing.T) {
		dir := filepath.Join(r.dir, "specs")
		res, err := source.ReadLocal(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range res.Files {
			names = append(names, f.Name)
		}
		want := []string{filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b", "c.yaml")}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
		if res.Dirty {
			t.Errorf("dirty, want clean: the only untracked files are hidden or outside")
		}
	})

	t.Run("changed file in a checkout", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(r.dir, "org.yaml"), []byte(peopleV2), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := source.ReadLocal(filepath.Join(r.dir, "org.yaml"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Dirty {
			t.Errorf("clean, want dirty after a change")
		}
		if err := res.CheckBranch("main"); !errors.Is(err, source.ErrNotBranchHead) {
			t.Errorf("CheckBranch = %v, want %v", err, source.ErrNotBranchHead)
		}
	})
}

func TestReadLocalErrors(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name string
		path string
		want error
	}{
		{"missing file", filepath.Join(empty, "org.yaml"), os.ErrNotExist},
		{"directory without specs", empty, source.ErrNoSpecFiles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := source.ReadLocal(tt.path, nil); !errors.Is(err, tt.want) {
				t.Fatalf("ReadLocal error = %v, want %v", err, tt.want)
			}
		})
	}
}
