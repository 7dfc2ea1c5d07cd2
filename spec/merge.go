package spec

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is one spec file: its name, used in error positions, and its bytes.
type File struct {
	Name string
	Data []byte
}

// listKeys are the top-level keys whose lists ParseFiles concatenates.
// Every other top-level key is a setting that one file sets for all.
var listKeys = []string{"version", "users", "workspaces"}

// listFields are the Spec fields that come from listKeys, or that
// ParseFiles sets itself. Every other field belongs to a setting.
var listFields = []string{"File", "Version", "Users", "UsersDeclared", "Workspaces", "WorkspacesDeclared"}

// ParseFiles decodes every file and validates the result once, as one
// spec: users and workspaces are concatenated in the order of files, so
// that members in one file may refer to users in another, and a person or
// workspace declared in two files is an error that names both places.
// Every file needs "version: 1". A setting, which is any other top-level
// key such as organization or allow_empty, may be set in one file only.
// With one file, ParseFiles behaves as Parse.
func ParseFiles(files []File) (*Spec, error) {
	if len(files) == 0 {
		return nil, errors.New("spec: no files to read")
	}

	var (
		errs    Errors
		merged  entries
		decoded []*Spec
		setBy   = map[string]Position{}
	)
	for _, f := range files {
		d := &decoder{file: f.Name}
		s, e, root := d.decodeFile(f.Data)
		errs = append(errs, d.errs...)
		if root == nil {
			continue
		}

		errs = append(errs, d.recordSettings(root, setBy)...)
		merged.users = append(merged.users, e.users...)
		merged.workspaces = append(merged.workspaces, e.workspaces...)
		decoded = append(decoded, s)
	}

	s := mergeSpecs(files, decoded, &merged)
	d := &decoder{errs: errs}
	d.check(s, &merged)
	if len(d.errs) > 0 {
		sortErrors(d.errs)
		return nil, d.errs
	}
	return s, nil
}

// recordSettings notes in setBy the position of each setting that root
// sets, and returns an error for a setting that another file already set.
func (d *decoder) recordSettings(root *yaml.Node, setBy map[string]Position) Errors {
	root = resolve(root)
	if root.Kind != yaml.MappingNode {
		return nil
	}

	var errs Errors
	for i := 0; i+1 < len(root.Content); i += 2 {
		key := resolve(root.Content[i])
		if slices.Contains(listKeys, key.Value) || !slices.Contains(specFields, key.Value) {
			// Lists merge, and an unknown key is already an error.
			continue
		}
		if first, ok := setBy[key.Value]; ok && first.File != d.file {
			errs = append(errs, &Error{
				Pos: d.pos(key),
				Msg: fmt.Sprintf("%q is already set at %s; a top-level setting may be set in one file only", key.Value, first),
			})
			continue
		}
		if _, ok := setBy[key.Value]; !ok {
			setBy[key.Value] = d.pos(key)
		}
	}
	return errs
}

// mergeSpecs builds the spec of several decoded files. Lists are
// concatenated. Each setting field takes the value of the file whose
// value differs from what a spec without that setting gets, so that
// settings with non-zero defaults merge without code of their own.
// Because a setting may be set in one file only, at most one file differs.
func mergeSpecs(files []File, decoded []*Spec, e *entries) *Spec {
	if len(files) == 1 && len(decoded) == 1 {
		return decoded[0]
	}

	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}

	defaults := baseline()
	s := baseline()
	s.File = strings.Join(names, ", ")
	for _, d := range decoded {
		s.UsersDeclared = s.UsersDeclared || d.UsersDeclared
		s.WorkspacesDeclared = s.WorkspacesDeclared || d.WorkspacesDeclared
		mergeSettings(s, d, defaults)
	}
	s.Users = nil
	s.Workspaces = nil
	for _, u := range e.users {
		s.Users = append(s.Users, u.user)
	}
	for _, w := range e.workspaces {
		s.Workspaces = append(s.Workspaces, w.workspace)
	}
	return s
}

// baseline returns the spec of a file that sets nothing but the version:
// every setting at its default.
func baseline() *Spec {
	d := &decoder{}
	s, _, _ := d.decodeFile([]byte("version: 1\n"))
	return s
}

// mergeSettings copies into dst every setting field of src that differs
// from its value in defaults.
func mergeSettings(dst, src, defaultSpec *Spec) {
	mergeFields(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem(), reflect.ValueOf(defaultSpec).Elem())
}

// groupFields are struct fields that group several top-level keys; they
// merge field by field, so that two files may set two keys of one group.
var groupFields = []string{"Settings"}

func mergeFields(to, from, defaults reflect.Value) {
	for i := 0; i < to.NumField(); i++ {
		name := to.Type().Field(i).Name
		if slices.Contains(listFields, name) {
			continue
		}
		if slices.Contains(groupFields, name) {
			mergeFields(to.Field(i), from.Field(i), defaults.Field(i))
			continue
		}
		if !reflect.DeepEqual(from.Field(i).Interface(), defaults.Field(i).Interface()) {
			to.Field(i).Set(from.Field(i))
		}
	}
}
