package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

func testEnv(stdout *bytes.Buffer, vars map[string]string) Env {
	return Env{Stdout: stdout, Stderr: &bytes.Buffer{}, Getenv: func(name string) string { return vars[name] }}
}

func inviteChange(email string) plan.Change {
	return plan.Change{Kind: plan.KindPerson, Action: plan.Create, Reason: plan.ReasonMissing, Email: email,
		Fields: []plan.Field{{Name: "role", After: "developer"}}}
}

// newOutput returns the output flags of command, parsed from args.
func newOutput(t *testing.T, command string, args ...string) *outputFlags {
	t.Helper()
	var f outputFlags
	fs := newFlagSet(command, Env{Stderr: &bytes.Buffer{}})
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return &f
}

func TestApplyJSONIsOneObject(t *testing.T) {
	var stdout bytes.Buffer
	env := testEnv(&stdout, nil)
	f := newOutput(t, "apply", "--format", "json")
	p := &plan.Plan{Organization: plan.Organization{ID: "org-1", Name: "Acme"}, Changes: []plan.Change{inviteChange("a@example.com")}}

	if err := f.writePlan(env, p); err != nil {
		t.Fatal(err)
	}
	rec, err := f.openJournal(env, p)
	if err != nil {
		t.Fatal(err)
	}
	report := &apply.Report{Results: []apply.Result{{Change: p.Changes[0], Status: apply.Applied, RequestID: "req_000001"}}}
	if err := rec.Record(report.Results[0]); err != nil {
		t.Fatal(err)
	}
	if err := f.writeReport(env, report); err != nil {
		t.Fatal(err)
	}
	if err := f.writePlan(env, &plan.Plan{Organization: p.Organization}); err != nil {
		t.Fatal(err)
	}
	if stdout.Len() != 0 {
		t.Fatalf("apply in JSON wrote before the run ended:\n%s", stdout.String())
	}
	if err := rec.Close(report, ExitOK); err != nil {
		t.Fatal(err)
	}

	var doc struct {
		Command string `json:"command"`
		Results []struct {
			RequestID string `json:"request_id"`
		} `json:"results"`
		Check struct {
			Performed bool `json:"performed"`
			Matches   bool `json:"matches"`
		} `json:"check_after_apply"`
	}
	dec := json.NewDecoder(&stdout)
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not JSON: %v", err)
	}
	if dec.More() {
		t.Error("stdout has more than one JSON value")
	}
	if doc.Command != "apply" || len(doc.Results) != 1 || doc.Results[0].RequestID != "req_000001" || !doc.Check.Performed || !doc.Check.Matches {
		t.Errorf("apply document = %+v, want command apply, one result with req_000001 and a matching check", doc)
	}
}

func TestApplyJSONWithNothingToSend(t *testing.T) {
	var stdout bytes.Buffer
	f := newOutput(t, "apply", "--format", "json")
	p := &plan.Plan{Changes: []plan.Change{{Kind: plan.KindMember, Action: plan.Wait}}}
	if err := f.writePlan(testEnv(&stdout, nil), p); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("a plan with nothing to send wrote no JSON object: %v\n%s", err, stdout.String())
	}
}

func TestProgressLine(t *testing.T) {
	var progress bytes.Buffer
	r := &runRecorder{out: newOutput(t, "apply"), progress: &progress, total: 3}
	for range 2 {
		if err := r.Record(apply.Result{Status: apply.Applied}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(nil, ExitOK); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("\rapplying 1/3\rapplying 2/3\n", progress.String()); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
}

func TestOpenJournalWithoutTerminalShowsNoProgress(t *testing.T) {
	var stdout bytes.Buffer
	rec, err := newOutput(t, "apply").openJournal(testEnv(&stdout, nil), &plan.Plan{})
	if err != nil {
		t.Fatal(err)
	}
	if r := rec.(*runRecorder); r.progress != nil {
		t.Error("progress is shown on a writer that is not a terminal")
	}
}

func TestStepSummaryAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(path, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	env := testEnv(&stdout, map[string]string{stepSummaryEnv: path})
	f := newOutput(t, "plan")
	if err := f.writePlan(env, &plan.Plan{Organization: plan.Organization{Name: "Acme"}, Changes: []plan.Change{inviteChange("a@example.com")}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "earlier step\n### orgsync plan for Acme\n") {
		t.Errorf("job summary does not keep the earlier step and add the plan:\n%s", data)
	}
	if strings.Contains(stdout.String(), "###") {
		t.Error("the text plan on stdout is Markdown")
	}
}

func TestRenderOptionsColor(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"not a terminal", nil},
		{"NO_COLOR set", map[string]string{noColorEnv: "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout bytes.Buffer
			if newOutput(t, "plan").renderOptions(testEnv(&stdout, tt.env)).Color {
				t.Error("colour is on")
			}
		})
	}
}

func TestWriteAnnotations(t *testing.T) {
	errs := spec.Errors{
		{Pos: spec.Position{File: "org.yaml", Line: 4, Column: 11}, Msg: `unknown role "wizard"`},
		{Pos: spec.Position{File: "dir,a:b.yaml", Line: 2}, Msg: "100% wrong\nsecond line"},
	}
	tests := []struct {
		name string
		env  map[string]string
		err  error
		want string
	}{
		{"spec errors in GitHub Actions", map[string]string{githubActionsEnv: "true"}, errs,
			"::error file=org.yaml,line=4,col=11::unknown role \"wizard\"\n" +
				"::error file=dir%2Ca%3Ab.yaml,line=2::100%25 wrong%0Asecond line\n"},
		{"wrapped spec errors", map[string]string{githubActionsEnv: "true"}, errors.Join(errors.New("load spec"), errs),
			"::error file=org.yaml,line=4,col=11::unknown role \"wizard\"\n" +
				"::error file=dir%2Ca%3Ab.yaml,line=2::100%25 wrong%0Asecond line\n"},
		{"outside GitHub Actions", nil, errs, ""},
		{"another error", map[string]string{githubActionsEnv: "true"}, errors.New("read failed"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout bytes.Buffer
			writeAnnotations(testEnv(&stdout, tt.env), tt.err)
			if diff := cmp.Diff(tt.want, stdout.String()); diff != "" {
				t.Errorf("annotations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJournalOptionsRecordOverrides(t *testing.T) {
	f := newOutput(t, "apply", "--format", "text")
	f.flags.Bool("force", false, "")
	f.flags.Int("max-removals", 0, "")
	if err := f.flags.Parse([]string{"--force", "--max-removals", "20"}); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	got := f.journalOptions(testEnv(&stdout, map[string]string{"GITHUB_ACTOR": "octocat"}), false)
	if diff := cmp.Diff([]string{"--force=true", "--max-removals=20"}, got.Overrides); diff != "" {
		t.Errorf("overrides (-want +got):\n%s", diff)
	}
	if got.Actor.GitHubActor != "octocat" || got.Actor.LocalUser != "" {
		t.Errorf("actor = %+v, want the GitHub actor and no local user", got.Actor)
	}
}

func TestPrintfInApplyJSONWritesNothing(t *testing.T) {
	tests := []struct {
		name    string
		command string
		args    []string
		want    string
	}{
		{"apply in JSON", "apply", []string{"--format", "json"}, ""},
		{"apply in text", "apply", nil, "Nothing to apply.\n"},
		{"plan in JSON", "plan", []string{"--format", "json"}, "Nothing to apply.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout bytes.Buffer
			newOutput(t, tt.command, tt.args...).printf(testEnv(&stdout, nil), "Nothing to apply.\n")
			if got := stdout.String(); got != tt.want {
				t.Errorf("stdout = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRecordCheckFillsApplyJSON(t *testing.T) {
	var stdout bytes.Buffer
	env := testEnv(&stdout, nil)
	f := newOutput(t, "apply", "--format", "json")
	p := &plan.Plan{Changes: []plan.Change{inviteChange("a@example.com")}}
	if err := f.writePlan(env, p); err != nil {
		t.Fatal(err)
	}
	f.recordCheck(&plan.Plan{})
	rec, err := f.openJournal(env, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.Close(nil, ExitOK); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "\"performed\": true,\n    \"matches\": true") {
		t.Errorf("check_after_apply is not a matching check:\n%s", stdout.String())
	}
}
