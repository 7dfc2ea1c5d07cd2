package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/orgsync/orgsync/spec"
)

// Options configure Fetch.
type Options struct {
	Auth Auth
	// CABundle holds extra PEM certificates to trust for https, next to
	// the system's.
	CABundle []byte
	// Logger receives debug records of each step; nil logs nothing.
	Logger *slog.Logger
}

// Result holds spec files and where they were read from.
type Result struct {
	// Files are the spec files, sorted by name. Names are paths inside
	// the repository for a git source, and paths on disk otherwise.
	Files []spec.File
	// Repository is the repository's address without credentials, or the
	// top directory of the checkout a local spec sits in.
	Repository string
	// Ref is the ref asked for, "HEAD" when none was, or the branch a
	// checkout has checked out.
	Ref string
	// Commit is the full SHA of the commit read. It is empty for a local
	// spec outside any checkout.
	Commit string
	// Dirty reports that local files differ from Commit: they were
	// changed, added or deleted since.
	Dirty bool

	commit *object.Commit
	// branchHead returns the commit at the head of the named branch of
	// the remote, or of the checkout's remote-tracking branch.
	branchHead func(branch string) (plumbing.Hash, error)
}

// fullSHA matches a full commit SHA.
var fullSHA = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)

// Fetch reads the spec file, or the *.yaml files under the spec directory,
// at req.Path in the commit that req.Ref names. A remote repository is
// cloned shallow into memory; a local one is opened read-only. Errors
// never contain a credential.
func Fetch(ctx context.Context, req Request, opts Options) (*Result, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	res, err := fetch(ctx, req, opts)
	if err != nil {
		return nil, clean(err, opts.Auth.secrets(req.Repository)...)
	}
	return res, nil
}

func fetch(ctx context.Context, req Request, opts Options) (*Result, error) {
	var (
		repo *git.Repository
		res  *Result
		hash plumbing.Hash
		err  error
	)
	if isRemote(req.Repository) {
		repo, hash, res, err = cloneRemote(ctx, req, opts)
	} else {
		repo, hash, res, err = openLocal(req)
	}
	if err != nil {
		return nil, err
	}

	commit, err := commitOf(repo, hash)
	if err != nil {
		return nil, fmt.Errorf("repository %s: ref %s: %w", res.Repository, res.Ref, err)
	}
	res.commit = commit
	res.Commit = commit.Hash.String()
	opts.Logger.Debug("spec commit read", "repository", res.Repository, "ref", res.Ref, "commit", res.Commit)

	res.Files, err = treeFiles(commit, req.Path)
	if err != nil {
		return nil, fmt.Errorf("repository %s at %s: %w", res.Repository, shortSHA(res.Commit), err)
	}
	return res, nil
}

// commitOf returns the commit that hash names, following an annotated tag.
func commitOf(repo *git.Repository, hash plumbing.Hash) (*object.Commit, error) {
	obj, err := repo.Object(plumbing.AnyObject, hash)
	if err != nil {
		return nil, fmt.Errorf("object %s: %w", hash, err)
	}
	switch o := obj.(type) {
	case *object.Commit:
		return o, nil
	case *object.Tag:
		c, err := o.Commit()
		if err != nil {
			return nil, fmt.Errorf("tag %s: %w", o.Name, err)
		}
		return c, nil
	}
	return nil, fmt.Errorf("object %s is a %s, not a commit", hash, obj.Type())
}

// refCandidates returns the full names a short ref may stand for, branches
// first, as git resolves them.
func refCandidates(ref string) []plumbing.ReferenceName {
	if strings.HasPrefix(ref, "refs/") {
		return []plumbing.ReferenceName{plumbing.ReferenceName(ref)}
	}
	return []plumbing.ReferenceName{plumbing.NewBranchReferenceName(ref), plumbing.NewTagReferenceName(ref)}
}

// refNotFound returns the error for a ref that the repository lacks.
func refNotFound(repository, ref string) error {
	hint := ""
	if !fullSHA.MatchString(ref) && regexp.MustCompile(`^[0-9a-fA-F]{4,39}$`).MatchString(ref) {
		hint = "; give the full 40-character commit SHA"
	}
	return fmt.Errorf("repository %s: ref %q: %w: no such branch, tag or commit%s", repository, ref, ErrRefNotFound, hint)
}

func shortSHA(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// errorsIsAny reports whether err is any of targets.
func errorsIsAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
