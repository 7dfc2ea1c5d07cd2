package spec

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite docs/orgsync.schema.json from JSONSchema")

// committedSchema is the schema file the examples and exported specs
// point editors at.
var committedSchema = filepath.Join("..", "docs", "orgsync.schema.json")

func TestJSONSchemaCommittedFile(t *testing.T) {
	got, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(committedSchema, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(committedSchema)
	if err != nil {
		t.Fatalf("%v; run go test ./spec -run TestJSONSchemaCommittedFile -update", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s is stale; run go test ./spec -run TestJSONSchemaCommittedFile -update (-committed +generated):\n%s", committedSchema, diff)
	}
}

func TestJSONSchemaFieldLists(t *testing.T) {
	data, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Defs map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	lists := map[string][]string{
		"spec":           specFields,
		"organization":   organizationFields,
		"user":           userFields,
		"workspace":      workspaceFields,
		"member":         memberFields,
		"ownership":      ownershipFields,
		"ignore":         ignoreFields,
		"removal_limits": removalLimitsFields,
		"defaults":       defaultsFields,
		"rate_limit":     rateLimitFields,
		"spend_limits":   spendLimitsFields,
		"person_spend":   personSpendFields,
		"api_keys":       apiKeysFields,
		"api_key":        apiKeyFields,
		"rbac_group":     rbacGroupFields,
		"data_residency": dataResidencyFields,
	}
	for def, fields := range lists {
		var got []string
		for name := range schema.Defs[def].Properties {
			got = append(got, name)
		}
		if diff := cmp.Diff(sorted(fields), sorted(got)); diff != "" {
			t.Errorf("$defs.%s properties differ from the decoder's fields (-decoder +schema):\n%s", def, diff)
		}
	}
}

func TestJSONSchemaMissingField(t *testing.T) {
	obj := objectSchema{where: "user", fields: append(slices.Clone(userFields), "nickname"), properties: map[string]schemaNode{"email": {}, "role": {}}}
	_, err := obj.build()
	if err == nil || !strings.Contains(err.Error(), "field nickname of user has no schema") {
		t.Errorf("build error = %v, want one naming the field without a schema", err)
	}
}

// TestExamplesMatchSchema checks every YAML file under examples/ against
// the committed schema, and that each starts with the yaml-language-server
// line that points at it.
func TestExamplesMatchSchema(t *testing.T) {
	schema := compileSchema(t)
	root := filepath.Join("..", "examples")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		found++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}

		first, _, _ := bytes.Cut(data, []byte("\n"))
		rel, err := filepath.Rel(filepath.Dir(path), committedSchema)
		if err != nil {
			return err
		}
		if want := "# yaml-language-server: $schema=" + filepath.ToSlash(rel); string(first) != want {
			t.Errorf("%s: first line is %q, want %q", path, first, want)
		}
		if err := schema.Validate(yamlInstance(t, data)); err != nil {
			t.Errorf("%s does not match the schema: %v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatalf("no YAML files under %s", root)
	}
}

// TestSchemaAgreesWithParse checks, for specs on both sides of each rule
// the schema states, that the schema and Parse accept the same ones.
func TestSchemaAgreesWithParse(t *testing.T) {
	schema := compileSchema(t)
	const base = "version: 1\nusers:\n  - email: ada@acme.example\n    role: admin\n"
	tests := []struct {
		name  string
		spec  string
		valid bool
	}{
		{"minimal spec", "version: 1\n", true},
		{"version 2", "version: 2\n", false},
		{"version missing", "users: []\n", false},
		{"unknown top-level field", "version: 1\nworksapces: []\n", false},
		{"unknown role", "version: 1\nusers:\n  - email: a@x.example\n    role: root\n", false},
		{"user without role", "version: 1\nusers:\n  - email: a@x.example\n", false},
		{"address with a space", "version: 1\nusers:\n  - email: a b@x.example\n    role: user\n", false},
		{"workspace with every field", base + "workspaces:\n  - name: research\n    id: wrkspc_01\n    display_color: \"#6C5BB9\"\n    members: []\n", true},
		{"unquoted display colour", base + "workspaces:\n  - name: research\n    display_color: #6C5BB9\n", false},
		{"workspace id without prefix", base + "workspaces:\n  - name: research\n    id: ws1\n", false},
		{"workspace name with trailing space", base + "workspaces:\n  - name: \"research \"\n", false},
		{"unknown workspace role", base + "workspaces:\n  - name: r\n    members:\n      - email: ada@acme.example\n        workspace_role: owner\n", false},
		{"empty organization", "version: 1\norganization: {}\n", false},
		{"organization by name", "version: 1\norganization:\n  name: Acme\n", true},
		{"ownership mode", "version: 1\nownership:\n  workspaces: authoritative\n", true},
		{"unknown ownership mode", "version: 1\nownership:\n  people: sometimes\n", false},
		{"max_percent 100", "version: 1\nremoval_limits:\n  max_percent: 100\n", true},
		{"max_percent 101", "version: 1\nremoval_limits:\n  max_percent: 101\n", false},
		{"max_count at its limit", "version: 1\nremoval_limits:\n  max_count: 1000000\n", true},
		{"max_count past its limit", "version: 1\nremoval_limits:\n  max_count: 1000001\n", false},
		{"negative max_count", "version: 1\nremoval_limits:\n  max_count: -1\n", false},
		{"blank freeze", "version: 1\nfreeze: \"  \"\n", false},
		{"freeze with reason", "version: 1\nfreeze: incident\n", true},
		{"ignore patterns", "version: 1\nignore:\n  people: [\"*@contractors.example\"]\n", true},
		{"protect entry", "version: 1\nprotect: [ada@acme.example]\n", true},
		{"allow_empty text", "version: 1\nallow_empty: \"yes\"\n", false},
		{"workspace settings", base + "workspaces:\n  - name: r\n    tags: {team: ml}\n    data_residency: {workspace_geo: us, allowed_inference_geos: [us], default_inference_geo: us}\n    rate_limits:\n      - group: rlg_1\n        limits: {requests_per_minute: 10}\n    spend_limit: \"500.00 USD\"\n", true},
		{"reserved tag name", base + "workspaces:\n  - name: r\n    tags: {Anthropic-team: ml}\n", false},
		{"unknown limit type", base + "workspaces:\n  - name: r\n    rate_limits:\n      - group: rlg_1\n        limits: {requests_per_hour: 10}\n", false},
		{"zero limit", base + "workspaces:\n  - name: r\n    rate_limits:\n      - group: rlg_1\n        limits: {requests_per_minute: 0}\n", false},
		{"unrestricted inference", base + "workspaces:\n  - name: r\n    data_residency: {allowed_inference_geos: unrestricted}\n", true},
		{"amount without currency", base + "workspaces:\n  - name: r\n    spend_limit: \"500\"\n", false},
		{"compliance enabled", "version: 1\ncompliance_api: enabled\n", true},
		{"compliance on", "version: 1\ncompliance_api: \"on\"\n", false},
		{"api key status", "version: 1\napi_keys:\n  orphaned: report\n  keys: [{id: apikey_1, status: inactive}]\n", true},
		{"expired api key status", "version: 1\napi_keys:\n  keys: [{id: apikey_1, status: expired}]\n", false},
		{"rbac group", base + "rbac_groups:\n  - name: eng\n    id: rbac_group_1\n    members: [ada@acme.example]\n", true},
		{"person spend period", base + "spend_limits:\n  organization: \"1000 USD\"\n  people: [{email: ada@acme.example, amount: \"10 USD\", period: weekly}]\n", true},
		{"unsupported setting", "version: 1\nplan: enterprise\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, parseErr := Parse("spec.yaml", []byte(tt.spec))
			if got := parseErr == nil; got != tt.valid {
				t.Errorf("Parse accepted = %v, want %v (error: %v)", got, tt.valid, parseErr)
			}
			schemaErr := schema.Validate(yamlInstance(t, []byte(tt.spec)))
			if got := schemaErr == nil; got != tt.valid {
				t.Errorf("schema accepted = %v, want %v (error: %v)", got, tt.valid, schemaErr)
			}
		})
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("orgsync.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("orgsync.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

// yamlInstance decodes a YAML document into the JSON value the validator
// takes, as the YAML language server does.
func yamlInstance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	encoded, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(encoded))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
