package source

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/orgsync/orgsync/internal/redact"
)

// Errors that callers branch on.
var (
	// ErrAuth: the repository rejected the credentials, or needs some.
	ErrAuth = errors.New("authentication failed")
	// ErrRepositoryNotFound: no repository exists at the address, or the
	// credentials do not let the caller see it.
	ErrRepositoryNotFound = errors.New("repository not found")
	// ErrRefNotFound: the repository has no such branch, tag or commit.
	ErrRefNotFound = errors.New("ref not found")
	// ErrPathNotFound: the commit has no file or directory at the path.
	ErrPathNotFound = errors.New("path not found")
	// ErrNoSpecFiles: a directory holds no *.yaml file.
	ErrNoSpecFiles = errors.New("no spec files")
	// ErrNotBranchHead: the commit read is not the head of the required
	// branch, or the files read differ from that commit.
	ErrNotBranchHead = errors.New("not the head of the branch")
	// ErrSignature: the commit is unsigned, or no key of the keyring
	// signed it.
	ErrSignature = errors.New("commit signature not verified")
)

var sentinels = []error{ErrAuth, ErrRepositoryNotFound, ErrRefNotFound, ErrPathNotFound, ErrNoSpecFiles, ErrNotBranchHead, ErrSignature}

// cleanError is an error whose message has had every credential removed.
// It unwraps only to the sentinel errors of this package, so that no
// wrapped cause can print a credential again.
type cleanError struct {
	msg  string
	kind []error
}

func (e *cleanError) Error() string   { return e.msg }
func (e *cleanError) Unwrap() []error { return e.kind }

// clean returns err with every credential pattern and every given secret
// removed from its message, keeping the package's sentinels for errors.Is.
func clean(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	var kind []error
	for _, s := range sentinels {
		if errors.Is(err, s) {
			kind = append(kind, s)
		}
	}
	return &cleanError{msg: redact.String(err.Error(), secrets...), kind: kind}
}

// classify wraps a go-git transport error of the repository at url in the
// matching sentinel of this package.
func classify(url string, err error) error {
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		return fmt.Errorf("repository %s: %w: %s", url, ErrAuth, authHint(url))
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return fmt.Errorf("repository %s: %w", url, ErrRepositoryNotFound)
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return fmt.Errorf("repository %s: %w: it has no commits", url, ErrRefNotFound)
	}
	return fmt.Errorf("repository %s: %w", url, err)
}

// authHint says which credential to check for the repository at url.
func authHint(url string) string {
	switch strings.ToLower(schemeRE.FindString(url)) {
	case "https://":
		return "the server rejected the token or needs one; set ORGSYNC_GIT_TOKEN (or GITHUB_TOKEN) to a token that can read the repository"
	case "http://":
		return "the server needs credentials, which orgsync sends over https only"
	}
	return "the server rejected the ssh key; load the key into the ssh agent or pass --git-ssh-key"
}
