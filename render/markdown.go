package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
)

// MarkdownLimit is the maximum length of a GitHub comment, in characters.
// Markdown views stay within it, counting bytes, which is never fewer than
// characters.
const MarkdownLimit = 65536

// markdownReserve keeps room for closing tags and the note about what was
// left out, which are written even when the content no longer fits.
const markdownReserve = 1024

// Markdown writes a plan for a pull-request comment or a job summary. The
// summary and a table of counts come first, then blocking safety rules,
// irreversible actions, emails sent and manual steps. The changes and the
// rest follow in collapsible sections. When the whole does not fit in
// MarkdownLimit, later entries are left out and a closing note says how
// many.
func Markdown(w io.Writer, p *plan.Plan, opts Options) error {
	p = opts.viewPlan(p)
	m := newMarkdownBuilder()
	m.raw(fmt.Sprintf("### orgsync plan for %s\n\n", mdEscape(p.Organization.Name)))
	m.raw(mdHeader(p) + "\n\n")
	m.raw("**" + mdEscape(Summary(p)) + "**\n\n")
	writeMarkdownBody(m, p)
	m.finish("Run `orgsync plan` to see the whole plan.")
	_, err := io.WriteString(w, m.String())
	return err
}

// MarkdownCheck writes the plan read again after an apply, under its own
// title.
func MarkdownCheck(w io.Writer, p *plan.Plan, opts Options) error {
	p = opts.viewPlan(p)
	m := newMarkdownBuilder()
	m.raw("### Check after apply\n\n")
	if !p.Pending() {
		m.raw("The organization matches the spec.")
		if n := p.Counts().Wait; n > 0 {
			m.raw(fmt.Sprintf(" Workspace memberships waiting for invites to be accepted: %d.", n))
		}
		m.raw("\n\n")
	} else {
		m.raw("The organization still differs from the spec. A new plan:\n\n")
		m.raw("**" + mdEscape(Summary(p)) + "**\n\n")
		writeMarkdownBody(m, p)
	}
	m.finish("Run `orgsync plan` to see the whole plan.")
	_, err := io.WriteString(w, m.String())
	return err
}

func mdHeader(p *plan.Plan) string {
	s := fmt.Sprintf("Organization **%s** (`%s`)", mdEscape(p.Organization.Name), mdCode(p.Organization.ID))
	if p.Prune {
		s += ", pruning"
	}
	s += "."
	if src := p.Source; src.Path != "" || src.Repository != "" {
		s += " Spec: " + mdSource(src) + "."
	}
	return s
}

func mdSource(src plan.Source) string {
	s := "`" + mdCode(src.Path) + "`"
	if src.Repository != "" {
		s += " in `" + mdCode(src.Repository) + "`"
	}
	if src.Ref != "" {
		s += " at `" + mdCode(src.Ref) + "`"
	}
	if src.Commit != "" {
		s += " (commit `" + mdCode(src.Commit) + "`)"
	}
	return s
}

func writeMarkdownBody(m *markdownBuilder, p *plan.Plan) {
	writeCountTable(m, p.Changes)
	for _, bl := range p.Blocked {
		m.item("> [!CAUTION]\n> **Blocked:** " + mdEscape(DescribeBlock(bl)) + " Nothing will be applied.\n\n")
	}
	for _, w := range p.Warnings {
		m.item("> [!WARNING]\n> " + mdEscape(DescribeWarning(w)) + "\n\n")
	}
	writeEffectSection(m, p.Changes, plan.EffectIrreversible, "> [!WARNING]\n> **Irreversible: %d %s cannot be undone.**\n")
	writeEffectSection(m, p.Changes, plan.EffectSendsEmail, "**Emails: %d %s send an invite to someone.**\n")
	writeManualSection(m, p.Changes)
	for _, g := range groupChanges(p.Changes) {
		m.open(fmt.Sprintf("<details><summary><strong>%s</strong> (%s)</summary>\n\n", g.Title, plural(len(g.Changes), "change")))
		for _, c := range g.Changes {
			m.item(mdChange(c))
		}
		m.close("\n</details>\n\n")
	}
	writeMarkdownNotes(m, p.Notes)
	writeMarkdownUnmanaged(m, p)
	if line := DescribeIgnored(p.Ignored); line != "" {
		m.item(mdEscape(line) + "\n\n")
	}
}

// writeCountTable writes the number of changes by action and kind.
func writeCountTable(m *markdownBuilder, changes []plan.Change) {
	if len(changes) == 0 {
		return
	}
	rows := []struct {
		action plan.Action
		label  string
	}{
		{plan.Create, "Create"}, {plan.Update, "Update"}, {plan.Replace, "Replace"},
		{plan.Delete, "Remove"}, {plan.Manual, "Manual"}, {plan.Wait, "Waiting on invites"},
	}
	// One column per group that has changes, so every row adds up.
	var groups []group
	for _, g := range groupChanges(changes) {
		groups = append(groups, g)
	}
	var b strings.Builder
	b.WriteString("| Action |")
	align := "| --- |"
	for _, g := range groups {
		b.WriteString(" " + g.Title + " |")
		align += " ---: |"
	}
	b.WriteString(" Total |\n" + align + " ---: |\n")
	for _, row := range rows {
		total := 0
		var cells []string
		for _, g := range groups {
			n := 0
			for _, c := range g.Changes {
				if c.Action == row.action {
					n++
				}
			}
			total += n
			cells = append(cells, fmt.Sprint(n))
		}
		if total == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %d |\n", row.label, strings.Join(cells, " | "), total)
	}
	m.raw(b.String() + "\n")
}

// writeEffectSection lists the changes with the effect, under a heading
// made from format, the count and "change" or "changes".
func writeEffectSection(m *markdownBuilder, changes []plan.Change, effect plan.Effect, format string) {
	var selected []plan.Change
	for _, c := range changes {
		if hasEffect(c, effect) {
			selected = append(selected, c)
		}
	}
	if len(selected) == 0 {
		return
	}
	quote := strings.HasPrefix(format, ">")
	word := "changes"
	if len(selected) == 1 {
		word = "change"
	}
	m.open(fmt.Sprintf(format, len(selected), word))
	for _, c := range selected {
		line := "- `" + marker(c) + "` " + mdEscape(Describe(c)) + "\n"
		if quote {
			line = "> " + line
		}
		m.item(line)
	}
	m.close("\n")
}

func hasEffect(c plan.Change, effect plan.Effect) bool {
	for _, e := range c.Effects() {
		if e == effect {
			return true
		}
	}
	return false
}

// writeManualSection lists the steps a person must take in the Console,
// each with its reason.
func writeManualSection(m *markdownBuilder, changes []plan.Change) {
	var manual []plan.Change
	for _, c := range changes {
		if c.Action == plan.Manual {
			manual = append(manual, c)
		}
	}
	if len(manual) == 0 {
		return
	}
	m.open(fmt.Sprintf("#### Manual steps (%d)\n\nThe Admin API cannot make these changes, so orgsync never sends them. Make them in the Console.\n\n", len(manual)))
	for _, c := range manual {
		m.item(fmt.Sprintf("- %s (reason: `%s`)\n", mdEscape(strings.TrimPrefix(Describe(c), "manual: ")), c.Reason))
	}
	m.close("\n")
}

// mdChange returns a change as a list item with its fields and effects.
func mdChange(c plan.Change) string {
	s := "- `" + marker(c) + "` " + mdEscape(Describe(c))
	for _, e := range c.Effects() {
		label := EffectLabel(e)
		if e == plan.EffectIrreversible {
			label = strings.ToUpper(label)
		}
		s += " **" + label + "**"
	}
	s += "\n"
	if fields := FieldChanges(c); fields != "" {
		s += "  - " + mdEscape(fields) + "\n"
	}
	return s
}

func writeMarkdownNotes(m *markdownBuilder, notes []plan.Note) {
	if len(notes) == 0 {
		return
	}
	m.open(fmt.Sprintf("<details><summary>Notes (%s)</summary>\n\n", plural(len(notes), "note")))
	for _, n := range notes {
		var s string
		switch n.Code {
		case plan.NoteInvitePending:
			s = fmt.Sprintf("%s is invited as %s and has not accepted yet (%s, expires %s); no change.",
				n.Email, n.Role, n.InviteID, n.ExpiresAt.UTC().Format("2006-01-02"))
		case plan.NoteInviteStatusStale:
			s = fmt.Sprintf("Invite %s for %s is listed as pending but expired on %s; it counts as expired.",
				n.InviteID, n.Email, n.ExpiresAt.UTC().Format("2006-01-02"))
		default:
			if line, ok := describeSettingNote(n); ok {
				s = line
				break
			}
			s = fmt.Sprintf("%s: %s (%s)", n.Code, n.Email, n.InviteID)
		}
		m.item("- " + mdEscape(s) + "\n")
	}
	m.close("\n</details>\n\n")
}

func writeMarkdownUnmanaged(m *markdownBuilder, p *plan.Plan) {
	if len(p.Unmanaged) == 0 {
		return
	}
	m.open(fmt.Sprintf("<details><summary>Not in the spec, left alone (%d)</summary>\n\n", len(p.Unmanaged)))
	for _, u := range p.Unmanaged {
		m.item("- " + mdEscape(describeUnmanaged(u)) + "\n")
	}
	m.close("\n</details>\n\n")
}

// MarkdownReport writes the outcome of an apply run: the counts, the
// failed changes with their errors, then every result in a collapsible
// section, within MarkdownLimit.
func MarkdownReport(w io.Writer, r *apply.Report, opts Options) error {
	r = opts.viewReport(r)
	m := newMarkdownBuilder()
	m.raw("### orgsync apply\n\n")
	m.raw(fmt.Sprintf("**Apply: %d applied, %d failed, %d skipped.**\n\n",
		r.Count(apply.Applied), r.Count(apply.Failed), r.Count(apply.Skipped)))
	if n := r.Count(apply.Failed); n > 0 {
		m.open(fmt.Sprintf("> [!CAUTION]\n> **Failed (%d):**\n", n))
		for _, res := range r.Results {
			if res.Status == apply.Failed {
				m.item(fmt.Sprintf("> - `%s` %s: %s\n", marker(res.Change), mdEscape(Describe(res.Change)), mdEscape(opts.errorText(res.Err))))
			}
		}
		m.close("\n")
	}
	m.open(fmt.Sprintf("<details><summary>All results (%d)</summary>\n\n", len(r.Results)))
	for _, res := range r.Results {
		s := fmt.Sprintf("- **%s** `%s` %s", res.Status, marker(res.Change), mdEscape(Describe(res.Change)))
		if res.Status == apply.Skipped && res.Change.Sent() {
			s += " (skipped: " + mdEscape(opts.text(res.SkipReason)) + ")"
		}
		if res.RequestID != "" {
			s += " (request-id `" + mdCode(res.RequestID) + "`)"
		}
		m.item(s + "\n")
	}
	m.close("\n</details>\n\n")
	m.finish("The full results are in the command output and the audit log.")
	_, err := io.WriteString(w, m.String())
	return err
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// mdReplacer escapes the characters that Markdown or HTML would read as
// markup in names and addresses. Escaped "<" already prevents HTML tags,
// and no value starts a line, so ">" and "#" are left as they are.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", "|", `\|`, "~", `\~`, "&", "&amp;",
)

func mdEscape(s string) string { return mdReplacer.Replace(s) }

// mdCode prepares s for a code span: a backtick would end the span, so it
// is replaced.
func mdCode(s string) string { return strings.ReplaceAll(s, "`", "'") }
