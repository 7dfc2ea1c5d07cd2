package cli_test

import (
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdGitRepo builds a git repository with go-git for scripts that read a
// spec from git:
//
//	gitrepo init DIR            (a repository whose branch is main)
//	gitrepo commit DIR FILE...  (commits files already written under DIR)
//	gitrepo branch DIR NAME     (creates branch NAME at HEAD and checks it out)
//	gitrepo head DIR VAR        (sets $VAR to the SHA of HEAD)
func cmdGitRepo(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("gitrepo does not support negation")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: gitrepo init|commit|branch|head DIR ...")
	}
	dir := ts.MkAbs(args[1])
	if args[0] == "init" {
		_, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
			InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
		})
		ts.Check(err)
		return
	}

	repo, err := git.PlainOpen(dir)
	ts.Check(err)
	wt, err := repo.Worktree()
	ts.Check(err)
	switch args[0] {
	case "commit":
		for _, name := range args[2:] {
			_, err := os.Stat(filepath.Join(dir, name))
			ts.Check(err)
			_, err = wt.Add(filepath.ToSlash(name))
			ts.Check(err)
		}
		_, err := wt.Commit("update spec", &git.CommitOptions{
			Author: &object.Signature{Name: "Ada", Email: "ada@acme.example", When: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		})
		ts.Check(err)
	case "branch":
		ts.Check(wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(args[2]), Create: true}))
	case "head":
		head, err := repo.Head()
		ts.Check(err)
		ts.Setenv(args[2], head.Hash().String())
	default:
		ts.Fatalf("unknown gitrepo command %q", args[0])
	}
}
