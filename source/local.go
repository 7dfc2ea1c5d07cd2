package source

import (
	"errors"
	"fmt"
	"os"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// openLocal opens a repository on this machine in place, without writing
// to it, and resolves req.Ref.
func openLocal(req Request) (*git.Repository, plumbing.Hash, *Result, error) {
	path, err := localPath(req.Repository)
	if err != nil {
		return nil, plumbing.ZeroHash, nil, err
	}
	repo, err := git.PlainOpen(path)
	if err != nil {
		if errors.Is(err, git.ErrRepositoryNotExists) || errors.Is(err, os.ErrNotExist) {
			return nil, plumbing.ZeroHash, nil, fmt.Errorf("repository %s: %w", req.Repository, ErrRepositoryNotFound)
		}
		return nil, plumbing.ZeroHash, nil, fmt.Errorf("repository %s: %w", req.Repository, err)
	}

	ref := req.Ref
	if ref == "" {
		ref = "HEAD"
	}
	hash, err := resolveLocal(repo, req.Repository, ref)
	if err != nil {
		return nil, plumbing.ZeroHash, nil, err
	}
	res := &Result{
		Repository: req.Repository,
		Ref:        ref,
		branchHead: func(branch string) (plumbing.Hash, error) {
			return refHash(repo, req.Repository, plumbing.NewBranchReferenceName(branch))
		},
	}
	return repo, hash, res, nil
}

// resolveLocal returns the object that ref names in a local repository:
// HEAD, a branch, a tag or a full commit SHA.
func resolveLocal(repo *git.Repository, repository, ref string) (plumbing.Hash, error) {
	if fullSHA.MatchString(ref) {
		hash := plumbing.NewHash(ref)
		if _, err := repo.CommitObject(hash); err != nil {
			return plumbing.ZeroHash, refNotFound(repository, ref)
		}
		return hash, nil
	}

	candidates := refCandidates(ref)
	if ref == "HEAD" {
		candidates = []plumbing.ReferenceName{plumbing.HEAD}
	}
	for _, name := range candidates {
		r, err := repo.Reference(name, true)
		if err == nil {
			return r.Hash(), nil
		}
		if !errors.Is(err, plumbing.ErrReferenceNotFound) {
			return plumbing.ZeroHash, fmt.Errorf("repository %s: ref %s: %w", repository, name, err)
		}
	}
	return plumbing.ZeroHash, refNotFound(repository, ref)
}

// refHash returns the hash a ref points to, or ErrRefNotFound.
func refHash(repo *git.Repository, repository string, name plumbing.ReferenceName) (plumbing.Hash, error) {
	r, err := repo.Reference(name, true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, fmt.Errorf("repository %s has no %s: %w", repository, name, ErrRefNotFound)
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("repository %s: %s: %w", repository, name, err)
	}
	return r.Hash(), nil
}
