package render

import (
	"fmt"
	"strings"
)

// markdownBuilder writes Markdown within MarkdownLimit. Headings and
// summaries are written with raw, and entries with item. Once an entry
// does not fit, it and every later entry are counted as left out, so what
// is shown is always a prefix of each section.
type markdownBuilder struct {
	b     strings.Builder
	limit int
	// full is set at the first entry that did not fit.
	full    bool
	omitted int
	// open is true between open and close when open wrote its heading.
	opened bool
}

func newMarkdownBuilder() *markdownBuilder {
	return &markdownBuilder{limit: MarkdownLimit - markdownReserve}
}

func (m *markdownBuilder) fits(s string) bool {
	return !m.full && m.b.Len()+len(s) <= m.limit
}

// raw writes s if it fits; it is meant for short headings and summaries.
func (m *markdownBuilder) raw(s string) {
	if m.fits(s) {
		m.b.WriteString(s)
	}
}

// open writes the heading of a section, if it fits.
func (m *markdownBuilder) open(heading string) {
	m.opened = m.fits(heading)
	if m.opened {
		m.b.WriteString(heading)
	}
}

// item writes one entry, or counts it as left out.
func (m *markdownBuilder) item(s string) {
	if !m.fits(s) {
		m.full = true
		m.omitted++
		return
	}
	m.b.WriteString(s)
}

// close writes the end of a section whose heading was written. It may use
// the reserve, so an open <details> is always closed.
func (m *markdownBuilder) close(s string) {
	if m.opened {
		m.b.WriteString(s)
	}
	m.opened = false
}

// finish adds the note about left-out entries, ending with hint.
func (m *markdownBuilder) finish(hint string) {
	if m.omitted == 0 {
		return
	}
	fmt.Fprintf(&m.b, "_%s left out to stay under GitHub's %d-character comment limit. %s_\n",
		plural(m.omitted, "line"), MarkdownLimit, hint)
}

func (m *markdownBuilder) String() string { return m.b.String() }
