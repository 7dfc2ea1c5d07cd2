package spec

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// Field names, in the order doc.go documents them.
var (
	specFields = []string{"version", "organization", "allow_empty", "ownership", "ignore", "protect", "removal_limits", "freeze",
		"defaults", "spend_limits", "compliance_api", "api_keys", "rbac_groups", "users", "workspaces"}
	organizationFields = []string{"id", "name"}
	userFields         = []string{"email", "role"}
	workspaceFields    = []string{"name", "id", "display_color", "members", "tags", "data_residency", "rate_limits", "spend_limit"}
	memberFields       = []string{"email", "workspace_role"}
)

// entries keeps, next to each decoded user and workspace, the positions of
// its fields and whether they were valid, for the checks that compare
// entries with each other.
type entries struct {
	users      []userEntry
	workspaces []workspaceEntry
}

type userEntry struct {
	user     User
	emailPos Position
	roleOK   bool
}

type workspaceEntry struct {
	workspace Workspace
	namePos   Position
	idPos     Position
	members   []memberEntry
}

type memberEntry struct {
	member   Member
	emailPos Position
	rolePos  Position
	roleOK   bool
}

// spec decodes the root mapping of a spec. It returns a Spec even when it
// recorded errors, so that validate can still report the problems between
// entries.
func (d *decoder) spec(root *yaml.Node) (*Spec, *entries) {
	s := &Spec{File: d.file}
	e := &entries{}

	fields, ok := d.fields(root, "a spec must be a YAML mapping with version, users and workspaces at the top level", "at the top level", specFields)
	if !ok {
		return s, e
	}

	d.version(s, root, fields["version"])
	if n, ok := fields["organization"]; ok {
		s.Organization = d.organization(n)
	}
	if n, ok := fields["allow_empty"]; ok {
		s.AllowEmpty, _ = d.boolean(n, "allow_empty")
	}
	d.safety(s, fields)
	d.settings(s, fields)
	if n, ok := fields["users"]; ok {
		s.UsersDeclared = true
		e.users = d.users(n)
	}
	if n, ok := fields["workspaces"]; ok {
		s.WorkspacesDeclared = true
		e.workspaces = d.workspaces(n)
	}

	for _, u := range e.users {
		s.Users = append(s.Users, u.user)
	}
	for _, w := range e.workspaces {
		s.Workspaces = append(s.Workspaces, w.workspace)
	}
	return s, e
}

func (d *decoder) version(s *Spec, root, n *yaml.Node) {
	if n == nil {
		d.errorf(root, "version is required; add \"version: 1\" at the top of the file")
		return
	}

	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&s.Version) != nil {
		d.errorf(n, "version must be the number 1")
		return
	}
	if s.Version != 1 {
		d.errorf(n, "version %d is not supported; this orgsync reads version 1", s.Version)
	}
}

func (d *decoder) organization(n *yaml.Node) *Organization {
	fields, ok := d.fields(n, "organization must be a mapping with an id, a name or both", "in organization", organizationFields)
	if !ok {
		return nil
	}

	org := &Organization{Pos: d.pos(resolve(n))}
	if v, ok := fields["id"]; ok {
		org.ID = d.nonEmpty(v, "organization id")
	}
	if v, ok := fields["name"]; ok {
		org.Name = d.nonEmpty(v, "organization name")
	}
	if fields["id"] == nil && fields["name"] == nil {
		d.errorf(resolve(n), "organization needs an id, a name or both")
	}
	return org
}

func (d *decoder) users(n *yaml.Node) []userEntry {
	items, ok := d.list(n, "users")
	if !ok {
		return nil
	}

	var users []userEntry
	for _, item := range items {
		fields, ok := d.fields(item, "each user must be a mapping with email and role", "in a user", userFields)
		if !ok {
			continue
		}

		u := userEntry{user: User{Pos: d.pos(resolve(item))}}
		u.user.Email, u.emailPos = d.email(item, fields["email"], "user")
		u.user.Role, u.roleOK = d.role(item, fields["role"], "role", "user", "an organization", OrgRoles)
		users = append(users, u)
	}
	return users
}

func (d *decoder) workspaces(n *yaml.Node) []workspaceEntry {
	items, ok := d.list(n, "workspaces")
	if !ok {
		return nil
	}

	var workspaces []workspaceEntry
	for _, item := range items {
		fields, ok := d.fields(item, "each workspace must be a mapping with name and members", "in a workspace", workspaceFields)
		if !ok {
			continue
		}

		w := workspaceEntry{workspace: Workspace{Pos: d.pos(resolve(item))}}
		d.workspaceName(&w, item, fields["name"])
		if v, ok := fields["id"]; ok {
			w.idPos = d.pos(resolve(v))
			w.workspace.ID = d.workspaceID(v)
		}
		if v, ok := fields["display_color"]; ok {
			w.workspace.DisplayColor = d.displayColor(v)
		}
		if v, ok := fields["members"]; ok {
			w.members = d.members(v)
		}
		d.workspaceSettings(&w.workspace.Settings, fields)
		for _, m := range w.members {
			w.workspace.Members = append(w.workspace.Members, m.member)
		}
		workspaces = append(workspaces, w)
	}
	return workspaces
}

func (d *decoder) members(n *yaml.Node) []memberEntry {
	items, ok := d.list(n, "members")
	if !ok {
		return nil
	}

	var members []memberEntry
	for _, item := range items {
		fields, ok := d.fields(item, "each member must be a mapping with email and workspace_role", "in a workspace member", memberFields)
		if !ok {
			continue
		}

		m := memberEntry{member: Member{Pos: d.pos(resolve(item))}}
		m.member.Email, m.emailPos = d.email(item, fields["email"], "member")
		if v, ok := fields["workspace_role"]; ok {
			m.rolePos = d.pos(resolve(v))
		}
		m.member.Role, m.roleOK = d.role(item, fields["workspace_role"], "workspace_role", "member", "a workspace", WorkspaceRoles)
		members = append(members, m)
	}
	return members
}

// email reads the email field of a user or member entry. It returns the
// address even when it is invalid, so that duplicates and references are
// still matched, and the position of the value.
func (d *decoder) email(entry, n *yaml.Node, entryName string) (string, Position) {
	if n == nil {
		d.errorf(resolve(entry), "%s is missing email", entryName)
		return "", Position{}
	}

	n = resolve(n)
	email, ok := d.str(n, "email")
	if !ok {
		return "", d.pos(n)
	}
	if msg := checkEmail(email); msg != "" {
		d.errorf(n, "%s", msg)
	}
	return email, d.pos(n)
}

// role reads a role field called name and checks it against allowed.
// roleKind describes the roles in messages, as in "an organization".
func (d *decoder) role(entry, n *yaml.Node, name, entryName, roleKind string, allowed []string) (string, bool) {
	if n == nil {
		d.errorf(resolve(entry), "%s is missing %s; set it to one of %s", entryName, name, joinRoles(allowed))
		return "", false
	}

	role, ok := d.str(n, name)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, role) {
		d.errorf(resolve(n), "%s %q is not %s role; use one of %s", name, role, roleKind, joinRoles(allowed))
		return role, false
	}
	return role, true
}

func (d *decoder) workspaceName(w *workspaceEntry, entry, n *yaml.Node) {
	if n == nil {
		d.errorf(resolve(entry), "workspace is missing name")
		return
	}

	w.namePos = d.pos(resolve(n))
	name, ok := d.str(n, "name")
	if !ok {
		return
	}
	w.workspace.Name = name

	switch trimmed := strings.TrimFunc(name, unicode.IsSpace); {
	case name == "":
		d.errorf(resolve(n), "workspace name must not be empty")
	case trimmed != name:
		d.errorf(resolve(n), "workspace name %q starts or ends with whitespace; remove it", name)
	}
}

// workspaceIDPrefix starts every workspace id the Admin API issues.
const workspaceIDPrefix = "wrkspc_"

func (d *decoder) workspaceID(n *yaml.Node) string {
	id, ok := d.str(n, "id")
	if !ok {
		return ""
	}
	if !strings.HasPrefix(id, workspaceIDPrefix) || len(id) == len(workspaceIDPrefix) {
		d.errorf(resolve(n), "workspace id %q is not a workspace id; it must start with %q, as in \"wrkspc_01AbCd\"", id, workspaceIDPrefix)
	}
	return id
}

// hexColor matches a display colour such as "#6C5BB9".
var hexColor = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

func (d *decoder) displayColor(n *yaml.Node) string {
	n = resolve(n)
	if isNull(n) {
		// An unquoted #6C5BB9 starts a YAML comment, so it reads as no value.
		d.errorf(n, "display_color has no value; quote the colour, as in display_color: \"#6C5BB9\", because an unquoted # starts a comment")
		return ""
	}

	color, ok := d.str(n, "display_color")
	if !ok {
		return ""
	}
	if !hexColor.MatchString(color) {
		d.errorf(n, "display_color %q must be # followed by 6 hex digits, as in \"#6C5BB9\"", color)
	}
	return color
}

// nonEmpty reads a string field that, when present, must not be empty.
func (d *decoder) nonEmpty(n *yaml.Node, name string) string {
	s, ok := d.str(n, name)
	if ok && s == "" {
		d.errorf(resolve(n), "%s must not be empty", name)
	}
	return s
}
