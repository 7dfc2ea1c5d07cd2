package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the report as GitHub-flavoured Markdown tables, for
// a pull-request comment or a job summary.
func WriteMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", markdownText(r.Title()))
	writeMarkdownTable(&b, r, r.Lines)
	fmt.Fprintf(&b, "\n**Total: %s** in %s requests\n", r.FormatValue(r.Total), groupThousands(r.Total.Requests))
	if r.Joined {
		fmt.Fprintf(&b, "\n#### Spend in workspaces the spec does not declare: %s\n\n", sectionTotal(r, r.Undeclared))
		if len(r.Undeclared) > 0 {
			writeMarkdownTable(&b, r, r.Undeclared)
		}
		fmt.Fprintf(&b, "\n#### Spend through API keys whose creator is no longer a member: %s\n\n", sectionTotal(r, r.Orphaned))
		if len(r.Orphaned) > 0 {
			writeMarkdownTable(&b, r, r.Orphaned)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeMarkdownTable(b *strings.Builder, r *Report, lines []Line) {
	if len(lines) == 0 {
		b.WriteString("No spend in this period.\n")
		return
	}
	fmt.Fprintf(b, "| name | id | %s | requests | share | notes |\n| --- | --- | ---: | ---: | ---: | --- |\n", valueHeading(r))
	for _, l := range lines {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", markdownText(l.Label), markdownCode(l.Key), plainValue(r, l.Measure),
			groupThousands(l.Measure.Requests), percent(r.Share(l.Measure)), markdownText(lineNotes(l)))
	}
}

// markdownText escapes the characters that would break a table cell or
// start markup.
func markdownText(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "'", "<", "&lt;", "\n", " ").Replace(s)
}

// markdownCode shows an id as code, or nothing for an empty id, which an
// empty code span would render as two backquotes.
func markdownCode(id string) string {
	if id == "" {
		return ""
	}
	return "`" + id + "`"
}
