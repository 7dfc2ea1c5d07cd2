package source

import (
	"context"
	"errors"
	"fmt"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage/memory"
)

const remoteName = "origin"

// remote is a repository reached over the network, with the refs it
// advertised.
type remote struct {
	url     string // without credentials
	auth    transport.AuthMethod
	opts    Options
	refs    map[plumbing.ReferenceName]plumbing.Hash
	peeled  map[plumbing.ReferenceName]plumbing.Hash // annotated tags, to their commits
	headRef plumbing.ReferenceName                   // the branch HEAD points to, when advertised
}

// cloneRemote lists the remote's refs, resolves req.Ref against them and
// fetches that one ref with depth 1 into memory, with no worktree.
func cloneRemote(ctx context.Context, req Request, opts Options) (*git.Repository, plumbing.Hash, *Result, error) {
	auth, err := opts.Auth.method(req.Repository)
	if err != nil {
		return nil, plumbing.ZeroHash, nil, err
	}
	r := &remote{url: Redact(req.Repository), auth: auth, opts: opts}
	if err := r.list(ctx); err != nil {
		return nil, plumbing.ZeroHash, nil, err
	}

	repo, err := git.Init(memory.NewStorage(), nil)
	if err != nil {
		return nil, plumbing.ZeroHash, nil, fmt.Errorf("repository %s: %w", r.url, err)
	}
	if _, err := repo.CreateRemote(&config.RemoteConfig{Name: remoteName, URLs: []string{r.url}}); err != nil {
		return nil, plumbing.ZeroHash, nil, fmt.Errorf("repository %s: %w", r.url, err)
	}

	ref := req.Ref
	if ref == "" {
		ref = "HEAD"
	}
	hash, err := r.fetchRef(ctx, repo, ref)
	if err != nil {
		return nil, plumbing.ZeroHash, nil, err
	}
	res := &Result{Repository: r.url, Ref: ref, branchHead: r.branchHead}
	return repo, hash, res, nil
}

// list reads the refs the remote advertises. It is the first contact, so
// it tells an authentication failure and a missing repository apart.
func (r *remote) list(ctx context.Context) error {
	rem := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: remoteName, URLs: []string{r.url}})
	refs, err := rem.ListContext(ctx, &git.ListOptions{Auth: r.auth, CABundle: r.opts.CABundle, PeelingOption: git.AppendPeeled})
	if err != nil {
		return classify(r.url, err)
	}

	r.refs = map[plumbing.ReferenceName]plumbing.Hash{}
	r.peeled = map[plumbing.ReferenceName]plumbing.Hash{}
	for _, ref := range refs {
		name := ref.Name()
		switch {
		case ref.Type() == plumbing.SymbolicReference && name == plumbing.HEAD:
			r.headRef = ref.Target()
		case strings.HasSuffix(string(name), "^{}"):
			r.peeled[plumbing.ReferenceName(strings.TrimSuffix(string(name), "^{}"))] = ref.Hash()
		default:
			r.refs[name] = ref.Hash()
		}
	}
	if r.headRef != "" {
		r.refs[plumbing.HEAD] = r.refs[r.headRef]
	}
	r.opts.Logger.Debug("remote refs listed", "repository", r.url, "refs", len(r.refs))
	return nil
}

// fetchRef fetches the commit that ref names and returns its hash.
func (r *remote) fetchRef(ctx context.Context, repo *git.Repository, ref string) (plumbing.Hash, error) {
	if fullSHA.MatchString(ref) {
		return r.fetchCommit(ctx, repo, plumbing.NewHash(strings.ToLower(ref)))
	}

	candidates := refCandidates(ref)
	if ref == "HEAD" {
		candidates = []plumbing.ReferenceName{plumbing.HEAD}
	}
	for _, name := range candidates {
		hash, ok := r.refs[name]
		if !ok {
			continue
		}
		if err := r.fetch(ctx, repo, 1, refSpec(name)); err != nil {
			return plumbing.ZeroHash, err
		}
		return hash, nil
	}
	return plumbing.ZeroHash, refNotFound(r.url, ref)
}

// fetchCommit fetches a commit named by its SHA. A commit at the tip of an
// advertised ref is fetched through that ref. Any other is asked for by
// SHA, which many servers allow, and otherwise found in the whole history
// of every branch and tag.
func (r *remote) fetchCommit(ctx context.Context, repo *git.Repository, hash plumbing.Hash) (plumbing.Hash, error) {
	for name, h := range r.refs {
		if h == hash || r.peeled[name] == hash {
			return hash, r.fetch(ctx, repo, 1, refSpec(name))
		}
	}

	byHash := config.RefSpec(fmt.Sprintf("%s:refs/orgsync/commit", hash))
	err := r.fetch(ctx, repo, 1, byHash)
	if err == nil {
		return hash, nil
	}
	if errorsIsAny(err, ErrAuth, ErrRepositoryNotFound) {
		return plumbing.ZeroHash, err
	}
	r.opts.Logger.Debug("fetch by commit SHA failed; fetching all branches and tags", "repository", r.url, "error", err)

	if err := r.fetch(ctx, repo, 0, "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"); err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := repo.CommitObject(hash); err != nil {
		return plumbing.ZeroHash, refNotFound(r.url, hash.String())
	}
	return hash, nil
}

// fetch fetches specs into repo, with the given depth; 0 fetches all history.
func (r *remote) fetch(ctx context.Context, repo *git.Repository, depth int, specs ...config.RefSpec) error {
	err := repo.FetchContext(ctx, &git.FetchOptions{
		RemoteName: remoteName,
		RefSpecs:   specs,
		Depth:      depth,
		Tags:       git.NoTags,
		Auth:       r.auth,
		CABundle:   r.opts.CABundle,
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return classify(r.url, err)
	}
	return nil
}

// branchHead returns the commit the remote advertised for a branch.
func (r *remote) branchHead(branch string) (plumbing.Hash, error) {
	name := plumbing.NewBranchReferenceName(branch)
	hash, ok := r.refs[name]
	if !ok {
		return plumbing.ZeroHash, fmt.Errorf("repository %s has no branch %q: %w", r.url, branch, ErrRefNotFound)
	}
	return hash, nil
}

// refSpec returns the refspec that fetches one advertised ref.
func refSpec(name plumbing.ReferenceName) config.RefSpec {
	switch {
	case name == plumbing.HEAD:
		return config.RefSpec("+HEAD:refs/remotes/origin/HEAD")
	case name.IsBranch():
		return config.RefSpec(fmt.Sprintf("+%s:refs/remotes/origin/%s", name, name.Short()))
	}
	return config.RefSpec(fmt.Sprintf("+%s:%s", name, name))
}
