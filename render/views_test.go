package render_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
)

// view is one rendering of fullPlan or fullReport.
type view struct {
	name  string
	write func(*bytes.Buffer, render.Options) error
}

var views = []view{
	{"text plan", func(b *bytes.Buffer, o render.Options) error { return render.Text(b, fullPlan(), o) }},
	{"text report", func(b *bytes.Buffer, o render.Options) error { return render.Report(b, fullReport(), o) }},
	{"markdown plan", func(b *bytes.Buffer, o render.Options) error { return render.Markdown(b, fullPlan(), o) }},
	{"markdown check", func(b *bytes.Buffer, o render.Options) error { return render.MarkdownCheck(b, fullPlan(), o) }},
	{"markdown report", func(b *bytes.Buffer, o render.Options) error { return render.MarkdownReport(b, fullReport(), o) }},
	{"json plan", func(b *bytes.Buffer, o render.Options) error { return render.JSON(b, fullPlan(), o) }},
	{"json apply", func(b *bytes.Buffer, o render.Options) error { return render.JSONApply(b, fullApplyRun(), o) }},
}

func TestMarkdownFullPlan(t *testing.T) {
	var out bytes.Buffer
	if err := render.Markdown(&out, fullPlan(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "full_plan.md", out.Bytes())
}

func TestMarkdownReport(t *testing.T) {
	var out bytes.Buffer
	if err := render.MarkdownReport(&out, fullReport(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.md", out.Bytes())
}

func TestTextColor(t *testing.T) {
	var plain, colored bytes.Buffer
	if err := render.Text(&plain, fullPlan(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := render.Text(&colored, fullPlan(), render.Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\x1b[31m-\x1b[0m remove bjarne", "\x1b[1;31m[irreversible]\x1b[0m", "\x1b[32m+\x1b[0m invite new@"} {
		if !strings.Contains(colored.String(), want) {
			t.Errorf("coloured text has no %q", want)
		}
	}
	if diff := cmp.Diff(plain.String(), stripANSI(colored.String())); diff != "" {
		t.Errorf("coloured text without its escape codes differs from plain text (-want +got):\n%s", diff)
	}
}

func TestViewsWithoutColorHaveNoEscapeCodes(t *testing.T) {
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := v.write(&out, render.Options{}); err != nil {
				t.Fatal(err)
			}
			if i := strings.Index(out.String(), "\x1b"); i >= 0 {
				t.Errorf("output has an escape code at byte %d", i)
			}
		})
	}
}

func TestViewsMaskEmails(t *testing.T) {
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := v.write(&out, render.Options{MaskEmails: true}); err != nil {
				t.Fatal(err)
			}
			for _, address := range []string{"bjarne@acme.example", "new@acme.example", "guido@acme.example", "kat@acme.example"} {
				if strings.Contains(out.String(), address) {
					t.Errorf("output shows %s", address)
				}
			}
			if v.name != "markdown check" && !strings.Contains(unescape(out.String()), "b***@acme.example") {
				t.Errorf("output has no masked address b***@acme.example:\n%s", out.String())
			}
		})
	}
}

func TestMaskEmail(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"address", "ada@example.com", "a***@example.com"},
		{"one letter", "a@example.com", "a***@example.com"},
		{"not an address", "user_99", "user_99"},
		{"non-ASCII first letter", "élodie@example.com", "é***@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render.MaskEmail(tt.in); got != tt.want {
				t.Errorf("MaskEmail(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestViewsRedactSecretsInErrors(t *testing.T) {
	secret := "sk-ant-admin01-TESTSECRET"
	report := &apply.Report{Results: []apply.Result{{
		Change: plan.Change{Kind: plan.KindPerson, Action: plan.Create, Email: "a@example.com"},
		Status: apply.Failed,
		Err:    fmt.Errorf("create invite: proxy echoed Authorization: Bearer %s and token ghp_0123456789abcdefghijABCDEFGHIJ", secret),
	}}}
	writers := map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return render.Report(b, report, render.Options{}) },
		"markdown": func(b *bytes.Buffer) error { return render.MarkdownReport(b, report, render.Options{}) },
		"json": func(b *bytes.Buffer) error {
			return render.JSONApply(b, render.ApplyRun{Plan: &plan.Plan{}, Report: report, Err: errors.New("failed with " + secret)}, render.Options{})
		},
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := write(&out); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"TESTSECRET", "ghp_0123456789"} {
				if strings.Contains(out.String(), s) {
					t.Errorf("output contains %q:\n%s", s, out.String())
				}
			}
			if !strings.Contains(unescape(out.String()), "[redacted]") {
				t.Errorf("output has no [redacted] mark:\n%s", out.String())
			}
		})
	}
}

// hugePlan has n people to remove, with long addresses.
func hugePlan(n int) *plan.Plan {
	p := &plan.Plan{Organization: plan.Organization{ID: "org-1", Name: "Acme"}, Prune: true}
	for i := range n {
		p.Changes = append(p.Changes, plan.Change{
			Kind: plan.KindPerson, Action: plan.Delete, Reason: plan.ReasonNotDeclared, UserID: fmt.Sprintf("user_%05d", i),
			Email:  fmt.Sprintf("person-with-a-rather-long-address-%05d@subdivision.acme.example", i),
			Fields: []plan.Field{{Name: "state", Before: "member", After: "absent"}, {Name: "role", Before: "developer"}},
		})
		p.Unmanaged = append(p.Unmanaged, plan.Unmanaged{Kind: plan.KindWorkspace, Workspace: fmt.Sprintf("ws-%d", i), ID: fmt.Sprintf("wrkspc_%d", i)})
	}
	return p
}

func TestMarkdownStaysUnderCommentLimit(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"plan", func(b *bytes.Buffer) error { return render.Markdown(b, hugePlan(5000), render.Options{}) }},
		{"check", func(b *bytes.Buffer) error { return render.MarkdownCheck(b, hugePlan(5000), render.Options{}) }},
		{"report", func(b *bytes.Buffer) error {
			report := &apply.Report{}
			for _, c := range hugePlan(5000).Changes {
				report.Results = append(report.Results, apply.Result{Change: c, Status: apply.Failed, Err: errors.New("remove user: 500 api_error: internal error")})
			}
			return render.MarkdownReport(b, report, render.Options{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := tt.write(&out); err != nil {
				t.Fatal(err)
			}
			if n := len([]rune(out.String())); n > render.MarkdownLimit {
				t.Errorf("markdown has %d characters, more than %d", n, render.MarkdownLimit)
			}
			if !strings.Contains(out.String(), "left out to stay under GitHub's 65536-character comment limit") {
				t.Errorf("markdown does not say what it left out; it ends with:\n%s", tail(out.String(), 400))
			}
			if got, want := strings.Count(out.String(), "<details>"), strings.Count(out.String(), "</details>"); got != want {
				t.Errorf("markdown opens %d <details> and closes %d", got, want)
			}
		})
	}
}

func TestMarkdownSmallPlanLeavesNothingOut(t *testing.T) {
	var out bytes.Buffer
	if err := render.Markdown(&out, hugePlan(20), render.Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "left out") {
		t.Errorf("markdown of a small plan says something was left out:\n%s", tail(out.String(), 400))
	}
}

func TestMarkdownEscapesNames(t *testing.T) {
	p := &plan.Plan{Organization: plan.Organization{ID: "org-1", Name: "<b>Acme</b>"}, Changes: []plan.Change{
		{Kind: plan.KindWorkspace, Action: plan.Create, Workspace: "a|b*c_<script>", Fields: []plan.Field{{Name: "name", After: "a|b*c_<script>"}}},
	}}
	var out bytes.Buffer
	if err := render.Markdown(&out, p, render.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"<script>", "<b>", "a|b"} {
		if strings.Contains(out.String(), raw) {
			t.Errorf("markdown contains unescaped %q:\n%s", raw, out.String())
		}
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescape removes Markdown's backslash escapes.
func unescape(s string) string { return strings.ReplaceAll(s, `\`, "") }

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
