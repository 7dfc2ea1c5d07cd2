package ghcomment_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// action is the part of action.yml the test runs.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
			Run   string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

// TestActionSteps runs the steps of action.yml with bash, as the runner
// does, against the example organisation in an in-process sandbox and a
// stand-in for GitHub's comment API. Two plans on one pull request must
// leave one comment, created and then updated, and every run must set
// the outputs.
func TestActionSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds orgsync")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	act := loadAction(t, filepath.Join(root, "action.yml"))
	github := newFakeGitHub(t)
	work := t.TempDir()
	event := filepath.Join(work, "event.json")
	if err := os.WriteFile(event, []byte(`{"number": 7, "pull_request": {"number": 7}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	base := map[string]string{
		"GITHUB_ACTION_PATH": root,
		"RUNNER_TEMP":        work,
		"GITHUB_API_URL":     github.server.URL,
		"GITHUB_REPOSITORY":  "acme/org-config",
		"GITHUB_EVENT_NAME":  "pull_request",
		"GITHUB_EVENT_PATH":  event,
	}
	spec := filepath.Join(root, "examples", "acme", "org.yaml")
	sandbox := "--sandbox " + filepath.Join(root, "examples", "acme", "live.json")

	first := runAction(t, act, base, map[string]string{"spec": spec, "prune": "true", "args": sandbox})
	if diff := cmp.Diff(map[string]string{"exit-code": "2", "has-changes": "true", "comment-action": "created", "comment-id": "1"}, first.outputs); diff != "" {
		t.Errorf("first plan outputs (-want +got):\n%s", diff)
	}
	if !strings.Contains(first.summary, "bjarne@acme.example") {
		t.Errorf("job summary does not show the plan:\n%s", first.summary)
	}

	second := runAction(t, act, base, map[string]string{"spec": spec, "args": sandbox})
	if diff := cmp.Diff(map[string]string{"exit-code": "2", "has-changes": "true", "comment-action": "updated", "comment-id": "1"}, second.outputs); diff != "" {
		t.Errorf("second plan outputs (-want +got):\n%s", diff)
	}

	comments := github.snapshot()
	if len(comments) != 1 {
		t.Fatalf("pull request has %d comments, want 1: %v", len(comments), comments)
	}
	body := comments[0].Body
	if !strings.HasPrefix(body, "<!-- orgsync-plan: "+spec+" -->\n") {
		t.Errorf("comment does not start with the marker of the spec:\n%s", body)
	}
	if strings.Contains(body, "pruning") || !strings.Contains(body, "Acme") {
		t.Errorf("comment does not hold the second plan, which did not prune:\n%s", body)
	}
	if diff := cmp.Diff([]string{"GET", "POST", "GET", "PATCH"}, github.methods()); diff != "" {
		t.Errorf("comment API requests (-want +got):\n%s", diff)
	}

	applied := runAction(t, act, base, map[string]string{"command": "apply", "spec": spec, "prune": "true", "args": sandbox})
	if diff := cmp.Diff(map[string]string{"exit-code": "0", "has-changes": "true"}, applied.outputs); diff != "" {
		t.Errorf("apply outputs (-want +got):\n%s", diff)
	}
	if n := len(github.snapshot()); n != 1 {
		t.Errorf("apply changed the number of comments to %d", n)
	}
}

type actionRun struct {
	outputs map[string]string
	summary string
}

// runAction runs every step with the inputs given over the defaults, and
// returns the outputs the steps wrote and the job summary.
func runAction(t *testing.T, act *action, base, inputs map[string]string) actionRun {
	t.Helper()
	dir := t.TempDir()
	outputFile := filepath.Join(dir, "output")
	summaryFile := filepath.Join(dir, "summary")
	values := map[string]string{}
	for name, in := range act.Inputs {
		values[name] = in.Default
	}
	for name, v := range inputs {
		values[name] = v
	}

	for i, step := range act.Runs.Steps {
		if step.Shell != "bash" {
			t.Fatalf("step %q: shell %q, want bash", step.Name, step.Shell)
		}
		script := filepath.Join(dir, fmt.Sprintf("step%d.sh", i))
		if err := os.WriteFile(script, []byte(step.Run), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Env = append(os.Environ(), "GITHUB_OUTPUT="+outputFile, "GITHUB_STEP_SUMMARY="+summaryFile, "ANTHROPIC_ADMIN_KEY=")
		for k, v := range base {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		for k, v := range step.Env {
			cmd.Env = append(cmd.Env, k+"="+expand(t, v, values))
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("step %q: %v\n%s", step.Name, err, out)
		}
	}

	run := actionRun{outputs: map[string]string{}}
	data, _ := os.ReadFile(outputFile)
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if name, value, ok := strings.Cut(line, "="); ok {
			run.outputs[name] = value
		}
	}
	if _, err := os.Stat(run.outputs["output-file"]); err != nil {
		t.Errorf("output-file %q: %v", run.outputs["output-file"], err)
	}
	delete(run.outputs, "output-file")
	summary, _ := os.ReadFile(summaryFile)
	run.summary = string(summary)
	return run
}

var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// expand replaces the ${{ inputs.NAME }} and ${{ github.token }}
// expressions a step's env uses.
func expand(t *testing.T, s string, inputs map[string]string) string {
	return expression.ReplaceAllStringFunc(s, func(expr string) string {
		name := expression.FindStringSubmatch(expr)[1]
		switch {
		case strings.HasPrefix(name, "inputs."):
			v, ok := inputs[strings.TrimPrefix(name, "inputs.")]
			if !ok {
				t.Fatalf("unknown input in %s", expr)
			}
			return expand(t, v, inputs)
		case name == "github.token":
			return "test-token"
		}
		t.Fatalf("unsupported expression %s", expr)
		return ""
	})
}

func loadAction(t *testing.T, path string) *action {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var act action
	if err := yaml.Unmarshal(data, &act); err != nil {
		t.Fatal(err)
	}
	if act.Runs.Using != "composite" {
		t.Fatalf("action runs using %q, want composite", act.Runs.Using)
	}
	return &act
}

type fakeComment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
}

// fakeGitHub serves the issue comment endpoints of pull request 7 of
// acme/org-config, and rejects requests without the test token.
type fakeGitHub struct {
	server   *httptest.Server
	mu       sync.Mutex
	comments []fakeComment
	requests []string
}

func newFakeGitHub(t *testing.T) *fakeGitHub {
	g := &fakeGitHub{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/acme/org-config/issues/7/comments", func(w http.ResponseWriter, r *http.Request) {
		g.record(r)
		g.mu.Lock()
		defer g.mu.Unlock()
		page := []fakeComment{}
		if r.URL.Query().Get("page") == "1" {
			page = append(page, g.comments...)
		}
		writeJSON(w, http.StatusOK, page)
	})
	mux.HandleFunc("POST /repos/acme/org-config/issues/7/comments", func(w http.ResponseWriter, r *http.Request) {
		g.record(r)
		var c fakeComment
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		g.mu.Lock()
		c.ID = int64(len(g.comments) + 1)
		g.comments = append(g.comments, c)
		g.mu.Unlock()
		writeJSON(w, http.StatusCreated, c)
	})
	mux.HandleFunc("PATCH /repos/acme/org-config/issues/comments/{id}", func(w http.ResponseWriter, r *http.Request) {
		g.record(r)
		var c fakeComment
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		for i := range g.comments {
			if fmt.Sprint(g.comments[i].ID) == r.PathValue("id") {
				g.comments[i].Body = c.Body
				writeJSON(w, http.StatusOK, g.comments[i])
				return
			}
		}
		http.NotFound(w, r)
	})
	g.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer test-token" {
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(g.server.Close)
	return g
}

func (g *fakeGitHub) record(r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.requests = append(g.requests, r.Method)
}

func (g *fakeGitHub) methods() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.requests...)
}

func (g *fakeGitHub) snapshot() []fakeComment {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]fakeComment(nil), g.comments...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
