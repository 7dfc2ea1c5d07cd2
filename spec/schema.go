package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SchemaDraft is the JSON Schema dialect JSONSchema writes.
const SchemaDraft = "https://json-schema.org/draft/2020-12/schema"

// schemaNode is one JSON Schema object. encoding/json writes its keys in
// sorted order, so the output is stable.
type schemaNode = map[string]any

// objectSchema describes one YAML mapping of the spec: its field list,
// which the decoder also uses, and the schema of each field.
type objectSchema struct {
	// where names the mapping in errors, as the decoder does.
	where       string
	description string
	fields      []string
	required    []string
	properties  map[string]schemaNode
	// extra holds further keywords of the mapping's schema.
	extra schemaNode
}

// JSONSchema returns a JSON Schema (draft 2020-12) of the spec format,
// indented and ending in a newline. Field names come from the same lists
// the decoder checks keys against, and roles from OrgRoles and
// WorkspaceRoles, so the schema cannot list a field or role that the
// parser rejects. The schema checks the shape of a spec. Rules across
// entries, such as duplicates and members missing from users, and the
// full email rules are left to Parse.
//
// It returns an error when a field list names a field that has no schema
// here, so that a new field cannot be added without describing it.
func JSONSchema() ([]byte, error) {
	var errs []error
	defs := schemaNode{}
	for _, obj := range schemaObjects() {
		node, err := obj.build()
		errs = append(errs, err)
		defs[obj.where] = node
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	defs["email"] = emailSchema
	defs["money"] = schemaNode{
		"description": "An amount and an ISO 4217 currency code, such as \"500.00 USD\".",
		"type":        "string",
		"pattern":     moneyPattern.String(),
	}

	root := schemaNode{
		"$schema":     SchemaDraft,
		"title":       "orgsync spec",
		"description": "An Anthropic organisation as code: the people, roles, workspaces and workspace members it should have. Version 1 of the format; `go doc github.com/orgsync/orgsync/spec` explains every field.",
		"$ref":        "#/$defs/spec",
		"$defs":       defs,
	}
	data, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode JSON Schema: %w", err)
	}
	return append(data, '\n'), nil
}

// build returns the schema of the mapping, with every field of its list.
func (o objectSchema) build() (schemaNode, error) {
	props := schemaNode{}
	var missing []string
	for _, name := range o.fields {
		p, ok := o.properties[name]
		if !ok {
			missing = append(missing, name)
			continue
		}
		props[name] = p
	}
	var errs []error
	if len(missing) > 0 {
		errs = append(errs, fmt.Errorf("spec schema: field %s of %s has no schema; describe it in schemaObjects", strings.Join(missing, ", "), o.where))
	}
	for name := range o.properties {
		if !slices.Contains(o.fields, name) {
			errs = append(errs, fmt.Errorf("spec schema: %s describes field %s, which the decoder does not accept", o.where, name))
		}
	}

	node := schemaNode{
		"type":                 "object",
		"description":          o.description,
		"additionalProperties": false,
		"properties":           props,
	}
	if len(o.required) > 0 {
		node["required"] = o.required
	}
	for k, v := range o.extra {
		node[k] = v
	}
	return node, errors.Join(errs...)
}

// schemaObjects lists every mapping of the spec with the schema of its
// fields. The $defs names are the places the decoder names in errors.
func schemaObjects() []objectSchema {
	return []objectSchema{
		{
			where:       "spec",
			description: "The top level of a spec.",
			fields:      specFields,
			required:    []string{"version"},
			properties: map[string]schemaNode{
				"version":        {"description": "The format version; only 1 exists.", "const": 1},
				"organization":   ref("organization", "The organisation the spec is for. Plan and apply reject an organisation whose id or name differs."),
				"allow_empty":    {"description": "true states that an empty users list is intended, so a pruning run may remove everybody the API lets it remove.", "type": "boolean"},
				"ownership":      ref("ownership", "Per kind, whether --prune removes what the spec does not declare."),
				"ignore":         ref("ignore", "Glob patterns of people and workspaces orgsync never adds, changes or removes."),
				"protect":        {"description": "People who are never removed or demoted.", "type": "array", "items": ref("email", "")},
				"removal_limits": ref("removal_limits", "Caps on how much one run may remove, per kind."),
				"freeze":         {"description": "A reason; apply refuses to run while it is set.", "type": "string", "pattern": `\S`},
				"defaults":       ref("defaults", "Workspace settings every declared workspace gets unless it overrides them."),
				"spend_limits":   ref("spend_limits", "Monthly spend limits of the organisation and of people."),
				"compliance_api": {"description": "The Compliance API state.", "enum": []string{"enabled", "disabled"}},
				"api_keys":       ref("api_keys", "What orgsync does with API keys, which the API can deactivate or archive but not create or delete."),
				"rbac_groups":    {"description": "Enterprise RBAC groups and their members.", "type": "array", "items": ref("rbac_group", "")},
				"users":          {"description": "Every person who should belong to the organisation.", "type": "array", "items": ref("user", "")},
				"workspaces":     {"description": "The workspaces orgsync manages.", "type": "array", "items": ref("workspace", "")},
			},
		},
		{
			where:       "organization",
			description: "The id, the name or both of the organisation the spec is for.",
			fields:      organizationFields,
			extra:       schemaNode{"minProperties": 1},
			properties: map[string]schemaNode{
				"id":   {"description": "The organisation id.", "type": "string", "minLength": 1},
				"name": {"description": "The organisation name.", "type": "string", "minLength": 1},
			},
		},
		{
			where:       "user",
			description: "A person who should be a member of the organisation.",
			fields:      userFields,
			required:    []string{"email", "role"},
			properties: map[string]schemaNode{
				"email": ref("email", ""),
				"role":  {"description": "The organization role.", "enum": OrgRoles},
			},
		},
		{
			where:       "workspace",
			description: "A workspace orgsync manages, matched by name unless id pins it.",
			fields:      workspaceFields,
			required:    []string{"name"},
			properties: map[string]schemaNode{
				"name":           {"description": "The workspace name, without leading or trailing whitespace.", "type": "string", "pattern": `^\S(.*\S)?$`},
				"id":             {"description": "Pins the entry to an existing workspace, so that changing the name renames it.", "type": "string", "pattern": "^" + workspaceIDPrefix + ".+"},
				"display_color":  {"description": "The colour shown in the Console: # and 6 hex digits, quoted in YAML.", "type": "string", "pattern": hexColor.String()},
				"members":        {"description": "The workspace's members. Admins and billing users belong to every workspace through their role.", "type": "array", "items": ref("member", "")},
				"tags":           {"description": "Tags that replace the workspace's tags. Names may not begin with \"anthropic\".", "type": "object", "additionalProperties": schemaNode{"type": "string"}, "propertyNames": schemaNode{"not": schemaNode{"pattern": "^[Aa][Nn][Tt][Hh][Rr][Oo][Pp][Ii][Cc]"}}},
				"data_residency": ref("data_residency", "Where the workspace's data lives and may be processed."),
				"rate_limits":    {"description": "Rate limits that override defaults.rate_limits, group by group.", "type": "array", "items": ref("rate_limit", "")},
				"spend_limit":    ref("money", "The workspace's monthly spend limit."),
			},
		},
		{
			where:       "member",
			description: "A person's membership of a workspace. The person must also be declared in users.",
			fields:      memberFields,
			required:    []string{"email", "workspace_role"},
			properties: map[string]schemaNode{
				"email":          ref("email", ""),
				"workspace_role": {"description": "The workspace role.", "enum": WorkspaceRoles},
			},
		},
		{
			where:       "ownership",
			description: "Per kind: authoritative kinds lose what the spec does not declare under --prune, additive kinds are only added to.",
			fields:      ownershipFields,
			properties:  fieldsWith(ownershipFields, schemaNode{"enum": []Mode{Authoritative, Additive}}),
		},
		{
			where:       "ignore",
			description: "Glob patterns (path.Match syntax), compared ignoring case.",
			fields:      ignoreFields,
			properties:  fieldsWith(ignoreFields, schemaNode{"type": "array", "items": schemaNode{"type": "string", "minLength": 1}}),
		},
		{
			where:       "defaults",
			description: "Workspace settings every declared workspace gets unless it overrides them.",
			fields:      defaultsFields,
			properties: map[string]schemaNode{
				"rate_limits": {"description": "Rate limits of every declared workspace.", "type": "array", "items": ref("rate_limit", "")},
			},
		},
		{
			where:       "rate_limit",
			description: "Limits of one rate-limit group.",
			fields:      rateLimitFields,
			required:    []string{"group", "limits"},
			properties: map[string]schemaNode{
				"group": {"description": "A group id (rlg_...) or a model group name, such as \"Claude Sonnet 4.x\".", "type": "string"},
				"limits": {
					"description":          "Limit types and their values, such as {requests_per_minute: 1000}.",
					"type":                 "object",
					"propertyNames":        schemaNode{"enum": LimitTypes},
					"additionalProperties": schemaNode{"type": "integer", "minimum": 1, "maximum": int64(maxLimitValue)},
				},
			},
		},
		{
			where:       "spend_limits",
			description: "Monthly spend limits.",
			fields:      spendLimitsFields,
			properties: map[string]schemaNode{
				"organization": ref("money", "The organisation's monthly limit."),
				"people":       {"description": "Per-person limits; each person must be declared in users.", "type": "array", "items": ref("person_spend", "")},
			},
		},
		{
			where:       "person_spend",
			description: "One person's spend limit.",
			fields:      personSpendFields,
			required:    []string{"email", "amount"},
			properties: map[string]schemaNode{
				"email":  ref("email", ""),
				"amount": ref("money", ""),
				"period": {"description": "The period of the limit (default monthly).", "enum": []string{"daily", "weekly", "monthly"}},
			},
		},
		{
			where:       "api_keys",
			description: "The API-key policy.",
			fields:      apiKeysFields,
			properties: map[string]schemaNode{
				"orphaned": {"description": "What to do with active keys whose creator is no longer a member.", "enum": []string{"deactivate", "report"}},
				"keys":     {"description": "The status of named keys.", "type": "array", "items": ref("api_key", "")},
			},
		},
		{
			where:       "api_key",
			description: "The desired status of one API key.",
			fields:      apiKeyFields,
			required:    []string{"id", "status"},
			properties: map[string]schemaNode{
				"id":     {"description": "The key's id.", "type": "string", "pattern": "^apikey_"},
				"status": {"description": "The key's status; expired keys cannot be set.", "enum": []string{"active", "inactive", "archived"}},
			},
		},
		{
			where:       "rbac_group",
			description: "An Enterprise RBAC group, pinned by id once it exists.",
			fields:      rbacGroupFields,
			required:    []string{"name"},
			properties: map[string]schemaNode{
				"name":    {"description": "The group name.", "type": "string", "minLength": 1, "maxLength": 255},
				"id":      {"description": "The group's id.", "type": "string", "pattern": "^rbac_group_"},
				"members": {"description": "The group's members; each must be declared in users.", "type": "array", "items": ref("email", "")},
			},
		},
		{
			where:       "data_residency",
			description: "A workspace's data residency. workspace_geo is set when the workspace is created and cannot change.",
			fields:      dataResidencyFields,
			properties: map[string]schemaNode{
				"workspace_geo": {"description": "Where the workspace's data lives.", "enum": []string{"us"}},
				"allowed_inference_geos": {
					"description": "\"unrestricted\" or a list of geos where inference may run.",
					"oneOf": []schemaNode{
						{"const": "unrestricted"},
						{"type": "array", "items": schemaNode{"enum": []string{"global", "us"}}},
					},
				},
				"default_inference_geo": {"description": "The default geo; one of allowed_inference_geos.", "enum": []string{"global", "us"}},
			},
		},
		{
			where:       "removal_limits",
			description: "Caps on the removals of one run, per kind; 0 turns a limit off.",
			fields:      removalLimitsFields,
			properties: map[string]schemaNode{
				"max_percent": {"description": fmt.Sprintf("The largest share of a kind's live objects one run may remove, checked once the kind has %d or more (default %d).", MinForPercent, DefaultMaxPercent), "type": "integer", "minimum": 0, "maximum": maxPercentLimit},
				"max_count":   {"description": fmt.Sprintf("The largest number of one kind one run may remove (default %d).", DefaultMaxCount), "type": "integer", "minimum": 0, "maximum": maxCountLimit},
			},
		},
	}
}

// emailSchema is the shape of an address. Parse applies the full rules,
// which also reject invisible characters and display names.
var emailSchema = schemaNode{
	"description": "A plain email address, such as ada@acme.example.",
	"type":        "string",
	"pattern":     `^[^\s<>]+@[^\s@<>]+$`,
}

// Limits of removal_limits, as the decoder checks them.
const (
	maxPercentLimit = 100
	maxCountLimit   = 1_000_000
	maxLimitValue   = 1 << 62
)

func ref(def, description string) schemaNode {
	n := schemaNode{"$ref": "#/$defs/" + def}
	if description != "" {
		n["description"] = description
	}
	return n
}

func fieldsWith(fields []string, schema schemaNode) map[string]schemaNode {
	m := make(map[string]schemaNode, len(fields))
	for _, f := range fields {
		m[f] = schema
	}
	return m
}
