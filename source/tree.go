package source

import (
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/orgsync/orgsync/spec"
)

// specExt is the extension of the files read from a spec directory.
const specExt = ".yaml"

// treeFiles reads the file at dir in commit, or every *.yaml file under
// it when it is a directory. Files are named by their path in the commit.
func treeFiles(commit *object.Commit, dir string) ([]spec.File, error) {
	root, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("commit tree: %w", err)
	}

	tree := root
	if dir != "" {
		entry, err := root.FindEntry(dir)
		if err != nil {
			return nil, fmt.Errorf("%q: %w in the commit", dir, ErrPathNotFound)
		}
		if entry.Mode.IsFile() {
			f, err := root.File(dir)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", dir, err)
			}
			data, err := readBlob(f)
			if err != nil {
				return nil, err
			}
			return []spec.File{{Name: dir, Data: data}}, nil
		}
		if tree, err = root.Tree(dir); err != nil {
			return nil, fmt.Errorf("%q: %w", dir, err)
		}
	}

	var files []spec.File
	err = tree.Files().ForEach(func(f *object.File) error {
		if !strings.HasSuffix(f.Name, specExt) || (f.Mode != filemode.Regular && f.Mode != filemode.Executable) {
			return nil
		}
		data, err := readBlob(f)
		if err != nil {
			return err
		}
		files = append(files, spec.File{Name: path.Join(dir, f.Name), Data: data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("directory %q: %w: it holds no *%s file", displayDir(dir), ErrNoSpecFiles, specExt)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

// readBlob reads a file of at most spec.MaxFileSize bytes, plus one so
// that the parser reports an oversized file.
func readBlob(f *object.File) ([]byte, error) {
	r, err := f.Reader()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, spec.MaxFileSize+1))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return data, nil
}

func displayDir(dir string) string {
	if dir == "" {
		return "/"
	}
	return dir
}
