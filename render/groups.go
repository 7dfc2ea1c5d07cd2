package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/orgsync/orgsync/plan"
)

// group is the changes of one kind, in plan order.
type group struct {
	Kind    plan.Kind
	Title   string
	Changes []plan.Change
}

// groupTitles names the groups in the order the views show them.
var groupTitles = []struct {
	kind  plan.Kind
	title string
}{
	{plan.KindWorkspace, "Workspaces"},
	{plan.KindPerson, "People"},
	{plan.KindMember, "Workspace members"},
	{plan.KindRateLimit, "Workspace rate limits"},
	{plan.KindSpendLimit, "Spend limits"},
	{plan.KindCompliance, "Compliance API"},
	{plan.KindAPIKey, "API keys"},
	{plan.KindRBACGroup, "RBAC groups"},
	{plan.KindRBACMember, "RBAC group members"},
}

// groupChanges splits changes by kind, keeping the plan order inside each
// group. Groups without changes are left out; changes of a kind the views
// do not know come last, under "Other changes".
func groupChanges(changes []plan.Change) []group {
	var groups []group
	known := map[plan.Kind]bool{}
	for _, gt := range groupTitles {
		known[gt.kind] = true
		g := group{Kind: gt.kind, Title: gt.title}
		for _, c := range changes {
			if c.Kind == gt.kind {
				g.Changes = append(g.Changes, c)
			}
		}
		if len(g.Changes) > 0 {
			groups = append(groups, g)
		}
	}
	other := group{Title: "Other changes"}
	for _, c := range changes {
		if !known[c.Kind] {
			other.Changes = append(other.Changes, c)
		}
	}
	if len(other.Changes) > 0 {
		groups = append(groups, other)
	}
	return groups
}

// writeGroups writes each group under its title: a line per change, then
// its changed fields and its effects, indented below it.
func writeGroups(b *strings.Builder, st style, changes []plan.Change) {
	for _, g := range groupChanges(changes) {
		fmt.Fprintf(b, "%s\n", st.bold(g.Title+":"))
		for _, c := range g.Changes {
			fmt.Fprintf(b, "  %s %s\n", st.marker(c), Describe(c))
			if fields := FieldChanges(c); fields != "" {
				fmt.Fprintf(b, "      %s\n", fields)
			}
			if effects := c.Effects(); len(effects) > 0 {
				fmt.Fprintf(b, "      %s\n", effectLabels(st, effects))
			}
		}
		b.WriteString("\n")
	}
}

// FieldChanges returns the fields whose value changes, as
// "name: before -> after" joined by commas, with "(none)" for an empty
// value. It returns "" when no field changes.
func FieldChanges(c plan.Change) string {
	var parts []string
	for _, f := range c.Fields {
		if f.Before == f.After {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s -> %s", f.Name, orNone(f.Before), orNone(f.After)))
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func effectLabels(st style, effects []plan.Effect) string {
	labels := make([]string, len(effects))
	for i, e := range effects {
		labels[i] = st.effect(e)
	}
	return strings.Join(labels, " ")
}

// describeUnmanaged returns a one-line description of a live object the
// plan leaves alone.
func describeUnmanaged(u plan.Unmanaged) string {
	switch {
	case u.Kind == plan.KindWorkspace && !u.CreatedAt.IsZero():
		return fmt.Sprintf("workspace %q (%s, created %s)", u.Workspace, u.ID, u.CreatedAt.UTC().Format(time.DateOnly))
	case u.Kind == plan.KindWorkspace:
		return fmt.Sprintf("workspace %q (%s)", u.Workspace, u.ID)
	case u.Kind == plan.KindMember && u.Email == "":
		return fmt.Sprintf("member %s of %q (%s), not in the users list", u.ID, u.Workspace, u.Role)
	case u.Kind == plan.KindMember:
		return fmt.Sprintf("member %s of %q (%s)", u.Email, u.Workspace, u.Role)
	case u.Invite:
		return fmt.Sprintf("pending invite for %s (%s, %s)", u.Email, u.ID, u.Role)
	case u.Kind == plan.KindRBACMember:
		return fmt.Sprintf("member %s (%s) of RBAC group %q", u.Email, u.ID, u.Target)
	}
	return fmt.Sprintf("person %s (%s, %s)", u.Email, u.ID, u.Role)
}
