package spec

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	ownershipFields     = []string{"people", "invites", "workspace_members", "workspaces", "rate_limits", "spend_limits", "rbac_groups"}
	ignoreFields        = []string{"people", "workspaces"}
	removalLimitsFields = []string{"max_percent", "max_count"}
)

// safety decodes the top-level settings that bound what orgsync may do.
func (d *decoder) safety(s *Spec, fields map[string]*yaml.Node) {
	s.Ownership = DefaultOwnership
	if n, ok := fields["ownership"]; ok {
		d.ownership(&s.Ownership, n)
	}
	if n, ok := fields["ignore"]; ok {
		d.ignore(&s.Ignore, n)
	}
	if n, ok := fields["protect"]; ok {
		s.Protect = d.protect(n)
	}
	s.RemovalLimits = RemovalLimits{MaxPercent: DefaultMaxPercent, MaxCount: DefaultMaxCount}
	if n, ok := fields["removal_limits"]; ok {
		d.removalLimits(&s.RemovalLimits, n)
	}
	if n, ok := fields["freeze"]; ok {
		if reason, ok := d.str(n, "freeze"); ok {
			s.Freeze = strings.TrimSpace(reason)
			if s.Freeze == "" {
				d.errorf(resolve(n), "freeze needs a reason, such as \"incident 42: no automatic changes\"")
			}
		}
	}
}

func (d *decoder) ownership(o *Ownership, n *yaml.Node) {
	fields, ok := d.fields(n, "ownership must be a mapping of kinds to authoritative or additive", "in ownership", ownershipFields)
	if !ok {
		return
	}
	targets := map[string]*Mode{"people": &o.People, "invites": &o.Invites, "workspace_members": &o.WorkspaceMembers, "workspaces": &o.Workspaces,
		"rate_limits": &o.RateLimits, "spend_limits": &o.SpendLimits, "rbac_groups": &o.RBACGroups}
	for _, name := range ownershipFields {
		v, ok := fields[name]
		if !ok {
			continue
		}
		mode, ok := d.str(v, "ownership."+name)
		if !ok {
			continue
		}
		switch Mode(mode) {
		case Authoritative, Additive:
			*targets[name] = Mode(mode)
		default:
			d.errorf(resolve(v), "ownership.%s must be authoritative or additive, not %q", name, mode)
		}
	}
}

func (d *decoder) ignore(ig *Ignore, n *yaml.Node) {
	fields, ok := d.fields(n, "ignore must be a mapping with people and workspaces lists", "in ignore", ignoreFields)
	if !ok {
		return
	}
	ig.People = d.patterns(fields["people"], "ignore.people")
	ig.Workspaces = d.patterns(fields["workspaces"], "ignore.workspaces")
}

// patterns decodes a list of glob patterns, checking their syntax.
func (d *decoder) patterns(n *yaml.Node, name string) []string {
	if n == nil {
		return nil
	}
	items, ok := d.list(n, name)
	if !ok {
		return nil
	}
	var out []string
	for _, item := range items {
		p, ok := d.str(item, name+" entry")
		if !ok {
			continue
		}
		if _, err := path.Match(p, ""); err != nil || p == "" {
			d.errorf(resolve(item), "%s entry %q is not a valid glob pattern; use * and ? as in \"*@contractors.example.com\"", name, p)
			continue
		}
		out = append(out, p)
	}
	return out
}

func (d *decoder) protect(n *yaml.Node) []Protected {
	items, ok := d.list(n, "protect")
	if !ok {
		return nil
	}
	var out []Protected
	for _, item := range items {
		email, ok := d.str(item, "protect entry")
		if !ok {
			continue
		}
		if msg := checkEmail(email); msg != "" {
			d.errorf(resolve(item), "%s", msg)
			continue
		}
		out = append(out, Protected{Email: email, Pos: d.pos(resolve(item))})
	}
	return out
}

func (d *decoder) removalLimits(l *RemovalLimits, n *yaml.Node) {
	fields, ok := d.fields(n, "removal_limits must be a mapping with max_percent and max_count", "in removal_limits", removalLimitsFields)
	if !ok {
		return
	}
	l.Pos = d.pos(resolve(n))
	if v, ok := fields["max_percent"]; ok {
		l.MaxPercent = d.integer(v, "removal_limits.max_percent", 0, 100)
	}
	if v, ok := fields["max_count"]; ok {
		l.MaxCount = d.integer(v, "removal_limits.max_count", 0, 1_000_000)
	}
}

// integer decodes a whole number within [low, high].
func (d *decoder) integer(n *yaml.Node, name string, low, high int) int {
	n = resolve(n)
	var v int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil || v < low || v > high {
		d.errorf(n, "%s must be a whole number from %d to %d", name, low, high)
		return 0
	}
	return v
}

// MatchPattern reports whether name matches one of the glob patterns,
// ignoring case.
func MatchPattern(patterns []string, name string) bool {
	name = strings.ToLower(name)
	for _, p := range patterns {
		if ok, _ := path.Match(strings.ToLower(p), name); ok {
			return true
		}
	}
	return false
}

// checkIgnored rejects declared objects that the spec also ignores: the
// two cannot both hold.
func (d *decoder) checkIgnored(s *Spec) {
	for _, u := range s.Users {
		if MatchPattern(s.Ignore.People, u.Email) {
			d.errorAt(u.Pos, "user %s is declared but matches ignore.people; remove one of the two", u.Email)
		}
	}
	for _, w := range s.Workspaces {
		if MatchPattern(s.Ignore.Workspaces, w.Name) {
			d.errorAt(w.Pos, "workspace %q is declared but matches ignore.workspaces; remove one of the two", w.Name)
		}
		for _, m := range w.Members {
			if MatchPattern(s.Ignore.People, m.Email) {
				d.errorAt(m.Pos, "member %s of workspace %q matches ignore.people; remove one of the two", m.Email, w.Name)
			}
		}
	}
}
