// Package sandbox serves an imitation of the Anthropic Admin API over a JSON
// state, so that orgsync and its tests never reach the real API.
//
// The server implements the parts orgsync uses: GET /v1/organizations/me,
// users (list, get, role update, remove), invites (create, get, list,
// delete), workspaces (create, get, update, list, archive), workspace
// members (list, get, add, update, remove), and the organisation settings
// described under "Settings". It enforces the documented rules of a Claude
// Console organization, or of a Claude Enterprise organization when the
// state sets organization_type to enterprise, rather than echoing requests, and its responses decode
// with the official Go SDK.
//
// # Requests and errors
//
// A request must carry one of Options.AdminKeys in x-api-key or as
// "Authorization: Bearer KEY" (the SDK sends the bearer form); otherwise it
// gets 401. Every response carries a request-id header ("req_" and a
// counter). Errors have the API's body:
//
//	{"type":"error","error":{"type":"invalid_request_error","message":"...",
//	 "details":{"error_code":"invite_already_exists"}},"request_id":"req_000007"}
//
// where details is present only when there is an error_code. Request bodies
// are strict: malformed JSON, unknown fields and missing required fields get
// 400. An unknown path gets 404 and a known path with another method 405.
//
// Requests are limited to Options.RateLimit per fixed 60-second window. A
// request past the limit gets 429, with retry-after set to the whole seconds
// until the window ends.
//
// # Faults
//
// Faults added with Server.AddFault, POST /_sandbox/faults or the --fault
// flag of "orgsync sandbox serve" act on matching requests (by method,
// exact path and query parameter) after authentication and the rate
// limit, and before the handler runs. Skip lets the first matches through
// and Times limits how many are affected. Each fault has an action:
//
//   - error (the default): an error response with Status, and optionally
//     retry-after and an error_code, such as 429, 500 or 529;
//   - reset: the connection is closed and the request is not handled;
//   - lose_response: the request is handled and any change saved, then the
//     connection is closed without a response;
//   - lag: a read is served from the state as it was lag_writes writes ago
//     or lag_for ago on the wall clock (the last 256 states are kept);
//   - delay: the response is only delayed.
//
// Latency delays the response of any action, on the real clock. Server.Requests
// records a reset connection with Reset set, and with status 0 when the
// request was not handled.
//
// # Lists
//
// All four lists take limit (default 20, 1 to 1000), after_id and before_id,
// and return data, has_more, first_id and last_id (null when data is empty).
// A cursor that is not in the filtered list gets 400. Array filters accept
// both roles[]=a (the SDK's form) and roles=a. Orders:
//
//   - users: most recently added first, ties by ascending ID;
//   - invites: most recently invited first, ties by ascending ID;
//   - workspaces: oldest created first, ties by ascending ID;
//   - workspace members: ascending user ID.
//
// Lists of settings page with an opaque cursor instead: they take limit
// (1 to 1000) and page, and return data and next_page, which is null on the
// last page. Rate-limit lists return everything in one page when limit is
// omitted, and the other cursor lists return 20 items. A cursor names the
// first item of the next page, so a cursor whose item is gone gets 400.
// Options.MaxPageItems shortens cursor pages too. The effective spend limit
// report counts members, not rows, and never splits a member's rows.
// Orders:
//
//   - organization rate limits: state order;
//   - workspace rate limits: the order of the organization's entries;
//   - spend limits: Console newest first; Enterprise by scope type
//     (organization, seat_tier, rbac_group, organization_service, user),
//     then by ID;
//   - effective spend limits: ascending user ID, then daily, weekly,
//     monthly;
//   - API keys (after_id and before_id pages, like users): most recently
//     created first, ties by ascending ID;
//   - RBAC groups: oldest first; group members: oldest membership first;
//     RBAC roles: state order.
//
// # Workspaces and invites
//
// A workspace created without display_color gets #6C5BB9, no tags, and data
// residency us/unrestricted/global. An organization holds at most 100
// workspaces that are not archived, and the default workspace does not
// count toward that cap. Names need not be unique. The sandbox has no
// external keys or user profiles, so a request that sets external_key_id or
// user_profile_id to a new value gets 400.
//
// Accepting an invite creates a user whose name is the part of the email
// address before the "@", because an invite carries no name.
//
// # Settings
//
// Organization rate limits (GET /v1/organizations/rate_limits) are
// read-only. The model filter selects the entry whose models contain the
// name and gets 404 when none does. Workspace rate limits list only the
// overridden limiter types unless include_inherited=true, and each value's
// source is workspace or organization. An update
// (POST .../workspaces/{id}/rate_limits/{rate_limit_id}) changes only the
// types it names: a whole number of 0 or more sets the override, null
// clears it, and a value above the organization's limit is stored as sent.
// A type outside the nine limiter types, a missing value or a type named
// twice gets 400. An unknown workspace or rate_limit_id gets 404, and an
// archived workspace 400. A limiter type the organization has no limit of
// is accepted, with org_limit null.
//
// Spend limits follow the organization type. The beta list works for both
// types. Get, set and delete answer 403 spend_limits_admin_api_writes_not_enabled
// unless spend_limit_writes_enabled is true, which is its default only for
// Enterprise. A Console organization sets organization and workspace
// limits, always monthly and with an amount, and an Enterprise
// organization sets user limits, with an amount or null. An omitted period
// means monthly. Setting an existing scope and period overwrites its amount
// and updated_at. Other scope combinations get 400, and so does deleting a
// limit of a scope the organization cannot set, such as usage_tier. The GA
// effective report answers 400 organization_type_not_supported for a
// Console organization. For Enterprise it resolves each user's limit per
// period from the user's own limit, then the user's RBAC groups (lowest
// group ID first), then the organization's. Seat tiers are not modelled,
// and period_to_date_spend is always "0".
//
// Compliance settings accept {"state":{"type":"enabled"}} and the bare
// string {"state":"enabled"}. Setting the current value succeeds and
// changes nothing.
//
// API keys cannot be created or deleted through the API. An update may
// rename a key and set its status to active, inactive or archived.
// Archiving is final: an archived key cannot become active or inactive
// again, but it can still be renamed. An active or inactive key whose
// expires_at has passed on the business clock shows as expired and can
// only be archived. Removing a user leaves the user's keys in place.
//
// RBAC groups and roles answer 400 organization_type_not_supported for a
// Console organization. A group with source_type scim cannot be renamed,
// deleted or have its members changed (400). A group with
// grants_owner_access cannot have its members changed or be deleted (400
// rbac_group_grants_owner_access). Adding a user who is not in the
// organization gets 404, adding a member 400, and removing a non-member
// 404. Deleting a group drops it from pending invites and deletes its
// rbac_group spend limits. Removing a user drops the user's group
// memberships. An unknown role gets 404 rbac_role_not_found.
//
// Invites take rbac_group_ids only in an Enterprise organization, naming
// existing groups whose members the API may change, and accepting the
// invite adds the new user to those groups. An Enterprise organization
// assigns the roles user and managed, and rejects the Console roles.
//
// # Implicit workspace members
//
// Organization admins and owners (roles admin, owner, primary_owner) hold
// workspace_admin, and billing users hold workspace_billing, in every
// workspace without a stored membership. The member list and get show them
// with that role, while add, update and remove reject them with 400. Whether
// the real API lists implicit members is not documented. Listing them makes
// clients prove that they ignore them.
//
// # Clocks and IDs
//
// The business clock dates invites, users and workspaces. When the state has
// "now" the clock is frozen there and moves only by Server.AdvanceClock or
// POST /_sandbox/clock, which update "now". Otherwise it is the wall clock
// (Options.Now) plus the advances so far, which are saved as
// "clock_advance". Invites expire 21 days after invited_at; a pending invite
// whose expires_at has passed is marked expired.
//
// New objects get deterministic IDs: a prefix and the zero-padded counter
// "next_id" (invite_0100, user_0101, wrkspc_0102, spl_0103,
// rbac_group_0104), skipping IDs already in use.
//
// # Usage and cost reports
//
// GET /v1/organizations/analytics/usage and /cost serve usage generated
// from the state: the same state, range and query always give the same
// rows. Usage comes from every user but billing users (actor user_actor,
// product claude_code, no API key, in the first workspace that lists them,
// else the default workspace, or null without one) and from API keys
// (actor api_actor, product messages_api): the state's active API keys,
// or, in a state without keys, keys derived from the workspaces. Then each
// workspace but the default gets a "-service" key created by its first
// developer or admin member, and the first two also get a "-legacy" key
// created by user_former_01, a user who is not in the state. The API key
// list does not show derived keys. Usage is hourly, on three models at
// list prices, starting when the user was added or the key created (a
// derived key: its workspace created) and ending when the workspace was
// archived, and never after the business clock. Removed users take their past usage
// with them, unlike in the real API.
//
// The endpoints check starting_at (required, RFC 3339, no earlier than
// 2026-01-01, within the last 365 days), ending_at (exclusive, after
// starting_at, required with time_bucket_width, at most 31 days after
// starting_at, at most 24 hours with 1m buckets), time_bucket_width (1d,
// 1h or 1m), group_by[] (at most 5 of the documented dimensions; the cost
// endpoint adds cost_type and token_type), order_by, order, limit (1 to
// 1000, default 20) and exclude_deleted_users (only with group_by[]=actor).
// Filters workspace_ids[], api_key_ids[], models[], actor_ids[],
// actor_types[] and products[] apply; other parameters get 400. Without a
// bucket width the range is rounded down to whole hours. Dimensions the
// sandbox does not model (agent_id, rbac_group_id, ...) are null.
//
// Responses have data, has_more, next_page and data_refreshed_at. next_page
// is an opaque cursor bound to the other query parameters, so a cursor sent
// with another query gets 400. Cost rows broken out by token_type count
// toward limit here, although the real endpoint does not count them, and
// their requests are null as documented.
//
// # Sandbox routes
//
// Routes under /_sandbox/ need the same authentication but are neither rate
// limited, faulted nor recorded by Server.Requests:
//
//	POST /_sandbox/invites/{invite_id}/accept  accept a pending invite as the invitee
//	POST /_sandbox/clock   {"advance":"72h"}   move the business clock forward
//	GET  /_sandbox/state                       the current state, in the file format
//	POST /_sandbox/faults  {"path":"/v1/organizations/users","status":529,"times":1}
//	POST /_sandbox/faults  {"method":"POST","path":"/v1/organizations/invites","action":"lose_response","times":1}
//	POST /_sandbox/faults  {"method":"GET","action":"lag","lag_writes":2}
//
// # State file
//
// The state file is the JSON form of State. Unknown fields are rejected.
//
//	{
//	  "organization": {"id": "3f6e2a52-3c39-4c55-9a59-3a1d7f0c2b11", "name": "Acme"},
//	  "now": "2026-12-01T09:00:00Z",
//	  "next_id": 100,
//	  "users": [
//	    {"id": "user_01", "email": "ada@acme.example", "name": "Ada", "role": "admin",
//	     "added_at": "2025-01-10T09:00:00Z"},
//	    {"id": "user_02", "email": "cy@acme.example", "name": "Cy", "role": "developer",
//	     "added_at": "2025-03-02T09:00:00Z"}
//	  ],
//	  "invites": [
//	    {"id": "invite_01", "email": "bo@acme.example", "role": "developer", "status": "pending",
//	     "invited_at": "2026-11-20T09:00:00Z", "expires_at": "2026-12-11T09:00:00Z",
//	     "accepted_at": null}
//	  ],
//	  "workspaces": [
//	    {"id": "wrkspc_00", "name": "Default", "display_color": "#6C5BB9",
//	     "created_at": "2025-01-10T09:00:00Z", "archived_at": null, "default": true,
//	     "members": []},
//	    {"id": "wrkspc_01", "name": "research", "display_color": "#6C5BB9",
//	     "created_at": "2025-02-01T09:00:00Z", "archived_at": null, "default": false,
//	     "members": [{"user_id": "user_02", "workspace_role": "workspace_developer"}]}
//	  ]
//	}
//
// Optional fields and their defaults:
//
//   - "now": absent means the business clock follows the wall clock;
//   - "clock_advance": a Go duration such as "72h", used only without "now";
//   - an invite's "expires_at": invited_at plus 21 days;
//   - a workspace's "tags": {}; "data_residency": workspace_geo "us",
//     allowed_inference_geos "unrestricted", default_inference_geo "global";
//     "external_key_id" and "user_profile_id": null; "compartment_id":
//     "cmpt_" and the workspace ID without its "wrkspc_" prefix.
//
// Settings fields, all optional:
//
//	{
//	  "organization_type": "enterprise",
//	  "rate_limits": [
//	    {"id": "ratelimit_sonnet4",
//	     "group": {"id": "rlg_claude_sonnet_4", "type": "model_group", "display_name": "Claude Sonnet 4.x"},
//	     "limits": [{"type": "requests_per_minute", "value": 4000}],
//	     "models": ["claude-sonnet-4-5", "claude-sonnet-4-5-20250929"]}
//	  ],
//	  "workspace_rate_limits": [
//	    {"workspace_id": "wrkspc_01", "rate_limit_id": "ratelimit_sonnet4",
//	     "limits": {"requests_per_minute": 100}}
//	  ],
//	  "spend_limit_writes_enabled": true,
//	  "spend_limits": [
//	    {"id": "spl_01", "amount": "50000", "currency": "USD", "period": "monthly",
//	     "scope": {"type": "user", "user_id": "user_02"},
//	     "created_at": "2025-03-01T09:00:00Z", "updated_at": "2025-03-01T09:00:00Z"}
//	  ],
//	  "compliance_state": "enabled",
//	  "api_keys": [
//	    {"id": "apikey_01", "name": "ci", "status": "active", "created_at": "2025-06-01T09:00:00Z",
//	     "created_by": {"id": "user_02", "type": "user"}, "expires_at": null,
//	     "partial_key_hint": "sk-ant-api03-...AbCd", "workspace_id": "wrkspc_01",
//	     "principal": {"type": "user_actor", "user_id": "user_02"}}
//	  ],
//	  "rbac_groups": [
//	    {"id": "rbac_group_01", "name": "engineering", "role_ids": ["rbac_role_member"],
//	     "source_type": "direct", "grants_owner_access": false,
//	     "created_at": "2025-02-01T09:00:00Z", "updated_at": "2025-02-01T09:00:00Z",
//	     "members": [{"user_id": "user_02", "added_at": "2025-02-11T09:00:00Z"}]}
//	  ],
//	  "rbac_roles": [
//	    {"id": "rbac_role_member", "display_name": "Member", "source": "built_in",
//	     "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}
//	  ]
//	}
//
// and their defaults:
//
//   - "organization_type": console. An Enterprise organization's users and
//     invites hold user, managed, owner, primary_owner or membership_admin,
//     and only it may hold rbac_groups and rbac_roles;
//   - "rate_limits": absent means a default set of five entries: model
//     groups ratelimit_opus4, ratelimit_sonnet4 and ratelimit_haiku4
//     (Claude Opus, Sonnet and Haiku 4.x, with 4,000 requests, 2,000,000
//     cache-aware input tokens and 400,000 output tokens per minute), and
//     ratelimit_batch (4,000 requests per minute) and ratelimit_files (1,000
//     requests per minute). An empty list means no limits. Only a
//     model_group has display_name and models, and a model belongs to one
//     entry;
//   - "workspace_rate_limits": none. Keys of "limits" are the nine limiter
//     types of the update endpoint;
//   - "spend_limit_writes_enabled": true for Enterprise, false for Console;
//   - a spend limit's "currency": USD, "updated_at": its created_at. An
//     "amount" of null is an explicit "no limit". Scope types are
//     organization, workspace and usage_tier for Console, and organization,
//     seat_tier, rbac_group, organization_service and user for Enterprise.
//     "disabled": true shows an organization limit as is_enabled false;
//   - "compliance_state": disabled;
//   - an API key's "partial_key_hint": "sk-ant-api03-..." and the last four
//     characters of its ID; no "workspace_id" means the organization scope,
//     which needs a "principal". Its creator need not be a user any more;
//   - a group's "role_ids": none, "source_type": direct, "updated_at": its
//     created_at, "grants_owner_access": false;
//   - "rbac_roles": absent in an Enterprise organization means the built-in
//     roles rbac_role_owner, rbac_role_admin and rbac_role_member;
//   - an invite's "rbac_group_ids": none.
//
// Invite statuses are pending, accepted, expired and deleted. Deleted invites
// are kept but never listed. At most one workspace may be the default; lists
// hide it unless include_default=true, and it cannot be renamed or archived.
package sandbox
