package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/orgsync/orgsync/spec"
)

// ReadLocal reads the spec file at path, or every *.yaml file under the
// directory at path, skipping hidden directories such as .git. When path
// sits inside a git checkout, the result records the checkout's top
// directory, its HEAD commit and whether the files read differ from it.
// A checkout that cannot be read is logged as a warning and left out.
func ReadLocal(path string, logger *slog.Logger) (*Result, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	files, err := readFiles(path)
	if err != nil {
		return nil, err
	}
	res := &Result{Files: files}
	if err := inspectCheckout(res, path); err != nil {
		logger.Warn("spec checkout not recorded", "path", path, "error", err)
	}
	return res, nil
}

func readFiles(path string) ([]spec.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	if !info.IsDir() {
		data, err := readFile(path)
		if err != nil {
			return nil, err
		}
		return []spec.File{{Name: path, Data: data}}, nil
	}

	var files []spec.File
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != path && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), specExt) {
			return nil
		}
		if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
			return nil
		}
		data, err := readFile(p)
		if err != nil {
			return err
		}
		files = append(files, spec.File{Name: p, Data: data})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read spec directory: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("spec directory %s: %w: it holds no *%s file", path, ErrNoSpecFiles, specExt)
	}
	return files, nil
}

// readFile reads at most spec.MaxFileSize bytes, plus one so that the
// parser reports an oversized file without all of it being loaded.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
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

// inspectCheckout records in res the checkout that path sits in, if any.
func inspectCheckout(res *Result, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return err
	}
	dir := abs
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		dir = filepath.Dir(abs)
	}

	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open checkout: %w", err)
	}
	head, err := repo.Head()
	if err != nil {
		return fmt.Errorf("checkout HEAD: %w", err)
	}
	commit, err := repo.CommitObject(head.Hash())
	if err != nil {
		return fmt.Errorf("checkout HEAD: %w", err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return fmt.Errorf("checkout worktree: %w", err)
	}

	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return err
	}
	dirty, err := changedUnder(wt, filepath.ToSlash(rel))
	if err != nil {
		return err
	}

	res.Repository = root
	res.Ref = "HEAD"
	if head.Name().IsBranch() {
		res.Ref = head.Name().Short()
	}
	res.Commit = commit.Hash.String()
	res.Dirty = dirty
	res.commit = commit
	res.branchHead = func(branch string) (plumbing.Hash, error) {
		return refHash(repo, root, plumbing.NewRemoteReferenceName(remoteName, branch))
	}
	return nil
}

// changedUnder reports whether the worktree has a change, an untracked
// file or a deletion at rel, the spec's path, or at a spec file that
// reading the directory rel would include.
func changedUnder(wt *git.Worktree, rel string) (bool, error) {
	status, err := wt.Status()
	if err != nil {
		return false, fmt.Errorf("checkout status: %w", err)
	}
	for name, s := range status {
		if s.Staging == git.Unmodified && s.Worktree == git.Unmodified {
			continue
		}
		if name == rel || inSpecDir(name, rel) {
			return true, nil
		}
	}
	return false, nil
}

// inSpecDir reports whether readFiles would read the file name, a slash
// path in the checkout, when reading the directory dir.
func inSpecDir(name, dir string) bool {
	below := name
	if dir != "." {
		var ok bool
		if below, ok = strings.CutPrefix(name, dir+"/"); !ok {
			return false
		}
	}
	if !strings.HasSuffix(below, specExt) {
		return false
	}
	segments := strings.Split(below, "/")
	for _, seg := range segments[:len(segments)-1] {
		if strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}
