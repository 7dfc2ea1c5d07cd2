package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
)

// Text writes a plan for a terminal or a log: the changes grouped by
// kind in plan order, each with its changed fields and effects, then
// notes, unmanaged objects, broken safety rules and the summary.
func Text(w io.Writer, p *plan.Plan, opts Options) error {
	p = opts.viewPlan(p)
	st := style{enabled: opts.Color}
	b := &strings.Builder{}
	fmt.Fprintf(b, "Organization %q (%s)", p.Organization.Name, p.Organization.ID)
	if p.Prune {
		b.WriteString(", pruning")
	}
	writeSource(b, p.Source)
	b.WriteString("\n\n")

	writeGroups(b, st, p.Changes)
	writeNotes(b, p.Notes)
	writeUnmanaged(b, p)
	if line := DescribeIgnored(p.Ignored); line != "" {
		b.WriteString(line + "\n\n")
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(b, "%s %s\n\n", st.paint("warning:", sgrBold), DescribeWarning(w))
	}
	writeBlocks(b, st, p.Blocked)
	b.WriteString(st.bold(Summary(p)))
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeNotes(b *strings.Builder, notes []plan.Note) {
	var pending, stale []string
	for _, n := range notes {
		switch n.Code {
		case plan.NoteInvitePending:
			pending = append(pending, fmt.Sprintf("  %s as %s (%s, expires %s)", n.Email, n.Role, n.InviteID, n.ExpiresAt.UTC().Format(time.DateOnly)))
		case plan.NoteInviteStatusStale:
			stale = append(stale, fmt.Sprintf("  warning: invite %s for %s is listed as pending but expired on %s; it counts as expired",
				n.InviteID, n.Email, n.ExpiresAt.UTC().Format(time.DateOnly)))
		}
	}
	if len(pending) > 0 {
		b.WriteString("Invited and not yet accepted (no change):\n")
		b.WriteString(strings.Join(pending, "\n"))
		b.WriteString("\n\n")
	}
	if len(stale) > 0 {
		b.WriteString(strings.Join(stale, "\n"))
		b.WriteString("\n\n")
	}
	for _, n := range notes {
		if line, ok := describeSettingNote(n); ok {
			b.WriteString(line + "\n\n")
		}
	}
}

func writeUnmanaged(b *strings.Builder, p *plan.Plan) {
	if len(p.Unmanaged) == 0 {
		return
	}
	b.WriteString("Not in the spec, left alone")
	if !p.Prune {
		b.WriteString(" (--prune removes those of kinds the spec owns authoritatively: by default people, invites, workspace members and RBAC group members; workspaces only with ownership.workspaces: authoritative)")
	}
	b.WriteString(":\n")
	for _, u := range p.Unmanaged {
		fmt.Fprintf(b, "  %s\n", describeUnmanaged(u))
	}
	b.WriteString("\n")
}

func writeBlocks(b *strings.Builder, st style, blocks []plan.Block) {
	for _, bl := range blocks {
		fmt.Fprintf(b, "%s %s\n", st.paint("BLOCKED:", sgrBold, sgrRed), DescribeBlock(bl))
	}
	if len(blocks) > 0 {
		b.WriteString("\n")
	}
}

// DescribeBlock returns a sentence that names a broken rule, its count
// and how to lift it.
func DescribeBlock(bl plan.Block) string {
	if sentence, ok := describeSafetyRule(bl); ok {
		return sentence
	}
	switch bl.Rule {
	case plan.BlockEmptySection:
		what := "the users section is empty or missing"
		noun := "people"
		switch bl.Kind {
		case plan.KindMember:
			what = fmt.Sprintf("workspace %q declares no members", bl.Workspace)
			noun = "members"
		case plan.KindWorkspace:
			what = "the workspaces section is empty or missing"
			noun = "workspaces"
		}
		return fmt.Sprintf("%s, so pruning would remove %d of %d %s. If that is intended, set %q in the spec.",
			what, bl.Removals, bl.Total, noun, bl.Override)
	}
	return string(bl.Rule)
}

// Summary returns the one-line count of a plan's changes.
func Summary(p *plan.Plan) string {
	n := p.Counts()
	var parts []string
	add := func(count int, label string) {
		if count > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count, label))
		}
	}
	add(n.Create, "to create")
	add(n.Update, "to update")
	add(n.Replace, "to replace")
	add(n.Delete, "to remove")
	add(n.Manual, "manual")
	add(n.Wait, "waiting on invites")
	prefix := "Plan: "
	if len(p.Blocked) > 0 {
		prefix = "Plan (blocked, nothing will be applied): "
	}
	if len(parts) == 0 {
		return prefix + "no changes; the organization matches the spec."
	}
	s := prefix + strings.Join(parts, ", ") + "."
	if !p.Pending() {
		s += " The organization matches the spec apart from invites not yet accepted."
	}
	return s
}

// Report writes the outcome of an apply run: one line per change with
// its status, the redacted error of a failed change, and the counts.
func Report(w io.Writer, r *apply.Report, opts Options) error {
	r = opts.viewReport(r)
	st := style{enabled: opts.Color}
	b := &strings.Builder{}
	for _, res := range r.Results {
		line := fmt.Sprintf("  %s %s %s", st.status(res.Status), st.marker(res.Change), Describe(res.Change))
		switch {
		case res.Status == apply.Failed:
			line += fmt.Sprintf("\n           error: %s", opts.errorText(res.Err))
		case res.Status == apply.Skipped && res.Change.Sent():
			line += fmt.Sprintf(" (skipped: %s)", opts.text(res.SkipReason))
		}
		b.WriteString(line + "\n")
		if effects := res.Change.Effects(); len(effects) > 0 && res.Status == apply.Applied {
			fmt.Fprintf(b, "           %s\n", effectLabels(st, effects))
		}
	}
	fmt.Fprintf(b, "\nApply: %d applied, %d failed, %d skipped.\n",
		r.Count(apply.Applied), r.Count(apply.Failed), r.Count(apply.Skipped))
	_, err := io.WriteString(w, b.String())
	return err
}
