package render

import (
	"fmt"
	"strings"

	"github.com/orgsync/orgsync/plan"
)

// SourceLine returns the sentence that says which commit the spec was
// read from, or "" for a spec read from disk outside any checkout.
func SourceLine(s plan.Source) string {
	if s.Commit == "" {
		return ""
	}
	path := s.Path
	if path == "" {
		path = "the top directory"
	}
	return fmt.Sprintf("Spec: %s in %s at %s, commit %s", path, s.Repository, s.Ref, s.Commit)
}

// writeSource writes the header line of SourceLine, when there is one.
func writeSource(b *strings.Builder, s plan.Source) {
	if line := SourceLine(s); line != "" {
		b.WriteString("\n" + line)
	}
}
