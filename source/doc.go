// Package source reads orgsync spec files and records where they came
// from: a local file or directory, or a path inside a git repository at a
// branch, tag or commit.
//
// [Fetch] reads a git source with go-git, needing no git binary and
// writing nothing to disk. A remote repository (https or ssh) is cloned
// shallow, one ref only, into memory. A local repository (a path or a
// file:// URL) is opened in place, read-only. A spec path that names a
// directory yields every *.yaml file under it, sorted by path.
//
// [ReadLocal] reads spec files from disk, and [OpenCheckout] finds the
// git checkout a local spec sits in, so that its commit can be recorded.
//
// A [Result] records the repository with credentials removed, the ref asked
// for and the commit read. It can check that the commit is the head of a
// branch ([Result.CheckBranch]) and that an OpenPGP key signed it
// ([Result.VerifySignature]).
//
// Errors never contain a credential. Callers branch on [ErrAuth],
// [ErrRepositoryNotFound], [ErrRefNotFound], [ErrPathNotFound],
// [ErrNotBranchHead] and [ErrSignature] with errors.Is.
//
// # Addresses
//
// A git source is written as the repository, "//", the path inside it,
// and optionally "?ref=" with a branch, tag or full commit SHA, as in
// Terraform module sources:
//
//	https://example.com/acme/org-config.git//org.yaml?ref=main
//	ssh://git@example.com/acme/org-config.git//specs?ref=v1.2.0
//	git@example.com:acme/org-config.git//org.yaml
//	file:///srv/git/org-config.git//org.yaml?ref=3f1c...
//	/srv/git/org-config//specs
//
// Without a ref, the repository's HEAD is read. Without a path, the
// repository's top directory is.
package source
