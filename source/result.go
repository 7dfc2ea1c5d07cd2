package source

import (
	"fmt"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// Signer identifies the OpenPGP key that signed a commit.
type Signer struct {
	// Identity is the key's primary user id, as in "Ada <ada@acme.example>".
	Identity string
	// Fingerprint is the key's fingerprint in upper-case hex.
	Fingerprint string
}

// String formats the signer as "IDENTITY (key FINGERPRINT)".
func (s Signer) String() string {
	return fmt.Sprintf("%s (key %s)", s.Identity, s.Fingerprint)
}

// CheckBranch returns nil when the files were read from the commit at the
// head of branch: on the remote for a git source, and on the checkout's
// remote-tracking branch origin/BRANCH for a local spec. Otherwise it
// returns an error that wraps ErrNotBranchHead and says why.
func (r *Result) CheckBranch(branch string) error {
	if r.branchHead == nil {
		return fmt.Errorf("spec is not read from a git repository, so it is %w %q", ErrNotBranchHead, branch)
	}
	if r.Dirty {
		return fmt.Errorf("spec files differ from commit %s in the checkout %s, so they are %w %q", r.Commit, r.Repository, ErrNotBranchHead, branch)
	}
	head, err := r.branchHead(branch)
	if err != nil {
		return fmt.Errorf("commit %s is %w %q: %w", r.Commit, ErrNotBranchHead, branch, err)
	}
	if head.String() != r.Commit {
		return fmt.Errorf("commit %s is %w %q, which is at %s", r.Commit, ErrNotBranchHead, branch, head)
	}
	return nil
}

// VerifySignature checks that a key of the armoured OpenPGP keyring
// signed the commit read, and returns that key. Otherwise it returns an
// error that wraps ErrSignature: for a commit with no signature, a
// signature by another key, or local files that differ from the commit.
func (r *Result) VerifySignature(armoredKeyring string) (Signer, error) {
	keyring, err := openpgp.ReadArmoredKeyRing(strings.NewReader(armoredKeyring))
	if err != nil {
		return Signer{}, fmt.Errorf("keyring: not an armoured OpenPGP keyring: %w", err)
	}
	if len(keyring) == 0 {
		return Signer{}, fmt.Errorf("keyring: holds no key")
	}

	switch {
	case r.commit == nil:
		return Signer{}, fmt.Errorf("spec is not read from a git commit, so no signature can be checked: %w", ErrSignature)
	case r.Dirty:
		return Signer{}, fmt.Errorf("spec files differ from commit %s in the checkout %s, so its signature does not cover them: %w", r.Commit, r.Repository, ErrSignature)
	case r.commit.PGPSignature == "":
		return Signer{}, fmt.Errorf("commit %s is not signed: %w", r.Commit, ErrSignature)
	}

	entity, err := r.commit.Verify(armoredKeyring)
	if err != nil {
		return Signer{}, fmt.Errorf("commit %s: %w: no key of the keyring made its signature (%v)", r.Commit, ErrSignature, err)
	}
	signer := Signer{Fingerprint: strings.ToUpper(fmt.Sprintf("%x", entity.PrimaryKey.Fingerprint))}
	if id := entity.PrimaryIdentity(); id != nil {
		signer.Identity = id.Name
	}
	return signer, nil
}
