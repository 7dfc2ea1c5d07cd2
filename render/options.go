package render

import (
	"regexp"
	"strings"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/internal/redact"
	"github.com/orgsync/orgsync/plan"
)

// Options controls every view.
type Options struct {
	// Color adds ANSI colours to the text view. The command sets it only
	// when stdout is a terminal and NO_COLOR is unset; the other views
	// ignore it.
	Color bool
	// MaskEmails shows each address as its first letter, "***" and the
	// domain, as in a***@example.com.
	MaskEmails bool
	// Secrets are removed from error text, in addition to the credential
	// patterns that internal/redact recognises.
	Secrets []string
}

// emailPattern matches an address inside free text, such as an API error.
var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)

// MaskEmail returns the address with its local part hidden after the
// first character: a***@example.com. A value without "@" is returned as
// it is.
func MaskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return email
	}
	first := []rune(local)[0]
	return string(first) + "***@" + domain
}

// maskText masks every address inside s.
func maskText(s string) string {
	return emailPattern.ReplaceAllStringFunc(s, MaskEmail)
}

// errorText returns the redacted text of err, masked when asked.
func (o Options) errorText(err error) string {
	if err == nil {
		return ""
	}
	return o.text(redact.String(err.Error(), o.Secrets...))
}

// text redacts and, when asked, masks free text such as a skip reason.
func (o Options) text(s string) string {
	s = redact.String(s, o.Secrets...)
	if o.MaskEmails {
		s = maskText(s)
	}
	return s
}

// viewPlan returns the plan as the views show it: p itself, or a copy with
// every address masked.
func (o Options) viewPlan(p *plan.Plan) *plan.Plan {
	if p == nil || !o.MaskEmails {
		return p
	}
	masked := *p
	masked.Changes = make([]plan.Change, len(p.Changes))
	for i, c := range p.Changes {
		masked.Changes[i] = maskChange(c)
	}
	masked.Notes = make([]plan.Note, len(p.Notes))
	for i, n := range p.Notes {
		n.Email = MaskEmail(n.Email)
		masked.Notes[i] = n
	}
	masked.Unmanaged = make([]plan.Unmanaged, len(p.Unmanaged))
	for i, u := range p.Unmanaged {
		u.Email = MaskEmail(u.Email)
		masked.Unmanaged[i] = u
	}
	masked.Blocked = make([]plan.Block, len(p.Blocked))
	for i, b := range p.Blocked {
		b.Email = MaskEmail(b.Email)
		masked.Blocked[i] = b
	}
	masked.Warnings = make([]plan.Warning, len(p.Warnings))
	for i, w := range p.Warnings {
		w.Email = MaskEmail(w.Email)
		masked.Warnings[i] = w
	}
	return &masked
}

func maskChange(c plan.Change) plan.Change {
	c.Email = MaskEmail(c.Email)
	// A person's spend limit names the person as its target.
	if strings.Contains(c.Target, "@") {
		c.Target = MaskEmail(c.Target)
	}
	return c
}

// viewReport returns the report as the views show it, masked when asked.
// Errors are kept as they are here and redacted when they are written.
func (o Options) viewReport(r *apply.Report) *apply.Report {
	if r == nil || !o.MaskEmails {
		return r
	}
	masked := &apply.Report{Results: make([]apply.Result, len(r.Results))}
	for i, res := range r.Results {
		res.Change = maskChange(res.Change)
		masked.Results[i] = res
	}
	return masked
}
