package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/orgsync/orgsync/internal/redact"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/source"
	"github.com/orgsync/orgsync/spec"
)

const (
	gitTokenEnv    = "ORGSYNC_GIT_TOKEN"
	githubTokenEnv = "GITHUB_TOKEN"
	// defaultKnownHosts is shown as the --git-known-hosts default; source
	// resolves it in the user's home directory.
	defaultKnownHosts = "~/.ssh/known_hosts"
)

// sourceFlags select where the spec is read from: a local file or
// directory, or a path in a git repository.
type sourceFlags struct {
	// command is the command the flags belong to; only apply enforces
	// --require-ref.
	command         string
	gitRef          string
	gitPath         string
	gitSSHKey       string
	gitKnownHosts   string
	requireRef      string
	verifySignature string
}

func (f *sourceFlags) register(fs *flag.FlagSet) {
	f.command = fs.Name()
	fs.StringVar(&f.gitRef, "git-ref", "", "read the spec at this `ref`: a branch, tag or full commit SHA of the git repository (default: the repository's HEAD)")
	fs.StringVar(&f.gitPath, "git-path", "", "read the spec from this file or directory `path` inside the git repository (default: its top directory)")
	fs.StringVar(&f.gitSSHKey, "git-ssh-key", "", "private key `file` for ssh repositories (default: the ssh agent)")
	fs.StringVar(&f.gitKnownHosts, "git-known-hosts", defaultKnownHosts, "known_hosts `file` that holds the host key of ssh repositories")
	fs.StringVar(&f.requireRef, "require-ref", "", "apply only a spec read from the commit at the head of this `branch`; plan reports when apply would be blocked")
	fs.StringVar(&f.verifySignature, "verify-signature", "", "read only a spec whose commit a key of this armoured OpenPGP `keyring` file signed")
}

// loadedSpec is a validated spec with its provenance and raw files.
type loadedSpec struct {
	spec   *spec.Spec
	source plan.Source
	// files are the spec's files as read, kept for saved plans.
	files []plan.SpecFile
}

// loadSpec reads and validates the spec named on the command line, and
// returns where it came from. It rejects a commit that --verify-signature
// does not accept and, for apply, one that --require-ref does not. Both
// rejections wrap errBlocked.
func (f *sourceFlags) loadSpec(ctx context.Context, env Env, logger *slog.Logger, name string) (*loadedSpec, error) {
	var (
		res *source.Result
		src = plan.Source{Path: name}
		err error
	)
	if f.isGit(name) {
		var req source.Request
		if req, err = f.parseRequest(name); err != nil {
			return nil, err
		}
		src.Path = req.Path
		res, err = f.fetch(ctx, env, logger, req)
	} else {
		res, err = readLocal(logger, name)
	}
	if err != nil {
		return nil, err
	}
	if err := f.check(res, logger); err != nil {
		return nil, err
	}

	files := make([]spec.File, len(res.Files))
	raw := make([]plan.SpecFile, len(res.Files))
	for i, file := range res.Files {
		files[i] = file
		raw[i] = plan.SpecFile{Name: file.Name, Data: string(file.Data)}
	}
	s, err := spec.ParseFiles(files)
	if err != nil {
		return nil, err
	}

	src.Repository, src.Ref, src.Commit = res.Repository, res.Ref, res.Commit
	return &loadedSpec{spec: s, source: src, files: raw}, nil
}

// readLocal reads the spec files from disk, with the checkout they sit in.
func readLocal(logger *slog.Logger, name string) (*source.Result, error) {
	res, err := source.ReadLocal(name, logger)
	if err != nil {
		return nil, err
	}
	if res.Dirty {
		logger.Warn("spec files differ from the commit checked out; the plan records that commit",
			"checkout", res.Repository, "commit", res.Commit)
	}
	return res, nil
}

// fetch reads the spec files from a git repository, with the token from
// the environment.
func (f *sourceFlags) fetch(ctx context.Context, env Env, logger *slog.Logger, req source.Request) (*source.Result, error) {
	token := env.Getenv(gitTokenEnv)
	if token == "" {
		token = env.Getenv(githubTokenEnv)
	}
	knownHosts := f.gitKnownHosts
	if knownHosts == defaultKnownHosts {
		knownHosts = ""
	}
	opts := source.Options{
		Auth:   source.Auth{Token: token, SSHKeyFile: f.gitSSHKey, KnownHostsFile: knownHosts},
		Logger: logger,
	}
	res, err := source.Fetch(ctx, req, opts)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	logger.Info("spec read from git", "repository", res.Repository, "ref", res.Ref, "commit", res.Commit, "files", len(res.Files))
	return res, nil
}

// check applies --verify-signature and --require-ref to the commit read.
func (f *sourceFlags) check(res *source.Result, logger *slog.Logger) error {
	if f.verifySignature != "" {
		keyring, err := os.ReadFile(f.verifySignature)
		if err != nil {
			return fmt.Errorf("--verify-signature keyring: %w", err)
		}
		signer, err := res.VerifySignature(string(keyring))
		if errors.Is(err, source.ErrSignature) {
			return fmt.Errorf("%w: %w", errBlocked, err)
		}
		if err != nil {
			return fmt.Errorf("--verify-signature %s: %w", f.verifySignature, err)
		}
		logger.Info("spec commit signature verified", "commit", res.Commit, "signer", signer.Identity, "key", signer.Fingerprint)
	}

	if f.requireRef == "" {
		return nil
	}
	err := res.CheckBranch(f.requireRef)
	switch {
	case err == nil:
		logger.Info("spec commit is the head of the required branch", "branch", f.requireRef, "commit", res.Commit)
		return nil
	case !errors.Is(err, source.ErrNotBranchHead):
		return err
	case f.command == "apply":
		return fmt.Errorf("%w: --require-ref %s: %w", errBlocked, f.requireRef, err)
	}
	logger.Warn("apply would be blocked: the spec is not read from the head of the required branch",
		"branch", f.requireRef, "reason", err.Error())
	return nil
}

// isGit reports whether the spec is read from a git repository: when a
// --git flag is set, or name is a git address rather than a file on disk.
func (f *sourceFlags) isGit(name string) bool {
	if f.gitRef != "" || f.gitPath != "" {
		return true
	}
	if !source.IsAddress(name) {
		return false
	}
	if strings.Contains(name, "//") {
		return true
	}
	// A local file such as "a:b.yaml" reads like an scp-like address.
	_, err := os.Stat(name)
	return err != nil
}

// parseRequest builds the git request from name and the --git flags,
// which must agree with the ref and path that name already contains.
func (f *sourceFlags) parseRequest(name string) (source.Request, error) {
	req := source.Request{Repository: name}
	if source.IsAddress(name) {
		var err error
		if req, err = source.ParseAddress(name); err != nil {
			return source.Request{}, usageError{err.Error()}
		}
	}
	if f.gitRef != "" {
		if req.Ref != "" && req.Ref != f.gitRef {
			return source.Request{}, usageError{fmt.Sprintf("--git-ref %s differs from ?ref=%s in %s", f.gitRef, req.Ref, source.Redact(name))}
		}
		req.Ref = f.gitRef
	}
	if f.gitPath != "" {
		path := strings.Trim(filepath.ToSlash(f.gitPath), "/")
		if req.Path != "" && req.Path != path {
			return source.Request{}, usageError{fmt.Sprintf("--git-path %s differs from the path %s in %s", f.gitPath, req.Path, source.Redact(name))}
		}
		req.Path = path
	}
	return req, nil
}

// displayName returns name without credentials, for messages.
func displayName(name string) string {
	return redact.String(source.Redact(name))
}

// readSpecFile reads at most one byte more than a spec may hold, so that
// spec.Parse reports an oversized file without all of it in memory.
func readSpecFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, spec.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	return data, nil
}
