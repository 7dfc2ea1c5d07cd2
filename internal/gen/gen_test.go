package gen_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/diff"
	"github.com/orgsync/orgsync/internal/gen"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/sandbox"
	"github.com/orgsync/orgsync/spec"
)

const testKey = "sk-ant-admin01-gen-test-key"

func generate(t *testing.T, s gen.Shape) *gen.Org {
	t.Helper()
	org, err := gen.Generate(s)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", s, err)
	}
	return org
}

// countChanges counts a plan's changes the way gen.Changes does.
func countChanges(p *plan.Plan) gen.Changes {
	var n gen.Changes
	for _, c := range p.Changes {
		switch {
		case c.Kind == plan.KindPerson && c.Action == plan.Create:
			n.Invites++
		case c.Kind == plan.KindPerson && c.Action == plan.Update:
			n.RoleUpdates++
		case c.Kind == plan.KindPerson && c.Action == plan.Delete:
			n.Removals++
		case c.Kind == plan.KindMember && c.Action == plan.Create:
			n.MemberAdds++
		case c.Kind == plan.KindMember && c.Action == plan.Update:
			n.MemberUpdates++
		case c.Kind == plan.KindMember && c.Action == plan.Delete:
			n.MemberRemovals++
		}
	}
	return n
}

func specFiles(org *gen.Org) []spec.File {
	files := make([]spec.File, len(org.Files))
	for i, f := range org.Files {
		files[i] = spec.File{Name: f.Name, Data: f.Data}
	}
	return files
}

func TestGeneratePlansTheCountedDrift(t *testing.T) {
	tests := []struct {
		name  string
		shape gen.Shape
	}{
		{name: "no drift", shape: gen.ShapeFor(1000)},
		{name: "three percent drift", shape: withDrift(gen.ShapeFor(1000), 0.03)},
		{name: "ten percent drift, other seed", shape: withSeed(withDrift(gen.ShapeFor(500), 0.1), 7)},
		{name: "three people", shape: withDrift(gen.ShapeFor(3), 0.5)},
		{name: "one workspace", shape: gen.Shape{People: 40, Invites: 6, Workspaces: 1, Memberships: 30, Drift: 0.2, Seed: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := generate(t, tt.shape)
			single, err := spec.Parse("org.yaml", org.Spec)
			if err != nil {
				t.Fatalf("parse the single-file spec: %v", err)
			}
			split, err := spec.ParseFiles(specFiles(org))
			if err != nil {
				t.Fatalf("parse the split spec: %v", err)
			}
			for name, s := range map[string]*spec.Spec{"single file": single, "split files": split} {
				p, err := diff.Compute(s, org.Live, diff.Options{Prune: true, Now: org.Live.ReadAt})
				if err != nil {
					t.Fatalf("%s: Compute: %v", name, err)
				}
				if diff := cmp.Diff(org.Changes, countChanges(p)); diff != "" {
					t.Errorf("%s: changes (-generated +planned):\n%s", name, diff)
				}
				if len(p.Blocked) > 0 {
					t.Errorf("%s: plan is blocked: %+v", name, p.Blocked)
				}
				if got := len(p.Changes); got != org.Changes.Total() {
					t.Errorf("%s: plan has %d changes, want %d and no other kind", name, got, org.Changes.Total())
				}
			}
			if tt.shape.Drift > 0 && org.Changes.Total() == 0 {
				t.Error("drift planned no change")
			}
		})
	}
}

func TestGenerateIsRepeatable(t *testing.T) {
	shape := withDrift(gen.ShapeFor(800), 0.05)
	first, second := generate(t, shape), generate(t, shape)
	if !bytes.Equal(first.Spec, second.Spec) {
		t.Error("two runs with one seed wrote different specs")
	}
	if diff := cmp.Diff(first.State, second.State); diff != "" {
		t.Errorf("two runs with one seed made different states (-first +second):\n%s", diff)
	}
	other := generate(t, withSeed(shape, shape.Seed+1))
	if bytes.Equal(first.Spec, other.Spec) {
		t.Error("two seeds wrote the same spec")
	}
}

func TestGenerateSizes(t *testing.T) {
	org := generate(t, gen.ShapeFor(10000))
	got := struct{ Users, Invites, Workspaces, Memberships int }{
		Users: len(org.State.Users), Invites: len(org.State.Invites), Workspaces: len(org.State.Workspaces),
	}
	for _, ws := range org.State.Workspaces {
		got.Memberships += len(ws.Members)
	}
	want := struct{ Users, Invites, Workspaces, Memberships int }{10000, 1000, 100, 20000}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sizes (-want +got):\n%s", diff)
	}
}

// TestLiveMatchesSandboxRead checks that Org.Live is what a complete read
// of Org.State returns, order included, so that benchmarks may diff
// against Org.Live without a server.
func TestLiveMatchesSandboxRead(t *testing.T) {
	org := generate(t, withDrift(gen.ShapeFor(2500), 0.02))
	parsed := roundTrip(t, org.State)
	ts := httptest.NewServer(sandbox.New(parsed, sandbox.Options{AdminKeys: []string{testKey}, RateLimit: -1}))
	t.Cleanup(ts.Close)
	client := admin.New(admin.Options{BaseURL: ts.URL, APIKey: testKey, MaxRetries: 0, PageSize: 1000})

	got, err := client.ReadState(context.Background(), admin.ReadOptions{MemberWorkspaces: func(live.Workspace) bool { return true }})
	if err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	// Fields that only settings reads fill are left out.
	ignore := cmp.Options{
		cmpopts.IgnoreFields(live.State{}, "Settings"),
		cmpopts.IgnoreFields(live.Workspace{}, "Tags", "DataResidency", "RateLimits", "RateLimitsRead"),
	}
	if diff := cmp.Diff(org.Live, got, ignore); diff != "" {
		t.Errorf("live state (-generated +read):\n%s", diff)
	}
}

// roundTrip passes st through the state file format, so that it meets the
// same checks as a state file.
func roundTrip(t *testing.T, st *sandbox.State) *sandbox.State {
	t.Helper()
	var buf bytes.Buffer
	if err := gen.WriteState(&buf, st); err != nil {
		t.Fatalf("WriteState: %v", err)
	}
	parsed, err := sandbox.ParseState("generated.json", buf.Bytes())
	if err != nil {
		t.Fatalf("generated state is invalid: %v", err)
	}
	return parsed
}

func TestGenerateRejectsBadShapes(t *testing.T) {
	tests := []struct {
		name  string
		shape gen.Shape
	}{
		{name: "no people", shape: gen.Shape{Workspaces: 1}},
		{name: "too many workspaces", shape: gen.Shape{People: 10, Workspaces: 101}},
		{name: "drift above one", shape: gen.Shape{People: 10, Workspaces: 1, Drift: 1.5}},
		{name: "more memberships than fit", shape: gen.Shape{People: 10, Workspaces: 2, Memberships: 30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := gen.Generate(tt.shape); err == nil {
				t.Errorf("Generate(%+v) succeeded, want an error", tt.shape)
			}
		})
	}
}

func withDrift(s gen.Shape, drift float64) gen.Shape { s.Drift = drift; return s }

func withSeed(s gen.Shape, seed uint64) gen.Shape { s.Seed = seed; return s }
