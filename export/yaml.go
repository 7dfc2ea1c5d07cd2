package export

import (
	"bytes"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/orgsync/orgsync/spec"
)

// Header is the content of the comment at the top of each exported file.
type Header struct {
	// SchemaURL, when set, is written as the yaml-language-server $schema
	// line, so that editors complete and check the file.
	SchemaURL string
	// Generator names the program, such as "orgsync v1.2.0".
	Generator string
}

// PeopleFile is the name of the file that holds the organisation and its
// people in a directory export.
const PeopleFile = "people.yaml"

// WorkspaceDir is the directory, inside a directory export, that holds one
// file per workspace.
const WorkspaceDir = "workspaces"

// YAML returns the document as one spec file, which the spec package
// parses back into the same people and workspaces. An error means that
// export built a spec orgsync would reject, which is a bug.
func (d *Document) YAML(h Header) ([]byte, error) {
	var buf bytes.Buffer
	d.writeHeader(&buf, h, "")
	if err := encode(&buf, d.rootNode(true, true, d.Workspaces)); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if _, err := spec.Parse("exported spec", data); err != nil {
		return nil, fmt.Errorf("exported spec is invalid: %w", err)
	}
	return data, nil
}

// Files returns the document as a directory of spec files: PeopleFile
// with the organisation and its people, and one file per workspace under
// WorkspaceDir. Names are relative and use forward slashes. Read as a
// directory spec, the files give the same spec as YAML.
func (d *Document) Files(h Header) ([]spec.File, error) {
	var buf bytes.Buffer
	d.writeHeader(&buf, h, "the organisation and its people; the workspaces are in "+WorkspaceDir+"/")
	if err := encode(&buf, d.rootNode(true, false, nil)); err != nil {
		return nil, err
	}
	files := []spec.File{{Name: PeopleFile, Data: bytes.Clone(buf.Bytes())}}

	used := map[string]bool{}
	for _, w := range d.Workspaces {
		buf.Reset()
		d.writeHeader(&buf, h, fmt.Sprintf("workspace %q", w.Name))
		if err := encode(&buf, d.rootNode(false, true, []spec.Workspace{w})); err != nil {
			return nil, err
		}
		name := path.Join(WorkspaceDir, uniqueFileName(w.Name, used)+".yaml")
		files = append(files, spec.File{Name: name, Data: bytes.Clone(buf.Bytes())})
	}

	if _, err := spec.ParseFiles(files); err != nil {
		return nil, fmt.Errorf("exported spec is invalid: %w", err)
	}
	return files, nil
}

// writeHeader writes the comment that opens every exported file. part
// describes this file's content when the export is split into several.
func (d *Document) writeHeader(buf *bytes.Buffer, h Header, part string) {
	if h.SchemaURL != "" {
		fmt.Fprintf(buf, "# yaml-language-server: $schema=%s\n", h.SchemaURL)
	}
	org := d.Organization.Name
	if org == "" {
		org = d.Organization.ID
	}
	line := "# Exported from the live organisation"
	if org != "" {
		line += " " + strconv.Quote(org)
	}
	if !d.ReadAt.IsZero() {
		line += " as read at " + d.ReadAt.UTC().Format(time.RFC3339)
	}
	if h.Generator != "" {
		line += " by " + h.Generator
	}
	buf.WriteString(line + ".\n")
	if part != "" {
		buf.WriteString("# This file holds " + part + ".\n")
	}
	if part == "" || strings.HasPrefix(part, "the organisation") {
		buf.WriteString("# Admins, owners and billing users belong to every workspace through their\n" +
			"# role, so they are not listed as workspace members.\n")
		d.writeSkipped(buf)
	}
	buf.WriteString("\n")
}

// writeSkipped lists, as comments, what the export left out.
func (d *Document) writeSkipped(buf *bytes.Buffer) {
	if len(d.Skipped) == 0 {
		return
	}
	buf.WriteString("#\n# Left out, because a spec cannot hold them:\n")
	for _, s := range d.Skipped {
		fmt.Fprintf(buf, "#   - %s: %s\n", oneLine(s.Object), oneLine(s.Reason))
	}
	if len(d.IgnoredPeople) > 0 {
		buf.WriteString("# The people among them are listed under ignore.people, so orgsync\n" +
			"# never changes or removes them.\n")
	}
}

// rootNode builds the top-level mapping. withPeople adds the organisation,
// the ignore patterns and the users list, and withWorkspaces the
// workspaces given.
func (d *Document) rootNode(withPeople, withWorkspaces bool, workspaces []spec.Workspace) *yaml.Node {
	root := mapping()
	addPair(root, "version", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"})
	if withPeople {
		if org := d.organizationNode(); org != nil {
			addPair(root, "organization", org)
		}
		if len(d.IgnoredPeople) > 0 {
			ignore := mapping()
			addPair(ignore, "people", stringList(d.IgnoredPeople))
			addPair(root, "ignore", ignore)
		}
		addPair(root, "users", d.usersNode())
	}
	if withWorkspaces {
		addPair(root, "workspaces", workspacesNode(workspaces))
	}
	return root
}

func (d *Document) organizationNode() *yaml.Node {
	if d.Organization.ID == "" && d.Organization.Name == "" {
		return nil
	}
	org := mapping()
	if d.Organization.ID != "" {
		addPair(org, "id", str(d.Organization.ID))
	}
	if d.Organization.Name != "" {
		addPair(org, "name", str(d.Organization.Name))
	}
	return org
}

// usersNode lists the people, with a comment naming each role group and
// one on every pending invite.
func (d *Document) usersNode() *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	if len(d.People) == 0 {
		list.Style = yaml.FlowStyle
	}
	previous := ""
	for _, p := range d.People {
		item := mapping()
		addPair(item, "email", str(p.Email))
		role := str(p.Role)
		if !p.InviteExpiresAt.IsZero() {
			role.LineComment = "# invite pending until " + p.InviteExpiresAt.UTC().Format(time.DateOnly)
		}
		addPair(item, "role", role)
		if p.Role != previous {
			item.HeadComment = "# " + p.Role
			previous = p.Role
		}
		list.Content = append(list.Content, item)
	}
	return list
}

func workspacesNode(workspaces []spec.Workspace) *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	if len(workspaces) == 0 {
		list.Style = yaml.FlowStyle
	}
	for _, w := range workspaces {
		item := mapping()
		addPair(item, "name", str(w.Name))
		addPair(item, "id", str(w.ID))
		if w.DisplayColor != "" {
			color := str(w.DisplayColor)
			color.Style = yaml.DoubleQuotedStyle
			addPair(item, "display_color", color)
		}
		members := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if len(w.Members) == 0 {
			members.Style = yaml.FlowStyle
		}
		for _, m := range w.Members {
			member := mapping()
			addPair(member, "email", str(m.Email))
			addPair(member, "workspace_role", str(m.Role))
			members.Content = append(members.Content, member)
		}
		addPair(item, "members", members)
		list.Content = append(list.Content, item)
	}
	return list
}

func encode(buf *bytes.Buffer, root *yaml.Node) error {
	enc := yaml.NewEncoder(buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return fmt.Errorf("encode exported spec: %w", err)
	}
	return enc.Close()
}

func mapping() *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func stringList(values []string) *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, v := range values {
		list.Content = append(list.Content, str(v))
	}
	return list
}

func addPair(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, str(key), value)
}

// uniqueFileName returns a file name, without extension, made of the
// lower-case letters and digits of a workspace name with runs of anything
// else as "-", and a number added when another workspace took it.
func uniqueFileName(name string, used map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	base := strings.TrimSuffix(b.String(), "-")
	if base == "" {
		base = "workspace"
	}
	candidate := base
	for n := 2; used[candidate]; n++ {
		candidate = fmt.Sprintf("%s-%d", base, n)
	}
	used[candidate] = true
	return candidate
}

// oneLine keeps a comment on one line whatever the text holds.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
