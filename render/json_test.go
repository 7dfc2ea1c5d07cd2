package render_test

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
)

// fullApplyRun is fullReport with fullPlan and a check after apply that
// still finds a difference.
func fullApplyRun() render.ApplyRun {
	report := fullReport()
	report.Results[2].CreatedID = "invite_100"
	report.Results[2].Duration = 1500 * time.Microsecond
	report.Results[1].HTTPStatus = 400
	check := &plan.Plan{Organization: fullPlan().Organization, Changes: []plan.Change{fullPlan().Changes[1]}}
	return render.ApplyRun{Plan: fullPlan(), Report: report, Check: check}
}

func TestJSONFullPlan(t *testing.T) {
	var out bytes.Buffer
	if err := render.JSON(&out, fullPlan(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "full_plan.json", out.Bytes())
}

func TestJSONApply(t *testing.T) {
	var out bytes.Buffer
	if err := render.JSONApply(&out, fullApplyRun(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "apply.json", out.Bytes())
}

func TestJSONArraysAreNeverNull(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"empty plan", func(b *bytes.Buffer) error { return render.JSON(b, &plan.Plan{}, render.Options{}) }},
		{"apply that sent nothing", func(b *bytes.Buffer) error {
			return render.JSONApply(b, render.ApplyRun{Plan: &plan.Plan{Changes: []plan.Change{{Kind: plan.KindMember, Action: plan.Wait}}}}, render.Options{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := tt.write(&out); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(out.String(), ": null") && !strings.Contains(out.String(), `"plan": null`) {
				t.Errorf("output has a null other than check_after_apply.plan:\n%s", out.String())
			}
			var doc map[string]any
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatalf("output is not one JSON object: %v", err)
			}
		})
	}
}

func TestJSONTimesAreRFC3339UTC(t *testing.T) {
	p := fullPlan()
	p.Notes[0].ExpiresAt = time.Date(2026, 12, 11, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	var out bytes.Buffer
	if err := render.JSON(&out, p, render.Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Plan struct {
			Notes []struct {
				ExpiresAt string `json:"expires_at"`
			} `json:"notes"`
		} `json:"plan"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Plan.Notes[0].ExpiresAt, "2026-12-11T09:00:00Z"; got != want {
		t.Errorf("expires_at = %q, want %q", got, want)
	}
}

func TestFingerprint(t *testing.T) {
	a, b := render.Fingerprint(fullPlan()), render.Fingerprint(fullPlan())
	if a != b {
		t.Errorf("the same plan has two fingerprints: %s and %s", a, b)
	}
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(a) {
		t.Errorf("fingerprint %q is not sha256:HEX", a)
	}
	changed := fullPlan()
	changed.Changes[0].Fields[1].After = "#FFFFFF"
	if render.Fingerprint(changed) == a {
		t.Error("a changed plan has the same fingerprint")
	}
	var masked bytes.Buffer
	if err := render.JSON(&masked, fullPlan(), render.Options{MaskEmails: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(masked.String(), a) {
		t.Error("the masked JSON view carries another fingerprint than the plan's")
	}
}

// TestJSONFormatDocument keeps docs/json-format.md in step with the
// output: every field path the document lists must occur in the output of
// fullPlan and fullApplyRun, and every path that occurs must be listed.
func TestJSONFormatDocument(t *testing.T) {
	doc, err := os.ReadFile("../docs/json-format.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := documentedPaths(string(doc))

	var got []string
	for name, write := range map[string]func(*bytes.Buffer) error{
		"plan":  func(b *bytes.Buffer) error { return render.JSON(b, fullPlan(), render.Options{}) },
		"apply": func(b *bytes.Buffer) error { return render.JSONApply(b, fullApplyRun(), render.Options{}) },
	} {
		var out bytes.Buffer
		if err := write(&out); err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(out.Bytes(), &v); err != nil {
			t.Fatalf("%s output: %v", name, err)
		}
		got = append(got, fieldPaths("", v)...)
	}
	slices.Sort(got)
	got = slices.Compact(got)
	if diff := cmp.Diff(documented, got); diff != "" {
		t.Errorf("docs/json-format.md and the JSON output differ (-documented +output):\n%s", diff)
	}
}

// sameShape maps paths whose value has the shape of another path; the
// document describes those once.
var sameShape = map[string]string{
	"check_after_apply.plan": "plan",
	"results[].change":       "plan.changes[]",
}

// documentedPaths returns the paths in the first column of the document's
// field tables, written as `path`.
func documentedPaths(doc string) []string {
	var paths []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_\\[\\].]+)` \\|").FindAllStringSubmatch(doc, -1) {
		paths = append(paths, m[1])
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

// fieldPaths returns the path of every object field under v, with "[]"
// for array elements. It does not descend into paths in sameShape.
func fieldPaths(prefix string, v any) []string {
	var paths []string
	switch v := v.(type) {
	case map[string]any:
		for key, child := range v {
			path := key
			if prefix != "" {
				path = prefix + "." + key
			}
			paths = append(paths, path)
			if _, ok := sameShape[path]; !ok {
				paths = append(paths, fieldPaths(path, child)...)
			}
		}
	case []any:
		for _, child := range v {
			paths = append(paths, fieldPaths(prefix+"[]", child)...)
		}
	}
	return paths
}

var _ = apply.Applied
