// Package spec parses and validates an orgsync spec: a YAML file that
// declares the people, workspaces and workspace members an Anthropic
// organisation should have. It reads bytes and returns a [Spec] or every
// problem it found, each with its file, line and column. It calls no API
// and imports no other orgsync package.
//
// # Format, version 1
//
// A full spec:
//
//	version: 1
//	organization:          # optional
//	  id: 3f6e2a52-3c39-4c55-9a59-3a1d7f0c2b11
//	  name: Acme
//	allow_empty: false     # optional
//	freeze: "…"            # optional, and the other safety settings below
//	users:
//	  - email: ada@acme.example
//	    role: admin
//	  - email: bo@acme.example
//	    role: developer
//	workspaces:
//	  - name: research
//	    id: wrkspc_01              # optional
//	    display_color: "#6C5BB9"   # optional
//	    members:
//	      - email: bo@acme.example
//	        workspace_role: workspace_developer
//
// The top-level fields are:
//
//   - version (required): the format version, the number 1.
//   - organization (optional): the id, the name or both of the organisation
//     the spec is for; at least one of the two is required. Plan and apply
//     reject an organisation whose id or name differs.
//   - allow_empty (optional, default false): true states that an empty
//     users list is intended, so a pruning run may remove everybody the API
//     lets it remove.
//   - users: every person who should belong to the organisation, each with
//     an email and a role from [OrgRoles].
//   - workspaces: the workspaces orgsync manages. Each has a name, which
//     must not be empty or start or end with whitespace, and optionally an
//     id, a display_color and members. An id (starting with
//     "wrkspc_") pins the entry to an existing workspace, so that changing
//     the name renames it. A display_color is "#" and 6 hex digits and must
//     be quoted, because an unquoted # starts a YAML comment. Each member
//     has an email and a workspace_role from [WorkspaceRoles].
//
// # Safety settings
//
// Optional top-level settings bound what orgsync may do:
//
//	ownership:                  # per kind: authoritative or additive
//	  people: authoritative     # default
//	  invites: authoritative    # default
//	  workspace_members: authoritative   # default
//	  workspaces: additive      # default; authoritative lets --prune archive
//	ignore:                     # glob patterns, case-insensitive
//	  people: ["*@contractors.acme.example"]
//	  workspaces: ["Claude Code"]
//	protect:                    # never removed or demoted
//	  - ops-bot@acme.example
//	removal_limits:
//	  max_percent: 25           # default 25
//	  max_count: 50             # default 50
//	freeze: "incident 42: no automatic changes"
//
// The settings are:
//
//   - ownership: with --prune, an authoritative kind loses what the spec
//     does not declare; an additive kind is only added to and updated.
//     Workspaces are additive unless set otherwise, because archiving a
//     workspace cannot be undone through the API.
//   - ignore: people (members, invites and workspace members) and
//     workspaces matching a pattern are never added, changed or removed. A
//     declared user, workspace or member that matches is an error.
//   - protect: people who are never removed or demoted, whatever the rest
//     of the spec says.
//   - removal_limits: one run may remove at most max_percent of a kind's
//     live objects (checked once the kind has [MinForPercent] or more; below
//     that, more than half is blocked, but a single removal never is) and
//     at most max_count of them. A value of 0 turns that limit off.
//   - freeze: a reason; apply refuses to run while it is set.
//
// # Organisation settings
//
// A spec may also manage the settings the Admin API can change:
//
//	defaults:
//	  rate_limits:
//	    - group: Claude Sonnet 4.x     # or a group id such as rlg_...
//	      limits: {requests_per_minute: 1000, output_tokens_per_minute: 80000}
//	spend_limits:
//	  organization: 20000.00 USD       # monthly, Console organisations
//	  people:                          # Enterprise organisations
//	    - email: frank@globex.example
//	      amount: 250.00 USD
//	      period: monthly              # daily, weekly or monthly
//	compliance_api: enabled            # or disabled
//	api_keys:
//	  orphaned: deactivate             # or report
//	  keys:
//	    - id: apikey_01
//	      status: inactive             # active, inactive or archived
//	rbac_groups:                       # Enterprise organisations
//	  - name: engineering
//	    id: rbac_group_01              # pins the group once it exists
//	    members: [marge@globex.example]
//
// and, in a workspace, tags, data_residency (workspace_geo, which is set
// at creation only, allowed_inference_geos and default_inference_geo),
// rate_limits that override the defaults group by group and type by type,
// and a monthly spend_limit. Amounts are money: digits, an optional
// fraction and an ISO 4217 code. Members of RBAC groups and people with
// spend limits must be declared in users. Keys that no endpoint changes,
// such as allowed_ip_ranges, plan, the organisation's own rate_limits and
// organization.rename, are errors that say where to change them instead.
//
// [Spec.UsersDeclared] and [Spec.WorkspacesDeclared] report whether a
// section was written at all, so that callers can tell a missing section
// from an empty one. Users, workspaces and members keep the order in which
// the file lists them.
//
// # Rules
//
// Decoding is strict, so that a mistake is never read as an absent value:
//
//   - An unknown field anywhere, such as "worksapces" or "rol", is an error
//     at that key. So is a field written twice in one mapping.
//   - A value of the wrong kind is an error: users must be a list, a role
//     must be a string. A field with no value, such as "users:" alone, is
//     an error too; write "users: []" for an empty list.
//   - The file holds exactly one YAML document. An empty file, or one with
//     only comments, is an error, and so is a file over [MaxFileSize].
//   - Aliases (*name) read as the value of their anchor. Merge keys (<<)
//     are rejected, so every field of an entry is written in the entry.
//
// Email addresses must be plain addresses, such as ada@acme.example,
// without a display name or angle brackets. Whitespace anywhere in an
// address, including a leading or trailing space, a no-break space
// (U+00A0), zero-width characters (U+200B to U+200D, U+2060, U+FEFF), and
// any other control or invisible format character (Unicode categories Cc
// and Cf) is rejected, not trimmed. The error names the character and its
// place, so the fix is made in the file and the address orgsync sends is
// always the one written.
//
// People are identified by [EmailKey]: addresses that differ only in case
// are the same person, because the Admin API compares them that way.
//
// Across entries:
//
//   - Two users with the same email key, two workspaces with the same name
//     or the same id, and the same person twice in one workspace's members
//     are errors that name both places.
//   - Every workspace member must be declared in users.
//   - Holders of the organization roles admin, owner, primary_owner and
//     membership_admin are workspace_admin in every workspace, and the API
//     cannot change that, so when listed as members their workspace_role
//     must be workspace_admin. A billing user may be listed only as
//     workspace_billing or workspace_admin.
//
// # Errors
//
// [Parse] collects every problem rather than stopping at the first, and
// returns them as [Errors], sorted by position. Each [Error] prints as
// "FILE:LINE:COL: MESSAGE", for example:
//
//	org.yaml:7:1: unknown field "worksapces" at the top level; did you mean "workspaces"?
//	org.yaml:12:14: email "leo@acme.example " ends with a space (U+0020); remove it
package spec
